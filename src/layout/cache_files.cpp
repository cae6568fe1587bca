#include "layout/cache_files.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <sys/stat.h>
#include <unistd.h>

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
    if (error) return false;
    std::string temporary = target + ".XXXXXX";
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0) return false;
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n <= 0) break;
        written += std::size_t(n);
    }
    ::fchmod(fd, 0644);
    const bool closed = ::close(fd) == 0;
    if (written != bytes.size() || !closed || std::rename(temporary.c_str(), target.c_str()) != 0) {
        ::unlink(temporary.c_str());
        return false;
    }
    return true;
}

}  // namespace galley::layout
