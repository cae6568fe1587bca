#include <catch2/catch.hpp>

#include "transform/typography.hpp"

using galley::smarten;
using galley::TypographyOptions;

namespace {
const TypographyOptions en_dash_options{};
std::string en(const std::string& text) { return smarten(text, "en", en_dash_options); }
std::string fr(const std::string& text) { return smarten(text, "fr", en_dash_options); }
std::string de(const std::string& text) { return smarten(text, "de", en_dash_options); }
}  // namespace

TEST_CASE("English quotes, nested quotes and apostrophes", "[typography]") {
    CHECK(en("\"Hello,\" she said.") == "“Hello,” she said.");
    CHECK(en("He said \"she told me 'no' twice\" and left.") == "He said “she told me ‘no’ twice” and left.");
    CHECK(en("don't, it's, O'Brien") == "don’t, it’s, O’Brien");
    CHECK(en("the Joneses' car and James' book") == "the Joneses’ car and James’ book");
    CHECK(en("back in the '90s") == "back in the ’90s");
    CHECK(en("rock 'n' roll") == "rock ’n’ roll");
    CHECK(en("'Tis the season, 'cause why not") == "’Tis the season, ’cause why not");
    CHECK(en("'Quoted,' he said") == "‘Quoted,’ he said");
    CHECK(en("(\"in brackets\")") == "(“in brackets”)");
    CHECK(en("He is 5'10\" tall, with a 12\" record") == "He is 5′10″ tall, with a 12″ record");
    CHECK(en("\"I am 6\" he said") == "“I am 6” he said");
    CHECK(en("in the 1990's") == "in the 1990’s");
    CHECK(en("\"Ends with a quote: 'this one.'\"") == "“Ends with a quote: ‘this one.’”");
    // The BBC corpus shape: straight quotes around a phrase, with a possessive before it.
    CHECK(en("the BBC's North America editor said \"common sense gun safety laws\" matter") ==
          "the BBC’s North America editor said “common sense gun safety laws” matter");
}

TEST_CASE("existing typographic characters are left alone", "[typography]") {
    const std::string typographic = "“Already curly,” she said — it’s fine… «\u00A0oui\u00A0» 10\u00A0km";
    CHECK(en(typographic) == typographic);
    CHECK(smarten("Stevenson\u2060—\u2060dashes", "en", en_dash_options) == "Stevenson\u2060—\u2060dashes");
}

TEST_CASE("dashes and ellipses", "[typography]") {
    CHECK(en("pages 10--20") == "pages 10–20");
    CHECK(en("wait---what") == "wait—what");
    CHECK(en("one - two") == "one\u00A0– two");
    TypographyOptions em;
    em.dash = "em";
    CHECK(smarten("one - two", "en", em) == "one—two");
    CHECK(en("well-known, x-ray") == "well-known, x-ray");
    CHECK(en("- a leading hyphen") == "- a leading hyphen");
    CHECK(en("a rule ----") == "a rule ----");
    CHECK(en("And then...") == "And then…");
    CHECK(en("And then. . . nothing") == "And then… nothing");
    CHECK(en("Two dots.. stay") == "Two dots.. stay");
}

TEST_CASE("no-break spaces in English", "[typography]") {
    CHECK(en("a 10 km run") == "a 10\u00A0km run");
    CHECK(en("up 5 % on 2.5 GHz") == "up 5\u00A0% on 2.5\u00A0GHz");
    CHECK(en("a $5.1 million grant") == "a $5.1\u00A0million grant");
    CHECK(en("see p. 12 and No. 5") == "see p.\u00A012 and No.\u00A05");
    CHECK(en("J. R. R. Tolkien wrote it") == "J.\u00A0R.\u00A0R.\u00A0Tolkien wrote it");
    CHECK(en("Mr. Utterson and Dr. Jekyll") == "Mr.\u00A0Utterson and Dr.\u00A0Jekyll");
    CHECK(en("Mr Obama lands") == "Mr\u00A0Obama lands");
    // English typography does not bind one-letter words: "a" and "I" may end a line.
    CHECK(en("I saw a cat") == "I saw a cat");
    // A year followed by a word is not a unit.
    CHECK(en("in 2015 he won") == "in 2015 he won");
}

TEST_CASE("French guillemets and spacing", "[typography]") {
    CHECK(fr("Il a dit \"bonjour\" hier.") == "Il a dit «\u202Fbonjour\u202F» hier.");
    CHECK(fr("Il a dit \" bonjour \" hier.") == "Il a dit «\u202Fbonjour\u202F» hier.");
    CHECK(fr("Vraiment ? Oui !") == "Vraiment\u202F? Oui\u202F!");
    CHECK(fr("Attention!") == "Attention\u202F!");
    CHECK(fr("Ont voté contre : 10 députés") == "Ont voté contre\u202F: 10 députés");
    CHECK(fr("à 13:36 sur http://lemonde.fr/a?b=1") == "à 13:36 sur http://lemonde.fr/a?b=1");
    CHECK(fr("l'Assemblée et aujourd'hui") == "l’Assemblée et aujourd’hui");
    CHECK(fr("un « mémorandum\u00A0» déjà espacé") == "un «\u202Fmémorandum\u00A0» déjà espacé");
    CHECK(fr("un «\u00A0mémorandum argumenté » ici") == "un «\u00A0mémorandum argumenté\u202F» ici");
    CHECK(fr("5 % de 10 000 euros") == "5\u202F% de 10\u202F000\u00A0euros");
    CHECK(fr("Il dit \"c'est 'fini' ici\"") == "Il dit «\u202Fc’est “fini” ici\u202F»");
    CHECK(fr("le 4 mai - enfin") == "le 4 mai\u00A0– enfin");
}

TEST_CASE("German quotes and spacing", "[typography]") {
    CHECK(de("Er sagte \"Hallo\" und ging.") == "Er sagte „Hallo“ und ging.");
    CHECK(de("\"Sie sagte 'nein' dazu\"") == "„Sie sagte ‚nein‘ dazu“");
    CHECK(de("Wie geht's?") == "Wie geht’s?");
    CHECK(de("z. B. und d. h. hier") == "z.\u202FB. und d.\u202Fh. hier");
    CHECK(de("knapp 50 Euro und 5 %") == "knapp 50\u00A0Euro und 5\u202F%");
    CHECK(de("siehe S. 12 und Nr. 5") == "siehe S.\u00A012 und Nr.\u00A05");
    CHECK(de("Vorige - Nächste") == "Vorige\u00A0– Nächste");
    CHECK(de("Die 80er...") == "Die 80er…");
}

TEST_CASE("one-letter words are bound where the language asks for it", "[typography]") {
    CHECK(smarten("byl v Praze", "cs", en_dash_options) == "byl v\u00A0Praze");
    CHECK(smarten("w domu i w pracy", "pl", en_dash_options) == "w\u00A0domu i\u00A0w\u00A0pracy");
}

TEST_CASE("quote state spans inline boundaries and skips code", "[typography]") {
    galley::Document document;
    galley::Block paragraph;
    paragraph.inlines = {galley::Inline::make_text("He wrote \""),
                         galley::Inline::make_span(galley::InlineKind::Emphasis, {galley::Inline::make_text("yes")}),
                         galley::Inline::make_text("\" and "), galley::Inline::make_code("x = \"raw\" -- 'a'"),
                         galley::Inline::make_text(" ran..."),
                         galley::Inline::make_link("http://a.example/b--c", {galley::Inline::make_text("it's")})};
    document.blocks.push_back(paragraph);
    galley::apply_typography(document, "en", en_dash_options);
    const galley::Inlines& result = document.blocks[0].inlines;
    CHECK(result[0].text == "He wrote “");
    CHECK(result[1].children[0].text == "yes");
    CHECK(result[2].text == "” and ");
    CHECK(result[3].text == "x = \"raw\" -- 'a'");
    CHECK(result[4].text == " ran…");
    CHECK(result[5].target == "http://a.example/b--c");
    CHECK(result[5].children[0].text == "it’s");
}

TEST_CASE("the block language wins over the document language", "[typography]") {
    galley::Document document;
    galley::Block english, german;
    english.inlines = {galley::Inline::make_text("\"Hi\"")};
    german.inlines = {galley::Inline::make_text("\"Hallo\"")};
    german.language = "de-DE";
    document.blocks = {english, german};
    document.metadata.title = "Obama admits US gun laws are his 'biggest frustration'";
    galley::apply_typography(document, "en-US", en_dash_options);
    CHECK(document.metadata.title == "Obama admits US gun laws are his ‘biggest frustration’");
    CHECK(galley::plain_text(document.blocks[0].inlines) == "“Hi”");
    CHECK(galley::plain_text(document.blocks[1].inlines) == "„Hallo“");
}
