// Builders for expected reader output, and a printer so that Catch shows a model that differs.
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "model/document.hpp"
#include "model/error.hpp"
#include "read/plain_text.hpp"

namespace read_test {

using galley::Block;
using galley::BlockKind;
using galley::Blocks;
using galley::Inline;
using galley::InlineKind;
using galley::Inlines;

inline galley::Document read(const std::string& text) { return galley::read_plain_text(text, "test.txt"); }

inline Block paragraph(Inlines inlines, int line, int column) {
    Block block;
    block.kind = BlockKind::Paragraph;
    block.inlines = std::move(inlines);
    block.position = {line, column};
    return block;
}
inline Block paragraph(const std::string& text, int line, int column) {
    return paragraph(Inlines{Inline::make_text(text)}, line, column);
}
inline Block heading(const std::string& text, int line, int column) {
    Block block = paragraph(text, line, column);
    block.kind = BlockKind::Heading;
    block.level = 2;
    return block;
}
inline Block section_break(int line, int column) {
    Block block;
    block.kind = BlockKind::SectionBreak;
    block.position = {line, column};
    return block;
}
inline Block quote(Blocks children, int line, int column) {
    Block block;
    block.kind = BlockKind::BlockQuote;
    block.children = std::move(children);
    block.position = {line, column};
    return block;
}
inline Block list(std::vector<Blocks> items, bool ordered, int start, int line, int column) {
    Block block;
    block.kind = BlockKind::List;
    block.items = std::move(items);
    block.ordered = ordered;
    block.start = start;
    block.position = {line, column};
    return block;
}
inline Inline link_to(const std::string& target, const std::string& label) {
    return Inline::make_link(target, {Inline::make_text(label)});
}

inline std::string describe(const Inlines& inlines) {
    std::string out;
    for (const Inline& item : inlines) {
        if (item.kind == InlineKind::Text) out += "\"" + item.text + "\"";
        else if (item.kind == InlineKind::Link) out += "Link(" + item.target + ", " + describe(item.children) + ")";
        else out += "Inline#" + std::to_string(static_cast<int>(item.kind)) + "(" + item.text + describe(item.children) + ")";
        out += " ";
    }
    return out;
}

inline std::string describe(const Block& block) {
    static const char* const names[] = {"Paragraph", "Heading", "BlockQuote", "List", "SectionBreak", "Title",
                                        "Dek", "Byline", "Dateline", "Credit", "Provenance"};
    std::string out = names[static_cast<int>(block.kind)];
    out += "@" + std::to_string(block.position.line) + ":" + std::to_string(block.position.column);
    if (block.kind == BlockKind::Heading) out += " level " + std::to_string(block.level);
    if (block.kind == BlockKind::List) out += block.ordered ? " ordered from " + std::to_string(block.start) : " bulleted";
    if (!block.inlines.empty()) out += " " + describe(block.inlines);
    if (!block.children.empty()) {
        out += " {";
        for (const Block& child : block.children) out += " " + describe(child) + ";";
        out += " }";
    }
    for (const Blocks& item : block.items) {
        out += " [item";
        for (const Block& child : item) out += " " + describe(child) + ";";
        out += " ]";
    }
    return out;
}

// The file's bytes; an empty string fails the test that asked (corpus files must be there).
inline std::string slurp(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    INFO("reading " << path);
    REQUIRE(file.good());
    std::ostringstream out;
    out << file.rdbuf();
    return out.str();
}

}  // namespace read_test

namespace Catch {
template <>
struct StringMaker<galley::Block> {
    static std::string convert(const galley::Block& block) { return read_test::describe(block); }
};
}  // namespace Catch
