// The PDF writer's fast paths, checked against what they replace: number formatting against
// the plain std::to_chars formatting, and a many-page document's page tree (built without
// PoDoFo's CreatePage) against what poppler and qpdf read back, page by page.
#include <catch2/catch.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <regex>
#include <string>
#include <vector>

#include <unistd.h>

#include <hb.h>

#include "cli_support.hpp"
#include "layout/display_list.hpp"
#include "pdf/page_content.hpp"
#include "pdf/pdf_writer.hpp"

using galley_test::CommandResult;
using galley_test::run_command;

namespace {

// format_number as it was first written: std::round, then std::to_chars, then trimming.
std::string reference_format(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    double rounded = std::round(value * scale) / scale;
    if (rounded == 0) rounded = 0;
    std::vector<char> buffer(400 + static_cast<std::size_t>(decimals));  // 1e308 has 309 digits
    auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), rounded, std::chars_format::fixed, decimals);
    REQUIRE(result.ec == std::errc());
    std::string text(buffer.data(), result.ptr);
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0') text.pop_back();
        if (text.back() == '.') text.pop_back();
    }
    return text;
}

const char* const charis = "/usr/share/fonts/truetype/charis/CharisSIL-Regular.ttf";

// A run showing `text` (ASCII) with the font's nominal glyphs and advances: no shaping needed
// to check page order.
galley::layout::GlyphRun nominal_run(hb_font_t* font, const std::string& text, double size, double x, double y) {
    galley::layout::GlyphRun run;
    run.size = size;
    run.x = x;
    run.y = y;
    run.structure = 1;
    run.ends_line = true;
    const double scale = size / hb_face_get_upem(hb_font_get_face(font));
    double pen = 0;
    for (char c : text) {
        hb_codepoint_t glyph = 0;
        REQUIRE(hb_font_get_nominal_glyph(font, static_cast<hb_codepoint_t>(c), &glyph));
        const double advance = hb_font_get_glyph_h_advance(font, glyph) * scale;
        run.add_glyph(glyph, pen, 0, advance, std::string(1, c));
        pen += advance;
    }
    return run;
}

}  // namespace

TEST_CASE("format_number's integer path writes what std::to_chars writes", "[pdf]") {
    std::mt19937_64 random(20261127);
    std::uniform_real_distribution<double> small(-1000.0, 1000.0);
    std::uniform_real_distribution<double> exponent(-12.0, 16.0);
    for (int i = 0; i < 20000; ++i) {
        const int decimals = i % 7;
        const double plain = small(random);
        const double wide = (i % 2 ? -1 : 1) * std::pow(10.0, exponent(random));
        INFO(plain << " " << wide << " " << decimals);
        CHECK(galley::pdf::format_number(plain, decimals) == reference_format(plain, decimals));
        CHECK(galley::pdf::format_number(wide, decimals) == reference_format(wide, decimals));
    }
    // Halves, negative zero, values on both sides of the 10^14 cut-over, and very large ones.
    for (double value : {0.0005, -0.0005, 0.0015, 2.5, -2.5, -0.0, -0.0004, 1e14 / 1000 - 0.0005, 99999999999.9995,
                         123456789012.3456, 1e17, -3e20, 1e300}) {
        INFO(value);
        CHECK(galley::pdf::format_number(value) == reference_format(value, 3));
        CHECK(galley::pdf::format_number(value, 0) == reference_format(value, 0));
    }
}

TEST_CASE("a document of many pages keeps its pages in order in one page tree", "[pdf]") {
    std::ifstream probe(charis);
    REQUIRE(probe.good());  // fonts-sil-charis is a build dependency
    hb_blob_t* blob = hb_blob_create_from_file_or_fail(charis);
    REQUIRE(blob != nullptr);
    hb_face_t* face = hb_face_create(blob, 0);
    hb_font_t* font = hb_font_create(face);

    galley::layout::DisplayList list;
    list.info.title = "Pages";
    list.fonts.push_back({charis, 0, "Charis SIL", "Regular", "CharisSIL"});
    list.structure.push_back({"Document", -1, "", ""});
    list.structure.push_back({"P", 0, "", ""});
    const int page_count = 140;
    for (int index = 0; index < page_count; ++index) {
        galley::layout::Page page;
        // Every seventh page a different size, so the page objects are not all alike.
        page.width = index % 7 == 0 ? 500 : 432;
        page.height = 648;
        page.label = std::to_string(index + 1);
        page.runs.push_back(nominal_run(font, "Marker" + std::to_string(index + 1) + "End", 11, 72, 500));
        list.pages.push_back(std::move(page));
    }
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);

    const std::string bytes = galley::pdf::write_pdf(list, {});
    // One /Pages node, listing every page once, with the right count.
    CHECK(bytes.find("/Type/Pages/Count " + std::to_string(page_count) + "/Kids[") != std::string::npos);
    const std::string path = "/tmp/galley_test_pdf_pages_" + std::to_string(::getpid()) + ".pdf";
    {
        std::ofstream out(path, std::ios::binary);
        out << bytes;
        REQUIRE(out.good());
    }
    const CommandResult check = run_command("qpdf --check '" + path + "'");
    INFO(check.output);
    CHECK(check.exit_code == 0);
    const CommandResult info = run_command("pdfinfo '" + path + "'");
    INFO(info.output);
    CHECK(std::regex_search(info.output, std::regex("Pages: +" + std::to_string(page_count) + "\\n")));
    // Each page holds its own marker, in order, and has its own size.
    for (int index : {0, 1, 7, 69, 70, 138, 139}) {
        const std::string number = std::to_string(index + 1);
        const CommandResult text =
            run_command("pdftotext -f " + number + " -l " + number + " '" + path + "' -");
        INFO("page " << number << ": " << text.output);
        CHECK(text.output.find("Marker" + number + "End") != std::string::npos);
        const CommandResult size = run_command("pdfinfo -f " + number + " -l " + number + " '" + path + "'");
        CHECK(size.output.find(index % 7 == 0 ? "500 x 648 pts" : "432 x 648 pts") != std::string::npos);
    }
    std::remove(path.c_str());
}
