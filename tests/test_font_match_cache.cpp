// The record of fontconfig's answers (layout/font_match_cache.hpp): used only while what it
// depends on holds, and a run that uses it sets exactly what a run that asks fontconfig sets.
#include <catch2/catch.hpp>

#include <fontconfig/fontconfig.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "cli_support.hpp"
#include "layout/font_match_cache.hpp"

using galley::layout::FontLocation;
using galley::layout::FontMatchCache;
using namespace galley_test;

namespace {

// Sets an environment variable for one scope, then puts back what was there.
class ScopedEnvironment {
public:
    ScopedEnvironment(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        ::setenv(name, value, 1);
    }
    ~ScopedEnvironment() {
        if (old_) ::setenv(name_.c_str(), old_->c_str(), 1);
        else ::unsetenv(name_.c_str());
    }
    ScopedEnvironment(const ScopedEnvironment&) = delete;
    ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

private:
    std::string name_;
    std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("the record of fontconfig's answers holds only while what it depends on is unchanged", "[layout][fonts][cache]") {
    REQUIRE(FcInit() == FcTrue);  // save() lists the configuration fontconfig read
    TempDir directory("font-matches");
    const std::string cache = (directory.path / "cache").string();
    // An answer whose font file the test can change.
    const std::filesystem::path font = directory.path / "Face.ttf";
    std::filesystem::copy_file("/usr/share/fonts/truetype/charis/CharisSIL-Regular.ttf", font);
    const FontLocation answer{font.string(), 0};

    auto record = [&] {
        FontMatchCache fresh(cache);
        fresh.remember("face\x1f" "Test", answer);
        fresh.remember("character\x1fU+6F22", FontLocation{});  // no face has it: an answer too
        fresh.save();
        REQUIRE(std::filesystem::exists(FontMatchCache::file_in(cache)));
    };

    CHECK_FALSE(FontMatchCache(cache).valid());  // nothing recorded yet
    CHECK_FALSE(FontMatchCache("").valid());     // no cache directory
    record();
    {
        const FontMatchCache reread(cache);
        REQUIRE(reread.valid());
        CHECK(reread.find("face\x1f" "Test") == answer);
        CHECK(reread.find("character\x1fU+6F22") == FontLocation{});
        CHECK_FALSE(reread.find("face\x1f" "Other"));
    }

    SECTION("the answer's font file changed") {
        std::filesystem::last_write_time(font, std::filesystem::last_write_time(font) + std::chrono::seconds(10));
        const FontMatchCache stale(cache);
        CHECK_FALSE(stale.valid());
        CHECK_FALSE(stale.find("face\x1f" "Test"));
    }
    SECTION("a font was added to a directory fontconfig scans") {
        // The user's font directory counts whether or not it exists; creating it is a change.
        TempDir home("font-matches-home");
        const ScopedEnvironment xdg_data("XDG_DATA_HOME", home.path.c_str());
        record();  // recorded while $XDG_DATA_HOME/fonts does not exist
        CHECK(FontMatchCache(cache).valid());
        std::filesystem::create_directories(home.path / "fonts");
        CHECK_FALSE(FontMatchCache(cache).valid());
    }
    SECTION("the environment fontconfig reads changed") {
        const ScopedEnvironment language("FC_LANG", "zz");
        CHECK_FALSE(FontMatchCache(cache).valid());
    }
    SECTION("the record is damaged or cut short") {
        const std::string file = FontMatchCache::file_in(cache);
        const std::string bytes = read_file(file);
        write_file(file, bytes.substr(0, bytes.size() / 2));
        CHECK_FALSE(FontMatchCache(cache).valid());
        // Cut after any whole line (the record's lines all hold alone), it is known as cut too.
        for (std::size_t end = bytes.find('\n'); end + 1 < bytes.size(); end = bytes.find('\n', end + 1)) {
            write_file(file, bytes.substr(0, end + 1));
            INFO(bytes.substr(0, end + 1));
            CHECK_FALSE(FontMatchCache(cache).valid());
        }
        write_file(file, bytes);
        CHECK(FontMatchCache(cache).valid());
        write_file(file, "galley-font-matches 2\nnonsense\n");
        CHECK_FALSE(FontMatchCache(cache).valid());
        write_file(file, bytes + "answer face\x1f" "X\tnot-a-number\t/x.ttf\n");
        CHECK_FALSE(FontMatchCache(cache).valid());
    }
}

TEST_CASE("a run that uses the record of font answers sets exactly what asking fontconfig sets", "[layout][fonts][cache][cli]") {
    TempDir work("font-matches-run");
    // Characters Charis SIL lacks: some another face has (DejaVu), some no installed face has
    // (they are warned about either way).
    const std::filesystem::path input = work.path / "fallback.txt";
    write_file(input,
               "A snowman \u2603, a volume integral \u2230 and two hieroglyphs \U00013000\U00013001 that Charis lacks.\n\n"
               "A second paragraph, with an arrow \u21F6 in it, to set more than one line of text in this "
               "little test of the faces a layout falls back on.\n");
    const std::string cache = (work.path / "cache").string();
    auto run = [&](const std::string& environment, const std::string& out) {
        const CommandResult result = run_into(environment, work.path / out, input);
        REQUIRE(result.exit_code == 0);
        return result.output;  // what was said, but for where it was written
    };
    const std::string cold = run("XDG_CACHE_HOME=" + quote(cache), "cold");
    const std::string record = read_file(FontMatchCache::file_in(cache + "/galley"));
    CHECK(record.find("answer character\x1fU+2603\t") != std::string::npos);  // found in another face
    CHECK(record.find("answer character\x1fU+13000\t0\t\n") != std::string::npos);  // in none
    const std::string warm = run("XDG_CACHE_HOME=" + quote(cache), "warm");
    const std::string asked = run("GALLEY_NO_CACHE=1", "asked");
    CHECK(warm == cold);  // the same warnings, the missing characters among them
    CHECK(asked == cold);
    for (const char* name : {"fallback.pdf", "fallback.epub"}) {
        INFO(name);
        const std::string reference = read_file(work.path / "asked" / name);
        CHECK(read_file(work.path / "cold" / name) == reference);
        CHECK(read_file(work.path / "warm" / name) == reference);
    }
}
