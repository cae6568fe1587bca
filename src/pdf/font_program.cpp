#include "pdf/font_program.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include <hb-subset.h>
#include <hb.h>

#include "layout/font_files.hpp"
#include "text/utf8.hpp"
#include "model/error.hpp"

namespace galley::pdf {
namespace {

// RAII holders for the C libraries' objects.
struct BlobDeleter { void operator()(hb_blob_t* blob) const { hb_blob_destroy(blob); } };
struct FaceDeleter { void operator()(hb_face_t* face) const { hb_face_destroy(face); } };
struct FontDeleter { void operator()(hb_font_t* font) const { hb_font_destroy(font); } };
struct InputDeleter { void operator()(hb_subset_input_t* input) const { hb_subset_input_destroy(input); } };
struct PlanDeleter { void operator()(hb_subset_plan_t* plan) const { hb_subset_plan_destroy(plan); } };
using Blob = std::unique_ptr<hb_blob_t, BlobDeleter>;
using Face = std::unique_ptr<hb_face_t, FaceDeleter>;
using Font = std::unique_ptr<hb_font_t, FontDeleter>;
using SubsetInput = std::unique_ptr<hb_subset_input_t, InputDeleter>;
using SubsetPlan = std::unique_ptr<hb_subset_plan_t, PlanDeleter>;

class FreeTypeFace {
public:
    FreeTypeFace(const char* data, std::size_t size, int index, const std::string& path) {
        if (FT_Init_FreeType(&library_) != 0)
            throw Error(ExitCode::Software, path, "FreeType could not be initialised");
        if (FT_New_Memory_Face(library_, reinterpret_cast<const FT_Byte*>(data), static_cast<FT_Long>(size), index,
                               &face_) != 0) {
            FT_Done_FreeType(library_);
            throw Error(ExitCode::NoInput, path, "not a font FreeType can read (face " +
                                                     std::to_string(index) + ")");
        }
    }
    ~FreeTypeFace() {
        FT_Done_Face(face_);
        FT_Done_FreeType(library_);
    }
    FreeTypeFace(const FreeTypeFace&) = delete;
    FreeTypeFace& operator=(const FreeTypeFace&) = delete;
    FT_Face get() const { return face_; }

private:
    FT_Library library_ = nullptr;
    FT_Face face_ = nullptr;
};

// The font file, mapped rather than read: a face is hundreds of kilobytes of which subsetting
// touches a few tables. It is the mapping the layout engine used (layout/font_files.hpp), so
// the pages it touched are not faulted in again, and the face's tables are already loaded.
Blob map_file(const std::string& path) {
    Blob blob(layout::shared_font_file(path));
    if (!blob) throw Error(ExitCode::NoInput, path, "cannot read the font file");
    return blob;
}

// PDF names allow more, but a subset font name is conventionally [A-Za-z0-9-_].
std::string clean_postscript_name(const std::string& name) {
    std::string clean;
    for (char c : name)
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
            clean += c;
    return clean.empty() ? std::string("Font") : clean;
}

// FNV-1a: a stable hash, the same on every machine and run (std::hash promises neither).
std::uint64_t fnv1a(std::uint64_t hash, const void* data, std::size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) {
        hash ^= bytes[i];
        hash *= 1099511628211ULL;
    }
    return hash;
}

std::string subset_tag(const std::string& postscript_name, const std::set<std::uint32_t>& glyphs) {
    std::uint64_t hash = 14695981039346656037ULL;
    hash = fnv1a(hash, postscript_name.data(), postscript_name.size());
    for (std::uint32_t glyph : glyphs) {
        const unsigned char bytes[4] = {static_cast<unsigned char>(glyph), static_cast<unsigned char>(glyph >> 8),
                                        static_cast<unsigned char>(glyph >> 16), static_cast<unsigned char>(glyph >> 24)};
        hash = fnv1a(hash, bytes, sizeof bytes);  // little-endian whatever the machine
    }
    std::string tag;
    for (int i = 0; i < 6; ++i) {
        tag += static_cast<char>('A' + hash % 26);
        hash /= 26;
    }
    return tag;
}

int to_thousandths(double font_units, double units_per_em) {
    return static_cast<int>(std::lround(font_units * 1000.0 / units_per_em));
}

}  // namespace

FontProgram make_font_program(const layout::FontFace& face_info, const std::set<std::uint32_t>& glyphs,
                              bool with_space) {
    // FreeType reads the same mapped bytes: the blob outlives the FreeType face.
    const Blob blob = map_file(face_info.path);
    unsigned file_size = 0;
    const char* file_data = hb_blob_get_data(blob.get(), &file_size);
    FreeTypeFace ft(file_data, file_size, face_info.face_index, face_info.path);
    FT_Face ft_face = ft.get();

    Face face(layout::shared_font_face(face_info.path, face_info.face_index));
    if (!face) throw Error(ExitCode::NoInput, face_info.path, "cannot read the font file");
    const unsigned units_per_em = hb_face_get_upem(face.get());
    const unsigned glyph_count = hb_face_get_glyph_count(face.get());
    if (glyph_count == 0) throw Error(ExitCode::NoInput, face_info.path, "HarfBuzz finds no glyphs in this font");
    Font font(hb_font_create(face.get()));
    hb_font_set_scale(font.get(), static_cast<int>(units_per_em), static_cast<int>(units_per_em));

    FontProgram program;
    program.original_size = file_size;
    const char* ps_name = FT_Get_Postscript_Name(ft_face);
    program.postscript_name = clean_postscript_name(ps_name ? ps_name : face_info.postscript_name);

    std::set<std::uint32_t> wanted;
    for (std::uint32_t glyph : glyphs) {
        if (glyph >= glyph_count)
            throw Error(ExitCode::DataError, face_info.path,
                        "glyph " + std::to_string(glyph) + " does not exist in this font (it has " +
                            std::to_string(glyph_count) + ")");
        wanted.insert(glyph);
    }
    hb_codepoint_t space_glyph = 0;
    const bool has_space = with_space && hb_font_get_nominal_glyph(font.get(), 0x20, &space_glyph);
    if (has_space) wanted.insert(space_glyph);
    program.subset_tag = subset_tag(program.postscript_name, wanted);

    Blob cff(hb_face_reference_table(face.get(), HB_TAG('C', 'F', 'F', ' ')));
    program.is_cff = hb_blob_get_length(cff.get()) > 0;

    // Subset with the plan API, renumbering glyphs. Retain-gids would keep an empty slot for every
    // glyph below the highest one used: for 80 glyphs, Charis 32.8 KB instead of 22.6 KB before
    // Flate (13.0 / 12.8 KB after), Latin Modern's CFF 15.0 KB instead of 9.8 KB (11.8 / 8.8).
    SubsetInput input(hb_subset_input_create_or_fail());
    if (!input) throw Error(ExitCode::Software, face_info.path, "hb-subset could not start");
    hb_set_t* glyph_set = hb_subset_input_glyph_set(input.get());
    for (std::uint32_t glyph : wanted) hb_set_add(glyph_set, glyph);
    hb_set_t* drop = hb_subset_input_set(input.get(), HB_SUBSET_SETS_DROP_TABLE_TAG);
    // Shaping is done; PDF viewers need outlines and metrics only. Graphite tables are large.
    // No cmap: a TrueType program used as a CIDFont "shall not" have one (ISO 32000-1 9.9; the
    // CIDToGIDMap maps codes to glyphs), and subsetting it was a third of hb-subset's work here
    // (the sample: 3.6 M instructions of 114 M).
    for (const char* tag : {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern", "Silf", "Glat", "Gloc",
                            "Sill", "Feat", "DSIG", "hdmx", "VDMX", "LTSH", "morx", "kerx", "vhea", "vmtx", "cmap"})
        hb_set_add(drop, hb_tag_from_string(tag, 4));
    // Measured on an 80-glyph article (sizes after Flate): Charis 12.8 KB with TrueType hinting,
    // 6.8 KB without; Latin Modern's CFF 8.8 KB subroutinised, 7.6 KB flat. PDF viewers render
    // print-size text with their own anti-aliasing and mostly ignore hints, so drop them.
    hb_subset_input_set_flags(input.get(), HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_DESUBROUTINIZE);
    SubsetPlan plan(hb_subset_plan_create_or_fail(face.get(), input.get()));
    if (!plan) throw Error(ExitCode::Software, face_info.path, "hb-subset could not plan the subset");
    const hb_map_t* old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan.get());
    Face subset(hb_subset_plan_execute_or_fail(plan.get()));
    if (!subset) throw Error(ExitCode::Software, face_info.path, "hb-subset failed");

    const unsigned subset_glyph_count = hb_face_get_glyph_count(subset.get());
    if (subset_glyph_count > 0xFFFF)
        throw Error(ExitCode::Software, face_info.path, "too many glyphs for Identity-H");
    program.widths.assign(subset_glyph_count, 0);
    // (hb_map_next arrived in HarfBuzz 7; walk the new ids instead.)
    const hb_map_t* new_to_old = hb_subset_plan_new_to_old_glyph_mapping(plan.get());
    for (hb_codepoint_t new_glyph = 0; new_glyph < subset_glyph_count; ++new_glyph) {
        const hb_codepoint_t old_glyph = hb_map_get(new_to_old, new_glyph);
        if (old_glyph == HB_MAP_VALUE_INVALID) continue;
        const double width = hb_font_get_glyph_h_advance(font.get(), old_glyph) * 1000.0 / units_per_em;
        program.widths[new_glyph] = std::round(width * 100) / 100;
    }
    for (std::uint32_t glyph : wanted) {
        const hb_codepoint_t new_glyph = hb_map_get(old_to_new, glyph);
        if (new_glyph != HB_MAP_VALUE_INVALID && new_glyph < subset_glyph_count)
            program.cid_of_glyph[glyph] = static_cast<std::uint16_t>(new_glyph);
    }
    for (std::uint32_t glyph : wanted)
        if (!program.cid_of_glyph.count(glyph))
            throw Error(ExitCode::Software, face_info.path,
                        "hb-subset dropped glyph " + std::to_string(glyph));
    if (has_space) program.space_cid = program.cid_of_glyph.at(space_glyph);
    if (!wanted.empty()) program.cid_table.assign(static_cast<std::size_t>(*wanted.rbegin()) + 1, FontProgram::no_cid);
    for (const auto& [glyph, cid] : program.cid_of_glyph) program.cid_table[glyph] = cid;

    if (program.is_cff) {
        Blob table(hb_face_reference_table(subset.get(), HB_TAG('C', 'F', 'F', ' ')));
        unsigned length = 0;
        const char* data = hb_blob_get_data(table.get(), &length);
        program.data.assign(data, length);
    } else {
        Blob file(hb_face_reference_blob(subset.get()));
        unsigned length = 0;
        const char* data = hb_blob_get_data(file.get(), &length);
        program.data.assign(data, length);
    }
    if (program.data.empty()) throw Error(ExitCode::Software, face_info.path, "hb-subset produced no font data");

    // FontDescriptor metrics from FreeType, in font units → 1/1000 em.
    const double upem = ft_face->units_per_EM ? ft_face->units_per_EM : units_per_em;
    program.bbox[0] = to_thousandths(ft_face->bbox.xMin, upem);
    program.bbox[1] = to_thousandths(ft_face->bbox.yMin, upem);
    program.bbox[2] = to_thousandths(ft_face->bbox.xMax, upem);
    program.bbox[3] = to_thousandths(ft_face->bbox.yMax, upem);
    program.ascent = to_thousandths(ft_face->ascender, upem);
    program.descent = to_thousandths(ft_face->descender, upem);
    program.cap_height = program.ascent;
    if (const auto* os2 = static_cast<const TT_OS2*>(FT_Get_Sfnt_Table(ft_face, FT_SFNT_OS2))) {
        if (os2->version >= 2 && os2->sCapHeight > 0) program.cap_height = to_thousandths(os2->sCapHeight, upem);
        program.weight = os2->usWeightClass;
    }
    if (const auto* post = static_cast<const TT_Postscript*>(FT_Get_Sfnt_Table(ft_face, FT_SFNT_POST)))
        program.italic_angle = static_cast<double>(post->italicAngle) / 65536.0;
    // No font table holds StemV; this is the usual estimate from the weight class.
    program.stem_v = 50 + static_cast<int>(std::lround(program.weight * program.weight / 4000.0));
    program.flags = 4;  // Symbolic
    if (FT_IS_FIXED_WIDTH(ft_face)) program.flags |= 1;
    if ((ft_face->style_flags & FT_STYLE_FLAG_ITALIC) != 0 || program.italic_angle != 0) program.flags |= 64;
    return program;
}

std::u32string utf8_to_utf32(const std::string& text) {
    std::u32string result;
    for (std::size_t i = 0; i < text.size();) result += next_code_point(text, i);
    return result;
}

std::string utf16be_hex(const std::u32string& text) {
    static const char digits[] = "0123456789ABCDEF";
    std::string hex;
    auto unit = [&](unsigned value) {
        for (int shift = 12; shift >= 0; shift -= 4) hex += digits[(value >> shift) & 0xF];
    };
    for (char32_t code : text) {
        if (code >= 0x10000 && code <= 0x10FFFF) {
            const unsigned offset = static_cast<unsigned>(code) - 0x10000;
            unit(0xD800 + (offset >> 10));
            unit(0xDC00 + (offset & 0x3FF));
        } else if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            unit(0xFFFD);
        } else {
            unit(static_cast<unsigned>(code));
        }
    }
    return hex;
}

std::string make_to_unicode_cmap(const std::map<std::uint16_t, std::string>& text_of_cid) {
    struct Range { std::uint16_t first, last; char32_t code; };
    std::vector<Range> ranges;                                    // single-BMP-char runs
    std::vector<std::pair<std::uint16_t, std::u32string>> chars;  // everything else
    for (const auto& [cid, text] : text_of_cid) {
        std::u32string codes = utf8_to_utf32(text);
        if (codes.empty()) continue;
        // A range may only vary in the last byte of source and destination (PDF 32000 9.10.3).
        if (codes.size() == 1 && codes[0] < 0xD800 && !ranges.empty() && ranges.back().last + 1 == cid &&
            (cid & 0xFF) != 0 && codes[0] == ranges.back().code + (cid - ranges.back().first) &&
            (codes[0] & 0xFF) != 0) {
            ranges.back().last = cid;
            continue;
        }
        if (codes.size() == 1 && codes[0] < 0xD800) {
            ranges.push_back({cid, cid, codes[0]});
            continue;
        }
        chars.emplace_back(cid, codes);
    }
    // One-element ranges read better (and shorter) as bfchar.
    std::vector<Range> real_ranges;
    for (const Range& range : ranges) {
        if (range.first == range.last)
            chars.emplace_back(range.first, std::u32string(1, range.code));
        else
            real_ranges.push_back(range);
    }
    std::sort(chars.begin(), chars.end());

    auto cid_hex = [](unsigned cid) { return "<" + utf16be_hex(std::u32string(1, static_cast<char32_t>(cid))) + ">"; };
    std::string cmap =
        "/CIDInit /ProcSet findresource begin\n"
        "12 dict begin\n"
        "begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n"
        "/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    for (std::size_t start = 0; start < chars.size(); start += 100) {
        const std::size_t end = std::min(chars.size(), start + 100);
        cmap += std::to_string(end - start) + " beginbfchar\n";
        for (std::size_t i = start; i < end; ++i)
            cmap += cid_hex(chars[i].first) + " <" + utf16be_hex(chars[i].second) + ">\n";
        cmap += "endbfchar\n";
    }
    for (std::size_t start = 0; start < real_ranges.size(); start += 100) {
        const std::size_t end = std::min(real_ranges.size(), start + 100);
        cmap += std::to_string(end - start) + " beginbfrange\n";
        for (std::size_t i = start; i < end; ++i)
            cmap += cid_hex(real_ranges[i].first) + " " + cid_hex(real_ranges[i].last) + " <" +
                    utf16be_hex(std::u32string(1, real_ranges[i].code)) + ">\n";
        cmap += "endbfrange\n";
    }
    cmap +=
        "endcmap\n"
        "CMapName currentdict /CMap defineresource pop\n"
        "end\n"
        "end\n";
    return cmap;
}

}  // namespace galley::pdf
