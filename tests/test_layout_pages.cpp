#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <string>

#include "galley.hpp"
#include "layout/layout.hpp"
#include "style/style.hpp"

using namespace galley;
using namespace galley::layout;

namespace {

// Every paragraph's lines come in order, once each, with one line count: pagination swaps
// paragraphs set a line longer or shorter in and out, and sets their lines only when used.
void check_paragraphs_whole(const LayoutResult& result) {
    std::map<int, int> next_line, line_count;
    int previous_block = -1;
    for (const LineRecord& line : result.lines) {
        INFO("block " << line.block << " line " << line.line_in_block << " of " << line.lines_in_block << " on page "
                      << line.page);
        const auto [count, added] = line_count.try_emplace(line.block, line.lines_in_block);
        CHECK(count->second == line.lines_in_block);
        if (!added) CHECK(previous_block == line.block);  // no paragraph comes back later
        CHECK(next_line[line.block] == line.line_in_block);
        next_line[line.block] = line.line_in_block + 1;
        CHECK(line.last_of_paragraph == (line.line_in_block + 1 == line.lines_in_block));
        previous_block = line.block;
    }
    for (const auto& [block, count] : line_count) {
        INFO("block " << block);
        CHECK(next_line[block] == count);
    }
}

}  // namespace

TEST_CASE("paragraphs set anew for the page are whole, in order, and within the stricter tolerance", "[layout][pages]") {
    const Style style = load_style("default");
    const Document document = galley::read_article(GALLEY_SHARED_DIR "/corpus/stevenson-jekyll-hyde-long-novella-se.txt",
                                                   galley::ArticleOptions{}, {});
    const LayoutResult result = layout_document(document, style);
    REQUIRE(result.display.pages.size() > 50);
    check_paragraphs_whole(result);

    // Set alone, each paragraph is as the best breaks make it; on the pages some are a line
    // longer or shorter. On one endless page nothing is set anew.
    Style endless = style;
    endless.page_height = 200000;
    const LayoutResult plain = layout_document(document, endless);
    REQUIRE(plain.display.pages.size() == 1);
    check_paragraphs_whole(plain);
    std::map<int, int> lines_two_sided, lines_one_sided;
    for (const LineRecord& line : result.lines) lines_two_sided[line.block] = line.lines_in_block;
    for (const LineRecord& line : plain.lines) lines_one_sided[line.block] = line.lines_in_block;
    REQUIRE(lines_two_sided.size() == lines_one_sided.size());
    int differing = 0;
    for (const auto& [block, count] : lines_two_sided) {
        const int other = lines_one_sided.at(block);
        CHECK(std::abs(count - other) <= 1);  // a line longer or shorter, no more
        differing += count != other;
    }
    WARN("paragraphs set a line longer or shorter for the pages: " << differing);
    CHECK(differing > 0);
    // No line is overfull or shrunk beyond its shrink.
    for (const LineRecord& line : result.lines) {
        CHECK_FALSE(line.overfull);
        CHECK(line.adjustment_ratio >= -1.0 - 1e-9);
    }
}

TEST_CASE("pagination gives the same pages every time", "[layout][pages]") {
    const Style style = load_style("default");
    const Document document = galley::read_article(GALLEY_SHARED_DIR "/corpus/stevenson-jekyll-hyde-long-novella-se.txt",
                                                   galley::ArticleOptions{}, {});
    const LayoutResult first = layout_document(document, style);
    const LayoutResult second = layout_document(document, style, false);  // without the lookahead thread
    REQUIRE(first.lines.size() == second.lines.size());
    REQUIRE(first.display.pages.size() == second.display.pages.size());
    for (std::size_t i = 0; i < first.lines.size(); ++i) {
        INFO("line " << i);
        CHECK(first.lines[i].block == second.lines[i].block);
        CHECK(first.lines[i].page == second.lines[i].page);
        CHECK(first.lines[i].baseline == second.lines[i].baseline);
        CHECK(first.lines[i].adjustment_ratio == second.lines[i].adjustment_ratio);
    }
    for (std::size_t p = 0; p < first.display.pages.size(); ++p) {
        INFO("page " << p);
        const auto& a = first.display.pages[p].runs;
        const auto& b = second.display.pages[p].runs;
        REQUIRE(a.size() == b.size());
        for (std::size_t r = 0; r < a.size(); ++r) {
            CHECK(a[r].text == b[r].text);
            CHECK(a[r].x == b[r].x);
            CHECK(a[r].y == b[r].y);
        }
    }
}
