#include "layout/cache_files.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <vector>

#include "atomic_file.hpp"
#include "layout/font_match_cache.hpp"
#include "worker.hpp"

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

namespace {

std::mutex& writes_mutex() {
    static std::mutex mutex;
    return mutex;
}

std::vector<Worker>& writes() {
    static auto* workers = new std::vector<Worker>;  // kept to the end; finish_cache_writes joins them
    return *workers;
}

}  // namespace

void write_cache_later(std::function<void()> write) {
    Worker worker([write = std::move(write)] {
        try {
            write();
        } catch (...) {
            // Only time was to be saved.
        }
    });
    const std::lock_guard<std::mutex> lock(writes_mutex());
    writes().push_back(std::move(worker));
}

void finish_cache_writes() {
    save_font_match_cache();
    std::vector<Worker> pending;
    {
        const std::lock_guard<std::mutex> lock(writes_mutex());
        pending.swap(writes());
    }
    for (Worker& worker : pending) worker.join();
}

}  // namespace galley::layout
