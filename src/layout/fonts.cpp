#include "layout/fonts.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <future>
#include <mutex>

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ot.h>
#include <hb.h>
#include <unicode/uchar.h>

#include "layout/font_files.hpp"
#include "layout/font_match_cache.hpp"
#include "layout/shape_store.hpp"
#include "text/hash.hpp"
#include "model/error.hpp"
#include "worker.hpp"

namespace galley::layout {

char32_t decode_utf8(std::string_view text, std::size_t& offset) { return next_code_point(text, offset); }


namespace {

FT_Face ft(const LoadedFace& face) { return static_cast<FT_Face>(face.ft_face); }
hb_font_t* hb(const LoadedFace& face) { return static_cast<hb_font_t*>(face.hb_font); }

std::string string_of(FcPattern* pattern, const char* object) {
    FcChar8* value = nullptr;
    if (FcPatternGetString(pattern, object, 0, &value) == FcResultMatch && value != nullptr)
        return reinterpret_cast<const char*>(value);
    return {};
}

FcPattern* make_pattern(const std::string& family, bool bold, bool italic) {
    FcPattern* pattern = FcPatternCreate();
    if (!family.empty())
        FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8*>(family.c_str()));
    FcPatternAddInteger(pattern, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pattern, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
    return pattern;
}

// Characters that take the face of the character before them rather than a face of their
// own: marks and invisible format characters belong to their base.
bool follows_base(char32_t code_point) {
    if (code_point < 0x80) return false;  // no ASCII character is a mark, ignorable or modifier
    const auto type = u_charType(static_cast<UChar32>(code_point));
    return type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_COMBINING_SPACING_MARK ||
           u_hasBinaryProperty(static_cast<UChar32>(code_point), UCHAR_DEFAULT_IGNORABLE_CODE_POINT) ||
           u_hasBinaryProperty(static_cast<UChar32>(code_point), UCHAR_EMOJI_MODIFIER);
}

}  // namespace

namespace {

// fontconfig's start (reading its configuration and caches) costs about 8 ms; it is done once
// per process, by the first thread that needs it: prefetch_fonts()'s when the record of
// answers no longer holds, else the FontSet that asks something the record cannot answer.
std::mutex fontconfig_mutex;
std::shared_future<bool>& fontconfig_ready() {
    static std::shared_future<bool> ready;
    return ready;
}
std::shared_future<bool> start_fontconfig() {
    std::lock_guard<std::mutex> lock(fontconfig_mutex);
    std::shared_future<bool>& ready = fontconfig_ready();
    if (!ready.valid()) ready = std::async(std::launch::deferred, [] { return FcInit() == FcTrue; }).share();
    return ready;
}

}  // namespace

// Reads the record of fontconfig's answers on the background thread, and starts fontconfig there
// only when the record no longer holds (font_match_cache.hpp).
void prefetch_fonts() {
    static std::once_flag once;
    std::call_once(once, [] {
        run_in_background([] {
            bool recorded = false;
            {
                const std::lock_guard<std::mutex> lock(font_match_cache_mutex());
                recorded = font_match_cache().valid();
            }
            if (!recorded) start_fontconfig().wait();
        });
    });
}

FontSet::FontSet(std::string language) : language_(std::move(language)) {
    FT_Library library = nullptr;
    if (FT_Init_FreeType(&library) != 0)
        throw Error(ExitCode::Software, "", "FreeType could not be initialised");
    ft_library_ = library;
    hb_buffer_ = hb_buffer_create();
}

void FontSet::need_fontconfig() {
    if (!start_fontconfig().get())
        throw Error(ExitCode::Software, "", "fontconfig could not be initialised");
}

std::optional<FontLocation> FontSet::recorded_answer(const std::string& question) {
    const std::lock_guard<std::mutex> lock(font_match_cache_mutex());
    return font_match_cache().find(question);
}

void FontSet::record_answer(const std::string& question, const FontLocation& answer) {
    const std::lock_guard<std::mutex> lock(font_match_cache_mutex());
    font_match_cache().remember(question, answer);
}

FontSet::~FontSet() {
    try {
        // Writes only when fontconfig gave new answers (so it is started, as save() needs).
        const std::lock_guard<std::mutex> lock(font_match_cache_mutex());
        font_match_cache().save();
    } catch (...) {
        // The record only saves time; the next run asks fontconfig again.
    }
    for (auto& face : faces_) {
        hb_font_destroy(hb(*face));
        FT_Done_Face(ft(*face));
    }
    hb_buffer_destroy(static_cast<hb_buffer_t*>(hb_buffer_));
    FT_Done_FreeType(static_cast<FT_Library>(ft_library_));
}

int FontSet::load_face(const std::string& path, int index) {
    const std::string key = path + "#" + std::to_string(index);
    if (const auto found = face_by_file_.find(key); found != face_by_file_.end()) return found->second;

    // FreeType and HarfBuzz read the one mapping of the file the process keeps (font_files.hpp).
    hb_blob_t* blob = shared_font_file(path);
    unsigned size = 0;
    const char* data = blob == nullptr ? nullptr : hb_blob_get_data(blob, &size);
    hb_blob_destroy(blob);  // the store keeps the mapping to the end of the process
    FT_Face ft_face = nullptr;
    if (data == nullptr || FT_New_Memory_Face(static_cast<FT_Library>(ft_library_), reinterpret_cast<const FT_Byte*>(data),
                                              FT_Long(size), index, &ft_face) != 0)
        throw Error(ExitCode::Software, path, "FreeType cannot read this font file");
    auto face = std::make_unique<LoadedFace>();
    face->path = path;
    face->face_index = index;
    face->family = ft_face->family_name ? ft_face->family_name : "";
    face->style_name = ft_face->style_name ? ft_face->style_name : "";
    const char* postscript = FT_Get_Postscript_Name(ft_face);
    face->postscript_name = postscript ? postscript : "";
    face->units_per_em = ft_face->units_per_EM ? ft_face->units_per_EM : 1000;
    face->ascender = double(ft_face->ascender) / face->units_per_em;
    face->descender = double(ft_face->descender) / face->units_per_em;
    face->ft_face = ft_face;

    hb_face_t* hb_face = shared_font_face(path, index);
    hb_font_t* font = hb_font_create(hb_face);
    hb_font_set_scale(font, face->units_per_em, face->units_per_em);
    hb_face_destroy(hb_face);
    face->hb_font = font;

    hb_codepoint_t space = 0;
    if (hb_font_get_nominal_glyph(font, ' ', &space))
        face->space_advance = double(hb_font_get_glyph_h_advance(font, space)) / face->units_per_em;

    faces_.push_back(std::move(face));
    face_by_file_[key] = int(faces_.size()) - 1;
    return int(faces_.size()) - 1;
}

int FontSet::style_for(const FontSpec& spec) {
    return style_for(FontKey{spec.family, spec.bold, spec.italic, spec.small_caps});
}

int FontSet::style_for(const FontKey& key) {
    for (std::size_t i = 0; i < styles_.size(); ++i)
        if (styles_[i].key == key) return int(i);
    const std::string question = "face\x1f" + key.family + (key.bold ? "\x1f" "bold" : "") + (key.italic ? "\x1f" "italic" : "");
    std::optional<FontLocation> answer = recorded_answer(question);
    if (!answer || answer->path.empty()) {
        need_fontconfig();
        FcPattern* pattern = make_pattern(key.family, key.bold, key.italic);
        FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
        FcDefaultSubstitute(pattern);
        FcResult result = FcResultNoMatch;
        FcPattern* match = FcFontMatch(nullptr, pattern, &result);
        FcPatternDestroy(pattern);
        if (match == nullptr)
            throw Error(ExitCode::Config, "", "no installed font matches \"" + key.family + "\"");
        answer = FontLocation{string_of(match, FC_FILE), 0};
        FcPatternGetInteger(match, FC_INDEX, 0, &answer->index);
        FcPatternDestroy(match);
        record_answer(question, *answer);
    }
    const int face = load_face(answer->path, answer->index);
    styles_.push_back(StyleEntry{key, face, {}});
    return int(styles_.size()) - 1;
}

double FontSet::space_width(int style) const { return faces_[styles_[style].face]->space_advance; }

int FontSet::face_for_character(int style, char32_t code_point) {
    // Latin, Greek and Cyrillic letters are asked for over and over: their answers are kept
    // per style in a small table (no_answer until asked).
    std::vector<std::int16_t>& known = styles_[style].low_faces;
    if (code_point < low_code_points) {
        if (known.empty()) known.assign(low_code_points, no_answer);
        if (known[code_point] != no_answer) return known[code_point];
        const int face = find_face_for_character(style, code_point);
        if (face >= -1 && face < 0x7FFF) known[code_point] = static_cast<std::int16_t>(face);
        return face;
    }
    return find_face_for_character(style, code_point);
}

int FontSet::find_face_for_character(int style, char32_t code_point) {
    const int primary = styles_[style].face;
    hb_codepoint_t glyph = 0;
    if (hb_font_get_nominal_glyph(hb(*faces_[primary]), code_point, &glyph)) return primary;
    const std::uint64_t key = (std::uint64_t(style) << 32) | code_point;
    if (const auto found = fallback_.find(key); found != fallback_.end()) return found->second;

    // The recorded answer, checked against the face itself.
    const bool bold = styles_[style].key.bold, italic = styles_[style].key.italic;
    char question[48];
    std::snprintf(question, sizeof question, "character\x1f%s%sU+%04X", bold ? "bold\x1f" : "",
                  italic ? "italic\x1f" : "", static_cast<unsigned>(code_point));
    if (const std::optional<FontLocation> answer = recorded_answer(question)) {
        int face = -1;
        if (!answer->path.empty()) face = load_face(answer->path, answer->index);
        if (face < 0 || hb_font_get_nominal_glyph(hb(*faces_[face]), code_point, &glyph)) {
            fallback_[key] = face;
            return face;
        }
    }

    // Ask fontconfig for the faces that cover the character, best match for our style first.
    need_fontconfig();
    int chosen = -1;
    FcPattern* pattern = make_pattern("", styles_[style].key.bold, styles_[style].key.italic);
    FcCharSet* wanted = FcCharSetCreate();
    FcCharSetAddChar(wanted, code_point);
    FcPatternAddCharSet(pattern, FC_CHARSET, wanted);
    FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result = FcResultNoMatch;
    FcFontSet* candidates = FcFontSort(nullptr, pattern, FcFalse, nullptr, &result);
    if (candidates != nullptr) {
        for (int i = 0; i < candidates->nfont && chosen < 0; ++i) {
            FcCharSet* charset = nullptr;
            if (FcPatternGetCharSet(candidates->fonts[i], FC_CHARSET, 0, &charset) != FcResultMatch ||
                !FcCharSetHasChar(charset, code_point))
                continue;
            const std::string file = string_of(candidates->fonts[i], FC_FILE);
            int index = 0;
            FcPatternGetInteger(candidates->fonts[i], FC_INDEX, 0, &index);
            if (file.empty()) continue;
            const int face = load_face(file, index);
            if (hb_font_get_nominal_glyph(hb(*faces_[face]), code_point, &glyph)) chosen = face;
        }
        FcFontSetDestroy(candidates);
    }
    FcCharSetDestroy(wanted);
    FcPatternDestroy(pattern);
    fallback_[key] = chosen;
    record_answer(question, chosen < 0 ? FontLocation{} : FontLocation{faces_[chosen]->path, faces_[chosen]->face_index});
    return chosen;
}

void FontSet::shape_run(int face, bool small_caps, std::string_view text, std::uint32_t base,
                        ShapedText& out) {
    auto* buffer = static_cast<hb_buffer_t*>(hb_buffer_);
    hb_buffer_clear_contents(buffer);
    // Invisible format characters (word joiner, soft hyphen) take no glyph; their bytes join
    // the cluster before them, so the text survives in the glyph's `text`.
    hb_buffer_set_flags(buffer, HB_BUFFER_FLAG_REMOVE_DEFAULT_IGNORABLES);
    hb_buffer_add_utf8(buffer, text.data(), int(text.size()), base, -1);
    if (hb_language_ == nullptr) hb_language_ = hb_language_from_string(language_.c_str(), -1);
    hb_buffer_set_language(buffer, static_cast<hb_language_t>(hb_language_));
    hb_buffer_guess_segment_properties(buffer);
    hb_feature_t features[1];
    unsigned feature_count = 0;
    if (small_caps) hb_feature_from_string("smcp", -1, &features[feature_count++]);
    hb_shape(hb(*faces_[face]), buffer, features, feature_count);

    unsigned count = 0;
    const hb_glyph_info_t* infos = hb_buffer_get_glyph_infos(buffer, &count);
    const hb_glyph_position_t* positions = hb_buffer_get_glyph_positions(buffer, &count);
    const double scale = 1.0 / faces_[face]->units_per_em;

    std::vector<std::uint32_t>& clusters = clusters_buffer_;
    clusters.clear();
    for (unsigned i = 0; i < count; ++i) clusters.push_back(infos[i].cluster);
    std::sort(clusters.begin(), clusters.end());
    clusters.erase(std::unique(clusters.begin(), clusters.end()), clusters.end());

    std::uint32_t previous_cluster = UINT32_MAX;
    for (unsigned i = 0; i < count; ++i) {
        ShapedGlyph glyph;
        glyph.face = face;
        glyph.glyph_id = infos[i].codepoint;
        glyph.x_offset = positions[i].x_offset * scale;
        glyph.y_offset = positions[i].y_offset * scale;
        glyph.advance = positions[i].x_advance * scale;
        glyph.cluster = infos[i].cluster;
        // Bytes before the first glyph (a removed word joiner) belong to that glyph.
        if (!clusters.empty() && glyph.cluster == clusters.front()) glyph.cluster = base;
        const auto next = std::upper_bound(clusters.begin(), clusters.end(), infos[i].cluster);
        glyph.cluster_end = next == clusters.end() ? std::uint32_t(text.size()) : *next;
        glyph.cluster_start = glyph.cluster != previous_cluster;
        previous_cluster = glyph.cluster;
        glyph.pen = out.width;
        out.width += glyph.advance;
        out.glyphs.push_back(glyph);
    }
    if (HB_DIRECTION_IS_BACKWARD(hb_buffer_get_direction(buffer))) {
        // HarfBuzz gives right-to-left glyphs in visual order; keep their pens, read them in order.
        std::reverse(out.glyphs.end() - count, out.glyphs.end());
        out.right_to_left = true;
        std::uint32_t previous = UINT32_MAX;
        for (auto glyph = out.glyphs.end() - count; glyph != out.glyphs.end(); ++glyph) {
            glyph->cluster_start = glyph->cluster != previous;
            previous = glyph->cluster;
        }
    }
}

namespace {

// The recent table's hash of (style, text) (text/hash.hpp): a hit then needs no key
// string built.
std::uint64_t quick_hash(int style, std::string_view text) {
    return hash_bytes(text, std::uint64_t(std::uint32_t(style)) << 32);
}

}  // namespace

const ShapedText& FontSet::shape(int style, std::string_view text) {
    const std::uint64_t hash = quick_hash(style, text);
    Recent& recent = recent_[hash & (recent_slots - 1)];
    if (recent.shaped != nullptr && recent.hash == hash) {
        // The key is two bytes of style, then the text.
        const std::string& known = *recent.key;
        if (known.size() == text.size() + 2 && known[0] == char(style & 0xFF) && known[1] == char((style >> 8) & 0xFF) &&
            std::memcmp(known.data() + 2, text.data(), text.size()) == 0)
            return *recent.shaped;
    }
    std::string& key = key_buffer_;
    key.clear();
    key += char(style & 0xFF);
    key += char((style >> 8) & 0xFF);
    key += text;
    const auto remember = [&](const ShapingCache::value_type& entry) -> const ShapedText& {
        recent = Recent{hash, &entry.first, &entry.second};
        return entry.second;
    };
    if (const auto found = cache_.find(std::string_view(key)); found != cache_.end()) return remember(*found);
    // Still in use: back into the current generation. Moving the node keeps its address.
    if (const auto found = previous_cache_.find(std::string_view(key)); found != previous_cache_.end())
        return remember(*cache_.insert(previous_cache_.extract(found)).position);
    if (store_) {
        ShapedText stored;
        if (store_->find(styles_[style].key, text, stored) && from_store(stored))
            return remember(*cache_.emplace(std::string(key), std::move(stored)).first);
    }

    ShapedText shaped;
    bool dropped = false;  // characters no face has: not for the store
    // Split the text into runs of one face: the style's own face wherever it has the
    // character, a fallback face elsewhere.
    struct Run {
        int face;
        std::size_t begin, end;
    };
    std::vector<Run> runs;
    for (std::size_t offset = 0; offset < text.size();) {
        const std::size_t begin = offset;
        const char32_t code_point = decode_utf8(text, offset);
        int face = 0;
        if (!runs.empty() && follows_base(code_point)) {
            face = runs.back().face;
        } else {
            face = face_for_character(style, code_point);
            if (face < 0 && follows_base(code_point)) face = styles_[style].face;
        }
        if (face < 0) {
            dropped = true;
            if (std::find(missing_reported_.begin(), missing_reported_.end(), code_point) ==
                missing_reported_.end()) {
                missing_reported_.push_back(code_point);
                missing_.push_back(MissingCharacter{code_point, std::string(text)});
            }
        }
        if (!runs.empty() && runs.back().face == face && runs.back().end == begin)
            runs.back().end = offset;
        else
            runs.push_back(Run{face, begin, offset});
    }
    for (const Run& run : runs) {
        if (run.face < 0) continue;  // no installed face has these characters: warned above
        // Shape the run with the whole word as context so clusters are offsets into `text`.
        ShapedText part;
        std::string_view piece = text.substr(0, run.end);
        shape_run(run.face, styles_[style].key.small_caps, piece, std::uint32_t(run.begin), part);
        for (auto& glyph : part.glyphs) {
            glyph.pen += shaped.width;
            shaped.glyphs.push_back(glyph);
        }
        shaped.right_to_left = shaped.right_to_left || part.right_to_left;
        shaped.width += part.width;
    }
    if (store_ && !dropped)
        store_->add(styles_[style].key, text, shaped,
                    [this](int face) { return FaceRef{faces_[std::size_t(face)]->path, faces_[std::size_t(face)]->face_index}; });
    return remember(*cache_.emplace(std::string(key), std::move(shaped)).first);
}

bool FontSet::from_store(ShapedText& shaped) {
    const std::vector<FaceRef>& faces = store_->faces();
    if (store_faces_.size() < faces.size()) store_faces_.resize(faces.size(), -1);
    int last_stored = -1, last_ours = -1;
    for (ShapedGlyph& glyph : shaped.glyphs) {
        if (glyph.face != last_stored) {
            last_stored = glyph.face;
            int& ours = store_faces_[std::size_t(glyph.face)];
            if (ours < 0) {
                try {
                    ours = load_face(faces[std::size_t(glyph.face)].path, faces[std::size_t(glyph.face)].face_index);
                } catch (const std::exception&) {
                    return false;  // shape it afresh; the error, if any, comes from there
                }
            }
            last_ours = ours;
        }
        glyph.face = last_ours;
    }
    return true;
}

FontFace font_face_of(const LoadedFace& face) {
    return FontFace{face.path, face.face_index, face.family, face.style_name, face.postscript_name};
}

std::vector<FontFace> warm_faces(const std::vector<FontSpec>& specs, const std::string& language) {
    FontSet fonts(language.empty() ? std::string("en-US") : language);
    std::vector<FontFace> faces;
    std::vector<int> seen;
    for (const FontSpec& spec : specs) {
        const int style = fonts.style_for(spec);
        // Letters, figures, punctuation and the common ligatures: most of what the engine's
        // first paragraphs will ask of the face's lookups.
        fonts.shape(style, "The quick brown fox jumps over the lazy dog.");
        fonts.shape(style, "“Office”—affluent fjords, 1,234.56 (7/8); it’s");
        const int face = fonts.primary_face(style);
        if (std::find(seen.begin(), seen.end(), face) != seen.end()) continue;
        seen.push_back(face);
        faces.push_back(font_face_of(fonts.face(face)));
    }
    return faces;
}

}  // namespace galley::layout
