#include "layout/hyphenation.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include <hyphen.h>
#include <unicode/uchar.h>

#include "layout/fonts.hpp"
#include "layout/cache_files.hpp"
#include "layout/hyphenation_cache.hpp"
#include "worker.hpp"

namespace galley::layout {

namespace {

const char* const dictionary_directory = "/usr/share/hyphen/";

// The dictionary for a language: the exact region first ("de-AT" -> hyph_de_AT.dic), then the
// language alone, then its home region (es -> hyph_es_ES.dic: Debian's Spanish dictionaries
// all carry a region), then any region of it. None for a language that has no dictionary:
// its words are left whole rather than broken by another language's patterns. English
// without a dictionary of its region takes en-US.
std::string find_dictionary(const std::string& language) {
    std::string tag = language.empty() ? "en-US" : language;
    for (char& c : tag)
        if (c == '-') c = '_';
    const auto underscore = tag.find('_');
    const std::string base = tag.substr(0, underscore);
    std::string home = base;
    for (char& c : home) c = char(std::toupper(static_cast<unsigned char>(c)));
    std::vector<std::string> candidates{tag, base, base + "_" + home};
    if (base == "en") candidates.push_back("en_US");
    for (const auto& candidate : candidates) {
        const std::string path = std::string(dictionary_directory) + "hyph_" + candidate + ".dic";
        if (std::filesystem::exists(path)) return path;
    }
    std::vector<std::string> regional;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dictionary_directory, error)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("hyph_" + base + "_", 0) == 0 && name.size() > 4 && name.ends_with(".dic"))
            regional.push_back(entry.path().string());
    }
    std::sort(regional.begin(), regional.end());  // the same choice on every machine
    return regional.empty() ? std::string() : regional.front();
}

// Load a dictionary. Some (German: 69,000 whole words with their compound boundaries before
// the Liang patterns, as libhyphen's first of two levels) take libhyphen seconds to load —
// 3.5 s for hyph_de_DE.dic on this machine. For those only the second level, the TeX patterns,
// is loaded (23 ms), through an in-memory copy of the file.
HyphenDict* load_dictionary(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string line, charset;
    std::getline(in, charset);
    std::size_t first_level_lines = 0;
    bool two_levels = false;
    std::ostringstream second_level;
    second_level << charset << '\n';
    while (std::getline(in, line)) {
        if (!two_levels) {
            if (line.rfind("NEXTLEVEL", 0) == 0)
                two_levels = true;
            else
                ++first_level_lines;
        } else {
            second_level << line << '\n';
        }
    }
    constexpr std::size_t slow_first_level = 10000;
    if (!two_levels || first_level_lines < slow_first_level) return hnj_hyphen_load(path.c_str());
    std::string text = second_level.str();
    FILE* memory = fmemopen(text.data(), text.size(), "r");
    if (memory == nullptr) return hnj_hyphen_load(path.c_str());
    HyphenDict* dictionary = hnj_hyphen_load_file(memory);
    std::fclose(memory);
    return dictionary;
}

// Loaded dictionaries, shared by every Hyphenator of the process: a run that formats many
// articles parses each dictionary once, and prefetch_hyphenation() can start the parse on
// another thread while the article is still being read. Dictionaries are only read once
// loaded (hnj_hyphen_hyphenate2 does not change them).
struct DictionaryDeleter {
    void operator()(HyphenDict* dictionary) const {
        if (dictionary != nullptr) hnj_hyphen_free(dictionary);
    }
};
using SharedDictionary = std::shared_ptr<HyphenDict>;

std::mutex dictionaries_mutex;
// Kept to the end of the process on purpose: freeing a parsed dictionary at exit costs
// libhyphen ~5 M instructions for nothing.
std::map<std::string, std::shared_future<SharedDictionary>>& dictionaries() {
    static auto* loaded = new std::map<std::string, std::shared_future<SharedDictionary>>;
    return *loaded;
}

// The dictionary at `path`, loaded by the first thread that waits for it (with `background`,
// the background thread is asked to be that thread) unless it is loaded or loading already.
std::shared_future<SharedDictionary> dictionary_at(const std::string& path, bool background) {
    std::lock_guard<std::mutex> lock(dictionaries_mutex);
    std::shared_future<SharedDictionary>& slot = dictionaries()[path];
    if (!slot.valid()) {
        auto load = [path] {
            // The parsed form from the per-user cache when it holds this very file, else parse
            // it (and cache the result for the next run).
            const std::string cache = cache_directory();
            if (SharedDictionary cached = read_cached_dictionary(path, cache)) return cached;
            HyphenDict* parsed = load_dictionary(path);
            if (parsed != nullptr) write_cached_dictionary(path, *parsed, cache);
            return SharedDictionary(parsed, DictionaryDeleter{});
        };
        // Deferred: a Hyphenator that needs it before the background thread gets to it loads it
        // itself (the job then finds it loaded), and one that comes while it loads waits.
        slot = std::async(std::launch::deferred, load).share();
        if (background) run_in_background([dictionary = slot] { dictionary.wait(); });
    }
    return slot;
}

bool is_letter(char32_t c) {
    return u_isalpha(static_cast<UChar32>(c)) || u_charType(static_cast<UChar32>(c)) == U_NON_SPACING_MARK;
}
bool is_hyphen(char32_t c) { return c == U'-' || c == 0x2010; }

}  // namespace

Hyphenator::Hyphenator(const std::string& language, int min_before, int min_after,
                       const std::vector<std::string>& exceptions)
    : min_before_(min_before), min_after_(min_after) {
    dictionary_path_ = find_dictionary(language);
    if (!dictionary_path_.empty()) {
        const SharedDictionary shared = dictionary_at(dictionary_path_, false).get();
        HyphenDict* dictionary = shared.get();
        dictionary_ = dictionary;
        keep_alive_ = shared;
        if (dictionary != nullptr) {
            const std::string charset = dictionary->cset;
            latin1_ = charset.find("8859-1") != std::string::npos;
        }
    }
    for (const std::string& entry : exceptions) {
        std::u32string word;
        std::vector<int> points;
        for (std::size_t offset = 0; offset < entry.size();) {
            const char32_t c = decode_utf8(entry, offset);
            if (is_hyphen(c))
                points.push_back(int(word.size()));
            else
                word += char32_t(u_tolower(static_cast<UChar32>(c)));
        }
        exceptions_[word] = points;
    }
}

Hyphenator::~Hyphenator() = default;

void prefetch_hyphenation(const std::string& language) {
    const std::string path = find_dictionary(language);
    if (!path.empty()) dictionary_at(path, true);
}

const std::vector<HyphenPoint>& Hyphenator::points(std::string_view word) {
    if (const auto found = cache_.find(word); found != cache_.end()) return found->second;
    return cache_.emplace(std::string(word), compute(word)).first->second;
}

std::string Hyphenator::show(std::string_view word) {
    std::string out;
    std::size_t last = 0;
    for (const HyphenPoint& point : points(word)) {
        out.append(word.substr(last, std::size_t(point.offset) - last));
        if (!point.explicit_hyphen) out += '-';
        last = std::size_t(point.offset);
    }
    out.append(word.substr(last));
    return out;
}

void Hyphenator::pattern_points(const std::u32string& lower, std::vector<int>& result) {
    result.clear();
    if (dictionary_ == nullptr) return;
    std::string& encoded = scratch_.encoded;
    std::vector<int>& last_byte_of = scratch_.last_byte_of;  // byte index -> code point index when it ends one, else -1
    encoded.clear();
    last_byte_of.clear();
    for (std::size_t i = 0; i < lower.size(); ++i) {
        if (latin1_) {
            if (lower[i] > 0xFF) return;  // not representable: leave the word whole
            encoded += char(lower[i]);
        } else {
            append_utf8(encoded, lower[i]);
        }
        last_byte_of.resize(encoded.size(), -1);
        last_byte_of.back() = int(i);
    }
    std::vector<char>& hyphens = scratch_.hyphens;
    hyphens.assign(encoded.size() + 5, '0');
    char** replacements = nullptr;
    int* positions = nullptr;
    int* cuts = nullptr;
    hnj_hyphen_hyphenate2(static_cast<HyphenDict*>(dictionary_), encoded.c_str(), int(encoded.size()),
                          hyphens.data(), nullptr, &replacements, &positions, &cuts);
    for (std::size_t byte = 0; byte + 1 < encoded.size(); ++byte) {
        if ((hyphens[byte] - '0') % 2 == 0 || last_byte_of[byte] < 0) continue;
        // A non-standard break (a spelling change such as German "ck" -> "k-k") we cannot set.
        if (replacements != nullptr && replacements[byte] != nullptr) continue;
        result.push_back(last_byte_of[byte] + 1);
    }
    if (replacements != nullptr) {
        for (std::size_t i = 0; i < encoded.size(); ++i) std::free(replacements[i]);
        std::free(replacements);
    }
    std::free(positions);
    std::free(cuts);
}

std::vector<HyphenPoint> Hyphenator::compute(std::string_view word) {
    std::vector<HyphenPoint> result;
    std::u32string& characters = scratch_.characters;
    std::vector<int>& byte_offset = scratch_.byte_offset;  // of each character, plus the end
    characters.clear();
    byte_offset.clear();
    for (std::size_t offset = 0; offset < word.size();) {
        byte_offset.push_back(int(offset));
        characters += decode_utf8(word, offset);
    }
    byte_offset.push_back(int(word.size()));

    // Words that are never broken at a line end except at their own hyphens.
    const std::string_view text = word;
    if (text.find("://") != std::string_view::npos || text.find("www.") != std::string_view::npos ||
        text.find('@') != std::string_view::npos || text.find('/') != std::string_view::npos)
        return result;
    int letters = 0, upper = 0;
    bool has_digit = false, inner_capital = false, has_explicit_hyphen = false;
    for (std::size_t i = 0; i < characters.size(); ++i) {
        const auto c = static_cast<UChar32>(characters[i]);
        if (u_isdigit(c)) has_digit = true;
        if (is_hyphen(characters[i]) && i > 0 && i + 1 < characters.size() && is_letter(characters[i - 1]))
            has_explicit_hyphen = true;
        if (!is_letter(characters[i])) continue;
        ++letters;
        if (u_isupper(c)) {
            ++upper;
            if (i > 0 && is_letter(characters[i - 1])) inner_capital = true;
        }
    }
    if (has_digit) return result;
    if (letters >= 2 && upper == letters) return result;  // all capitals: an acronym or a shout
    if (inner_capital) return result;                      // ProPublica, WhatsApp, iPhone

    // Soft hyphens: the author has said where the word breaks.
    if (text.find("\u00AD") != std::string_view::npos) {
        for (std::size_t i = 0; i + 1 < characters.size(); ++i)
            if (characters[i] == 0xAD && i > 0) result.push_back(HyphenPoint{byte_offset[i + 1], false});
        return result;
    }
    if (has_explicit_hyphen) {
        for (std::size_t i = 1; i + 1 < characters.size(); ++i)
            if (is_hyphen(characters[i]) && is_letter(characters[i - 1]) && is_letter(characters[i + 1]))
                result.push_back(HyphenPoint{byte_offset[i + 1], true});
        return result;
    }

    // Hyphenate each run of letters ("Utterson’s" is "Utterson" and "s").
    for (std::size_t begin = 0; begin < characters.size();) {
        if (!is_letter(characters[begin])) {
            ++begin;
            continue;
        }
        std::size_t end = begin;
        while (end < characters.size() && is_letter(characters[end])) ++end;
        std::u32string& lower = scratch_.lower;
        lower.clear();
        for (std::size_t i = begin; i < end; ++i) lower += char32_t(u_tolower(static_cast<UChar32>(characters[i])));
        const int length = int(end - begin);
        std::vector<int>& found = scratch_.found;
        found.clear();
        if (const auto exception = exceptions_.find(lower); exception != exceptions_.end())
            found = exception->second;
        else if (length >= min_before_ + min_after_)
            pattern_points(lower, found);
        for (int point : found)
            if (point >= min_before_ && length - point >= min_after_)
                result.push_back(HyphenPoint{byte_offset[begin + std::size_t(point)], false});
        begin = end;
    }
    return result;
}

}  // namespace galley::layout
