// The XHTML content documents: the text (one visit over the model's block and inline kinds,
// like cmark's html.c), the title page, the colophon and the navigation document.
//
// Markup is semantic only (header, section, h1-h6, p, blockquote, lists, hr, em, strong,
// code, sup): a reading system that ignores the style sheet still shows a readable book.
#include <algorithm>
#include <limits>

#include "epub/book.hpp"
#include "epub/xml_writer.hpp"

namespace galley::epub {

namespace {

using Mode = XmlWriter::Mode;

void language_attributes(XmlWriter& out, const std::string& language) {
    if (language.empty()) return;
    out.attribute("lang", language);
    out.attribute("xml:lang", language);
}

void begin_document(XmlWriter& out, const std::string& language, const std::string& title,
                    const std::string& body_type) {
    out.declaration();
    out.newline();
    out.doctype("html");
    out.newline();
    out.open("html");
    out.attribute("xmlns", "http://www.w3.org/1999/xhtml");
    out.attribute("xmlns:epub", "http://www.idpf.org/2007/ops");
    language_attributes(out, language);
    out.newline();
    out.open("head");
    out.newline();
    out.element("title", title);
    out.newline();
    out.open("link");
    out.attribute("rel", "stylesheet");
    out.attribute("type", "text/css");
    out.attribute("href", css_file);
    out.close();
    out.newline();
    out.close();  // head
    out.newline();
    out.open("body");
    if (!body_type.empty()) out.attribute("epub:type", body_type);
    out.newline();
}

std::string end_document(XmlWriter& out) {
    out.close();  // body
    out.newline();
    out.close();  // html
    return out.finish();
}

bool is_header_block(BlockKind kind) {
    return kind == BlockKind::Title || kind == BlockKind::Dek || kind == BlockKind::Byline ||
           kind == BlockKind::Dateline;
}

bool has_content(const Inlines& inlines) {
    return std::any_of(inlines.begin(), inlines.end(), [](const Inline& item) {
        return item.kind == InlineKind::LineBreak || item.kind == InlineKind::FootnoteRef || !item.text.empty() ||
               has_content(item.children);
    });
}

// Writes the model's blocks and inlines as XHTML. One switch per level, no escaping here:
// XmlWriter does all of it.
class BodyWriter {
public:
    BodyWriter(XmlWriter& out, const BookPlan& plan, std::size_t file_index, bool note_links)
        : out_(out), plan_(plan), file_index_(file_index), note_links_(note_links) {
        for (const PagePlace& page : plan.pages)
            if (page.file == file_index) pages_.push_back(&page);
    }

    // Page markers whose place is the start of the text (the title block), or not found
    // before them, go here, at the start of the file's text.
    void leading_pages() {
        while (next_page_ < pages_.size() && pages_[next_page_]->block == nullptr) page_marker(*pages_[next_page_++]);
    }

    // Markers not placed yet (their block is not written in this file): at the end, in order.
    void remaining_pages() {
        while (next_page_ < pages_.size()) page_marker(*pages_[next_page_++]);
    }

    void blocks(const Blocks& blocks) {
        for (const Block& item : blocks) block(item);
    }

    void block(const Block& block) {
        switch (block.kind) {
        case BlockKind::Paragraph:
            paragraph(block, "");
            break;
        case BlockKind::Heading:
            heading(block);
            break;
        case BlockKind::BlockQuote:
            out_.open("blockquote");
            language(block);
            out_.newline();
            blocks(block.children);
            out_.close();
            out_.newline();
            break;
        case BlockKind::List:
            list(block);
            break;
        case BlockKind::SectionBreak:
            out_.open("hr");
            out_.attribute("class", "section-break");
            out_.close();
            out_.newline();
            break;
        case BlockKind::Title:
            paragraph(block, "title");
            break;
        case BlockKind::Dek:
            paragraph(block, "dek");
            break;
        case BlockKind::Byline:
            paragraph(block, "byline");
            break;
        case BlockKind::Dateline:
            paragraph(block, "dateline");
            break;
        case BlockKind::Credit:
            paragraph(block, "credit");
            break;
        case BlockKind::Provenance:
            paragraph(block, "provenance");
            break;
        }
    }

    void inlines(const Inlines& inlines) {
        for (const Inline& item : inlines) inline_item(item);
    }

    void inline_item(const Inline& item) {
        switch (item.kind) {
        case InlineKind::Text:
            counted_text(item.text);
            break;
        case InlineKind::Emphasis:
            span("em", item.children);
            break;
        case InlineKind::Strong:
            span("strong", item.children);
            break;
        case InlineKind::Code:
            if (!item.text.empty()) {
                // A page that begins inside code begins before it (code is not split).
                int starts = 0;
                bool in_word = in_word_;
                for (char c : item.text) {
                    if (!is_space(c) && !in_word) ++starts;
                    in_word = !is_space(c);
                }
                if (starts > 0) pages_before_word(word_count_ + starts - 1);
                word_count_ += starts;
                in_word_ = in_word;
                out_.element("code", item.text);
            }
            break;
        case InlineKind::LineBreak:
            out_.open("br");
            out_.close();
            in_word_ = false;
            break;
        case InlineKind::Link:
            link(item);
            break;
        case InlineKind::FootnoteRef:
            note_reference(item.target);
            break;
        }
    }

    // The header at the top of the text: the title as h1, then dek, byline and dateline.
    void header(const Document& document) {
        const Blocks& all = document.blocks;
        out_.open("header");
        out_.newline();
        const Block* title = nullptr;
        for (std::size_t i = 0; i < plan_.header_end; ++i)
            if (all[i].kind == BlockKind::Title && has_content(all[i].inlines)) {
                title = &all[i];
                break;
            }
        out_.open("h1");
        out_.attribute("epub:type", "title");
        if (title) {
            language(*title);
            inlines(title->inlines);
        } else {
            out_.text(plan_.metadata.title);
        }
        out_.close();
        out_.newline();
        const bool has_dek = std::any_of(all.begin(), all.end(), [](const Block& b) { return b.kind == BlockKind::Dek; });
        if (!has_dek && !plan_.metadata.subtitle.empty()) {
            out_.open("p");
            out_.attribute("class", "dek");
            out_.text(plan_.metadata.subtitle);
            out_.close();
            out_.newline();
        }
        for (std::size_t i = 0; i < plan_.header_end; ++i)
            if (&all[i] != title && is_header_block(all[i].kind)) block(all[i]);
        out_.close();
        out_.newline();
        // Credits and provenance notes found among the furniture keep their order, after it.
        for (std::size_t i = 0; i < plan_.header_end; ++i)
            if (!is_header_block(all[i].kind)) block(all[i]);
    }

    // The <aside>s of the notes that belong to this file, in their numbered order.
    void notes() {
        std::vector<const NotePlace*> here;
        for (const auto& [id, place] : plan_.notes)
            if (place.file == file_index_) here.push_back(&place);
        std::sort(here.begin(), here.end(), [](const NotePlace* a, const NotePlace* b) { return a->number < b->number; });
        for (const NotePlace* place : here) {
            const std::string number = std::to_string(place->number);
            out_.open("aside");
            out_.attribute("id", "note-" + number);
            out_.attribute("epub:type", "footnote");
            out_.attribute("role", "doc-footnote");
            out_.newline();
            const Blocks& content = place->note->blocks;
            const bool inline_backlink = !content.empty() && content.front().kind == BlockKind::Paragraph;
            out_.open("p");
            if (inline_backlink) {
                language(content.front());
                // The print edition sets the note's number as the first word of its text.
                begin_block(content.front());
                pages_before_word(0);
                word_count_ = 1;
            }
            // A note no one refers to has nothing to go back to.
            if (place->referenced) {
                backlink(number);
                if (inline_backlink) out_.text(" ");
            } else {
                out_.text(number + ". ");
            }
            if (inline_backlink) {
                inlines(content.front().inlines);
                end_block();
            }
            out_.close();
            out_.newline();
            for (std::size_t i = inline_backlink ? 1 : 0; i < content.size(); ++i) block(content[i]);
            out_.close();
            out_.newline();
        }
    }

private:
    static bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

    void page_marker(const PagePlace& page) {
        out_.open("span");
        out_.attribute("id", page.id);
        out_.attribute("epub:type", "pagebreak");
        out_.attribute("role", "doc-pagebreak");
        out_.attribute("aria-label", page.label);
        out_.close();
    }

    // Counting words of the block being written, to place the markers of its pages.
    void begin_block(const Block& block) {
        block_ = &block;
        word_count_ = 0;
        in_word_ = false;
    }
    void end_block() {
        pages_before_word(std::numeric_limits<int>::max());
        block_ = nullptr;
    }
    // Writes the markers of every page (and those before it) that begins at or before word
    // `word` of the current block.
    void pages_before_word(int word) {
        if (block_ == nullptr) return;
        std::size_t last = next_page_;
        for (std::size_t i = next_page_; i < pages_.size(); ++i)
            if (pages_[i]->block == block_ && pages_[i]->word <= word) last = i + 1;
        while (next_page_ < last) page_marker(*pages_[next_page_++]);
    }
    void counted_text(const std::string& text) {
        std::size_t written = 0;
        for (std::size_t i = 0; i < text.size(); ++i) {
            const bool space = is_space(text[i]);
            if (!space && !in_word_) {
                // A word starts: markers of pages that begin here come first.
                if (next_page_ < pages_.size() && block_ != nullptr) {
                    bool due = false;
                    for (std::size_t p = next_page_; p < pages_.size(); ++p)
                        due = due || (pages_[p]->block == block_ && pages_[p]->word <= word_count_);
                    if (due) {
                        out_.text(std::string_view(text).substr(written, i - written));
                        written = i;
                        pages_before_word(word_count_);
                    }
                }
                ++word_count_;
            }
            in_word_ = !space;
        }
        out_.text(std::string_view(text).substr(written));
    }

    void language(const Block& block) {
        if (!block.language.empty() && block.language != plan_.metadata.language) language_attributes(out_, block.language);
    }

    void paragraph(const Block& block, const char* css_class) {
        if (!has_content(block.inlines)) return;
        out_.open("p");
        if (*css_class) out_.attribute("class", css_class);
        language(block);
        begin_block(block);
        inlines(block.inlines);
        end_block();
        out_.close();
        out_.newline();
    }

    void heading(const Block& block) {
        if (!has_content(block.inlines)) return;
        // The title is h1; the top level of the article's own headings is h2.
        const int rank = std::clamp(block.level - plan_.top_level + 2, 2, 6);
        out_.open("h" + std::to_string(rank));
        if (const auto found = plan_.heading_ids.find(&block); found != plan_.heading_ids.end())
            out_.attribute("id", found->second);
        language(block);
        begin_block(block);
        inlines(block.inlines);
        end_block();
        out_.close();
        out_.newline();
    }

    void list(const Block& block) {
        out_.open(block.ordered ? "ol" : "ul");
        if (block.ordered && block.start != 1) out_.attribute("start", std::to_string(block.start));
        language(block);
        out_.newline();
        for (const Blocks& item : block.items) {
            out_.open("li");
            // A one-paragraph item holds its text directly, as lists read best without CSS.
            if (item.size() == 1 && item.front().kind == BlockKind::Paragraph) {
                language(item.front());
                begin_block(item.front());
                inlines(item.front().inlines);
                end_block();
            } else if (!item.empty()) {
                out_.newline();
                blocks(item);
            }
            out_.close();
            out_.newline();
        }
        out_.close();
        out_.newline();
    }

    void span(const char* element, const Inlines& children) {
        if (!has_content(children)) return;
        out_.open(element);
        inlines(children);
        out_.close();
    }

    void link(const Inline& item) {
        const std::string href = external_href(item.target);
        // Only web and mail links leave the book; anything else (scripts, local files,
        // relative paths that mean nothing here) keeps its text and loses the link.
        if (href.empty()) {
            if (has_content(item.children))
                inlines(item.children);
            else
                out_.text(item.target);
            return;
        }
        out_.open("a");
        out_.attribute("href", href);
        if (has_content(item.children))
            inlines(item.children);
        else
            out_.text(item.target);
        out_.close();
    }

    void note_reference(const std::string& id) {
        const auto found = plan_.notes.find(id);
        if (!note_links_ || found == plan_.notes.end()) return;
        const NotePlace& place = found->second;
        const std::string number = std::to_string(place.number);
        const int seen = ++references_seen_[id];
        std::string href = "#note-" + number;
        if (place.file != file_index_) href = plan_.text_files[place.file].name + href;
        out_.open("sup");
        out_.open("a");
        out_.attribute("href", href);
        out_.attribute("id", "noteref-" + number + (seen > 1 ? "-" + std::to_string(seen) : std::string()));
        out_.attribute("epub:type", "noteref");
        out_.attribute("role", "doc-noteref");
        out_.text(number);
        out_.close();
        out_.close();
    }

    void backlink(const std::string& number) {
        out_.open("a");
        out_.attribute("href", "#noteref-" + number);
        out_.attribute("role", "doc-backlink");
        out_.text(number + ".");
        out_.close();
    }

    XmlWriter& out_;
    const BookPlan& plan_;
    std::size_t file_index_;
    bool note_links_;
    std::vector<const PagePlace*> pages_;  // this file's pages, in order
    std::size_t next_page_ = 0;
    const Block* block_ = nullptr;  // the block whose words are being counted
    int word_count_ = 0;
    bool in_word_ = false;
    std::map<std::string, int> references_seen_;
};

}  // namespace

std::string text_xhtml(const Document& document, const BookPlan& plan, std::size_t file_index) {
    const TextFile& file = plan.text_files.at(file_index);
    XmlWriter out(Mode::Html);
    begin_document(out, plan.metadata.language, file.title, "");
    BodyWriter writer(out, plan, file_index, /*note_links=*/true);
    out.open("section");
    out.attribute("id", file.id);
    out.attribute("epub:type", "bodymatter chapter");
    out.attribute("role", "doc-chapter");  // Ace: every epub:type with a DPUB-ARIA role has it
    out.newline();
    writer.leading_pages();
    std::size_t first = file.first_block;
    if (file_index == 0) {
        writer.header(document);
        first = std::max(first, plan.header_end);
    }
    for (std::size_t i = first; i < file.end_block; ++i) writer.block(document.blocks[i]);
    out.close();  // section
    out.newline();
    writer.notes();
    writer.remaining_pages();
    return end_document(out);
}

std::string titlepage_xhtml(const BookPlan& plan) {
    const Metadata& metadata = plan.metadata;
    XmlWriter out(Mode::Html);
    begin_document(out, metadata.language, metadata.title, "frontmatter");
    out.open("section");
    out.attribute("id", "titlepage");
    out.attribute("epub:type", "titlepage");
    out.newline();
    out.open("h1");
    out.attribute("epub:type", "title");
    out.text(metadata.title);
    out.close();
    out.newline();
    auto line = [&](const char* css_class, const std::string& value) {
        if (value.empty()) return;
        out.open("p");
        out.attribute("class", css_class);
        out.text(value);
        out.close();
        out.newline();
    };
    if (!metadata.subtitle.empty()) {
        out.open("p");
        out.attribute("class", "subtitle");
        out.attribute("epub:type", "subtitle");
        out.attribute("role", "doc-subtitle");
        out.text(metadata.subtitle);
        out.close();
        out.newline();
    }
    line("authors", join_names(metadata.authors, plan.labels->and_word));
    if (!metadata.date.empty()) {
        out.open("p");
        out.attribute("class", "date");
        if (is_w3c_date(metadata.date)) {
            out.open("time");
            out.attribute("datetime", metadata.date);
            out.text(display_date(metadata.date, metadata.language));
            out.close();
        } else {
            out.text(metadata.date);
        }
        out.close();
        out.newline();
    }
    line("publisher", metadata.publisher);
    out.close();  // section
    out.newline();
    return end_document(out);
}

std::string colophon_xhtml(const Document& document, const BookPlan& plan, const EpubOptions& options) {
    const Metadata& metadata = plan.metadata;
    const Labels& labels = *plan.labels;
    XmlWriter out(Mode::Html);
    begin_document(out, metadata.language, labels.colophon, "backmatter");
    out.open("section");
    out.attribute("id", "colophon");
    out.attribute("epub:type", "colophon");
    out.attribute("role", "doc-colophon");
    language_attributes(out, label_language(plan));
    out.newline();
    out.element("h2", labels.colophon);
    out.newline();
    const std::string& document_language = metadata.language;
    const bool foreign_labels = !label_language(plan).empty();

    // What the book is, and by whom.
    out.open("p");
    out.open("cite");
    if (foreign_labels) language_attributes(out, document_language);
    out.text(metadata.title);
    out.close();
    if (!metadata.authors.empty()) {
        out.open("br");
        out.close();
        out.text(labels.by + " " + join_names(metadata.authors, labels.and_word));
    }
    out.close();
    out.newline();

    auto labelled = [&](const std::string& label, const std::string& value) {
        if (value.empty()) return;
        out.open("p");
        out.text(label + ": " + value);
        out.close();
        out.newline();
    };
    labelled(labels.published, display_date(metadata.date, foreign_labels ? labels.language : document_language));
    labelled(labels.publisher, metadata.publisher);

    // Where the text comes from, as a link when it is a web address.
    const std::string& source_url = metadata.source_url;
    const std::string source_name = metadata.source_name == source_url ? std::string() : metadata.source_name;
    if (!source_name.empty() || !source_url.empty()) {
        out.open("p");
        out.text(labels.source + ": ");
        const std::string href = external_href(source_url);
        if (!href.empty()) {
            out.open("a");
            out.attribute("href", href);
            out.text(source_name.empty() ? source_url : source_name);
            out.close();
            if (!source_name.empty()) out.text(" (" + source_url + ")");
        } else {
            out.text(source_name.empty() ? source_url : source_name);
            if (!source_name.empty() && !source_url.empty()) out.text(" (" + source_url + ")");
        }
        out.close();
        out.newline();
    }

    // Credits and provenance notes, as the text gives them.
    BodyWriter writer(out, plan, plan.text_files.size(), /*note_links=*/false);
    for (const Block& block : document.blocks) {
        if (block.kind != BlockKind::Credit && block.kind != BlockKind::Provenance) continue;
        if (!has_content(block.inlines)) continue;
        out.open("p");
        out.attribute("class", block.kind == BlockKind::Credit ? "credit" : "provenance");
        language_attributes(out, !block.language.empty() ? block.language
                                 : foreign_labels       ? document_language
                                                        : std::string());
        writer.inlines(block.inlines);
        out.close();
        out.newline();
    }

    labelled(labels.rights, metadata.rights);
    labelled(labels.identifier, metadata.identifier);
    if (!options.generator.empty()) {
        out.open("p");
        out.text(labels.made_with + " " + options.generator + ".");
        out.close();
        out.newline();
    }
    out.close();  // section
    out.newline();
    return end_document(out);
}

std::string nav_xhtml(const BookPlan& plan) {
    const Labels& labels = *plan.labels;
    XmlWriter out(Mode::Html);
    begin_document(out, plan.metadata.language, labels.contents, "frontmatter");
    const std::string labels_language = label_language(plan);

    out.open("nav");
    out.attribute("id", "toc");
    out.attribute("epub:type", "toc");
    out.attribute("role", "doc-toc");
    out.newline();
    out.open("h2");
    language_attributes(out, labels_language);
    out.text(labels.contents);
    out.close();
    out.newline();
    // The entries are flat with depths; each deeper run becomes a nested <ol> inside the
    // <li> before it (the plan never lets depth grow by more than one).
    const std::vector<TocEntry>& toc = plan.toc;
    out.open("ol");
    out.newline();
    int depth = 0;
    for (std::size_t i = 0; i < toc.size(); ++i) {
        out.open("li");
        out.open("a");
        out.attribute("href", toc[i].href);
        if (toc[i].href == titlepage_file || toc[i].href == colophon_file) language_attributes(out, labels_language);
        out.text(toc[i].label);
        out.close();
        const int next = i + 1 < toc.size() ? toc[i + 1].depth : 0;
        if (next > depth) {
            out.newline();
            out.open("ol");
            out.newline();
            depth = next;
            continue;  // this <li> stays open around its children
        }
        out.close();  // li
        out.newline();
        for (; depth > next; --depth) {
            out.close();  // ol
            out.newline();
            out.close();  // li
            out.newline();
        }
    }
    out.close();  // ol
    out.newline();
    out.close();  // nav
    out.newline();

    // The print edition's pages, for "go to page" (EPUB 3.3 5.4.2.3).
    if (!plan.pages.empty()) {
        out.open("nav");
        out.attribute("id", "page-list");
        out.attribute("epub:type", "page-list");
        out.attribute("role", "doc-pagelist");
        out.attribute("hidden", "hidden");
        out.newline();
        out.open("ol");
        out.newline();
        for (const PagePlace& page : plan.pages) {
            out.open("li");
            out.open("a");
            out.attribute("href", plan.text_files.at(page.file).name + "#" + page.id);
            out.text(page.label);
            out.close();
            out.close();
            out.newline();
        }
        out.close();  // ol
        out.newline();
        out.close();  // nav
        out.newline();
    }

    out.open("nav");
    out.attribute("id", "landmarks");
    out.attribute("epub:type", "landmarks");
    out.attribute("hidden", "hidden");
    out.newline();
    out.open("h2");
    language_attributes(out, labels_language);
    out.text(labels.landmarks);
    out.close();
    out.newline();
    out.open("ol");
    out.newline();
    auto landmark = [&](const std::string& href, const char* type, const std::string& label) {
        out.open("li");
        out.open("a");
        out.attribute("href", href);
        out.attribute("epub:type", type);
        language_attributes(out, labels_language);
        out.text(label);
        out.close();
        out.close();
        out.newline();
    };
    landmark(titlepage_file, "titlepage", labels.title_page);
    landmark(plan.text_files.front().name, "bodymatter", labels.text);
    landmark(colophon_file, "colophon", labels.colophon);
    out.close();  // ol
    out.newline();
    out.close();  // nav
    out.newline();
    return end_document(out);
}

}  // namespace galley::epub
