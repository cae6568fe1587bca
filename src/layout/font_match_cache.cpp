#include "layout/font_match_cache.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <fontconfig/fontconfig.h>
#include <sys/stat.h>

#include "layout/cache_files.hpp"
#include "text/hash.hpp"

namespace galley::layout {

namespace {

// Version 2 ends with a line "end", so that a record cut short anywhere, even between two
// lines, is known for one.
constexpr const char* header = "galley-font-matches 2";

// The environment fontconfig reads (configuration and cache places, the default languages).
constexpr const char* environment[] = {"FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT", "FC_LANG",
                                       "LANG",            "LC_ALL",          "LC_CTYPE",           "HOME",
                                       "XDG_CONFIG_HOME", "XDG_DATA_HOME",   "XDG_CACHE_HOME"};

std::string environment_value(const char* name) {
    const char* value = std::getenv(name);
    return value == nullptr ? std::string("\x01unset") : std::string(value);
}

// What a file or directory is now: absent, or its inode, size and modification time.
std::string signature_of(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return "absent";
    return std::to_string(info.st_ino) + ":" + std::to_string(info.st_size) + ":" +
           std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec);
}

bool printable(const std::string& text) {
    return !text.empty() && text.find_first_of("\t\n\r") == std::string::npos;
}

// The user's configuration and font places, which count whether or not they exist yet.
std::vector<std::string> user_places() {
    std::vector<std::string> places;
    const char* home = std::getenv("HOME");
    const std::string home_dir = home != nullptr ? home : "";
    const char* config = std::getenv("XDG_CONFIG_HOME");
    const char* data = std::getenv("XDG_DATA_HOME");
    const std::string config_dir = config != nullptr && config[0] == '/' ? config : home_dir + "/.config";
    const std::string data_dir = data != nullptr && data[0] == '/' ? data : home_dir + "/.local/share";
    for (const std::string& place :
         {config_dir + "/fontconfig", config_dir + "/fontconfig/fonts.conf", config_dir + "/fontconfig/conf.d",
          data_dir + "/fonts", home_dir + "/.fonts.conf", home_dir + "/.fonts.conf.d", home_dir + "/.fonts"})
        places.push_back(place);
    places.push_back("/etc/fonts");
    places.push_back("/etc/fonts/conf.d");
    if (const char* path = std::getenv("FONTCONFIG_PATH")) places.push_back(std::string(path));
    if (const char* file = std::getenv("FONTCONFIG_FILE")) places.push_back(std::string(file));
    return places;
}

void add_strings(FcStrList* list, std::vector<std::string>& out) {
    if (list == nullptr) return;
    while (FcChar8* item = FcStrListNext(list)) out.emplace_back(reinterpret_cast<const char*>(item));
    FcStrListDone(list);
}

// The record's hash: of its lines after the two header lines (never 0).
std::uint64_t body_digest(std::string_view body) {
    const std::uint64_t digest = hash_bytes(body, 0x46'6f'6e'74'52'65'63ull);
    return digest != 0 ? digest : 1;
}

}  // namespace

std::string FontMatchCache::file_in(const std::string& directory) { return directory + "/font-matches"; }

FontMatchCache::FontMatchCache(std::string directory) : directory_(std::move(directory)) {
    if (directory_.empty()) return;
    std::ifstream in(file_in(directory_));
    if (!in) return;
    std::string line;
    if (!std::getline(in, line) || line != header) return;
    if (!std::getline(in, line) || line != "fontconfig " + std::to_string(FcGetVersion())) return;
    std::map<std::string, FontLocation> answers;
    bool ended = false;
    std::string body;  // the lines after the header, for the record's hash
    while (std::getline(in, line)) {
        body += line;
        body += '\n';
        if (ended) return;  // nothing may follow the end
        if (line == "end") {
            ended = true;
            continue;
        }
        const std::size_t space = line.find(' ');
        if (space == std::string::npos) return;
        const std::string kind = line.substr(0, space), rest = line.substr(space + 1);
        const std::size_t tab = rest.find('\t');
        if (kind == "env") {
            const std::size_t equals = rest.find('=');
            if (equals == std::string::npos) return;
            if (environment_value(rest.substr(0, equals).c_str()) != rest.substr(equals + 1)) return;
        } else if (kind == "dep") {
            if (tab == std::string::npos || signature_of(rest.substr(tab + 1)) != rest.substr(0, tab)) return;
        } else if (kind == "answer") {
            const std::size_t second = tab == std::string::npos ? tab : rest.find('\t', tab + 1);
            if (second == std::string::npos) return;
            FontLocation answer;
            answer.path = rest.substr(second + 1);
            try {
                answer.index = std::stoi(rest.substr(tab + 1, second - tab - 1));
            } catch (const std::exception&) {
                return;
            }
            answers[rest.substr(0, tab)] = answer;
        } else {
            return;
        }
    }
    if (!in.eof() || !ended) return;
    answers_ = std::move(answers);
    valid_ = true;
    read_valid_ = true;
    digest_ = body_digest(body);
}

std::optional<FontLocation> FontMatchCache::find(const std::string& question) const {
    if (!valid_) return std::nullopt;
    const auto found = answers_.find(question);
    if (found == answers_.end()) return std::nullopt;
    return found->second;
}

void FontMatchCache::remember(const std::string& question, const FontLocation& answer) {
    if (!printable(question) || (!answer.path.empty() && !printable(answer.path))) return;
    if (!valid_) {  // a stale record's answers are not kept
        answers_.clear();
        valid_ = true;
    }
    answers_[question] = answer;
    changed_ = true;
}

void FontMatchCache::save() {
    if (directory_.empty() || !changed_) return;
    std::vector<std::string> dependencies = user_places();
    std::vector<std::string> files;
    add_strings(FcConfigGetConfigFiles(nullptr), files);
    for (const std::string& file : files) {
        dependencies.push_back(file);
        dependencies.push_back(std::filesystem::path(file).parent_path().string());
    }
    add_strings(FcConfigGetConfigDirs(nullptr), dependencies);
    add_strings(FcConfigGetFontDirs(nullptr), dependencies);
    for (const auto& [question, answer] : answers_)
        if (!answer.path.empty()) dependencies.push_back(answer.path);
    std::sort(dependencies.begin(), dependencies.end());
    dependencies.erase(std::unique(dependencies.begin(), dependencies.end()), dependencies.end());

    std::ostringstream out;
    out << header << '\n' << "fontconfig " << FcGetVersion() << '\n';
    for (const char* name : environment) {
        const std::string value = environment_value(name);
        if (value.find('\n') != std::string::npos) return;  // not recordable: keep no record
        out << "env " << name << '=' << value << '\n';
    }
    for (const std::string& path : dependencies)
        if (printable(path)) out << "dep " << signature_of(path) << '\t' << path << '\n';
    for (const auto& [question, answer] : answers_)
        out << "answer " << question << '\t' << answer.index << '\t' << answer.path << '\n';
    out << "end\n";

    const std::string record = out.str();
    if (!write_cache_file(directory_, file_in(directory_), record)) return;
    changed_ = false;
    // The hash the constructor would take of this record: what was made under the old one is
    // not under this one (shape_store.hpp).
    digest_ = body_digest(std::string_view(record).substr(record.find('\n', record.find('\n') + 1) + 1));
}

namespace {
std::atomic<FontMatchCache*> the_record{nullptr};
}  // namespace

FontMatchCache& font_match_cache() {
    static FontMatchCache* cache = [] {
        auto* record = new FontMatchCache(cache_directory());  // kept to the end
        the_record.store(record);
        return record;
    }();
    return *cache;
}

void save_font_match_cache() {
    FontMatchCache* record = the_record.load();
    if (record == nullptr) return;  // never read: nothing to save
    try {
        const std::lock_guard<std::mutex> lock(font_match_cache_mutex());
        record->save();
    } catch (...) {
        // The record only saves time.
    }
}

std::mutex& font_match_cache_mutex() {
    static std::mutex mutex;
    return mutex;
}

}  // namespace galley::layout
