// The layout engine: Document + Style -> pages of positioned glyphs (a display list).
//
// Fonts through fontconfig/FreeType, shaping through HarfBuzz, break opportunities through
// ICU, hyphenation through libhyphen, and our own total-fit line breaking and page breaking.
#pragma once

#include <string>
#include <vector>

#include "layout/display_list.hpp"
#include "model/document.hpp"
#include "style/style.hpp"

namespace galley::layout {

// One line of running text as set, for tests and statistics.
struct LineRecord {
    int page = 0;            // index into DisplayList::pages
    int block = 0;           // which paragraph-like block (counted in reading order, from 0)
    int line_in_block = 0;   // 0-based
    int lines_in_block = 0;
    double width = 0;        // natural width of the line's content, points
    double measure = 0;      // the width it was set to (plus protrusion), points
    double adjustment_ratio = 0;  // < 0 shrunk, > 0 stretched
    bool hyphenated = false;      // ends with a hyphen added by the line breaker
    bool explicit_hyphen = false; // ends after a hyphen or dash of the text
    bool overfull = false;        // could not be set within the measure
    bool last_of_paragraph = false;
    bool heading = false;         // a line of a heading (or the title block)
    double baseline = 0;          // y of the baseline on its page (PDF user space)
    // Where the line begins in model terms, so another edition (the EPUB's page list) can
    // mark the place a page begins: the block's source position ({} in the title block) and
    // how many words of the block's plain text come before the line (a word broken across
    // the previous line counts as before it).
    SourcePosition position;
    int first_word = 0;
};

// A problem found while setting the text, at its place in the input (line 0 when unknown).
struct LayoutWarning {
    SourcePosition position;
    std::string message;
};

struct LayoutResult {
    DisplayList display;
    std::vector<LineRecord> lines;
    std::vector<LayoutWarning> warnings;  // overfull or loose lines, characters no font has
};

// `lookahead`: analyse the coming paragraphs' break opportunities and hyphenation on a second
// thread (the result is the same either way; tests compare the two).
LayoutResult layout_document(const Document& document, const Style& style, bool lookahead = true);

}  // namespace galley::layout
