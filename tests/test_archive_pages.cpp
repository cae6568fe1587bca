// The EPUB's page list marks where the PDF's pages begin: for every corpus text in the archive
// style, the words after each pagebreak marker are the first words pdftotext finds on that page.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "cli_support.hpp"

using namespace galley_test;
namespace fs = std::filesystem;

namespace {

// Words of text, with no-break spaces as spaces and a few XML entities decoded.
std::vector<std::string> words_of(std::string text) {
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"\u00a0", " "}, {"\u202f", " "}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&amp;", "&"}}) {
        for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
            text.replace(at, from.size(), to);
    }
    std::vector<std::string> words;
    std::istringstream in(text);
    for (std::string word; in >> word;) words.push_back(word);
    return words;
}

std::string strip_tags(const std::string& xhtml) { return std::regex_replace(xhtml, std::regex("<[^>]*>"), " "); }

}  // namespace

TEST_CASE("the EPUB page list points at the first words of the PDF's pages", "[archive][pagelist]") {
    REQUIRE(fs::is_directory(fs::path(GALLEY_SHARED_DIR) / "corpus"));
    const std::vector<fs::path> texts = corpus_texts();
    REQUIRE(texts.size() >= 9);

    TempDir dir("pagelist");
    for (const fs::path& text : texts) {
        const std::string stem = text.stem().string();
        INFO(stem);
        REQUIRE(run_command(galley_command("-q --style archive -o " + quote(dir.path.string()) + " " +
                                           quote(text.string()))).exit_code == 0);
        const std::string pdf = (dir.path / (stem + ".pdf")).string();
        const std::string epub = (dir.path / (stem + ".epub")).string();

        const CommandResult nav = run_command("unzip -p " + quote(epub) + " EPUB/nav.xhtml");
        REQUIRE(nav.exit_code == 0);
        const CommandResult opf = run_command("unzip -p " + quote(epub) + " EPUB/content.opf");
        CHECK(opf.output.find(">printPageNumbers<") != std::string::npos);
        CHECK(opf.output.find("<meta refines=\"#page-break-source\" property=\"source-of\">pagination</meta>") !=
              std::string::npos);
        CHECK(opf.output.find("<dc:source id=\"page-break-source\">" + stem + ".pdf") != std::string::npos);

        // The page list: one entry per PDF page, in order.
        const std::regex entry("<a href=\"([^\"#]+)#(page-\\d+)\">([^<]+)</a>");
        std::vector<std::tuple<std::string, std::string, std::string>> pages;
        for (auto it = std::sregex_iterator(nav.output.begin(), nav.output.end(), entry); it != std::sregex_iterator(); ++it)
            pages.emplace_back((*it)[1].str(), (*it)[2].str(), (*it)[3].str());
        const int page_count = std::stoi(
            std::regex_replace(run_command("pdfinfo " + quote(pdf)).output, std::regex("(?:.|\\n)*Pages: +(\\d+)(?:.|\\n)*"), "$1"));
        REQUIRE(int(pages.size()) == page_count);

        std::map<std::string, std::string> files;
        for (std::size_t n = 0; n < pages.size(); ++n) {
            const auto& [file, id, label] = pages[n];
            INFO("page " << n + 1 << " (" << file << "#" << id << ")");
            CHECK(label == std::to_string(n + 1));
            if (!files.contains(file)) files[file] = run_command("unzip -p " + quote(epub) + " EPUB/" + quote(file)).output;
            const std::string& xhtml = files[file];
            const std::string marker = "<span id=\"" + id + "\" epub:type=\"pagebreak\" role=\"doc-pagebreak\" aria-label=\"" +
                                       label + "\"></span>";
            const std::size_t at = xhtml.find(marker);
            REQUIRE(at != std::string::npos);
            // The next three words of the book (markers of later pages skipped)...
            std::vector<std::string> after = words_of(strip_tags(xhtml.substr(at + marker.size(), 2000)));
            REQUIRE(after.size() >= 1);
            after.resize(std::min<std::size_t>(after.size(), 3));
            // ...begin one of the page's first lines (the first may be the running head).
            const CommandResult page_text = run_command("pdftotext -f " + std::to_string(n + 1) + " -l " +
                                                        std::to_string(n + 1) + " " + quote(pdf) + " -");
            REQUIRE(page_text.exit_code == 0);
            std::vector<std::string> lines;
            std::istringstream in(page_text.output);
            for (std::string line; std::getline(in, line);)
                if (!words_of(line).empty()) lines.push_back(line);
            bool found = false;
            std::string tried;
            for (std::size_t first = 0; first < std::min<std::size_t>(lines.size(), 3) && !found; ++first) {
                std::vector<std::string> from_here;
                for (std::size_t l = first; l < lines.size() && from_here.size() < after.size(); ++l) {
                    std::vector<std::string> words = words_of(lines[l]);
                    // A bulleted item's bullet is text in the PDF, and the list's own style in the EPUB
                    // (the notes' numbers are text in both).
                    if (!words.empty() && words.front() == "•") words.erase(words.begin());
                    for (const std::string& word : words) from_here.push_back(word);
                }
                from_here.resize(std::min(from_here.size(), after.size()));
                found = from_here == after;
                tried += lines[first] + " | ";
            }
            std::string expected;
            for (const std::string& word : after) expected += word + " ";
            INFO("EPUB: " << expected << "\nPDF lines: " << tried);
            CHECK(found);
        }
    }
}
