// UTF-8 encoding and decoding in one place for every stage (readers, backends, layout).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <unicode/utf8.h>

namespace galley {

// The bytes append_utf8 (and ICU's U8_APPEND_UNSAFE) write for `code_point`: for sizing a
// buffer that is then written through a cursor.
inline std::size_t utf8_length(char32_t code_point) {
    return code_point < 0x80 ? 1 : code_point < 0x800 ? 2 : code_point < 0x10000 ? 3 : 4;
}

// Append one code point (which must be a valid scalar value) to `out` as UTF-8.
inline void append_utf8(std::string& out, char32_t code_point) {
    char buffer[U8_MAX_LENGTH];
    int length = 0;
    U8_APPEND_UNSAFE(buffer, length, static_cast<UChar32>(code_point));
    out.append(buffer, static_cast<std::size_t>(length));
}

// The code point at `offset`, advancing `offset` past it. An ill-formed sequence reads as
// U+FFFD and is skipped as ICU skips it (its maximal valid prefix).
inline char32_t next_code_point(std::string_view text, std::size_t& offset) {
    const auto length = static_cast<std::int32_t>(text.size());
    auto index = static_cast<std::int32_t>(offset);
    UChar32 code_point = 0;
    U8_NEXT(reinterpret_cast<const std::uint8_t*>(text.data()), index, length, code_point);
    offset = static_cast<std::size_t>(index);
    return code_point < 0 ? U'\uFFFD' : static_cast<char32_t>(code_point);
}

}  // namespace galley
