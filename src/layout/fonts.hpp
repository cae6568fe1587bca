// Fonts for the layout engine: faces found through fontconfig, metrics from FreeType, text
// shaped by HarfBuzz, with per-character fallback to another installed face.
//
// Shaped text is cached by (style, text): articles repeat words a lot, and line breaking
// measures every word before it sets any.
#pragma once

#include "text/utf8.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "layout/display_list.hpp"
#include "layout/font_match_cache.hpp"
#include "style/style.hpp"

namespace galley::layout {

// One loaded face (a file and an index in it).
struct LoadedFace {
    std::string path;
    int face_index = 0;
    std::string family;
    std::string style_name;
    std::string postscript_name;
    int units_per_em = 1000;
    double ascender = 0.8;   // in em, from FreeType
    double descender = -0.2; // in em (negative below the baseline)
    double space_advance = 0.25;  // advance of U+0020 in em
    void* ft_face = nullptr;      // FT_Face
    void* hb_font = nullptr;      // hb_font_t*
};

// A glyph of shaped text, in em (multiply by the size for points).
struct ShapedGlyph {
    int face = 0;               // index into FontSet faces
    std::uint32_t glyph_id = 0;
    double x_offset = 0, y_offset = 0, advance = 0;
    double pen = 0;             // where its advance starts, from the text's left edge
    std::uint32_t cluster = 0;  // byte offset of its cluster in the shaped text
    std::uint32_t cluster_end = 0;  // one past the cluster's last byte
    bool cluster_start = true;  // the first glyph of its cluster (carries the text)
};

// Glyphs in logical (reading) order, so their texts read in order; for right-to-left text
// that is not left-to-right on the page, which is why each glyph carries its pen position.
struct ShapedText {
    std::vector<ShapedGlyph> glyphs;
    double width = 0;  // in em
    bool right_to_left = false;  // some glyphs run right to left
};

// What a piece of text is set in (size excluded: shaping is size independent here).
struct FontKey {
    std::string family;
    bool bold = false;
    bool italic = false;
    bool small_caps = false;
    bool operator==(const FontKey&) const = default;
};

// A face as a store of shaped words names it: its file and index (FontSet face ids are each
// set's own).
struct FaceRef {
    std::string path;
    int face_index = 0;
};

class ShapeStore;

// A character no installed face could show, reported once per character.
struct MissingCharacter {
    char32_t code_point = 0;
    std::string context;  // the text it was found in
};

// Read the record of fontconfig's answers (or start fontconfig) on the background thread, so
// that the first FontSet finds them ready.
void prefetch_fonts();

class FontSet {
public:
    explicit FontSet(std::string language);
    ~FontSet();
    FontSet(const FontSet&) = delete;
    FontSet& operator=(const FontSet&) = delete;

    // The style id for a font spec: a small integer naming (face, features).
    int style_for(const FontSpec& spec);
    int style_for(const FontKey& key);

    // Shape `text` in style `style` (cached). Characters the style's face lacks are shaped in
    // a fallback face; characters no face has become the primary face's .notdef... never:
    // they are dropped and recorded in missing_characters().
    const ShapedText& shape(int style, std::string_view text);
    // Bounds the cache to about 2 × `limit` shaped texts: once more than `limit` were added,
    // those not used since the last such step are forgotten. That invalidates references
    // shape() returned: call it only where none is held. A book's distinct words would
    // otherwise keep megabytes of glyphs; the frequent ones stay.
    void limit_shaping_cache(std::size_t limit) {
        if (cache_.size() <= limit) return;
        previous_cache_ = std::move(cache_);
        cache_.clear();
        std::fill(recent_.begin(), recent_.end(), Recent{});
    }

    // Shapes found in `store` are taken from it; shapes made are added to it (shape_store.hpp).
    void use_store(std::shared_ptr<ShapeStore> store) {
        store_ = std::move(store);
        store_faces_.clear();
    }
    const std::shared_ptr<ShapeStore>& store() const { return store_; }

    const LoadedFace& face(int index) const { return *faces_[index]; }
    int primary_face(int style) const { return styles_[style].face; }
    std::size_t face_count() const { return faces_.size(); }
    const std::vector<MissingCharacter>& missing_characters() const { return missing_; }

    // Advance of a space in the style, in em.
    double space_width(int style) const;

private:
    struct StyleEntry {
        FontKey key;
        int face = 0;
        std::vector<std::int16_t> low_faces;  // face_for_character's answers below low_code_points
    };
    static constexpr char32_t low_code_points = 0x800;
    static constexpr std::int16_t no_answer = -2;
    int load_face(const std::string& path, int index);
    // fontconfig, started (waiting for prefetch_fonts()'s start if one is under way); throws
    // if it cannot be.
    void need_fontconfig();
    // The process's record of fontconfig's answers (font_match_cache.hpp).
    std::optional<FontLocation> recorded_answer(const std::string& question);
    void record_answer(const std::string& question, const FontLocation& answer);
    int face_for_character(int style, char32_t code_point);
    int find_face_for_character(int style, char32_t code_point);  // face_for_character, uncached
    void shape_run(int face, bool small_caps, std::string_view text, std::uint32_t base,
                   ShapedText& out);

    std::string language_;
    void* ft_library_ = nullptr;
    void* hb_buffer_ = nullptr;
    std::vector<std::unique_ptr<LoadedFace>> faces_;
    std::vector<StyleEntry> styles_;
    std::unordered_map<std::string, int> face_by_file_;
    std::unordered_map<std::uint64_t, int> fallback_;  // (style << 32 | code point) -> face, -1 none
    // Keyed by two bytes of style and the text; looked up by string_view, through a reused
    // key buffer, so a hit allocates nothing.
    struct KeyHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
    };
    using ShapingCache = std::unordered_map<std::string, ShapedText, KeyHash, std::equal_to<>>;
    ShapingCache cache_;
    ShapingCache previous_cache_;  // see limit_shaping_cache
    // In front of cache_, by hash: the entry last found in each of 4,096 slots. A book's
    // frequent words are then found in one read of this compact table and one of the entry,
    // where the hash table takes three or more scattered ones (bucket, node, chain; a quarter
    // of the samples in a profile of a book's layout). Three lookups in four end here. Entries
    // point into cache_'s nodes only (emptied whenever limit_shaping_cache drops nodes).
    struct Recent {
        std::uint64_t hash = 0;  // quick_hash (fonts.cpp) of style and text
        const std::string* key = nullptr;
        const ShapedText* shaped = nullptr;
    };
    static constexpr std::size_t recent_slots = 4096;
    std::vector<Recent> recent_ = std::vector<Recent>(recent_slots);
    std::string key_buffer_;
    std::vector<std::uint32_t> clusters_buffer_;  // shape_run's scratch space
    const void* hb_language_ = nullptr;  // hb_language_t of language_, looked up once
    std::vector<MissingCharacter> missing_;
    std::vector<char32_t> missing_reported_;
    std::shared_ptr<ShapeStore> store_;
    std::vector<int> store_faces_;  // the store's face numbers -> ours (-1: not loaded yet)
    bool from_store(ShapedText& shaped);  // maps a stored shaping's faces to ours
};

// A loaded face as the display list names it.
FontFace font_face_of(const LoadedFace& face);

// Finds and loads the faces of `specs` (as a FontSet would) and shapes a line of text in each,
// on the calling thread: HarfBuzz then has its layout tables' accelerators built and the
// files' pages are mapped in the process's shared store (font_files.hpp), so an engine that
// starts later finds them ready. For a thread started while the article is still being read.
// Returns the faces, in the order of `specs` (each once). Throws what FontSet::style_for does.
std::vector<FontFace> warm_faces(const std::vector<FontSpec>& specs, const std::string& language);

// Decode one UTF-8 code point at `offset`, advancing it (invalid bytes read as U+FFFD).
char32_t decode_utf8(std::string_view text, std::size_t& offset);

}  // namespace galley::layout
