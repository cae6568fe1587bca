#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <cmath>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

#include "cli_support.hpp"
#include "layout/fonts.hpp"
#include "layout/hyphenation.hpp"
#include "galley.hpp"
#include "layout/layout.hpp"
#include "layout/line_breaker.hpp"
#include "style/style.hpp"

using namespace galley;
using namespace galley::layout;

namespace {

std::string read_corpus(const std::string& name) {
    const std::string path = std::string(GALLEY_SHARED_DIR) + "/corpus/" + name;
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());  // a missing corpus file is a failure, not a skip
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// TEST-ONLY reader: one Paragraph per non-empty line (the real reader lives in src/read).
Document split_lines(const std::string& text, const std::string& language = "en-US") {
    Document document;
    document.metadata.language = language;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        Block block;
        block.kind = BlockKind::Paragraph;
        block.inlines = {Inline::make_text(line)};
        block.position = SourcePosition{number, 1};
        document.blocks.push_back(block);
    }
    return document;
}

// The words of a text with invisible format characters dropped.
std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    for (std::size_t offset = 0; offset < text.size();) {
        const std::size_t begin = offset;
        const char32_t c = decode_utf8(text, offset);
        if (c == U' ' || c == U'\n' || c == U'\t' || c == U'\r') {
            if (!word.empty()) words.push_back(word);
            word.clear();
        } else if (c != 0x2060 && c != 0xAD && c != 0x200B && c != 0xFEFF) {
            word.append(text, begin, offset - begin);
        }
    }
    if (!word.empty()) words.push_back(word);
    return words;
}

// The text of the display list's body, as extraction would give it: runs joined, a space at
// each line end except after an inserted hyphen (which is dropped).
// Whether a structure element lies inside the colophon (the one "Sect" the engine makes).
bool in_colophon(const DisplayList& display, int element) {
    for (; element >= 0; element = display.structure[std::size_t(element)].parent)
        if (display.structure[std::size_t(element)].role == "Sect") return true;
    return false;
}

std::string extracted_text(const DisplayList& display) {
    std::string out;
    for (const Page& page : display.pages) {
        double end_x = -1e9, end_y = -1e9;
        for (const GlyphRun& run : page.runs) {
            if (run.structure < 0) continue;  // artifacts
            if (in_colophon(display, run.structure)) continue;  // not the article's words
            if (run.inserted_hyphen) continue;
            for (std::size_t g = 0; g < run.glyphs.size(); ++g) {
                const PositionedGlyph& glyph = run.glyphs[g];
                const double x = run.x + glyph.x;
                // A gap wider than an eighth of the size on the same baseline is a word space.
                if (std::abs(run.y - end_y) < 0.01 && x - end_x > run.size * 0.12) out += ' ';
                out += run.text_of(g);
                end_x = x + glyph.advance;
                end_y = run.y;
            }
            if (run.ends_line) out += ' ';
        }
    }
    return out;
}

}  // namespace

// --- Hyphenation ---------------------------------------------------------------------------

TEST_CASE("en-US hyphenation points, exceptions and words left whole", "[layout]") {
    const Style style = load_style("default");
    Hyphenator hyphenator("en-US", style.hyphen_min_before, style.hyphen_min_after, style.hyphenation_exceptions);
    CHECK(hyphenator.show("encryption") == "en-cryp-tion");
    CHECK(hyphenator.show("Encryption,") == "En-cryp-tion,");
    CHECK(hyphenator.show("“encryption”") == "“en-cryp-tion”");
    CHECK(hyphenator.show("counterterror") == "coun-ter-ter-ror");
    CHECK(hyphenator.show("Counterterror") == "Coun-ter-ter-ror");
    CHECK(hyphenator.show("ProPublica") == "ProPublica");
    CHECK(hyphenator.show("WhatsApp") == "WhatsApp");
    CHECK(hyphenator.show("iPhone") == "iPhone");
    CHECK(hyphenator.show("COVID-19") == "COVID-19");
    CHECK(hyphenator.points("COVID-19").empty());
    CHECK(hyphenator.show("EXPLOSIVES") == "EXPLOSIVES");
    CHECK(hyphenator.points("https://www.propublica.org/article/encryption").empty());
    CHECK(hyphenator.points("www.communications.com").empty());
    // An explicit hyphen is the only break of a compound.
    const auto& reentry = hyphenator.points("re-entry");
    REQUIRE(reentry.size() == 1);
    CHECK(reentry[0].offset == 3);
    CHECK(reentry[0].explicit_hyphen);
    // Minimum fragments: 2 before, 3 after.
    for (const std::string word : {"typography", "communications", "information", "publication"}) {
        for (const HyphenPoint& point : hyphenator.points(word)) {
            CHECK(point.offset >= 2);
            CHECK(int(word.size()) - point.offset >= 3);
        }
    }
    CHECK(hyphenator.show("typography") == "ty-pog-ra-phy");
}

TEST_CASE("the style's exceptions are checked before the patterns", "[layout]") {
    Hyphenator plain("en-US", 2, 3, {});
    CHECK(plain.show("counterterror") == "coun-tert-er-ror");  // what the patterns alone say
    Hyphenator with_exception("en-US", 2, 3, {"coun-ter-ter-ror"});
    CHECK(with_exception.show("counterterror") == "coun-ter-ter-ror");
}

TEST_CASE("French and German hyphenation uses their dictionaries", "[layout]") {
    Hyphenator french("fr", 2, 3, {});
    CHECK(french.dictionary_path().find("hyph_fr") != std::string::npos);
    const std::string word = french.show("renseignement");
    CHECK(word != "renseignement");
    CHECK(word.find("ren-") == 0);
    // libhyphen needs 3.5 s for the German dictionary's first level (69,000 words); only its
    // patterns are loaded, in milliseconds.
    const auto before = std::chrono::steady_clock::now();
    Hyphenator german("de-DE", 2, 3, {});
    CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - before).count() < 1.0);
    CHECK(german.dictionary_path().find("hyph_de") != std::string::npos);
    CHECK(german.show("Silbentrennung") == "Sil-ben-tren-nung");
    // The German dictionary is ISO 8859-1: umlauts must survive the conversion.
    CHECK(german.show("Überwachung").find('-') != std::string::npos);
    CHECK(german.show("Überwachung").find("Über") == 0);
}

TEST_CASE("each language takes its own dictionary, and one without a dictionary is not hyphenated", "[layout]") {
    // Debian's Spanish dictionaries all name a region: plain "es" finds Spain's.
    Hyphenator spanish("es", 2, 3, {});
    CHECK(spanish.dictionary_path().find("hyph_es_ES") != std::string::npos);
    CHECK(spanish.show("información").find('-') != std::string::npos);
    Hyphenator mexican("es-MX", 2, 3, {});
    CHECK(mexican.dictionary_path().find("hyph_es_MX") != std::string::npos);
    for (const char* language : {"it", "nl", "pt-BR"}) {
        Hyphenator hyphenator(language, 2, 3, {});
        INFO(language);
        CHECK(hyphenator.dictionary_path().find(std::string("hyph_") + language[0] + language[1]) != std::string::npos);
    }
    CHECK(Hyphenator("en-NZ", 2, 3, {}).dictionary_path().find("hyph_en") != std::string::npos);
    // No Finnish dictionary is installed: English patterns would break Finnish words wrongly,
    // so none are used.
    Hyphenator finnish("fi", 2, 3, {});
    CHECK(finnish.dictionary_path().empty());
    CHECK(finnish.show("kansalaisoikeus") == "kansalaisoikeus");
}

// --- Line breaking -------------------------------------------------------------------------

namespace {

// A paragraph of boxes and glue with hyphenation points, from word widths.
std::vector<Item> make_paragraph(std::mt19937& random, int words) {
    std::uniform_real_distribution<double> width(6, 30);
    std::uniform_int_distribution<int> coin(0, 3);
    std::vector<Item> items;
    for (int w = 0; w < words; ++w) {
        if (w > 0) items.push_back(Item{ItemKind::Glue, 3.5, 1.75, 1.2, false, 0, false, false, 0, 0, 0});
        items.push_back(Item{ItemKind::Box, width(random), 0, 0, false, 0, false, false, 0, 0, 0});
        if (coin(random) == 0) {
            items.push_back(Item{ItemKind::Penalty, 3, 0, 0, false, 50, true, true, 0, 1.5, 0});
            items.push_back(Item{ItemKind::Box, width(random), 0, 0, false, 0, false, false, 0, 0, 0});
        }
    }
    items.push_back(Item{ItemKind::Penalty, 0, 0, 0, false, infinite_penalty, false, false, 0, 0, 0});
    items.push_back(Item{ItemKind::Glue, 0, 0, 0, true, 0, false, false, 0, 0, 0});
    items.push_back(Item{ItemKind::Penalty, 0, 0, 0, false, -infinite_penalty, false, false, 0, 0, 0});
    return items;
}

// The least total demerits over every set of breaks, within `threshold`.
double brute_force(const std::vector<Item>& items, double measure, const BreakParameters& parameters,
                   bool hyphenate, double threshold, int target_lines = 0) {
    std::vector<int> legal;
    for (int i = 0; i < int(items.size()); ++i)
        if (is_legal_break(items, i, hyphenate)) legal.push_back(i);
    const int last = int(items.size()) - 1;
    double best = std::numeric_limits<double>::infinity();
    // Depth-first over break sequences (every subset of the legal breaks, in order).
    std::function<void(int, int, bool, int, double, int)> search = [&](int previous, int from, bool flagged,
                                                                         int fitness, double total, int lines) {
        for (std::size_t k = std::size_t(from); k < legal.size(); ++k) {
            const int b = legal[k];
            const LineFit line = fit_line(items, previous, b, measure, parameters, 0);
            if (line.overfull) break;  // longer lines only get worse
            if (line.badness > threshold) continue;
            const double demerits = total + line_demerits(items, line, flagged, fitness, parameters);
            if (b == last) {
                if (target_lines == 0 || lines + 1 == target_lines) best = std::min(best, demerits);
                break;
            }
            const bool this_flagged = items[std::size_t(b)].kind == ItemKind::Penalty && items[std::size_t(b)].flagged;
            search(b, int(k) + 1, this_flagged, line.fitness, demerits, lines + 1);
            if (items[std::size_t(b)].kind == ItemKind::Penalty && items[std::size_t(b)].penalty <= -infinite_penalty)
                break;
        }
    };
    search(-1, 0, false, 2, 0, 0);
    return best;
}

}  // namespace

TEST_CASE("the line breaker finds the brute-force optimum on small paragraphs", "[layout]") {
    std::mt19937 random(20261127);
    int compared = 0, hyphen_pass = 0;
    for (int trial = 0; trial < 300; ++trial) {
        const auto items = make_paragraph(random, 6 + trial % 12);
        const double measure = 110 + trial % 7 * 20;
        BreakParameters parameters;
        parameters.emergency_stretch = 0;
        parameters.short_last_line = trial % 2 == 0 ? 30 : 0;
        const BreakResult result = break_lines(items, measure, parameters);
        REQUIRE(!result.lines.empty());
        if (result.pass > 2) continue;  // no solution within tolerance: the brute force has none either
        const bool hyphenate = result.pass == 2;
        const double threshold = hyphenate ? parameters.tolerance : parameters.pretolerance;
        const double best = brute_force(items, measure, parameters, hyphenate, threshold);
        INFO("trial " << trial << " pass " << result.pass);
        CHECK(result.total_demerits == Approx(best).epsilon(1e-9));
        // And the first pass really had no solution when the second was needed.
        if (hyphenate) {
            CHECK(std::isinf(brute_force(items, measure, parameters, false, parameters.pretolerance)));
            ++hyphen_pass;
        }
        ++compared;
        // The breaks it reports add up to the same demerits.
        double total = 0;
        int previous = -1, fitness = 2;
        bool flagged = false;
        for (const LineFit& line : result.lines) {
            const LineFit again = fit_line(items, previous, line.end, measure, parameters, 0);
            total += line_demerits(items, again, flagged, fitness, parameters);
            CHECK_FALSE(again.overfull);
            previous = line.end;
            fitness = again.fitness;
            flagged = items[std::size_t(line.end)].kind == ItemKind::Penalty && items[std::size_t(line.end)].flagged;
        }
        CHECK(total == Approx(result.total_demerits).epsilon(1e-9));
    }
    CHECK(compared > 150);
    CHECK(hyphen_pass > 5);
}

TEST_CASE("a paragraph can be set a line longer or shorter, optimally (looseness)", "[layout]") {
    std::mt19937 random(1981);
    int longer = 0, shorter = 0;
    for (int trial = 0; trial < 200; ++trial) {
        const auto items = make_paragraph(random, 8 + trial % 10);
        const double measure = 110 + trial % 7 * 20;
        BreakParameters parameters;
        parameters.tolerance = 3000;  // loose enough that most paragraphs have a longer setting
        const BreakResult natural = break_lines(items, measure, parameters);
        if (natural.pass > 2) continue;
        for (int delta : {-1, 1}) {
            const int target = int(natural.lines.size()) + delta;
            if (target < 1) continue;
            const BreakResult result = break_lines_to(items, measure, parameters, target);
            const double best = brute_force(items, measure, parameters, true, parameters.tolerance, target);
            INFO("trial " << trial << " target " << target);
            if (std::isinf(best)) {
                CHECK(result.lines.empty());
                continue;
            }
            REQUIRE(int(result.lines.size()) == target);
            CHECK(result.total_demerits == Approx(best).epsilon(1e-9));
            (delta > 0 ? longer : shorter)++;
        }
    }
    CHECK(longer > 10);
    CHECK(shorter > 1);
}

TEST_CASE("a word wider than the measure is set overfull only as a last resort and reported", "[layout]") {
    std::vector<Item> items{
        Item{ItemKind::Box, 30, 0, 0, false, 0, false, false, 0, 0, 0},
        Item{ItemKind::Glue, 4, 2, 1, false, 0, false, false, 0, 0, 0},
        Item{ItemKind::Box, 500, 0, 0, false, 0, false, false, 0, 0, 0},
        Item{ItemKind::Glue, 4, 2, 1, false, 0, false, false, 0, 0, 0},
        Item{ItemKind::Box, 30, 0, 0, false, 0, false, false, 0, 0, 0},
        Item{ItemKind::Penalty, 0, 0, 0, false, infinite_penalty, false, false, 0, 0, 0},
        Item{ItemKind::Glue, 0, 0, 0, true, 0, false, false, 0, 0, 0},
        Item{ItemKind::Penalty, 0, 0, 0, false, -infinite_penalty, false, false, 0, 0, 0},
    };
    const BreakResult result = break_lines(items, 300, BreakParameters{});
    REQUIRE(result.lines.size() == 3);
    CHECK(result.pass == 4);
    CHECK_FALSE(result.lines[0].overfull);
    CHECK(result.lines[1].overfull);
    CHECK_FALSE(result.lines[2].overfull);
}

TEST_CASE("optical margins let a line end in a hyphen or comma reach further", "[layout]") {
    // Two boxes that fit only if the comma may hang into the margin.
    std::vector<Item> items{
        Item{ItemKind::Box, 50, 0, 0, false, 0, false, false, 0, 2, 0},
        Item{ItemKind::Glue, 4, 0, 0, false, 0, false, false, 0, 0, 0},
        Item{ItemKind::Box, 47.5, 0, 0, false, 0, false, false, 0, 2, 0},
        Item{ItemKind::Glue, 4, 0, 0, false, 0, false, false, 0, 0, 0},
        Item{ItemKind::Box, 20, 0, 0, false, 0, false, false, 0, 0, 0},
        Item{ItemKind::Penalty, 0, 0, 0, false, infinite_penalty, false, false, 0, 0, 0},
        Item{ItemKind::Glue, 0, 0, 0, true, 0, false, false, 0, 0, 0},
        Item{ItemKind::Penalty, 0, 0, 0, false, -infinite_penalty, false, false, 0, 0, 0},
    };
    const LineFit line = fit_line(items, -1, 3, 100, BreakParameters{}, 0);
    CHECK(line.natural == Approx(101.5));
    CHECK(line.protrude_right == Approx(2));
    CHECK(line.available == Approx(102));
    CHECK_FALSE(line.overfull);
    items[2].protrude_right = 0;  // without the comma's protrusion the line cannot be set
    CHECK(fit_line(items, -1, 3, 100, BreakParameters{}, 0).overfull);
}

// --- Shaping and fonts ---------------------------------------------------------------------

TEST_CASE("Charis SIL is found and shapes the fi ligature as one glyph with text fi", "[layout]") {
    FontSet fonts("en-US");
    const int style = fonts.style_for(FontSpec{});
    CHECK(fonts.face(fonts.primary_face(style)).family == "Charis SIL");
    const ShapedText& shaped = fonts.shape(style, "fit");
    REQUIRE(shaped.glyphs.size() == 2);
    CHECK(shaped.glyphs[0].cluster == 0);
    CHECK(shaped.glyphs[0].cluster_end == 2);
    CHECK(shaped.glyphs[1].cluster == 2);

    // Through the whole engine: the glyph carries "fi".
    Document document;
    document.metadata.language = "en-US";
    Block block;
    block.inlines = {Inline::make_text("A fine office.")};
    document.blocks.push_back(block);
    const LayoutResult result = layout_document(document, load_style("default"));
    REQUIRE(result.display.pages.size() == 1);
    std::vector<std::string> texts;
    for (const auto& run : result.display.pages[0].runs)
        if (!in_colophon(result.display, run.structure))
            for (std::size_t g = 0; g < run.glyphs.size(); ++g) texts.emplace_back(run.text_of(g));
    CHECK(std::find(texts.begin(), texts.end(), "fi") != texts.end());
    std::string joined;
    for (const auto& text : texts) joined += text;
    CHECK(joined == "Afineoffice.");
    REQUIRE(!result.display.fonts.empty());
    CHECK(result.display.fonts[0].family == "Charis SIL");
    CHECK(result.display.fonts[0].path.find("CharisSIL-Regular") != std::string::npos);
}

TEST_CASE("kerning is applied by the shaper where the face has it", "[layout]") {
    FontSet fonts("en-US");
    for (const std::string family : {"DejaVu Serif"}) {  // Charis SIL 6.101 has no AV kern pair
        const int style = fonts.style_for(FontKey{family, false, false, false});
        INFO(family);
        CHECK(fonts.face(fonts.primary_face(style)).family == family);
        const double pair = fonts.shape(style, "AV").width;
        const double apart = fonts.shape(style, "A").width + fonts.shape(style, "V").width;
        CHECK(pair < apart - 0.01);
    }
}

TEST_CASE("bold, italic and small caps faces and features", "[layout]") {
    FontSet fonts("en-US");
    const int bold_italic = fonts.style_for(FontKey{"Charis SIL", true, true, false});
    CHECK(fonts.face(fonts.primary_face(bold_italic)).style_name == "Bold Italic");
    const int italic = fonts.style_for(FontKey{"Charis SIL", false, true, false});
    CHECK(fonts.face(fonts.primary_face(italic)).style_name == "Italic");
    const int roman = fonts.style_for(FontKey{"Charis SIL", false, false, false});
    const int small_caps = fonts.style_for(FontKey{"Charis SIL", false, false, true});
    const auto& lower = fonts.shape(roman, "stevenson");
    const auto& small = fonts.shape(small_caps, "stevenson");
    REQUIRE(lower.glyphs.size() == small.glyphs.size());
    CHECK(lower.glyphs[0].glyph_id != small.glyphs[0].glyph_id);
}

TEST_CASE("a character the face lacks comes from another face: none at all gives a warning", "[layout]") {
    FontSet fonts("en-US");
    const int style = fonts.style_for(FontSpec{});
    const ShapedText& snowman = fonts.shape(style, "a\u2603b");
    REQUIRE(snowman.glyphs.size() == 3);
    CHECK(snowman.glyphs[0].face == fonts.primary_face(style));
    CHECK(snowman.glyphs[1].face != fonts.primary_face(style));
    CHECK(fonts.face(snowman.glyphs[1].face).family.find("DejaVu") == 0);
    CHECK(snowman.glyphs[1].glyph_id != 0);
    CHECK(snowman.glyphs[1].cluster == 1);
    CHECK(fonts.missing_characters().empty());

    Document document;
    Block block;
    // No installed face has Egyptian hieroglyphs (CJK and emoji have fallbacks: WenQuanYi, Symbola).
    block.inlines = {Inline::make_text("Snow \u2603 and \U00013000 here.")};
    block.position = SourcePosition{7, 1};
    document.blocks.push_back(block);
    const LayoutResult result = layout_document(document, load_style("default"));
    REQUIRE(result.warnings.size() == 1);
    CHECK(result.warnings[0].position.line == 7);
    CHECK(result.warnings[0].message.find("U+13000") != std::string::npos);
    bool has_fallback_font = false;
    for (const auto& font : result.display.fonts) has_fallback_font |= font.family.find("DejaVu") == 0;
    CHECK(has_fallback_font);
    for (const auto& run : result.display.pages[0].runs)
        for (const auto& glyph : run.glyphs) CHECK(glyph.glyph_id != 0);  // never a .notdef box
}

// --- Whole documents -----------------------------------------------------------------------

namespace {

struct CorpusCheck {
    std::string file;
    std::string language;
};

// Spreads (a verso, an even page, and the recto after it; page 1 is a recto alone, and a
// spread with the last page is left out, since the last page may be short) whose two pages
// do not end on the same grid line. `spreads` gets how many were counted, `pages` their folios.
int uneven_spreads(const LayoutResult& result, int& spreads, std::string& pages) {
    std::vector<double> lowest(result.display.pages.size(), 1e9);
    for (const LineRecord& line : result.lines)
        lowest[std::size_t(line.page)] = std::min(lowest[std::size_t(line.page)], line.baseline);
    spreads = 0;
    pages.clear();
    int uneven = 0;
    for (std::size_t verso = 1; verso + 2 < lowest.size(); verso += 2) {
        ++spreads;
        if (std::abs(lowest[verso] - lowest[verso + 1]) > 0.01) {
            ++uneven;
            pages += " " + std::to_string(verso + 1) + "–" + std::to_string(verso + 2);
        }
    }
    return uneven;
}

void check_page_rules(const Document& document, const LayoutResult& result) {
    // No overfull line.
    for (const LineRecord& line : result.lines) {
        INFO("page " << line.page << " block " << line.block << " line " << line.line_in_block);
        CHECK_FALSE(line.overfull);
        CHECK(line.adjustment_ratio >= -1.0 - 1e-9);
    }
    // No widow, no orphan: a paragraph split over pages has at least 2 lines on each side.
    for (std::size_t i = 1; i < result.lines.size(); ++i) {
        const LineRecord& before = result.lines[i - 1];
        const LineRecord& after = result.lines[i];
        if (before.block != after.block || before.page == after.page) continue;
        INFO("block " << after.block << " breaks before its line " << after.line_in_block << " of "
                      << after.lines_in_block);
        CHECK(after.line_in_block >= 2);
        CHECK(after.lines_in_block - after.line_in_block >= 2);
    }
    // A heading is never the last thing on a page, and the two lines after it are on its page.
    for (std::size_t i = 0; i + 1 < result.lines.size(); ++i) {
        if (!result.lines[i].heading) continue;
        if (result.lines[i + 1].page != result.lines[i].page) {
            INFO("heading block " << result.lines[i].block << " ends page " << result.lines[i].page);
            CHECK(false);
        }
        if (i + 2 < result.lines.size() && !result.lines[i + 1].heading &&
            result.lines[i + 2].page != result.lines[i].page) {
            INFO("heading block " << result.lines[i].block << " has one line after it on page " << result.lines[i].page);
            CHECK(false);
        }
    }
    // Every word of the model, in order.
    // The title block first, then the paragraphs.
    const Metadata& metadata = document.metadata;
    // The title block shows the subtitle, or else the text's first dek.
    std::string dek = metadata.subtitle;
    for (const Block& block : document.blocks)
        if (dek.empty() && block.kind == BlockKind::Dek) dek = plain_text(block.inlines);
    std::string title_block = metadata.title + " " + dek;
    title_block += " " + author_list(metadata);
    title_block += " " + metadata.source_name;
    // The date is written out in words ("November 27, 2026": three for an en-US day).
    const std::size_t date_words = metadata.date.empty() ? 0 : 3;
    std::vector<std::string> expected = words_of(title_block);
    std::size_t markers = 0;  // list markers and ornaments are not words of the model
    const std::function<void(const Blocks&)> count_markers = [&](const Blocks& blocks) {
        for (const Block& block : blocks) {
            markers += block.kind == BlockKind::SectionBreak ? 1 : block.items.size();
            count_markers(block.children);
            for (const auto& item : block.items) count_markers(item);
        }
    };
    count_markers(document.blocks);
    // Then the blocks, less the furniture the title block already showed.
    Blocks shown;
    for (const Block& block : document.blocks) {
        const bool in_title_block = (block.kind == BlockKind::Title && !metadata.title.empty()) ||
                                    (block.kind == BlockKind::Dek && plain_text(block.inlines) == dek) ||
                                    (block.kind == BlockKind::Byline && !metadata.authors.empty()) ||
                                    (block.kind == BlockKind::Dateline && !metadata.date.empty());
        if (!in_title_block) shown.push_back(block);
    }
    for (const std::string& paragraph : paragraph_texts(shown))
        for (auto& word : words_of(paragraph)) expected.push_back(word);
    // Notes follow the text as endnotes, each with its number.
    if (!document.footnotes.empty()) ++markers;  // the "Notes" heading
    for (const Footnote& note : document.footnotes) {
        ++markers;
        for (const std::string& paragraph : paragraph_texts(note.blocks))
            for (auto& word : words_of(paragraph)) expected.push_back(word);
    }
    const std::vector<std::string> got = words_of(extracted_text(result.display));
    std::size_t matched = 0;
    for (std::size_t g = 0; g < got.size() && matched < expected.size(); ++g)
        if (got[g] == expected[matched]) ++matched;
    std::string context;
    if (matched < expected.size()) {
        std::size_t g = 0, m = 0;
        for (; g < got.size() && m < matched; ++g)
            if (got[g] == expected[m]) ++m;
        for (std::size_t k = g > 3 ? g - 3 : 0; k < std::min(got.size(), g + 4); ++k) context += "[" + got[k] + "]";
    }
    INFO("first missing word: " << (matched < expected.size() ? expected[matched] : std::string("-")) << " near "
                                << context);
    CHECK(matched == expected.size());
    CHECK(got.size() == expected.size() + markers + date_words);
    // A word broken by an inserted hyphen: both parts are runs of their own (one word each),
    // so the PDF writer can give that word alone its /ActualText.
    const auto single_word = [](const GlyphRun& run) {
        for (std::size_t g = 1; g < run.glyphs.size(); ++g)
            if (run.glyphs[g].x - (run.glyphs[g - 1].x + run.glyphs[g - 1].advance) > run.size * 0.12) return false;
        return true;
    };
    int broken_words = 0;
    for (const Page& page : result.display.pages) {
        for (std::size_t r = 0; r < page.runs.size(); ++r) {
            if (!page.runs[r].inserted_hyphen) continue;
            ++broken_words;
            REQUIRE(r > 0);
            CHECK(single_word(page.runs[r - 1]));
            CHECK(page.runs[r].glyphs.size() == 1);
            CHECK(page.runs[r].text_of(0) == "-");
            CHECK(page.runs[r].ends_line);
            // The next body run, on this page or the next, is the rest of the word.
            if (r + 1 < page.runs.size() && page.runs[r + 1].structure >= 0) CHECK(single_word(page.runs[r + 1]));
        }
    }
    INFO("words broken by a hyphen: " << broken_words);
    // Page labels and furniture.
    for (std::size_t p = 0; p < result.display.pages.size(); ++p)
        CHECK(result.display.pages[p].label == std::to_string(p + 1));
}

}  // namespace

TEST_CASE("corpus texts and samples are set without overfull lines, widows or orphans, and lose no word", "[layout]") {
    const Style style = load_style("default");
    const std::vector<std::filesystem::path> files = galley_test::corpus_and_sample_texts();
    REQUIRE(files.size() >= 10);
    for (const auto& file : files) {
        INFO(file.filename().string());
        // Through the whole pipeline: reader, furniture, typography, as galley does it.
        const Document document = galley::read_article(file.string(), galley::ArticleOptions{}, {});
        const LayoutResult result = layout_document(document, style);
        CHECK(result.display.pages.size() >= 1);
        check_page_rules(document, result);
        // The two pages of every spread end on the same grid line.
        int spreads = 0;
        std::string pages;
        const int uneven = uneven_spreads(result, spreads, pages);
        WARN(file.filename().string() << ": " << result.display.pages.size() << " pages, " << uneven << " of "
                                      << spreads << " spreads uneven" << pages);
        // Known exception: Wikipedia's pages 10–11 (a run of stacked one-line headings and
        // paragraphs that cannot be set a line longer within the tolerance); see the README.
        const int known = file.filename() == "wikipedia-mozilla-citation-markers.txt" ? 1 : 0;
        CHECK(uneven <= known);
    }
}

TEST_CASE("a book-length text has every spread balanced", "[layout]") {
    // The benchmark's book (shared/bench/make-book.py --repeat 3): YAML front matter, then each
    // corpus text as a chapter (its file name as a heading), the whole list three times.
    const std::vector<std::filesystem::path> files = galley_test::corpus_texts();
    REQUIRE(files.size() >= 9);
    std::string book = "---\ntitle: \"Corpus book\"\nauthor: \"Various\"\nlanguage: en\n---\n\n";
    for (int round = 0; round < 3; ++round) {
        for (const auto& file : files) {
            std::string heading = file.stem().string();
            std::replace(heading.begin(), heading.end(), '-', ' ');
            heading[0] = char(std::toupper(static_cast<unsigned char>(heading[0])));
            book += heading + "\n\n";
            std::ifstream in(file);
            REQUIRE(in);
            std::string line;
            while (std::getline(in, line))
                if (line.find_first_not_of(" \t\r") != std::string::npos) book += line + "\n\n";
        }
    }
    const std::filesystem::path path = std::filesystem::temp_directory_path() / "galley-test-book.txt";
    std::ofstream(path, std::ios::binary) << book;
    const Document document = galley::read_article(path.string(), galley::ArticleOptions{}, {});
    std::filesystem::remove(path);
    const Style style = load_style("default");
    const auto start = std::chrono::steady_clock::now();
    const LayoutResult result = layout_document(document, style);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    int spreads = 0;
    std::string pages;
    const int uneven = uneven_spreads(result, spreads, pages);
    WARN("book: " << result.display.pages.size() << " pages in " << seconds << " s; " << uneven << " of " << spreads
                  << " spreads uneven" << pages);
    CHECK(result.display.pages.size() > 200);
    check_page_rules(document, result);
    // The bar on the book: at most 5% of lines hyphenated, no ladder of more than two.
    // (The benchmark's own count cannot see these hyphens: they are marked so that text
    // extraction rejoins the word.)
    int hyphenated = 0, run = 0, longest_run = 0;
    for (const LineRecord& line : result.lines) {
        hyphenated += line.hyphenated;
        run = line.hyphenated ? run + 1 : 0;
        longest_run = std::max(longest_run, run);
    }
    WARN("book: hyphenated lines: " << hyphenated << " of " << result.lines.size() << "; longest ladder " << longest_run);
    CHECK(hyphenated * 20 <= int(result.lines.size()));
    CHECK(longest_run <= 2);
    // Not yet every spread: 8 of 135 still end a line apart, in runs of headings, one-line
    // paragraphs and list items (24 before spreads were planned; see the README's limits).
    CHECK(uneven <= 8);
}

TEST_CASE("the novella is set quickly and by the rules", "[layout]") {
    const Style style = load_style("default");
    const Document document = galley::read_article(GALLEY_SHARED_DIR "/corpus/stevenson-jekyll-hyde-long-novella-se.txt",
                                                   galley::ArticleOptions{}, {});
    REQUIRE(document.metadata.title.rfind("The Strange Case of Dr.", 0) == 0);  // "Dr." takes a no-break space
    const auto start = std::chrono::steady_clock::now();
    const LayoutResult result = layout_document(document, style);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    WARN("novella: " << result.display.pages.size() << " pages, " << result.lines.size() << " lines in " << seconds
                     << " s");
    CHECK(result.display.pages.size() > 50);
    check_page_rules(document, result);
    int hyphenated = 0, ladders = 0;
    for (std::size_t i = 0; i < result.lines.size(); ++i) {
        hyphenated += result.lines[i].hyphenated;
        if (i >= 2 && result.lines[i].hyphenated && result.lines[i - 1].hyphenated && result.lines[i - 2].hyphenated)
            ++ladders;
    }
    WARN("hyphenated lines: " << hyphenated << " of " << result.lines.size() << "; ladders of 3: " << ladders);
    CHECK(hyphenated < int(result.lines.size()) / 20);
    CHECK(ladders == 0);
    // The two pages of every spread end on the same grid line.
    int spreads = 0;
    std::string pages;
    const int uneven = uneven_spreads(result, spreads, pages);
    WARN("spreads: " << spreads << ", uneven: " << uneven << pages);
    CHECK(spreads > 20);
    CHECK(uneven == 0);
    // Running heads and folios are artifacts, none on page 1.
    int furniture_on_first = 0;
    for (const auto& run : result.display.pages[0].runs) furniture_on_first += run.structure < 0;
    CHECK(furniture_on_first == 0);
    int furniture_on_second = 0;
    for (const auto& run : result.display.pages[1].runs) furniture_on_second += run.structure < 0;
    CHECK(furniture_on_second == 2);
}

// --- Structure, furniture and the parts of an article --------------------------------------

namespace {

Block paragraph(std::vector<Inline> inlines, BlockKind kind = BlockKind::Paragraph) {
    Block block;
    block.kind = kind;
    block.inlines = std::move(inlines);
    return block;
}

Document structured_document() {
    Document document;
    Metadata& metadata = document.metadata;
    metadata.title = "How the Layout Engine Sets an Article";
    metadata.subtitle = "A test of every part";
    metadata.authors = {"Ada Lovelace", "Charles Babbage"};
    metadata.date = "2026-11-27";
    metadata.source_name = "The Test Gazette";
    metadata.language = "en-US";
    const std::string filler =
        "The engine breaks every paragraph as a whole, weighing each possible line against its neighbours, "
        "so that the spaces between words stay even from the first line to the last.";
    document.blocks.push_back(paragraph({Inline::make_text("First paragraph with "),
                                         Inline::make_span(InlineKind::Emphasis, {Inline::make_text("emphasis")}),
                                         Inline::make_text(", "),
                                         Inline::make_span(InlineKind::Strong, {Inline::make_text("strong words")}),
                                         Inline::make_text(" and a "),
                                         Inline::make_link("https://example.org/", {Inline::make_text("link to a page")}),
                                         Inline::make_text(". " + filler)}));
    document.blocks.push_back(paragraph({Inline::make_text("Second paragraph, indented. " + filler)}));
    Block heading = paragraph({Inline::make_text("A Section Heading")}, BlockKind::Heading);
    heading.level = 1;
    document.blocks.push_back(heading);
    document.blocks.push_back(paragraph({Inline::make_text("After the heading, no indent. " + filler)}));
    Block quote;
    quote.kind = BlockKind::BlockQuote;
    quote.children = {paragraph({Inline::make_text("A quoted passage. " + filler)}),
                      paragraph({Inline::make_text("Its second paragraph. " + filler)})};
    document.blocks.push_back(quote);
    Block list;
    list.kind = BlockKind::List;
    list.items = {{paragraph({Inline::make_text("First item of the list, long enough to wrap onto a second line of text.")})},
                  {paragraph({Inline::make_text("Second item.")})}};
    document.blocks.push_back(list);
    Block ordered = list;
    ordered.ordered = true;
    ordered.start = 9;
    document.blocks.push_back(ordered);
    Block section_break;
    section_break.kind = BlockKind::SectionBreak;
    document.blocks.push_back(section_break);
    document.blocks.push_back(paragraph({Inline::make_text("After the break. " + filler)}));
    document.blocks.push_back(paragraph({Inline::make_text("Photograph by Someone (CC BY 2.0)")}, BlockKind::Credit));
    document.blocks.push_back(
        paragraph({Inline::make_text("This piece originally ran on The Test Gazette.")}, BlockKind::Provenance));
    return document;
}

// The first run whose glyph texts, joined (no spaces: spaces are not glyphs), start with `prefix`.
const GlyphRun* run_starting(const DisplayList& display, const std::string& prefix, int* page_index = nullptr) {
    for (std::size_t p = 0; p < display.pages.size(); ++p) {
        for (const GlyphRun& run : display.pages[p].runs) {
            const std::string& text = run.text;
            if (text.rfind(prefix, 0) == 0) {
                if (page_index != nullptr) *page_index = int(p);
                return &run;
            }
        }
    }
    return nullptr;
}

}  // namespace

TEST_CASE("an article's parts are set with their structure, indents, markers and links", "[layout]") {
    const Style style = load_style("default");
    const Document document = structured_document();
    const LayoutResult result = layout_document(document, style);
    const DisplayList& display = result.display;
    CHECK(result.warnings.empty());
    check_page_rules(document, result);

    // Structure: the roles a tagged PDF needs, each run pointing at a real element.
    std::vector<std::string> roles;
    for (const auto& element : display.structure) roles.push_back(element.role);
    for (const std::string role : {"Document", "H1", "H2", "P", "BlockQuote", "L", "LI", "Lbl", "LBody", "Link"})
        CHECK(std::find(roles.begin(), roles.end(), role) != roles.end());
    CHECK(display.structure[0].role == "Document");
    CHECK(display.structure[0].parent == -1);
    for (std::size_t i = 1; i < display.structure.size(); ++i) {
        CHECK(display.structure[i].parent >= 0);
        CHECK(display.structure[i].parent < int(i));
    }
    for (const Page& page : display.pages)
        for (const GlyphRun& run : page.runs) {
            CHECK(run.structure < int(display.structure.size()));
            CHECK(run.font < int(display.fonts.size()));
        }

    // The title is the H1 and the first outline entry; the heading follows at level 2.
    const GlyphRun* title = run_starting(display, "How");
    REQUIRE(title != nullptr);
    CHECK(display.structure[std::size_t(title->structure)].role == "H1");
    CHECK(title->size == Approx(22));
    REQUIRE(display.outline.size() == 2);
    CHECK(display.outline[0].title == document.metadata.title);
    CHECK(display.outline[0].level == 1);
    CHECK(display.outline[1].title == "A Section Heading");
    CHECK(display.outline[1].level == 2);
    const GlyphRun* byline = run_starting(display, "Ada");
    REQUIRE(byline != nullptr);
    CHECK(run_starting(display, "November27,2026") != nullptr);

    // Indents: none for the first paragraph and after a heading or break, 1.5 em otherwise.
    const double left = style.margin_inner;  // page 1 is a recto: the inner margin is on the left
    const GlyphRun* first = run_starting(display, "First");
    const GlyphRun* second = run_starting(display, "Second");
    const GlyphRun* after_heading = run_starting(display, "After");
    REQUIRE(first != nullptr);
    REQUIRE(second != nullptr);
    REQUIRE(after_heading != nullptr);
    CHECK(first->x == Approx(left));
    CHECK(second->x == Approx(left + style.paragraph_indent));
    CHECK(after_heading->x == Approx(left));
    const GlyphRun* heading = run_starting(display, "ASection");
    REQUIRE(heading != nullptr);
    CHECK(heading->size == Approx(14));
    CHECK(display.structure[std::size_t(heading->structure)].role == "H2");

    // Emphasis and strong use the italic and bold faces.
    bool italic = false, bold = false;
    for (const auto& font : display.fonts) {
        italic |= font.style_name == "Italic";
        bold |= font.style_name == "Bold";
    }
    CHECK(italic);
    CHECK(bold);

    // The link: its runs are tagged Link, and a link area covers them.
    const GlyphRun* link = run_starting(display, "link");
    REQUIRE(link != nullptr);
    CHECK(display.structure[std::size_t(link->structure)].role == "Link");
    CHECK(display.structure[std::size_t(display.structure[std::size_t(link->structure)].parent)].role == "P");
    REQUIRE(display.pages[0].links.size() >= 1);
    const LinkArea& area = display.pages[0].links[0];
    CHECK(area.url == "https://example.org/");
    CHECK(area.structure == link->structure);
    CHECK(area.x == Approx(link->x).margin(0.01));
    CHECK(area.width > 40);
    CHECK(area.y < link->y);
    CHECK(area.y + area.height > link->y);

    // The block quote is indented on both sides.
    const GlyphRun* quoted = run_starting(display, "Aquoted");
    REQUIRE(quoted != nullptr);
    CHECK(quoted->x >= left + style.block_quote_indent - 0.01);
    CHECK(display.structure[std::size_t(display.structure[std::size_t(quoted->structure)].parent)].role ==
          "BlockQuote");

    // List markers hang in the indent, tagged Lbl; an ordered list counts from its start.
    const GlyphRun* bullet = run_starting(display, "\u2022");
    REQUIRE(bullet != nullptr);
    CHECK(display.structure[std::size_t(bullet->structure)].role == "Lbl");
    CHECK(bullet->x < left + style.list_indent);
    const GlyphRun* item = run_starting(display, "Firstitem");
    REQUIRE(item != nullptr);
    CHECK(item->x == Approx(left + style.list_indent));
    CHECK(run_starting(display, "9.") != nullptr);
    CHECK(run_starting(display, "10.") != nullptr);

    // The ornament is centred on the text block.
    int ornament_page = 0;
    const GlyphRun* ornament = run_starting(display, style.section_break_ornament, &ornament_page);
    REQUIRE(ornament != nullptr);
    const double page_left = ornament_page % 2 == 0 ? style.margin_inner : style.margin_outer;
    const double centre = page_left + (style.page_width - style.margin_inner - style.margin_outer) / 2;
    const double ornament_width = ornament->glyphs.back().x + ornament->glyphs.back().advance;
    CHECK(ornament->x + ornament_width / 2 == Approx(centre).margin(0.5));
    int after_break_page = 0;
    const GlyphRun* after_break = run_starting(display, "Afterthebreak", &after_break_page);
    REQUIRE(after_break != nullptr);
    CHECK(after_break_page == ornament_page);  // the ornament stays with the text after it
    CHECK(after_break->x == Approx(page_left));

    // Credit and provenance are smaller.
    const GlyphRun* credit = run_starting(display, "Photograph");
    REQUIRE(credit != nullptr);
    CHECK(credit->size < style.body.size);

    // Every body line sits on the baseline grid.
    for (const LineRecord& line : result.lines) {
        const double from_top = style.page_height - line.baseline - style.margin_top - style.body.size;
        CHECK(std::abs(from_top / style.leading - std::round(from_top / style.leading)) < 1e-6);
    }
}

TEST_CASE("a colophon closes the article: source, licence and how it was set", "[layout]") {
    Document document = structured_document();
    document.metadata.source_url = "https://example.org/story";
    document.metadata.rights = "CC BY 4.0";
    const LayoutResult result = layout_document(document, load_style("default"));
    const DisplayList& display = result.display;
    std::string colophon;
    int colophon_page = -1;
    for (std::size_t p = 0; p < display.pages.size(); ++p)
        for (const GlyphRun& run : display.pages[p].runs)
            if (run.structure >= 0 && in_colophon(display, run.structure)) {
                colophon += run.text;
                colophon_page = int(p);
            }
    CHECK(colophon_page == int(display.pages.size()) - 1);
    CHECK_THAT(colophon, Catch::Matchers::Contains("FirstpublishedbyTheTestGazetteathttps://example.org/story."));
    CHECK_THAT(colophon, Catch::Matchers::Contains("CCBY4.0"));
    CHECK_THAT(colophon, Catch::Matchers::Contains("SetinCharisSILwithgalley"));
}

TEST_CASE("byline, date and source stand a line below the title, whichever of them the article has", "[layout]") {
    const Style style = load_style("default");
    // The drop from the title's last baseline to the baseline of the first line under it.
    const auto drop_below_title = [&](bool with_authors, bool with_source) {
        Document document = structured_document();
        document.metadata.subtitle.clear();
        if (!with_authors) document.metadata.authors.clear();
        if (!with_source) document.metadata.source_name.clear();
        const DisplayList display = layout_document(document, style).display;
        REQUIRE_FALSE(display.pages.empty());
        double title_y = -1, next_y = -1;
        for (const GlyphRun& run : display.pages[0].runs) {
            if (run.text.find("Article") != std::string::npos && run.size > 20) title_y = run.y;
            else if (title_y >= 0 && next_y < 0 && run.y < title_y) next_y = run.y;
        }
        REQUIRE(title_y > 0);
        REQUIRE(next_y > 0);
        return title_y - next_y;
    };
    const double with_byline = drop_below_title(true, true);
    CHECK(drop_below_title(false, true) == Approx(with_byline));   // the date comes first
    CHECK(drop_below_title(false, false) == Approx(with_byline));  // the date alone
    CHECK(with_byline >= 2 * style.leading - 1e-6);  // a blank line between, not the next line
}

TEST_CASE("pages: mirrored margins, folios and running heads from page 2, headings kept with text", "[layout]") {
    const Style style = load_style("default");
    // Headings and paragraphs of many lengths, so some headings fall near page ends.
    const std::string novella = read_corpus("stevenson-jekyll-hyde-long-novella-se.txt");
    Document source = split_lines(novella);
    Document document;
    document.metadata.title = "Headings Everywhere";
    document.metadata.authors = {"R. L. S."};
    document.metadata.language = "en-US";
    std::mt19937 random(7);
    for (std::size_t i = 10; i < 150 && i < source.blocks.size(); ++i) {
        if (random() % 3 == 0) {
            Block heading = paragraph({Inline::make_text("Heading " + std::to_string(i))}, BlockKind::Heading);
            heading.level = 1 + int(random() % 3);
            document.blocks.push_back(heading);
        }
        document.blocks.push_back(source.blocks[i]);
    }
    const LayoutResult result = layout_document(document, style);
    const DisplayList& display = result.display;
    REQUIRE(display.pages.size() >= 4);
    check_page_rules(document, result);
    for (std::size_t p = 0; p < display.pages.size(); ++p) {
        const Page& page = display.pages[p];
        CHECK(page.width == Approx(style.page_width));
        CHECK(page.height == Approx(style.page_height));
        // Body text starts at the inner margin on rectos (odd pages) and the outer on versos.
        const double left = p % 2 == 0 ? style.margin_inner : style.margin_outer;
        double leftmost = 1e9, rightmost = 0;
        std::vector<const GlyphRun*> artifacts;
        for (const GlyphRun& run : page.runs) {
            if (run.structure < 0) {
                artifacts.push_back(&run);
                continue;
            }
            leftmost = std::min(leftmost, run.x);
            rightmost = std::max(rightmost, run.x + run.glyphs.back().x + run.glyphs.back().advance);
        }
        CHECK(leftmost >= left - 6);  // protrusion hangs a little into the margin
        CHECK(rightmost <= left + style.page_width - style.margin_inner - style.margin_outer + 6);
        if (p == 0) {
            CHECK(artifacts.empty());
            continue;
        }
        REQUIRE(artifacts.size() == 2);
        std::string head, folio;
        head += artifacts[0]->text;
        folio += artifacts[1]->text;
        CHECK(folio == std::to_string(p + 1));
        CHECK(head == (p % 2 == 0 ? document.metadata.title : std::string("R. L. S.")));
        CHECK(artifacts[0]->y > style.page_height - style.margin_top);  // above the text block
        CHECK(artifacts[1]->y < style.margin_bottom);                   // below it
    }
}

TEST_CASE("ragged right keeps word spaces at their natural width and never overfills", "[layout]") {
    Style style = load_style("default");
    style.alignment = Alignment::Left;
    Document document = split_lines(read_corpus("propublica-isis-encryption.txt"));
    const LayoutResult result = layout_document(document, style);
    check_page_rules(document, result);
    const double measure = style.page_width - style.margin_inner - style.margin_outer;
    double shortest = measure, longest = 0;
    for (const LineRecord& line : result.lines) {
        CHECK(line.width <= measure + 1e-6);  // no protrusion in ragged text
        if (line.last_of_paragraph) continue;
        shortest = std::min(shortest, line.width);
        longest = std::max(longest, line.width);
    }
    CHECK(longest > measure - 10);
    CHECK(shortest < measure - 10);  // the right edge is really ragged
    // Word gaps are all the same width: every glyph run's space is the natural space.
    for (const GlyphRun& run : result.display.pages[1].runs) {
        if (run.structure < 0) continue;
        for (std::size_t g = 1; g < run.glyphs.size(); ++g) {
            const double gap = run.glyphs[g].x - (run.glyphs[g - 1].x + run.glyphs[g - 1].advance);
            CHECK((std::abs(gap) < 0.01 || gap > 1.0));
        }
    }
}

TEST_CASE("a run wider than the measure with no break opportunity is broken, not set off the page", "[layout]") {
    std::string token;
    for (int i = 0; i < 20; ++i) token += "a1b2c3d4e5";  // 200 characters: no break, no hyphenation
    std::string joined;  // 24 words joined by no-break spaces
    for (int i = 0; i < 24; ++i) joined += std::string(i > 0 ? "\u00A0" : "") + "word" + std::to_string(i);
    Document document;
    document.metadata.language = "en-US";
    for (const std::string& text : {"Some text before the token " + token + " and some text after it to fill a line.",
                                    "A paragraph with " + joined + " in it, and then more ordinary words."}) {
        Block block;
        block.inlines = {Inline::make_text(text)};
        document.blocks.push_back(block);
    }
    const LayoutResult result = layout_document(document, load_style("default"));
    for (const LineRecord& line : result.lines) {
        CHECK_FALSE(line.overfull);
        CHECK(line.adjustment_ratio >= -1);  // shrunk at most to the limit: inside the measure
        CHECK_FALSE(line.hyphenated);        // no hyphen is added inside the token
    }
    CHECK(result.warnings.empty());
    std::string all;
    for (const Page& page : result.display.pages)
        for (const GlyphRun& run : page.runs) {
            CHECK_FALSE(run.inserted_hyphen);
            all += run.text;
        }
    CHECK_THAT(all, Catch::Matchers::Contains(token));  // whole and in order, across the lines
    CHECK_THAT(all, Catch::Matchers::Contains(joined));
    // The token takes more than one line.
    int token_lines = 0;
    for (const LineRecord& line : result.lines) token_lines += line.block == 0;
    CHECK(token_lines >= 4);
}

TEST_CASE("Chinese is justified between its characters and breaks without adding spaces", "[layout]") {
    std::string chinese;
    for (int i = 0; i < 12; ++i) chinese += "本市图书馆周一宣布，将在暑假期间延长开放时间。";
    Document document;
    document.metadata.language = "zh";
    Block block;
    block.inlines = {Inline::make_text(chinese)};
    document.blocks.push_back(block);
    const LayoutResult result = layout_document(document, load_style("default"));
    REQUIRE(result.lines.size() >= 5);
    for (const LineRecord& line : result.lines) {
        CHECK_FALSE(line.overfull);
        if (line.last_of_paragraph) continue;
        // Full lines: stretched a little between characters, never looser than a word space.
        CHECK(line.adjustment_ratio >= 0);
        CHECK(line.adjustment_ratio <= 1.5);
        CHECK(line.measure - line.width < 10.5);  // short of the measure by less than a character
    }
    CHECK(result.warnings.empty());
    // The paragraph's runs (not the colophon's).
    std::string all;
    int line_ends = 0;
    int paragraph = -1;
    for (const Page& page : result.display.pages)
        for (const GlyphRun& run : page.runs) {
            if (paragraph < 0 && run.text.rfind("本市", 0) == 0) paragraph = run.structure;
            if (paragraph < 0 || run.structure != paragraph) continue;
            all += run.text;
            line_ends += run.ends_line;
        }
    CHECK(all == chinese);  // nothing added, nothing lost
    CHECK(line_ends <= 1);   // no line but the last says a space follows it
}

TEST_CASE("right-to-left words are placed in visual order, in a line and in a paragraph", "[layout]") {
    const std::string shalom = "\u05E9\u05DC\u05D5\u05DD", aleichem = "\u05E2\u05DC\u05D9\u05DB\u05DD";
    std::string hebrew;  // a right-to-left paragraph with one English word in it
    for (int i = 0; i < 12; ++i) hebrew += (i ? " " : "") + shalom + " " + aleichem + (i == 5 ? " English" : "");
    Document document;
    document.metadata.language = "en";
    for (const std::string& text : {"He said " + shalom + " " + aleichem + " and left.", hebrew}) {
        Block block;
        block.inlines = {Inline::make_text(text)};
        document.blocks.push_back(block);
    }
    const Style style = load_style("default");
    const LayoutResult result = layout_document(document, style);
    // Where each glyph of a given text lies, in page space.
    struct Placed {
        std::string text;
        double x, y;
    };
    std::vector<Placed> glyphs;
    for (const Page& page : result.display.pages)
        for (const GlyphRun& run : page.runs)
            for (std::size_t g = 0; g < run.glyphs.size(); ++g)
                glyphs.push_back({std::string(run.text_of(g)), run.x + run.glyphs[g].x, run.y});
    auto first_x = [&](const std::string& letter, std::size_t from = 0) {
        for (std::size_t i = from; i < glyphs.size(); ++i)
            if (glyphs[i].text == letter) return i;
        return glyphs.size();
    };
    // In the English line: "shalom aleichem" reads right to left, so shalom (first) is on the right.
    const std::size_t shin = first_x("\u05E9"), ayin = first_x("\u05E2");
    REQUIRE(shin < glyphs.size());
    REQUIRE(ayin < glyphs.size());
    CHECK(glyphs[shin].x > glyphs[ayin].x);
    const std::size_t said = first_x("d");  // "said", before both
    CHECK(glyphs[said].x < glyphs[ayin].x);
    // In the Hebrew paragraph: its first word ends the first line on the right, and its last line
    // ends at the right edge of the measure, where a left-to-right paragraph's would start.
    const std::size_t paragraph_shin = first_x("\u05E9", shin + 1);
    REQUIRE(paragraph_shin < glyphs.size());
    double rightmost = 0;
    for (const Placed& glyph : glyphs)
        if (glyph.y == glyphs[paragraph_shin].y) rightmost = std::max(rightmost, glyph.x);
    CHECK(glyphs[paragraph_shin].x == Approx(rightmost));
    const double right_edge = style.page_width - style.margin_outer;  // page 1 is a recto
    double last_line_right = 0;
    double last_y = 0;  // the paragraph's last line: the line of its last Hebrew letter
    for (const Placed& glyph : glyphs)
        if (glyph.text == "\u05DD") last_y = glyph.y;
    for (const Placed& glyph : glyphs)
        if (glyph.y == last_y && glyph.text != "") last_line_right = std::max(last_line_right, glyph.x);
    CHECK(last_line_right > right_edge - 20);
}

TEST_CASE("awkward input is set without crashing, overfull lines or lost characters", "[layout]") {
    Document document;
    document.metadata.language = "en-US";
    const std::vector<std::string> texts{
        "",
        "   ",
        "x",
        "Flags \U0001F1E9\U0001F1EA\U0001F1EB\U0001F1F7 and a family \U0001F468\u200D\U0001F469\u200D\U0001F467 emoji.",
        "Chinese \u4E2D\u6587, Korean \uD55C\uAD6D\uC5B4, and a hieroglyph \U00013000 no installed font has.",
        "A URL https://www.example.org/a/very/long/path/that/cannot/possibly/fit/on/one/line/of/this/page/at/all.html in text.",
        "Supercalifragilisticexpialidocious-antidisestablishmentarianism-pneumonoultramicroscopicsilicovolcanoconiosis.",
        "Hebrew \u05E9\u05DC\u05D5\u05DD and Arabic \u0645\u0631\u062D\u0628\u0627 words; combining e\u0301 and n\u0303.",
        "Tabs\tand\u00A0no-break\u202Fspaces, soft\u00ADhyphens, word\u2060joiners\u2014and dashes \u2013 here.",
        "Line\nbreaks\ninside.",
    };
    int number = 1;
    for (const std::string& text : texts) {
        Block block;
        block.inlines = {Inline::make_text(text)};
        block.position = SourcePosition{number++, 1};
        document.blocks.push_back(block);
    }
    const LayoutResult result = layout_document(document, load_style("default"));
    REQUIRE(!result.display.pages.empty());
    int overfull = 0;
    for (const LineRecord& line : result.lines) overfull += line.overfull;
    // The URL breaks at its slashes; the 110-letter compound at its hyphens.
    CHECK(overfull == 0);
    int overfull_warnings = 0;
    for (const LayoutWarning& warning : result.warnings)
        overfull_warnings += warning.message.find("too wide") != std::string::npos;
    CHECK(overfull_warnings == overfull);
    int missing_warnings = 0;
    for (const LayoutWarning& warning : result.warnings)
        missing_warnings += warning.message.find("no installed font has the character") != std::string::npos;
    CHECK(missing_warnings == 1);  // the hieroglyph: flags and emoji come from Symbola
    for (const Page& page : result.display.pages)
        for (const GlyphRun& run : page.runs)
            for (const PositionedGlyph& glyph : run.glyphs) CHECK(glyph.glyph_id != 0);
    // On the page the Hebrew word still reads right to left: its first letter is rightmost.
    for (const Page& page : result.display.pages)
        for (const GlyphRun& run : page.runs)
            for (std::size_t g = 0; g + 1 < run.glyphs.size(); ++g)
                if (run.text_of(g) == "\u05E9") CHECK(run.glyphs[g].x > run.glyphs[g + 1].x);
    // The characters come back in reading order (those no face has are reported instead), the
    // right-to-left words too.
    std::string all;
    for (const Page& page : result.display.pages)
        for (const GlyphRun& run : page.runs)
            if (!run.inserted_hyphen)
                all += run.text;
    for (const std::string word : {"\u4E2D\u6587", "\uD55C\uAD6D\uC5B4", "\U0001F1E9\U0001F1EA", "Supercalifragilisticexpialidocious-", "\u05E9\u05DC\u05D5\u05DD", "\u0645\u0631\u062D\u0628\u0627", "e\u0301",
                                   "www.example.org", "no-break", "word\u2060joiners\u2014and"})
        CHECK_THAT(all, Catch::Matchers::Contains(word));
}
