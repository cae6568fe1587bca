#include "transform/typography.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <string_view>

#include <unicode/uchar.h>
#include <unicode/ulocdata.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include "text/parallel.hpp"
#include "text/utf8.hpp"

namespace galley {
namespace {

constexpr char32_t no_break_space = 0x00A0;
constexpr char32_t narrow_no_break_space = 0x202F;
constexpr char32_t en_dash = 0x2013;
constexpr char32_t em_dash = 0x2014;
constexpr char32_t ellipsis = 0x2026;
constexpr char32_t apostrophe = 0x2019;
constexpr char32_t object_replacement = 0xFFFC;  // stands for a Code inline: opaque, word-like

// One character of the stream and the Text inline it belongs to (-1: not part of any Text
// inline, e.g. a Code inline's stand-in; such characters are dropped when regrouping).
struct Tagged {
    char32_t character;
    int segment;
};
using Stream = std::vector<Tagged>;

struct QuoteMarks {
    std::u32string primary_open = U"\u201C", primary_close = U"\u201D";
    std::u32string secondary_open = U"\u2018", secondary_close = U"\u2019";
};

std::u32string to_u32(const std::string& text) {
    icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(text);
    std::u32string result(static_cast<std::size_t>(unicode.countChar32()), U'\0');
    UErrorCode status = U_ZERO_ERROR;
    unicode.toUTF32(reinterpret_cast<UChar32*>(result.data()), static_cast<int32_t>(result.size()), status);
    return result;
}

std::string to_utf8(const std::u32string& text) {
    std::string result;
    icu::UnicodeString::fromUTF32(reinterpret_cast<const UChar32*>(text.data()), static_cast<int32_t>(text.size()))
        .toUTF8String(result);
    return result;
}

std::string primary_subtag(const std::string& language) {
    std::string result;
    for (char c : language) {
        if (c == '-' || c == '_') break;
        result += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return result.empty() ? "en" : result;
}

// The language's quotation marks from CLDR (through ICU), cached per language.
// (Blocks are smartened on two threads for a book: the cache is shared under a lock; the
// entries never move once made.)
const QuoteMarks& quote_marks(const std::string& language) {
    static std::map<std::string, QuoteMarks> cache;
    static std::mutex cache_lock;
    const std::lock_guard<std::mutex> hold(cache_lock);
    auto found = cache.find(language);
    if (found != cache.end()) return found->second;
    QuoteMarks marks;
    UErrorCode status = U_ZERO_ERROR;
    std::string locale = language;
    std::replace(locale.begin(), locale.end(), '-', '_');
    ULocaleData* data = ulocdata_open(locale.c_str(), &status);
    if (U_SUCCESS(status)) {
        auto delimiter = [&](ULocaleDataDelimiterType type, std::u32string& into) {
            UChar buffer[8];
            UErrorCode error = U_ZERO_ERROR;
            int32_t length = ulocdata_getDelimiter(data, type, buffer, 8, &error);
            if (U_SUCCESS(error) && length > 0) {
                std::string utf8;
                icu::UnicodeString(buffer, length).toUTF8String(utf8);
                into = to_u32(utf8);
            }
        };
        delimiter(ULOCDATA_QUOTATION_START, marks.primary_open);
        delimiter(ULOCDATA_QUOTATION_END, marks.primary_close);
        delimiter(ULOCDATA_ALT_QUOTATION_START, marks.secondary_open);
        delimiter(ULOCDATA_ALT_QUOTATION_END, marks.secondary_close);
        ulocdata_close(data);
    }
    // CLDR gives French « » for both levels; French printers (Lexique de l'Imprimerie
    // nationale) set a quotation inside a quotation in “ ”, which also needs no spacing.
    if (primary_subtag(language) == "fr") {
        marks.secondary_open = U"\u201C";
        marks.secondary_close = U"\u201D";
    }
    return cache.emplace(language, marks).first->second;
}

bool is_space(char32_t c) {
    // (ASCII answered without asking ICU: Unicode's White_Space there is U+0009..U+000D and
    // the space. This runs on every character of a book, several times.)
    if (c < 0x80) return c == U' ' || (c >= 0x09 && c <= 0x0D);
    return c == U' ' || c == U'\t' || c == U'\n' || c == no_break_space || c == narrow_no_break_space ||
           c == 0x2009 || u_isUWhiteSpace(static_cast<UChar32>(c));
}
bool is_alnum(char32_t c) { return c == object_replacement || u_isalnum(static_cast<UChar32>(c)); }
// (ASCII answered without asking ICU, as is_space does: these run on nearly every word.)
bool is_letter(char32_t c) {
    if (c < 0x80) return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
    return u_isalpha(static_cast<UChar32>(c));
}
bool is_digit(char32_t c) {
    if (c < 0x80) return c >= U'0' && c <= U'9';
    return u_isdigit(static_cast<UChar32>(c));
}
bool is_upper(char32_t c) {
    if (c < 0x80) return c >= U'A' && c <= U'Z';
    return u_isupper(static_cast<UChar32>(c));
}

// Where a quotation mark opens: at the start, after a space, an opening bracket or quote, a
// dash or a slash.
bool opens_after(const Stream& output) {
    if (output.empty()) return true;
    char32_t c = output.back().character;
    if (is_space(c) || c == U'/') return true;
    int8_t type = u_charType(static_cast<UChar32>(c));
    return type == U_START_PUNCTUATION || type == U_INITIAL_PUNCTUATION || type == U_DASH_PUNCTUATION;
}

// --- Pass 1: dashes and ellipses. ---------------------------------------------------------
Stream dashes_and_ellipses(const Stream& input, const TypographyOptions& options) {
    Stream output;
    output.reserve(input.size());
    const std::size_t size = input.size();
    auto at = [&](std::size_t i) -> char32_t { return i < size ? input[i].character : U'\0'; };
    for (std::size_t i = 0; i < size; ++i) {
        const char32_t c = input[i].character;
        const int segment = input[i].segment;
        if (c == U'-') {
            std::size_t run = 1;
            while (at(i + run) == U'-') ++run;
            if (run == 3 || run == 2) {
                output.push_back({run == 3 ? em_dash : en_dash, segment});
                i += run - 1;
                continue;
            }
            if (run == 1 && i > 0 && at(i - 1) == U' ' && at(i + 1) == U' ' && i >= 2 && i + 2 < size) {
                const char32_t before = at(i - 2), after = at(i + 2);
                const int8_t before_type = u_charType(static_cast<UChar32>(before));
                const bool word_before = is_alnum(before) || before_type == U_FINAL_PUNCTUATION ||
                                         before_type == U_END_PUNCTUATION || before == U'.' || before == U',' ||
                                         before == U'"' || before == U'\'';
                const bool word_after = is_alnum(after) || u_charType(static_cast<UChar32>(after)) == U_INITIAL_PUNCTUATION ||
                                        after == U'"' || after == U'\'' || after == U'(';
                if (word_before && word_after) {
                    if (options.dash == "em") {
                        output.pop_back();  // the space before
                        output.push_back({em_dash, segment});
                        ++i;  // the space after
                    } else {
                        output.back().character = no_break_space;  // a line never starts with the dash
                        output.push_back({en_dash, segment});
                    }
                    continue;
                }
            }
            if (run > 3) {
                for (std::size_t k = 0; k < run; ++k) output.push_back(input[i + k]);
                i += run - 1;
                continue;
            }
        }
        if (c == U'.') {
            std::size_t run = 1;
            while (at(i + run) == U'.') ++run;
            if (run == 3) {
                output.push_back({ellipsis, segment});
                i += 2;
                continue;
            }
            if (at(i + 1) == U' ' && at(i + 2) == U'.' && at(i + 3) == U' ' && at(i + 4) == U'.' && at(i + 5) != U'.') {
                output.push_back({ellipsis, segment});
                i += 4;
                continue;
            }
            for (std::size_t k = 0; k < run; ++k) output.push_back(input[i + k]);
            i += run - 1;
            continue;
        }
        output.push_back(input[i]);
    }
    return output;
}

// --- Pass 2: quotation marks and apostrophes. ---------------------------------------------
bool is_elision_after(const Stream& input, std::size_t quote) {
    // '90s, '05: an apostrophe before two digits.
    auto digit_at = [&](std::size_t k) { return k < input.size() && is_digit(input[k].character); };
    if (digit_at(quote + 1) && digit_at(quote + 2) && !digit_at(quote + 3)) return true;
    std::u32string word;
    std::size_t i = quote + 1;
    while (i < input.size() && is_letter(input[i].character)) word += static_cast<char32_t>(u_tolower(static_cast<UChar32>(input[i++].character)));
    if (word == U"n") return i < input.size() && input[i].character == U'\'';  // rock 'n' roll
    static const std::set<std::u32string> elisions = {U"tis", U"twas", U"twere", U"twill", U"em", U"cause", U"til", U"bout", U"nuff"};
    return elisions.count(word) > 0 && (i >= input.size() || !is_letter(input[i].character));
}

Stream quotes(const Stream& input, const std::string& language) {
    const QuoteMarks& marks = quote_marks(language);
    const bool french = primary_subtag(language) == "fr";
    Stream output;
    output.reserve(input.size() + 16);
    std::vector<char> open;  // 'D' double, 'S' single: what is open, innermost last
    auto emit = [&](const std::u32string& text, int segment) {
        for (char32_t c : text) output.push_back({c, segment});
    };
    auto is_guillemet = [](const std::u32string& mark) {
        return !mark.empty() && (mark[0] == 0x00AB || mark[0] == 0x00BB || mark[0] == 0x2039 || mark[0] == 0x203A);
    };
    for (std::size_t i = 0; i < input.size(); ++i) {
        const char32_t c = input[i].character;
        const int segment = input[i].segment;
        const char32_t next = i + 1 < input.size() ? input[i + 1].character : U'\0';
        const bool next_is_space = next == U'\0' || is_space(next);
        const char32_t previous_character = output.empty() ? U'\0' : output.back().character;
        // Feet and inches: 5'10", a 12" record.
        if (c == U'\'' && is_digit(previous_character) && is_digit(next)) {
            output.push_back({0x2032, segment});
            continue;
        }
        if (c == U'"' && is_digit(previous_character) && std::find(open.begin(), open.end(), 'D') == open.end() &&
            (next_is_space || next == U',' || next == U'.' || next == U')')) {
            output.push_back({0x2033, segment});
            continue;
        }
        if (c == U'"') {
            const bool opening = opens_after(output) ? !next_is_space || std::find(open.begin(), open.end(), 'D') == open.end()
                                                     : false;
            if (opening) {
                open.push_back('D');
                emit(marks.primary_open, segment);
                if (french && is_guillemet(marks.primary_open)) {
                    if (next == U' ') ++i;  // typed « word »: the space becomes the narrow one
                    if (next != no_break_space && next != narrow_no_break_space)
                        output.push_back({narrow_no_break_space, segment});
                }
            } else {
                while (!open.empty() && open.back() != 'D') open.pop_back();
                if (!open.empty()) open.pop_back();
                if (french && is_guillemet(marks.primary_close)) {
                    if (!output.empty() && output.back().character == U' ') output.back().character = narrow_no_break_space;
                    else if (output.empty() || (output.back().character != no_break_space &&
                                                output.back().character != narrow_no_break_space))
                        output.push_back({narrow_no_break_space, segment});
                }
                emit(marks.primary_close, segment);
            }
            continue;
        }
        if (c == U'\'') {
            const char32_t previous = output.empty() ? U'\0' : output.back().character;
            if (is_alnum(previous) && is_alnum(next)) {
                output.push_back({apostrophe, segment});  // don't, l'homme, geht's
            } else if (opens_after(output)) {
                if (is_elision_after(input, i) || next_is_space) {
                    output.push_back({apostrophe, segment});
                } else {
                    open.push_back('S');
                    emit(marks.secondary_open, segment);
                }
            } else if (std::find(open.begin(), open.end(), 'S') != open.end()) {
                while (open.back() != 'S') open.pop_back();
                open.pop_back();
                emit(marks.secondary_close, segment);
            } else {
                output.push_back({apostrophe, segment});  // the Joneses' car, runnin'
            }
            continue;
        }
        output.push_back(input[i]);
    }
    return output;
}

// --- Pass 3: French spacing before ; : ! ? ------------------------------------------------
Stream french_spacing(const Stream& input) {
    Stream output;
    output.reserve(input.size() + 16);
    for (std::size_t i = 0; i < input.size(); ++i) {
        const char32_t c = input[i].character;
        // Guillemets typed with plain spaces inside: those spaces must not break.
        if (c == U'»' && !output.empty() && output.back().character == U' ') output.back().character = narrow_no_break_space;
        if (c == U'«' && i + 1 < input.size() && input[i + 1].character == U' ') {
            output.push_back(input[i]);
            output.push_back({narrow_no_break_space, input[i + 1].segment});
            ++i;
            continue;
        }
        if (c == U';' || c == U':' || c == U'!' || c == U'?') {
            const char32_t next = i + 1 < input.size() ? input[i + 1].character : U'\0';
            const bool ends_here = next == U'\0' || is_space(next) || next == U'!' || next == U'?' ||
                                   u_charType(static_cast<UChar32>(next)) == U_FINAL_PUNCTUATION ||
                                   next == U')';
            if (!output.empty() && output.back().character == U' ') {
                output.back().character = narrow_no_break_space;
            } else if (!output.empty() && ends_here) {
                const char32_t previous = output.back().character;
                const int8_t type = u_charType(static_cast<UChar32>(previous));
                if (is_alnum(previous) || type == U_FINAL_PUNCTUATION || type == U_END_PUNCTUATION ||
                    previous == ellipsis)
                    output.push_back({narrow_no_break_space, input[i].segment});
            }
        }
        output.push_back(input[i]);
    }
    return output;
}

// --- Pass 4: no-break spaces. -------------------------------------------------------------
// Words are the runs between spaces. They are looked at as views into one copy of the
// stream's characters, which stays valid while spaces are changed: every space this pass sets
// is itself a space, so no word's bounds move.
using Word = std::u32string_view;

Word trim_trailing_punctuation(Word word) {
    while (!word.empty() && (word.back() == U'.' || word.back() == U',' || word.back() == U';' || word.back() == U':' ||
                             word.back() == U')' || word.back() == U'!' || word.back() == U'?' ||
                             u_charType(static_cast<UChar32>(word.back())) == U_FINAL_PUNCTUATION))
        word.remove_suffix(1);
    return word;
}
bool is_number(Word word) {
    if (word.empty() || !is_digit(word.back())) return false;
    bool digit = false;
    for (char32_t c : word) {
        if (is_digit(c)) digit = true;
        else if (c != U'.' && c != U',' && c != U'(' && c != U'$' && c != U'€' && c != U'£' && c != U'~' &&
                 c != U'-' && c != en_dash && c != narrow_no_break_space)
            return false;
    }
    return digit;
}

using WordSet = std::set<std::u32string, std::less<>>;  // looked up by Word without a copy

void no_break_spaces(Stream& stream, const std::string& language) {
    static const WordSet units = {
        U"%", U"‰", U"km", U"m", U"cm", U"mm", U"µm", U"nm", U"kg", U"g", U"mg", U"t", U"l", U"ml", U"cl", U"dl",
        U"h", U"min", U"s", U"ms", U"Hz", U"kHz", U"MHz", U"GHz", U"kB", U"KB", U"MB", U"GB", U"TB", U"bit", U"Mbit",
        U"px", U"pt", U"°", U"°C", U"°F", U"W", U"kW", U"MW", U"GW", U"kWh", U"V", U"mV", U"mA", U"mph", U"km/h",
        U"m/s", U"ft", U"mi", U"lb", U"lbs", U"oz", U"€", U"$", U"£", U"¥", U"Euro", U"Euros", U"euros", U"euro",
        U"Prozent", U"percent", U"per", U"pour", U"million", U"millions", U"billion", U"billions", U"trillion",
        U"Millionen", U"Million", U"Milliarden", U"Milliarde", U"Mio.", U"Mrd.", U"milliards", U"milliard",
        U"dollars", U"Dollar", U"pounds", U"ans", U"Jahre", U"years"};
    static const WordSet before_numbers = {
        U"p.", U"pp.", U"No.", U"no.", U"Nos.", U"Nr.", U"n°", U"N°", U"S.", U"vol.", U"Vol.", U"ch.", U"chap.",
        U"fig.", U"Fig.", U"art.", U"Art.", U"§", U"§§", U"Abb.", U"Bd.", U"Kap.", U"t.", U"col.", U"l.", U"v."};
    static const WordSet honorifics = {U"Mr.", U"Mrs.", U"Ms.", U"Dr.", U"Prof.", U"St.", U"Mt.",
                                       U"Sr.", U"Messrs.", U"Mr", U"Mrs", U"Ms", U"Dr", U"Mme", U"Mlle", U"Mmes", U"Me",
                                       U"MM.", U"Pr", U"Hr.", U"Fr.", U"Hrn."};
    // One-letter words that must not end a line, in the languages whose typography says so.
    static const std::map<std::string, std::u32string> single_letter_words = {
        {"cs", U"aikosuvzAIKOSUVZ"}, {"sk", U"aikosuvzAIKOSUVZ"}, {"pl", U"aiouwzAIOUWZ"}, {"sl", U"aikosuvzAIKOSUVZ"}};
    const std::string primary = primary_subtag(language);
    const bool french = primary == "fr", german = primary == "de";
    const auto single_letters = single_letter_words.find(primary);

    const std::size_t size = stream.size();
    std::u32string characters(size, U'\0');
    for (std::size_t k = 0; k < size; ++k) characters[k] = stream[k].character;
    // One pass from space to space: the word after one space is the word before the next.
    std::size_t word_start = 0;  // where the word that ends at i begins
    for (std::size_t i = 0; i < size; i = std::max(i + 1, word_start)) {
        if (is_space(characters[i])) {
            word_start = i + 1;
            continue;
        }
        std::size_t end = i + 1;
        while (end < size && !is_space(characters[end])) ++end;
        // Now [word_start, end) is a word and characters[end], if any, is a space.
        const std::size_t start = word_start;
        word_start = end;
        if (end >= size || characters[end] != U' ') continue;
        std::size_t after = end + 1;
        while (after < size && !is_space(characters[after])) ++after;
        const Word left(characters.data() + start, end - start), right(characters.data() + end + 1, after - end - 1);
        if (left.empty() || right.empty()) continue;
        const Word right_bare = trim_trailing_punctuation(right);
        char32_t space = 0;
        if (is_number(left) && units.count(right_bare)) {
            space = (right_bare == U"%" && (french || german)) ? narrow_no_break_space : no_break_space;
        } else if (french && left.size() <= 3 && std::all_of(left.begin(), left.end(), is_digit) &&
                   right_bare.size() == 3 && std::all_of(right_bare.begin(), right_bare.end(), is_digit)) {
            space = narrow_no_break_space;  // 10 000: the French thousands separator
        } else if (is_digit(right[0]) && before_numbers.count(left)) {
            space = no_break_space;
        } else if (left.size() == 2 && left[1] == U'.' && is_letter(left[0]) && !is_upper(left[0]) &&
                   right_bare.size() == 1 && right.size() >= 2 && right[1] == U'.') {
            space = german ? narrow_no_break_space : no_break_space;  // z. B., d. h., u. a.
        } else if (left.size() == 2 && left[1] == U'.' && is_upper(left[0]) && is_upper(right[0])) {
            space = no_break_space;  // initials: J. R. R. Tolkien
        } else if (is_upper(right[0]) && honorifics.count(left)) {
            space = no_break_space;
        } else if (single_letters != single_letter_words.end() && left.size() == 1 &&
                   single_letters->second.find(left[0]) != std::u32string::npos) {
            space = no_break_space;
        }
        if (space) stream[end].character = space;
    }
}

Stream transform_stream(const Stream& input, const std::string& language, const TypographyOptions& options) {
    Stream stream = dashes_and_ellipses(input, options);
    stream = quotes(stream, language);
    if (primary_subtag(language) == "fr") stream = french_spacing(stream);
    no_break_spaces(stream, language);
    return stream;
}

// Appends the code points of UTF-8 text to the stream (an ill-formed sequence becomes U+FFFD,
// as in ICU's conversion), decoding in place rather than through UTF-16 and UTF-32 copies.
void append_code_points(const std::string& text, int segment, Stream& stream) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    stream.reserve(stream.size() + text.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c = 0;
        U8_NEXT_OR_FFFD(bytes, i, length, c);
        stream.push_back({static_cast<char32_t>(c), segment});
    }
}

// Collect the Text inlines of a paragraph in reading order; Code inlines and line breaks
// take part in the stream as context only.
void collect(Inlines& inlines, std::vector<Inline*>& texts, Stream& stream) {
    for (Inline& inline_ : inlines) {
        switch (inline_.kind) {
        case InlineKind::Text: {
            const int segment = static_cast<int>(texts.size());
            texts.push_back(&inline_);
            append_code_points(inline_.text, segment, stream);
            break;
        }
        case InlineKind::Code: stream.push_back({object_replacement, -1}); break;
        case InlineKind::LineBreak: stream.push_back({U'\n', -1}); break;
        case InlineKind::FootnoteRef: break;
        case InlineKind::Emphasis:
        case InlineKind::Strong:
        case InlineKind::Link: collect(inline_.children, texts, stream); break;
        }
    }
}

void smarten_inlines(Inlines& inlines, const std::string& language, const TypographyOptions& options) {
    std::vector<Inline*> texts;
    Stream stream;
    collect(inlines, texts, stream);
    if (texts.empty()) return;
    const Stream result = transform_stream(stream, language, options);
    // Each piece sized first, then written through a cursor (an append per character cost a
    // library call each over a book).
    std::vector<std::size_t> sizes(texts.size(), 0);
    for (const Tagged& tagged : result)
        if (tagged.segment >= 0) sizes[static_cast<std::size_t>(tagged.segment)] += utf8_length(tagged.character);
    std::vector<std::string> pieces(texts.size());
    for (std::size_t k = 0; k < texts.size(); ++k) pieces[k].resize(sizes[k]);
    std::vector<std::size_t> written(texts.size(), 0);
    for (const Tagged& tagged : result) {
        if (tagged.segment < 0) continue;
        const auto k = static_cast<std::size_t>(tagged.segment);
        U8_APPEND_UNSAFE(pieces[k].data(), written[k], static_cast<UChar32>(tagged.character));
    }
    for (std::size_t k = 0; k < texts.size(); ++k) texts[k]->text = std::move(pieces[k]);
}

void smarten_blocks(Blocks& blocks, const std::string& language, const TypographyOptions& options);

void smarten_block(Block& block, const std::string& language, const TypographyOptions& options) {
    const std::string& block_language = block.language.empty() ? language : block.language;
    smarten_inlines(block.inlines, block_language, options);
    smarten_blocks(block.children, block_language, options);
    for (Blocks& item : block.items) smarten_blocks(item, block_language, options);
}

void smarten_blocks(Blocks& blocks, const std::string& language, const TypographyOptions& options) {
    for (Block& block : blocks) smarten_block(block, language, options);
}

}  // namespace

std::string smarten(const std::string& text, const std::string& language, const TypographyOptions& options) {
    Stream stream;
    for (char32_t c : to_u32(text)) stream.push_back({c, 0});
    std::u32string result;
    for (const Tagged& tagged : transform_stream(stream, language, options)) result += tagged.character;
    return to_utf8(result);
}

void apply_typography(Document& document, const std::string& language, const TypographyOptions& options) {
    // The title and subtitle are set in the book's furniture (cover, running heads, PDF
    // metadata) and deserve the same care as the text.
    Metadata& metadata = document.metadata;
    for (std::string* field : {&metadata.title, &metadata.subtitle, &metadata.description})
        if (!field->empty()) *field = smarten(*field, language, options);
    // Each block is smartened on its own (quotes never pair across paragraphs), so a book's
    // blocks are shared out between two threads.
    Blocks& blocks = document.blocks;
    for_pieces(
        blocks.size(), [&](std::size_t i) { return text_size(blocks[i]); },
        [&](std::size_t begin, std::size_t end) {
            for (std::size_t i = begin; i < end; ++i) smarten_block(blocks[i], language, options);
        });
    for (Footnote& footnote : document.footnotes) smarten_blocks(footnote.blocks, language, options);
}

}  // namespace galley
