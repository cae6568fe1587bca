// Helpers for tests that run the galley command line as a user would.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>
#include <sys/wait.h>

namespace galley_test {

struct CommandResult {
    int exit_code = -1;
    std::string output;  // stdout and stderr together
};

inline CommandResult run_command(const std::string& command) {
    CommandResult result;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return result;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

inline std::string quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

inline std::string galley_command(const std::string& arguments) {
    return quote(GALLEY_BINARY) + " " + arguments;
}

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline void write_file(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

// A fresh, empty directory under the system temp dir, removed when the object goes away.
struct TempDir {
    std::filesystem::path path;
    explicit TempDir(const std::string& tag) {
        std::string pattern = (std::filesystem::temp_directory_path() / ("galley-" + tag + "-XXXXXX")).string();
        if (::mkdtemp(pattern.data())) path = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

// Runs galley on `input`, writing into `out_dir`, with `environment` (VAR=value ...) and a fixed
// SOURCE_DATE_EPOCH. What it said has `out_dir` written as OUT, so that runs into different
// places compare.
inline CommandResult run_into(const std::string& environment, const std::filesystem::path& out_dir,
                              const std::filesystem::path& input) {
    CommandResult result = run_command("SOURCE_DATE_EPOCH=1700000000 " + environment + " " +
                                       galley_command("-o " + quote(out_dir.string()) + " " + quote(input.string())));
    const std::string place = out_dir.string();
    for (std::size_t at = result.output.find(place); at != std::string::npos; at = result.output.find(place))
        result.output.replace(at, place.size(), "OUT");
    return result;
}

// The .txt files of a directory, sorted.
inline std::vector<std::filesystem::path> text_files(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.path().extension() == ".txt") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

// The real articles of ../shared/corpus, and those with the project's own samples in data/.
inline std::vector<std::filesystem::path> corpus_texts() { return text_files(GALLEY_SHARED_DIR "/corpus"); }
inline std::vector<std::filesystem::path> corpus_and_sample_texts() {
    std::vector<std::filesystem::path> files = corpus_texts();
    for (const auto& sample : text_files(GALLEY_SOURCE_DIR "/data")) files.push_back(sample);
    std::sort(files.begin(), files.end());
    return files;
}

inline std::size_t count_files(const std::filesystem::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++n;
    return n;
}

}  // namespace galley_test
