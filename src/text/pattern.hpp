// Regular expressions over UTF-8 text, backed by ICU.
//
// std::regex is both slow to compile (libstdc++ spent most of a run building its automata)
// and byte-oriented, so `\b`, `\w` and case folding go wrong on "publié" or "ursprünglich".
// ICU's regular expressions work on code points and compile quickly. The matcher runs on a
// UTF-8 UText, so every position it reports is a byte offset into the caller's string and
// groups are cut from that string unchanged.
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

// A compiled pattern (ICU syntax). Meant to be function-static: compiled once, reused.
// It keeps one matcher for reuse; a second thread that finds it in use gets a matcher of its
// own for that call, so one object may be used by two threads at once (the transforms split
// a book's lines over two).
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

    struct Compiled;  // (opaque: ICU's pattern and matcher, in pattern.cpp)

private:
    std::unique_ptr<Compiled> compiled_;
};

// ICU builds its regular expressions' shared character sets (\w, \s, the rules of \b...) on
// the first compile in a process: 7.5 M instructions, ~1.5 ms. This has that done on the
// background thread (run_in_background), for a caller with other work to do first (the CLI
// loads a style); a compile that comes while it runs waits for it, one that comes before it
// starts does it.
void prefetch_patterns();

}  // namespace galley
