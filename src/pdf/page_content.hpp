// Page content streams: glyph runs as TJ arrays of CIDs with position corrections, rules as
// filled rectangles, wrapped in marked content (MCIDs for tagged content, /Artifact for the
// rest) and /ActualText spans where the glyphs alone would extract the wrong text.
// Internal to src/pdf; no PoDoFo here.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "layout/display_list.hpp"
#include "pdf/font_program.hpp"

namespace galley::pdf {

// Glyphs [begin, end) of a run are shown as they are but extract as `actual_text`.
struct TextSpan {
    std::size_t begin = 0, end = 0;
    std::string actual_text;
};

struct RunPlan {
    std::vector<TextSpan> spans;  // sorted, not overlapping
    // Glyphs a space glyph is shown before: the layout engine may leave interword spaces out
    // of the runs (glue is only a gap), but extraction, reflow and PDF/UA want real spaces.
    std::vector<std::size_t> spaces_before;  // sorted
    bool append_space = false;    // show a space glyph after the run (line end or word gap)
};

// A gap this wide (in em of the run's size) between two glyphs is a word space; poppler's
// text extraction uses the same threshold.
inline constexpr double word_gap_em = 0.1;

// The first text each glyph was seen with, per font (by the font file's glyph id): what the
// ToUnicode CMap says for it.
using PrimaryTexts = std::vector<std::map<std::uint32_t, std::string>>;

PrimaryTexts collect_primary_texts(const layout::DisplayList& list);

// Decides, for every run of every page, where /ActualText is needed:
//  - a word broken by an inserted hyphen extracts whole: the part before the hyphen carries the
//    whole word, the hyphen and the part on the next line extract as nothing. Both poppler
//    modes (reading order and -raw) and tagged-text extraction then see "explosives".
//  - a cluster of several glyphs (or a glyph used with another text than its ToUnicode entry)
//    extracts as the cluster's text.
// and which runs get a space glyph at the line end.
std::vector<std::vector<RunPlan>> plan_text(const layout::DisplayList& list, const PrimaryTexts& primary);

// plan_text in two steps, so that pages can be planned (and painted) on several threads: the
// constructor plans the words broken across lines, which may span pages; take_page plans the
// rest of one page. take_page may run concurrently for different pages, once for each.
class TextPlanner {
public:
    TextPlanner(const layout::DisplayList& list, const PrimaryTexts& primary);
    std::vector<RunPlan> take_page(std::size_t page);

private:
    const layout::DisplayList& list_;
    const PrimaryTexts& primary_;
    std::vector<std::vector<RunPlan>> plans_;
    std::vector<std::vector<std::string_view>> texts_by_glyph_;  // primary_ as tables by glyph id
};

struct FontUse {
    const FontProgram* program = nullptr;  // null when the font is not used
    std::string resource_name;             // "F1"
};

struct PageContent {
    std::string stream;
    std::vector<int> structure_of_mcid;  // MCID k on this page belongs to structure element [k]
};

PageContent paint_page(const layout::Page& page, const std::vector<RunPlan>& plans,
                       const std::vector<FontUse>& fonts, const std::vector<layout::StructureElement>& structure);

// Locale-independent number for content streams and PDF objects: at most `decimals` places,
// no trailing zeros, no "-0".
std::string format_number(double value, int decimals = 3);

// A PDF text string literal for a content stream: () when empty, else <FEFF…> (UTF-16BE).
std::string pdf_text_string(const std::string& utf8);

}  // namespace galley::pdf
