// Regular expressions over UTF-8 text, backed by PCRE2.
//
// std::regex is both slow to compile (libstdc++ spent most of a run building its automata)
// and byte-oriented, so `\b`, `\w` and case folding go wrong on "publié" or "ursprünglich".
// PCRE2 in UTF mode with Unicode properties (UCP) matches by code point, and works on the
// UTF-8 bytes themselves: every position it reports is a byte offset into the caller's string
// and groups are cut from that string unchanged. (ICU's regular expressions, used before,
// build their shared character sets on a process's first compile: 7.5 M instructions, a tenth
// of the sample article's whole run. PCRE2's Unicode tables are compiled in.)
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace galley {

enum class PatternCase { Sensitive, Insensitive };

// One match. Group 0 is the whole match; a group that took no part has an empty text and
// position std::string::npos.
struct PatternMatch {
    std::vector<std::string> groups;
    std::vector<std::size_t> positions;  // byte offsets into the searched text

    const std::string& operator[](std::size_t group) const { return groups[group]; }
    bool matched(std::size_t group) const { return positions[group] != std::string::npos; }
    std::size_t position(std::size_t group) const { return positions[group]; }
};

// A compiled pattern (PCRE2 syntax: Perl's, which for what galley uses is also ICU's). Meant
// to be function-static: compiled once, reused. It keeps one match-data block for reuse; a
// second thread that finds it in use gets one of its own for that call, so one object may be
// used by two threads at once (the transforms split a book's lines over two).
class TextPattern {
public:
    // Throws std::logic_error if the pattern does not compile: that is a programming error.
    explicit TextPattern(std::string_view pattern, PatternCase letter_case = PatternCase::Sensitive);
    ~TextPattern();
    TextPattern(const TextPattern&) = delete;
    TextPattern& operator=(const TextPattern&) = delete;

    // The first match anywhere in text.
    std::optional<PatternMatch> search(std::string_view text) const;
    // A match of the whole text.
    std::optional<PatternMatch> match(std::string_view text) const;
    bool found_in(std::string_view text) const;
    bool matches(std::string_view text) const;
    // The pieces of text between matches (like a split on a separator); a trailing empty piece
    // is left out.
    std::vector<std::string> split(std::string_view text) const;

    struct Compiled;  // (opaque: PCRE2's pattern and match data, in pattern.cpp)

private:
    std::unique_ptr<Compiled> compiled_;
};

}  // namespace galley
