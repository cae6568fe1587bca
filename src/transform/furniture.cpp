#include "transform/furniture.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include "text/parallel.hpp"
#include "text/pattern.hpp"
#include "text/scripts.hpp"
#include "text/utf8.hpp"

namespace galley {
namespace {

// --- Text helpers ------------------------------------------------------------------------

std::string lower(const std::string& text) {
    // ICU's full lower-casing in the root locale differs from the simple per-character mapping
    // only for U+0130 (İ, which becomes two characters) and U+03A3 (Σ, whose form depends on
    // its neighbours). Every other text is lower-cased here character by character, without
    // the two conversions through UTF-16, since this runs on every line of a book.
    // Written through a cursor (a lower-case letter takes at most half as many bytes again as
    // its capital: U+023A, two bytes, becomes U+2C65, three).
    std::string result(text.size() + text.size() / 2 + 4, '\0');
    char* const out = result.data();
    std::size_t written = 0;
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        const uint8_t byte = bytes[i];
        if (byte < 0x80) {
            out[written++] = static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte - 'A' + 'a' : byte);
            ++i;
            continue;
        }
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);
        if (c < 0 || c == 0x0130 || c == 0x03A3) {
            result.clear();
            icu::UnicodeString::fromUTF8(text).toLower(icu::Locale::getRoot()).toUTF8String(result);
            return result;
        }
        U8_APPEND_UNSAFE(out, written, u_tolower(c));
    }
    result.resize(written);
    return result;
}

// No-break and other exotic spaces become plain spaces, so that phrases and dates match.
std::string plain_spaces(const std::string& text) {
    // Copies the runs between replacements whole: this runs on every line of a book.
    std::string result;
    result.reserve(text.size());
    std::size_t from = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;  // of the space to replace at i
        if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
            length = 2;
        } else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(text[i + 2]) == 0xAF || static_cast<unsigned char>(text[i + 2]) == 0x89)) {
            length = 3;
        } else if (c == '\t' || c == '\n') {
            length = 1;
        }
        if (length == 0) continue;
        result.append(text, from, i - from);
        result += ' ';
        i += length - 1;
        from = i + 1;
    }
    result.append(text, from, std::string::npos);
    return result;
}

std::string trim(const std::string& text) {
    std::size_t begin = 0, end = text.size();
    while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
    return text.substr(begin, end - begin);
}

std::vector<std::string> split_words(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    for (char c : text) {
        if (c == ' ') {
            if (!word.empty()) words.push_back(word);
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) words.push_back(word);
    return words;
}

// The same words as split_words, as views into text (which must outlive them).
std::vector<std::string_view> split_word_views(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t begin = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == ' ') {
            if (i > begin) words.push_back(text.substr(begin, i - begin));
            begin = i + 1;
        }
    }
    return words;
}

bool is_word_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80; }

// Words that contain a letter (a lone « or – is not a word). Words are split at plain spaces
// as split_words does; this walks the bytes once instead of allocating every word, since it
// runs several times on every line of a book.
int letter_words(const std::string& text) {
    int count = 0, unspaced = 0;
    bool counted = false;  // the current word already has a letter
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        const uint8_t byte = bytes[i];
        if (byte == ' ') {
            counted = false;
            ++i;
            continue;
        }
        if (byte < 0x80) {
            if (!counted && ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z'))) {
                ++count;
                counted = true;
            }
            ++i;
            continue;
        }
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);  // ill-formed bytes give a negative c: not a letter
        // Chinese and Japanese put no spaces between words: two ideographs or kana count as a
        // word (about what a word of them is long), or a paragraph would look like a one-word
        // label.
        if (c >= 0 && is_unspaced_letter(static_cast<char32_t>(c))) {
            ++unspaced;
            counted = true;
        } else if (!counted && c >= 0 && u_isalpha(c)) {
            ++count;
            counted = true;
        }
    }
    return count + (unspaced + 1) / 2;
}

// Decodes straight from UTF-8 (an ill-formed sequence becomes U+FFFD, as ICU's conversion
// makes it) rather than through a UTF-16 UnicodeString.
std::u32string code_points(std::string_view text) {
    std::u32string result;
    result.reserve(text.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c = 0;
        U8_NEXT_OR_FFFD(bytes, i, length, c);
        result += static_cast<char32_t>(c);
    }
    return result;
}

// Calls visit(c) for each code point of text, in order, until it returns false.
template <typename Visit>
void for_each_code_point(std::string_view text, Visit visit) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c = 0;
        U8_NEXT_OR_FFFD(bytes, i, length, c);
        if (!visit(static_cast<char32_t>(c))) return;
    }
}

// The paragraph's last character that counts: closing quotes and brackets and citation
// markers ("[10]") after it are skipped. 0 when there is none.
// (It walks back from the end of the UTF-8 text instead of decoding all of it: this runs on
// every line of a book and looks only at the last few characters.)
char32_t last_significant(const std::string& text) {
    std::size_t begin = 0, end = text.size();
    while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
    const std::string_view trimmed(text.data() + begin, end - begin);
    const auto* bytes = reinterpret_cast<const uint8_t*>(trimmed.data());
    int32_t length = static_cast<int32_t>(trimmed.size());
    while (length > 0) {
        int32_t start = length;
        UChar32 code_point = 0;
        U8_PREV_OR_FFFD(bytes, 0, start, code_point);
        const auto c = static_cast<char32_t>(code_point);
        const int8_t type = u_charType(code_point);
        if (c == U']') {
            // A citation marker "[10]" or "[citation needed]" after the sentence.
            const std::size_t open = trimmed.substr(0, static_cast<std::size_t>(length)).rfind('[');
            if (open == std::string_view::npos) break;
            // (At most 40 characters from the bracket to the end, counted as code points.)
            int characters = 0;
            for (auto k = static_cast<int32_t>(open); k < length; ++k)
                if (!U8_IS_TRAIL(bytes[k])) ++characters;
            if (characters > 40) break;
            length = static_cast<int32_t>(open);
            continue;
        }
        if (c == U' ' || c == U')' || c == U'"' || c == U'\'' || type == U_FINAL_PUNCTUATION || c == U'»' || c == U'“' ||
            c == U'’' || c == 0x2060 || c == 0x00A0 || c == 0x202F)
            length = start;
        else
            return c;
    }
    return U'\0';
}

// Does the paragraph end like a sentence (after closing quotes and brackets)?
bool ends_like_sentence(const std::string& text) {
    const char32_t last = last_significant(text);
    return last == U'.' || last == U'!' || last == U'?' || last == U'…' || last == U'。';
}

bool first_is_upper(const std::string& word) {
    bool result = false;
    for_each_code_point(word, [&](char32_t c) {
        if (u_isalpha(static_cast<UChar32>(c))) {
            result = u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c));
            return false;
        }
        return !u_isdigit(static_cast<UChar32>(c));
    });
    return result;
}

bool is_all_caps(const std::string& text) {
    // Only letters that have a case count: Chinese, Arabic or Hebrew text has no capitals.
    int capitals = 0;
    bool lower_case = false;
    for_each_code_point(text, [&](char32_t c) {
        if (u_islower(static_cast<UChar32>(c))) {
            lower_case = true;
            return false;
        }
        if (u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c))) ++capitals;
        return true;
    });
    return !lower_case && capitals >= 2;
}

std::string title_case(const std::string& text) {
    icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(text);
    unicode.toLower(icu::Locale::getRoot());
    unicode.toTitle(nullptr, icu::Locale::getRoot());
    // ICU sees "o’neill" as one word; a one-letter prefix before an apostrophe (O’Neill,
    // D’Angelo) takes a capital after it too.
    for (int32_t i = 2; i < unicode.length(); ++i) {
        const char16_t mark = unicode.charAt(i - 1);
        const bool one_letter = i == 2 || !u_isalpha(unicode.char32At(i - 3));
        if ((mark == u'\'' || mark == u'\u2019') && one_letter && u_isupper(unicode.char32At(i - 2)))
            unicode.replace(i, 1, static_cast<UChar32>(u_toupper(unicode.char32At(i))));
    }
    std::string result;
    unicode.toUTF8String(result);
    return result;
}

// `phrase`, found in `text` at `at`, is whole there: not the middle of a longer word.
bool whole_at(std::string_view text, std::size_t at, std::string_view phrase) {
    const bool starts = at == 0 || !is_word_byte(static_cast<unsigned char>(text[at - 1])) ||
                        !is_word_byte(static_cast<unsigned char>(phrase.front()));
    const std::size_t end = at + phrase.size();
    const bool ends = end >= text.size() || !is_word_byte(static_cast<unsigned char>(text[end])) ||
                      !is_word_byte(static_cast<unsigned char>(phrase.back()));
    return starts && ends;
}

// `phrase` occurs in `text` (both lower case) as whole words.
// (Views, so that a literal phrase is not copied into a string on every call.)
int phrase_count(std::string_view text, std::string_view phrase) {
    int count = 0;
    for (std::size_t at = text.find(phrase); at != std::string::npos; at = text.find(phrase, at + 1))
        if (whole_at(text, at, phrase)) ++count;
    return count;
}
bool has_phrase(std::string_view text, std::string_view phrase) { return phrase_count(text, phrase) > 0; }

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }
bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// --- Dates -------------------------------------------------------------------------------

const std::map<std::string, int>& month_names() {
    static const std::map<std::string, int> months = {
        // English
        {"january", 1}, {"jan", 1}, {"february", 2}, {"feb", 2}, {"march", 3}, {"mar", 3}, {"april", 4}, {"apr", 4},
        {"may", 5}, {"june", 6}, {"jun", 6}, {"july", 7}, {"jul", 7}, {"august", 8}, {"aug", 8}, {"september", 9},
        {"sept", 9}, {"sep", 9}, {"october", 10}, {"oct", 10}, {"november", 11}, {"nov", 11}, {"december", 12},
        {"dec", 12},
        // French
        {"janvier", 1}, {"janv", 1}, {"février", 2}, {"fevrier", 2}, {"févr", 2}, {"mars", 3}, {"avril", 4},
        {"avr", 4}, {"mai", 5}, {"juin", 6}, {"juillet", 7}, {"juil", 7}, {"août", 8}, {"aout", 8},
        {"septembre", 9}, {"octobre", 10}, {"novembre", 11}, {"décembre", 12}, {"decembre", 12}, {"déc", 12},
        // German
        {"januar", 1}, {"jänner", 1}, {"februar", 2}, {"märz", 3}, {"maerz", 3}, {"juni", 6}, {"juli", 7},
        {"oktober", 10}, {"okt", 10}, {"dezember", 12}, {"dez", 12},
        // Spanish, Italian, Dutch
        {"enero", 1}, {"febrero", 2}, {"marzo", 3}, {"abril", 4}, {"mayo", 5}, {"junio", 6}, {"julio", 7},
        {"agosto", 8}, {"septiembre", 9}, {"setiembre", 9}, {"octubre", 10}, {"noviembre", 11}, {"diciembre", 12},
        {"gennaio", 1}, {"febbraio", 2}, {"aprile", 4}, {"maggio", 5}, {"giugno", 6}, {"luglio", 7},
        {"settembre", 9}, {"ottobre", 10}, {"dicembre", 12}, {"januari", 1}, {"februari", 2}, {"maart", 3},
        {"mei", 5}, {"augustus", 8},
        // Portuguese
        {"janeiro", 1}, {"fevereiro", 2}, {"março", 3}, {"maio", 5}, {"junho", 6}, {"julho", 7},
        {"setembro", 9}, {"outubro", 10}, {"novembro", 11}, {"dezembro", 12}};
    return months;
}

struct Token {
    enum Kind { Word, Number } kind;
    std::string text;
    std::size_t begin;
    std::string separator_before;  // the characters between the previous token and this one
};

std::vector<Token> tokenize(const std::string& lower_text) {
    std::vector<Token> tokens;
    std::string separator;
    for (std::size_t i = 0; i < lower_text.size();) {
        const unsigned char c = static_cast<unsigned char>(lower_text[i]);
        if (c >= '0' && c <= '9') {
            std::size_t j = i;
            while (j < lower_text.size() && lower_text[j] >= '0' && lower_text[j] <= '9') ++j;
            tokens.push_back({Token::Number, lower_text.substr(i, j - i), i, separator});
            separator.clear();
            i = j;
        } else if ((c >= 'a' && c <= 'z') || c >= 0x80) {
            std::size_t j = i;
            while (j < lower_text.size() && (((lower_text[j] >= 'a' && lower_text[j] <= 'z')) ||
                                             static_cast<unsigned char>(lower_text[j]) >= 0x80))
                ++j;
            tokens.push_back({Token::Word, lower_text.substr(i, j - i), i, separator});
            separator.clear();
            i = j;
        } else {
            separator += static_cast<char>(c);
            ++i;
        }
    }
    return tokens;
}

bool date_separator(const std::string& separator) {
    return separator.size() <= 3 && std::all_of(separator.begin(), separator.end(), [](char c) {
               return c == ' ' || c == '.' || c == ',';
           });
}

std::string iso(int year, int month, int day) {
    char buffer[16];
    if (day > 0) std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    else std::snprintf(buffer, sizeof buffer, "%04d-%02d", year, month);
    return buffer;
}

struct DateMatch {
    std::string iso;
    std::size_t begin = std::string::npos;
};

DateMatch first_date(const std::string& text) {
    const std::string lowered = lower(plain_spaces(text));
    DateMatch best;
    auto offer = [&](std::size_t at, int year, int month, int day) {
        if (year < 1000 || year > 2999 || month < 1 || month > 12 || day < 0 || day > 31) return;
        if (at < best.begin) best = {iso(year, month, day), at};
    };
    // [0-9], not \d: ICU's \d takes any script's digits, which std::stoi cannot read.
    // (Each pattern is compiled, and run, only for a text with its separator in it: compiling
    // costs more than a short article's whole matching.)
    if (lowered.find('-') != std::string::npos) {
        static const TextPattern iso_date(R"((^|[^0-9])([0-9]{4})-([0-9]{2})-([0-9]{2})($|[^0-9]))");
        if (const auto match = iso_date.search(lowered))
            offer(match->position(2), std::stoi((*match)[2]), std::stoi((*match)[3]), std::stoi((*match)[4]));
    }
    if (lowered.find('.') != std::string::npos) {
        static const TextPattern dotted(R"((^|[^0-9.])([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})($|[^0-9]))");
        if (const auto match = dotted.search(lowered))
            offer(match->position(2), std::stoi((*match)[4]), std::stoi((*match)[3]), std::stoi((*match)[2]));
    }
    if (lowered.find('/') != std::string::npos) {
        static const TextPattern slashed(R"((^|[^0-9/])([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})($|[^0-9]))");
        if (const auto match = slashed.search(lowered)) {
            int first = std::stoi((*match)[2]), second = std::stoi((*match)[3]);
            if (first > 12) std::swap(first, second);  // day first after all
            offer(match->position(2), std::stoi((*match)[4]), first, second);
        }
    }
    const std::vector<Token> tokens = tokenize(lowered);
    const auto& months = month_names();
    auto month_of = [&](std::size_t k) -> int {
        if (k >= tokens.size() || tokens[k].kind != Token::Word) return 0;
        auto found = months.find(tokens[k].text);
        return found == months.end() ? 0 : found->second;
    };
    auto number_of = [&](std::size_t k, std::size_t min_digits, std::size_t max_digits) -> int {
        if (k >= tokens.size() || tokens[k].kind != Token::Number) return -1;
        if (tokens[k].text.size() < min_digits || tokens[k].text.size() > max_digits) return -1;
        return std::stoi(tokens[k].text);
    };
    auto ordinal_suffix = [&](std::size_t k) {
        static const std::set<std::string> suffixes = {"st", "nd", "rd", "th", "er", "e"};
        return k < tokens.size() && tokens[k].kind == Token::Word && tokens[k].separator_before.empty() &&
               suffixes.count(tokens[k].text) > 0;
    };
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        // 24 July 2015, 3. Januar 2019, 1er mai 2015
        int day = number_of(k, 1, 2);
        if (day > 0) {
            std::size_t m = k + 1;
            if (ordinal_suffix(m)) ++m;
            const int month = month_of(m);
            if (month && date_separator(tokens[m].separator_before)) {
                const int year = number_of(m + 1, 4, 4);
                if (year > 0 && date_separator(tokens[m + 1].separator_before)) offer(tokens[k].begin, year, month, day);
            }
        }
        // July 24, 2015 · July 2015
        const int month = month_of(k);
        if (month) {
            int day_after = number_of(k + 1, 1, 2);
            if (day_after > 0 && date_separator(tokens[k + 1].separator_before)) {
                std::size_t y = k + 2;
                if (ordinal_suffix(y)) ++y;
                const int year = number_of(y, 4, 4);
                if (year > 0 && date_separator(tokens[y].separator_before)) offer(tokens[k].begin, year, month, day_after);
            } else {
                const int year = number_of(k + 1, 4, 4);
                // "May 2015" only when the month name is not an ordinary word ("may", "mar").
                if (year > 0 && date_separator(tokens[k + 1].separator_before) && tokens[k].text.size() > 3)
                    offer(tokens[k].begin, year, month, 0);
            }
        }
    }
    return best;
}

// A line that is only a date (and time, weekday, "Last modified on"…).
bool is_date_line(const std::string& text) {
    if (first_date(text).iso.empty() || letter_words(text) > 16) return false;
    static const std::set<std::string> allowed = {
        "last", "modified", "updated", "update", "published", "posted", "on", "at", "am", "pm", "a", "m", "p", "le",
        "à", "mis", "jour", "h", "publié", "modifié", "aktualisiert", "veröffentlicht", "stand", "um", "uhr", "de",
        "del", "el", "of", "the", "est", "edt", "cst", "cdt", "pst", "pdt", "gmt", "utc", "bst", "cet", "cest", "mez",
        "mesz", "ist", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "monday", "tuesday",
        "wednesday", "thursday", "friday", "saturday", "sunday", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
        "samedi", "dimanche", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "st",
        "nd", "rd", "th", "er", "und", "et", "and", "date", "datum", "first", "erstellt", "actualisé", "mise", "min",
        "read", "minute", "minutes", "lesezeit", "lecture", "by"};
    int residue = 0;
    for (const Token& token : tokenize(lower(plain_spaces(text))))
        if (token.kind == Token::Word && !month_names().count(token.text) && !allowed.count(token.text)) ++residue;
    return residue <= 1;
}

// --- Bylines -----------------------------------------------------------------------------

const std::set<std::string>& name_particles() {
    static const std::set<std::string> particles = {"von", "van", "de", "der", "den", "la", "le", "da", "di", "du",
                                                    "des", "del", "bin", "al", "el", "ter", "zu", "dos", "y"};
    return particles;
}

// "Jane Doe", "Fritz von Weizsäcker", "JERUSALEM POST STAFF": 1 to 5 capitalised words.
bool looks_like_name(const std::string& name) {
    const std::vector<std::string> words = split_words(name);
    if (words.empty() || words.size() > 5) return false;
    bool capitalised = false;
    for (const std::string& word : words) {
        if (std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
        if (first_is_upper(word)) capitalised = true;
        else if (!name_particles().count(word)) return false;
    }
    return capitalised;
}

std::vector<std::string> split_names(std::string names) {
    std::vector<std::string> result;
    static const TextPattern separators(R"(\s*(?:,|;|&|\band\b|\bet\b|\bund\b|\by\b|\be\b|\ben\b)\s*)");
    for (const std::string& piece : separators.split(names)) {
        std::string name = trim(piece);
        while (!name.empty() && (name.back() == '.' || name.back() == ',')) name.pop_back();
        name = trim(name);
        if (!name.empty()) result.push_back(name);
    }
    return result;
}

std::vector<std::string> names_after_by(const std::string& segment) {
    static const std::vector<std::string> prefixes = {"written by ", "reporting by ", "words by ", "story by ", "by ",
                                                      "par ", "von ", "door ", "por ", "di ", "texte : ", "text: ",
                                                      "texte: ", "texte de ", "text von ", "ein beitrag von "};
    const std::string lowered = lower(segment);
    std::string rest;
    for (const std::string& prefix : prefixes)
        if (starts_with(lowered, prefix)) {
            rest = segment.substr(prefix.size());
            break;
        }
    if (rest.empty() || letter_words(rest) > 14) return {};
    // "(reporting)" is a role and goes; "(avec Damien Leloup et Morgane Tual)" names people.
    std::string main_part, extra;
    int depth = 0;
    std::string group;
    for (char c : rest) {
        if (c == '(') {
            if (depth++ == 0) group.clear();
            continue;
        }
        if (c == ')' && depth > 0) {
            if (--depth == 0) {
                const std::string lowered_group = lower(trim(group));
                for (const std::string with : {"avec ", "with ", "mit ", "and ", "et ", "und ", "con "})
                    if (starts_with(lowered_group, with)) extra += ", " + trim(group).substr(with.size());
            }
            continue;
        }
        if (depth > 0) group += c;
        else main_part += c;
    }
    std::vector<std::string> names = split_names(main_part + extra);
    // "by Jane Roe, March 3, 2019, 5 a.m.": the names end where the date begins.
    for (std::size_t k = 1; k < names.size(); ++k)
        if (std::any_of(names[k].begin(), names[k].end(), [](char c) { return c >= '0' && c <= '9'; }) &&
            !find_date(names[k] + (k + 1 < names.size() ? " " + names[k + 1] : "")).empty()) {
            names.resize(k);
            break;
        }
    if (names.empty()) return {};
    for (std::string& name : names) {
        if (!looks_like_name(name)) return {};
        // "By Christmas." is not a byline; "By REUTERS" and "By Jane Doe" are.
        if (names.size() == 1 && split_words(name).size() == 1 && !is_all_caps(name)) return {};
        if (is_all_caps(name)) name = title_case(name);
    }
    return names;
}

std::vector<std::string> byline_segments(const std::string& text) {
    std::vector<std::string> segments;
    std::string segment;
    const std::string spaced = plain_spaces(text);
    for (std::size_t i = 0; i < spaced.size(); ++i) {
        const bool bullet = spaced.compare(i, 2, "\xE2\x80") == 0 && i + 2 < spaced.size() &&
                            (static_cast<unsigned char>(spaced[i + 2]) == 0xA2);  // •
        if (spaced.compare(i, 2, "\xC2\xB7") == 0) {  // ·
            segments.push_back(trim(segment));
            segment.clear();
            ++i;
            continue;
        }
        // " - ", " – ", " — " between a name and a date separate them too.
        std::size_t dash = 0;
        if (spaced.compare(i, 3, " - ") == 0) dash = 3;
        else if (spaced.compare(i, 5, " \xE2\x80\x93 ") == 0 || spaced.compare(i, 5, " \xE2\x80\x94 ") == 0) dash = 5;
        if (dash) {
            segments.push_back(trim(segment));
            segment.clear();
            i += dash - 1;
            continue;
        }
        if (spaced[i] == '|' || bullet) {
            segments.push_back(trim(segment));
            segment.clear();
            if (bullet) i += 2;
        } else {
            segment += spaced[i];
        }
    }
    segments.push_back(trim(segment));
    segments.erase(std::remove(segments.begin(), segments.end(), std::string()), segments.end());
    return segments;
}

// --- Credits, licences, provenance ---------------------------------------------------------

// `words` is letter_words(text), which every caller has already counted.
bool is_credit(const std::string& text, const std::string& lowered, int words) {
    // (The cheap tests come first; the regular expressions run only on lines that hold their
    // literal parts. This runs on most lines of a book.)
    if (words > 40) return false;
    if (words <= 12 && text.find('(') != std::string::npos && lowered.find("licen") == std::string::npos &&
        !find_creative_commons(text).empty())
        return true;
    static const std::vector<std::string> openings = {
        "photo:", "photo :", "photos:", "photograph:", "photograph by", "photo by", "photos by", "photography by",
        "image:", "images:", "image by", "illustration:", "illustration by", "picture:", "pictures:", "foto:",
        "fotos:", "bild:", "crédit photo", "crédits photo", "credit:", "credits:", "photo credit", "image credit",
        "(bild:", "(foto:", "(photo:", "(image:", "(illustration:", "top image:", "header image:", "lead image:",
        "featured image:", "cover image:", "main image:"};
    for (const std::string& opening : openings)
        if (starts_with(lowered, opening)) return true;
    // "Credit Doug Mills/The New York Times", "Image source, Reuters": short credit labels.
    if (words <= 12 && (starts_with(lowered, "credit ") || starts_with(lowered, "image source") ||
                        starts_with(lowered, "photo illustration")))
        return true;
    static const std::vector<std::string> inside = {"photograph:", "photo:", "photograph by", "getty images",
                                                    "ap photo", "(bild:", "(foto:", "(photo:", "photo credit"};
    if (words <= 30)
        for (const std::string& phrase : inside)
            if (has_phrase(lowered, phrase)) return true;
    // "… after the vote. Credit Doug Mills/The New York Times": a credit label inside a caption.
    static const char* const credit_labels[] = {"Credit", "Photo", "Image", "Foto", "Bild"};
    const bool labelled = std::any_of(std::begin(credit_labels), std::end(credit_labels), [&](const char* label) {
        return text.find(label) != std::string::npos;
    });
    if (words <= 40 && labelled) {
        static const TextPattern credit_label(R"((^|[.!?]\s+)(Credit|Credits|Photo|Image|Foto|Bild)\s+\p{Lu})");
        if (credit_label.found_in(text)) return true;
    }
    // "Jane Roe/Library Archive": a photographer and an agency or archive, alone on the line.
    if (text.find('/') == std::string::npos) return false;
    if (words <= 8) {
        static const TextPattern name_slash_source(
            R"(^\p{Lu}[\w.'’\-]*(?: \p{Lu}[\w.'’\-]*){1,3} ?/ ?\p{Lu}[\w.\&'’\-]*(?: (?:\p{Lu}[\w.\&'’\-]*|for|of|the|de))*$)");
        if (name_slash_source.matches(text)) return true;
    }
    // "… /Getty", "Name/AFP": a picture agency after a slash.
    if (words > 30) return false;
    static const TextPattern agency(R"(/\s?(getty|afp|reuters|ap|dpa|epa|shutterstock|alamy|istock)\b)");
    return agency.found_in(lowered);
}

// Every provenance pattern below needs one of these verbs; "ran" and "run" as whole words.
// Checking for them first skips the eight regular expressions on nearly every line.
bool may_state_provenance(const std::string& lowered) {
    static const char* const verbs[] = {"appeared", "published", "posted", "printed", "reproduced",
                                        "publié",   "paru",      "erschien"};
    for (const char* verb : verbs)
        if (lowered.find(verb) != std::string::npos) return true;
    // The patterns want white space around "ran"/"run", which may be a multi-byte space, so
    // only an ASCII letter or digit next to it rules it out.
    const auto ascii_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
    for (const char* verb : {"ran", "run"})
        for (std::size_t at = lowered.find(verb); at != std::string::npos; at = lowered.find(verb, at + 1)) {
            const bool starts = at == 0 || !ascii_alnum(lowered[at - 1]);
            const bool ends = at + 3 >= lowered.size() || !ascii_alnum(lowered[at + 3]);
            if (starts && ends) return true;
        }
    return false;
}

// `lowered` is lower(plain_spaces(text)) and `words` letter_words(text), which a caller that
// has them already passes in.
std::optional<std::string> provenance_source(const std::string& text, const std::string& lowered, int words) {
    if (words > 45) return std::nullopt;
    if (!may_state_provenance(lowered)) return std::nullopt;
    static const char* const sources[] = {
        R"(\b(?:piece|article|story|post|essay|report|interview|column|op-ed|review|text|version of this \w+)\s+(?:was\s+)?(?:originally|first|initially)\s+(?:ran|run|appeared|published|posted|printed)\s+(?:on|in|at|by)\s+(.+))",
        R"(\b(?:piece|article|story|post|essay|report|interview|column|text)\s+(?:was\s+)?(?:originally\s+|first\s+)?(?:ran|appeared|was published|published)\s+(?:originally\s+|first\s+)?(?:on|in|at|by)\s+(.+))",
        R"(^(?:originally|first)\s+(?:published|appeared|posted|ran)\s+(?:on|in|at|by)\s+(.+))",
        R"(\b(?:republished|reprinted|reproduced|cross-posted)\s+(?:here\s+)?(?:with\s+(?:the\s+)?permission\s+)?(?:from|of|by)\s+(.+))",
        R"(\b(?:publié|paru)\s+(?:initialement|d'abord|d’abord|originellement|pour la première fois)\s+(?:dans|sur|par)\s+(.+))",
        R"(\ba\s+(?:d'abord|d’abord|initialement)\s+été\s+publié\s+(?:dans|sur|par)\s+(.+))",
        R"(\berschien\s+(?:zuerst|ursprünglich|erstmals)\s+(?:in|auf|bei|im)\s+(.+))",
        R"(\b(?:zuerst|ursprünglich)\s+erschienen\s+(?:in|auf|bei|im)\s+(.+))",
    };
    // Each pattern is compiled the first time it is tried: a line that states its provenance
    // usually matches the first, and compiling all eight costs more than a short article.
    static std::unique_ptr<const TextPattern> patterns[std::size(sources)];
    static std::once_flag compiled[std::size(sources)];
    for (std::size_t k = 0; k < std::size(sources); ++k) {
        std::call_once(compiled[k], [k] { patterns[k] = std::make_unique<const TextPattern>(sources[k]); });
        const TextPattern& pattern = *patterns[k];
        const auto match = pattern.search(lowered);
        if (!match) continue;
        const std::size_t at = match->position(1);
        const std::string plain = plain_spaces(text);
        std::string source = lower(plain) == lowered && at < plain.size() ? plain.substr(at) : (*match)[1];
        // The name runs up to the end of its clause.
        static const TextPattern clause_end(R"((\.\s|\.$|,|;| and | under | with permission| on \p{Lu}| in [0-9]|\(| et | und | sous ))");
        if (const auto end = clause_end.search(source)) source = source.substr(0, end->position(0));
        source = trim(source);
        while (!source.empty() && (source.back() == '.' || source.back() == ':')) source.pop_back();
        if (source.empty() || letter_words(source) > 8) return std::nullopt;
        return source;
    }
    return std::nullopt;
}

std::optional<std::string> provenance_source(const std::string& text) {
    const int words = letter_words(text);
    if (words > 45) return std::nullopt;
    return provenance_source(text, lower(plain_spaces(text)), words);
}

// --- Boilerplate evidence ------------------------------------------------------------------

enum class Category {
    None, Appeal, Newsletter, Share, Related, Comments, Copyright, Navigation, Tags, Follow, Publisher, Button,
    Advert, Caption, Promo, Hatnote, Repeat,
};

std::string category_name(Category category) {
    switch (category) {
    case Category::Appeal: return "donation appeal";
    case Category::Newsletter: return "newsletter sign-up";
    case Category::Share: return "share buttons";
    case Category::Related: return "related links";
    case Category::Comments: return "comments";
    case Category::Copyright: return "copyright notice";
    case Category::Navigation: return "navigation";
    case Category::Tags: return "tags";
    case Category::Follow: return "follow prompt";
    case Category::Publisher: return "publisher matter";
    case Category::Button: return "button label";
    case Category::Advert: return "advertisement";
    case Category::Caption: return "caption";
    case Category::Promo: return "related link";
    case Category::Hatnote: return "hatnote";
    case Category::Repeat: return "repeated furniture";
    case Category::None: break;
    }
    return "site chrome";
}

// Categories whose lines also occur inside an article's body and so never pull the
// paragraphs next to them into a boilerplate run.
bool in_body_category(Category category) {
    return category == Category::Advert || category == Category::Caption || category == Category::Promo ||
           category == Category::Hatnote;
}

struct Evidence {
    int score = 0;
    int second_person = 0;  // the part of the score that is only "you"/"your"
    Category category = Category::None;
    int category_score = 0;
    void add(int points, Category what) {
        score += points;
        if (points > category_score) {
            category_score = points;
            category = what;
        }
    }
};

struct Cue {
    std::string_view phrase;
    int points;
    Category category;
};

// "Read more: …", "Lire aussi : …": a link to another article, set inside the body.
bool is_promo_link(const std::string& lowered, int words) {
    static const std::vector<std::string> promo_openings = {
        "read more", "read the full", "read:", "related:", "see also:", "watch:", "listen:", "more:",
        "continue reading", "story continues", "article continues", "further reading", "recommended reading", "related stories", "related articles",
        "more from", "also read", "don't miss", "don’t miss", "click here", "read next", "read also",
        "lire aussi", "lire :", "lire:", "à lire", "voir aussi", "revivez", "regarder :", "écouter :",
        "mehr zum thema", "lesen sie auch", "lesen sie mehr", "siehe auch", "mehr dazu", "lee también",
        "leia mais", "leia também", "veja também", "leggi anche", "lees ook"};
    if (words > 20) return false;
    return std::any_of(promo_openings.begin(), promo_openings.end(),
                       [&](const std::string& opening) { return starts_with(lowered, opening); });
}

// How often each of a set of phrases occurs in a text as a whole word or words (as
// phrase_count counts, overlaps included), in one pass over the text: the phrases are indexed
// by their first two bytes, and only where those occur is a phrase compared. Searching the
// text once per phrase, over two hundred phrases, was a tenth of setting a book.
class PhraseCounter {
public:
    explicit PhraseCounter(std::vector<std::string_view> phrases) : phrases_(std::move(phrases)) {
        for (std::size_t k = 0; k < phrases_.size(); ++k) {
            const std::string_view phrase = phrases_[k];
            if (phrase.size() < 2) throw std::logic_error("a counted phrase needs two bytes");
            std::uint8_t& slot = group_of_pair_[pair_at(phrase, 0)];
            if (slot == 0) {
                if (groups_.size() == 255) throw std::logic_error("too many leading byte pairs");
                groups_.emplace_back();
                slot = static_cast<std::uint8_t>(groups_.size());
            }
            groups_[slot - 1].push_back({k, phrase.size() >= 4 ? pair_at(phrase, 2) : no_next_pair});
        }
    }
    // counts[k] = occurrences of phrase k in `text`.
    void count(std::string_view text, std::vector<int>& counts) const {
        counts.assign(phrases_.size(), 0);
        for (std::size_t at = 0; at + 1 < text.size(); ++at) {
            const unsigned slot = group_of_pair_[pair_at(text, at)];
            if (slot == 0) continue;
            const unsigned next = at + 3 < text.size() ? pair_at(text, at + 2) : no_next_pair;
            for (const Candidate& candidate : groups_[slot - 1]) {
                if (candidate.next_pair != no_next_pair && candidate.next_pair != next) continue;
                const std::string_view phrase = phrases_[candidate.phrase];
                if (text.compare(at, phrase.size(), phrase) == 0 && whole_at(text, at, phrase)) ++counts[candidate.phrase];
            }
        }
    }

private:
    static constexpr unsigned no_next_pair = 0x10000;  // (a phrase shorter than four bytes)
    static unsigned pair_at(std::string_view text, std::size_t i) {
        return unsigned(static_cast<unsigned char>(text[i])) << 8 | static_cast<unsigned char>(text[i + 1]);
    }
    struct Candidate {
        std::size_t phrase;
        unsigned next_pair;  // its third and fourth bytes, compared before the whole phrase
    };
    std::vector<std::string_view> phrases_;
    std::vector<std::uint8_t> group_of_pair_ = std::vector<std::uint8_t>(0x10000, 0);  // 0: no phrase starts so
    std::vector<std::vector<Candidate>> groups_;
};

// (`words` is letter_words(text).)
Evidence measure(const std::string& text, const std::string& lowered, int words) {
    Evidence evidence;
    static const std::vector<Cue> phrase_cues = {
        // Appeals for money or membership
        {"donate", 1, Category::Appeal}, {"donation", 1, Category::Appeal}, {"donations", 1, Category::Appeal},
        {"donate now", 2, Category::Appeal}, {"please donate", 2, Category::Appeal}, {"make a donation", 2, Category::Appeal},
        {"tax-deductible", 2, Category::Appeal}, {"contribution", 1, Category::Appeal},
        {"become a member", 2, Category::Appeal}, {"become a patron", 2, Category::Appeal},
        {"membership", 1, Category::Appeal}, {"support us", 2, Category::Appeal}, {"support our", 2, Category::Appeal},
        {"your support", 2, Category::Appeal}, {"give today", 2, Category::Appeal}, {"make a gift", 2, Category::Appeal},
        {"independent journalism", 1, Category::Appeal}, {"thanks for reading", 2, Category::Appeal},
        {"if you enjoyed", 2, Category::Appeal}, {"if you liked", 2, Category::Appeal},
        {"please share", 2, Category::Appeal}, {"clap", 1, Category::Appeal}, {"danke fürs lesen", 2, Category::Appeal},
        {"merci de votre lecture", 2, Category::Appeal},  {"faire un don", 2, Category::Appeal},
        {"soutenez", 2, Category::Appeal}, {"spenden", 2, Category::Appeal}, {"unterstützen sie", 2, Category::Appeal},
        {"patreon", 2, Category::Appeal}, {"paywall", 1, Category::Appeal},
        // Newsletters and accounts
        {"newsletter", 2, Category::Newsletter}, {"sign up", 2, Category::Newsletter}, {"subscribe", 2, Category::Newsletter},
        {"subscription", 1, Category::Newsletter}, {"abonnez-vous", 2, Category::Newsletter},
        {"inscrivez-vous", 2, Category::Newsletter}, {"abonnés", 2, Category::Newsletter},
        {"abonnieren", 2, Category::Newsletter}, {"log in", 1, Category::Newsletter}, {"sign in", 1, Category::Newsletter},
        {"your inbox", 2, Category::Newsletter},
        // Article tool bars
        {"listen to this article", 2, Category::Share}, {"listen to this story", 2, Category::Share},
        {"gift this article", 2, Category::Share}, {"share full article", 2, Category::Share},
        {"save article", 2, Category::Share}, {"save for later", 2, Category::Share},
        {"print this article", 2, Category::Share}, {"open in app", 2, Category::Navigation},
        {"read in app", 2, Category::Navigation}, {"text size", 2, Category::Navigation},
        // Sharing
        {"share on", 2, Category::Share}, {"share via", 2, Category::Share}, {"share this", 2, Category::Share},
        {"about sharing", 2, Category::Share}, {"reuse this content", 2, Category::Share},
        {"partager", 2, Category::Share}, {"teilen", 2, Category::Share},
        // Related and further reading
        {"related", 1, Category::Related}, {"read more", 2, Category::Related}, {"more on this story", 2, Category::Related},
        {"see also", 2, Category::Related}, {"external links", 2, Category::Related}, {"lire aussi", 2, Category::Related},
        {"sur le même sujet", 2, Category::Related}, {"mehr zum thema", 2, Category::Related},
        {"auch auf", 2, Category::Related}, {"you may also like", 2, Category::Related},
        {"recommended", 1, Category::Related}, {"most popular", 2, Category::Related}, {"most read", 2, Category::Related},
        {"more stories", 2, Category::Related}, {"top stories", 2, Category::Related},
        {"continue reading", 2, Category::Related}, {"further reading", 2, Category::Related},
        {"click here", 2, Category::Related}, {"read next", 2, Category::Related},
        // Comments
        {"comments", 1, Category::Comments}, {"comment", 1, Category::Comments}, {"view comments", 2, Category::Comments},
        {"reader comments", 2, Category::Comments}, {"show comments", 2, Category::Comments},
        {"leave a comment", 2, Category::Comments}, {"add a comment", 2, Category::Comments},
        {"post a comment", 2, Category::Comments}, {"no comments", 2, Category::Comments}, {"commentaires", 2, Category::Comments},
        {"kommentare", 2, Category::Comments}, {"leave a reply", 2, Category::Comments},
        {"comments are closed", 2, Category::Comments}, {"beitrag", 1, Category::Comments},
        {"forum", 1, Category::Comments}, {"réagir", 2, Category::Comments},
        // Copyright and licences
        {"©", 2, Category::Copyright}, {"copyright", 2, Category::Copyright}, {"all rights reserved", 2, Category::Copyright},
        {"tous droits réservés", 2, Category::Copyright}, {"alle rechte vorbehalten", 2, Category::Copyright},
        {"licensed under", 2, Category::Copyright}, {"creative commons", 2, Category::Copyright},
        {"public domain", 2, Category::Copyright}, {"terms of use", 2, Category::Copyright},
        {"privacy policy", 2, Category::Copyright}, {"trademark", 1, Category::Copyright},
        // Navigation and site structure
        {"previous post", 2, Category::Navigation}, {"next post", 2, Category::Navigation},
        {"previous article", 2, Category::Navigation}, {"next article", 2, Category::Navigation},
        {"vorige", 2, Category::Navigation}, {"nächste", 2, Category::Navigation}, {"précédent", 2, Category::Navigation},
        {"back to top", 2, Category::Navigation}, {"jump to", 2, Category::Navigation}, {"skip to", 2, Category::Navigation},
        {"permalink", 2, Category::Navigation}, {"posted in", 2, Category::Navigation}, {"filed under", 2, Category::Navigation},
        {"from the section", 2, Category::Navigation}, {"version zum drucken", 2, Category::Navigation},
        {"printer-friendly", 2, Category::Navigation},
        // Follow prompts
        {"follow us", 2, Category::Follow}, {"suivre", 2, Category::Follow}, {"folgen sie", 2, Category::Follow},
        // Publisher front and back matter
        {"ebook", 2, Category::Publisher}, {"ebooks", 2, Category::Publisher}, {"e-book", 2, Category::Publisher},
        {"project gutenberg", 2, Category::Publisher}, {"transcription", 1, Category::Publisher},
        {"colophon", 2, Category::Publisher}, {"uncopyright", 2, Category::Publisher},
        {"last modified", 2, Category::Publisher}, {"this page was", 1, Category::Publisher},
        {"free encyclopedia", 2, Category::Publisher}, {"a version of this article", 2, Category::Publisher},
        {"appears in print", 2, Category::Publisher}, {"order reprints", 2, Category::Publisher},
        {"today's paper", 2, Category::Publisher}, {"today’s paper", 2, Category::Publisher},
        {"email the author", 2, Category::Follow}, {"wikipedia", 1, Category::Publisher},
        {"wikimedia", 1, Category::Publisher}, {"journaliste au", 2, Category::Publisher},
        // The same, in a few more languages (es, it, pt, nl, cs)
        {"publicidad", 2, Category::Advert}, {"publicidade", 2, Category::Advert}, {"pubblicità", 2, Category::Advert},
        {"advertentie", 2, Category::Advert}, {"reklama", 2, Category::Advert},
        {"compartir", 2, Category::Share}, {"compartilhe", 2, Category::Share}, {"compartilhar", 2, Category::Share},
        {"condividi", 2, Category::Share}, {"delen", 1, Category::Share}, {"sdílet", 2, Category::Share},
        {"suscríbete", 2, Category::Newsletter}, {"assine", 2, Category::Newsletter}, {"abbonati", 2, Category::Newsletter},
        {"comentarios", 2, Category::Comments}, {"comentários", 2, Category::Comments}, {"commenti", 2, Category::Comments},
        {"komentáře", 2, Category::Comments}, {"reacties", 2, Category::Comments},
        {"lee también", 2, Category::Related}, {"leia mais", 2, Category::Related}, {"leia também", 2, Category::Related},
        {"veja também", 2, Category::Related}, {"leggi anche", 2, Category::Related}, {"lees ook", 2, Category::Related},
        {"todos los derechos reservados", 2, Category::Copyright}, {"todos os direitos reservados", 2, Category::Copyright},
        {"tutti i diritti riservati", 2, Category::Copyright},
        // In-body signatures
        {"advertisement", 2, Category::Advert}, {"anzeige", 2, Category::Advert}, {"publicité", 2, Category::Advert},
        {"sponsored", 2, Category::Advert}, {"is supported by", 2, Category::Advert},
        // Affiliate-link disclosures ("we may earn a commission when you buy through our links")
        {"affiliate commission", 2, Category::Advert}, {"affiliate link", 2, Category::Advert},
        {"affiliate links", 2, Category::Advert}, {"earn a commission", 2, Category::Advert},
        {"we may earn", 2, Category::Advert}, {"may receive a commission", 2, Category::Advert},
        {"earn a small commission", 2, Category::Advert},
        {"media caption", 2, Category::Caption}, {"image caption", 2, Category::Caption},
        {"image copyright", 2, Category::Caption}, {"main image", 2, Category::Caption},
    };
    // Boilerplate repeats itself ("copyright" three times in a copyright notice): count up to
    // three occurrences, so that long notices still outweigh their length.
    static const PhraseCounter counter = [] {
        std::vector<std::string_view> phrases;
        for (const Cue& cue : phrase_cues) phrases.push_back(cue.phrase);
        return PhraseCounter(std::move(phrases));
    }();
    thread_local std::vector<int> counts;
    counter.count(lowered, counts);
    for (std::size_t k = 0; k < phrase_cues.size(); ++k)
        if (const int times = std::min(counts[k], 3)) evidence.add(phrase_cues[k].points * times, phrase_cues[k].category);

    // Whole-line labels: share targets, buttons, section names.
    std::string_view bare = lowered;
    while (!bare.empty() && ((bare.back() >= '0' && bare.back() <= '9') || bare.back() == ' ' || bare.back() == ':'))
        bare.remove_suffix(1);
    static const std::map<std::string, Category, std::less<>> labels = {
        {"facebook", Category::Share}, {"twitter", Category::Share}, {"linkedin", Category::Share},
        {"whatsapp", Category::Share}, {"pinterest", Category::Share}, {"messenger", Category::Share},
        {"reddit", Category::Share}, {"email", Category::Share}, {"e-mail", Category::Share}, {"mail", Category::Share},
        {"print", Category::Share}, {"tweet", Category::Share}, {"teilen", Category::Share}, {"share", Category::Share},
        {"copy link", Category::Share}, {"copy url", Category::Share}, {"link kopieren", Category::Share},
        {"copier le lien", Category::Share}, {"share this post", Category::Share},
        {"facebook twitter print email", Category::Share}, {"info", Category::Navigation},
        {"topics", Category::Tags}, {"tags", Category::Tags}, {"tagged", Category::Tags}, {"themen", Category::Tags},
        {"mots-clés", Category::Tags}, {"schlagworte", Category::Tags}, {"previous", Category::Navigation},
        {"next", Category::Navigation}, {"home", Category::Navigation}, {"menu", Category::Navigation},
        {"search", Category::Navigation}, {"sections", Category::Navigation}, {"close", Category::Navigation},
        {"newsletters", Category::Newsletter}, {"toggle navigation", Category::Navigation},
        {"main menu", Category::Navigation}, {"skip to content", Category::Navigation},
        {"suivant", Category::Navigation}, {"imprint", Category::Publisher}, {"impressum", Category::Publisher},
        {"about this content", Category::Publisher}, {"comments", Category::Comments}, {"reply", Category::Comments},
        {"breaking news", Category::Button}, {"advertisement", Category::Advert}, {"follow", Category::Follow},
        {"folgen", Category::Follow}, {"suivre", Category::Follow}, {"subscribe", Category::Newsletter},
        {"sign in", Category::Newsletter}, {"log in", Category::Newsletter}, {"photo", Category::Caption},
        {"video", Category::Caption}, {"supported by", Category::Advert}, {"sponsored by", Category::Advert},
        {"paid content", Category::Advert}, {"partner content", Category::Advert}, {"paid post", Category::Advert},
        {"presented by", Category::Advert}, {"about the author", Category::Publisher},
        {"about the authors", Category::Publisher}, {"about the writer", Category::Publisher},
        {"author bio", Category::Publisher}, {"à propos de l'auteur", Category::Publisher},
        {"à propos de l’auteur", Category::Publisher}, {"über den autor", Category::Publisher},
        {"über die autorin", Category::Publisher}, {"zum autor", Category::Publisher}};
    auto label = labels.find(bare);
    if (label != labels.end()) evidence.add(3, label->second);

    const std::vector<std::string_view> tokens = split_word_views(lowered);
    // "This article is more than 5 years old": an archive's age warning. (The regular
    // expressions run only on lines that hold their literal words.)
    if (words <= 12 && lowered.find(" old") != std::string::npos) {
        static const TextPattern age_warning(R"(\bthis (article|story|post|page|piece) is (more than|over) \w+ (years?|months?) old\b)");
        if (age_warning.found_in(lowered)) evidence.add(3, Category::Publisher);
    }
    // "Updated 3 hours ago", "5 min ago": a relative timestamp.
    if (words <= 8 && lowered.find("ago") != std::string::npos) {
        static const TextPattern relative_time(R"((^|\s)(\d+|an?|one)\s+(seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago\b)");
        if (relative_time.found_in(lowered)) evidence.add(2, Category::Navigation);
    }
    // "941 comments", "1 Comment", "12 Kommentare": a counter.
    static const char* const comment_words[] = {"comment", "kommentar", "responses", "replies", "thoughts on",
                                                "réactions", "reacties"};
    // Every alternative has one of these; most lines have none, and the regex is slow.
    const bool names_comments = std::any_of(
        std::begin(comment_words), std::end(comment_words),
        [&](const char* word) { return lowered.find(word) != std::string::npos; });
    if (names_comments) {
        static const TextPattern comment_count(R"((^|\s)\d[\d,.]*\s*(comments?|kommentare?|commentaires?|responses|replies|thoughts on|réactions|reacties)\b)");
        if (comment_count.found_in(lowered)) evidence.add(2, Category::Comments);
    }
    // "Categories: History, Rivers", "Tags: …", "Filed under …": a post's taxonomy.
    for (const char* opening : {"categories:", "category:", "tags:", "tagged:", "tagged with", "filed under",
                                "catégories :", "kategorien:", "schlagwörter:", "étiquettes :"})
        if (starts_with(lowered, opening) && words <= 30) {
            evidence.add(3, Category::Tags);
            break;
        }
    // A short lead-in that speaks of the piece itself ("Enjoyed this article?").
    if (words <= 8)
        for (const char* phrase : {"this article", "this story", "this post", "enjoyed", "cet article", "dieser artikel",
                                   "ce contenu", "diesen artikel"})
            if (has_phrase(lowered, phrase)) {
                evidence.add(1, Category::Appeal);
                break;
            }
    // Second person: appeals speak to the reader. (Every such word starts with y or v: other
    // tokens are passed over without building their word, as this runs on every paragraph.)
    int second_person = 0;
    std::string word;
    for (std::string_view token : tokens) {
        const auto first = std::find_if(token.begin(), token.end(),
                                        [](char c) { return is_word_byte(static_cast<unsigned char>(c)) || c == '-'; });
        if (first == token.end() || (*first != 'y' && *first != 'v')) continue;
        word.clear();
        for (char c : token)
            if (is_word_byte(static_cast<unsigned char>(c)) || c == '-') word += c;
        static const std::set<std::string> you = {"you", "your", "yours", "yourself", "vous", "votre", "vos"};
        if (you.count(word)) ++second_person;
    }
    if (second_person) {
        evidence.add(std::min(second_person, 3), Category::Appeal);
        evidence.second_person = std::min(second_person, 3);
    }
    // An imperative opening ("Give today", "Sign up", "Lire aussi").
    static const std::set<std::string> imperatives = {
        "give", "support", "donate", "subscribe", "join", "sign", "become", "share", "follow", "read", "click",
        "download", "visit", "help", "register", "watch", "listen", "discover", "lire", "revivez", "découvrez",
        "suivez", "lesen", "abonnieren", "unterstützen", "spenden", "regarder", "écouter"};
    if (!tokens.empty()) {
        std::string first;
        for (char c : tokens[0])
            if (is_word_byte(static_cast<unsigned char>(c))) first += c;
        if (imperatives.count(first)) evidence.add(1, Category::Appeal);
    }
    // Buttons and labels in capitals ("SUPPORT TRUTHDIG", "BREAKING NEWS").
    if (words >= 1 && words <= 6 && is_all_caps(text)) evidence.add(2, Category::Button);
    // Addresses and counters ("View comments941", "teilen17", "+12"). Every address has a ':',
    // '@', '/' or "www.", every counter a figure: most lines have neither and skip the loops.
    // What the checks below look for, counted in one pass over the line (find_first_of tries
    // each byte against each character of its set).
    bool address_mark = false, figure = false;
    int greater_than = 0, bars = 0;
    for (const char c : lowered) {
        address_mark = address_mark || c == ':' || c == '@' || c == '/';
        figure = figure || (c >= '0' && c <= '9');
        greater_than += c == '>';
        bars += c == '|';
    }
    const bool may_have_address = address_mark || lowered.find("www.") != std::string::npos;
    if (may_have_address)
        for (std::string_view token : tokens) {
            if (token.find("http://") != std::string::npos || token.find("https://") != std::string::npos ||
                token.substr(0, 4) == "www." ||
                (token.find('@') != std::string::npos && token.find('.') != std::string::npos) ||
                (token.find('/') != std::string::npos &&
                 (token.find(".org") != std::string::npos || token.find(".com") != std::string::npos ||
                  token.find(".de/") != std::string::npos || token.find(".fr/") != std::string::npos))) {
                evidence.add(2, Category::Navigation);
                break;
            }
        }
    if (figure)
        for (std::string_view token : tokens) {
            const std::size_t digit = token.find_first_of("0123456789");
            if (digit != std::string::npos && digit > 1 && std::isalpha(static_cast<unsigned char>(token[digit - 1])) &&
                token.find_first_not_of("0123456789", digit) == std::string::npos) {
                evidence.add(1, Category::Share);
                break;
            }
            if (token.size() >= 2 && token[0] == '+' && std::isdigit(static_cast<unsigned char>(token[1]))) {
                evidence.add(1, Category::Share);
                break;
            }
        }
    // Breadcrumbs ("Mac & i > News > 2015") and pipe-separated menus.
    if (greater_than >= 2 || lowered.find("« ") != std::string::npos ||
        lowered.find(" »") != std::string::npos)
        if (words <= 15) evidence.add(2, Category::Navigation);
    if (bars >= 2 && words <= 12) evidence.add(1, Category::Navigation);
    // "Jamie Cassidy on November 15, 2018 at 10:12 am said:" heads a reader's comment.
    if (words <= 16 && (ends_with(lowered, " said:") || ends_with(lowered, " says:") || ends_with(lowered, " wrote:") ||
                        ends_with(lowered, " schrieb:") || ends_with(lowered, " a écrit :")))
        evidence.add(2, Category::Comments);
    // In-body link lines are signatures of their own: they never pull neighbours into a run.
    if (is_promo_link(lowered, words)) evidence.add(4, Category::Promo);
    return evidence;
}

bool is_evidence(const Evidence& evidence, int words) {
    if (evidence.score < 2) return false;
    return words <= 15 || evidence.score * 12 >= words;
}

// --- Reader appeals written as prose ----------------------------------------------------------
//
// A publisher's appeal at the end of a piece is often a paragraph of sentences ("Enjoyed this
// story? We are reader-funded, and you can help us…"), which the line-by-line evidence above
// weighs like prose. What gives it away is the combination, not any one word: it speaks to the
// reader ("you"), speaks for the publisher ("us", "our", "this story"), and asks for
// something (support, subscribe, donate, membership). Quoted speech is left out first, so that
// an interviewee's "we need your support" stays the article's.

// The text with everything inside quotation marks removed.
std::string without_quotations(const std::string& lowered) {
    // The marks are whole code points; the text between them is copied a stretch at a time
    // (ASCII other than '"' is never a mark, so it is passed over without decoding).
    std::string result;
    result.reserve(lowered.size());
    int depth = 0;
    bool straight_open = false;
    const auto visible = [&] { return depth == 0 && !straight_open; };
    const auto* bytes = reinterpret_cast<const uint8_t*>(lowered.data());
    const auto length = static_cast<int32_t>(lowered.size());
    int32_t kept_from = 0;  // the stretch not yet copied (or dropped) begins here
    for (int32_t i = 0; i < length;) {
        if (bytes[i] < 0x80 && bytes[i] != '"') {
            ++i;
            continue;
        }
        const int32_t start = i;
        UChar32 code_point = 0;
        U8_NEXT_OR_FFFD(bytes, i, length, code_point);
        const auto c = static_cast<char32_t>(code_point);
        const bool ill_formed = code_point == 0xFFFD && (i - start != 3 || bytes[start] != 0xEF);
        const bool mark = c == U'"' || c == U'“' || c == U'„' || c == U'«' || c == U'”' || c == U'»';
        if (!mark && !ill_formed) continue;
        if (visible()) result.append(lowered, static_cast<std::size_t>(kept_from), static_cast<std::size_t>(start - kept_from));
        kept_from = i;
        if (ill_formed) {
            if (visible()) append_utf8(result, c);
        } else if (c == U'"') {
            straight_open = !straight_open;
        } else if (c == U'“' || c == U'„' || c == U'«') {
            // A German „…“ closes with the English opening mark.
            if (c == U'“' && depth > 0) --depth;
            else ++depth;
        } else if (depth > 0) {  // ” or »
            --depth;
        }
    }
    if (visible()) result.append(lowered, static_cast<std::size_t>(kept_from), static_cast<std::size_t>(length - kept_from));
    // An unbalanced mark (a quotation that runs on into the next paragraph) hides nothing.
    if (depth > 0 || straight_open) return lowered;
    return result;
}

struct Appeal {
    int reader = 0;          // "you", "your", "vous"
    int publisher = 0;       // "us", "our", "we", "my work"
    int piece = 0;           // "this story", "articles like this"
    int asks = 0;            // distinct strong asks: support, subscribe, donate, member, …
    int points = 0;          // everything together
    bool question_opening = false;  // "Enjoyed this story?", "Like this article?"
    bool imperative_opening = false;
    int words = 0;

    bool addressed() const { return reader > 0 || question_opening || imperative_opening; }
    bool self_referring() const { return publisher > 0 || piece > 0; }
    // Standing alone at the end of the text: unmistakably the publisher asking.
    bool strong() const {
        // (A long appeal is dense with asks rather than with cues per word.)
        return addressed() && self_referring() && asks >= 2 && points >= 8 && (points * 6 >= words || asks >= 4);
    }
    // Right above a call to action or another appeal paragraph: one ask is enough.
    bool weak() const {
        return (addressed() || self_referring()) && asks >= 1 && points >= 5 && (points * 10 >= words || asks >= 3);
    }
};

Appeal measure_appeal(const std::string& text, const std::string& lowered) {
    Appeal appeal;
    appeal.words = letter_words(text);
    const std::string unquoted = without_quotations(lowered);
    // Words without their punctuation; "you're" counts as "you".
    std::vector<std::string> words;
    for (const std::string& token : split_words(unquoted)) {
        std::string word;
        for (std::size_t i = 0; i < token.size(); ++i) {
            const unsigned char c = static_cast<unsigned char>(token[i]);
            if (c == '\'' || token.compare(i, 3, "\xE2\x80\x99") == 0) break;
            if (is_word_byte(c) || c == '-') word += static_cast<char>(c);
        }
        if (!word.empty()) words.push_back(word);
    }
    static const std::set<std::string> reader_words = {"you", "your", "yours", "yourself", "vous", "votre", "vos",
                                                       "dein", "deine", "dich"};
    static const std::set<std::string> publisher_words = {"us", "our", "ours", "we", "nous", "notre", "nos", "uns",
                                                          "unser", "unsere", "unseren", "unserer"};
    for (const std::string& word : words) {
        if (reader_words.count(word)) ++appeal.reader;
        if (publisher_words.count(word)) ++appeal.publisher;
    }
    for (const char* phrase : {"my work", "my writing", "my newsletter", "this newsletter", "this publication",
                               "this site", "this website"})
        if (has_phrase(unquoted, phrase)) ++appeal.publisher;
    for (const char* phrase : {"this story", "this article", "this post", "this piece", "this reporting",
                               "stories like this", "articles like this", "reporting like this",
                               "journalism like this", "work like this", "cet article", "dieser artikel",
                               "diesen artikel", "ce contenu"})
        if (has_phrase(unquoted, phrase)) ++appeal.piece;

    // Strong asks, counted once each: the things an appeal asks the reader to do or be.
    static const std::vector<std::vector<std::string>> asks = {
        {"support", "supporting", "supporter", "supporters", "soutenez", "soutenir", "unterstützen"},
        {"subscribe", "subscribing", "subscriber", "subscribers", "subscription", "abonnez-vous", "abonnieren"},
        {"donate", "donating", "donation", "donations", "faire un don", "spenden", "spende"},
        {"contribute", "contribution", "contributions", "a gift", "monthly gift", "one-off"},
        {"become a member", "become members", "membership", "member-supported", "join us", "joining us"},
        {"reader-funded", "reader-supported", "reader funded", "reader supported", "funded by readers",
         "supported by readers", "funded by our readers", "supported by our readers"},
        {"journalism", "newsroom", "our reporting", "our work"},
        {"newsletter", "sign up", "inbox", "receive new posts"},
        {"thanks for reading", "thank you for reading", "merci de votre lecture", "danke fürs lesen"},
        {"help us", "help keep", "keep us", "patreon", "paywall", "free for everyone", "free to read",
         "open to everyone", "open for all"},
    };
    for (const std::vector<std::string>& group : asks)
        for (const std::string& phrase : group)
            if (has_phrase(unquoted, phrase)) {
                ++appeal.asks;
                break;
            }
    // Weaker cues, each a point: the price, the politeness, the promise.
    int weak = 0;
    for (const char* phrase : {"independent", "please", "consider", "a month", "per month", "price of", "for free",
                               "thank you", "readers", "favour", "favor", "only takes", "takes less than",
                               "every contribution", "big or small", "today"})
        if (has_phrase(unquoted, phrase)) ++weak;

    // "Enjoyed this story?": a short question about the piece or what the reader thought of it.
    const std::size_t question = unquoted.find('?');
    if (question != std::string::npos) {
        const std::string opening = unquoted.substr(0, question);
        const bool short_opening = letter_words(opening) >= 1 && letter_words(opening) <= 8 &&
                                   opening.find_first_of(".!") == std::string::npos;
        bool about_reading = false;
        for (const char* cue : {"this", "enjoy", "enjoyed", "like", "liked", "value", "appreciate", "want more",
                                "found", "find", "useful", "interesting"})
            about_reading = about_reading || has_phrase(opening, cue);
        appeal.question_opening = short_opening && about_reading;
    }
    static const std::set<std::string> imperatives = {"support", "subscribe", "donate", "join", "become", "give",
                                                      "help", "contribute", "sign", "consider", "please"};
    appeal.imperative_opening = !words.empty() && imperatives.count(words.front());

    appeal.points = std::min(appeal.reader, 3) + (appeal.publisher ? 2 : 0) + (appeal.piece ? 2 : 0) +
                    2 * std::min(appeal.asks, 4) + std::min(weak, 4) + (appeal.question_opening ? 3 : 0) +
                    (appeal.imperative_opening ? 1 : 0);
    return appeal;
}

// "Support the Daily Lantern", "Donate now", "Become a member": a button's label, which by itself
// may carry too little evidence to count as chrome. Only ever trusted at the very end of a text.
bool is_call_to_action_label(const std::string& text, const std::string& lowered, int words) {
    if (words < 1 || words > 6 || ends_like_sentence(text)) return false;
    static const std::set<std::string> verbs = {"support", "subscribe", "donate", "join", "become", "give", "follow",
                                                "share", "contribute", "register", "upgrade", "pledge", "sign",
                                                "get", "start", "try", "leave", "soutenez", "abonnez-vous",
                                                "unterstützen", "abonnieren", "spenden"};
    const std::vector<std::string> tokens = split_words(lowered);
    if (tokens.empty()) return false;
    std::string first;
    for (char c : tokens.front())
        if (is_word_byte(static_cast<unsigned char>(c)) || c == '-') first += c;
    return verbs.count(first) > 0;
}

// --- The document's lines -------------------------------------------------------------------

enum class Role { Unknown, Body, Title, Dek, Byline, Dateline, Credit, Provenance, Removed };

struct Line {
    std::size_t block;  // index into document.blocks
    std::string text;
    std::string lowered;
    int words = 0;
    bool sentence = false;  // ends like a sentence
    bool has_text = false;  // a paragraph or heading (lists, quotes and breaks count as body)
    Evidence evidence;
    Role role = Role::Unknown;
    std::string reason;  // why removed
    // What the rules below ask of most lines, worked out with the evidence:
    bool credit = false;                     // is_credit(text, lowered, words)
    std::optional<std::string> provenance;   // provenance_source(text, lowered, words), for text lines
    bool call_to_action = false;             // is_in_body_call_to_action(*this), for text lines
};

bool prose(const Line& line) {
    if (!line.has_text) return true;
    return (line.sentence && line.words >= 8) || line.words >= 20;
}

bool evidence_line(const Line& line) { return line.has_text && is_evidence(line.evidence, line.words); }

bool title_candidate(const Line& line) {
    if (!line.has_text || line.words < 1 || line.words > 20 || line.text.size() > 200) return false;
    if (evidence_line(line)) return false;
    const std::string trimmed = trim(line.text);
    // A headline may ask or exclaim, but does not end with a full stop.
    const char32_t last = last_significant(trimmed);
    if (last == U'\0' || last == U'.' || last == U',' || last == U';' || last == U':' || last == U'…' ||
        last == U'\u3002' || last == U'\uFF0C' || last == U'\uFF1B' || last == U'\uFF1A')  // 。，；：
        return false;
    if (trimmed.find(" > ") != std::string::npos || trimmed.find(" | ") != std::string::npos) return false;
    if (is_all_caps(trimmed) && line.words <= 3) return false;
    std::u32string characters = code_points(trimmed);
    for (char32_t c : characters) {
        // A script without capitals (Chinese, Arabic, Hebrew) starts a headline as it starts
        // anything else.
        if (u_isalpha(static_cast<UChar32>(c)))
            return !u_islower(static_cast<UChar32>(c)) ||
                   u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c));
        if (u_isdigit(static_cast<UChar32>(c))) return true;
    }
    return false;
}

// "Sign up for our newsletter", "Follow us on …", "Subscribe to our channel" set between
// paragraphs: the publisher (our, us) tells the reader to do something. An article's own
// advice ("Sign up for the library's newsletter") names no "us" and stays.
bool is_in_body_call_to_action(const Line& line) {
    if (line.words < 2 || line.words > 25) return false;
    const std::string unquoted = without_quotations(line.lowered);
    // The line's own evidence was measured on this same text when the line is long (see
    // the lines above) or quotes no one.
    const Evidence evidence =
        line.words > 15 || unquoted == line.lowered ? line.evidence : measure(line.text, unquoted, line.words);
    static const std::set<Category> asking = {Category::Newsletter, Category::Follow, Category::Share,
                                              Category::Appeal, Category::Related};
    if (evidence.score < 3 || !asking.count(evidence.category)) return false;
    const Appeal appeal = measure_appeal(line.text, line.lowered);
    if (appeal.publisher == 0 && appeal.piece == 0) return false;
    const std::vector<std::string> tokens = split_words(unquoted);
    if (tokens.empty()) return false;
    std::string first;
    for (char c : tokens.front())
        if (is_word_byte(static_cast<unsigned char>(c))) first += c;
    static const std::set<std::string> verbs = {"sign", "subscribe", "follow", "get", "join", "share", "like",
                                                "download", "click", "tap", "listen", "watch", "register",
                                                "support", "donate", "become", "abonnez", "suivez", "folgen",
                                                "abonnieren"};
    return verbs.count(first) > 0;
}

std::string lede_title(const std::string& lede) {
    const std::u32string characters = code_points(trim(lede));
    if (characters.size() <= 70) return trim(lede);
    std::size_t cut = 69;
    while (cut > 0 && characters[cut] != U' ') --cut;
    if (cut == 0) cut = 69;
    std::u32string head = characters.substr(0, cut);
    while (!head.empty() && (head.back() == U',' || head.back() == U';' || head.back() == U':' || head.back() == U' ' ||
                             head.back() == U'—' || head.back() == U'–'))
        head.pop_back();
    head += U'…';
    std::string result;
    icu::UnicodeString::fromUTF32(reinterpret_cast<const UChar32*>(head.data()), static_cast<int32_t>(head.size()))
        .toUTF8String(result);
    return result;
}

std::string strip_suffix(const std::string& text, const std::vector<std::string>& suffixes) {
    for (const std::string& suffix : suffixes)
        if (text.size() > suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0)
            return trim(text.substr(0, text.size() - suffix.size()));
    return text;
}

const std::vector<std::string>& edit_suffixes() {
    static const std::vector<std::string> suffixes = {"[edit]", "[modifier | modifier le code]", "[modifier]",
                                                      "[Bearbeiten | Quelltext bearbeiten]", "[Bearbeiten]",
                                                      "[editar]", "[modifica | modifica wikitesto]", "[bewerken]"};
    return suffixes;
}

bool is_table_of_contents_entry(const std::string& text) {
    if (text.empty() || text[0] < '0' || text[0] > '9') return false;  // (before compiling the pattern)
    static const TextPattern entry(R"(^[0-9]+(\.[0-9]+)*\.?\s+\S.{0,80}$)");
    return entry.matches(text);
}

int table_of_contents_depth(const std::string& text) {
    int depth = 1;
    for (char c : text) {
        if (c == ' ') break;
        if (c == '.') ++depth;
    }
    if (!text.empty() && text.find(' ') != std::string::npos && text[text.find(' ') - 1] == '.') --depth;
    return std::max(depth, 1);
}

}  // namespace

std::string find_date(const std::string& text) { return first_date(text).iso; }

std::vector<std::string> parse_byline(const std::string& text) {
    const std::vector<std::string> segments = byline_segments(text);
    std::vector<std::string> names;
    for (const std::string& segment : segments) {
        names = names_after_by(segment);
        if (!names.empty()) return names;
        // "Posted on January 5, 2017 by Jane Doe": a date, then the byline.
        const std::string lowered = lower(segment);
        for (const std::string by : {" by ", " par ", " von "}) {
            const std::size_t at = lowered.rfind(by);
            if (at == std::string::npos || at == 0 || !is_date_line(segment.substr(0, at))) continue;
            names = names_after_by(segment.substr(at + 1));
            if (!names.empty()) return names;
        }
    }
    // "Jane Doe | July 1, 2020": a bare name beside a date.
    if (segments.size() >= 2) {
        bool dated = false;
        std::string name;
        for (const std::string& segment : segments) {
            if (is_date_line(segment)) dated = true;
            else if (name.empty() && looks_like_name(segment) && split_words(segment).size() >= 2) name = segment;
        }
        if (dated && !name.empty()) return {is_all_caps(name) ? title_case(name) : name};
    }
    // "Jane Doe, Washington correspondent": a name and a role.
    if (segments.size() == 1 && letter_words(text) <= 12) {
        const std::size_t comma = text.find(", ");
        if (comma != std::string::npos) {
            const std::string name = trim(text.substr(0, comma));
            const std::string role = lower(text.substr(comma + 2));
            static const std::vector<std::string> roles = {
                "correspondent", "editor", "reporter", "writer", "staff", "contributor", "journalist", "columnist",
                "critic", "analyst", "professor", "fellow", "researcher", "rédacteur", "rédactrice", "journaliste",
                "correspondant", "correspondante", "envoyé spécial", "envoyée spéciale", "redakteur", "redakteurin",
                "korrespondent", "korrespondentin", "autor", "autorin", "reporterin"};
            const bool has_role = std::any_of(roles.begin(), roles.end(), [&](const std::string& word) {
                return has_phrase(role, word) || has_phrase(role, word + "s");
            });
            if (has_role && looks_like_name(name) && split_words(name).size() >= 2)
                return {is_all_caps(name) ? title_case(name) : name};
        }
    }
    return {};
}

std::string find_creative_commons(const std::string& text) {
    const std::string lowered = lower(plain_spaces(text));
    if (lowered.find("cc") == std::string::npos && lowered.find("creative commons") == std::string::npos) return "";
    static const TextPattern short_form(R"(\bcc[\- ]?(by(?:[\- ](?:nc|nd|sa)){0,3}|0|zero)(?:[ \-]?([0-9]\.[0-9]))?(?:\s+(\w\w))?\b)");
    if (const auto match = lowered.find("cc") == std::string::npos ? std::nullopt : short_form.search(lowered)) {
        std::string kind = (*match)[1];
        for (char& c : kind)
            if (c == ' ') c = '-';
        std::transform(kind.begin(), kind.end(), kind.begin(), [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); });
        std::string result = kind == "0" || kind == "ZERO" ? "CC0" : "CC " + kind;
        if (match->matched(2)) result += " " + (*match)[2];
        return result;
    }
    const std::size_t at = lowered.find("creative commons");
    if (at == std::string::npos) return "";
    // "Creative Commons Attribution-Noncommercial-Share alike 3.0 United States License"
    const std::string rest = lowered.substr(at, 140);
    if (rest.find("zero") != std::string::npos || rest.find("cc0") != std::string::npos) return "CC0 1.0";
    if (rest.find("attribution") == std::string::npos) return "";
    std::string result = "CC BY";
    if (rest.find("noncommercial") != std::string::npos || rest.find("non-commercial") != std::string::npos) result += "-NC";
    if (rest.find("noderiv") != std::string::npos || rest.find("no deriv") != std::string::npos ||
        rest.find("no-deriv") != std::string::npos)
        result += "-ND";
    if (rest.find("sharealike") != std::string::npos || rest.find("share alike") != std::string::npos ||
        rest.find("share-alike") != std::string::npos)
        result += "-SA";
    static const TextPattern version(R"(([0-9]\.[0-9]))");
    if (const auto match = version.search(rest)) result += " " + (*match)[1];
    if (rest.find("united states") != std::string::npos) result += " US";
    return result;
}

// Whether `text` is short enough to be a section label such as "Contents" or "Notes et
// références" (at most 21 bytes) once lower-cased, which shrinks UTF-8 at most threefold
// (U+212A KELVIN SIGN becomes "k"): paragraphs are not lower-cased only to be compared.
bool may_be_label(const std::string& text) { return text.size() <= 3 * 32; }

namespace {

// How a line that may be a list item ends.
enum class ItemEnd { Bare, Continues, Sentence, NotItem };

// A list item whose bullet was lost on the way to plain text (a browser's copy of a <ul> gives
// its items as bare lines) is one short sentence at most: no sentence boundary inside, and it
// ends without a full stop, or with a semicolon (", and"/"; or" too) that leads to the next.
ItemEnd list_item_end(const Block& block) {
    if (block.kind != BlockKind::Paragraph) return ItemEnd::NotItem;
    const std::string text = trim(plain_text(block.inlines));
    if (text.empty() || text.size() > 320 || letter_words(text) > 45) return ItemEnd::NotItem;
    static const TextPattern sentence_inside(R"([.!?…]["”’)\]]*\s+["“‘(]?\p{Lu}\p{Ll})");
    if (sentence_inside.found_in(text)) return ItemEnd::NotItem;
    static const TextPattern continues(R"([;,](?:\s+(?:and|or|et|ou|und|oder|y|o))?$)");
    if (continues.found_in(text)) return ItemEnd::Continues;
    static const TextPattern sentence_end(R"([.!?…:]["”’»)\]]*$)");
    if (sentence_end.found_in(text)) return ItemEnd::Sentence;
    return ItemEnd::Bare;
}

// Paragraphs that were a bulleted list before the bullets were lost become a List again: a
// paragraph that ends in a colon (citation marks after it allowed), then at least three
// paragraphs that are list items by the rule above (two will do when each leads on to the
// next with a semicolon or comma), the last of them allowed a full stop when the others lead to it.
void restore_bare_lists(Blocks& blocks, std::vector<Recognition>& recognitions) {
    static const TextPattern introduces(R"(:(?:\s*\[\d+\])*\s*$)");
    Blocks result;
    result.reserve(blocks.size());
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        result.push_back(std::move(blocks[i]));
        const Block& intro = result.back();
        if (intro.kind != BlockKind::Paragraph || !introduces.found_in(plain_text(intro.inlines))) continue;
        std::size_t end = i + 1;
        bool all_continue = true;
        while (end < blocks.size()) {
            const ItemEnd kind = list_item_end(blocks[end]);
            if (kind == ItemEnd::NotItem) break;
            if (kind == ItemEnd::Sentence) {
                if (all_continue && end > i + 1) ++end;  // "...; and" then the last item's full stop
                break;
            }
            all_continue = all_continue && kind == ItemEnd::Continues;
            ++end;
        }
        const std::size_t count = end - i - 1;
        if (count < 3 && !(count == 2 && all_continue)) continue;
        Block list;
        list.kind = BlockKind::List;
        list.position = blocks[i + 1].position;
        for (std::size_t k = i + 1; k < end; ++k) list.items.push_back({std::move(blocks[k])});
        recognitions.push_back({"list (" + std::to_string(count) + " items whose bullets were lost)", list.position,
                                plain_text(list.items.front().front().inlines)});
        result.push_back(std::move(list));
        i = end - 1;
    }
    blocks = std::move(result);
}

}  // namespace

std::vector<Recognition> recognise_furniture(Document& document, const FurnitureOptions& options) {
    std::vector<Recognition> recognitions;
    Blocks& blocks = document.blocks;
    auto position_of = [&](std::size_t block) { return blocks[block].position; };
    auto recognise = [&](const std::string& what, std::size_t block, const std::string& text) {
        recognitions.push_back({what, position_of(block), text});
    };

    // Wikipedia-style "[edit]" suffixes mark headings; tables of contents give their depth.
    std::map<std::string, int> contents_depth;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        if (blocks[i].kind != BlockKind::Paragraph && blocks[i].kind != BlockKind::Heading) continue;
        static const std::set<std::string> contents_labels = {"contents", "table of contents", "sommaire",
                                                             "inhaltsverzeichnis", "inhalt", "índice", "indice"};
        const std::string text = trim(plain_text(blocks[i].inlines));
        if (!may_be_label(text) || !contents_labels.count(lower(text))) continue;
        std::size_t end = i + 1;
        while (end < blocks.size() && is_table_of_contents_entry(trim(plain_text(blocks[end].inlines)))) ++end;
        if (end - i - 1 < 3) continue;
        for (std::size_t k = i + 1; k < end; ++k) {
            const std::string entry = trim(plain_text(blocks[k].inlines));
            const std::size_t space = entry.find(' ');
            contents_depth[trim(entry.substr(space + 1))] = table_of_contents_depth(entry);
        }
    }

    // A trailing numbered references list becomes the document's notes.
    {
        static const std::set<std::string> notes_labels = {"references", "notes", "footnotes", "sources", "citations",
                                                          "notes and references", "références",
                                                          "notes et références", "einzelnachweise", "anmerkungen",
                                                          "quellen", "referencias", "note"};
        // Notes close an article: only the second half of the text is searched.
        for (std::size_t i = blocks.size() / 2; i < blocks.size(); ++i) {
            if (blocks[i].kind != BlockKind::Paragraph && blocks[i].kind != BlockKind::Heading) continue;
            const std::string text = strip_suffix(trim(plain_text(blocks[i].inlines)), edit_suffixes());
            if (!may_be_label(text) || !notes_labels.count(lower(text))) continue;
            // "12. ^ a b Text": the caret and the letters are the wiki's back-links.
            static const TextPattern note_entry(R"(^([0-9]+)\.\s+(?:\^\s*(?:(?:[a-z]\s)+)?)?(.+)$)");
            std::size_t end = i + 1;
            std::vector<Footnote> notes;
            // A reader that recognised the numbering gives one List block.
            if (end < blocks.size() && blocks[end].kind == BlockKind::List && blocks[end].items.size() >= 2) {
                int number = blocks[end].start;
                for (std::vector<Block>& item : blocks[end].items) {
                    if (!item.empty() && !item.front().inlines.empty() && item.front().inlines.front().kind == InlineKind::Text) {
                        std::string& first = item.front().inlines.front().text;
                        static const TextPattern backlinks(R"(^\^\s*(?:(?:[a-z]\s)+)?)");
                        if (const auto match = backlinks.search(first)) first.erase(match->position(0), (*match)[0].size());
                    }
                    notes.push_back({"note-" + std::to_string(number++), std::move(item)});
                }
                ++end;
            }
            while (end < blocks.size()) {
                const std::string entry = trim(plain_text(blocks[end].inlines));
                const auto match = note_entry.match(entry);
                if (!match) break;
                Block paragraph;
                paragraph.inlines = {Inline::make_text(trim((*match)[2]))};
                paragraph.position = blocks[end].position;
                notes.push_back({"note-" + (*match)[1], {paragraph}});
                ++end;
            }
            if (notes.size() < 2) continue;
            recognise("notes (" + std::to_string(notes.size()) + " references)", i, trim(plain_text(blocks[i].inlines)));
            for (Footnote& note : notes) document.footnotes.push_back(std::move(note));
            blocks.erase(blocks.begin() + static_cast<std::ptrdiff_t>(i), blocks.begin() + static_cast<std::ptrdiff_t>(end));
            break;
        }
    }

    // Each line's evidence depends on that line alone: it is measured for all lines first, on
    // two threads for a book, before the decisions below, which look at runs of lines.
    std::vector<Line> lines(blocks.size());
    for_pieces(
        blocks.size(), [&](std::size_t i) { return text_size(blocks[i]); },
        [&](std::size_t begin, std::size_t end) {
            for (std::size_t i = begin; i < end; ++i) {
                Line& line = lines[i];
                line.block = i;
                const Block& block = blocks[i];
                line.has_text = block.kind == BlockKind::Paragraph || block.kind == BlockKind::Heading;
                line.text = trim(plain_spaces(line.has_text ? plain_text(block.inlines) : plain_text(block)));
                line.lowered = lower(line.text);
                line.words = letter_words(line.text);
                line.sentence = ends_like_sentence(line.text);
                line.credit = is_credit(line.text, line.lowered, line.words);
                if (!line.has_text) continue;
                // In a paragraph, what people in the story say is the story's, whatever words they use.
                line.evidence = measure(line.text, line.words > 15 ? without_quotations(line.lowered) : line.lowered,
                                        line.words);
                line.provenance = provenance_source(line.text, line.lowered, line.words);
                line.call_to_action = is_in_body_call_to_action(line);
            }
        });
    // The table of contents itself is chrome: the headings are in the text.
    {
        for (std::size_t i = 0; i < lines.size(); ++i) {
            static const std::set<std::string> contents_labels = {"contents", "table of contents", "sommaire",
                                                                 "inhaltsverzeichnis", "inhalt", "índice", "indice"};
            if (!lines[i].has_text || !contents_labels.count(lines[i].lowered)) continue;
            std::size_t end = i + 1;
            while (end < lines.size() && lines[end].has_text && is_table_of_contents_entry(lines[end].text)) ++end;
            if (end - i - 1 < 3) continue;
            for (std::size_t k = i; k < end; ++k) {
                lines[k].role = Role::Removed;
                lines[k].reason = "table of contents";
            }
        }
    }

    const std::size_t count = lines.size();
    if (count == 0) return recognitions;

    // --- The head: furniture and chrome before the body. ---------------------------------
    std::string title_text;
    std::vector<std::string> authors;
    std::string date;
    std::vector<std::string> credits_seen;
    std::size_t title_line = count;
    bool dek_found = false;
    std::optional<std::size_t> last_head_evidence;
    std::size_t body_start = count;
    const std::size_t head_limit = std::max<std::size_t>(std::min<std::size_t>(count, 12), count * 2 / 3);

    auto next_text_line = [&](std::size_t i) -> std::optional<std::size_t> {
        for (std::size_t k = i + 1; k < count; ++k)
            if (lines[k].role != Role::Removed) return k;
        return std::nullopt;
    };
    auto mark_removed = [&](std::size_t i, const std::string& reason) {
        lines[i].role = Role::Removed;
        lines[i].reason = reason;
    };
    // Between the headline and line i there is at most its picture (caption and credit).
    auto only_pictures_since_title = [&](std::size_t i) {
        if (title_line == count) return false;
        for (std::size_t k = title_line + 1; k < i; ++k)
            if (lines[k].role != Role::Credit && lines[k].reason != "caption") return false;
        return true;
    };
    auto byline_or_date = [&](std::size_t i) {
        return !parse_byline(lines[i].text).empty() || is_date_line(lines[i].text);
    };

    for (std::size_t i = 0; i < head_limit; ++i) {
        Line& line = lines[i];
        if (line.role == Role::Removed) {
            last_head_evidence = i;
            continue;
        }
        if (!line.has_text) {
            body_start = i;
            break;
        }
        if (const auto& source = line.provenance) {
            line.role = Role::Provenance;
            if (document.metadata.source_name.empty()) document.metadata.source_name = *source;
            continue;
        }
        if (line.credit) {
            // The same credit again ("Main image: … Photograph: …") is chrome.
            std::string credit_part = line.lowered;
            for (const std::string marker : {"photograph:", "photo:", "bild:", "foto:", "image:"}) {
                const std::size_t at = credit_part.find(marker);
                if (at != std::string::npos) {
                    credit_part = credit_part.substr(at);
                    break;
                }
            }
            if (std::find(credits_seen.begin(), credits_seen.end(), credit_part) != credits_seen.end()) {
                mark_removed(i, "caption");
                last_head_evidence = i;
            } else {
                credits_seen.push_back(credit_part);
                line.role = Role::Credit;
                // A short line just before a credit is that picture's caption.
                if (i > 0 && lines[i - 1].role == Role::Unknown && lines[i - 1].words <= 30 && i - 1 != title_line) {
                    mark_removed(i - 1, "caption");
                }
            }
            continue;
        }
        const std::vector<std::string> names = parse_byline(line.text);
        if (!names.empty()) {
            line.role = Role::Byline;
            if (authors.empty()) authors = names;
            if (date.empty()) date = find_date(line.text);
            continue;
        }
        if (is_date_line(line.text)) {
            line.role = Role::Dateline;
            if (date.empty()) date = find_date(line.text);
            continue;
        }
        // "Jane Park" over "Follow" or a date: the author's line of a blog post (above or below
        // its title), not a title.
        if (title_candidate(line)) {
            const auto next = next_text_line(i);
            // Over a date, a short capitalised line is the title ("The Last Ferry" / "May 3") unless
            // the title is already known or comes after the date.
            const auto after_next = next ? next_text_line(*next) : std::nullopt;
            const bool name_over_date =
                next && is_date_line(lines[*next].text) && !starts_with(line.lowered, "the ") &&
                (title_line != count || (after_next && title_candidate(lines[*after_next]) &&
                                         parse_byline(lines[*after_next].text).empty()));
            if (next && looks_like_name(line.text) && split_words(line.text).size() >= 2 && line.words <= 3 &&
                (name_over_date || lines[*next].evidence.category == Category::Follow)) {
                line.role = Role::Byline;
                if (authors.empty()) authors = {is_all_caps(line.text) ? title_case(line.text) : line.text};
                continue;
            }
        }
        if (title_line == count && title_candidate(line)) {
            const auto next = next_text_line(i);
            // A headline over its subtitle ("Moving a Town" / "What the flood taught a village"),
            // with the author or the date right below, is no kicker: kickers are a word or two,
            // or a series name with a colon or dash.
            auto headline_over_subtitle = [&]() {
                if (line.words < 3 || line.text.find(':') != std::string::npos ||
                    line.text.find("\xE2\x80\x94") != std::string::npos ||
                    line.text.find("\xE2\x80\x93") != std::string::npos || line.text.find(" - ") != std::string::npos)
                    return false;
                // ("Kicker" / "Headline: With Its Own Subtitle" is a kicker over the headline.)
                if (lines[*next].text.find(": ") != std::string::npos) return false;
                const auto after = next_text_line(*next);
                if (!after) return false;
                const Line& below = lines[*after];
                if (byline_or_date(*after)) return true;
                const auto after_below = next_text_line(*after);
                return looks_like_name(below.text) && split_words(below.text).size() >= 2 && below.words <= 3 &&
                       after_below && (is_date_line(lines[*after_below].text) ||
                                       lines[*after_below].evidence.category == Category::Follow);
            };
            const bool kicker = next && title_candidate(lines[*next]) && lines[*next].words > line.words &&
                                !is_date_line(lines[*next].text) && parse_byline(lines[*next].text).empty() &&
                                !headline_over_subtitle();
            if (!kicker) {
                line.role = Role::Title;
                title_line = i;
                title_text = line.text;
                continue;
            }
        }
        if (title_line != count && line.lowered == lower(title_text)) {
            mark_removed(i, category_name(Category::Repeat));
            last_head_evidence = i;
            continue;
        }
        const bool evidence = evidence_line(line);
        // The standfirst: right under the headline (or its picture), a sentence or two.
        if (title_line != count && !dek_found && only_pictures_since_title(i) && !evidence && line.words >= 6 &&
            line.words <= 80 && (!prose(line) || !line.sentence || [&] {
                for (std::size_t k = title_line + 1; k < i; ++k)
                    if (lines[k].role == Role::Credit || lines[k].reason == "caption") return true;
                return false;
            }())) {
            line.role = Role::Dek;
            dek_found = true;
            continue;
        }
        if (evidence) {
            mark_removed(i, category_name(line.evidence.category));
            last_head_evidence = i;
            continue;
        }
        if (prose(line)) {
            // A standfirst followed by the byline or date is still the head.
            // (Share, save and listen buttons may stand between them.)
            bool furniture_follows = false;
            for (std::size_t k = i + 1; k < count && k <= i + 6; ++k) {
                if (!lines[k].has_text) break;
                if (byline_or_date(k)) {
                    furniture_follows = true;
                    break;
                }
                if (prose(lines[k]) || lines[k].words > 8) break;
            }
            if (furniture_follows && title_line != count && !dek_found && only_pictures_since_title(i)) {
                line.role = Role::Dek;
                dek_found = true;
                    continue;
            }
            // Prose between two chrome lines (an imprint's paragraphs) is chrome too.
            const bool chrome_before = last_head_evidence && *last_head_evidence + 1 == i &&
                                       !in_body_category(lines[i - 1].evidence.category);
            bool chrome_after = false;
            for (std::size_t k = i + 1; k <= i + 2 && k < count; ++k)
                if (evidence_line(lines[k]) && !in_body_category(lines[k].evidence.category)) chrome_after = true;
            if (chrome_before && chrome_after && line.evidence.score >= 1) {
                mark_removed(i, category_name(lines[i - 1].evidence.category));
                last_head_evidence = i;
                continue;
            }
            body_start = i;
            break;
        }
        // A short line we cannot place yet: chrome if evidence follows, body otherwise.
    }
    if (body_start == count) {
        // No prose at all in the head's reach: the body starts after the last recognised line.
        body_start = 0;
        for (std::size_t i = 0; i < head_limit; ++i)
            if (lines[i].role != Role::Unknown) body_start = i + 1;
        if (body_start >= count) body_start = count;
    }
    // Unplaced lines before the title or before the last chrome line are chrome; those after
    // it open the body (a first section heading).
    // (A byline or date line after the title closes the head just as chrome does: the buttons
    // between the standfirst and the byline are chrome.)
    std::optional<std::size_t> last_head_line = last_head_evidence;
    for (std::size_t i = title_line == count ? body_start : title_line + 1; i < body_start; ++i)
        if ((lines[i].role == Role::Byline || lines[i].role == Role::Dateline) &&
            (!last_head_line || i > *last_head_line))
            last_head_line = i;
    for (std::size_t i = 0; i < body_start; ++i) {
        if (lines[i].role != Role::Unknown) continue;
        if (i < title_line && title_line != count) mark_removed(i, "site chrome");
        // (A short sentence is the article's, even above a stray chrome line.)
        else if (last_head_evidence && i < *last_head_evidence && (!lines[i].sentence || lines[i].words <= 3))
            mark_removed(i, "site chrome");
        else if (last_head_line && i < *last_head_line && !lines[i].sentence && lines[i].words <= 8)
            mark_removed(i, "site chrome");
        else {
            body_start = i;
            break;
        }
    }

    // --- The tail: a run of chrome after the body. -----------------------------------------
    std::optional<std::size_t> topmost_evidence;
    for (std::size_t i = count; i-- > body_start + 1;) {
        Line& line = lines[i];
        if (line.role == Role::Removed) continue;
        if (!line.has_text) continue;  // a list in the tail goes with the run only if chrome lies below it
        if (const auto& source = line.provenance) {
            line.role = Role::Provenance;
            if (document.metadata.source_name.empty()) document.metadata.source_name = *source;
            continue;
        }
        // The byline's name again: an author line, or a bio that opens with the name.
        const bool authors_again = !authors.empty() && line.words <= 80 &&
                                   ((line.words <= 14 && line.lowered.find(lower(authors.front())) != std::string::npos) ||
                                    starts_with(line.lowered, lower(authors.front())));
        const bool evidence = evidence_line(line) || is_date_line(line.text) || !parse_byline(line.text).empty() ||
                              authors_again || (!title_text.empty() && line.lowered == lower(title_text));
        if (evidence && !in_body_category(line.evidence.category)) {
            topmost_evidence = i;
            continue;
        }
        // Below a call to action or an appeal paragraph there is only running text that the run
        // may take (a list or a quote below would be the article's, which the run never takes).
        bool only_text_below = true;
        for (std::size_t k = i + 1; k < count; ++k)
            if (!lines[k].has_text && lines[k].role != Role::Removed) only_text_below = false;
        if (only_text_below && is_call_to_action_label(line.text, line.lowered, line.words)) {
            line.evidence.category = Category::Button;
            topmost_evidence = i;
            continue;
        }
        if (only_text_below && line.words >= 4) {
            // The line just below, if the run of chrome starts there and it asks for something.
            std::size_t below = i + 1;
            while (below < count && lines[below].role == Role::Removed && !(topmost_evidence && below >= *topmost_evidence))
                ++below;
            const bool asking_below = topmost_evidence && below == *topmost_evidence &&
                                      (lines[below].evidence.category == Category::Appeal ||
                                       lines[below].evidence.category == Category::Newsletter ||
                                       lines[below].evidence.category == Category::Button ||
                                       lines[below].evidence.category == Category::Follow);
            const Appeal appeal = measure_appeal(line.text, line.lowered);
            if (appeal.strong() || (asking_below && appeal.weak())) {
                line.evidence.category = Category::Appeal;
                topmost_evidence = i;
                continue;
            }
        }
        if (!prose(line)) continue;
        // A short sentence counts as the body's end only inside the dense run of prose: a
        // question-headline in a related-links list does not.
        if (line.words < 12 && i > body_start && !(prose(lines[i - 1]) && !evidence_line(lines[i - 1]))) continue;
        // Prose: the body's end, unless a run of chrome continues right above it (a reader's
        // comment under "Comments", the lead-in of a donation appeal).
        bool bridged = false;
        // A reader's comment: under its author's name or date line, over its "Reply" button.
        if (i + 1 < count && lines[i + 1].has_text && lines[i + 1].evidence.category == Category::Comments &&
            lines[i + 1].words <= 3 && i > body_start + 1 && lines[i - 1].has_text &&
            (is_date_line(lines[i - 1].text) || (looks_like_name(lines[i - 1].text) && lines[i - 1].words <= 4)))
            bridged = true;
        for (std::size_t k = 1; k <= 2 && !bridged && i >= body_start + k + 1; ++k) {
            const Line& above = lines[i - k];
            if (!above.has_text) break;
            // (Only a reader's comment, or prose that itself carries some evidence: a paragraph of
            // the article under a newsletter link set between paragraphs is the article's.)
            if (evidence_line(above) && !in_body_category(above.evidence.category) && above.evidence.score >= 2 &&
                above.words <= 30 &&
                (above.evidence.category == Category::Comments || line.evidence.score >= 1 ||
                 (above.evidence.category == Category::Publisher && above.words <= 4))) {
                bridged = true;
                break;
            }
            if (prose(above) && !evidence_line(above)) continue;
        }
        if (!bridged) break;
    }
    std::size_t body_end = count;  // one past the body's last line
    if (topmost_evidence) {
        std::size_t cut = *topmost_evidence;
        // Section labels just above the run ("Topics", "Colophon") belong to it.
        while (cut > body_start + 1) {
            const Line& above = lines[cut - 1];
            if (above.role == Role::Removed) {
                --cut;
                continue;
            }
            if (above.has_text && !above.sentence && above.words <= 12 && above.role == Role::Unknown) --cut;
            // A short lead-in ("Enjoyed this article?") that speaks of more than "you".
            else if (above.has_text && above.words <= 8 && above.role == Role::Unknown &&
                     above.evidence.score - above.evidence.second_person >= 1 &&
                     !in_body_category(above.evidence.category))
                --cut;
            else break;
        }
        body_end = cut;
        for (std::size_t i = cut; i < count; ++i) {
            if (lines[i].role == Role::Provenance || lines[i].role == Role::Credit) continue;
            if (lines[i].role == Role::Removed) continue;
            Category category = lines[i].evidence.category;
            mark_removed(i, category == Category::None ? "site chrome" : category_name(category));
        }
    }

    // --- Inside the body: only unmistakable signatures. ------------------------------------
    std::vector<bool> picture_button(count, false);  // "Enlarge this image", "toggle caption"
    // A wiki marks every section heading with its edit button; a heading line without one in
    // such a text is an image's caption that happened to look like a heading.
    int edit_marked_headings = 0;
    for (const Line& line : lines)
        if (line.has_text && line.words <= 12 && strip_suffix(line.text, edit_suffixes()) != line.text)
            ++edit_marked_headings;
    auto is_heading_block = [&](std::size_t i) {
        return i < count && lines[i].has_text &&
               (blocks[lines[i].block].kind == BlockKind::Heading ||
                (lines[i].words <= 12 && strip_suffix(lines[i].text, edit_suffixes()) != lines[i].text));
    };
    auto body_sentence = [&](std::size_t i) {
        return i < count && lines[i].has_text && lines[i].role != Role::Removed && lines[i].sentence &&
               lines[i].words >= 8 && lines[i].lowered.back() != ':';
    };
    // In a wiki, a section's text opens by naming its subject ("Mozilla Festival" → "The Mozilla
    // Festival is…"); a short line between the heading and that opening is the section's image
    // caption.
    auto subject_of = [&](const std::string& lowered) {
        const std::string stripped = strip_suffix(lowered, edit_suffixes());
        for (const char* article : {"the ", "a ", "an ", "le ", "la ", "les ", "l'", "l’", "der ", "die ", "das "})
            if (starts_with(stripped, article)) return stripped.substr(std::string(article).size());
        return stripped;
    };
    auto is_wiki_section_caption = [&](std::size_t i) {
        const Line& line = lines[i];
        if (edit_marked_headings < 3 || i == 0 || i + 1 >= body_end || !is_heading_block(i - 1)) return false;
        static const TextPattern reference_marker(R"(\[[0-9]+\])");
        if (line.words < 4 || line.words > 30 || reference_marker.found_in(line.text)) return false;
        if (!lines[i + 1].has_text || !lines[i + 1].sentence || lines[i + 1].words < 8) return false;
        const std::string subject = lower(strip_suffix(lines[i - 1].text, edit_suffixes()));
        if (subject.size() < 3) return false;
        return starts_with(subject_of(lines[i + 1].lowered), subject_of(subject)) &&
               !starts_with(subject_of(line.lowered), subject_of(subject));
    };
    // Labels and captions that stand between paragraphs and head nothing.
    auto is_in_body_label = [&](std::size_t i) {
        const Line& line = lines[i];
        if (blocks[line.block].kind == BlockKind::Paragraph && is_wiki_section_caption(i)) return true;
        if (line.sentence || line.words < 1 || line.words > 14 || line.lowered.back() == ':' ||
            line.lowered.back() == ',')
            return false;
        const BlockKind kind = blocks[line.block].kind;
        const bool edit_marked = strip_suffix(line.text, edit_suffixes()) != line.text;
        // A live-coverage promo ("Live updates from the summit") is a link, whatever it looks like.
        for (const char* phrase : {"live updates", "live coverage", "live blog", "latest updates", "as it happened",
                                   "follow live", "live reporting", "en direct", "liveticker", "live-ticker"})
            if (has_phrase(line.lowered, phrase) && line.words <= 10) return true;
        if (edit_marked_headings >= 3 && kind == BlockKind::Heading && !edit_marked &&
            !contents_depth.count(line.text))
            return true;
        if (kind != BlockKind::Paragraph || i == 0 || !body_sentence(i - 1)) return false;
        // An embed's label in lower case ("whale strandings") between two paragraphs: a subhead
        // would be capitalised, and a paragraph would end like a sentence.
        const std::u32string characters = code_points(line.text);
        // (Letters and spaces only: "npm install -g tool" is a command, not a label.)
        const bool lower_case_only = line.words <= 5 && std::all_of(characters.begin(), characters.end(), [](char32_t c) {
            return c == U' ' || (u_isalpha(static_cast<UChar32>(c)) && !u_isupper(static_cast<UChar32>(c)));
        });
        // (It names the story's topic: a word of it is in the headline. A lower-case line that
        // is not, such as a shell command, stays.)
        bool names_topic = false;
        const std::string lowered_title = lower(title_text);
        for (const std::string& word : split_words(line.lowered))
            if (code_points(word).size() >= 4 && has_phrase(lowered_title, word)) names_topic = true;
        if (lower_case_only && names_topic && i + 1 < body_end && body_sentence(i + 1)) return true;
        // A caption right above a subhead: it cannot head the text, for the subhead does. (A
        // name alone there is a letter's signature and stays.)
        if (line.words >= 5 && is_heading_block(i + 1) && !looks_like_name(line.text) &&
            line.lowered.find("://") == std::string::npos && line.lowered.find("www.") == std::string::npos)
            return true;
        return false;
    };
    // (Compiled the first time a line has a bracket.)
    auto has_citation_marker = [](const std::string& text) {
        if (text.find('[') == std::string::npos) return false;
        static const TextPattern citation_marker(R"(\[[0-9]+\])");
        return citation_marker.found_in(text);
    };
    for (std::size_t i = body_start; i < body_end; ++i) {
        Line& line = lines[i];
        if (line.role != Role::Unknown || !line.has_text) continue;
        const std::string& lowered = line.lowered;
        if (const auto& source = line.provenance) {
            line.role = Role::Provenance;
            if (document.metadata.source_name.empty()) document.metadata.source_name = *source;
            continue;
        }
        if (line.words <= 6 && (has_phrase(lowered, "advertisement") || has_phrase(lowered, "anzeige") ||
                                has_phrase(lowered, "publicité") || has_phrase(lowered, "werbung") ||
                                has_phrase(lowered, "sponsored content") || has_phrase(lowered, "sponsored") ||
                                has_phrase(lowered, "publicidade") || has_phrase(lowered, "publicidad") ||
                                has_phrase(lowered, "pubblicità") || has_phrase(lowered, "reklama"))) {
            mark_removed(i, "advertisement");
            continue;
        }
        if (starts_with(lowered, "media caption") || starts_with(lowered, "image caption") ||
            starts_with(lowered, "image copyright") || starts_with(lowered, "clockwise from") ||
            (line.credit && line.words <= 40)) {
            mark_removed(i, "caption");
            continue;
        }

        if (is_promo_link(line.lowered, line.words)) mark_removed(i, "related link");
        if (line.role == Role::Removed) continue;
        static const std::vector<std::string> hatnotes = {"main article:", "main articles:", "further information:",
                                                          "for other uses", "this article is about",
                                                          "article détaillé :", "article connexe :",
                                                          "hauptartikel:"};
        bool hatnote = false;
        for (const std::string& opening : hatnotes) hatnote = hatnote || starts_with(lowered, opening);
        if (hatnote && line.words <= 20) {
            mark_removed(i, "hatnote");
            continue;
        }
        static const std::set<std::string> media_labels = {"photo", "video", "image", "graphic", "audio", "gallery",
                                                           "loading", "loading...", "play video", "watch video"};
        // A picture or player's buttons ("Enlarge this image", "toggle caption", "View this image ›").
        static const std::vector<std::string> media_buttons = {
            "enlarge this image", "toggle caption", "hide caption", "show caption", "view this image",
            "view image", "view photo", "view photos", "view gallery", "open gallery", "view video", "play video",
            "watch video", "watch the video", "video player", "expand image", "click to enlarge", "zoom in",
            "photo gallery", "bildergalerie", "agrandir l'image", "voir la vidéo"};
        const bool media_button = line.words <= 6 && !line.sentence &&
                                  std::any_of(media_buttons.begin(), media_buttons.end(),
                                              [&](const std::string& button) { return starts_with(lowered, button); });
        if (media_button) picture_button[i] = true;
        if (media_labels.count(lowered) || media_button ||
            (line.words <= 4 && !line.sentence && lowered.size() > 5 && lowered.compare(lowered.size() - 5, 5, " logo") == 0)) {
            mark_removed(i, "caption");
            continue;
        }
        // A photo caption: a long descriptive line with no final punctuation, standing alone
        // between sentences.
        // (Citation markers "[26]" belong to encyclopaedia prose, never to captions; a line of
        // more than 45 words is a paragraph that lost its full stop, not a caption.)
        const bool descriptive = line.words >= 12 && line.words <= 45 && !line.sentence &&
                                 !has_citation_marker(line.text) &&
                                 (line.text.find(',') != std::string::npos || line.text.find(';') != std::string::npos ||
                                  line.words >= 16) &&
                                 lowered.back() != ':';
        // (Under a paragraph, or under a subhead that is itself under a paragraph.)
        const bool after_text = i > body_start && ((lines[i - 1].sentence && lines[i - 1].words >= 8) ||
                                                   (i > body_start + 1 && !lines[i - 1].sentence &&
                                                    lines[i - 1].words <= 12 && lines[i - 2].sentence &&
                                                    lines[i - 2].words >= 8));
        if (descriptive && after_text && i + 1 < body_end && lines[i + 1].has_text && lines[i + 1].words >= 8) {
            mark_removed(i, "caption");
            continue;
        }
        if (is_in_body_label(i)) {
            mark_removed(i, "caption");
            continue;
        }
        // A box's bare label between paragraphs ("Related", "Recommended for you").
        static const std::set<std::string> box_labels = {
            "related", "related stories", "related articles", "related content", "related coverage",
            "recommended", "recommended for you", "more on this story", "more on this topic", "you may also like",
            "you might also like", "most read", "most popular", "trending", "share this article",
            "share this story", "share", "tweet", "copy link", "share this post", "sur le même sujet", "à lire aussi", "mehr zum thema", "das könnte sie auch interessieren"};
        {
            std::string bare = lowered;
            while (!bare.empty() && (bare.back() == ':' || bare.back() == ' ')) bare.pop_back();
            if (box_labels.count(bare)) {
                const bool share = starts_with(bare, "share") || bare == "tweet" || bare == "copy link";
                mark_removed(i, share ? "share buttons" : "related links");
                continue;
            }
        }
        if (line.call_to_action) {
            mark_removed(i, category_name(line.evidence.category));
            continue;
        }
        line.role = Role::Body;
    }
    // The text of a video or photo box sits right beside its "Media caption" line.
    for (std::size_t i = body_start; i < body_end; ++i) {
        Line& line = lines[i];
        if (line.role != Role::Body || !line.has_text || line.sentence || line.words < 4 || line.words > 30) continue;
        if (!strip_suffix(line.text, edit_suffixes()).empty() && strip_suffix(line.text, edit_suffixes()) != line.text) continue;
        auto signed_caption = [&](std::size_t k) {
            return k < count && lines[k].role == Role::Removed && lines[k].reason == "caption" &&
                   (starts_with(lines[k].lowered, "media caption") || starts_with(lines[k].lowered, "image caption") ||
                    lines[k].credit);
        };
        if ((i > 0 && signed_caption(i - 1)) || signed_caption(i + 1)) mark_removed(i, "caption");
    }
    // The title of a media box ("Five things we learned from the interview") stands on top of
    // its caption lines, between two paragraphs: it heads the picture, not the text below. A
    // subhead in the reader's eyes (a Heading block) is left alone.
    for (std::size_t i = body_start + 1; i + 1 < body_end; ++i) {
        Line& line = lines[i];
        if (line.role != Role::Body || !line.has_text || blocks[line.block].kind != BlockKind::Paragraph) continue;
        if (line.sentence || line.words < 3 || line.words > 12 || line.lowered.back() == ':' ||
            line.lowered.back() == ',')
            continue;
        const Line& above = lines[i - 1];
        // (A box has a title and a caption below it; a subhead over a lone picture caption
        // heads the text after the picture and stays.)
        auto caption_at = [&](std::size_t k) {
            return k < count && lines[k].role == Role::Removed && lines[k].reason == "caption";
        };
        if (above.role == Role::Body && above.has_text && above.sentence && above.words >= 8 && caption_at(i + 1) &&
            caption_at(i + 2))
            mark_removed(i, "caption");
    }

    // A related-links box inside the body: its label ("Read more:", "Related") and the
    // headlines listed under it, up to the text. (A last line that heads the paragraph below
    // in the reader's eyes may be the next section's subhead and stays.)
    for (std::size_t i = body_start; i < body_end; ++i) {
        const Line& label = lines[i];
        if (label.role != Role::Removed || (label.reason != "related links" && label.reason != "related link")) continue;
        if (label.lowered.back() != ':' && label.words > 4) continue;  // "Read more: X" is a link by itself
        std::size_t k = i + 1;
        while (k < body_end && k <= i + 8) {
            Line& entry = lines[k];
            if (entry.role != Role::Body || !entry.has_text || entry.sentence || entry.words > 15 || entry.words < 2 ||
                entry.lowered.back() == ':')
                break;
            if (blocks[entry.block].kind == BlockKind::Heading && k + 1 < count && prose(lines[k + 1])) break;
            mark_removed(k, "related links");
            ++k;
        }
    }
    // A picture's caption stands between its button and its credit ("Enlarge this image" …
    // caption … "Jane Roe/Archive"). (Between a credit and the next picture's button is the
    // article's next paragraph.)
    for (std::size_t i = body_start + 1; i + 1 < body_end; ++i) {
        Line& line = lines[i];
        if (line.role != Role::Body || !line.has_text || line.words > 45) continue;
        const Line& below = lines[i + 1];
        if (picture_button[i - 1] && below.role == Role::Removed && below.words <= 8 &&
            below.credit)
            mark_removed(i, "caption");
    }

    // --- Apply: metadata, roles, removals. -------------------------------------------------
    Metadata& metadata = document.metadata;
    if (metadata.title.empty() && !title_text.empty()) metadata.title = title_text;
    if (metadata.authors.empty() && !authors.empty()) metadata.authors = authors;
    if (metadata.date.empty() && !date.empty()) metadata.date = date;
    if (metadata.rights.empty())
        for (std::size_t i = body_end; i < count; ++i) {
            const std::string licence = find_creative_commons(lines[i].text);
            if (!licence.empty() && lines[i].lowered.find("licen") != std::string::npos) {
                metadata.rights = licence;
                recognise("rights", lines[i].block, licence);
                break;
            }
        }

    for (std::size_t i = 0; i < count; ++i) {
        Line& line = lines[i];
        Block& block = blocks[line.block];
        auto retag = [&](BlockKind kind, const std::string& what) {
            if (block.kind == BlockKind::Paragraph || block.kind == BlockKind::Heading) block.kind = kind;
            block.level = 0;
            recognise(what, line.block, line.text);
        };
        switch (line.role) {
        case Role::Title: retag(BlockKind::Title, "title"); break;
        case Role::Dek: retag(BlockKind::Dek, "dek"); break;
        case Role::Byline: {
            std::string names;
            for (const std::string& name : parse_byline(line.text)) names += (names.empty() ? "" : "; ") + name;
            if (names.empty()) names = line.text;  // a bare name over a date or a "Follow" button
            retag(BlockKind::Byline, "byline (" + names + ")");
            if (!find_date(line.text).empty()) recognise("date (" + find_date(line.text) + ")", line.block, line.text);
            break;
        }
        case Role::Dateline: retag(BlockKind::Dateline, "date (" + find_date(line.text) + ")"); break;
        case Role::Credit: {
            const std::string licence = find_creative_commons(line.text);
            retag(BlockKind::Credit, licence.empty() ? "credit" : "credit (" + licence + ")");
            break;
        }
        case Role::Provenance: retag(BlockKind::Provenance, "provenance (" + provenance_source(line.text).value_or("") + ")"); break;
        case Role::Removed: recognise("boilerplate: " + line.reason, line.block, line.text); break;
        case Role::Unknown:
        case Role::Body: {
            if (!line.has_text) break;  // lists and quotes are kept as they are
            // "History[edit]" is a heading; the suffix is the wiki's button.
            const std::string stripped = strip_suffix(line.text, edit_suffixes());
            if (stripped != line.text && line.words <= 12) {
                block.kind = BlockKind::Heading;
                auto depth = contents_depth.find(stripped);
                block.level = depth != contents_depth.end() ? std::min(depth->second, 6) : 1;
                block.inlines = {Inline::make_text(stripped)};
                recognise("heading", line.block, stripped);
            }
            break;
        }
        }
    }

    if (!options.keep_boilerplate) {
        Blocks kept;
        for (std::size_t i = 0; i < count; ++i) {
            Block& block = blocks[lines[i].block];
            if (lines[i].role == Role::Removed) document.removed.push_back({lines[i].reason, lines[i].text, block.position});
            else kept.push_back(std::move(block));
        }
        blocks = std::move(kept);
    }
    restore_bare_lists(blocks, recognitions);

    if (metadata.title.empty()) {
        for (const Block& block : blocks)
            if (block.kind == BlockKind::Paragraph) {
                const std::string lede = plain_text(block.inlines);
                if (lede.empty()) continue;
                metadata.title = lede_title(lede);
                recognitions.push_back({"title (from the lede)", block.position, metadata.title});
                break;
            }
    }

    std::stable_sort(recognitions.begin(), recognitions.end(),
                     [](const Recognition& a, const Recognition& b) { return a.position.line < b.position.line; });
    return recognitions;
}

}  // namespace galley
