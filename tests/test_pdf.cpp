// The PDF writer, checked from the outside: display lists built by hand from real HarfBuzz
// shaping of Charis SIL, written to a file and examined with qpdf and poppler's tools.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <fontconfig/fontconfig.h>
#include <hb.h>

#include "layout/display_list.hpp"
#include "model/error.hpp"
#include "pdf/font_program.hpp"
#include "pdf/page_content.hpp"
#include "pdf/pdf_writer.hpp"

namespace {

using galley::layout::DisplayList;
using galley::layout::GlyphRun;
using galley::layout::PositionedGlyph;

std::string find_font(const char* pattern, const char* fallback) {
    std::string path = fallback;
    FcPattern* query = FcNameParse(reinterpret_cast<const FcChar8*>(pattern));
    FcConfigSubstitute(nullptr, query, FcMatchPattern);
    FcDefaultSubstitute(query);
    FcResult result = FcResultNoMatch;
    if (FcPattern* match = FcFontMatch(nullptr, query, &result)) {
        FcChar8* file = nullptr;
        if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
            std::string(reinterpret_cast<const char*>(file)).find("Charis") != std::string::npos)
            path = reinterpret_cast<const char*>(file);
        FcPatternDestroy(match);
    }
    FcPatternDestroy(query);
    return path;
}

const std::string& charis_path() {
    static const std::string path =
        find_font("Charis SIL:style=Regular", "/usr/share/fonts/truetype/charis/CharisSIL-Regular.ttf");
    return path;
}

// Shapes `text` with HarfBuzz into positioned glyphs (points, relative to the run origin),
// each glyph carrying its cluster's text (the first glyph of a cluster) as the layout engine does.
class Shaper {
public:
    explicit Shaper(const std::string& path) {
        blob_ = hb_blob_create_from_file_or_fail(path.c_str());
        REQUIRE(blob_ != nullptr);
        face_ = hb_face_create(blob_, 0);
        font_ = hb_font_create(face_);
        upem_ = hb_face_get_upem(face_);
        hb_font_set_scale(font_, static_cast<int>(upem_), static_cast<int>(upem_));
    }
    ~Shaper() {
        hb_font_destroy(font_);
        hb_face_destroy(face_);
        hb_blob_destroy(blob_);
    }
    Shaper(const Shaper&) = delete;
    Shaper& operator=(const Shaper&) = delete;

    std::vector<PositionedGlyph> shape(const std::string& text, double size, double* width = nullptr) const {
        hb_buffer_t* buffer = hb_buffer_create();
        hb_buffer_set_cluster_level(buffer, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
        hb_buffer_add_utf8(buffer, text.data(), static_cast<int>(text.size()), 0, static_cast<int>(text.size()));
        hb_buffer_guess_segment_properties(buffer);
        hb_shape(font_, buffer, nullptr, 0);
        unsigned count = 0;
        const hb_glyph_info_t* infos = hb_buffer_get_glyph_infos(buffer, &count);
        const hb_glyph_position_t* positions = hb_buffer_get_glyph_positions(buffer, &count);
        std::vector<PositionedGlyph> glyphs;
        const double scale = size / upem_;
        double pen = 0;
        for (unsigned i = 0; i < count; ++i) {
            PositionedGlyph glyph;
            glyph.glyph_id = infos[i].codepoint;
            glyph.x = pen + positions[i].x_offset * scale;
            glyph.y = positions[i].y_offset * scale;
            glyph.advance = positions[i].x_advance * scale;
            if (i == 0 || infos[i].cluster != infos[i - 1].cluster) {
                unsigned end = static_cast<unsigned>(text.size());
                for (unsigned k = i + 1; k < count; ++k)
                    if (infos[k].cluster != infos[i].cluster) {
                        end = infos[k].cluster;
                        break;
                    }
                glyph.text = text.substr(infos[i].cluster, end - infos[i].cluster);
            }
            pen += glyph.advance;
            glyphs.push_back(glyph);
        }
        hb_buffer_destroy(buffer);
        if (width) *width = pen;
        return glyphs;
    }

private:
    hb_blob_t* blob_ = nullptr;
    hb_face_t* face_ = nullptr;
    hb_font_t* font_ = nullptr;
    unsigned upem_ = 1000;
};

struct CommandResult {
    int status = -1;
    std::string output;
};

CommandResult run(const std::string& command) {
    CommandResult result;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    std::size_t got = 0;
    while ((got = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, got);
    result.status = pclose(pipe);
    return result;
}

std::string temporary_path(const std::string& name) {
    const char* directory = std::getenv("TMPDIR");
    return std::string(directory ? directory : "/tmp") + "/galley_test_pdf_" + std::to_string(::getpid()) + "_" + name;
}

std::string save(const std::string& bytes, const std::string& name) {
    const std::string path = temporary_path(name);
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    REQUIRE(out.good());
    return path;
}

std::vector<std::string> words_of(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> words;
    std::string word;
    while (in >> word) words.push_back(word);
    return words;
}

// A sample book: two pages of 6x9 in, a title, a paragraph with ligatures, a link, a word broken
// by an inserted hyphen within a page and another across the page break, a running head,
// folios, a rule; structure, outline and page labels (the first page has no folio).
class Sample {
public:
    Sample() : shaper_(charis_path()) {
        list.info.title = "Office Affluence";
        list.info.author = "Ada Lovelace";
        list.info.subject = "A test of the PDF writer";
        list.info.keywords = "pdf, test";
        list.fonts.push_back({charis_path(), 0, "Charis SIL", "Regular", "CharisSIL"});
        list.structure = {{"Document", -1, "", ""}, {"H1", 0, "", ""}, {"P", 0, "", ""},
                          {"Link", 2, "", ""},      {"H1", 0, "", ""}, {"P", 0, "", ""}};
        list.pages.resize(2);
        for (auto& page : list.pages) {
            page.width = 432;
            page.height = 648;
        }
        list.pages[1].label = "2";

        auto& first = list.pages[0];
        line(first, 72, 560, {{"Office Affluence", 1}}, 18);
        line(first, 72, 520, {{"The office staff were fluffy and affluent;", 2}});
        hyphenated_line(first, 72, 506, "they studied the explo", 2);
        line(first, 72, 492, {{"sives carefully and then wrote a report.", 2}});
        line(first, 72, 478, {{"Visit ", 2}, {"example.org", 3}, {" today for the full text.", 2}});
        hyphenated_line(first, 72, 464, "In the end the weather was unpre", 2);
        first.links.push_back({72 + width_of("Visit "), 476, width_of("example.org"), 11, "https://example.org/", 3});
        first.rules.push_back({72, 450, 288, 0.5, {}, -1});
        line(first, 216, 40, {{"1", -1}});  // a folio, though the page label says none is printed

        auto& second = list.pages[1];
        line(second, 72, 600, {{"Office Affluence", -1}});  // running head
        line(second, 72, 560, {{"dictable and the fjords froze.", 2}});
        line(second, 72, 520, {{"A Second Heading", 4}}, 18);
        line(second, 72, 490, {{"Efficient shuffling baffled everyone.", 5}});
        line(second, 216, 40, {{"2", -1}});

        list.outline = {{"Office Affluence", 1, 0, 578}, {"A Second Heading", 2, 1, 538}};
    }

    // Words pdftotext should give back, in order.
    static std::vector<std::string> expected_words() {
        return words_of(
            // The word broken across the page comes back whole on the first page.
            "Office Affluence The office staff were fluffy and affluent; they studied the explosives carefully "
            "and then wrote a report. Visit example.org today for the full text. In the end the weather was "
            "unpredictable 1 Office Affluence and the fjords froze. A Second Heading Efficient "
            "shuffling baffled everyone. 2");
    }

    double width_of(const std::string& text) const {
        double width = 0;
        shaper_.shape(text, 11, &width);
        return width;
    }

    DisplayList list;

private:
    // Runs of one line, each a piece of text with its structure element.
    void line(galley::layout::Page& page, double x, double y, std::vector<std::pair<std::string, int>> pieces,
              double size = 11) {
        double pen = x;
        for (std::size_t i = 0; i < pieces.size(); ++i) {
            GlyphRun run;
            run.size = size;
            run.x = pen;
            run.y = y;
            double width = 0;
            run.glyphs = shaper_.shape(pieces[i].first, size, &width);
            run.structure = pieces[i].second;
            run.ends_line = i + 1 == pieces.size();
            if (pieces[i].second == 3) run.color = {0, 0, 160};
            pen += width;
            page.runs.push_back(run);
        }
    }
    void hyphenated_line(galley::layout::Page& page, double x, double y, const std::string& text, int structure) {
        line(page, x, y, {{text, structure}});
        page.runs.back().ends_line = false;
        double width = 0;
        shaper_.shape(text, 11, &width);
        GlyphRun hyphen;
        hyphen.size = 11;
        hyphen.x = x + width;
        hyphen.y = y;
        hyphen.glyphs = shaper_.shape("-", 11);
        hyphen.inserted_hyphen = true;
        hyphen.ends_line = true;
        hyphen.structure = -1;
        page.runs.push_back(hyphen);
    }

    Shaper shaper_;
};

}  // namespace

TEST_CASE("the sample shapes with Charis ligatures", "[pdf]") {
    Shaper shaper(charis_path());
    const auto glyphs = shaper.shape("office", 11);
    // o, ffi ligature, c, e: the ligature glyph carries "ffi".
    REQUIRE(glyphs.size() == 4);
    CHECK(glyphs[1].text == "ffi");
}

TEST_CASE("write_pdf writes a PDF that qpdf accepts, with fonts embedded and subset", "[pdf]") {
    Sample sample;
    const std::string bytes = galley::pdf::write_pdf(sample.list, {});
    REQUIRE(bytes.substr(0, 8) == "%PDF-1.7");
    const std::string path = save(bytes, "check.pdf");

    const CommandResult check = run("qpdf --check '" + path + "'");
    INFO(check.output);
    CHECK(check.status == 0);
    CHECK(check.output.find("No syntax or stream encoding errors found") != std::string::npos);

    const CommandResult fonts = run("pdffonts '" + path + "'");
    INFO(fonts.output);
    REQUIRE(fonts.status == 0);
    // One line per font after the two header lines: CID TrueType, Identity-H, emb/sub/uni yes.
    const std::regex font_line(R"(([A-Z]{6})\+CharisSIL\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes)");
    std::smatch match;
    CHECK(std::regex_search(fonts.output, match, font_line));
    CHECK(std::count(fonts.output.begin(), fonts.output.end(), '\n') == 3);
    CHECK(bytes.size() < 40000);  // a subset, not the 750 KB font
    std::remove(path.c_str());
}

TEST_CASE("pdftotext gives back the words: ligatures, hyphenated words joined, line ends", "[pdf]") {
    Sample sample;
    const std::string path = save(galley::pdf::write_pdf(sample.list, {}), "text.pdf");
    for (const char* mode : {"", "-raw ", "-layout "}) {
        const CommandResult text = run(std::string("pdftotext -enc UTF-8 ") + mode + "'" + path + "' -");
        INFO("pdftotext " << mode << "\n" << text.output);
        REQUIRE(text.status == 0);
        CHECK(words_of(text.output) == Sample::expected_words());
    }
    std::remove(path.c_str());
}

TEST_CASE("sample PDF for inspection", "[.pdf-sample]") {
    Sample sample;
    const std::string bytes = galley::pdf::write_pdf(sample.list, {});
    std::ofstream("/tmp/galley_sample.pdf", std::ios::binary) << bytes;
    CHECK(!bytes.empty());
}
