#include "read/source_text.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include <unicode/uchar.h>

#include "model/error.hpp"

namespace galley {

bool is_non_ascii_collapsible_space(char32_t character) {
    // u_isWhitespace is the Java definition: White_Space minus the no-break spaces.
    return u_isWhitespace(static_cast<UChar32>(character)) != 0;
}

bool is_dropped_control(char32_t character) {
    if (character < 0x20) return character != U'\t' && character != U'\n' && character != U'\r';
    return character == 0x7F || (character >= 0x80 && character <= 0x9F) || character == 0xFFFE ||
           character == 0xFFFF;
}


std::string to_utf8(const std::u32string& text) {
    // (Sized exactly: a paragraph's string is kept in the document as it is made here.)
    std::size_t size = 0;
    for (char32_t character : text) size += static_cast<std::size_t>(U8_LENGTH(static_cast<UChar32>(character)));
    std::string out;
    out.reserve(size);
    for (char32_t character : text) {
        if (character < 0x80) out += static_cast<char>(character);
        else append_utf8(out, character);
    }
    return out;
}

namespace {

std::string byte_message(unsigned char byte, const char* why) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned>(byte));
    return std::string("invalid UTF-8 (byte ") + hex + "): " + why;
}

// Decodes one UTF-8 sequence at `bytes[at]` (which is not ASCII) following the well-formed
// byte sequences of Unicode table 3-7. On success sets `character` and returns the length; on
// failure returns 0 and sets `why`.
std::size_t decode_sequence(const std::string& bytes, std::size_t at, char32_t& character, const char*& why) {
    const auto byte = [&](std::size_t index) { return static_cast<unsigned char>(bytes[index]); };
    const unsigned char lead = byte(at);
    std::size_t length = 0;
    unsigned char second_low = 0x80, second_high = 0xBF;
    if (lead < 0xC0) {
        why = "a continuation byte without a lead byte";
        return 0;
    } else if (lead < 0xC2) {
        why = "an overlong form";
        return 0;
    } else if (lead < 0xE0) {
        length = 2;
        character = lead & 0x1F;
    } else if (lead < 0xF0) {
        length = 3;
        character = lead & 0x0F;
        if (lead == 0xE0) second_low = 0xA0;
        if (lead == 0xED) second_high = 0x9F;
    } else if (lead < 0xF5) {
        length = 4;
        character = lead & 0x07;
        if (lead == 0xF0) second_low = 0x90;
        if (lead == 0xF4) second_high = 0x8F;
    } else {
        why = "a byte that never occurs in UTF-8";
        return 0;
    }
    if (at + 1 >= bytes.size() || byte(at + 1) < 0x80 || byte(at + 1) > 0xBF) {
        why = "an incomplete sequence";
        return 0;
    }
    const unsigned char second = byte(at + 1);
    if (second < second_low) {
        why = "an overlong form";
        return 0;
    }
    if (second > second_high) {
        why = lead == 0xED ? "an encoded surrogate" : "a code point beyond U+10FFFF";
        return 0;
    }
    character = (character << 6) | (second & 0x3F);
    for (std::size_t index = 2; index < length; ++index) {
        if (at + index >= bytes.size() || byte(at + index) < 0x80 || byte(at + index) > 0xBF) {
            why = "an incomplete sequence";
            return 0;
        }
        character = (character << 6) | (byte(at + index) & 0x3F);
    }
    return length;
}

void finish_line(SourceLine& line, std::size_t byte_end, std::vector<SourceLine>& lines) {
    line.byte_end = byte_end;
    while (!line.text.empty() && is_collapsible_space(line.text.back())) {
        line.text.pop_back();
        if (!line.columns.empty()) line.columns.pop_back();
    }
    lines.push_back(std::move(line));
}

}  // namespace

std::vector<SourceLine> split_source_lines(const std::string& bytes, const std::string& name) {
    std::vector<SourceLine> lines;
    // Room for every line at once: a book's lines copied through each doubling of the vector
    // cost more in fresh pages than in copying. (A file of lone CRs grows it as it goes.)
    lines.reserve(static_cast<std::size_t>(std::count(bytes.begin(), bytes.end(), '\n')) + 1);
    std::size_t at = 0;
    if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) at = 3;

    SourceLine line;
    line.number = 1;
    line.byte_begin = at;
    int column = 1;
    // (Most lines keep every character, so that text[i] stood in column i + 1: their columns
    // are written down only from the first dropped character on.)
    bool shifted = false;
    // The line's text is made as long as its bytes at the start, which it never exceeds.
    auto start_line = [&] {
        const char* begin = bytes.data() + at;
        std::size_t length = bytes.size() - at;
        if (const void* feed = std::memchr(begin, '\n', length)) length = static_cast<std::size_t>(static_cast<const char*>(feed) - begin);
        if (const void* ret = std::memchr(begin, '\r', length)) length = static_cast<std::size_t>(static_cast<const char*>(ret) - begin);
        line.text.reserve(length);
    };
    start_line();
    while (at < bytes.size()) {
        const auto byte = static_cast<unsigned char>(bytes[at]);
        char32_t character = byte;
        std::size_t length = 1;
        if (byte == '\n' || byte == '\r') {
            const std::size_t end = at;
            at += (byte == '\r' && at + 1 < bytes.size() && bytes[at + 1] == '\n') ? 2 : 1;
            const int number = line.number;
            finish_line(line, end, lines);
            line = SourceLine{};
            line.number = number + 1;
            line.byte_begin = at;
            column = 1;
            shifted = false;
            start_line();
            continue;
        }
        if (byte >= 0x20 && byte < 0x7F) {
            // A run of printable ASCII (most of most texts) is copied whole, a byte a character.
            std::size_t end = at + 1;
            while (end < bytes.size() && static_cast<unsigned char>(bytes[end]) >= 0x20 &&
                   static_cast<unsigned char>(bytes[end]) < 0x7F)
                ++end;
            const std::size_t run = end - at;
            const std::size_t first = line.text.size();
            line.text.resize(first + run);
            for (std::size_t k = 0; k < run; ++k) line.text[first + k] = static_cast<unsigned char>(bytes[at + k]);
            if (shifted)
                for (std::size_t k = 0; k < run; ++k) line.columns.push_back(column + static_cast<int>(k));
            at = end;
            column += static_cast<int>(run);
            continue;
        }
        if (byte == 0) throw Error(ExitCode::DataError, name, line.number, column, "NUL byte (the file may be UTF-16 or binary)");
        if (byte >= 0x80) {
            const char* why = "";
            length = decode_sequence(bytes, at, character, why);
            if (length == 0) throw Error(ExitCode::DataError, name, line.number, column, byte_message(byte, why));
        }
        if (!is_dropped_control(character)) {
            line.text.push_back(character == U'\t' ? U' ' : character);
            if (shifted) line.columns.push_back(column);
        } else if (!shifted) {
            shifted = true;
            line.columns.resize(line.text.size());
            for (std::size_t k = 0; k < line.columns.size(); ++k) line.columns[k] = static_cast<int>(k) + 1;
        }
        at += length;
        ++column;
    }
    // A last line without a line end; a final line end does not start another (empty) line.
    if (at > line.byte_begin || lines.empty()) finish_line(line, at, lines);
    return lines;
}

}  // namespace galley
