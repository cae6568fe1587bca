// galley's per-user cache directory and how files are written into it.
//
// Two caches live there, each only ever saving time: parsed hyphenation dictionaries
// (hyphenation_cache.hpp) and the record of fontconfig's answers (font_match_cache.hpp).
#pragma once

#include <string>

namespace galley::layout {

// Where cache files go: $XDG_CACHE_HOME/galley, else $HOME/.cache/galley; empty when neither
// is set or GALLEY_NO_CACHE is.
std::string cache_directory();

// Writes `bytes` to the file `target` in `directory` (created if missing) under a temporary
// name, then renames it, so readers never see half a file; false if that failed.
bool write_cache_file(const std::string& directory, const std::string& target, const std::string& bytes);

}  // namespace galley::layout
