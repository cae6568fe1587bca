#include "pdf/page_content.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "model/error.hpp"

namespace galley::pdf {
namespace {

// A glyph whose text holds a space separates words, for extraction purposes.
bool is_word_separator(const std::string& utf8) {
    for (char32_t code : utf8_to_utf32(utf8)) {
        if (code == U' ' || code == U'\t' || code == U'\n' || code == U'\u00A0' || code == U'\u202F' ||
            code == U'\u3000' || (code >= U'\u2000' && code <= U'\u200B'))
            return true;
    }
    return false;
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
    for (std::size_t i = begin; i < end; ++i) text += run.glyphs[i].text;
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

std::string color_operator(const Color& color) {
    return format_number(color.red / 255.0) + " " + format_number(color.green / 255.0) + " " +
           format_number(color.blue / 255.0) + " rg\n";
}

std::string hex4(unsigned value) {
    static const char digits[] = "0123456789ABCDEF";
    std::string hex;
    for (int shift = 12; shift >= 0; shift -= 4) hex += digits[(value >> shift) & 0xF];
    return hex;
}

// Builds one TJ array at a time; a TJ is flushed whenever marked content or text rise changes.
class TextShower {
public:
    explicit TextShower(std::string& stream) : stream_(stream) {}
    void adjust(long amount) {
        close_hex();
        if (!array_.empty()) array_ += ' ';
        array_ += std::to_string(amount);
    }
    void glyph(unsigned cid) {
        if (!hex_open_) {
            if (!array_.empty() && array_.back() != '>') array_ += ' ';
            array_ += '<';
            hex_open_ = true;
        }
        array_ += hex4(cid);
    }
    void flush() {
        close_hex();
        if (!array_.empty()) stream_ += "[" + array_ + "] TJ\n";
        array_.clear();
    }

private:
    void close_hex() {
        if (hex_open_) array_ += '>';
        hex_open_ = false;
    }
    std::string& stream_;
    std::string array_;
    bool hex_open_ = false;
};

void paint_run(std::string& stream, const layout::GlyphRun& run, const RunPlan& plan, const FontUse& font) {
    const FontProgram& program = *font.program;
    stream += "BT\n/" + font.resource_name + " " + format_number(run.size) + " Tf\n1 0 0 1 " +
              format_number(run.x) + " " + format_number(run.y) + " Tm\n";
    TextShower shower(stream);
    // The pen as the viewer will compute it (W widths and our rounded TJ numbers), relative to
    // the run origin; each glyph's correction is measured against it, so rounding never adds up.
    double pen = 0;
    double rise = 0;
    const double unit = run.size / 1000.0;
    auto span_at = plan.spans.begin();
    for (std::size_t i = 0; i < run.glyphs.size(); ++i) {
        const layout::PositionedGlyph& glyph = run.glyphs[i];
        if (span_at != plan.spans.end() && span_at->begin == i) {
            shower.flush();
            stream += "/Span <</ActualText " + pdf_text_string(span_at->actual_text) + ">> BDC\n";
        }
        if (std::abs(glyph.y - rise) > 0.0005) {
            shower.flush();
            rise = glyph.y;
            stream += format_number(rise) + " Ts\n";
        }
        const long correction = std::lround((pen - glyph.x) / unit);
        if (correction != 0) {
            shower.adjust(correction);
            pen -= static_cast<double>(correction) * unit;
        }
        const unsigned cid = program.cid_of_glyph.at(glyph.glyph_id);
        shower.glyph(cid);
        pen += program.widths[cid] * unit;
        if (span_at != plan.spans.end() && span_at->end == i + 1) {
            shower.flush();
            stream += "EMC\n";
            ++span_at;
        }
    }
    if (plan.append_space && program.space_cid >= 0) shower.glyph(static_cast<unsigned>(program.space_cid));
    shower.flush();
    if (rise != 0) stream += "0 Ts\n";  // text rise is graphics state: it outlives ET
    stream += "ET\n";
}

}  // namespace

std::string format_number(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    double rounded = std::round(value * scale) / scale;
    if (rounded == 0) rounded = 0;  // no "-0"
    char buffer[64];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, rounded, std::chars_format::fixed, decimals);
    std::string text(buffer, result.ptr);
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0') text.pop_back();
        if (text.back() == '.') text.pop_back();
    }
    return text;
}

std::string pdf_text_string(const std::string& utf8) {
    if (utf8.empty()) return "()";
    return "<FEFF" + utf16be_hex(utf8_to_utf32(utf8)) + ">";
}

PrimaryTexts collect_primary_texts(const layout::DisplayList& list) {
    PrimaryTexts primary(list.fonts.size());
    for (const layout::Page& page : list.pages)
        for (const layout::GlyphRun& run : page.runs) {
            if (run.font < 0 || static_cast<std::size_t>(run.font) >= list.fonts.size()) continue;
            for (std::size_t i = 0; i < run.glyphs.size(); ++i) {
                const layout::PositionedGlyph& glyph = run.glyphs[i];
                // An inserted hyphen is not text; keep it from deciding what the glyph means.
                if (run.inserted_hyphen && i + 1 == run.glyphs.size()) continue;
                if (!glyph.text.empty()) primary[static_cast<std::size_t>(run.font)].emplace(glyph.glyph_id, glyph.text);
            }
        }
    return primary;
}

std::vector<std::vector<RunPlan>> plan_text(const layout::DisplayList& list, const PrimaryTexts& primary) {
    std::vector<std::vector<RunPlan>> plans(list.pages.size());
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
        while (prefix_begin > 0 && !is_word_separator(run_at(prefix_run).glyphs[prefix_begin - 1].text)) --prefix_begin;
        if (covered(plan_at(prefix_run), prefix_begin) ||
            (prefix_end > 0 && covered(plan_at(prefix_run), prefix_end - 1)))
            prefix_begin = prefix_end;  // already claimed by another break (a one-word line)

        const bool skip_artifacts = run_at(prefix_run).structure >= 0;
        // The word's end: the first glyphs of the next line, skipping artifacts (running heads
        // and folios between pages), up to the first separator.
        std::string continuation;
        std::vector<std::pair<RunRef, std::size_t>> continuation_parts;
        for (std::size_t next = index + 1; next < runs.size(); ++next) {
            const layout::GlyphRun& next_run = run_at(runs[next]);
            if (skip_artifacts && next_run.structure < 0) continue;
            std::size_t end = 0;
            while (end < next_run.glyphs.size() && !is_word_separator(next_run.glyphs[end].text)) ++end;
            if (next_run.inserted_hyphen && end == next_run.glyphs.size() && end > 0) --end;  // stop at its own hyphen
            if (end > 0) {
                continuation += text_of(next_run, 0, end);
                continuation_parts.emplace_back(runs[next], end);
            }
            if (end < next_run.glyphs.size() || next_run.ends_line) break;
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

    // Clusters and glyphs whose ToUnicode entry says something else.
    for (const RunRef& ref : runs) {
        const layout::GlyphRun& run = run_at(ref);
        RunPlan& plan = plan_at(ref);
        const auto& font_texts = primary[static_cast<std::size_t>(run.font)];
        auto mapped = [&](std::uint32_t glyph) {
            auto found = font_texts.find(glyph);
            return found == font_texts.end() ? std::string() : found->second;
        };
        std::vector<TextSpan> extra;
        std::size_t i = 0;
        while (i < run.glyphs.size()) {
            if (covered(plan, i)) {
                ++i;
                continue;
            }
            std::size_t end = i + 1;
            while (end < run.glyphs.size() && run.glyphs[end].text.empty() && !covered(plan, end)) ++end;
            std::string extracted;
            for (std::size_t k = i; k < end; ++k) extracted += mapped(run.glyphs[k].glyph_id);
            if (extracted != run.glyphs[i].text) extra.push_back({i, end, run.glyphs[i].text});
            i = end;
        }
        plan.spans.insert(plan.spans.end(), extra.begin(), extra.end());
        std::sort(plan.spans.begin(), plan.spans.end(),
                  [](const TextSpan& a, const TextSpan& b) { return a.begin < b.begin; });
    }
    return plans;
}

PageContent paint_page(const layout::Page& page, const std::vector<RunPlan>& plans,
                       const std::vector<FontUse>& fonts, const std::vector<layout::StructureElement>& structure) {
    PageContent content;
    std::string& stream = content.stream;
    // Consecutive items of one structure element share one marked-content sequence (one MCID).
    bool open = false;
    int open_structure = -2;
    auto enter = [&](int element) {
        if (open && element == open_structure) return;
        if (open) stream += "EMC\n";
        if (element < 0) {
            stream += "/Artifact BMC\n";
        } else {
            const int mcid = static_cast<int>(content.structure_of_mcid.size());
            content.structure_of_mcid.push_back(element);
            stream += "/" + pdf_name(structure[static_cast<std::size_t>(element)].role) + " <</MCID " +
                      std::to_string(mcid) + ">> BDC\n";
        }
        open = true;
        open_structure = element;
    };
    bool have_color = false;
    Color current;
    auto set_color = [&](const Color& color) {
        if (have_color && color == current) return;
        stream += color_operator(color);
        current = color;
        have_color = true;
    };

    for (std::size_t index = 0; index < page.runs.size(); ++index) {
        const layout::GlyphRun& run = page.runs[index];
        if (run.glyphs.empty()) continue;
        enter(run.structure);
        set_color(run.color);
        paint_run(stream, run, plans[index], fonts[static_cast<std::size_t>(run.font)]);
    }
    for (const layout::Rule& rule : page.rules) {
        enter(rule.structure);
        set_color(rule.color);
        stream += format_number(rule.x) + " " + format_number(rule.y) + " " + format_number(rule.width) + " " +
                  format_number(rule.thickness) + " re f\n";
    }
    if (open) stream += "EMC\n";
    return content;
}

}  // namespace galley::pdf
