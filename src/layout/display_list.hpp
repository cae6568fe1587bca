// The display list: what the layout engine produces and the PDF writer paints.
//
// Pages of positioned glyphs, rules and link areas in PDF user space (points, origin at the
// bottom-left of the page, y upwards). Nothing here knows about PDF objects; nothing in the
// PDF writer knows about paragraphs or line breaking.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "style/style.hpp"

namespace galley::layout {

// A font face used on the pages: the file and face index it came from. Runs refer to it by
// its position in DisplayList::fonts.
struct FontFace {
    std::string path;        // the font file (TrueType or OpenType/CFF)
    int face_index = 0;      // the face within a collection
    std::string family;      // e.g. "Charis SIL"
    std::string style_name;  // e.g. "Bold Italic"
    std::string postscript_name;
};

// A book holds hundreds of thousands of glyphs, so a glyph is kept small (24 bytes): its
// characters live in its run's text, and only the position along the line, from which the PDF
// writer measures its kerning corrections, keeps double precision.
struct PositionedGlyph {
    std::uint16_t glyph_id = 0;     // in the font file's own numbering (16 bits in OpenType)
    std::uint16_t text_length = 0;  // 0 for the second and later glyphs of one cluster
    std::uint32_t text_begin = 0;   // the characters this glyph stands for: a slice of GlyphRun::text
    double x = 0;                   // pen position relative to the run's origin, points
    float advance = 0;              // the advance the shaper gave (after kerning), points
    float y = 0;                    // vertical offset from the baseline, points (up is positive)
};
static_assert(sizeof(PositionedGlyph) == 24, "a book's glyphs dominate its memory: keep them small");

// One run of glyphs in one font at one size on one baseline.
struct GlyphRun {
    double size = 10;    // points
    double x = 0, y = 0; // the run's origin on the baseline
    std::vector<PositionedGlyph> glyphs;
    // The characters of the glyphs, one cluster after another in glyph order; each glyph
    // points into it (a ligature "fi" has "fi", a cluster's later glyphs nothing).
    std::string text;
    int font = 0;        // index into DisplayList::fonts
    int structure = -1;  // index into DisplayList::structure; -1 marks an artifact
    Color color;
    // A hyphen inserted by line breaking: shown, but it is not part of the text, so text
    // extraction must join the word across the line end.
    bool inserted_hyphen = false;
    // The run ends a line: extraction should see a space (or nothing after an inserted hyphen).
    bool ends_line = false;

    // The characters glyph `index` stands for (empty for a cluster's later glyphs).
    std::string_view text_of(std::size_t index) const {
        const PositionedGlyph& glyph = glyphs[index];
        return std::string_view(text).substr(glyph.text_begin, glyph.text_length);
    }
    // Appends a glyph standing for `characters` (empty for a cluster's later glyphs).
    void add_glyph(std::uint32_t glyph_id, double glyph_x, double glyph_y, double glyph_advance,
                   std::string_view characters) {
        // OpenType numbers glyphs in 16 bits, and a cluster is a few characters.
        if (glyph_id > 0xFFFF || characters.size() > 0xFFFF || text.size() > 0xFFFFFFFFu - characters.size())
            throw std::length_error("glyph id or cluster too large for the display list");
        PositionedGlyph glyph;
        glyph.glyph_id = static_cast<std::uint16_t>(glyph_id);
        glyph.text_length = static_cast<std::uint16_t>(characters.size());
        glyph.text_begin = static_cast<std::uint32_t>(text.size());
        glyph.x = glyph_x;
        glyph.advance = static_cast<float>(glyph_advance);
        glyph.y = static_cast<float>(glyph_y);
        text += characters;
        glyphs.push_back(glyph);
    }
};

struct Rule {
    double x = 0, y = 0, width = 0, thickness = 0.5;
    Color color;
    int structure = -1;
};

struct LinkArea {
    double x = 0, y = 0, width = 0, height = 0;  // bottom-left corner and size
    std::string url;
    int structure = -1;
};

struct Page {
    double width = 0, height = 0;
    std::string label;  // the folio as printed ("1", "2"...), for /PageLabels
    std::vector<GlyphRun> runs;
    std::vector<Rule> rules;
    std::vector<LinkArea> links;
};

// A node of the logical structure (tagged PDF): roles are standard structure types
// ("Document", "H1", "P", "BlockQuote", "L", "LI", "Lbl", "LBody", "Link", "Note"...).
struct StructureElement {
    std::string role;
    int parent = -1;        // -1 for the root
    std::string language;   // when it differs from the document's
    std::string alt_text;
};

struct OutlineEntry {
    std::string title;
    int level = 1;  // 1 = top
    int page = 0;   // index into pages
    double y = 0;   // top of the heading on that page
};

struct DocumentInfo {
    std::string title, subtitle, author, subject, keywords, language, creator, producer;
    std::string date;  // ISO 8601 date of the work, if known
};

struct DisplayList {
    DocumentInfo info;
    std::vector<FontFace> fonts;
    std::vector<Page> pages;
    std::vector<StructureElement> structure;
    std::vector<OutlineEntry> outline;
};

}  // namespace galley::layout
