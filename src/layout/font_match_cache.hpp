// A per-user record of fontconfig's answers, so that most runs need not start fontconfig.
//
// Starting fontconfig means parsing its XML configuration (some 60 files on Debian): ~8 ms,
// on a run that takes 50. The layout asks it only a handful of questions — which file is
// "Charis SIL" bold, which face has U+0101 — and the answers change only when the fonts or
// the configuration do. So the answers are kept in the cache directory (cache_files.hpp),
// beside the hyphenation cache, with what they depend on, the way fontconfig validates its own
// caches: the date, size and inode of every configuration file and directory fontconfig
// read, of every font directory it scanned, of the user's configuration and font directories
// whether or not they exist yet, and of each answer's font file; the environment variables
// fontconfig reads; and fontconfig's version. A record whose dependencies all still hold is
// used as it is; any change and it is ignored, fontconfig is started, and the record is made
// again. Answers are the same either way (a test compares them).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace galley::layout {

// Where a face is: a file and a face index; an empty path says no installed face has it.
struct FontLocation {
    std::string path;
    int index = 0;
    bool operator==(const FontLocation&) const = default;
};

class FontMatchCache {
public:
    // The record in `directory` (the galley cache directory; empty disables the record).
    explicit FontMatchCache(std::string directory);

    // Whether the record was read and everything it depends on still holds.
    bool valid() const { return valid_; }
    // A hash of the record, while it was read valid when the process started and has gained
    // no answers since, else 0. What depends on the answers (the store of shaped words,
    // shape_store.hpp) is trusted only under the same record, unchanged.
    std::uint64_t stable_digest() const { return read_valid_ && valid_ && !changed_ ? digest_ : 0; }
    // A remembered answer (only while valid()).
    std::optional<FontLocation> find(const std::string& question) const;
    // Remember an answer fontconfig gave; written by save().
    void remember(const std::string& question, const FontLocation& answer);
    // Writes the record when answers were added or it was not valid, under a temporary name
    // then renamed. Call only with fontconfig started: the record lists what it read.
    void save();

    // The file the record lives in.
    static std::string file_in(const std::string& directory);

private:
    std::string directory_;
    bool valid_ = false;
    bool changed_ = false;
    bool read_valid_ = false;
    std::uint64_t digest_ = 0;
    std::map<std::string, FontLocation> answers_;
};

// The process's record, read once (thread-safe); the lock guards finds, remembers and saves.
FontMatchCache& font_match_cache();
std::mutex& font_match_cache_mutex();
// Saves the process's record if it was read and gained answers (FontSet's destructor does too;
// this is for a process about to leave before its font sets are taken apart).
void save_font_match_cache();

}  // namespace galley::layout
