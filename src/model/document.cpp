#include "model/document.hpp"

namespace galley {

namespace {

void append_plain(const Inlines& inlines, std::string& out) {
    for (const Inline& item : inlines) {
        switch (item.kind) {
        case InlineKind::Text:
        case InlineKind::Code:
            out += item.text;
            break;
        case InlineKind::LineBreak:
            out += ' ';
            break;
        case InlineKind::Emphasis:
        case InlineKind::Strong:
        case InlineKind::Link:
            append_plain(item.children, out);
            break;
        case InlineKind::FootnoteRef:
            break;
        }
    }
}

void collect_paragraphs(const Blocks& blocks, std::vector<std::string>& out) {
    for (const Block& block : blocks) {
        switch (block.kind) {
        case BlockKind::BlockQuote:
            collect_paragraphs(block.children, out);
            break;
        case BlockKind::List:
            for (const Blocks& item : block.items) collect_paragraphs(item, out);
            break;
        case BlockKind::SectionBreak:
            break;
        default:
            out.push_back(plain_text(block.inlines));
            break;
        }
    }
}

}  // namespace

std::string plain_text(const Inlines& inlines) {
    std::string out;
    append_plain(inlines, out);
    return out;
}

std::string plain_text(const Block& block) {
    std::vector<std::string> parts;
    collect_paragraphs(Blocks{block}, parts);
    std::string out;
    for (const std::string& part : parts) {
        if (!out.empty()) out += '\n';
        out += part;
    }
    return out;
}

std::vector<std::string> paragraph_texts(const Blocks& blocks) {
    std::vector<std::string> out;
    collect_paragraphs(blocks, out);
    return out;
}

std::string author_list(const Metadata& metadata) {
    const std::string language = metadata.language.substr(0, metadata.language.find('-'));
    std::string conjunction = "and";
    if (language == "fr") conjunction = "et";
    else if (language == "de") conjunction = "und";
    else if (language == "es") conjunction = "y";
    else if (language == "it" || language == "pt") conjunction = "e";
    else if (language == "nl") conjunction = "en";
    std::string out;
    const std::size_t count = metadata.authors.size();
    for (std::size_t i = 0; i < count; ++i) {
        if (i > 0) out += i + 1 == count ? " " + conjunction + " " : ", ";
        out += metadata.authors[i];
    }
    return out;
}

std::size_t count_words(const std::string& text) {
    std::size_t words = 0;
    bool in_word = false;
    for (unsigned char c : text) {
        const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words;
}

}  // namespace galley
