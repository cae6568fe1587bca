// The first step of every text reader: check that the bytes are UTF-8 and cut them into lines,
// remembering where each character stood in the original file.
#pragma once

#include "text/utf8.hpp"

#include <string>
#include <vector>

namespace galley {

struct SourceLine {
    int number = 0;              // 1-based line number in the original file
    std::u32string text;         // tabs as spaces, control characters dropped, no trailing spaces
    // columns[i] is the 1-based original column of text[i]; empty when that is i + 1 for
    // every character (no control character was dropped), as on nearly every line.
    std::vector<int> columns;
    int column(std::size_t index) const { return columns.empty() ? static_cast<int>(index) + 1 : columns[index]; }
    std::size_t byte_begin = 0;  // the line's bytes in the input, without the line end
    std::size_t byte_end = 0;
};

// Whitespace that separates words and may be collapsed: ASCII space and the Unicode White_Space
// characters that allow a break. No-break spaces (U+00A0, U+2007, U+202F) are not in it, and
// neither are U+2060 WORD JOINER or U+00AD SOFT HYPHEN, which are not White_Space at all.
bool is_non_ascii_collapsible_space(char32_t character);
inline bool is_collapsible_space(char32_t character) {
    if (character < 0x80) return character == U' ' || character == U'\t';
    return is_non_ascii_collapsible_space(character);
}

// Characters that must never reach the model: C0 controls other than tab, DEL, C1 controls,
// and U+FFFE/U+FFFF. None of them may appear in XML.
bool is_dropped_control(char32_t character);

// Split `bytes` into lines at LF, CRLF or a lone CR, skipping a leading byte order mark.
// Throws galley::Error (DataError) naming `name`, line and column for invalid UTF-8 (overlong
// forms, surrogates and code points beyond U+10FFFF included) and for NUL bytes.
std::vector<SourceLine> split_source_lines(const std::string& bytes, const std::string& name);

std::string to_utf8(const std::u32string& text);

}  // namespace galley
