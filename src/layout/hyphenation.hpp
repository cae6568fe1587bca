// Hyphenation: where a word may be broken at a line end.
//
// Liang patterns through libhyphen with Debian's dictionaries, chosen by language; an
// exception list checked first; explicit hyphens split by us; and words that must never be
// broken (digits, URLs, all capitals, inner capitals such as "ProPublica") left whole.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace galley::layout {

struct HyphenPoint {
    int offset = 0;               // byte offset into the word: a break may come before this byte
    bool explicit_hyphen = false; // the break follows a hyphen already in the text (none is added)
};

// Have the background thread load the dictionary for `language` (parsing one takes libhyphen
// ~10 ms; reading it from the cache ~1 ms), so that a Hyphenator made later finds it ready;
// one made before the thread gets to it loads it itself. Dictionaries are loaded once per
// process and shared.
void prefetch_hyphenation(const std::string& language);

class Hyphenator {
public:
    // `language` is a BCP 47 tag ("en-US", "fr", "de-DE"); unknown languages fall back to
    // en-US. `exceptions` are words in "coun-ter-ter-ror" form.
    Hyphenator(const std::string& language, int min_before, int min_after,
               const std::vector<std::string>& exceptions);
    ~Hyphenator();
    Hyphenator(const Hyphenator&) = delete;
    Hyphenator& operator=(const Hyphenator&) = delete;

    // The break points of a whitespace-free token (which may carry punctuation: "“Encryption,”").
    const std::vector<HyphenPoint>& points(std::string_view word);

    // The word with a "-" at every discretionary point (explicit hyphens stay as they are):
    // "encryption" -> "en-cryp-tion". For tests and --explain.
    std::string show(std::string_view word);

    const std::string& dictionary_path() const { return dictionary_path_; }

private:
    std::vector<HyphenPoint> compute(std::string_view word);
    // Code point indices into `lower_core`, into `points`.
    void pattern_points(const std::u32string& lower_core, std::vector<int>& points);

    void* dictionary_ = nullptr;  // HyphenDict*, shared with other Hyphenators of the process
    std::shared_ptr<void> keep_alive_;  // holds the shared dictionary
    bool latin1_ = false;         // the dictionary's charset is ISO 8859-1, not UTF-8
    std::string dictionary_path_;
    int min_before_, min_after_;
    std::unordered_map<std::u32string, std::vector<int>> exceptions_;  // lower-case -> code point indices
    // Looked up by string_view (no key string made per query).
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };
    std::unordered_map<std::string, std::vector<HyphenPoint>, Hash, std::equal_to<>> cache_;
    // Working space of compute() and pattern_points(), kept from word to word (a Hyphenator
    // serves one thread): a book's words made ~140,000 allocations of them.
    struct Scratch {
        std::u32string characters, lower;
        std::vector<int> byte_offset, found, last_byte_of;
        std::string encoded;
        std::vector<char> hyphens;
    } scratch_;
};

}  // namespace galley::layout
