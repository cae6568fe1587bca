// A per-user cache of parsed hyphenation dictionaries.
//
// libhyphen parses a dictionary's text into a pattern automaton on every load: ~40 M
// instructions (12 ms here) for en-US, as much as the rest of the layout of an article. The
// parsed automaton is written to a cache file once and read back on later runs in well under
// a millisecond — the way fontconfig keeps its font caches. A cache file is keyed by the
// dictionary's path, size and modification time, checked field by field when read; a cache
// that is missing, stale, unreadable or damaged is ignored (and rewritten), so the cache can
// only ever save time. Set GALLEY_NO_CACHE to bypass it.
#pragma once

#include <memory>
#include <string>

struct _HyphenDict;

namespace galley::layout {

// The parsed dictionary of `path` from the cache in `cache_directory`, or null when there is
// no valid entry. Its pieces live in one mapping that the pointer frees: not hnj_hyphen_free.
std::shared_ptr<_HyphenDict> read_cached_dictionary(const std::string& path, const std::string& cache_directory);

// Store a dictionary parsed from `path` (best effort: errors are ignored; the file is written
// under a temporary name and renamed, so readers never see half a file).
void write_cached_dictionary(const std::string& path, const _HyphenDict& dictionary,
                             const std::string& cache_directory);

// The cache file for `path` (whether or not it exists).
std::string cached_dictionary_file(const std::string& path, const std::string& cache_directory);

}  // namespace galley::layout
