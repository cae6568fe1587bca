// Knuth–Plass total-fit line breaking (Knuth & Plass, "Breaking Paragraphs into Lines",
// 1981): a paragraph is a list of boxes, glue and penalties; the breaker chooses the set of
// breaks that minimises the sum of the lines' demerits over the whole paragraph.
//
// This file knows nothing about fonts or glyphs: widths are plain numbers, so it can be
// tested against a brute-force search.
#pragma once

#include <vector>

namespace galley::layout {

enum class ItemKind { Box, Glue, Penalty };

constexpr double infinite_penalty = 10000;  // a penalty this high forbids a break; -this forces one
constexpr double infinite_badness = 10000;

struct Item {
    ItemKind kind = ItemKind::Box;
    double width = 0;
    double stretch = 0, shrink = 0;  // glue; on a box, letter-spacing it may take
    bool fil = false;                // glue with infinite stretch (fills the last line)
    double penalty = 0;              // penalty only
    bool flagged = false;            // penalty: a hyphen break (for the adjacent-hyphen demerits)
    bool discretionary = false;      // penalty: a hyphenation point (skipped in the first pass)
    // Optical margin alignment: how far the item may hang into the margin when it starts
    // (box) or ends (box, or a penalty's added hyphen) a line.
    double protrude_left = 0, protrude_right = 0;
    int tag = 0;  // for the caller: which piece of text this is
};

struct BreakParameters {
    double pretolerance = 100;   // badness limit of the first pass (no hyphenation); < 0 skips it
    double tolerance = 400;      // badness limit of the second pass (with hyphenation)
    double emergency_stretch = 0;  // extra stretch per line in the third pass; 0 skips it
    double line_penalty = 10;
    double double_hyphen_demerits = 10000;  // two hyphenated lines in a row
    double final_hyphen_demerits = 5000;    // a hyphen on the second-last line
    double fitness_demerits = 10000;        // adjacent lines of very different tightness
    double line_end_stretch = 0;  // ragged right: stretch at the end of every line
    // A paragraph's last line narrower than this (a lone short word, a "runt") costs extra.
    double short_last_line = 0;
    double short_last_line_demerits = 3000;
};

struct LineFit {
    int start = 0;         // first item of the line (after discarded glue and penalties)
    int end = 0;           // the break item (not part of the line, except a penalty's width)
    double natural = 0;    // natural width of the line
    double available = 0;  // measure plus protrusion allowance
    double ratio = 0;      // adjustment ratio: < 0 shrinks, > 0 stretches
    double badness = 0;
    int fitness = 2;       // 0 very loose, 1 loose, 2 decent, 3 tight
    bool overfull = false; // ratio < -1: cannot be set within the measure
    double protrude_left = 0, protrude_right = 0;
};

struct BreakResult {
    std::vector<LineFit> lines;
    double total_demerits = 0;
    int pass = 1;  // 1 without hyphenation, 2 with, 3 emergency stretch, 4 rescue (overfull allowed)
};

// Items must end with a forced break (a penalty of -infinite_penalty), normally preceded by
// fil glue. `measure` is the width of every line.
BreakResult break_lines(const std::vector<Item>& items, double measure, const BreakParameters& parameters);

// The best solution with exactly `lines` lines within the tolerance (hyphenation allowed), to
// make a paragraph a line longer or shorter for the page (TeX's \looseness); no lines when
// there is none.
BreakResult break_lines_to(const std::vector<Item>& items, double measure, const BreakParameters& parameters,
                           int lines);

// --- The pieces, exposed for tests (a brute-force search uses the same cost model) ---------

// Whether a break may be taken at item `index` (in a pass that does / does not hyphenate).
bool is_legal_break(const std::vector<Item>& items, int index, bool hyphenate);
// The line from the break `previous` (-1: the paragraph's start) to the break `end`.
LineFit fit_line(const std::vector<Item>& items, int previous, int end, double measure,
                 const BreakParameters& parameters, double extra_stretch);
// The demerits of a line, given the line before it (previous_flagged, previous_fitness).
double line_demerits(const std::vector<Item>& items, const LineFit& line, bool previous_flagged,
                     int previous_fitness, const BreakParameters& parameters);

}  // namespace galley::layout
