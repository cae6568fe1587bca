// Front matter: YAML between --- lines at the top of an article, and sidecar metadata.
#include "test_read_helpers.hpp"

#include "read/metadata_yaml.hpp"

using namespace read_test;
using galley::Metadata;

namespace {

galley::Error metadata_error(const std::string& article) {
    try {
        galley::read_plain_text(article, "front.txt");
    } catch (const galley::Error& error) {
        return error;
    }
    FAIL("no error for: " << article);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("front matter fills every metadata field and its lines still count", "[read]") {
    const auto document = read(
        "---\n"
        "title: \"ISIS via WhatsApp: \u2018Blow Yourself Up, O Lion\u2019\"\n"
        "subtitle: How the Islamic State directs attacks\n"
        "author: Sebastian Rotella\n"
        "lang: en-US\n"
        "date: 2016-07-11\n"
        "publisher: Truthdig\n"
        "source:\n"
        "  name: ProPublica\n"
        "  url: https://www.propublica.org/article/isis-via-whatsapp\n"
        "rights: CC BY-NC-ND 3.0\n"
        "identifier: urn:uuid:0b7a3c3e-5f3e-4d8e-9d1a-2c1f0e6a7b11\n"
        "description: >\n"
        "  Intercepted messages show how the\n"
        "  Islamic State directs attacks.\n"
        "keywords: [ISIS, encryption, WhatsApp]\n"
        "layout: post\n"
        "tags: {one: 1, two: [2, 3]}\n"
        "---\n"
        "After assembling suicide bomb vests...\n");
    Metadata expected;
    expected.title = "ISIS via WhatsApp: \u2018Blow Yourself Up, O Lion\u2019";
    expected.subtitle = "How the Islamic State directs attacks";
    expected.authors = {"Sebastian Rotella"};
    expected.language = "en-US";
    expected.date = "2016-07-11";
    expected.publisher = "Truthdig";
    expected.source_name = "ProPublica";
    expected.source_url = "https://www.propublica.org/article/isis-via-whatsapp";
    expected.rights = "CC BY-NC-ND 3.0";
    expected.identifier = "urn:uuid:0b7a3c3e-5f3e-4d8e-9d1a-2c1f0e6a7b11";
    expected.description = "Intercepted messages show how the Islamic State directs attacks.";
    expected.keywords = {"ISIS", "encryption", "WhatsApp"};
    CHECK(document.metadata == expected);
    CHECK(document.blocks == Blocks{paragraph("After assembling suicide bomb vests...", 20, 1)});
}

TEST_CASE("front matter field variants: author lists, aliases, comma keywords, ... closer", "[read]") {
    const auto document = read(
        "---\r\n"
        "Authors:\r\n"
        "  - Eleanor Ainge Roy\r\n"
        "  - name: Adrian Malloch\r\n"
        "    affiliation: The Guardian\r\n"
        "author: Eleanor Ainge Roy\r\n"
        "language: fr_fr\r\n"
        "date: July 11, 2016\r\n"
        "source: Le Monde\r\n"
        "source-url: http://www.lemonde.fr/pixels/\r\n"
        "licence: All rights reserved\r\n"
        "keywords: loi, renseignement , ,surveillance\r\n"
        "...\r\n"
        "\r\n"
        "Texte.\r\n");
    Metadata expected;
    expected.authors = {"Eleanor Ainge Roy", "Adrian Malloch"};
    expected.language = "fr-FR";
    expected.date = "2016-07-11";
    expected.source_name = "Le Monde";
    expected.source_url = "http://www.lemonde.fr/pixels/";
    expected.rights = "All rights reserved";
    expected.keywords = {"loi", "renseignement", "surveillance"};
    CHECK(document.metadata == expected);
    CHECK(document.blocks == Blocks{paragraph("Texte.", 15, 1)});

    CHECK(read("---\nlicense: CC0\nkeywords:\n  - a, b\n  - c\n---\nT.").metadata.rights == "CC0");
    CHECK(read("---\nkeywords:\n  - a, b\n  - c\n---\nT.").metadata.keywords == std::vector<std::string>{"a", "b", "c"});
    CHECK(read("---\nsource_url: https://x.org\nsource: {name: X}\n---\nT.").metadata.source_url == "https://x.org");
}

TEST_CASE("empty front matter, empty values and comments are fine", "[read]") {
    const auto empty = read("---\n---\nText.");
    CHECK(empty.metadata == Metadata{});
    CHECK(empty.blocks == Blocks{paragraph("Text.", 3, 1)});
    const auto nulls = read("---\n# made by another tool\ntitle:\nauthor: ~\n---\nText.");
    CHECK(nulls.metadata == Metadata{});
    CHECK(nulls.blocks == Blocks{paragraph("Text.", 6, 1)});
}

TEST_CASE("rule lines (---) that do not fence YAML at the top are section breaks", "[read]") {
    // Not closed: a rule, then text.
    const auto unclosed = read("---\ntitle: x\n\nText.");
    CHECK(unclosed.metadata == Metadata{});
    CHECK(unclosed.blocks == Blocks{section_break(1, 1), paragraph("title: x", 2, 1), paragraph("Text.", 4, 1)});
    // Prose between two rules.
    const auto prose = read("---\nA quoted passage between rules.\n---\nText.");
    CHECK(prose.blocks == Blocks{section_break(1, 1), paragraph("A quoted passage between rules.", 2, 1), section_break(3, 1),
                                 paragraph("Text.", 4, 1)});
    // Not on the first line.
    const auto later = read("\n---\ntitle: x\n---\nText.");
    CHECK(later.metadata == Metadata{});
    CHECK(later.blocks == Blocks{section_break(2, 1), paragraph("title: x", 3, 1), section_break(4, 1), paragraph("Text.", 5, 1)});
}

TEST_CASE("a front matter field of the wrong type is an error at its line", "[read]") {
    const galley::Error title = metadata_error("---\nlayout: post\ntitle: [a, b]\n---\nText.");
    CHECK(title.code() == galley::ExitCode::DataError);
    CHECK(title.file() == "front.txt");
    CHECK(title.line() == 3);
    CHECK(title.column() == 8);
    CHECK(title.message() == "the field \"title\" must be a single text value, not a list");

    const galley::Error author = metadata_error("---\nauthor:\n  - [nested, list]\n---\nText.");
    CHECK(author.line() == 3);
    CHECK(author.column() == 5);

    const galley::Error source = metadata_error("---\nsource: {name: [x]}\n---\nText.");
    CHECK(source.line() == 2);
    CHECK(source.message().find("source.name") != std::string::npos);

    const galley::Error keywords = metadata_error("---\nkeywords: {a: b}\n---\nText.");
    CHECK(keywords.line() == 2);
    CHECK(keywords.message() == "the field \"keywords\" must be text or a list of texts, not a mapping");
}

TEST_CASE("error columns in front matter count code points, not bytes", "[read]") {
    // "{\u00E9e: 1, title: " is 15 code points (16 bytes) before the list.
    const galley::Error error = metadata_error("---\n{\u00E9e: 1, title: [a]}\n---\nText.");
    CHECK(error.line() == 2);
    CHECK(error.column() == 16);
}

TEST_CASE("invalid YAML, a bad date or language tag in front matter is an error", "[read]") {
    const galley::Error syntax = metadata_error("---\ntitle: ok\nsubtitle: a: b\n---\nText.");
    CHECK(syntax.line() == 3);
    CHECK(syntax.column() == 12);
    CHECK(syntax.message() == "invalid YAML: mapping values are not allowed in this context");

    const galley::Error date = metadata_error("---\ntitle: ok\ndate: last Tuesday\n---\nText.");
    CHECK(date.line() == 3);
    CHECK(date.column() == 7);
    CHECK(date.message() == "\"last Tuesday\" is not a date galley understands (write it as YYYY-MM-DD)");

    const galley::Error impossible = metadata_error("---\ndate: 2015-02-29\n---\nText.");
    CHECK(impossible.line() == 2);

    const galley::Error language = metadata_error("---\nlang: English (US)\n---\nText.");
    CHECK(language.line() == 2);
    CHECK(language.message().find("is not a language tag") != std::string::npos);
}

TEST_CASE("parse_metadata_yaml offsets lines by first_line (sidecar files)", "[read]") {
    const Metadata metadata = galley::parse_metadata_yaml("title: Mozilla\nauthors: [A, B]\ndate: 2016-10-28T12:00:00Z\n", "x.yaml", 1);
    CHECK(metadata.title == "Mozilla");
    CHECK(metadata.authors == std::vector<std::string>{"A", "B"});
    CHECK(metadata.date == "2016-10-28");
    CHECK(galley::parse_metadata_yaml("", "x.yaml", 1) == Metadata{});

    try {
        galley::parse_metadata_yaml("a: 1\nb: 2\ntitle: {x: 1}\n", "ARTICLE.yaml", 10);
        FAIL("no error");
    } catch (const galley::Error& error) {
        CHECK(error.file() == "ARTICLE.yaml");
        CHECK(error.line() == 12);
        CHECK(error.column() == 8);
        CHECK(error.message() == "the field \"title\" must be a single text value, not a mapping");
    }
    try {
        galley::parse_metadata_yaml("- just\n- a list\n", "ARTICLE.yaml", 1);
        FAIL("no error");
    } catch (const galley::Error& error) {
        CHECK(error.line() == 1);
        CHECK(error.message().rfind("the metadata must be a mapping", 0) == 0);
    }
}

TEST_CASE("dates are normalised to ISO 8601", "[read]") {
    const std::pair<const char*, const char*> good[] = {
        {"2016-07-11", "2016-07-11"},
        {" 2016-07-11 ", "2016-07-11"},
        {"2016-07-11T10:00:00+02:00", "2016-07-11"},
        {"2016-07-11 10:00", "2016-07-11"},
        {"2016/7/1", "2016-07-01"},
        {"2016-07", "2016-07"},
        {"2016", "2016"},
        {"04.05.2015", "2015-05-04"},
        {"July 11, 2016", "2016-07-11"},
        {"Jul. 11, 2016", "2016-07-11"},
        {"july 1st 2016", "2016-07-01"},
        {"11 July 2016", "2016-07-11"},
        {"22nd Sept 2016", "2016-09-22"},
        {"Monday, July 11, 2016", "2016-07-11"},
        {"Mon 11 Jul 2016", "2016-07-11"},
        {"NOVEMBER 20, 2019", "2019-11-20"},
        {"October 2018", "2018-10"},
        {"2016-02-29", "2016-02-29"},
        {"2000-02-29", "2000-02-29"},
    };
    for (const auto& [input, output] : good) {
        INFO("date: " << input);
        CHECK(galley::normalize_date(input) == std::optional<std::string>(output));
    }
    const char* const bad[] = {"", "last Tuesday", "2015-02-29", "1900-02-29", "2016-13-01", "2016-00-10", "July 32, 2016",
                               "11/20/2019", "20.11.19", "16-07-11", "Juli 11, 2016", "2016-07-11 and more"};
    for (const char* input : bad) {
        INFO("date: " << input);
        CHECK_FALSE(galley::normalize_date(input).has_value());
    }
}

TEST_CASE("language tags are checked and put in their usual case", "[read]") {
    CHECK(galley::normalize_language_tag("en") == std::optional<std::string>("en"));
    CHECK(galley::normalize_language_tag("EN_us") == std::optional<std::string>("en-US"));
    CHECK(galley::normalize_language_tag("zh-hant-tw") == std::optional<std::string>("zh-Hant-TW"));
    CHECK(galley::normalize_language_tag("de-CH-1996") == std::optional<std::string>("de-CH-1996"));
    CHECK_FALSE(galley::normalize_language_tag("English (US)").has_value());
    CHECK_FALSE(galley::normalize_language_tag("e").has_value());
    CHECK_FALSE(galley::normalize_language_tag("en--US").has_value());
    CHECK_FALSE(galley::normalize_language_tag("").has_value());
}
