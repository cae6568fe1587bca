// write_atomically: the one way galley writes a file (outputs and cache files alike).
#include <catch2/catch.hpp>

#include <cerrno>
#include <filesystem>

#include "atomic_file.hpp"
#include "cli_support.hpp"

using namespace galley_test;

TEST_CASE("write_atomically replaces a file whole and leaves no temporary file", "[atomic]") {
    TempDir dir("atomic");
    const std::filesystem::path path = dir.path / "out.txt";
    for (const bool durable : {true, false}) {
        write_file(path, "the old contents");
        CHECK_FALSE(galley::write_atomically(path.string(), "the new contents", durable).has_value());
        CHECK(read_file(path) == "the new contents");
        CHECK(count_files(dir.path) == 1);
        CHECK((std::filesystem::status(path).permissions() & std::filesystem::perms::others_read) !=
              std::filesystem::perms::none);
    }
}

TEST_CASE("write_atomically says which step failed and keeps the old file", "[atomic]") {
    TempDir dir("atomic-fail");
    const auto missing = galley::write_atomically((dir.path / "no-such-dir" / "out.txt").string(), "bytes", true);
    REQUIRE(missing.has_value());
    CHECK(missing->step == galley::AtomicWriteFailure::Step::Create);
    CHECK(missing->error == ENOENT);

    // A directory in the way of the rename: the temporary file is written, then removed.
    std::filesystem::create_directory(dir.path / "taken");
    write_file(dir.path / "taken" / "inside.txt", "kept");
    const auto taken = galley::write_atomically((dir.path / "taken").string(), "bytes", false);
    REQUIRE(taken.has_value());
    CHECK(taken->step == galley::AtomicWriteFailure::Step::Rename);
    CHECK(read_file(dir.path / "taken" / "inside.txt") == "kept");
    CHECK(count_files(dir.path) == 1);  // only the directory: no temporary file left
}
