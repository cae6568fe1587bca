#include <catch2/catch.hpp>

#include "model/error.hpp"
#include "style/style.hpp"

using galley::parse_length;
using galley::parse_style;

TEST_CASE("lengths are read in every unit", "[style]") {
    CHECK(parse_length("12pt", 10) == Approx(12));
    CHECK(parse_length("1in", 10) == Approx(72));
    CHECK(parse_length("25.4mm", 10) == Approx(72));
    CHECK(parse_length("2.54cm", 10) == Approx(72));
    CHECK(parse_length("1pc", 10) == Approx(12));
    CHECK(parse_length("96px", 10) == Approx(72));
    CHECK(parse_length("1.5em", 10.5) == Approx(15.75));
    CHECK(parse_length("0", 10) == Approx(0));
    CHECK_THROWS_AS(parse_length("12", 10), std::invalid_argument);
    CHECK_THROWS_AS(parse_length("12furlongs", 10), std::invalid_argument);
    CHECK_THROWS_AS(parse_length("big", 10), std::invalid_argument);
}

TEST_CASE("the shipped default style is the 6x9 trade page", "[style]") {
    const galley::Style style = galley::load_style("default");
    CHECK(style.page_width == Approx(432));
    CHECK(style.page_height == Approx(648));
    CHECK(style.margin_inner == Approx(63));
    CHECK(style.margin_outer == Approx(45));
    CHECK(style.margin_top == Approx(54));
    CHECK(style.margin_bottom == Approx(63));
    CHECK(style.body.family == "Charis SIL");
    CHECK(style.body.size == Approx(10.5));
    CHECK(style.leading == Approx(13.65));
    CHECK(style.paragraph_indent == Approx(15.75));
    CHECK(style.alignment == galley::Alignment::Justify);
    CHECK(style.hyphenate);
    CHECK(style.hyphen_min_before == 2);
    CHECK(style.hyphen_min_after == 3);
    CHECK(style.headings.size() == 6);
}

TEST_CASE("a style file sets page, text and colours", "[style]") {
    const galley::Style style = parse_style(R"(
page:
  size: A4
  margins: { inner: 20mm, outer: 15mm }
text:
  size: 12pt
  indent: 2em
  align: left
  hyphenate: false
colors:
  text: "#102030"
headings:
  - { size: 18pt }
)", "test.yaml");
    CHECK(style.page_width == Approx(595.276));
    CHECK(style.margin_inner == Approx(20 * 72 / 25.4));
    CHECK(style.body.size == Approx(12));
    CHECK(style.paragraph_indent == Approx(24));
    CHECK(style.leading == Approx(15.6));  // 1.3 × size when not given
    CHECK(style.alignment == galley::Alignment::Left);
    CHECK_FALSE(style.hyphenate);
    CHECK(style.text_color.hex() == "#102030");
    REQUIRE(style.headings.size() == 6);
    CHECK(style.headings[0].font.size == Approx(18));
    CHECK(style.headings[5].font.size == Approx(18));
}

TEST_CASE("empty and null values in a style", "[style]") {
    // An empty file, or one of comments only, is the default style.
    CHECK(parse_style("", "t.yaml").body.size == Approx(10.5));
    CHECK(parse_style("# nothing\n", "t.yaml").page_width == Approx(432));
    // A key with no value is not a value.
    CHECK_THROWS_AS(parse_style("text:\n  font:\n", "t.yaml"), galley::Error);
    CHECK_THROWS_AS(parse_style("text: ~\n", "t.yaml"), galley::Error);
    // A quoted "null" is text.
    CHECK(parse_style("text:\n  font: \"null\"\n", "t.yaml").body.family == "null");
    // Flow and block sequences alike.
    const galley::Style style = parse_style(
        "text:\n  hyphenation-exceptions:\n    - ta-ble\n    - \"chair\"\nheadings: [{size: 15pt}, {size: 12pt, italic: yes}]\n",
        "t.yaml");
    CHECK(style.hyphenation_exceptions == std::vector<std::string>{"ta-ble", "chair"});
    CHECK(style.headings[0].font.size == Approx(15));
    CHECK(style.headings[1].font.italic);
}

TEST_CASE("custom page sizes are WIDTH x HEIGHT", "[style]") {
    const galley::Style style = parse_style("page:\n  size: 5.5in x 8.5in\n", "t.yaml");
    CHECK(style.page_width == Approx(396));
    CHECK(style.page_height == Approx(612));
}

TEST_CASE("style errors name the file, line and problem", "[style]") {
    try {
        parse_style("text:\n  size: 10pt\n  alignn: left\n", "bad.yaml");
        FAIL("an unknown key was accepted");
    } catch (const galley::Error& error) {
        CHECK(error.file() == "bad.yaml");
        CHECK(error.line() == 3);
        CHECK(std::string(error.what()).find("alignn") != std::string::npos);
        CHECK(error.code() == galley::ExitCode::Config);
    }
    CHECK_THROWS_AS(parse_style("text: [oops", "bad.yaml"), galley::Error);
    try {
        parse_style("page:\n  two-sided: true\n  size: a: b\n", "bad.yaml");
        FAIL("a syntax error was accepted");
    } catch (const galley::Error& error) {
        CHECK(error.line() == 3);
        CHECK(error.column() == 10);
        CHECK(std::string(error.what()).find("not a valid style file") != std::string::npos);
    }
    CHECK_THROWS_AS(parse_style("colors:\n  text: red\n", "bad.yaml"), galley::Error);
    CHECK_THROWS_AS(parse_style("page:\n  size: B7\n", "bad.yaml"), galley::Error);
    CHECK_THROWS_AS(galley::load_style("no-such-style"), galley::Error);
}
