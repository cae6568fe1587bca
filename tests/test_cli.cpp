// The command line as a user meets it: exit codes, messages, and never a partial file.
#include <algorithm>

#include <catch2/catch.hpp>

#include "cli_support.hpp"

using namespace galley_test;

namespace {
const std::string kArticle =
    "A Short Article\n\nThis is the first paragraph of a short article, long enough to be prose.\n\n"
    "And this is the second paragraph, which ends the article.\n";
}

TEST_CASE("galley --version and --help exit 0", "[cli]") {
    const CommandResult version = run_command(galley_command("--version"));
    CHECK(version.exit_code == 0);
    CHECK(version.output.find("galley ") == 0);
    const CommandResult help = run_command(galley_command("--help"));
    CHECK(help.exit_code == 0);
    CHECK(help.output.find("--output") != std::string::npos);
}

TEST_CASE("usage errors exit 64", "[cli]") {
    CHECK(run_command(galley_command("")).exit_code == 64);
    CHECK(run_command(galley_command("--no-such-option x.txt")).exit_code == 64);
    CHECK(run_command(galley_command("--format docx x.txt")).exit_code == 64);
    CHECK(run_command(galley_command("--style no-such-style x.txt")).exit_code == 64);
}

TEST_CASE("an EPUB is written for a plain-text article", "[cli]") {
    TempDir dir("cli-ok");
    write_file(dir.path / "story.txt", kArticle);
    const CommandResult result =
        run_command(galley_command("-q --format epub -o " + quote((dir.path / "out").string()) + " " +
                                   quote((dir.path / "story.txt").string())));
    INFO(result.output);
    CHECK(result.exit_code == 0);
    CHECK(result.output.empty());  // -q: nothing but errors
    CHECK(std::filesystem::file_size(dir.path / "out" / "story.epub") > 1000);
    CHECK(count_files(dir.path / "out") == 1);  // no temporary file left behind
}

TEST_CASE("every message of a successful run reaches the terminal, each line whole", "[cli]") {
    // The command leaves with _Exit once its files are written; what it said must not be lost.
    TempDir dir("cli-messages");
    write_file(dir.path / "untitled.txt",
               "This article has no title line of its own, so galley warns and takes the lede's first words.\n\n"
               "A second paragraph follows it, and then the article ends.\n");
    const std::string out = (dir.path / "out").string();
    const CommandResult result = run_command(galley_command("-o " + quote(out) + " " + quote((dir.path / "untitled.txt").string())));
    INFO(result.output);
    CHECK(result.exit_code == 0);
    CHECK(result.output.find("warning: the article has no title") != std::string::npos);
    CHECK(result.output.find("galley: wrote " + out + "/untitled.epub (") != std::string::npos);
    CHECK(result.output.find("galley: wrote " + out + "/untitled.pdf (") != std::string::npos);
    REQUIRE_FALSE(result.output.empty());
    CHECK(result.output.back() == '\n');
    std::size_t start = 0;
    while (start < result.output.size()) {
        const std::size_t end = result.output.find('\n', start);
        CHECK(result.output.compare(start, 8, "galley: ") == 0);
        start = end + 1;
    }
}

TEST_CASE("stdin is read with -", "[cli]") {
    TempDir dir("cli-stdin");
    write_file(dir.path / "story.txt", kArticle);
    const CommandResult result = run_command("cat " + quote((dir.path / "story.txt").string()) + " | " +
                                             galley_command("-q --format epub -o " + quote(dir.path.string()) + " -"));
    INFO(result.output);
    CHECK(result.exit_code == 0);
    CHECK(std::filesystem::exists(dir.path / "stdin.epub"));
}

TEST_CASE("bad input exits 65 with file and line, and writes nothing", "[cli]") {
    TempDir dir("cli-bad");
    write_file(dir.path / "bad.txt", "Good first line.\n\nSecond line with a bad byte \xff here.\n");
    write_file(dir.path / "empty.txt", "  \n\n\t\n");
    const std::string out = quote((dir.path / "out").string());

    const CommandResult bad = run_command(galley_command("--format epub -o " + out + " " + quote((dir.path / "bad.txt").string())));
    CHECK(bad.exit_code == 65);
    CHECK(bad.output.find("bad.txt:3:") != std::string::npos);
    CHECK(bad.output.find("UTF-8") != std::string::npos);

    const CommandResult empty = run_command(galley_command("--format epub -o " + out + " " + quote((dir.path / "empty.txt").string())));
    CHECK(empty.exit_code == 65);
    CHECK(empty.output.find("empty.txt") != std::string::npos);

    CHECK(count_files(dir.path / "out") == 0);
}

TEST_CASE("a missing input exits 66 with a one-line message", "[cli]") {
    TempDir dir("cli-missing");
    const CommandResult result =
        run_command(galley_command("--format epub -o " + quote(dir.path.string()) + " /no/such/article.txt"));
    CHECK(result.exit_code == 66);
    CHECK(result.output.find("/no/such/article.txt") != std::string::npos);
    CHECK(std::count(result.output.begin(), result.output.end(), '\n') == 1);
    CHECK(count_files(dir.path) == 0);
}

TEST_CASE("an output directory that cannot be made exits 73 and leaves nothing", "[cli]") {
    TempDir dir("cli-unwritable");
    write_file(dir.path / "story.txt", kArticle);
    write_file(dir.path / "blocker", "a file where the output directory should be");
    const CommandResult result = run_command(galley_command("--format epub -o " + quote((dir.path / "blocker" / "out").string()) +
                                                            " " + quote((dir.path / "story.txt").string())));
    CHECK(result.exit_code == 73);
    CHECK(result.output.find("blocker") != std::string::npos);
    CHECK(count_files(dir.path) == 2);
}

TEST_CASE("a failure never clobbers a good existing output", "[cli]") {
    TempDir dir("cli-clobber");
    write_file(dir.path / "story.txt", kArticle);
    const std::string out = quote(dir.path.string() + "/out");
    REQUIRE(run_command(galley_command("-q --format epub -o " + out + " " + quote((dir.path / "story.txt").string()))).exit_code == 0);
    const std::string good = read_file(dir.path / "out" / "story.epub");
    // Now the same name holds invalid text: the run fails and the old EPUB must survive.
    write_file(dir.path / "story.txt", std::string("broken \x00 text\n", 14));
    CHECK(run_command(galley_command("-q --format epub -o " + out + " " + quote((dir.path / "story.txt").string()))).exit_code == 65);
    CHECK(read_file(dir.path / "out" / "story.epub") == good);
    CHECK(count_files(dir.path / "out") == 1);
}

TEST_CASE("the same input twice gives byte-identical EPUBs and PDFs, in any time zone", "[cli]") {
    TempDir dir("cli-repro");
    write_file(dir.path / "story.txt", kArticle);
    const std::string input = quote((dir.path / "story.txt").string());
    REQUIRE(run_command(galley_command("-q -o " + quote(dir.path.string() + "/a") + " " + input)).exit_code == 0);
    REQUIRE(run_command("TZ=Asia/Tokyo " + galley_command("-q -o " + quote(dir.path.string() + "/b") + " " + input)).exit_code == 0);
    for (const char* name : {"story.epub", "story.pdf"}) {
        INFO(name);
        const std::string first = read_file(dir.path / "a" / name);
        CHECK(first.size() > 1000);
        CHECK(first == read_file(dir.path / "b" / name));
    }
}

TEST_CASE("flags win over front matter", "[cli]") {
    TempDir dir("cli-meta");
    write_file(dir.path / "story.txt", "---\ntitle: From Front Matter\nauthor: Ann Writer\n---\n" + kArticle);
    const std::string input = quote((dir.path / "story.txt").string());
    REQUIRE(run_command(galley_command("-q --format epub --title 'From The Flag' -o " + quote(dir.path.string()) + " " + input)).exit_code == 0);
    const CommandResult opf = run_command("unzip -p " + quote((dir.path / "story.epub").string()) + " '*.opf'");
    CHECK(opf.output.find("From The Flag") != std::string::npos);
    CHECK(opf.output.find("From Front Matter") == std::string::npos);
    CHECK(opf.output.find("Ann Writer") != std::string::npos);
}
