#include "pdf/page_content.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "text/utf8.hpp"

namespace galley::pdf {
namespace {

std::string format_number_slowly(double value, int decimals);

bool is_space_code(char32_t code) {
    return code == U' ' || code == U'\t' || code == U'\n' || code == U'\u00A0' || code == U'\u202F' ||
           code == U'\u3000' || (code >= U'\u2000' && code <= U'\u200A');
}

// A glyph whose text holds a space separates words, for extraction purposes (a zero-width
// space is a break opportunity, not a space). Decodes in place (ASCII without a call): this
// runs for every glyph of a book, several times.
inline bool is_word_separator(std::string_view utf8) {
    if (utf8.size() == 1 && static_cast<unsigned char>(utf8[0]) < 0x80) return is_space_code(char32_t(utf8[0]));  // most glyphs
    for (std::size_t i = 0; i < utf8.size();) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        const char32_t code = lead < 0x80 ? (++i, char32_t(lead)) : next_code_point(utf8, i);
        if (is_space_code(code)) return true;
    }
    return false;
}

constexpr double powers_of_ten[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

// What format_number(value, decimals) writes, appended to `out` without a temporary string.
// Rounds as format_number always did (std::round of value × 10^decimals); a number that fits
// a long long exactly is printed from that integer, which is the same text as std::to_chars
// of the rounded double (the double lies well within half a unit of the last decimal).
void append_number(std::string& out, double value, int decimals) {
    if (decimals >= 0 && decimals <= 9) {
        const double scaled = std::round(value * powers_of_ten[decimals]);
        if (std::abs(scaled) < 1e14) {
            long long units = static_cast<long long>(scaled);
            if (units == 0) {
                out += '0';
                return;
            }
            char buffer[32];
            char* end = buffer + sizeof buffer;
            char* begin = end;
            const bool negative = units < 0;
            unsigned long long magnitude = negative ? static_cast<unsigned long long>(-units)
                                                    : static_cast<unsigned long long>(units);
            // The fraction, without trailing zeros.
            bool any_fraction = false;
            for (int place = 0; place < decimals; ++place) {
                const auto digit = static_cast<char>('0' + magnitude % 10);
                magnitude /= 10;
                if (digit != '0' || any_fraction) {
                    *--begin = digit;
                    any_fraction = true;
                }
            }
            if (any_fraction) *--begin = '.';
            do {
                *--begin = static_cast<char>('0' + magnitude % 10);
                magnitude /= 10;
            } while (magnitude != 0);
            if (negative) *--begin = '-';
            out.append(begin, end);
            return;
        }
    }
    out += format_number_slowly(value, decimals);
}

// The value format_number(value, decimals) writes, read back (what std::stod of it gives).
double rounded_number(double value, int decimals) {
    if (decimals >= 0 && decimals <= 9) {
        const double scaled = std::round(value * powers_of_ten[decimals]);
        if (std::abs(scaled) < 1e14) return scaled == 0 ? 0.0 : scaled / powers_of_ten[decimals];
    }
    return std::stod(format_number_slowly(value, decimals));
}

// Glyph i of a run starts a word: the glyph before it is a space, or a word gap lies between.
bool gap_before(const layout::GlyphRun& run, std::size_t i) {
    if (i == 0 || i >= run.glyphs.size()) return false;
    const layout::PositionedGlyph& before = run.glyphs[i - 1];
    return run.glyphs[i].x - (before.x + before.advance) > word_gap_em * run.size;
}

bool word_boundary_before(const layout::GlyphRun& run, std::size_t i) {
    return i > 0 && (is_word_separator(run.text_of(i - 1)) || gap_before(run, i));
}

// Where a run's last glyph ends, in page space.
double run_end(const layout::GlyphRun& run) {
    const layout::PositionedGlyph& last = run.glyphs.back();
    return run.x + last.x + last.advance;
}

struct RunRef {
    std::size_t page, run;
};

// Runs in display-list order, the order the layout engine put the text in.
std::vector<RunRef> all_runs(const layout::DisplayList& list) {
    std::vector<RunRef> refs;
    for (std::size_t page = 0; page < list.pages.size(); ++page)
        for (std::size_t run = 0; run < list.pages[page].runs.size(); ++run) refs.push_back({page, run});
    return refs;
}

std::string text_of(const layout::GlyphRun& run, std::size_t begin, std::size_t end) {
    std::string text;
    for (std::size_t i = begin; i < end; ++i) text += run.text_of(i);
    return text;
}

bool covered(const RunPlan& plan, std::size_t glyph) {
    return std::any_of(plan.spans.begin(), plan.spans.end(),
                       [&](const TextSpan& span) { return glyph >= span.begin && glyph < span.end; });
}

std::string pdf_name(const std::string& name) {
    std::string clean;
    for (char c : name)
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) clean += c;
    return clean.empty() ? std::string("Span") : clean;
}

void append_color_operator(std::string& out, const Color& color) {
    append_number(out, color.red / 255.0, 3);
    out += ' ';
    append_number(out, color.green / 255.0, 3);
    out += ' ';
    append_number(out, color.blue / 255.0, 3);
    out += " rg\n";
}

void append_integer(std::string& out, long long value) {
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

// The letter-spacing of a run, in points: the median of what each glyph's successor is placed
// beyond the glyph's nominal width, leaving out word gaps, spaces and marks. Zero for runs too
// short to tell.
// (`extras` is scratch space, kept by the caller from run to run.)
double estimate_tracking(const layout::GlyphRun& run, const FontProgram& program, std::vector<double>& extras) {
    extras.clear();
    // (Each glyph's text is looked at once: as the next glyph, then as this one.)
    bool separator = !run.glyphs.empty() && is_word_separator(run.text_of(0));
    for (std::size_t i = 0; i + 1 < run.glyphs.size(); ++i) {
        const layout::PositionedGlyph& glyph = run.glyphs[i];
        const layout::PositionedGlyph& next = run.glyphs[i + 1];
        const bool this_separator = separator;
        separator = is_word_separator(run.text_of(i + 1));
        if (glyph.advance <= 0 || next.advance <= 0 || gap_before(run, i + 1) || this_separator || separator)
            continue;
        const double width = program.widths[program.cid(glyph.glyph_id)] * run.size / 1000.0;
        extras.push_back(next.x - glyph.x - width);
    }
    if (extras.size() < 3) return 0;
    std::nth_element(extras.begin(), extras.begin() + static_cast<long>(extras.size() / 2), extras.end());
    const double median = extras[extras.size() / 2];
    return std::abs(median) < 0.001 ? 0 : median;
}

// Paints one page. All text goes into one BT/ET text object, and marked content nests inside
// it. poppler's tagged-text extraction (MarkedContentOutputDev) pops its MCID stack on every
// EMC, so an /ActualText span nested inside an MCID sequence would end the MCID early: every
// ActualText span of tagged content is a marked-content sequence of its own, with its own
// MCID. Inside artifacts (no MCID) nesting is harmless and used.
class PagePainter {
public:
    PagePainter(const std::vector<FontUse>& fonts, const std::vector<layout::StructureElement>& structure,
                PageContent& content)
        : fonts_(fonts), structure_(structure), content_(content), stream_(content.stream) {}

    void run(const layout::GlyphRun& run, const RunPlan& plan) {
        const FontUse& font = fonts_[static_cast<std::size_t>(run.font)];
        const FontProgram& program = *font.program;
        begin_text();
        set_color(run.color);
        if (font.resource_name != font_name_ || run.size != font_size_) {
            stream_ += '/';
            stream_ += font.resource_name;
            stream_ += ' ';
            append_number(stream_, run.size, 3);
            stream_ += " Tf\n";
            font_name_ = font.resource_name;
            font_size_ = run.size;
        }
        stream_ += "1 0 0 1 ";
        append_number(stream_, run.x, 3);
        stream_ += ' ';
        append_number(stream_, run.y, 3);
        stream_ += " Tm\n";
        // Letter-spacing (tracking) as Tc, so that only kerning and word gaps need TJ numbers.
        const double tracking = rounded_number(estimate_tracking(run, program, extras_), 3);
        if (tracking != char_spacing_) {
            append_number(stream_, tracking, 3);
            stream_ += " Tc\n";
            char_spacing_ = tracking;
        }
        // The pen as the viewer computes it (W widths and our rounded TJ numbers), relative to
        // the run origin; each glyph's correction is measured against it, so rounding never adds up.
        double pen = 0;
        const double unit = run.size / 1000.0;
        auto span = plan.spans.begin();
        auto space = plan.spaces_before.begin();
        for (std::size_t i = 0; i < run.glyphs.size(); ++i) {
            const layout::PositionedGlyph& glyph = run.glyphs[i];
            if (space != plan.spaces_before.end() && *space == i) {
                ++space;
                if (program.space_cid >= 0 && (span == plan.spans.end() || i <= span->begin)) {
                    enter(run.structure, nullptr);
                    show(static_cast<unsigned>(program.space_cid));
                    pen += program.widths[static_cast<std::size_t>(program.space_cid)] * unit + char_spacing_;
                }
            }
            // A hyphen inserted by line breaking is an artifact whatever the run says
            // (PDF 32000 14.8.2.2.3), so tagged text reads "Gutenberg", not "Guten-berg".
            const int element = run.inserted_hyphen && i + 1 == run.glyphs.size() ? -1 : run.structure;
            if (span != plan.spans.end() && span->begin == i)
                enter(element, &span->actual_text);
            else if (span == plan.spans.end() || i < span->begin)
                enter(element, nullptr);
            if (std::abs(glyph.y - rise_) > 0.0005) {
                flush();
                rise_ = glyph.y;
                append_number(stream_, rise_, 3);
                stream_ += " Ts\n";
            }
            const long correction = std::lround((pen - glyph.x) / unit);
            if (correction != 0) {
                adjust(correction);
                pen -= static_cast<double>(correction) * unit;
            }
            const unsigned cid = program.cid(glyph.glyph_id);
            show(cid);
            pen += program.widths[cid] * unit + char_spacing_;
            if (span != plan.spans.end() && span->end == i + 1) {
                close();  // the span's sequence ends with its glyphs
                ++span;
            }
        }
        if (plan.append_space && program.space_cid >= 0) {
            enter(run.structure, nullptr);
            show(static_cast<unsigned>(program.space_cid));
        }
        flush();
    }

    void rule(const layout::Rule& rule) {
        end_text();
        enter(rule.structure, nullptr);
        set_color(rule.color);
        for (double value : {rule.x, rule.y, rule.width, rule.thickness}) {
            append_number(stream_, value, 3);
            stream_ += ' ';
        }
        stream_ += "re f\n";
    }

    void finish() {
        close();
        end_text();
    }

private:
    // Opens the marked-content sequence for `element` (-1: artifact); consecutive glyphs of one
    // element share a sequence unless an ActualText span starts.
    void enter(int element, const std::string* actual_text) {
        if (open_ && !actual_text && !open_actual_text_ && element == open_element_) return;
        close();
        // poppler honours /ActualText only on a /Span tag, so spans are tagged /Span; the
        // structure tree, not the tag, says what the content is.
        const std::string actual = actual_text ? "/ActualText " + pdf_text_string(*actual_text) : "";
        if (element < 0) {
            stream_ += "/Artifact BMC\n";
            if (actual_text) stream_ += "/Span <<" + actual + ">> BDC\n";
            open_depth_ = actual_text ? 2 : 1;
        } else {
            const int mcid = static_cast<int>(content_.structure_of_mcid.size());
            content_.structure_of_mcid.push_back(element);
            const std::string tag = actual_text ? "Span" : pdf_name(structure_[static_cast<std::size_t>(element)].role);
            stream_ += "/" + tag + " <</MCID " + std::to_string(mcid) + (actual_text ? " " + actual : "") + ">> BDC\n";
            open_depth_ = 1;
        }
        open_ = true;
        open_element_ = element;
        open_actual_text_ = actual_text != nullptr;
    }
    void close() {
        flush();
        if (open_)
            for (int level = 0; level < open_depth_; ++level) stream_ += "EMC\n";
        open_ = false;
    }
    void begin_text() {
        if (in_text_) return;
        close();
        stream_ += "BT\n";
        in_text_ = true;
        font_name_.clear();
    }
    void end_text() {
        if (!in_text_) return;
        close();
        // Text rise and character spacing are graphics state: they outlive ET.
        if (rise_ != 0) stream_ += "0 Ts\n";
        if (char_spacing_ != 0) stream_ += "0 Tc\n";
        rise_ = 0;
        char_spacing_ = 0;
        stream_ += "ET\n";
        in_text_ = false;
    }
    void set_color(const Color& color) {
        if (have_color_ && color == color_) return;
        append_color_operator(stream_, color);
        color_ = color;
        have_color_ = true;
    }
    // The TJ array being built.
    void adjust(long amount) {
        close_string();
        if (!array_.empty()) array_ += ' ';
        append_integer(array_, amount);
    }
    // A two-byte code in a literal string: its bytes as they are, but for the three that
    // delimit or escape (a parenthesis, a backslash) and the two that an end-of-line marker
    // inside a literal string would be read as (CR and LF, which PDF readers turn into LF):
    // those are escaped. Half the bytes of a hex string to build, hash and compress. The bytes
    // gather in codes_ and go into the array a string at a time (this runs for every glyph of
    // a book: an append each cost more than the rest of the glyph's painting).
    void show(unsigned cid) {
        if (!string_open_) {
            if (!array_.empty()) array_ += ' ';
            array_ += '(';
            string_open_ = true;
        }
        if (codes_size_ + 4 > sizeof codes_) spill_codes();
        put_code_byte(static_cast<char>((cid >> 8) & 0xFF));
        put_code_byte(static_cast<char>(cid & 0xFF));
    }
    void put_code_byte(char byte) {
        switch (byte) {
        case '(':
        case ')':
        case '\\':
            codes_[codes_size_++] = '\\';
            codes_[codes_size_++] = byte;
            break;
        case '\r':
            codes_[codes_size_++] = '\\';
            codes_[codes_size_++] = 'r';
            break;
        case '\n':
            codes_[codes_size_++] = '\\';
            codes_[codes_size_++] = 'n';
            break;
        default:
            codes_[codes_size_++] = byte;
        }
    }
    void spill_codes() {
        array_.append(codes_, codes_size_);
        codes_size_ = 0;
    }
    void close_string() {
        if (string_open_) {
            spill_codes();
            array_ += ')';
        }
        string_open_ = false;
    }
    void flush() {
        close_string();
        if (!array_.empty()) {
            stream_ += '[';
            stream_ += array_;
            stream_ += "] TJ\n";
        }
        array_.clear();
    }

    const std::vector<FontUse>& fonts_;
    const std::vector<layout::StructureElement>& structure_;
    PageContent& content_;
    std::string& stream_;
    bool in_text_ = false;
    bool open_ = false;
    int open_element_ = -2;
    bool open_actual_text_ = false;
    int open_depth_ = 0;  // EMCs that close the open sequence
    std::string font_name_;
    double font_size_ = 0;
    double rise_ = 0;
    double char_spacing_ = 0;  // Tc, points
    bool have_color_ = false;
    Color color_;
    std::string array_;
    bool string_open_ = false;
    char codes_[256];  // the open string's bytes not yet in array_
    std::size_t codes_size_ = 0;
    std::vector<double> extras_;  // estimate_tracking's
};

}  // namespace

std::string format_number(double value, int decimals) {
    std::string text;
    append_number(text, value, decimals);
    return text;
}

namespace {

std::string format_number_slowly(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    double rounded = std::round(value * scale) / scale;
    if (rounded == 0) rounded = 0;  // no "-0"
    // Fixed notation of the largest double has 309 digits before the point (a 64-byte buffer
    // made to_chars fail, and the text garbage, for numbers beyond about 1e60).
    std::vector<char> buffer(400 + static_cast<std::size_t>(std::max(decimals, 0)));
    auto result =
        std::to_chars(buffer.data(), buffer.data() + buffer.size(), rounded, std::chars_format::fixed, decimals);
    if (result.ec != std::errc()) return "0";  // NaN and infinities have no PDF number either
    std::string text(buffer.data(), result.ptr);
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0') text.pop_back();
        if (text.back() == '.') text.pop_back();
    }
    return text;
}

}  // namespace

std::string pdf_text_string(const std::string& utf8) {
    if (utf8.empty()) return "()";
    return "<FEFF" + utf16be_hex(utf8_to_utf32(utf8)) + ">";
}

PrimaryTexts collect_primary_texts(const layout::DisplayList& list) {
    PrimaryTexts primary(list.fonts.size());
    // Glyphs that already have their text, by id: most of a book's glyphs are repeats, and a
    // map lookup for each was the cost of this pass.
    std::vector<std::vector<char>> known(list.fonts.size());
    for (const layout::Page& page : list.pages)
        for (const layout::GlyphRun& run : page.runs) {
            if (run.font < 0 || static_cast<std::size_t>(run.font) >= list.fonts.size()) continue;
            const auto font = static_cast<std::size_t>(run.font);
            std::vector<char>& font_known = known[font];
            for (std::size_t i = 0; i < run.glyphs.size(); ++i) {
                const layout::PositionedGlyph& glyph = run.glyphs[i];
                // An inserted hyphen is not text; keep it from deciding what the glyph means.
                if (run.inserted_hyphen && i + 1 == run.glyphs.size()) continue;
                if (glyph.text_length == 0) continue;
                if (glyph.glyph_id < font_known.size() && font_known[glyph.glyph_id] != 0) continue;
                if (glyph.glyph_id >= font_known.size()) font_known.resize(glyph.glyph_id + std::size_t{1}, 0);
                font_known[glyph.glyph_id] = 1;
                primary[font].try_emplace(glyph.glyph_id, run.text_of(i));
            }
        }
    // A glyph seen only as an inserted hyphen maps to U+00AD SOFT HYPHEN, as PDF 32000
    // 14.8.2.2.3 advises, for extractors that ignore /ActualText (which says "" for it anyway).
    for (const layout::Page& page : list.pages)
        for (const layout::GlyphRun& run : page.runs)
            if (run.inserted_hyphen && !run.glyphs.empty() && run.font >= 0 &&
                static_cast<std::size_t>(run.font) < list.fonts.size())
                primary[static_cast<std::size_t>(run.font)].emplace(run.glyphs.back().glyph_id, "\u00AD");
    return primary;
}

TextPlanner::TextPlanner(const layout::DisplayList& list, const PrimaryTexts& primary)
    : list_(list), primary_(primary), plans_(list.pages.size()) {
    std::vector<std::vector<RunPlan>>& plans = plans_;
    for (std::size_t page = 0; page < list.pages.size(); ++page) {
        plans[page].resize(list.pages[page].runs.size());
        for (std::size_t run = 0; run < list.pages[page].runs.size(); ++run) {
            const layout::GlyphRun& glyph_run = list.pages[page].runs[run];
            plans[page][run].append_space = glyph_run.ends_line && !glyph_run.inserted_hyphen;
        }
    }
    auto run_at = [&](const RunRef& ref) -> const layout::GlyphRun& { return list.pages[ref.page].runs[ref.run]; };
    auto plan_at = [&](const RunRef& ref) -> RunPlan& { return plans[ref.page][ref.run]; };

    // Words broken by an inserted hyphen.
    const std::vector<RunRef> runs = all_runs(list);
    for (std::size_t index = 0; index < runs.size(); ++index) {
        const layout::GlyphRun& hyphen_run = run_at(runs[index]);
        if (!hyphen_run.inserted_hyphen || hyphen_run.glyphs.empty()) continue;
        const std::size_t hyphen = hyphen_run.glyphs.size() - 1;

        // The word's start: back from the hyphen to the last word separator, in this run or, for
        // a run holding only the hyphen, in the run before it.
        RunRef prefix_run = runs[index];
        std::size_t prefix_end = hyphen;
        if (hyphen == 0 && index > 0 && runs[index - 1].page == runs[index].page) {
            prefix_run = runs[index - 1];
            prefix_end = run_at(prefix_run).glyphs.size();
        }
        std::size_t prefix_begin = prefix_end;
        while (prefix_begin > 0 && !word_boundary_before(run_at(prefix_run), prefix_begin)) --prefix_begin;
        if (covered(plan_at(prefix_run), prefix_begin) ||
            (prefix_end > 0 && covered(plan_at(prefix_run), prefix_end - 1)))
            prefix_begin = prefix_end;  // already claimed by another break (a one-word line)

        const bool skip_artifacts = run_at(prefix_run).structure >= 0;
        // The word's end: the first glyphs of the next line, skipping artifacts (running heads
        // and folios between pages), up to the first separator. A word broken twice runs on
        // through the next inserted hyphen; glyphs an earlier break claimed are left alone.
        std::string continuation;
        std::vector<std::pair<RunRef, std::size_t>> continuation_parts;
        const layout::GlyphRun* previous = nullptr;  // the last run the word ran through
        for (std::size_t next = index + 1; next < runs.size(); ++next) {
            const layout::GlyphRun& next_run = run_at(runs[next]);
            if (next_run.glyphs.empty()) continue;
            if (skip_artifacts && next_run.structure < 0 && !next_run.inserted_hyphen) continue;
            if (covered(plan_at(runs[next]), 0)) break;
            // A run on the same line after a word gap starts another word.
            if (previous && previous->y == next_run.y && next_run.x - run_end(*previous) > word_gap_em * next_run.size)
                break;
            // An inserted hyphen's own glyph is never part of the word.
            const std::size_t limit = next_run.glyphs.size() - (next_run.inserted_hyphen ? 1 : 0);
            std::size_t end = 0;
            while (end < limit && !is_word_separator(next_run.text_of(end)) && !gap_before(next_run, end)) ++end;
            if (end > 0) {
                continuation += text_of(next_run, 0, end);
                continuation_parts.emplace_back(runs[next], end);
            }
            if (end < limit || (next_run.ends_line && !next_run.inserted_hyphen)) break;
            previous = next_run.inserted_hyphen ? nullptr : &next_run;
        }

        if (prefix_begin < prefix_end) {
            auto& spans = plan_at(prefix_run).spans;
            spans.push_back({prefix_begin, prefix_end,
                             text_of(run_at(prefix_run), prefix_begin, prefix_end) + continuation});
            plan_at(runs[index]).spans.push_back({hyphen, hyphen + 1, ""});
        } else {
            plan_at(runs[index]).spans.push_back({hyphen, hyphen + 1, continuation});
        }
        for (const auto& [ref, end] : continuation_parts) plan_at(ref).spans.push_back({0, end, ""});
    }


    // The ToUnicode texts by glyph id in a table: a map lookup for every glyph of a book was
    // most of the cluster pass.
    texts_by_glyph_.resize(primary.size());
    for (std::size_t font = 0; font < primary.size(); ++font) {
        if (primary[font].empty()) continue;
        const std::uint32_t last = primary[font].rbegin()->first;
        if (last > 0xFFFF) continue;  // not a glyph id a run can hold; the map stays authoritative
        texts_by_glyph_[font].resize(last + std::size_t{1});
        for (const auto& [glyph, text] : primary[font]) texts_by_glyph_[font][glyph] = text;
    }
}

std::vector<RunPlan> TextPlanner::take_page(std::size_t page) {
    std::vector<RunPlan> plans = std::move(plans_[page]);
    const auto& page_runs = list_.pages[page].runs;
    // The page's runs by baseline, left to right (a run's index breaks ties): one sorted list
    // where a map of vectors per page cost thousands of allocations over a book.
    struct OnLine {
        long long baseline;
        double x;
        std::size_t run;
    };
    std::vector<OnLine> lines;
    lines.reserve(page_runs.size());
    for (std::size_t run = 0; run < page_runs.size(); ++run)
        if (!page_runs[run].glyphs.empty())
            lines.push_back({std::llround(page_runs[run].y * 100), page_runs[run].x, run});
    std::sort(lines.begin(), lines.end(), [](const OnLine& a, const OnLine& b) {
        if (a.baseline != b.baseline) return a.baseline < b.baseline;
        if (a.x != b.x) return a.x < b.x;
        return a.run < b.run;
    });

    // Real spaces where the layout left only a gap: inside runs, and between a run and the next
    // one on its baseline.
    for (std::size_t run = 0; run < page_runs.size(); ++run) {
        const layout::GlyphRun& glyph_run = page_runs[run];
        for (std::size_t i = 1; i < glyph_run.glyphs.size(); ++i)
            if (gap_before(glyph_run, i) && !is_word_separator(glyph_run.text_of(i - 1)) &&
                !is_word_separator(glyph_run.text_of(i)))
                plans[run].spaces_before.push_back(i);
    }
    for (std::size_t k = 0; k + 1 < lines.size(); ++k) {
        if (lines[k].baseline != lines[k + 1].baseline) continue;
        const layout::GlyphRun& left = page_runs[lines[k].run];
        const layout::GlyphRun& right = page_runs[lines[k + 1].run];
        if (right.x - run_end(left) > word_gap_em * left.size && !left.inserted_hyphen &&
            !is_word_separator(left.text_of(left.glyphs.size() - 1)) && !is_word_separator(right.text_of(0)))
            plans[lines[k].run].append_space = true;
    }

    // An explicit hyphen that ends a line: poppler's reading-order mode would take it for a
    // hyphenation and join "well-" + "known" into "wellknown"; U+2010 HYPHEN is not joined.
    // Such lines need not say ends_line (no space is wanted after them), so a run ends its line
    // when it is the rightmost on its baseline (the first such, should two start at one x).
    for (std::size_t k = 0; k < lines.size();) {
        std::size_t end = k + 1;
        while (end < lines.size() && lines[end].baseline == lines[k].baseline) ++end;
        std::size_t rightmost = end - 1;
        while (rightmost > k && lines[rightmost - 1].x == lines[end - 1].x) --rightmost;
        k = end;
        const std::size_t run_index = lines[rightmost].run;
        const layout::GlyphRun& run = page_runs[run_index];
        RunPlan& plan = plans[run_index];
        if (run.inserted_hyphen) continue;
        const std::size_t last = run.glyphs.size() - 1;
        if (run.text_of(last) == "-" && !covered(plan, last)) plan.spans.push_back({last, last + 1, "\u2010"});
    }

    // Clusters and glyphs whose ToUnicode entry says something else.
    for (std::size_t run_index = 0; run_index < page_runs.size(); ++run_index) {
        const layout::GlyphRun& run = page_runs[run_index];
        RunPlan& plan = plans[run_index];
        const auto& font_texts = primary_[static_cast<std::size_t>(run.font)];
        const auto& font_table = texts_by_glyph_[static_cast<std::size_t>(run.font)];
        auto mapped = [&](std::uint32_t glyph) {
            if (glyph < font_table.size()) return font_table[glyph];
            if (!font_table.empty() || font_texts.empty()) return std::string_view();
            auto found = font_texts.find(glyph);
            return found == font_texts.end() ? std::string_view() : std::string_view(found->second);
        };
        std::vector<TextSpan> extra;
        std::size_t i = 0;
        while (i < run.glyphs.size()) {
            if (covered(plan, i)) {
                ++i;
                continue;
            }
            std::size_t end = i + 1;
            while (end < run.glyphs.size() && run.text_of(end).empty() && !covered(plan, end)) ++end;
            // Whether the glyphs' ToUnicode texts, one after another, are the cluster's text
            // (compared piece by piece: this runs for every glyph of a book).
            const std::string_view cluster = run.text_of(i);
            std::size_t matched = 0;
            bool same = true;
            for (std::size_t k = i; k < end && same; ++k) {
                const std::string_view piece = mapped(run.glyphs[k].glyph_id);
                same = cluster.substr(matched).starts_with(piece);
                matched += piece.size();
            }
            if (!same || matched != cluster.size()) extra.push_back({i, end, std::string(cluster)});
            i = end;
        }
        plan.spans.insert(plan.spans.end(), extra.begin(), extra.end());
        if (plan.spans.empty()) continue;  // (most runs: nothing to sort or check)
        std::sort(plan.spans.begin(), plan.spans.end(),
                  [](const TextSpan& a, const TextSpan& b) { return a.begin < b.begin; });
        // The painter needs disjoint spans; an odd display list must not break the content.
        std::vector<TextSpan> disjoint;
        for (TextSpan& span : plan.spans) {
            if (span.end <= span.begin || span.end > run.glyphs.size()) continue;
            if (!disjoint.empty() && span.begin < disjoint.back().end) continue;
            disjoint.push_back(std::move(span));
        }
        plan.spans = std::move(disjoint);
    }
    return plans;
}

std::vector<std::vector<RunPlan>> plan_text(const layout::DisplayList& list, const PrimaryTexts& primary) {
    TextPlanner planner(list, primary);
    std::vector<std::vector<RunPlan>> plans(list.pages.size());
    for (std::size_t page = 0; page < list.pages.size(); ++page) plans[page] = planner.take_page(page);
    return plans;
}

PageContent paint_page(const layout::Page& page, const std::vector<RunPlan>& plans,
                       const std::vector<FontUse>& fonts, const std::vector<layout::StructureElement>& structure) {
    PageContent content;
    PagePainter painter(fonts, structure, content);
    for (std::size_t index = 0; index < page.runs.size(); ++index)
        if (!page.runs[index].glyphs.empty()) painter.run(page.runs[index], plans[index]);
    // Rules after the text: path operators are not allowed inside a text object.
    for (const layout::Rule& rule : page.rules) painter.rule(rule);
    painter.finish();
    return content;
}

}  // namespace galley::pdf
