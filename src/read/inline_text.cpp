#include "read/inline_text.hpp"

#include <cstring>
#include <stdexcept>
#include <string_view>

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace galley {

namespace {

// Puts `text` in NFC unless it is already (most text is: the quick check spares a copy).
void normalize_nfc_in_place(std::string& text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU NFC data unavailable: ") + u_errorName(status));
    const icu::StringPiece piece(text.data(), static_cast<int32_t>(text.size()));
    if (normalizer->isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return;
    status = U_ZERO_ERROR;
    std::string out;
    icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(text.size()));
    normalizer->normalizeUTF8(0, piece, sink, nullptr, status);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("NFC normalisation failed: ") + u_errorName(status));
    text = std::move(out);
}

}  // namespace

std::string normalize_nfc(const std::string& text) {
    std::string result = text;
    normalize_nfc_in_place(result);
    return result;
}

namespace {

UChar32 code_point_at(const std::string& text, std::size_t at, std::size_t& next) {
    auto index = static_cast<int32_t>(at);
    UChar32 character = 0;
    U8_NEXT(text.data(), index, static_cast<int32_t>(text.size()), character);
    next = static_cast<std::size_t>(index);
    return character;
}

bool is_quote_or_bracket(UChar32 character) {
    const auto type = u_charType(character);
    return type == U_INITIAL_PUNCTUATION || type == U_FINAL_PUNCTUATION || type == U_START_PUNCTUATION;
}

bool starts_with_ignoring_case(const std::string& text, std::size_t at, std::string_view prefix) {
    if (text.size() - at < prefix.size()) return false;
    for (std::size_t index = 0; index < prefix.size(); ++index) {
        char character = text[at + index];
        if (character >= 'A' && character <= 'Z') character = static_cast<char>(character - 'A' + 'a');
        if (character != prefix[index]) return false;
    }
    return true;
}

// A URL starts a word: at the start of the text, after a space or after an opening bracket
// or quote, never inside a word ("foo,%20https://..." stays text).
bool may_start_url(const std::string& text, std::size_t at) {
    if (at == 0) return true;
    const auto before = static_cast<unsigned char>(text[at - 1]);
    if (before < 0x80) return before == ' ' || std::strchr("([{<\"'*_", before) != nullptr;
    auto index = static_cast<int32_t>(at);
    UChar32 character = 0;
    U8_PREV(text.data(), 0, index, character);
    return u_isUWhiteSpace(character) || is_quote_or_bracket(character);
}

bool ends_url(UChar32 character) {
    if (character < 0x80) return character <= ' ' || std::strchr("<>\"`", static_cast<int>(character)) != nullptr;
    const auto type = u_charType(character);
    return u_isUWhiteSpace(character) || type == U_INITIAL_PUNCTUATION || type == U_FINAL_PUNCTUATION;
}

// Length of a bare URL starting at `at`, or 0 if there is none.
std::size_t url_length(const std::string& text, std::size_t at) {
    std::size_t prefix = 0;
    if (starts_with_ignoring_case(text, at, "https://")) prefix = 8;
    else if (starts_with_ignoring_case(text, at, "http://")) prefix = 7;
    else if (starts_with_ignoring_case(text, at, "www.")) prefix = 4;
    else return 0;
    if (!may_start_url(text, at)) return 0;

    std::size_t end = at + prefix;
    while (end < text.size()) {
        std::size_t next = end;
        if (ends_url(code_point_at(text, end, next))) break;
        end = next;
    }
    // Trailing punctuation belongs to the sentence, and a closing bracket to the text around
    // the URL unless the URL opened it: "(see http://x.org/a_(b))." links ".../a_(b)".
    while (end > at + prefix) {
        auto index = static_cast<int32_t>(end);
        UChar32 last = 0;
        U8_PREV(text.data(), 0, index, last);
        bool strip = false;
        if (last < 0x80 && std::strchr(".,:;!?'*_~", static_cast<int>(last)) != nullptr) {
            strip = true;
        } else if (last == ')' || last == ']' || last == '}') {
            const char opening = last == ')' ? '(' : last == ']' ? '[' : '{';
            int balance = 0;
            for (std::size_t index2 = at; index2 < end; ++index2) {
                if (text[index2] == opening) ++balance;
                if (text[index2] == static_cast<char>(last)) --balance;
            }
            strip = balance < 0;
        } else if (last >= 0x80) {
            const auto type = u_charType(last);
            strip = type == U_OTHER_PUNCTUATION || type == U_END_PUNCTUATION || type == U_FINAL_PUNCTUATION;
        }
        if (!strip) break;
        end = static_cast<std::size_t>(index);
    }
    if (end == at + prefix) return 0;
    std::size_t next = 0;
    const UChar32 first = code_point_at(text, at + prefix, next);
    if (!u_isalnum(first)) return 0;
    return end - at;
}

}  // namespace

Inlines make_inlines(const std::string& raw_text) { return make_inlines(std::string(raw_text)); }

Inlines make_inlines(std::string&& raw_text) {
    std::string text = std::move(raw_text);
    normalize_nfc_in_place(text);
    Inlines inlines;
    std::size_t plain_start = 0;
    std::size_t at = 0;
    while (at < text.size()) {
        const char character = text[at];
        // Cheap filter before the real test: every URL prefix starts with h or w.
        if (character == 'h' || character == 'H' || character == 'w' || character == 'W') {
            if (const std::size_t length = url_length(text, at)) {
                if (at > plain_start) inlines.push_back(Inline::make_text(text.substr(plain_start, at - plain_start)));
                std::string url = text.substr(at, length);
                std::string target = (url[0] == 'w' || url[0] == 'W') ? "http://" + url : url;
                inlines.push_back(Inline::make_link(std::move(target), {Inline::make_text(std::move(url))}));
                at += length;
                plain_start = at;
                continue;
            }
        }
        ++at;
    }
    // (A paragraph without links, as most are, keeps the string it came in.)
    if (plain_start == 0 && !text.empty()) inlines.push_back(Inline::make_text(std::move(text)));
    else if (plain_start < text.size()) inlines.push_back(Inline::make_text(text.substr(plain_start)));
    return inlines;
}

}  // namespace galley
