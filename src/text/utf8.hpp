// UTF-8 encoding in one place for every stage (readers, backends, layout).
#pragma once

#include <string>

#include <unicode/utf8.h>

namespace galley {

// Append one code point (which must be a valid scalar value) to `out` as UTF-8.
inline void append_utf8(std::string& out, char32_t code_point) {
    char buffer[U8_MAX_LENGTH];
    int length = 0;
    U8_APPEND_UNSAFE(buffer, length, static_cast<UChar32>(code_point));
    out.append(buffer, static_cast<std::size_t>(length));
}

}  // namespace galley
