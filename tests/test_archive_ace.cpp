// Ace by DAISY on the archive EPUBs of the corpus: no violations. Ace is not a Debian package;
// it comes from npm and runs on Debian's Chromium, so this test is hidden ([.ace]) and runs
// only when asked for: `galley_tests "[ace]"`. It fails, not skips, when Ace is missing.
//   install: ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm install @daisy/ace
//            (in ~/.cache/galley-ace, or set GALLEY_ACE to the ace-puppeteer command)
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>

#include "cli_support.hpp"

using namespace galley_test;
namespace fs = std::filesystem;

TEST_CASE("Ace by DAISY reports no violations in the archive EPUBs of the corpus", "[.ace]") {
    std::string ace;
    if (const char* configured = std::getenv("GALLEY_ACE")) ace = configured;
    else if (const char* home = std::getenv("HOME")) ace = std::string(home) + "/.cache/galley-ace/node_modules/.bin/ace-puppeteer";
    INFO("Ace command: " << ace);
    REQUIRE(fs::exists(ace));
    REQUIRE(fs::exists("/usr/bin/chromium"));

    const fs::path corpus = fs::path(GALLEY_SHARED_DIR) / "corpus";
    REQUIRE(fs::is_directory(corpus));
    TempDir dir("ace");
    int checked = 0;
    for (const fs::path& text : corpus_texts()) {
        const std::string stem = text.stem().string();
        INFO(stem);
        REQUIRE(run_command(galley_command("-q --style archive -o " + quote(dir.path.string()) + " " +
                                           quote(text.string()))).exit_code == 0);
        const fs::path report = dir.path / ("ace-" + stem);
        const CommandResult ran = run_command("PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium " + quote(ace) +
                                              " -s -f -o " + quote(report.string()) + " " +
                                              quote((dir.path / (stem + ".epub")).string()));
        REQUIRE(ran.exit_code == 0);
        // Ace exits 0 whatever it finds: the verdict is in the report.
        const std::string json = read_file(report / "report.json");
        REQUIRE(json.find("\"earl:outcome\"") != std::string::npos);
        const std::regex fail("\"earl:outcome\"\\s*:\\s*\"fail\"");
        INFO("see " << (report / "report.html").string());
        CHECK_FALSE(std::regex_search(json, fail));
        CHECK(json.find("\"hasPageBreaks\": true") != std::string::npos);
        ++checked;
    }
    CHECK(checked >= 9);
}
