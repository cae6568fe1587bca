// Font programs for embedding: one face of one font file, subset to the glyphs the pages use,
// with the metrics a PDF FontDescriptor and /W array need, and its ToUnicode CMap.
// Internal to src/pdf (no PoDoFo here either, so it can be tested on its own).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "layout/display_list.hpp"

namespace galley::pdf {

struct FontProgram {
    std::string postscript_name;  // from the font, reduced to PDF name characters
    std::string subset_tag;       // six capital letters derived from the glyph set
    bool is_cff = false;          // OpenType/CFF (FontFile3 CIDFontType0C) or TrueType (FontFile2)
    std::string data;             // the whole subset TrueType file, or the bare CFF table
    // The subset renumbers glyphs: content streams use these new ids, which are also the CIDs
    // (CIDToGIDMap /Identity for TrueType; a name-keyed CFF maps CID to GID directly).
    std::map<std::uint32_t, std::uint16_t> cid_of_glyph;
    // The same map as a table indexed by glyph id (no_cid where a glyph is not in the subset),
    // for the painter's per-glyph lookups. Filled by make_font_program; when it is empty,
    // cid() falls back to the map.
    static constexpr std::uint16_t no_cid = 0xFFFF;  // Identity-H allows CIDs up to 0xFFFE here
    std::vector<std::uint16_t> cid_table;
    // The CID of `glyph`; throws std::out_of_range, as cid_of_glyph.at() does, if it has none.
    unsigned cid(std::uint32_t glyph) const {
        if (glyph < cid_table.size() && cid_table[glyph] != no_cid) return cid_table[glyph];
        return cid_of_glyph.at(glyph);
    }
    // By CID, in 1/1000 em, to two decimals: exact enough that the content needs position
    // corrections only for kerning and justification, not for rounding.
    std::vector<double> widths;
    int space_cid = -1;       // the CID of the space glyph if it was asked for and exists

    // FontDescriptor metrics, in 1/1000 em.
    int bbox[4] = {0, 0, 0, 0};
    int ascent = 0, descent = 0, cap_height = 0, stem_v = 80;
    double italic_angle = 0;
    int flags = 4;  // Symbolic: the glyphs are addressed by CID, not by a standard encoding
    int weight = 400;
    std::size_t original_size = 0;  // bytes of the font file, for measurements
};

// Reads `face`, subsets it to `glyphs` (ids in the font's own numbering) and, if `with_space`,
// the font's space glyph. Throws galley::Error (NoInput) when the file cannot be read or is
// not a font HarfBuzz and FreeType can open, (Software) when subsetting fails.
FontProgram make_font_program(const layout::FontFace& face, const std::set<std::uint32_t>& glyphs,
                              bool with_space);

// A ToUnicode CMap for CIDs → UTF-8 texts (bfchar and bfrange, at most 100 entries a block).
// Empty texts are left out.
std::string make_to_unicode_cmap(const std::map<std::uint16_t, std::string>& text_of_cid);

// UTF-8 → UTF-32; invalid bytes become U+FFFD.
std::u32string utf8_to_utf32(const std::string& text);

// UTF-16BE hex digits of `text` ("0066006C" for "fl"), surrogate pairs beyond the BMP.
std::string utf16be_hex(const std::u32string& text);

}  // namespace galley::pdf
