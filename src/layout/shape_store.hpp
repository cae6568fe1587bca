// A per-user store of shaped words, kept between runs in the cache directory.
//
// HarfBuzz is the layout's biggest single cost on a fresh article: every distinct word is
// shaped once per run (~14,000 instructions a word with Charis SIL), some 1,000 pieces for a
// short article and 10,000 for a book, though most of them were shaped the same way by the
// run before. The store keeps what FontSet::shape made of each piece (glyphs, positions,
// clusters, the faces by file and index), so a run shapes only what no earlier run has.
//
// A stored shaping is used only where it cannot differ from a fresh one: the store names the
// galley build (the program's GNU build id: the version number does not change with the
// shaping code), the HarfBuzz and ICU versions and the document language it was made with,
// and the record of fontconfig's answers it was made under (font_match_cache.hpp, whose own
// checks cover the font files and the configuration); any difference and the store is ignored
// and made anew. Shapings that lost characters no face has are never stored (the run that
// meets them must report them). Each entry carries a hash of its bytes seeded with all of
// that, checked when it is used, so a damaged file, or an entry another build or another
// fonts record appended, costs time, never a wrong glyph.
//
// Two files per language. The main one is a hash table of entries, mapped, not read: a run
// touches only the entries it looks up. New entries are appended to a log beside it (one
// write at the end of the layout; a new log is written under a temporary name and renamed,
// never cut short in place), which a run reads whole (not mapped: others append to it) and
// indexes; when the log would pass `log_limit`, the run writes the main file anew instead
// (with the log's entries and its own, on a thread of its own: finish_cache_writes() waits
// for it). When they would not all fit in `max_entries`, only the main file's entries the run
// used are kept, with its own and then the log's. A log belongs to one main file (a random
// number in both headers), so a log left by an older main file is ignored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "layout/fonts.hpp"

namespace galley::layout {

class ShapeStore {
public:
    static constexpr std::size_t max_entries = 32768;
    // A run's new entries go to a file of their own (with no name) every `spill_at` bytes,
    // so that what a run adds does not stay in its memory.
    static constexpr std::size_t spill_at = 256 << 10;
    static constexpr std::size_t log_limit = 1 << 20;  // bytes
    static constexpr std::size_t max_log_bytes = 64 << 20;  // a longer log is not read

    // The store of `language` in `directory` (the cache directory), if it was made for this
    // galley, this HarfBuzz and the fonts record `record_digest`; otherwise an empty one.
    ShapeStore(std::string directory, std::string language, std::uint64_t record_digest);
    ~ShapeStore();
    ShapeStore(const ShapeStore&) = delete;
    ShapeStore& operator=(const ShapeStore&) = delete;

    // The stored shaping of `text` in `key`, into `out` (whose glyphs' face ids then index
    // faces()); false when there is none (or it fails its check).
    bool find(const FontKey& key, std::string_view text, ShapedText& out);
    // The faces found shapings refer to.
    const std::vector<FaceRef>& faces() const { return faces_; }
    // A shaping to keep: `face_of` names each of its glyphs' face ids.
    void add(const FontKey& key, std::string_view text, const ShapedText& shaped,
             const std::function<FaceRef(int)>& face_of);

    std::size_t found() const { return found_; }
    std::size_t added() const { return added_.size(); }
    std::uint64_t record_digest() const { return record_digest_; }
    // Whether save() would write the main file anew (rather than append to the log).
    bool needs_rewrite() const;
    // Appends this run's entries to the log, or writes the main file anew (see above).
    // False when it could not.
    bool save();

    // The files the store of `language` lives in.
    static std::string file_in(const std::string& directory, const std::string& language);
    static std::string log_in(const std::string& directory, const std::string& language);

private:
    std::string context() const;  // what the store is for: versions, build, language, fonts record
    std::string header(std::uint64_t nonce) const;
    bool decode(const unsigned char* entry, std::size_t total, ShapedText& out);
    bool rewrite();
    bool append_to_log();
    bool spill();                     // pending_ to the spill file
    std::string added_bytes() const;  // this run's entries, spilled and pending, in order

    std::string directory_, language_;
    std::uint64_t record_digest_ = 0;
    // The mapped main file, when it was valid.
    int file_ = -1;
    const unsigned char* data_ = nullptr;
    std::size_t size_ = 0;
    std::uint64_t nonce_ = 0;
    const unsigned char* slots_ = nullptr;    // u32 each: 1 + an entry's offset, 0 for none
    const unsigned char* entries_ = nullptr;
    std::size_t entries_size_ = 0;
    std::uint32_t entry_count_ = 0;
    std::vector<bool> used_;  // by slot
    std::uint64_t seed_ = 0;  // entries' hashes start from the hash of context()
    // The log, read, when it belongs to the main file, and its entries by key.
    std::string log_bytes_;
    const unsigned char* log_ = nullptr;
    std::size_t log_size_ = 0;
    std::size_t log_entries_end_ = 0;  // where its sound entries end
    std::unordered_map<std::string_view, std::uint32_t> log_index_;  // key -> entry offset
    std::vector<std::uint32_t> log_used_;
    bool damaged_ = false;  // an entry failed its check: the next save writes anew
    std::vector<FaceRef> faces_;
    // This run's entries: in the spill file, then pending.
    struct Added {
        std::uint64_t key_hash;
        std::uint32_t size;
    };
    std::vector<Added> added_;
    std::size_t added_bytes_ = 0;
    int spill_file_ = -1;
    std::size_t spilled_ = 0;
    std::string pending_;
    std::string key_;                 // find()'s scratch key
    std::size_t found_ = 0;
};

// The store for the document language `language`, when the cache directory is in use and the
// record of fontconfig's answers was valid and unchanged; else null.
std::shared_ptr<ShapeStore> open_shape_store(const std::string& language);
// Saves what `store` gained if the record of fontconfig's answers is still the one it was
// opened under: appended to the log at once, or the main file written on a thread of its own
// (write_cache_later).
void save_shape_store(const std::shared_ptr<ShapeStore>& store);

}  // namespace galley::layout
