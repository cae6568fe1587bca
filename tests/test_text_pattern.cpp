#include <catch2/catch.hpp>

#include <future>
#include <stdexcept>

#include "read/metadata_yaml.hpp"
#include "transform/furniture.hpp"
#include "text/pattern.hpp"

using namespace galley;

TEST_CASE("pattern positions are byte offsets into the UTF-8 text", "[text_pattern]") {
    static const TextPattern year(R"(([0-9]{4}))");
    // "été " is six bytes but four UTF-16 units: the position must be in bytes.
    const std::string text = "été 2015, à Zürich";
    const auto match = year.search(text);
    REQUIRE(match);
    CHECK(match->position(1) == 6);
    CHECK((*match)[1] == "2015");
    CHECK(text.substr(match->position(1), 4) == "2015");

    static const TextPattern city(R"(à (\w+)$)");
    const auto place = city.search(text);
    REQUIRE(place);
    CHECK((*place)[1] == "Zürich");
    CHECK(text.substr(place->position(1)) == "Zürich");
}

TEST_CASE("pattern groups that take no part are empty with no position", "[text_pattern]") {
    static const TextPattern optional_prefix(R"((a)?(b))");
    const auto match = optional_prefix.search("xb");
    REQUIRE(match);
    CHECK_FALSE(match->matched(1));
    CHECK(match->position(1) == std::string::npos);
    CHECK((*match)[1].empty());
    CHECK(match->matched(2));
    CHECK(match->position(2) == 1);
}

TEST_CASE("word classes, boundaries and case folding work on letters, not bytes", "[text_pattern]") {
    static const TextPattern word(R"(\w+)");
    REQUIRE(word.search("publié hier"));
    CHECK((*word.search("publié hier"))[0] == "publié");
    static const TextPattern lone_e(R"(\be\b)");
    CHECK_FALSE(lone_e.found_in("Renée"));
    CHECK(lone_e.found_in("João e Maria"));
    static const TextPattern summer("été", PatternCase::Insensitive);
    CHECK(summer.found_in("L'ÉTÉ INDIEN"));
    static const TextPattern exact("été");
    CHECK_FALSE(exact.found_in("L'ÉTÉ INDIEN"));
}

TEST_CASE("whole matches, searches and splits", "[text_pattern]") {
    static const TextPattern digits(R"([0-9]+)");
    CHECK(digits.matches("2015"));
    CHECK_FALSE(digits.matches("in 2015"));
    CHECK(digits.found_in("in 2015"));
    CHECK_FALSE(digits.match("in 2015"));
    static const TextPattern comma(R"(\s*,\s*)");
    CHECK(comma.split("Zoë , Ana,,Bo, ") == std::vector<std::string>{"Zoë", "Ana", "", "Bo"});
    CHECK(comma.split("nobody") == std::vector<std::string>{"nobody"});
    CHECK_THROWS_AS(TextPattern("(unclosed"), std::logic_error);
}

TEST_CASE("non-ASCII bylines and credits are read letter by letter", "[furniture][text_pattern]") {
    // Byte-wise regular expressions took the final "e" of "Renée" for Portuguese "e" (and).
    CHECK(parse_byline("By Renée Zellweger and John Roe") == std::vector<std::string>{"Renée Zellweger", "John Roe"});
    CHECK(parse_byline("Por João Silva e Maria Souza") == std::vector<std::string>{"João Silva", "Maria Souza"});
}

TEST_CASE("digits of other scripts are not parsed as dates", "[furniture][read][text_pattern]") {
    // A Unicode \d matches Arabic-Indic digits, which std::stoi cannot read: the patterns say [0-9].
    CHECK_NOTHROW(find_date("٢٠١٥-٠٣-٠٤"));
    CHECK(find_date("٢٠١٥-٠٣-٠٤") == "");
    CHECK_NOTHROW(normalize_date("٢٠١٥-٠٣-٠٤"));
    CHECK(normalize_date("2015-03-04") == std::optional<std::string>("2015-03-04"));
    // The day's ordinal suffix is matched without regard to case.
    CHECK(normalize_date("11TH July 2016") == std::optional<std::string>("2016-07-11"));
}

TEST_CASE("one pattern matches on two threads at once", "[text_pattern]") {
    // The transforms split a book's lines over two threads that share function-static patterns.
    static const TextPattern word(R"(\b(\w+)\s+(cc[\- ]?by)\b)", PatternCase::Insensitive);
    const std::string text = "Photo: Zoë Smith CC-BY 2.0";
    auto look = [&] {
        int found = 0;
        for (int i = 0; i < 2000; ++i) {
            const auto match = word.search(text);
            if (match && (*match)[1] == "Smith" && (*match)[2] == "CC-BY" &&
                match->position(1) == std::string("Photo: Zoë ").size())
                ++found;
        }
        return found;
    };
    auto other = std::async(std::launch::async, look);
    CHECK(look() == 2000);
    CHECK(other.get() == 2000);
}

TEST_CASE("malformed UTF-8 in a text is matched around, not refused", "[text_pattern]") {
    static const TextPattern year(R"(([0-9]{4}))");
    const std::string text = "caf\xC3 \xFF 2015";
    const auto match = year.search(text);
    REQUIRE(match);
    CHECK((*match)[1] == "2015");
    CHECK(match->position(1) == text.size() - 4);
    static const TextPattern comma(R"(\s*,\s*)");
    CHECK(comma.split("a\xFF, b") == std::vector<std::string>{"a\xFF", "b"});
}
