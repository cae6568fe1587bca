#include "layout/cache_files.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "atomic_file.hpp"

namespace galley::layout {

std::string cache_directory() {
    if (std::getenv("GALLEY_NO_CACHE") != nullptr) return {};
    if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache != nullptr && cache[0] == '/')
        return std::string(cache) + "/galley";
    if (const char* home = std::getenv("HOME"); home != nullptr && home[0] == '/')
        return std::string(home) + "/.cache/galley";
    return {};
}

bool write_cache_file(const std::string& directory, const std::string& target, const std::string& bytes) {
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    // Not durable: a cache file lost in a power cut only costs the next run some time.
    return !error && !write_atomically(target, bytes, /*durable=*/false);
}

}  // namespace galley::layout
