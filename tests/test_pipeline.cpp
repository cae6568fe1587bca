// The whole pipeline on real articles: read → transforms → EPUB, read back by another program.
#include <algorithm>
#include <filesystem>
#include <sstream>

#include <catch2/catch.hpp>

#include "cli_support.hpp"
#include "galley.hpp"
#include "transform/metadata.hpp"

using namespace galley_test;

namespace {

// Words of a text with everything but letters and digits dropped, for a loose comparison
// that does not care how a reader renders quotes, dashes or list markers.
std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c >= 0x80) {
            word += static_cast<char>(c);
        } else if (!word.empty() && (c == ' ' || c == '\n' || c == '\t')) {
            words.push_back(word);
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(word);
    return words;
}

}  // namespace

TEST_CASE("the corpus and the samples are there", "[pipeline]") {
    REQUIRE(std::filesystem::exists(GALLEY_SHARED_DIR "/corpus/propublica-isis-encryption.txt"));
    CHECK(corpus_and_sample_texts().size() >= 10);
}

TEST_CASE("metadata precedence: flags, then sidecar, then front matter", "[pipeline]") {
    TempDir dir("pipeline-meta");
    write_file(dir.path / "a.txt", "---\ntitle: Front\nauthor: Front Author\ndate: 2020-01-02\npublisher: Front Press\n---\n"
                                   "Body text of the article goes here and it is long enough to count.\n");
    write_file(dir.path / "a.yaml", "title: Sidecar\npublisher: Sidecar Press\n");
    galley::ArticleOptions options;
    options.metadata.publisher = "Flag Press";
    const galley::Document document = galley::read_article((dir.path / "a.txt").string(), options, {});
    CHECK(document.metadata.title == "Sidecar");
    CHECK(document.metadata.publisher == "Flag Press");
    REQUIRE(document.metadata.authors.size() == 1);
    CHECK(document.metadata.authors[0] == "Front Author");
    CHECK(document.metadata.date == "2020-01-02");
    CHECK(document.metadata.identifier.rfind("urn:uuid:", 0) == 0);
}

TEST_CASE("a missing title falls back to the file stem with a warning", "[pipeline]") {
    std::vector<galley::Diagnostic> seen;
    galley::ArticleOptions options;
    options.recognise_furniture = false;
    const galley::Document document = galley::read_article_text(
        "just a paragraph of text that has no title at all, ending with a period.\n", "notes/my-story.txt", options,
        [&](const galley::Diagnostic& d) { seen.push_back(d); });
    CHECK(document.metadata.title == "my-story");
    REQUIRE_FALSE(seen.empty());
    CHECK(seen.front().level == galley::Diagnostic::Level::Warning);
    CHECK(seen.front().message.find("title") != std::string::npos);
}

TEST_CASE("identifiers are derived from the content", "[pipeline]") {
    galley::ArticleOptions options;
    const auto a = galley::read_article_text("Some text of an article.\n", "a.txt", options, {});
    const auto b = galley::read_article_text("Some text of an article.\n", "a.txt", options, {});
    const auto c = galley::read_article_text("Other text of an article.\n", "a.txt", options, {});
    CHECK(a.metadata.identifier == b.metadata.identifier);
    CHECK(a.metadata.identifier != c.metadata.identifier);
    CHECK(a.metadata.identifier.size() == std::string("urn:uuid:").size() + 36);
}

TEST_CASE("the language is guessed from the text when not given", "[pipeline]") {
    galley::ArticleOptions options;
    const auto french = galley::read_article((GALLEY_SHARED_DIR "/corpus/lemonde-fr-loi-renseignement-subheads.txt"), options, {});
    CHECK(french.metadata.language.rfind("fr", 0) == 0);
    const auto german = galley::read_article((GALLEY_SHARED_DIR "/corpus/heise-de-kurzmeldung-permalink.txt"), options, {});
    CHECK(german.metadata.language.rfind("de", 0) == 0);
    const auto english = galley::read_article((GALLEY_SHARED_DIR "/corpus/bbc-obama-interview-straight-quotes-bullets.txt"), options, {});
    CHECK(english.metadata.language.rfind("en", 0) == 0);
}

TEST_CASE("pandoc reads every paragraph and the metadata back from our EPUBs", "[pipeline][readback]") {
    REQUIRE(run_command("pandoc --version").exit_code == 0);
    const galley::Style style = galley::load_style("default");
    for (const auto& path : corpus_and_sample_texts()) {
        INFO(path.filename().string());
        galley::ArticleOptions options;
        options.metadata.authors = {"Test Author"};
        const galley::Document document = galley::read_article(path.string(), options, {});
        TempDir dir("readback");
        const std::filesystem::path epub = dir.path / "book.epub";
        galley::write_file_atomically(epub.string(), galley::render_epub(document, style, {}));

        const CommandResult plain = run_command("pandoc -f epub -t plain --wrap=none " + quote(epub.string()));
        REQUIRE(plain.exit_code == 0);
        // Every paragraph of the model appears whole in the reader's text.
        auto joined = [](const std::vector<std::string>& words) {
            std::string out = " ";
            for (const std::string& word : words) out += word + " ";
            return out;
        };
        const std::string found = joined(words_of(plain.output));
        std::size_t missing = 0, total = 0;
        for (const std::string& paragraph : galley::paragraph_texts(document.blocks)) {
            const std::vector<std::string> words = words_of(paragraph);
            if (words.empty()) continue;
            ++total;
            if (found.find(joined(words)) == std::string::npos) {
                ++missing;
                UNSCOPED_INFO("paragraph not found: " << paragraph.substr(0, 80));
            }
        }
        CHECK(total > 0);
        CHECK(missing == 0);

        const CommandResult meta = run_command(
            "pandoc -f epub -t markdown -s " + quote(epub.string()) + " | sed -n '/^---$/,/^---$/p'");
        CHECK(meta.output.find("Test Author") != std::string::npos);
        CHECK(meta.output.find("language: " + document.metadata.language) != std::string::npos);
        // pandoc may re-quote the title; its first word must be there all the same.
        const std::vector<std::string> title_words = words_of(document.metadata.title);
        REQUIRE_FALSE(title_words.empty());
        CHECK(meta.output.find("title:") != std::string::npos);
        // (pandoc's Markdown turns curly quotes straight, so look for the longest word.)
        std::string longest;
        for (const std::string& word : title_words)
            if (word.size() > longest.size() &&
                std::all_of(word.begin(), word.end(), [](unsigned char c) { return std::isalpha(c); }))
                longest = word;
        CHECK(longest.size() >= 3);
        CHECK(meta.output.find(longest) != std::string::npos);
    }
}
