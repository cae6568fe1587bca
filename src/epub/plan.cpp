// Planning the book: which blocks go into which file, the ids of headings and notes, the
// table of contents, and the metadata with its gaps filled. Everything the writers need to
// agree on is decided here, once, so the nav, the NCX, the OPF and the text cannot disagree.
#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "epub/book.hpp"
#include "transform/metadata.hpp"

namespace galley::epub {

namespace {

const Labels english{
    "en", "Title page", "Contents", "Landmarks", "Text", "Colophon", "and", "By", "Published",
    "Publisher", "Source", "Rights", "Identifier", "Made with",
    "This publication is text only. It has a table of contents, headings that give its structure, and a "
    "reading order that follows the original; notes, if any, are linked both ways."};
const Labels french{
    "fr", "Page de titre", "Table des matières", "Repères", "Texte", "Colophon", "et", "Par", "Publié",
    "Éditeur", "Source", "Droits", "Identifiant", "Réalisé avec",
    "Cette publication est entièrement textuelle. Elle a une table des matières, des titres qui en donnent la "
    "structure et un ordre de lecture fidèle à l’original ; les notes éventuelles sont liées dans les deux sens."};
const Labels german{
    "de", "Titelseite", "Inhalt", "Orientierungspunkte", "Text", "Impressum", "und", "Von",
    "Veröffentlicht", "Verlag", "Quelle", "Rechte", "Kennung", "Erstellt mit",
    "Diese Publikation besteht nur aus Text. Sie hat ein Inhaltsverzeichnis, Überschriften, die ihre Gliederung "
    "zeigen, und eine Lesereihenfolge wie im Original; Anmerkungen sind in beide Richtungen verlinkt."};

std::string primary_subtag(const std::string& language) {
    std::string primary;
    for (char c : language) {
        if (c == '-' || c == '_') break;
        primary += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return primary;
}

bool is_furniture(BlockKind kind) {
    return kind == BlockKind::Title || kind == BlockKind::Dek || kind == BlockKind::Byline ||
           kind == BlockKind::Dateline || kind == BlockKind::Credit || kind == BlockKind::Provenance;
}

// Footnote references in reading order, including those inside lists and quotes.
void collect_note_refs(const Inlines& inlines, std::vector<std::string>& out) {
    for (const Inline& item : inlines) {
        if (item.kind == InlineKind::FootnoteRef) out.push_back(item.target);
        collect_note_refs(item.children, out);
    }
}

void collect_note_refs(const Blocks& blocks, std::vector<std::string>& out);

void collect_note_refs(const Block& block, std::vector<std::string>& out) {
    collect_note_refs(block.inlines, out);
    collect_note_refs(block.children, out);
    for (const Blocks& item : block.items) collect_note_refs(item, out);
}

void collect_note_refs(const Blocks& blocks, std::vector<std::string>& out) {
    for (const Block& block : blocks) collect_note_refs(block, out);
}

std::string stem_of(const std::string& source_name) {
    if (source_name.empty() || source_name == "-") return {};
    return std::filesystem::path(source_name).stem().string();
}

}  // namespace

const Labels& labels_for(const std::string& language) {
    const std::string primary = primary_subtag(language);
    if (primary == "fr") return french;
    if (primary == "de") return german;
    return english;
}

std::string label_language(const BookPlan& plan) {
    return primary_subtag(plan.metadata.language) == plan.labels->language ? std::string() : plan.labels->language;
}

std::string join_names(const std::vector<std::string>& names, const std::string& and_word) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? " " + and_word + " " : ", ";
        out += names[i];
    }
    return out;
}

std::string iso_timestamp(std::int64_t seconds) {
    const std::time_t when = static_cast<std::time_t>(seconds);
    std::tm utc{};
    gmtime_r(&when, &utc);
    char text[96];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
    return text;
}

bool is_w3c_date(const std::string& date) {
    auto digits = [&](std::size_t from, std::size_t count) {
        for (std::size_t i = from; i < from + count; ++i)
            if (i >= date.size() || !std::isdigit(static_cast<unsigned char>(date[i]))) return false;
        return true;
    };
    auto number = [&](std::size_t from) { return (date[from] - '0') * 10 + (date[from + 1] - '0'); };
    if (date.size() == 4) return digits(0, 4);
    if (date.size() == 7)
        return digits(0, 4) && date[4] == '-' && digits(5, 2) && number(5) >= 1 && number(5) <= 12;
    if (date.size() == 10)
        return digits(0, 4) && date[4] == '-' && digits(5, 2) && date[7] == '-' && digits(8, 2) &&
               number(5) >= 1 && number(5) <= 12 && number(8) >= 1 && number(8) <= 31;
    return false;
}

BookPlan plan_book(const Document& document) {
    BookPlan plan;
    plan.metadata = document.metadata;
    Metadata& metadata = plan.metadata;
    const Blocks& blocks = document.blocks;

    while (plan.header_end < blocks.size() && is_furniture(blocks[plan.header_end].kind)) ++plan.header_end;

    // The fields a valid EPUB cannot do without. The pipeline normally fills them already.
    if (metadata.language.empty()) metadata.language = "und";
    if (metadata.title.empty()) {
        for (const Block& block : blocks)
            if (block.kind == BlockKind::Title) {
                metadata.title = plain_text(block.inlines);
                break;
            }
    }
    if (metadata.title.empty()) metadata.title = stem_of(document.source_name);
    if (metadata.title.empty()) metadata.title = "Untitled";
    if (metadata.identifier.empty()) metadata.identifier = content_identifier(document);
    plan.labels = &labels_for(metadata.language);

    // The top level is the smallest heading level used, whatever the reader called it.
    std::vector<std::size_t> headings;
    int top_level = INT_MAX;
    for (std::size_t i = plan.header_end; i < blocks.size(); ++i) {
        if (blocks[i].kind != BlockKind::Heading || plain_text(blocks[i].inlines).empty()) continue;
        headings.push_back(i);
        top_level = std::min(top_level, blocks[i].level);
    }
    plan.top_level = headings.empty() ? 1 : top_level;

    std::vector<std::size_t> top_headings;
    for (std::size_t i : headings)
        if (blocks[i].level == plan.top_level) top_headings.push_back(i);
    std::size_t words = 0;
    for (const std::string& paragraph : paragraph_texts(blocks)) words += count_words(paragraph);
    plan.split = words > split_word_threshold && top_headings.size() >= 2;

    if (!plan.split) {
        plan.text_files.push_back(TextFile{"text.xhtml", "text", metadata.title, 0, blocks.size()});
    } else {
        // Section k runs from its top-level heading to the next one. What comes before the
        // first heading (the header, an introduction) opens the first file; if that is only
        // the header, the first section joins it rather than leaving a page with a title alone.
        std::vector<std::size_t> starts{0};
        for (std::size_t i = 0; i < top_headings.size(); ++i) {
            if (i == 0 && top_headings[0] == plan.header_end) continue;
            starts.push_back(top_headings[i]);
        }
        for (std::size_t k = 0; k < starts.size(); ++k) {
            const std::size_t end = k + 1 < starts.size() ? starts[k + 1] : blocks.size();
            const std::string number = std::to_string(k + 1);
            std::string title = k == 0 ? metadata.title : plain_text(blocks[starts[k]].inlines);
            plan.text_files.push_back(TextFile{"chapter-" + number + ".xhtml", "chapter-" + number, title, starts[k], end});
        }
    }

    // Table of contents: title page, the text with its headings, colophon.
    auto file_of_block = [&](std::size_t index) {
        for (std::size_t f = 0; f < plan.text_files.size(); ++f)
            if (index >= plan.text_files[f].first_block && index < plan.text_files[f].end_block) return f;
        return plan.text_files.size() - 1;
    };
    plan.toc.push_back(TocEntry{plan.labels->title_page, titlepage_file, 0});
    plan.toc.push_back(TocEntry{metadata.title, plan.text_files.front().name, 0});
    int previous_depth = 0;
    for (std::size_t n = 0; n < headings.size(); ++n) {
        const Block& heading = blocks[headings[n]];
        const std::string id = "heading-" + std::to_string(n + 1);
        plan.heading_ids[&heading] = id;
        const int depth = std::min(1 + heading.level - plan.top_level, previous_depth + 1);
        previous_depth = depth;
        plan.toc.push_back(
            TocEntry{plain_text(heading.inlines), plan.text_files[file_of_block(headings[n])].name + "#" + id, depth});
    }
    plan.toc.push_back(TocEntry{plan.labels->colophon, colophon_file, 0});

    // Notes are numbered by their first reference and written at the end of that file; a
    // note inside a note goes where its parent goes; notes no one refers to go last.
    std::map<std::string, const Footnote*> by_id;
    for (const Footnote& note : document.footnotes) by_id.emplace(note.id, &note);
    int next_number = 1;
    auto place = [&](const std::string& id, std::size_t file, bool referenced, auto& self) -> void {
        const auto found = by_id.find(id);
        if (found == by_id.end() || plan.notes.count(id)) return;
        plan.notes[id] = NotePlace{next_number++, file, found->second, referenced};
        std::vector<std::string> nested;
        collect_note_refs(found->second->blocks, nested);
        for (const std::string& inner : nested) self(inner, file, true, self);
    };
    for (std::size_t f = 0; f < plan.text_files.size(); ++f) {
        std::vector<std::string> refs;
        const TextFile& file = plan.text_files[f];
        for (std::size_t i = file.first_block; i < file.end_block; ++i) collect_note_refs(blocks[i], refs);
        for (const std::string& id : refs) place(id, f, true, place);
    }
    for (const Footnote& note : document.footnotes) place(note.id, plan.text_files.size() - 1, false, place);
    return plan;
}

}  // namespace galley::epub
