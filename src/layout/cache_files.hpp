// galley's per-user cache directory and how files are written into it.
//
// Three caches live there, each only ever saving time: parsed hyphenation dictionaries
// (hyphenation_cache.hpp), the record of fontconfig's answers (font_match_cache.hpp) and the
// store of shaped words (shape_store.hpp).
#pragma once

#include <functional>
#include <string>

namespace galley::layout {

// Where cache files go: $XDG_CACHE_HOME/galley, else $HOME/.cache/galley; empty when neither
// is set or GALLEY_NO_CACHE is.
std::string cache_directory();

// Writes `bytes` to the file `target` in `directory` (created if missing) under a temporary
// name, then renames it, so readers never see half a file; false if that failed.
bool write_cache_file(const std::string& directory, const std::string& target, const std::string& bytes);

// Runs `write` (the making and writing of a cache file) on a thread of its own, so the run
// goes on meanwhile; finish_cache_writes() waits for all of them, and saves the record of
// fontconfig's answers if it gained any (the CLI calls it before it exits, as a process
// leaving with _Exit would cut them short, and its font sets are taken apart on the
// background thread, which may not have got to them).
void write_cache_later(std::function<void()> write);
void finish_cache_writes();

}  // namespace galley::layout
