// Tagged text in structure order (pdfinfo -struct-text) holds every paragraph of the article,
// in order, for every corpus text in the archive style.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <sstream>
#include <string>

#include "cli_support.hpp"
#include "galley.hpp"

using namespace galley_test;
namespace fs = std::filesystem;

namespace {

std::string squeeze(const std::string& text) {
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        // Zero-width characters (word joiner, zero-width space, soft hyphen) have no glyph.
        if (text.compare(i, 3, "\u2060") == 0 || text.compare(i, 3, "\u200b") == 0 || text.compare(i, 3, "\ufeff") == 0) {
            i += 2;
            continue;
        }
        if (text.compare(i, 2, "\u00ad") == 0) { i += 1; continue; }
        // U+00A0 and U+202F count as spaces here: the PDF shows them as space glyphs.
        if (text.compare(i, 2, "\u00a0") == 0) { space = true; i += 1; continue; }
        if (text.compare(i, 3, "\u202f") == 0) { space = true; i += 2; continue; }
        if (text[i] == ' ' || text[i] == '\n' || text[i] == '\t') { space = true; continue; }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += text[i];
    }
    return out;
}

}  // namespace

TEST_CASE("the tagged text in structure order holds every paragraph of the article in order", "[archive][pdfa]") {
    const fs::path corpus = fs::path(GALLEY_SHARED_DIR) / "corpus";
    REQUIRE(fs::is_directory(corpus));
    const galley::Style style = galley::load_style("archive");
    TempDir dir("structure");
    int checked = 0;
    for (const fs::path& text : corpus_texts()) {
        const std::string stem = text.stem().string();
        INFO(stem);
        REQUIRE(run_command(galley_command("-q --style archive --format pdf -o " + quote(dir.path.string()) + " " +
                                           quote(text.string()))).exit_code == 0);
        const CommandResult tree = run_command("pdfinfo -struct-text " + quote((dir.path / (stem + ".pdf")).string()));
        REQUIRE(tree.exit_code == 0);
        // The quoted pieces, joined as they are (the writer puts the spaces in).
        std::string tagged;
        std::istringstream in(tree.output);
        for (std::string line; std::getline(in, line);) {
            const std::size_t open = line.find('"');
            if (open == std::string::npos || line.back() != '"' || line.size() - open < 2) continue;
            tagged += line.substr(open + 1, line.size() - open - 2);
        }
        tagged = squeeze(tagged);
        galley::ArticleOptions options;
        options.dash = style.dash;
        const galley::Document document = galley::read_article(text.string(), options, {});
        std::size_t at = 0;
        int missing = 0;
        // The title block shows the title, dek, byline and date from the metadata instead.
        galley::Blocks body;
        for (const galley::Block& block : document.blocks)
            if (block.kind != galley::BlockKind::Title && block.kind != galley::BlockKind::Dek &&
                block.kind != galley::BlockKind::Byline && block.kind != galley::BlockKind::Dateline)
                body.push_back(block);
        for (const std::string& paragraph : galley::paragraph_texts(body)) {
            const std::string wanted = squeeze(paragraph);
            if (wanted.empty()) continue;
            const std::size_t found = tagged.find(wanted, at);
            if (found == std::string::npos) {
                ++missing;
                UNSCOPED_INFO("not found in order: " << wanted.substr(0, 120));
                continue;
            }
            at = found + wanted.size();
        }
        CHECK(missing == 0);
        ++checked;
    }
    CHECK(checked >= 9);
}
