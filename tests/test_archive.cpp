// The archive bag: BagIt writing and fixity checking, through the library and the CLI.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "archive/archive.hpp"
#include "archive/bag.hpp"
#include "cli_support.hpp"
#include "model/error.hpp"

using namespace galley_test;
namespace fs = std::filesystem;

namespace {

std::vector<galley::archive::PayloadFile> sample_payload() {
    return {{"article.txt", "Line one.\n\nLine two, with 100% of the words.\n"},
            {"sub/notes.txt", std::string("binary \0 bytes\xff", 15)},
            {"metadata.json", "{}\n"}};
}

}  // namespace

TEST_CASE("SHA-256 digests are the standard ones", "[archive]") {
    CHECK(galley::archive::hex_digest("sha256", "") ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(galley::archive::hex_digest("sha256", "abc") ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("manifest paths percent-encode CR, LF and %", "[archive]") {
    CHECK(galley::archive::encode_manifest_path("a%b\nc\rd") == "a%25b%0Ac%0Dd");
    CHECK(galley::archive::decode_manifest_path("a%25b%0Ac%0Dd") == "a%b\nc\rd");
    CHECK(galley::archive::decode_manifest_path("100%") == "100%");
}

TEST_CASE("JSON strings escape quotes, backslashes and control characters, keep UTF-8", "[archive]") {
    CHECK(galley::archive::json_string("a\"b\\c\nd\te\x01 – é") == "\"a\\\"b\\\\c\\nd\\te\\u0001 – é\"");
}

TEST_CASE("a written bag verifies, and one changed byte, a missing and an extra file fail by name", "[archive]") {
    TempDir dir("bag");
    const fs::path bag = dir.path / "article";
    galley::archive::write_bag(bag.string(), sample_payload(), {{"Bagging-Date", "2015-07-24"}});
    for (const char* name : {"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt"})
        CHECK(fs::is_regular_file(bag / name));
    CHECK(read_file(bag / "bagit.txt") == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
    const std::string info = read_file(bag / "bag-info.txt");
    CHECK(info.find("Bagging-Date: 2015-07-24\n") != std::string::npos);
    std::size_t octets = 0;
    for (const auto& file : sample_payload()) octets += file.bytes.size();
    CHECK(info.find("Payload-Oxum: " + std::to_string(octets) + ".3\n") != std::string::npos);
    CHECK(read_file(bag / "data/sub/notes.txt") == sample_payload()[1].bytes);
    CHECK(read_file(bag / "manifest-sha256.txt").find(galley::archive::hex_digest("sha256", "{}\n") +
                                                      "  data/metadata.json\n") != std::string::npos);
    // Nothing but the bag is left beside it (the temporary directory was renamed).
    CHECK(count_files(dir.path) == 1);
    CHECK(galley::archive::verify_bag(bag.string()).ok());

    SECTION("one byte changed") {
        std::string text = read_file(bag / "data/article.txt");
        text[5] = 'X';
        write_file(bag / "data/article.txt", text);
        const auto report = galley::archive::verify_bag(bag.string());
        CHECK_FALSE(report.ok());
        REQUIRE(report.changed.size() == 1);
        CHECK(report.changed[0] == "data/article.txt");
        CHECK(report.problems.empty());  // same size: Payload-Oxum still agrees
    }
    SECTION("a file deleted") {
        fs::remove(bag / "data/sub/notes.txt");
        const auto report = galley::archive::verify_bag(bag.string());
        CHECK_FALSE(report.ok());
        REQUIRE(report.missing.size() == 1);
        CHECK(report.missing[0] == "data/sub/notes.txt");
        CHECK(report.problems.size() == 1);  // Payload-Oxum
    }
    SECTION("a file added") {
        write_file(bag / "data/extra.txt", "x");
        const auto report = galley::archive::verify_bag(bag.string());
        REQUIRE(report.extra.size() == 1);
        CHECK(report.extra[0] == "data/extra.txt");
    }
    SECTION("a tag file changed") {
        write_file(bag / "bag-info.txt", read_file(bag / "bag-info.txt") + "Contact-Name: someone\n");
        const auto report = galley::archive::verify_bag(bag.string());
        REQUIRE(report.changed.size() == 1);
        CHECK(report.changed[0] == "bag-info.txt");
    }
    SECTION("writing again replaces the bag whole") {
        galley::archive::write_bag(bag.string(), {{"only.txt", "only"}}, {});
        CHECK_FALSE(fs::exists(bag / "data/article.txt"));
        CHECK(galley::archive::verify_bag(bag.string()).ok());
        CHECK(count_files(dir.path) == 1);
    }
}

TEST_CASE("a directory that is not a bag is an error, not a failed check", "[archive]") {
    TempDir dir("notbag");
    CHECK_THROWS_AS(galley::archive::verify_bag(dir.path.string()), galley::Error);
}

TEST_CASE("galley --archive writes a bag that galley verify accepts, and rejects once edited", "[archive][cli]") {
    TempDir dir("cli-archive");
    const fs::path input = fs::path(GALLEY_SHARED_DIR) / "corpus/jpost-breaking-two-paragraphs.txt";
    REQUIRE(fs::is_regular_file(input));
    const CommandResult made = run_command(galley_command("-q --format epub -o " + quote((dir.path / "out").string()) +
                                                          " --archive " + quote((dir.path / "bags").string()) + " " +
                                                          quote(input.string())));
    REQUIRE(made.exit_code == 0);
    const fs::path bag = dir.path / "bags/jpost-breaking-two-paragraphs";
    CHECK(read_file(bag / "data/jpost-breaking-two-paragraphs.txt") == read_file(input));
    CHECK(fs::file_size(bag / "data/jpost-breaking-two-paragraphs.pdf") > 1000);
    CHECK(read_file(bag / "data/jpost-breaking-two-paragraphs.epub") ==
          read_file(dir.path / "out/jpost-breaking-two-paragraphs.epub"));
    CHECK_FALSE(fs::exists(dir.path / "out/jpost-breaking-two-paragraphs.pdf"));  // --format epub only
    const std::string metadata = read_file(bag / "data/metadata.json");
    CHECK(metadata.find("\"version\": \"" GALLEY_VERSION "\"") != std::string::npos);
    CHECK(metadata.find("\"sha256\": \"" + galley::archive::hex_digest("sha256", read_file(input)) + "\"") !=
          std::string::npos);
    const std::string info = read_file(bag / "bag-info.txt");
    CHECK(info.find("External-Identifier: urn:") != std::string::npos);
    CHECK(info.find("Bagging-Date: ") != std::string::npos);

    const std::string verify = galley_command("verify " + quote(bag.string()));
    const CommandResult ok = run_command(verify);
    CHECK(ok.exit_code == 0);
    CHECK(ok.output.find(": ok") != std::string::npos);

    SECTION("one byte of the PDF changed") {
        std::string pdf = read_file(bag / "data/jpost-breaking-two-paragraphs.pdf");
        pdf[pdf.size() / 2] = static_cast<char>(pdf[pdf.size() / 2] ^ 1);
        write_file(bag / "data/jpost-breaking-two-paragraphs.pdf", pdf);
        const CommandResult failed = run_command(verify);
        CHECK(failed.exit_code == 65);
        CHECK(failed.output.find("changed: data/jpost-breaking-two-paragraphs.pdf") != std::string::npos);
    }
    SECTION("the source deleted") {
        fs::remove(bag / "data/jpost-breaking-two-paragraphs.txt");
        const CommandResult failed = run_command(verify);
        CHECK(failed.exit_code == 65);
        CHECK(failed.output.find("missing: data/jpost-breaking-two-paragraphs.txt") != std::string::npos);
    }
    SECTION("not a bag") {
        CHECK(run_command(galley_command("verify " + quote(dir.path.string()))).exit_code == 66);
    }
}

TEST_CASE("an article from standard input is bagged as stdin.txt, byte for byte", "[archive][cli]") {
    TempDir dir("cli-archive-stdin");
    const std::string text = "title: Piped\n---\nA paragraph read from a pipe, with trailing spaces.   \n";
    write_file(dir.path / "in.txt", text);
    const CommandResult made = run_command(galley_command("-q --format epub -o " + quote((dir.path / "out").string()) +
                                                          " --archive " + quote((dir.path / "bags").string()) +
                                                          " - < " + quote((dir.path / "in.txt").string())));
    REQUIRE(made.exit_code == 0);
    CHECK(read_file(dir.path / "bags/stdin/data/stdin.txt") == text);
    CHECK(run_command(galley_command("verify -q " + quote((dir.path / "bags/stdin").string()))).exit_code == 0);
}

TEST_CASE("payload paths must be unique, and a source named like an output goes in source/", "[archive]") {
    TempDir dir("bag-clash");
    CHECK_THROWS_AS(galley::archive::write_bag((dir.path / "twice").string(), {{"a.txt", "1"}, {"a.txt", "2"}}, {}),
                    galley::Error);
    CHECK_FALSE(fs::exists(dir.path / "twice"));
    CHECK(count_files(dir.path) == 0);  // the temporary directory is gone too

    galley::Document document;
    document.metadata.title = "T";
    document.metadata.identifier = "urn:uuid:00000000-0000-0000-0000-000000000000";
    const std::string bag = galley::archive::write_article_bag(dir.path.string(), "a", document, galley::Style{},
                                                               0, {{"a.pdf", "text"}}, "epub", "pdf", {});
    CHECK(read_file(fs::path(bag) / "data/a.pdf") == "pdf");
    CHECK(read_file(fs::path(bag) / "data/source/a.pdf") == "text");
    CHECK(read_file(fs::path(bag) / "bag-info.txt").find("External-Identifier: urn:uuid:0000") != std::string::npos);
    CHECK(galley::archive::verify_bag(bag).ok());
}

TEST_CASE("the same article bagged twice gives a byte-identical bag", "[archive][cli]") {
    TempDir dir("bag-twice");
    const fs::path input = fs::path(GALLEY_SHARED_DIR) / "corpus/guardian-maori-whale-strandings-inline-captions.txt";
    REQUIRE(fs::is_regular_file(input));
    for (const char* run : {"one", "two"})
        REQUIRE(run_command(galley_command("-q -o " + quote((dir.path / run / "out").string()) + " --archive " +
                                           quote((dir.path / run / "bags").string()) + " " + quote(input.string())))
                    .exit_code == 0);
    const fs::path one = dir.path / "one/bags/guardian-maori-whale-strandings-inline-captions";
    const fs::path two = dir.path / "two/bags/guardian-maori-whale-strandings-inline-captions";
    for (const char* name : {"manifest-sha256.txt", "tagmanifest-sha256.txt", "bag-info.txt"}) {
        INFO(name);
        CHECK(read_file(one / name) == read_file(two / name));
    }
    CHECK(read_file(one / "manifest-sha256.txt").size() > 4 * 64);
}
