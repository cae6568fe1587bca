// Process-wide resources of the layout engine: fontconfig and hyphenation dictionaries are
// loaded once (possibly ahead of time, on another thread) and shared.
#include <catch2/catch.hpp>

#include <filesystem>
#include <future>
#include <string>
#include <vector>

#include "galley.hpp"
#include "layout/hyphenation.hpp"
#include "layout/layout.hpp"
#include "pdf/pdf_writer.hpp"
#include "style/style.hpp"

using namespace galley;
using namespace galley::layout;

TEST_CASE("a prefetched hyphenation dictionary hyphenates like one loaded on demand", "[layout][hyphenation]") {
    const std::vector<std::string> words{"encryption", "typesetting", "organisation", "hyphenation", "counterterrorism"};
    // Swiss French is loaded nowhere else in this test binary: fetch it ahead, from several
    // threads at once, then use it.
    std::vector<std::future<void>> fetches;
    for (int i = 0; i < 3; ++i) fetches.push_back(std::async(std::launch::async, [] { prefetch_hyphenation("fr-CH"); }));
    for (auto& fetch : fetches) fetch.get();
    Hyphenator swiss("fr-CH", 2, 2, {});
    CHECK(swiss.dictionary_path().find("hyph_fr_CH") != std::string::npos);
    CHECK(swiss.show("organisation").find('-') != std::string::npos);

    prefetch_hyphenation("en-US");
    Hyphenator first("en-US", 2, 3, {});
    Hyphenator second("en-US", 2, 3, {"coun-ter-ter-ror-ism"});
    for (const std::string& word : words) {
        INFO(word);
        CHECK(first.show(word).find('-') != std::string::npos);
        if (word != "counterterrorism") CHECK(first.show(word) == second.show(word));
    }
    // Each keeps its own exceptions while sharing the patterns.
    CHECK(second.show("counterterrorism") == "coun-ter-ter-ror-ism");
    CHECK(first.show("counterterrorism") != second.show("counterterrorism"));
}

TEST_CASE("articles read with prefetching lay out exactly as without", "[layout][pipeline]") {
    const std::string text =
        "A Title for the Test\n\nBy Someone Writer\n\n"
        "Typesetting a paragraph well means choosing every line break of it together, which is what "
        "the total-fit algorithm does; hyphenation gives it more choices, and the dictionaries that "
        "supply them are loaded once per process.\n\n"
        "Une phrase en français n'y change rien : le document est en anglais.\n";
    ArticleOptions plain;
    ArticleOptions prefetching;
    prefetching.prefetch_fonts = true;
    prefetching.prefetch_hyphenation = true;
    const Document a = read_article_text(text, "a.txt", plain, {});
    const Document b = read_article_text(text, "a.txt", prefetching, {});
    const Style style = load_style("default");
    RenderOptions render;
    render.timestamp = 1700000000;
    CHECK(render_pdf(a, style, render, {}) == render_pdf(b, style, render, {}));
}

TEST_CASE("the lookahead thread changes nothing in the layout of any corpus text", "[layout][pipeline][corpus]") {
    std::vector<std::filesystem::path> inputs;
    for (const auto& entry : std::filesystem::directory_iterator(GALLEY_SHARED_DIR "/corpus"))
        if (entry.path().extension() == ".txt") inputs.push_back(entry.path());
    for (const auto& entry : std::filesystem::directory_iterator(GALLEY_SOURCE_DIR "/data"))
        if (entry.path().extension() == ".txt") inputs.push_back(entry.path());
    REQUIRE(inputs.size() >= 10);
    const Style style = load_style("default");
    pdf::PdfOptions options;
    options.timestamp = 1700000000;
    for (const auto& input : inputs) {
        INFO(input.string());
        const Document document = read_article(input.string(), ArticleOptions{}, {});
        const LayoutResult ahead = layout_document(document, style, true);
        const LayoutResult alone = layout_document(document, style, false);
        REQUIRE(ahead.lines.size() == alone.lines.size());
        CHECK(ahead.warnings.size() == alone.warnings.size());
        CHECK(pdf::write_pdf(ahead.display, options) == pdf::write_pdf(alone.display, options));
    }
}
