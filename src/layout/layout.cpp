#include "layout/layout.hpp"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <functional>
#include <mutex>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>

#include <unicode/ubidi.h>
#include <unicode/ubrk.h>
#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/ustring.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/utext.h>

#include "layout/fonts.hpp"
#include "layout/hyphenation.hpp"
#include "layout/line_breaker.hpp"
#include "layout/shape_store.hpp"
#include "model/error.hpp"
#include "text/scripts.hpp"
#include "worker.hpp"

namespace galley::layout {

namespace {

// --- Tuning ------------------------------------------------------------------------------

// Interword glue relative to the font's space (TeX's Computer Modern uses 1/2 and 1/3).
constexpr double space_stretch = 0.5;
constexpr double space_shrink = 1.0 / 3.0;
// Justified lines may also take a little letter-spacing (1% of the size per glyph looser,
// 0.5% tighter): invisible at these amounts, and it spreads the adjustment over the whole line
// so word spaces stay even and fewer words need hyphens (the novella: word-gap p95 1.32 with
// 1.5% hyphenated lines, against 1.35 with 4.8% without it).
constexpr double tracking_stretch = 0.01;
constexpr double tracking_shrink = 0.005;
// Between two Chinese or Japanese characters (which have no spaces between words) a break
// costs nothing, and a justified line stretches there: up to this much of an em, then more
// like any glue (it has no natural width and does not shrink).
constexpr double unspaced_stretch = 0.1;
constexpr double hyphen_penalty = 100;
// Justified text: a paragraph is first set without hyphens, and that setting is kept only if
// no line is stretched past badness 50 (word spaces at most ~1.4 times their natural width;
// TeX's default, 100, allows ~1.5). The ~300-page benchmark book: word-gap p95 1.349 -> 1.323,
// with 3.9% -> 4.4% of lines hyphenated.
constexpr double justified_pretolerance = 50;
constexpr double name_hyphen_penalty = 150;  // a capitalised word (a name) is broken only at need
constexpr double explicit_hyphen_penalty = 50;
constexpr double other_break_penalty = 100;  // after a dash or a slash
// Inside a run of text wider than the measure with no break opportunity (a long URL without
// slashes, a hash, a string of digits): a break between any two characters, with no hyphen,
// rather than a line running off the page. Costly, so the breaker takes no more of them than
// the run needs.
constexpr double emergency_break_penalty = 1000;
// The same after a no-break space: words joined by no-break spaces wider than the measure part
// there before they part inside a word.
constexpr double emergency_space_break_penalty = 200;
// Ragged right: how far a line may fall short of the measure before it counts as bad, in em.
constexpr double ragged_stretch_em = 3.0;

// How far a character hangs into the margin at a line's start / end, as a fraction of its
// advance (in the spirit of microtype's defaults, rounded).
double protrusion_left(char32_t c) {
    switch (c) {
    case U'\u201C': case U'\u2018': case U'\u201E': case U'\u201A': case U'"': case U'\'':
    case U'\u00AB': case U'\u2039':
        return 0.5;
    case U'(': case U'[':
        return 0.05;
    default:
        return 0;
    }
}
double protrusion_right(char32_t c) {
    switch (c) {
    case U'-': case U'\u2010': case U'\u00AD':
        return 0.5;
    case U'.': case U',':
        return 0.5;
    case U'\u201D': case U'\u2019': case U'"': case U'\'': case U'\u00BB': case U'\u203A':
        return 0.5;
    case U'\u2013':
        return 0.3;
    case U'\u2014':
        return 0.25;
    case U':': case U';':
        return 0.3;
    case U'!': case U'?':
        return 0.1;
    case U')': case U']':
        return 0.05;
    default:
        return 0;
    }
}

bool is_space_byte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Words (as count_words counts them) starting in text[begin, end); `in_word` says whether
// text[begin - 1] was inside a word, and is left saying the same of text[end - 1].
std::size_t count_words_between(const std::string& text, std::size_t begin, std::size_t end, bool& in_word) {
    std::size_t words = 0;
    for (std::size_t i = begin; i < end; ++i) {
        const bool space = is_space_byte(text[i]);
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words;
}

// Chinese and Japanese letters (text/scripts.hpp) with their punctuation and full-width forms.
bool is_unspaced_script(char32_t c) {
    return c != 0 && (is_unspaced_letter(c) || (c >= 0x3000 && c <= 0x3040) || (c >= 0xFF00 && c <= 0xFFEF));
}

// The Unicode bidirectional embedding level of every byte of `text` (UAX #9, through ICU's
// ubidi, the paragraph's direction taken from its first strong character), and the
// paragraph's level; none when the whole text is left to right, which is all a line needs to
// know then.
struct BidiLevels {
    std::vector<unsigned char> of_byte;
    unsigned char paragraph = 0;
};
std::optional<BidiLevels> bidi_levels(const std::string& text) {
    bool maybe_rtl = false;
    for (std::size_t offset = 0; offset < text.size() && !maybe_rtl;) {
        if (static_cast<unsigned char>(text[offset]) < 0x80) {
            ++offset;
            continue;
        }
        const auto direction = u_charDirection(static_cast<UChar32>(next_code_point(text, offset)));
        maybe_rtl = direction == U_RIGHT_TO_LEFT || direction == U_RIGHT_TO_LEFT_ARABIC ||
                    direction == U_RIGHT_TO_LEFT_EMBEDDING || direction == U_RIGHT_TO_LEFT_OVERRIDE ||
                    direction == U_RIGHT_TO_LEFT_ISOLATE;
    }
    if (!maybe_rtl) return std::nullopt;
    std::vector<UChar> units;
    std::vector<std::size_t> byte_of_unit;
    for (std::size_t offset = 0; offset < text.size();) {
        const std::size_t begin = offset;
        const auto c = static_cast<UChar32>(next_code_point(text, offset));
        if (c > 0xFFFF) {
            units.push_back(U16_LEAD(c));
            units.push_back(U16_TRAIL(c));
            byte_of_unit.push_back(begin);
            byte_of_unit.push_back(begin);
        } else {
            units.push_back(static_cast<UChar>(c));
            byte_of_unit.push_back(begin);
        }
    }
    UErrorCode status = U_ZERO_ERROR;
    UBiDi* bidi = ubidi_openSized(int32_t(units.size()), 0, &status);
    if (U_FAILURE(status)) return std::nullopt;
    ubidi_setPara(bidi, units.data(), int32_t(units.size()), UBIDI_DEFAULT_LTR, nullptr, &status);
    std::optional<BidiLevels> result;
    if (U_SUCCESS(status) && ubidi_getDirection(bidi) != UBIDI_LTR) {
        const UBiDiLevel* levels = ubidi_getLevels(bidi, &status);
        if (U_SUCCESS(status)) {
            result.emplace();
            result->paragraph = ubidi_getParaLevel(bidi);
            result->of_byte.assign(text.size(), result->paragraph);
            for (std::size_t unit = 0; unit < units.size(); ++unit) {
                const std::size_t begin = byte_of_unit[unit];
                const std::size_t end = unit + 1 < units.size() ? byte_of_unit[unit + 1] : text.size();
                for (std::size_t byte = begin; byte < end; ++byte) result->of_byte[byte] = levels[unit];
            }
        }
    }
    ubidi_close(bidi);
    return result;
}

// The visual order (left to right) of a line's items, given each box's embedding level and -1
// for glue and penalties (UAX #9): those take the lower level of the boxes around them, or the
// paragraph's at the line's ends (rule L1); then each run at or above a level is reversed,
// from the highest level down to the lowest odd one (rule L2).
std::vector<std::size_t> visual_order(std::vector<int> level, int paragraph) {
    const std::size_t n = level.size();
    int before = -1;
    for (std::size_t k = 0; k < n; ++k) {
        if (level[k] >= 0) {
            before = level[k];
            continue;
        }
        int after = -1;
        for (std::size_t j = k + 1; j < n && after < 0; ++j) after = level[j];
        level[k] = before < 0 || after < 0 ? paragraph : std::min(before, after);
    }
    std::vector<std::size_t> order(n);
    for (std::size_t k = 0; k < n; ++k) order[k] = k;
    int highest = 0, lowest_odd = 255;
    for (int value : level) {
        highest = std::max(highest, value);
        if (value % 2 == 1) lowest_odd = std::min(lowest_odd, value);
    }
    for (int value = highest; value >= lowest_odd && value > 0; --value)
        for (std::size_t k = 0; k < n;) {
            if (level[order[k]] < value) {
                ++k;
                continue;
            }
            std::size_t end = k;
            while (end < n && level[order[end]] >= value) ++end;
            std::reverse(order.begin() + std::ptrdiff_t(k), order.begin() + std::ptrdiff_t(end));
            k = end;
        }
    return order;
}

bool invisible(char32_t c) {
    if (c < 0x80) return false;  // no ASCII character is default-ignorable
    return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

std::string icu_locale(const std::string& language) {
    char buffer[ULOC_FULLNAME_CAPACITY] = {};
    UErrorCode status = U_ZERO_ERROR;
    uloc_forLanguageTag(language.c_str(), buffer, sizeof buffer, nullptr, &status);
    if (U_FAILURE(status) || buffer[0] == '\0') return "en_US";
    return buffer;
}

std::string format_code_point(char32_t c) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", unsigned(c));
    std::string out = buffer;
    out += " '";
    append_utf8(out, c);
    out += "'";
    return out;
}

// An ISO 8601 date ("2016-03-30", "2016-03", "2016") as the language writes it ("March 30,
// 2016", "30 mars 2016"); anything else is returned as it is.
std::string format_date(const std::string& iso, const std::string& language) {
    int year = 0, month = 0, day = 0;
    const int fields = std::sscanf(iso.c_str(), "%4d-%2d-%2d", &year, &month, &day);
    if (fields < 2 || month < 1 || month > 12 || (fields == 3 && (day < 1 || day > 31))) return iso;
    UErrorCode status = U_ZERO_ERROR;
    const std::string locale = icu_locale(language);
    const UChar utc[] = {'U', 'T', 'C', 0};
    UCalendar* calendar = ucal_open(utc, -1, locale.c_str(), UCAL_GREGORIAN, &status);
    if (U_FAILURE(status)) return iso;
    ucal_clear(calendar);
    ucal_setDate(calendar, year, month - 1, fields == 3 ? day : 1, &status);
    const UDate date = ucal_getMillis(calendar, &status);
    ucal_close(calendar);
    UChar pattern[64] = {};
    UDateTimePatternGenerator* generator = udatpg_open(locale.c_str(), &status);
    const UChar skeleton_day[] = {'y', 'M', 'M', 'M', 'M', 'd', 0};
    const UChar skeleton_month[] = {'y', 'M', 'M', 'M', 'M', 0};
    udatpg_getBestPattern(generator, fields == 3 ? skeleton_day : skeleton_month, -1, pattern, 64, &status);
    udatpg_close(generator);
    UDateFormat* format = udat_open(UDAT_PATTERN, UDAT_PATTERN, locale.c_str(), utc, -1, pattern, -1, &status);
    if (U_FAILURE(status)) return iso;
    UChar buffer[128] = {};
    const int32_t length = udat_format(format, date, buffer, 128, nullptr, &status);
    udat_close(format);
    char out[512] = {};
    int32_t out_length = 0;
    u_strToUTF8(out, sizeof out, &out_length, buffer, length, &status);
    if (U_FAILURE(status)) return iso;
    return std::string(out, std::size_t(out_length));
}

// --- Paragraph content -------------------------------------------------------------------

// A footnote reference as the text shows it: "[n]" by the note's place, else its own id.
std::string footnote_label(const Document& document, const std::string& target) {
    std::size_t number = 0;
    for (std::size_t i = 0; i < document.footnotes.size(); ++i)
        if (document.footnotes[i].id == target) number = i + 1;
    return "[" + (number > 0 ? std::to_string(number) : target) + "]";
}

// What a paragraph's text offers the line breaker before any font is involved: its UAX #14
// break opportunities and its hyphenation points. It depends on the text and the languages
// only, so a second thread works it out ahead of the paragraphs being set (see Lookahead).
struct TextAnalysis {
    std::vector<std::pair<std::size_t, bool>> opportunities;  // (offset, hard)
    std::vector<std::size_t> discretionary;  // hyphenation points
    std::vector<std::size_t> in_names;       // those in capitalised words (names), dearer to take
};

// The analysis of text[first, last). `breaker` is a line break iterator of the document's
// language; `hyphenator` is null when the paragraph is not hyphenated.
TextAnalysis analyse_text(const std::string& text, std::size_t first, std::size_t last, UBreakIterator* breaker,
                          Hyphenator* hyphenator) {
    TextAnalysis analysis;
    UErrorCode status = U_ZERO_ERROR;
    UText* utext = utext_openUTF8(nullptr, text.data() + first, int64_t(last - first), &status);
    ubrk_setUText(breaker, utext, &status);
    for (int32_t position = ubrk_next(breaker); position != UBRK_DONE; position = ubrk_next(breaker))
        analysis.opportunities.emplace_back(first + std::size_t(position), ubrk_getRuleStatus(breaker) >= UBRK_LINE_HARD);
    utext_close(utext);
    if (hyphenator == nullptr) return analysis;
    // Hyphenation points, per whitespace-delimited word.
    for (std::size_t i = first; i < last;) {
        if (is_space_byte(text[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < last && !is_space_byte(text[j])) ++j;
        for (const HyphenPoint& point : hyphenator->points(std::string_view(text).substr(i, j - i)))
            if (!point.explicit_hyphen) {
                analysis.discretionary.push_back(i + std::size_t(point.offset));
                std::size_t offset = i;
                char32_t initial = 0;
                while (offset < j && !u_isalpha(static_cast<UChar32>(initial = decode_utf8(text, offset)))) initial = 0;
                if (initial != 0 && u_isupper(static_cast<UChar32>(initial)))
                    analysis.in_names.push_back(analysis.discretionary.back());
            }
        i = j;
    }
    return analysis;
}

// The text[first, last) of a paragraph with its outer white space trimmed.
std::pair<std::size_t, std::size_t> trimmed(const std::string& text) {
    std::size_t first = 0;
    while (first < text.size() && is_space_byte(text[first])) ++first;
    std::size_t last = text.size();
    while (last > first && is_space_byte(text[last - 1])) --last;
    return {first, last};
}

// Works out the TextAnalysis of the document's paragraphs on a second thread, in document
// order, a bounded distance ahead of the engine. The engine takes each analysis by its text
// and languages; a paragraph the lookahead did not foresee (or has not reached yet) is
// analysed by the engine itself, so the lookahead changes nothing but the time taken.
class Lookahead {
public:
    Lookahead(const Document& document, const Style& style, const std::string& language)
        : document_(document), style_(style), language_(language) {
        worker_ = Worker([this] { run(); });
    }
    ~Lookahead() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        changed_.notify_all();
        worker_.join();
    }
    Lookahead(const Lookahead&) = delete;
    Lookahead& operator=(const Lookahead&) = delete;

    // The analysis of `text` for these languages, if it is ready.
    std::optional<TextAnalysis> take(const std::string& text, const std::string& language, bool hyphenate) {
        std::unique_lock<std::mutex> lock(mutex_);
        for (std::size_t i = 0; i < ready_.size(); ++i) {
            Entry& entry = ready_[i];
            if (entry.hyphenate != hyphenate || entry.language != language || entry.text != text) continue;
            TextAnalysis analysis = std::move(entry.analysis);
            // Entries before it belong to paragraphs the engine did not set (or set before
            // the lookahead reached them): they will not be asked for again.
            ready_.erase(ready_.begin(), ready_.begin() + std::ptrdiff_t(i) + 1);
            // Wake the lookahead only when half the window is free: waking it for every
            // paragraph costs two context switches each.
            const bool wake = waiting_ && ready_.size() <= window / 2;
            lock.unlock();
            if (wake) changed_.notify_all();
            return analysis;
        }
        return std::nullopt;
    }

private:
    struct Entry {
        std::string text, language;
        bool hyphenate = false;
        TextAnalysis analysis;
    };
    static constexpr std::size_t window = 64;  // entries ready at most

    // The text the engine's flatten() makes of these inlines.
    void append_text(const Inlines& inlines, std::string& text) const {
        for (const Inline& node : inlines) {
            switch (node.kind) {
            case InlineKind::Text:
            case InlineKind::Code:
                text += node.text;
                break;
            case InlineKind::Emphasis:
            case InlineKind::Strong:
            case InlineKind::Link:
                append_text(node.children, text);
                break;
            case InlineKind::LineBreak:
                text += '\n';
                break;
            case InlineKind::FootnoteRef:
                text += footnote_label(document_, node.target);
                break;
            }
        }
    }

    // Analyse one paragraph and hand it over; false when told to stop.
    bool add(std::string text, const std::string& language, bool hyphenate) {
        const auto [first, last] = trimmed(text);
        if (first >= last) return true;
        Hyphenator* hyphenator = nullptr;
        if (hyphenate) {
            auto& slot = hyphenators_[language];
            if (!slot)
                slot = std::make_unique<Hyphenator>(language, style_.hyphen_min_before, style_.hyphen_min_after,
                                                    style_.hyphenation_exceptions);
            hyphenator = slot.get();
        }
        Entry entry{std::move(text), language, hyphenate, {}};
        entry.analysis = analyse_text(entry.text, first, last, breaker_, hyphenator);
        std::unique_lock<std::mutex> lock(mutex_);
        if (!stop_ && ready_.size() >= window) {
            waiting_ = true;
            changed_.wait(lock, [this] { return stop_ || ready_.size() <= window / 2; });
            waiting_ = false;
        }
        if (stop_) return false;
        ready_.push_back(std::move(entry));
        return true;
    }

    // The blocks in the order the engine sets them, with the languages it uses.
    bool walk(const Blocks& blocks, const std::string& language) {
        for (const Block& block : blocks) {
            const std::string block_language = block.language.empty() ? language : block.language;
            switch (block.kind) {
            case BlockKind::Title:
            case BlockKind::Heading: {
                std::string text;
                append_text(block.inlines, text);
                if (!add(std::move(text), block_language, false)) return false;
                break;
            }
            case BlockKind::Paragraph:
            case BlockKind::Dek:
            case BlockKind::Byline:
            case BlockKind::Dateline:
            case BlockKind::Credit:
            case BlockKind::Provenance: {
                std::string text;
                append_text(block.inlines, text);
                if (!add(std::move(text), block_language, style_.hyphenate)) return false;
                break;
            }
            case BlockKind::BlockQuote:
                if (!walk(block.children, block_language)) return false;
                break;
            case BlockKind::List:
                for (const auto& item : block.items)
                    if (!walk(item, block_language)) return false;
                break;
            case BlockKind::SectionBreak:
                break;
            }
        }
        return true;
    }

    void run() {
        try {
            UErrorCode status = U_ZERO_ERROR;
            breaker_ = ubrk_open(UBRK_LINE, icu_locale(language_).c_str(), nullptr, 0, &status);
            if (U_FAILURE(status)) breaker_ = nullptr;
            if (breaker_ != nullptr) walk(document_.blocks, language_);
        } catch (...) {
            // The engine analyses whatever is not ready: nothing is lost but time.
        }
        if (breaker_ != nullptr) ubrk_close(breaker_);
        hyphenators_.clear();
    }

    const Document& document_;
    const Style& style_;
    const std::string language_;
    UBreakIterator* breaker_ = nullptr;
    std::map<std::string, std::unique_ptr<Hyphenator>> hyphenators_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Entry> ready_;
    bool stop_ = false;
    bool waiting_ = false;  // the lookahead waits for the engine to take entries
    Worker worker_;  // last: started once everything above is ready
};

struct Span {
    std::size_t begin = 0, end = 0;  // byte range in the paragraph text
    int style = 0;
    double size = 10;
    int structure = -1;
    std::string url;  // for links
    Color color;
};

struct ParagraphSpec {
    std::string text;
    std::vector<Span> spans;
    double left = 0, right = 0;  // indents from the text block's edges
    double first_indent = 0;
    bool justify = true, hyphenate = true, center = false;
    std::string language;
    int units_per_line = 1;
    bool keep_with_next = false;  // every line (headings, the title block)
    bool heading = false;
    bool record = true;           // make LineRecords for it
    SourcePosition position;
    std::shared_ptr<const TextAnalysis> analysis;  // once worked out (a paragraph may be set again)
};

// One glyph-holding piece of a line, before pagination: x is from the text block's left edge.
// Distinct shaped pieces (words, mostly) kept between paragraphs. A book's vocabulary is some
// ten thousand word forms: at 2048 the cache thrashed and a 273-page book shaped 39 000 pieces
// (14% of its run time); 16384 costs about 3 MB more at peak.
constexpr std::size_t shaping_cache_limit = 16384;

struct VItem {
    bool space = false;   // blank grid lines, dropped at the top of a page
    int units = 1;        // grid lines taken
    double baseline_offset = 0;  // from the first grid line's baseline, downwards
    std::vector<GlyphRun> runs;
    std::vector<LinkArea> links;  // x relative to the text block, y relative to the baseline
    int paragraph = -1, line_in_paragraph = 0, lines_in_paragraph = 0;
    bool keep_with_next = false;
    bool has_record = false;
    LineRecord record;
    int outline = -1;  // an outline entry whose page and y are fixed when placed
    bool center_x = false;
};

struct BoxContent {
    const ShapedText* shaped = nullptr;
    std::size_t piece_begin = 0;  // byte offset of the shaped piece in the paragraph text
    std::size_t glyph_begin = 0, glyph_end = 0;
    int span = 0;
};

class Engine {
public:
    Engine(const Document& document, const Style& style, bool lookahead)
        : document_(document), style_(style), use_lookahead_(lookahead),
          language_(document.metadata.language.empty() ? "en-US" : document.metadata.language),
          hyphenation_loading_(start_hyphenation_load()),
          fonts_(language_) {
        fonts_.use_store(open_shape_store(language_));
        body_style_ = fonts_.style_for(style.body);
        UErrorCode status = U_ZERO_ERROR;
        breaker_ = ubrk_open(UBRK_LINE, icu_locale(language_).c_str(), nullptr, 0, &status);
        if (U_FAILURE(status)) throw Error(ExitCode::Software, "", "ICU line break iterator failed to open");
        text_block_width_ = style.page_width - style.margin_inner - style.margin_outer;
    }
    ~Engine() {
        if (breaker_ != nullptr) ubrk_close(breaker_);
    }

    LayoutResult run();

private:
    // Building blocks.
    int add_structure(const std::string& role, int parent, const std::string& language = {}) {
        result_.display.structure.push_back(StructureElement{role, parent, language, {}});
        return int(result_.display.structure.size()) - 1;
    }
    Hyphenator& hyphenator(const std::string& language);
    // libhyphen parses the dictionary's text on load (~37 M instructions for English) and
    // fontconfig's start costs about as much: unless the pipeline started it already, load the
    // document language's dictionary on a second thread while the fonts are found.
    bool start_hyphenation_load() const {
        if (!style_.hyphenate) return false;
        prefetch_hyphenation(language_);
        return true;
    }
    int display_font(int face);
    void warn(const SourcePosition& position, const std::string& message) {
        result_.warnings.push_back(LayoutWarning{position, message});
    }

    void flatten(const Inlines& inlines, ParagraphSpec& spec, FontKey key, double size, int structure,
                 const std::string& url, bool code);
    void append_text(ParagraphSpec& spec, const std::string& text, int style, double size, int structure,
                     const std::string& url);
    // Set a paragraph into grid lines (appended to vitems_). With `target_lines` > 0, set it in
    // exactly that many lines into `out` instead, as paragraph `paragraph`, if that can be done
    // within the tolerance (returns false otherwise); no warnings then.
    // With `input`, only make the line breaker's input (shaping the words) into it, as
    // break_lines_to would be given it for `target_lines` > 0, and set nothing: pagination
    // tries a paragraph in n + 1 and n - 1 lines on the one input, and sets only what it uses.
    struct BreakInput {
        std::vector<Item> items;  // no pointers into the shaping cache: they may be kept
        double measure = 0;
        BreakParameters parameters;
    };
    // `found`, when given, is what break_lines_to gave for `target_lines` on that input.
    bool set_paragraph(ParagraphSpec& spec, int target_lines = 0, int paragraph = -1, std::vector<VItem>* out = nullptr,
                       BreakInput* input = nullptr, const BreakResult* found = nullptr);

    void add_space(int units) {
        if (units <= 0) return;
        VItem item;
        item.space = true;
        item.units = units;
        vitems_.push_back(std::move(item));
    }

    void layout_blocks(const Blocks& blocks, double left, double right, int parent, bool& indent_next,
                       const std::string& language);
    void layout_title_block();
    std::string title_block_dek_;     // the standfirst the title block showed
    bool space_after_notes_ = false;  // a credit or provenance note wants a line before the text
    void layout_colophon();
    ParagraphSpec spec_for(const Inlines& inlines, const FontSpec& font, int structure, double left, double right,
                           const std::string& language, const SourcePosition& position);
    void paginate();
    void add_furniture(int page_index);

    const Document& document_;
    const Style& style_;
    bool use_lookahead_ = true;
    std::string language_;
    bool hyphenation_loading_ = false;
    std::unique_ptr<Lookahead> lookahead_;  // while the document's blocks are set
    FontSet fonts_;
    int body_style_ = 0;
    UBreakIterator* breaker_ = nullptr;
    std::map<std::string, std::unique_ptr<Hyphenator>> hyphenators_;
    std::vector<int> display_font_of_face_;  // by FontSet face, -1 when not yet in the display list
    double text_block_width_ = 0;
    std::vector<VItem> vitems_;
    int paragraph_count_ = 0;
    int list_depth_ = 0;
    // Paragraphs that pagination may set a line longer, by paragraph number.
    std::unordered_map<int, ParagraphSpec> resettable_;
    int root_ = 0;
    LayoutResult result_;
};

Hyphenator& Engine::hyphenator(const std::string& language) {
    auto& slot = hyphenators_[language];
    if (!slot)
        slot = std::make_unique<Hyphenator>(language, style_.hyphen_min_before, style_.hyphen_min_after,
                                            style_.hyphenation_exceptions);
    return *slot;
}

int Engine::display_font(int face) {
    if (std::size_t(face) < display_font_of_face_.size() && display_font_of_face_[std::size_t(face)] >= 0)
        return display_font_of_face_[std::size_t(face)];
    result_.display.fonts.push_back(font_face_of(fonts_.face(face)));
    const int index = int(result_.display.fonts.size()) - 1;
    if (display_font_of_face_.size() <= std::size_t(face)) display_font_of_face_.resize(std::size_t(face) + 1, -1);
    display_font_of_face_[std::size_t(face)] = index;
    return index;
}

void Engine::append_text(ParagraphSpec& spec, const std::string& text, int style, double size, int structure,
                         const std::string& url) {
    if (text.empty()) return;
    Span span;
    span.begin = spec.text.size();
    spec.text += text;
    span.end = spec.text.size();
    span.style = style;
    span.size = size;
    span.structure = structure;
    span.url = url;
    span.color = style_.text_color;
    // Merge with the previous span when nothing differs, so words are shaped whole.
    if (!spec.spans.empty()) {
        Span& last = spec.spans.back();
        if (last.end == span.begin && last.style == style && last.size == size && last.structure == structure &&
            last.url == url) {
            last.end = span.end;
            return;
        }
    }
    spec.spans.push_back(span);
}

void Engine::flatten(const Inlines& inlines, ParagraphSpec& spec, FontKey key, double size, int structure,
                     const std::string& url, bool code) {
    for (const Inline& node : inlines) {
        switch (node.kind) {
        case InlineKind::Text:
            append_text(spec, node.text, fonts_.style_for(key), size, structure, url);
            break;
        case InlineKind::Emphasis: {
            FontKey inner = key;
            inner.italic = !inner.italic;
            flatten(node.children, spec, inner, size, structure, url, code);
            break;
        }
        case InlineKind::Strong: {
            FontKey inner = key;
            inner.bold = true;
            flatten(node.children, spec, inner, size, structure, url, code);
            break;
        }
        case InlineKind::Link: {
            const int link = add_structure("Link", structure);
            flatten(node.children, spec, key, size, link, node.target, code);
            break;
        }
        case InlineKind::Code: {
            const FontKey mono{style_.mono.family, style_.mono.bold, style_.mono.italic, false};
            append_text(spec, node.text, fonts_.style_for(mono), style_.mono.size * size / style_.body.size,
                        structure, url);
            break;
        }
        case InlineKind::LineBreak:
            append_text(spec, "\n", fonts_.style_for(key), size, structure, url);
            break;
        case InlineKind::FootnoteRef:
            append_text(spec, footnote_label(document_, node.target), fonts_.style_for(key), size, structure, url);
            break;
        }
    }
}

ParagraphSpec Engine::spec_for(const Inlines& inlines, const FontSpec& font, int structure, double left,
                               double right, const std::string& language, const SourcePosition& position) {
    ParagraphSpec spec;
    spec.left = left;
    spec.right = right;
    spec.language = language;
    spec.position = position;
    spec.justify = style_.alignment == Alignment::Justify;
    spec.hyphenate = style_.hyphenate;
    flatten(inlines, spec, FontKey{font.family, font.bold, font.italic, font.small_caps}, font.size, structure, {},
            false);
    return spec;
}

// --- Setting one paragraph ---------------------------------------------------------------

bool Engine::set_paragraph(ParagraphSpec& spec, int target_lines, int paragraph_number, std::vector<VItem>* out,
                           BreakInput* input, const BreakResult* found) {
    // No shaped text is held between paragraphs (the display list has copied what it needs).
    fonts_.limit_shaping_cache(shaping_cache_limit);
    // Trim the paragraph's outer white space; inner runs are kept as they are.
    const auto [first, last] = trimmed(spec.text);
    if (first >= last) return false;
    const std::string& text = spec.text;
    const bool quiet = out != nullptr;
    std::vector<VItem>& destination = out != nullptr ? *out : vitems_;
    const int paragraph = paragraph_number >= 0 ? paragraph_number : paragraph_count_++;
    const std::size_t missing_before = fonts_.missing_characters().size();

    const auto span_at = [&](std::size_t offset) {
        for (std::size_t i = 0; i < spec.spans.size(); ++i)
            if (offset < spec.spans[i].end) return int(i);
        return int(spec.spans.size()) - 1;
    };

    // Break opportunities (UAX #14) and hyphenation points: worked out once per paragraph,
    // most often ahead by the lookahead thread.
    if (!spec.analysis) {
        std::optional<TextAnalysis> ready;
        if (lookahead_) ready = lookahead_->take(spec.text, spec.language, spec.hyphenate);
        spec.analysis = std::make_shared<const TextAnalysis>(
            ready ? std::move(*ready)
                  : analyse_text(text, first, last, breaker_, spec.hyphenate ? &hyphenator(spec.language) : nullptr));
    }
    const std::vector<std::pair<std::size_t, bool>>& opportunities = spec.analysis->opportunities;
    const std::vector<std::size_t>& discretionary = spec.analysis->discretionary;
    const std::vector<std::size_t>& in_names = spec.analysis->in_names;

    std::vector<Item> items;
    std::vector<BoxContent> contents;
    items.reserve(opportunities.size() * 3 + 4);
    const double base_size = spec.spans.empty() ? style_.body.size : spec.spans.front().size;
    if (spec.first_indent > 0) items.push_back(Item{ItemKind::Box, spec.first_indent, 0, 0, false, 0, false, false, 0, 0, -1});

    const auto last_visible = [&](std::size_t begin, std::size_t end) -> char32_t {
        // the last visible character of text[begin, end)
        std::size_t offset = begin;
        char32_t found = 0;
        while (offset < end) {
            const char32_t c = decode_utf8(text, offset);
            if (!invisible(c)) found = c;
        }
        return found;
    };
    const auto first_visible = [&](std::size_t begin, std::size_t end) -> char32_t {
        std::size_t offset = begin;
        while (offset < end) {
            const char32_t c = decode_utf8(text, offset);
            if (!invisible(c)) return c;
        }
        return 0;
    };
    const bool optical = style_.optical_margins && spec.justify;

    const double measure = text_block_width_ - spec.left - spec.right;
    // Make the boxes (and hyphenation penalties) for text[begin, end), which has no spaces.
    std::size_t next_discretionary = 0;
    std::vector<std::pair<std::size_t, std::size_t>> cuts;  // (glyph index, text offset), reused piece after piece
    // The hyphen's width in em, for the style last asked: every hyphenation point needs it, and
    // a lookup in the shaping cache costs more than the rest of the point.
    int hyphen_style = -1;
    double hyphen_em = 0;
    const auto hyphen_width = [&](int style) {
        if (style != hyphen_style) {
            hyphen_em = fonts_.shape(style, "-").width;
            hyphen_style = style;
        }
        return hyphen_em;
    };
    const auto add_content = [&](std::size_t begin, std::size_t end) {
        while (begin < end) {
            const int span_index = span_at(begin);
            const Span& span = spec.spans[std::size_t(span_index)];
            const std::size_t piece_end = std::min(end, span.end);
            const std::string_view piece = std::string_view(text).substr(begin, piece_end - begin);
            const ShapedText& shaped = fonts_.shape(span.style, piece);
            // Cut the glyphs at hyphenation points inside this piece.
            std::size_t glyph_start = 0;
            while (next_discretionary < discretionary.size() && discretionary[next_discretionary] <= begin)
                ++next_discretionary;
            cuts.clear();
            for (std::size_t d = next_discretionary; d < discretionary.size() && discretionary[d] < piece_end; ++d) {
                const auto relative = std::uint32_t(discretionary[d] - begin);
                std::size_t g = glyph_start;
                while (g < shaped.glyphs.size() && shaped.glyphs[g].cluster < relative) ++g;
                // Skip a point inside a cluster (a ligature across it).
                if (g >= shaped.glyphs.size() || shaped.glyphs[g].cluster != relative || g == 0) continue;
                cuts.emplace_back(g, discretionary[d]);
            }
            cuts.emplace_back(shaped.glyphs.size(), piece_end);
            // A stretch between two cuts that is wider than the measure can be broken between
            // any two clusters, as a last resort (emergency_break_penalty). `emergency` stays
            // empty (nothing is copied) unless some stretch is; then it marks, cut by cut, the
            // breaks added.
            std::vector<std::pair<std::size_t, std::size_t>> refined;
            std::vector<bool> emergency;
            for (std::size_t c = 0, from = glyph_start; c < cuts.size(); from = cuts[c++].first) {
                double width = 0;
                for (std::size_t g = from; g < cuts[c].first; ++g) width += shaped.glyphs[g].advance;
                if (width * span.size > measure) {
                    if (emergency.empty()) {  // the first such stretch: take the cuts before it
                        refined.assign(cuts.begin(), cuts.begin() + std::ptrdiff_t(c));
                        emergency.assign(c, false);
                    }
                    for (std::size_t g = from + 1; g < cuts[c].first; ++g) {
                        const ShapedGlyph& glyph = shaped.glyphs[g];
                        if (!glyph.cluster_start || glyph.cluster == shaped.glyphs[g - 1].cluster) continue;
                        refined.emplace_back(g, begin + glyph.cluster);
                        emergency.push_back(true);
                    }
                }
                if (!emergency.empty()) {
                    refined.push_back(cuts[c]);
                    emergency.push_back(false);
                }
            }
            if (!emergency.empty()) cuts = std::move(refined);
            std::size_t text_start = begin;
            for (std::size_t c = 0; c < cuts.size(); ++c) {
                const auto [glyph_end, text_end] = cuts[c];
                Item box;
                box.kind = ItemKind::Box;
                double width = 0;
                for (std::size_t g = glyph_start; g < glyph_end; ++g) width += shaped.glyphs[g].advance;
                box.width = width * span.size;
                if (spec.justify && !shaped.right_to_left) {
                    const double glyphs = double(glyph_end - glyph_start);
                    box.stretch = glyphs * tracking_stretch * span.size;
                    box.shrink = glyphs * tracking_shrink * span.size;
                }
                if (optical && glyph_end > glyph_start) {
                    box.protrude_left = protrusion_left(first_visible(text_start, text_end)) *
                                        shaped.glyphs[glyph_start].advance * span.size;
                    box.protrude_right = protrusion_right(last_visible(text_start, text_end)) *
                                         shaped.glyphs[glyph_end - 1].advance * span.size;
                }
                box.tag = int(contents.size());
                contents.push_back(BoxContent{&shaped, begin, glyph_start, glyph_end, span_index});
                items.push_back(box);
                if (c + 1 < cuts.size() && !emergency.empty() && emergency[c]) {
                    Item penalty;
                    penalty.kind = ItemKind::Penalty;
                    const char32_t before = last_visible(text_start, text_end);
                    penalty.penalty = before == 0xA0 || before == 0x202F || before == 0x2007
                                          ? emergency_space_break_penalty
                                          : emergency_break_penalty;
                    items.push_back(penalty);
                } else if (c + 1 < cuts.size()) {
                    Item penalty;
                    penalty.kind = ItemKind::Penalty;
                    penalty.width = hyphen_width(span.style) * span.size;
                    penalty.penalty = std::binary_search(in_names.begin(), in_names.end(), text_end)
                                          ? name_hyphen_penalty
                                          : hyphen_penalty;
                    penalty.flagged = true;
                    penalty.discretionary = true;
                    penalty.protrude_right = optical ? protrusion_right(U'-') * penalty.width : 0;
                    penalty.tag = span_index;
                    items.push_back(penalty);
                }
                glyph_start = glyph_end;
                text_start = text_end;
            }
            begin = piece_end;
        }
    };

    std::size_t segment_start = first;
    for (std::size_t k = 0; k < opportunities.size(); ++k) {
        const auto [segment_end, hard] = opportunities[k];
        std::size_t content_end = segment_end;
        while (content_end > segment_start && is_space_byte(text[content_end - 1])) --content_end;
        add_content(segment_start, content_end);
        const bool at_end = segment_end >= last;
        if (at_end) break;
        const int span_index = span_at(content_end > segment_start ? content_end - 1 : segment_start);
        const Span& span = spec.spans[std::size_t(span_index)];
        if (hard) {
            items.push_back(Item{ItemKind::Penalty, 0, 0, 0, false, infinite_penalty, false, false, 0, 0, -1});
            items.push_back(Item{ItemKind::Glue, 0, 0, 0, true, 0, false, false, 0, 0, -1});
            items.push_back(Item{ItemKind::Penalty, 0, 0, 0, false, -infinite_penalty, false, false, 0, 0, -1});
        } else if (content_end < segment_end) {
            const double width = fonts_.space_width(span.style) * span.size;
            Item glue;
            glue.kind = ItemKind::Glue;
            glue.width = width;
            if (spec.justify) {
                glue.stretch = width * space_stretch;
                glue.shrink = width * space_shrink;
            }
            items.push_back(glue);
        } else if (is_unspaced_script(last_visible(segment_start, content_end)) &&
                   is_unspaced_script(first_visible(segment_end, std::min(last, segment_end + 8)))) {
            Item glue;
            glue.kind = ItemKind::Glue;
            if (spec.justify) glue.stretch = unspaced_stretch * span.size;
            items.push_back(glue);
        } else {
            // A break with no space: after a hyphen, a dash or a slash.
            const char32_t before = last_visible(segment_start, content_end);
            Item penalty;
            penalty.kind = ItemKind::Penalty;
            const bool hyphen = before == U'-' || before == 0x2010;
            penalty.penalty = hyphen ? explicit_hyphen_penalty : other_break_penalty;
            penalty.flagged = hyphen;
            items.push_back(penalty);
        }
        segment_start = segment_end;
    }
    items.push_back(Item{ItemKind::Penalty, 0, 0, 0, false, infinite_penalty, false, false, 0, 0, -1});
    items.push_back(Item{ItemKind::Glue, 0, 0, 0, true, 0, false, false, 0, 0, -1});
    items.push_back(Item{ItemKind::Penalty, 0, 0, 0, false, -infinite_penalty, false, false, 0, 0, -1});

    BreakParameters parameters;
    if (spec.justify) parameters.pretolerance = justified_pretolerance;
    if (!spec.justify) {
        parameters.line_end_stretch = ragged_stretch_em * base_size;
        parameters.pretolerance = 100;
        parameters.tolerance = 1000;
    }
    parameters.emergency_stretch = 1.5 * base_size;
    if (!spec.center) parameters.short_last_line = 3 * base_size;
    if (target_lines > 0) parameters.tolerance = std::min(parameters.tolerance, 140.0);
    if (input != nullptr) {
        input->items = std::move(items);
        input->measure = measure;
        input->parameters = parameters;
        return true;
    }
    BreakResult broken = found != nullptr     ? *found
                         : target_lines > 0 ? break_lines_to(items, measure, parameters, target_lines)
                                            : break_lines(items, measure, parameters);
    if (broken.lines.empty()) return false;
    // A centred block of several lines (a title) is balanced: the narrowest measure that
    // still gives the same number of lines, so no line is left with a word or two.
    if (spec.center && broken.lines.size() > 1) {
        double low = measure / 2, high = measure;
        for (int step = 0; step < 12; ++step) {
            const double middle = (low + high) / 2;
            const BreakResult trial = break_lines(items, middle, parameters);
            bool fits = trial.lines.size() == broken.lines.size();
            for (const LineFit& line : trial.lines) fits = fits && !line.overfull;
            if (fits)
                high = middle;
            else
                low = middle;
        }
        broken = break_lines(items, high, parameters);
    }

    // Set the lines.
    const std::size_t line_count = broken.lines.size();
    // Right-to-left text: each line's items are placed in visual order (UAX #9 rule L2), not in
    // the logical order they are painted in.
    const std::optional<BidiLevels> bidi = bidi_levels(text);
    bool previous_hyphenated = false;
    std::size_t words_before = 0, counted_until = 0;  // for the line records' first_word
    bool counted_in_word = false;
    int last_face = -1, last_font = -1;  // display_font's last answer
    for (std::size_t l = 0; l < line_count; ++l) {
        const LineFit& line = broken.lines[l];
        VItem vitem;
        vitem.units = spec.units_per_line;
        vitem.baseline_offset = (spec.units_per_line - 1) * style_.leading;
        vitem.paragraph = paragraph;
        vitem.line_in_paragraph = int(l);
        vitem.lines_in_paragraph = int(line_count);
        vitem.keep_with_next = spec.keep_with_next;
        double ratio = line.ratio;
        if (!std::isfinite(ratio) || !spec.justify || line.end == int(items.size()) - 1) ratio = std::min(ratio, 0.0);
        if (ratio < -1) ratio = -1;
        if (!std::isfinite(ratio)) ratio = 0;

        double x = spec.left - line.protrude_left;
        if (spec.center) x = spec.left + (measure - line.natural) / 2;  // the full measure, not the balanced one
        std::vector<double> visual_x;  // with bidi: where each item of the line starts
        if (bidi) {
            const std::size_t n = std::size_t(line.end - line.start);
            std::vector<double> advance(n, 0);
            std::vector<int> level(n, -1);  // boxes' own; glue and penalties' from their neighbours
            for (std::size_t k = 0; k < n; ++k) {
                const Item& item = items[std::size_t(line.start) + k];
                const double adjust = ratio > 0 ? ratio * item.stretch : ratio * item.shrink;
                if (item.kind == ItemKind::Glue || item.kind == ItemKind::Box) advance[k] = item.width + adjust;
                if (item.kind != ItemKind::Box) continue;
                if (item.tag < 0) {
                    level[k] = bidi->paragraph;
                } else {
                    const BoxContent& content = contents[std::size_t(item.tag)];
                    std::size_t byte = content.piece_begin;
                    if (content.glyph_begin < content.glyph_end) byte += content.shaped->glyphs[content.glyph_begin].cluster;
                    level[k] = bidi->of_byte[std::min(byte, bidi->of_byte.size() - 1)];
                }
            }
            double width = 0;
            for (double a : advance) width += a;
            // A right-to-left paragraph's short lines (the last, ragged ones) sit at the right.
            double position = x;
            if (bidi->paragraph % 2 == 1 && !spec.center) position = spec.left + measure - width + line.protrude_right;
            visual_x.assign(n, 0);
            for (const std::size_t k : visual_order(level, bidi->paragraph)) {
                visual_x[k] = position;
                position += advance[k];
            }
        }
        const Item& end_item = items[std::size_t(line.end)];
        const bool hyphenated = end_item.kind == ItemKind::Penalty && end_item.discretionary;
        // The two parts of a word broken by an inserted hyphen are runs of their own, so the PDF
        // writer can give exactly that word its /ActualText (it takes a run for a word when no
        // space glyph marks the word's ends).
        int last_glue = line.start - 1;
        for (int i = line.start; i < line.end; ++i)
            if (items[std::size_t(i)].kind == ItemKind::Glue) last_glue = i;
        bool split_continuation = l > 0 && previous_hyphenated;
        // The line's glyphs, so that each run's arrays are allocated once, at their size
        // (growing them glyph by glyph cost a book ~86,000 reallocations).
        std::size_t glyphs_left = 0;
        for (int i = line.start; i < line.end; ++i) {
            const Item& item = items[std::size_t(i)];
            if (item.kind == ItemKind::Box && item.tag >= 0) {
                const BoxContent& content = contents[std::size_t(item.tag)];
                glyphs_left += content.glyph_end - content.glyph_begin;
            }
        }
        GlyphRun* run = nullptr;
        int run_span = -2;
        LinkArea* link = nullptr;
        std::string link_url;
        const auto close_link = [&] { link = nullptr; link_url.clear(); };
        for (int i = line.start; i < line.end; ++i) {
            const Item& item = items[std::size_t(i)];
            if (!visual_x.empty()) x = visual_x[std::size_t(i - line.start)];
            if (item.kind == ItemKind::Glue) {
                x += item.width + (ratio > 0 ? ratio * item.stretch : ratio * item.shrink);
                if (split_continuation || (hyphenated && i == last_glue)) run = nullptr;
                split_continuation = false;
                continue;
            }
            if (item.kind != ItemKind::Box || item.tag < 0) {
                if (item.kind == ItemKind::Box) x += item.width;
                continue;
            }
            const BoxContent& content = contents[std::size_t(item.tag)];
            const Span& span = spec.spans[std::size_t(content.span)];
            // Letter-spacing taken by this line, per glyph (left-to-right words only).
            const double glyphs = double(content.glyph_end - content.glyph_begin);
            const double tracking =
                glyphs > 0 ? (ratio > 0 ? ratio * item.stretch : ratio * item.shrink) / glyphs : 0;
            const double box_start = x;
            double base_pen = 1e300;
            for (std::size_t g = content.glyph_begin; g < content.glyph_end; ++g)
                base_pen = std::min(base_pen, content.shaped->glyphs[g].pen);
            double spacing = 0;  // letter-spacing so far in this box
            for (std::size_t g = content.glyph_begin; g < content.glyph_end; ++g) {
                const ShapedGlyph& glyph = content.shaped->glyphs[g];
                const double pen = box_start + (glyph.pen - base_pen) * span.size + spacing;
                if (glyph.face != last_face) {  // (a word's glyphs are nearly always of one face)
                    last_face = glyph.face;
                    last_font = display_font(glyph.face);
                }
                const int font = last_font;
                if (run == nullptr || run_span != content.span || run->font != font) {
                    GlyphRun fresh;
                    fresh.font = font;
                    fresh.size = span.size;
                    fresh.x = pen;
                    fresh.y = 0;
                    fresh.color = span.color;
                    fresh.structure = span.structure;
                    vitem.runs.push_back(std::move(fresh));
                    run = &vitem.runs.back();
                    run_span = content.span;
                    run->glyphs.reserve(glyphs_left);
                    run->text.reserve(glyphs_left + glyphs_left / 4 + 8);  // most glyphs are one byte of text
                }
                run->add_glyph(glyph.glyph_id, pen - run->x + glyph.x_offset * span.size, glyph.y_offset * span.size,
                               glyph.advance * span.size,
                               glyph.cluster_start ? std::string_view(text).substr(content.piece_begin + glyph.cluster,
                                                                                   glyph.cluster_end - glyph.cluster)
                                                   : std::string_view());
                spacing += tracking;
                --glyphs_left;
            }
            x = box_start + item.width + spacing;
            if (!span.url.empty()) {
                const LoadedFace& face = fonts_.face(fonts_.primary_face(span.style));
                const double left_edge = box_start;
                if (link == nullptr || link_url != span.url) {
                    vitem.links.push_back(LinkArea{left_edge, face.descender * span.size, 0,
                                                   (face.ascender - face.descender) * span.size, span.url,
                                                   span.structure});
                    link = &vitem.links.back();
                    link_url = span.url;
                }
                link->width = x - link->x;
            } else {
                close_link();
            }
        }
        previous_hyphenated = hyphenated;
        if (hyphenated) {
            const Span& span = spec.spans[std::size_t(end_item.tag)];
            const ShapedText& hyphen = fonts_.shape(span.style, "-");
            GlyphRun hyphen_run;
            hyphen_run.size = span.size;
            hyphen_run.x = x;
            hyphen_run.color = span.color;
            hyphen_run.structure = span.structure;
            hyphen_run.inserted_hyphen = true;
            double pen = 0;
            for (const ShapedGlyph& glyph : hyphen.glyphs) {
                hyphen_run.font = display_font(glyph.face);
                hyphen_run.add_glyph(glyph.glyph_id, pen + glyph.x_offset * span.size, glyph.y_offset * span.size,
                                     glyph.advance * span.size, glyph.cluster_start ? "-" : "");
                pen += glyph.advance * span.size;
            }
            vitem.runs.push_back(std::move(hyphen_run));
        }
        // A line that ends after a hyphen or dash of the text (no space there) must not gain a
        // space in extracted text, so its last run does not say it ends a line.
        // (The same after a break between two Chinese or Japanese characters: zero-width glue.)
        const bool ends_without_space = (end_item.kind == ItemKind::Penalty && !end_item.discretionary &&
                                         end_item.penalty > -infinite_penalty) ||
                                        (end_item.kind == ItemKind::Glue && end_item.width == 0 && !end_item.fil);
        if (!vitem.runs.empty()) vitem.runs.back().ends_line = !ends_without_space;
        // Books hold hundreds of thousands of glyphs: give back what vector growth over-reserved.
        for (GlyphRun& glyph_run : vitem.runs) {
            glyph_run.glyphs.shrink_to_fit();
            glyph_run.text.shrink_to_fit();
        }
        vitem.runs.shrink_to_fit();

        if (spec.record) {
            vitem.has_record = true;
            LineRecord& record = vitem.record;
            record.block = paragraph;
            record.line_in_block = int(l);
            record.lines_in_block = int(line_count);
            record.width = line.natural;
            record.measure = line.available;
            record.adjustment_ratio = line.end == int(items.size()) - 1 ? std::min(line.ratio, 0.0) : line.ratio;
            record.hyphenated = hyphenated;
            record.explicit_hyphen = end_item.kind == ItemKind::Penalty && !end_item.discretionary &&
                                     end_item.penalty > -infinite_penalty && end_item.flagged;
            record.overfull = line.overfull;
            record.last_of_paragraph = l + 1 == line_count;
            record.heading = spec.heading;
            record.position = spec.position;
            for (int i = line.start; i < line.end; ++i) {
                const Item& item = items[std::size_t(i)];
                if (item.kind != ItemKind::Box || item.tag < 0) continue;
                const BoxContent& content = contents[std::size_t(item.tag)];
                const std::size_t offset = content.glyph_begin < content.glyph_end
                                               ? content.piece_begin + content.shaped->glyphs[content.glyph_begin].cluster
                                               : content.piece_begin;
                // Words before the line: counted on from the previous line's start, not from
                // the paragraph's (which made long paragraphs quadratic).
                const std::size_t until = std::min(offset, text.size());
                if (until >= counted_until) {
                    words_before += count_words_between(text, counted_until, until, counted_in_word);
                    counted_until = until;
                } else {
                    bool in_word = false;
                    words_before = count_words_between(text, 0, until, in_word);
                    counted_until = until;
                    counted_in_word = in_word;
                }
                record.first_word = int(words_before);
                break;
            }
        }
        if (quiet) {
        } else if (line.overfull) {
            std::string sample;
            for (const auto& glyph_run : vitem.runs)
                sample += glyph_run.text;
            warn(spec.position, "line " + std::to_string(l + 1) + " of the paragraph is " +
                                    std::to_string(int(std::round(line.natural - line.available))) +
                                    " pt too wide and cannot be broken: \"" + sample.substr(0, 60) + "\"");
        } else if (spec.justify && line.end != int(items.size()) - 1 && line.badness > parameters.tolerance) {
            const std::string how = std::isfinite(line.ratio)
                                        ? "its spaces stretched to " + std::to_string(int(std::round(line.ratio * 100))) +
                                              "% of their stretch"
                                        : "nothing in it can stretch";
            warn(spec.position, "line " + std::to_string(l + 1) + " of the paragraph is set loosely (" + how + ")");
        }
        destination.push_back(std::move(vitem));
    }

    if (quiet) return true;
    const auto& missing = fonts_.missing_characters();
    for (std::size_t i = missing_before; i < missing.size(); ++i)
        warn(spec.position, "no installed font has the character " + format_code_point(missing[i].code_point) +
                                " (in \"" + missing[i].context + "\"); it is left out");
    return true;
}

// --- Blocks --------------------------------------------------------------------------------

void Engine::layout_title_block() {
    const Metadata& metadata = document_.metadata;
    if (metadata.title.empty()) return;
    const auto centered = [&](const std::string& text, const FontSpec& font, int structure, bool keep) {
        ParagraphSpec spec = spec_for({Inline::make_text(text)}, font, structure, 0, 0, language_, {});
        spec.center = true;
        spec.justify = false;
        spec.hyphenate = false;
        spec.keep_with_next = keep;
        spec.heading = true;
        spec.units_per_line = std::max(1, int(std::lround(1.15 * font.size / style_.leading)));
        set_paragraph(spec);
    };
    const int title = add_structure("H1", root_);
    result_.display.outline.push_back(OutlineEntry{metadata.title, 1, 0, 0});
    const std::size_t first_title_line = vitems_.size();
    centered(metadata.title, style_.title, title, true);
    if (first_title_line < vitems_.size()) vitems_[first_title_line].outline = 0;
    // The standfirst: the subtitle, or else the text's own dek, stands under the title.
    std::string dek = metadata.subtitle;
    for (const Block& block : document_.blocks)
        if (dek.empty() && block.kind == BlockKind::Dek) dek = plain_text(block.inlines);
    title_block_dek_ = dek;
    if (!dek.empty()) {
        add_space(1);
        FontSpec font = style_.subtitle;
        font.italic = true;
        centered(dek, font, add_structure("P", root_), true);
    }
    // Byline, date and source are one group, a line's space below the title (or the dek),
    // whichever of them the article has.
    bool group_started = false;
    const auto start_group = [&] {
        if (!group_started) add_space(1);
        group_started = true;
    };
    if (!metadata.authors.empty()) {
        start_group();
        centered(author_list(metadata), style_.byline, add_structure("P", root_), true);
    }
    if (!metadata.date.empty()) {
        start_group();
        centered(format_date(metadata.date, language_), style_.byline, add_structure("P", root_), true);
    }
    if (!metadata.source_name.empty()) {
        start_group();
        FontSpec font = style_.body;
        font.italic = true;
        font.size = style_.body.size * 0.9;
        centered(metadata.source_name, font, add_structure("P", root_), true);
    }
    if (!vitems_.empty()) vitems_.back().keep_with_next = false;
    add_space(2);
}

// The colophon closes the article: where it came from, its licence, and how it was set.
void Engine::layout_colophon() {
    const Metadata& metadata = document_.metadata;
    std::vector<std::string> sentences;
    if (!metadata.source_name.empty() || !metadata.source_url.empty()) {
        std::string source = "First published";
        if (!metadata.source_name.empty()) source += " by " + metadata.source_name;
        if (!metadata.source_url.empty()) source += " at " + metadata.source_url;
        sentences.push_back(source + ".");
    }
    if (!metadata.rights.empty()) sentences.push_back(metadata.rights);
    sentences.push_back("Set in " + fonts_.face(fonts_.primary_face(body_style_)).family + " with galley " +
                        GALLEY_VERSION + ".");
    add_space(2);
    const int section = add_structure("Sect", root_);
    FontSpec font = style_.body;
    font.size = style_.body.size * 0.85;
    font.italic = true;
    const std::size_t first = vitems_.size();
    for (const std::string& sentence : sentences) {
        ParagraphSpec spec = spec_for({Inline::make_text(sentence)}, font, add_structure("P", section), 0, 0, language_, {});
        spec.justify = false;
        spec.hyphenate = false;
        spec.record = false;
        set_paragraph(spec);
    }
    // Kept on one page, together.
    for (std::size_t i = first; i + 1 < vitems_.size(); ++i) vitems_[i].keep_with_next = true;
}

void Engine::layout_blocks(const Blocks& blocks, double left, double right, int parent, bool& indent_next,
                           const std::string& language) {
    const Metadata& metadata = document_.metadata;
    for (const Block& block : blocks) {
        const bool furniture = block.kind == BlockKind::Credit || block.kind == BlockKind::Provenance ||
                               block.kind == BlockKind::Title || block.kind == BlockKind::Dek ||
                               block.kind == BlockKind::Byline || block.kind == BlockKind::Dateline;
        if (space_after_notes_ && !furniture) {
            space_after_notes_ = false;
            add_space(1);
        }
        const std::string block_language = block.language.empty() ? language : block.language;
        const std::string structure_language = block.language.empty() ? std::string() : block.language;
        switch (block.kind) {
        case BlockKind::Title:
            if (!metadata.title.empty()) break;  // the title block shows it
            [[fallthrough]];
        case BlockKind::Heading: {
            const int level = block.kind == BlockKind::Title ? 1 : std::clamp(block.level, 1, 6);
            const HeadingStyle& heading =
                style_.headings.empty() ? HeadingStyle{style_.body, 0, 0}
                                        : style_.headings[std::min<std::size_t>(std::size_t(level) - 1, style_.headings.size() - 1)];
            add_space(int(std::lround(heading.space_before / style_.leading)));
            const std::string role = block.kind == BlockKind::Title ? "H1" : "H" + std::to_string(std::min(level + 1, 6));
            const int structure = add_structure(role, parent, structure_language);
            ParagraphSpec spec = spec_for(block.inlines, heading.font, structure, left, right, block_language, block.position);
            spec.justify = false;
            spec.hyphenate = false;
            spec.keep_with_next = true;
            spec.heading = true;
            spec.units_per_line = std::max(1, int(std::lround(1.15 * heading.font.size / style_.leading)));
            const std::size_t first_line = vitems_.size();
            set_paragraph(spec);
            if (first_line < vitems_.size()) {
                result_.display.outline.push_back(OutlineEntry{plain_text(block.inlines),
                                                               level + (metadata.title.empty() ? 0 : 1), 0, 0});
                vitems_[first_line].outline = int(result_.display.outline.size()) - 1;
            }
            add_space(int(std::lround(heading.space_after / style_.leading)));
            indent_next = false;
            break;
        }
        case BlockKind::Dek:
        case BlockKind::Byline:
        case BlockKind::Dateline:
            if ((block.kind == BlockKind::Dek &&
                 (!metadata.subtitle.empty() || plain_text(block.inlines) == title_block_dek_)) ||
                (block.kind == BlockKind::Byline && !metadata.authors.empty()) ||
                (block.kind == BlockKind::Dateline && !metadata.date.empty()))
                break;  // the title block shows it
            [[fallthrough]];
        case BlockKind::Paragraph: {
            const int structure = add_structure("P", parent, structure_language);
            ParagraphSpec spec = spec_for(block.inlines, style_.body, structure, left, right, block_language, block.position);
            spec.first_indent = indent_next ? style_.paragraph_indent : 0;
            if (block.kind != BlockKind::Paragraph) spec.first_indent = 0;
            if (style_.paragraph_spacing > 0) add_space(int(std::lround(style_.paragraph_spacing / style_.leading)));
            const int number = paragraph_count_;
            // Only a list item's first paragraph carries its marker, so list paragraphs stay.
            if (set_paragraph(spec) && list_depth_ == 0 && spec.justify) resettable_.emplace(number, std::move(spec));
            indent_next = style_.paragraph_spacing <= 0;
            break;
        }
        case BlockKind::Credit:
        case BlockKind::Provenance: {
            if (block.kind == BlockKind::Provenance && !space_after_notes_) add_space(1);
            space_after_notes_ = true;
            const int structure = add_structure("P", parent, structure_language);
            FontSpec font = style_.body;
            font.size = style_.body.size * 0.85;
            font.italic = block.kind == BlockKind::Provenance;
            ParagraphSpec spec = spec_for(block.inlines, font, structure, left, right, block_language, block.position);
            set_paragraph(spec);
            indent_next = false;
            break;
        }
        case BlockKind::SectionBreak: {
            add_space(1);
            const int structure = add_structure("P", parent);
            ParagraphSpec spec = spec_for({Inline::make_text(style_.section_break_ornament)}, style_.body, structure,
                                          left, right, block_language, block.position);
            spec.center = true;
            spec.justify = false;
            spec.hyphenate = false;
            spec.record = false;
            spec.keep_with_next = true;  // an ornament alone at a page foot hides the break
            set_paragraph(spec);
            add_space(1);
            indent_next = false;
            break;
        }
        case BlockKind::BlockQuote: {
            const int structure = add_structure("BlockQuote", parent, structure_language);
            add_space(1);
            bool indent = false;
            layout_blocks(block.children, left + style_.block_quote_indent, right + style_.block_quote_indent, structure,
                          indent, block_language);
            add_space(1);
            indent_next = false;
            break;
        }
        case BlockKind::List: {
            const int list = add_structure("L", parent, structure_language);
            int number = block.start;
            for (const auto& item_blocks : block.items) {
                const int item = add_structure("LI", list);
                const int label = add_structure("Lbl", item);
                const int body = add_structure("LBody", item);
                const std::size_t first_line = vitems_.size();
                bool indent = false;
                ++list_depth_;
                layout_blocks(item_blocks, left + style_.list_indent, right, body, indent, block_language);
                --list_depth_;
                // Put the marker on the item's first line.
                if (first_line < vitems_.size()) {
                    std::size_t target = first_line;
                    while (target < vitems_.size() && vitems_[target].space) ++target;
                    if (target < vitems_.size()) {
                        const std::string marker = block.ordered ? std::to_string(number) + "." : "\u2022";
                        const ShapedText& shaped = fonts_.shape(body_style_, marker);
                        GlyphRun run;
                        run.size = style_.body.size;
                        run.x = left + style_.list_indent - shaped.width * style_.body.size - 0.5 * style_.body.size;
                        run.color = style_.text_color;
                        run.structure = label;
                        double pen = 0;
                        for (const ShapedGlyph& glyph : shaped.glyphs) {
                            run.font = display_font(glyph.face);
                            run.add_glyph(glyph.glyph_id, pen + glyph.x_offset * run.size, glyph.y_offset * run.size,
                                          glyph.advance * run.size,
                                          glyph.cluster_start ? std::string_view(marker).substr(
                                                                    glyph.cluster, glyph.cluster_end - glyph.cluster)
                                                              : std::string_view());
                            pen += glyph.advance * run.size;
                        }
                        vitems_[target].runs.insert(vitems_[target].runs.begin(), std::move(run));
                    }
                }
                ++number;
            }
            indent_next = false;
            break;
        }
        }
    }
}

// --- Pages ---------------------------------------------------------------------------------

namespace {

// What a paragraph's line breaker input allows, summed once: enough to rule out most line
// counts that pagination tries (a paragraph a line longer or shorter) without running
// break_lines_to. The bounds are loose on purpose: they never rule out a possible count.
struct BreakBounds {
    double content_most = 0;    // widths of all boxes and glue (what lines can hold at most)
    double stretch_most = 0;    // their stretch
    double squeezed_least = 0;  // their widths less their shrink (boxes are never dropped)
    double dropped_most = 0;    // width less shrink of the glue one break can drop, at most
    double hyphen_most = 0, hyphen_least = 0;  // widths a break at a penalty adds
    double protrusion_most = 0, protrusion_least = 0;  // per line end
    double shrink = 0;
    int fills = 0;              // fil glue: a line with one is never too loose
};

BreakBounds bounds_of(const std::vector<Item>& items) {
    BreakBounds bounds;
    double run = 0;  // of the glue since the last box
    for (const Item& item : items) {
        bounds.protrusion_most = std::max({bounds.protrusion_most, item.protrude_left, item.protrude_right});
        bounds.protrusion_least = std::min({bounds.protrusion_least, item.protrude_left, item.protrude_right});
        if (item.kind == ItemKind::Penalty) {
            bounds.hyphen_most = std::max(bounds.hyphen_most, item.width);
            bounds.hyphen_least = std::min(bounds.hyphen_least, item.width);
            continue;
        }
        bounds.content_most += std::max(0.0, item.width);
        bounds.stretch_most += std::max(0.0, item.stretch);
        bounds.squeezed_least += item.width - item.shrink;
        bounds.shrink += std::abs(item.shrink);
        if (item.kind == ItemKind::Box) {
            run = 0;
        } else {
            run += std::max(0.0, item.width - item.shrink);
            bounds.dropped_most = std::max(bounds.dropped_most, run);
            if (item.fil) ++bounds.fills;
        }
    }
    return bounds;
}

// False when `lines` lines of `measure` within the tolerance are impossible: every line must
// not be overfull (so all of them together hold the paragraph's squeezed width), and every
// line but the last must reach the measure within its stretch (so the paragraph fills all
// but one line).
bool could_break_into(const BreakBounds& bounds, double measure, const BreakParameters& parameters, int lines) {
    const double breaks = lines - 1;
    const double available_most = measure + 2 * bounds.protrusion_most;
    const double available_least = measure + 2 * bounds.protrusion_least;
    const double slack = 1e-6 * (std::abs(bounds.squeezed_least) + bounds.content_most + lines * std::abs(measure)) +
                         1e-6 * bounds.shrink + 1e-6;
    if (bounds.squeezed_least - breaks * bounds.dropped_most + breaks * bounds.hyphen_least >
        lines * available_most + slack)
        return false;
    if (bounds.fills <= 1 && lines >= 2) {
        const double ratio_most = std::cbrt(parameters.tolerance / 100) * (1 + 1e-6);
        const double reach = bounds.content_most + breaks * bounds.hyphen_most +
                             ratio_most * (bounds.stretch_most + breaks * std::max(0.0, parameters.line_end_stretch));
        if (reach < breaks * available_least - slack) return false;
    }
    return true;
}

// The fewest and most lines `items` can be broken into with every line within the tolerance
// (as break_lines_to judges a line, hyphenation allowed), or {1, 0} when there is no way:
// break_lines_to's search without the demerits or the line counts, once for every count.
// The counts in between are not all certain to be possible; those outside are not.
std::pair<int, int> line_count_range(const std::vector<Item>& items, double measure, const BreakParameters& parameters) {
    const std::size_t n = items.size();
    std::vector<double> width(n + 1, 0), stretch(n + 1, 0), shrink(n + 1, 0);
    std::vector<int> fil(n + 1, 0), next_box(n + 1, int(n) - 1);
    for (std::size_t i = 0; i < n; ++i) {  // as the line breaker sums them
        const Item& item = items[i];
        width[i + 1] = width[i] + (item.kind == ItemKind::Penalty ? 0 : item.width);
        stretch[i + 1] = stretch[i] + (item.kind != ItemKind::Penalty ? item.stretch : 0);
        shrink[i + 1] = shrink[i] + (item.kind != ItemKind::Penalty ? item.shrink : 0);
        fil[i + 1] = fil[i] + (item.kind == ItemKind::Glue && item.fil ? 1 : 0);
    }
    for (std::size_t i = n; i-- > 0;) next_box[i] = items[i].kind == ItemKind::Box ? int(i) : next_box[i + 1];
    // A hair more lenient than the line breaker, so that rounding never rules out a line it takes.
    const double threshold = parameters.tolerance * (1 + 1e-9);
    const double overfull_ratio = -1 - 1e-6;
    struct Reached {
        int position, fewest, most;
    };
    std::vector<Reached> active{{-1, 0, 0}}, still_active;
    for (int b = 0; b < int(n); ++b) {
        if (!is_legal_break(items, b, true)) continue;
        const Item& last = items[std::size_t(b)];
        const bool forced = last.kind == ItemKind::Penalty && last.penalty <= -infinite_penalty;
        Reached here{b, std::numeric_limits<int>::max(), -1};
        still_active.clear();
        for (const Reached& from : active) {
            int start = from.position < 0 ? 0 : next_box[std::size_t(from.position) + 1];
            if (start > b) start = b;
            const auto s = std::size_t(start), e = std::size_t(b);
            const double natural = width[e] - width[s] + (last.kind == ItemKind::Penalty ? last.width : 0);
            const double line_stretch = stretch[e] - stretch[s] + parameters.line_end_stretch;
            const double line_shrink = shrink[e] - shrink[s];
            const bool has_fil = fil[e] - fil[s] > 0;
            double protrusion = 0;
            if (items[s].kind == ItemKind::Box && start < b) protrusion += items[s].protrude_left;
            if (last.kind == ItemKind::Penalty && last.width > 0)
                protrusion += last.protrude_right;
            else if (e > 0 && items[e - 1].kind == ItemKind::Box && !has_fil)
                protrusion += items[e - 1].protrude_right;
            const double difference = measure + protrusion - natural;
            double ratio = 0;
            if (difference > 0)
                ratio = has_fil ? 0 : line_stretch > 0 ? difference / line_stretch : std::numeric_limits<double>::infinity();
            else if (difference < 0)
                ratio = line_shrink > 0 ? difference / line_shrink : -std::numeric_limits<double>::infinity();
            const bool overfull = ratio < overfull_ratio;
            if (!overfull && !forced) still_active.push_back(from);
            const double r = std::abs(ratio);
            const double badness = std::isinf(r) ? infinite_badness : std::min(100 * (r * r * r), infinite_badness);
            if (overfull || badness > threshold) continue;
            here.fewest = std::min(here.fewest, from.fewest + 1);
            here.most = std::max(here.most, from.most + 1);
        }
        active.swap(still_active);
        if (here.most >= 0) active.push_back(here);
        if (active.empty()) return {1, 0};
        if (b == int(n) - 1) return here.most >= 0 ? std::pair{here.fewest, here.most} : std::pair{1, 0};
    }
    return {1, 0};
}

}  // namespace

void Engine::paginate() {
    const double text_height = style_.page_height - style_.margin_top - style_.margin_bottom;
    const int capacity = std::max(1, int(std::floor((text_height - style_.body.size) / style_.leading + 1e-6)) + 1);
    // The lines in page order, as pointers: trying a paragraph a line longer or shorter moves
    // all the text after it by a line, hundreds of times in a book, and a VItem is large. The
    // lines set during pagination are kept in `set_lines`.
    std::vector<VItem*> sequence;
    sequence.reserve(vitems_.size() + 64);
    for (VItem& item : vitems_) sequence.push_back(&item);
    std::deque<VItem> set_lines;
    std::size_t count = sequence.size();
    result_.lines.reserve(std::size_t(
        std::count_if(vitems_.begin(), vitems_.end(), [](const VItem& item) { return item.has_record; })));

    // May the page end before item i (after item i - 1)?
    const auto legal_break = [&](std::size_t i) {
        if (i == 0 || i >= count) return true;
        const VItem& before = (*sequence[i - 1]);
        const VItem& after = (*sequence[i]);
        // A heading (or the title block, or an ornament) stays with the two lines that follow
        // it, across any space.
        int lines_after = 0;
        for (std::size_t previous = i; previous > 0 && lines_after < 2; --previous) {
            const VItem& item = (*sequence[previous - 1]);
            if (item.space) continue;
            if (item.keep_with_next) return false;
            ++lines_after;
        }
        if (!before.space && !after.space && before.paragraph == after.paragraph && before.paragraph >= 0) {
            const int line = after.line_in_paragraph;
            return line >= 2 && after.lines_in_paragraph - line >= 2;
        }
        return true;
    };

    const auto skip_space = [&](std::size_t i) {
        while (i < count && (*sequence[i]).space) ++i;  // no blank lines at a page top
        return i;
    };
    // Where a page that starts at `start` and may hold `limit` grid lines ends: the last legal
    // break that fits. `used` gets the lines it fills (trailing blank lines not counted).
    const auto cut_for = [&](std::size_t start, int limit, int& used) {
        std::size_t end = start;
        int units = 0;
        while (end < count && units + (*sequence[end]).units <= limit) units += (*sequence[end++]).units;
        if (end == start) end = start + 1;  // an item taller than a page: set it anyway
        std::size_t cut = end;
        if (end < count) {
            while (cut > start && !legal_break(cut)) --cut;
            if (cut == start) cut = end;  // nothing legal: better a broken rule than an endless loop
        }
        std::size_t last = cut;
        while (last > start && (*sequence[last - 1]).space) --last;
        used = 0;
        for (std::size_t i = start; i < last; ++i) used += (*sequence[i]).units;
        if (cut >= count) used = limit;  // the last page may be as short as it likes
        return cut;
    };

    // Paragraphs set anew for the page, a line longer or shorter (TeX's \looseness, within a
    // stricter tolerance): their lines replace the old ones in sequence, and the old ones are
    // kept so that a spread that does not work out can be undone.
    struct Resetting {
        std::size_t first;
        std::size_t lines;  // now in sequence
        int paragraph;
        std::vector<VItem*> old_lines;
    };
    std::vector<Resetting> resettings;
    const auto swap_lines = [&](std::size_t first, std::size_t old_count, std::vector<VItem*>& replacement) {
        // In place where the two overlap, so the rest of the text moves once, by one line.
        const std::size_t common = std::min(old_count, replacement.size());
        std::vector<VItem*> old(sequence.begin() + std::ptrdiff_t(first),
                                sequence.begin() + std::ptrdiff_t(first + old_count));
        std::copy(replacement.begin(), replacement.begin() + std::ptrdiff_t(common),
                  sequence.begin() + std::ptrdiff_t(first));
        const auto at = sequence.begin() + std::ptrdiff_t(first + common);
        if (old_count > common)
            sequence.erase(at, at + std::ptrdiff_t(old_count - common));
        else
            sequence.insert(at, replacement.begin() + std::ptrdiff_t(common), replacement.end());
        count = sequence.size();
        replacement = std::move(old);
    };
    // Lines set anew, into `set_lines`.
    const auto set_again = [&](ParagraphSpec& spec, int lines, int paragraph, std::vector<VItem*>& out,
                               const BreakResult* found = nullptr) {
        std::vector<VItem> made;
        const bool done = set_paragraph(spec, lines, paragraph, &made, nullptr, found);
        for (VItem& item : made) {
            set_lines.push_back(std::move(item));
            out.push_back(&set_lines.back());
        }
        return done;
    };
    // Settings tried and not (or no longer) in use, by (paragraph, lines): their score, the
    // loosest or tightest line's |ratio| (1e300: not possible within the tolerance), and their
    // lines once set. Most tries fail, and most that work are never used: a try breaks the
    // paragraph's lines on its break input (shaped once for both tries), and the lines are set
    // only when the setting is put on a page.
    struct Setting {
        double score = 0;
        bool set = false;
        std::vector<VItem*> lines;
        BreakResult found;  // when tried on its paragraph's break input
    };
    std::map<std::pair<int, int>, Setting> settings;
    struct Input {
        bool made = false;
        BreakInput input;
        BreakBounds bounds;
        std::optional<std::pair<int, int>> counts;  // line_count_range, once needed
    };
    std::map<int, Input> inputs;  // by paragraph, while its settings may be tried
    const auto setting = [&](int paragraph, int lines) -> Setting& {
        auto [slot, added] = settings.try_emplace({paragraph, lines});
        Setting& tried = slot->second;
        if (!added || lines < 1) {
            if (added) tried.score = 1e300;
            return tried;
        }
        tried.score = 1e300;
        ParagraphSpec& spec = resettable_.at(paragraph);
        if (spec.center || !spec.record) {  // balanced or unrecorded lines: set them to know
            tried.set = true;
            if (set_again(spec, lines, paragraph, tried.lines)) {
                double score = 0;
                for (const VItem* item : tried.lines)
                    if (!item->record.last_of_paragraph) score = std::max(score, std::abs(item->record.adjustment_ratio));
                tried.score = score;
            }
            return tried;
        }
        auto [input_slot, new_input] = inputs.try_emplace(paragraph);
        Input& input = input_slot->second;
        if (new_input) {
            input.made = set_paragraph(spec, lines, paragraph, nullptr, &input.input);
            if (input.made) input.bounds = bounds_of(input.input.items);
        }
        if (!input.made) return tried;
        if (!could_break_into(input.bounds, input.input.measure, input.input.parameters, lines)) return tried;
        if (!input.counts)
            input.counts = line_count_range(input.input.items, input.input.measure, input.input.parameters);
        if (lines < input.counts->first || lines > input.counts->second) return tried;
        BreakResult broken = break_lines_to(input.input.items, input.input.measure, input.input.parameters, lines);
        if (broken.lines.empty()) return tried;
        // As set_paragraph records the lines' ratios.
        const int last_item = int(input.input.items.size()) - 1;
        double score = 0;
        for (std::size_t l = 0; l + 1 < broken.lines.size(); ++l) {
            const LineFit& line = broken.lines[l];
            score = std::max(score, std::abs(line.end == last_item ? std::min(line.ratio, 0.0) : line.ratio));
        }
        tried.score = score;
        tried.found = std::move(broken);
        return tried;
    };
    const auto lines_of = [&](int paragraph, int lines) -> std::vector<VItem*>& {
        Setting& tried = setting(paragraph, lines);
        if (!tried.set) {
            tried.set = true;
            if (tried.score < 1e300)
                set_again(resettable_.at(paragraph), lines, paragraph, tried.lines,
                          tried.found.lines.empty() ? nullptr : &tried.found);
            tried.found = BreakResult{};
        }
        return tried.lines;
    };
    const auto undo_to = [&](std::size_t mark) {
        while (resettings.size() > mark) {
            Resetting& last = resettings.back();
            swap_lines(last.first, last.lines, last.old_lines);  // old_lines now holds the new ones
            Setting& undone = settings[{last.paragraph, int(last.lines)}];
            undone.set = true;
            undone.lines = std::move(last.old_lines);
            resettings.pop_back();
        }
    };

    // The ways to make the page that starts at `start` end exactly `target` grid lines down (or
    // be the last page), best first: as it falls, else by setting one of its paragraphs (of the
    // last eight that start on it) a line longer or shorter, the least loose or tight first.
    // Each is offered to `accept` (with the page's end) until it takes one; that one stays.
    // When none is taken, nothing has changed.
    const auto each_fit = [&](std::size_t start, int target, const std::function<bool(std::size_t)>& accept) {
        int used = 0;
        const std::size_t cut = cut_for(start, target, used);
        if (used == target && accept(cut)) return true;
        struct Candidate {
            double score;
            std::size_t first;
            int lines, new_lines;
        };
        std::vector<Candidate> candidates;
        int considered = 0;
        for (std::size_t i = cut; i-- > start && considered < 8;) {
            const VItem& item = (*sequence[i]);
            if (item.space || item.paragraph < 0 || item.line_in_paragraph != 0 || !resettable_.count(item.paragraph))
                continue;
            bool reset = false;
            for (const Resetting& resetting : resettings) reset = reset || resetting.paragraph == item.paragraph;
            if (reset) continue;  // once is enough
            ++considered;
            for (const int delta : {1, -1}) {
                const double score = setting(item.paragraph, item.lines_in_paragraph + delta).score;
                if (score < 1e300)
                    candidates.push_back({score, i, item.lines_in_paragraph, item.lines_in_paragraph + delta});
            }
        }
        std::stable_sort(candidates.begin(), candidates.end(),
                         [](const Candidate& a, const Candidate& b) { return a.score < b.score; });
        for (const Candidate& candidate : candidates) {
            const int paragraph = (*sequence[candidate.first]).paragraph;
            std::vector<VItem*>& lines = lines_of(paragraph, candidate.new_lines);
            swap_lines(candidate.first, std::size_t(candidate.lines), lines);  // `lines` holds the old ones
            int new_used = 0;
            const std::size_t new_cut = cut_for(start, target, new_used);
            if (new_used != target) {
                swap_lines(candidate.first, std::size_t(candidate.new_lines), lines);  // and back
                continue;
            }
            resettings.push_back({candidate.first, std::size_t(candidate.new_lines), paragraph, std::move(lines)});
            settings.erase({paragraph, candidate.new_lines});
            if (accept(new_cut)) return true;
            undo_to(resettings.size() - 1);
        }
        return false;
    };
    // `then` is told where the page after the ones being planned would start, and says
    // whether that will do.
    using Then = std::function<bool(std::size_t)>;
    const Then anything = [](std::size_t) { return true; };
    const auto fit_page = [&](std::size_t start, int target, std::size_t& cut, const Then& then) {
        return each_fit(start, target, [&](std::size_t end) {
            cut = end;
            return then(skip_space(end));
        });
    };

    // The two pages of a spread end on the same grid line: both full, else both a line short.
    // Returns false (and changes nothing) when that cannot be done (with `then` content).
    std::function<bool(std::size_t, std::size_t&, std::size_t&, const Then&)> plan_spread =
        [&](std::size_t verso_start, std::size_t& verso_cut, std::size_t& recto_cut, const Then& then) {
            for (const int target : {capacity, capacity - 1}) {
                const bool done = each_fit(verso_start, target, [&](std::size_t verso_end) {
                    verso_cut = verso_end;
                    recto_cut = count;
                    return verso_end >= count || fit_page(skip_space(verso_end), target, recto_cut, then);
                });
                if (done) return true;
            }
            return false;
        };
    // Breaks are chosen a spread ahead: of the ways to set this spread (or the first page),
    // one after which the next spread can be balanced too — a different break earlier.
    const Then next_balances = [&](std::size_t next) {
        if (next >= count) return true;
        const std::size_t mark = resettings.size();
        std::size_t verso_cut = 0, recto_cut = 0;
        const bool balanced = plan_spread(next, verso_cut, recto_cut, anything);
        undo_to(mark);
        return balanced;
    };

    std::size_t start = skip_space(0);
    std::size_t planned_cut = 0;  // a recto's end, decided together with its verso
    bool planned = false;
    while (start < count) {
        const bool verso_page = result_.display.pages.size() % 2 == 1;
        std::size_t cut = 0;
        if (planned) {
            cut = planned_cut;
            planned = false;
        } else if (style_.two_sided && verso_page &&
                   (plan_spread(start, cut, planned_cut, next_balances) ||
                    plan_spread(start, cut, planned_cut, anything))) {
            planned = cut < count;
        } else {
            // The first page, a one-sided page, or a spread that cannot be balanced: full if it
            // can be (and, for a recto, so that the next spread balances), else a line short.
            const Then& then = style_.two_sided && !verso_page ? next_balances : anything;
            if (!fit_page(start, capacity, cut, then) && !fit_page(start, capacity, cut, anything) &&
                !fit_page(start, capacity - 1, cut, anything)) {
                int used = 0;
                cut = cut_for(start, capacity, used);
            }
        }
        // Decided: these pages are placed now, and the paragraphs before the next never set again.
        // The lines they replaced, and the settings no longer wanted, give back their glyphs
        // (they are in no page's way: `sequence` does not hold them).
        const auto release = [](std::vector<VItem*>& lines) {
            for (VItem* line : lines) *line = VItem{};
        };
        for (Resetting& resetting : resettings) release(resetting.old_lines);
        resettings.clear();
        std::size_t next = skip_space(cut);
        while (next < count && (*sequence[next]).paragraph < 0) ++next;
        const auto kept = next < count ? settings.lower_bound({(*sequence[next]).paragraph, 0}) : settings.end();
        for (auto dropped = settings.begin(); dropped != kept; ++dropped) release(dropped->second.lines);
        settings.erase(settings.begin(), kept);
        if (next < count)
            inputs.erase(inputs.begin(), inputs.lower_bound((*sequence[next]).paragraph));
        else
            inputs.clear();
        // Place items [start, cut) on a new page.
        Page page;
        page.width = style_.page_width;
        page.height = style_.page_height;
        const int page_index = int(result_.display.pages.size());
        const bool recto = page_index % 2 == 0;  // page 1 (index 0) is a recto
        const double left_margin = (!style_.two_sided || recto) ? style_.margin_inner : style_.margin_outer;
        // Exactly the runs of these items and the furniture's two: a book has tens of thousands,
        // and they outlive the layout through the whole PDF writing.
        std::size_t run_count = 2;
        for (std::size_t i = start; i < cut; ++i) run_count += (*sequence[i]).runs.size();
        page.runs.reserve(run_count);
        int slot = 0;
        for (std::size_t i = start; i < cut; ++i) {
            VItem& item = (*sequence[i]);
            const double baseline_from_top =
                style_.margin_top + style_.body.size + slot * style_.leading + item.baseline_offset;
            const double y = style_.page_height - baseline_from_top;
            slot += item.units;
            if (item.space) continue;
            for (GlyphRun& run : item.runs) {
                run.x += left_margin;
                run.y += y;
                page.runs.push_back(std::move(run));
            }
            for (LinkArea& link : item.links) {
                link.x += left_margin;
                link.y += y;
                page.links.push_back(std::move(link));
            }
            if (item.outline >= 0) {
                OutlineEntry& entry = result_.display.outline[std::size_t(item.outline)];
                entry.page = page_index;
                entry.y = y + style_.leading;
            }
            if (item.has_record) {
                item.record.page = page_index;
                item.record.baseline = y;
                result_.lines.push_back(item.record);
            }
        }
        result_.display.pages.push_back(std::move(page));
        add_furniture(page_index);
        start = skip_space(cut);
    }
}

void Engine::add_furniture(int page_index) {
    if (page_index == 0) return;  // none on the first page
    Page& page = result_.display.pages[std::size_t(page_index)];
    page.label = std::to_string(page_index + 1);
    const bool recto = page_index % 2 == 0;
    const double left_margin = (!style_.two_sided || recto) ? style_.margin_inner : style_.margin_outer;
    const auto centered_line = [&](const std::string& text, const FontSpec& font, double baseline_from_top) {
        const int style = fonts_.style_for(font);
        const ShapedText& shaped = fonts_.shape(style, text);
        GlyphRun run;
        run.size = font.size;
        run.x = left_margin + (text_block_width_ - shaped.width * font.size) / 2;
        run.y = style_.page_height - baseline_from_top;
        run.color = style_.text_color;
        run.structure = -1;  // an artifact: not part of the text
        double pen = 0;
        for (const ShapedGlyph& glyph : shaped.glyphs) {
            run.font = display_font(glyph.face);
            run.add_glyph(glyph.glyph_id, pen + glyph.x_offset * font.size, glyph.y_offset * font.size,
                          glyph.advance * font.size,
                          glyph.cluster_start ? std::string_view(text).substr(glyph.cluster, glyph.cluster_end - glyph.cluster)
                                              : std::string_view());
            pen += glyph.advance * font.size;
        }
        run.ends_line = true;
        if (!run.glyphs.empty()) page.runs.push_back(std::move(run));
    };
    const Metadata& metadata = document_.metadata;
    if (style_.running_heads) {
        std::string head;
        if (recto || !style_.two_sided) {
            head = metadata.title;
        } else if (!metadata.authors.empty()) {
            head = author_list(metadata);
        } else {
            head = !metadata.publisher.empty() ? metadata.publisher : metadata.source_name;
        }
        if (head.empty()) head = metadata.title;
        if (!head.empty()) centered_line(head, style_.running_head, style_.margin_top - 1.5 * style_.leading);
    }
    if (style_.folios)
        centered_line(page.label, style_.folio, style_.page_height - style_.margin_bottom + 2 * style_.leading);
}

LayoutResult Engine::run() {
    DisplayList& display = result_.display;
    const Metadata& metadata = document_.metadata;
    display.info.title = metadata.title;
    display.info.subtitle = metadata.subtitle;
    for (std::size_t i = 0; i < metadata.authors.size(); ++i)
        display.info.author += (i > 0 ? ", " : "") + metadata.authors[i];
    display.info.subject = metadata.description;
    for (std::size_t i = 0; i < metadata.keywords.size(); ++i)
        display.info.keywords += (i > 0 ? ", " : "") + metadata.keywords[i];
    display.info.language = language_;
    display.info.creator = "galley";
    display.info.producer = std::string("galley ") + GALLEY_VERSION;
    display.info.date = metadata.date;

    root_ = add_structure("Document", -1, language_);
    if (use_lookahead_) lookahead_ = std::make_unique<Lookahead>(document_, style_, language_);
    display_font(fonts_.primary_face(body_style_));  // the body face is always font 0
    layout_title_block();
    bool indent_next = false;
    layout_blocks(document_.blocks, 0, 0, root_, indent_next, language_);
    if (!document_.footnotes.empty()) {
        Block notes;
        notes.kind = BlockKind::Heading;
        notes.level = 1;
        notes.inlines = {Inline::make_text("Notes")};
        Blocks blocks{notes};
        for (std::size_t i = 0; i < document_.footnotes.size(); ++i) {
            const Footnote& note = document_.footnotes[i];
            Blocks note_blocks = note.blocks;
            if (!note_blocks.empty() && !note_blocks.front().inlines.empty())
                note_blocks.front().inlines.insert(note_blocks.front().inlines.begin(),
                                                   Inline::make_text(std::to_string(i + 1) + ". "));
            for (auto& block : note_blocks) blocks.push_back(block);
        }
        layout_blocks(blocks, 0, 0, root_, indent_next, language_);
    }
    lookahead_.reset();
    layout_colophon();
    paginate();
    if (display.pages.empty()) {
        Page page;
        page.width = style_.page_width;
        page.height = style_.page_height;
        display.pages.push_back(page);
    }
    display.pages.front().label = "1";
    save_shape_store(fonts_.store());
    return std::move(result_);
}

}  // namespace

LayoutResult layout_document(const Document& document, const Style& style, bool lookahead) {
    // The engine is taken apart here, before the PDF writer allocates: on the background
    // thread (~13 M instructions fewer on this one for the book) its memory was still held
    // when the writer's peaked, and a book's first run went from 62 to 67 MB.
    Engine engine(document, style, lookahead);
    return engine.run();
}

}  // namespace galley::layout
