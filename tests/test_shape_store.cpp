// The store of shaped words (layout/shape_store.hpp): what comes out of it is exactly what
// shaping gives, and a store that does not fit the run, or is damaged, is not believed.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cli_support.hpp"
#include "layout/fonts.hpp"
#include "layout/shape_store.hpp"
#include "style/style.hpp"

using galley::FontSpec;
using galley::layout::FontSet;
using galley::layout::ShapedText;
using galley::layout::ShapeStore;
using namespace galley_test;

namespace {

// Words that exercise ligatures, kerning, marks, fallback faces and right-to-left text.
const std::vector<std::string> first_words = {
    "office",  "affluent", "AVATAR", "“Quoted,”", "Māori", "naïve—", "1,234.56", "ﬁne",
    "שלום",    "مرحبا",     "漢字",    "x\u0301y",  "Tō",    "(WAVE)", "e.g.",     "—",
};
const std::vector<std::string> later_words = {"jumps", "fjord", "Ærøskøbing", "Ελληνικά", "Привет", "AWAY"};

struct Shaper {
    FontSet fonts{"en-US"};
    std::vector<int> styles;
    Shaper() {
        FontSpec italic;
        italic.italic = true;
        FontSpec small_caps;
        small_caps.small_caps = true;
        styles = {fonts.style_for(FontSpec{}), fonts.style_for(italic), fonts.style_for(small_caps)};
    }
};

// Every field of two shapings, faces by their file.
void check_same(const FontSet& a_fonts, const ShapedText& a, const FontSet& b_fonts, const ShapedText& b) {
    REQUIRE(a.glyphs.size() == b.glyphs.size());
    CHECK(a.width == b.width);
    CHECK(a.right_to_left == b.right_to_left);
    for (std::size_t i = 0; i < a.glyphs.size(); ++i) {
        const auto& x = a.glyphs[i];
        const auto& y = b.glyphs[i];
        CHECK(a_fonts.face(x.face).path == b_fonts.face(y.face).path);
        CHECK(a_fonts.face(x.face).face_index == b_fonts.face(y.face).face_index);
        CHECK(x.glyph_id == y.glyph_id);
        CHECK(x.x_offset == y.x_offset);
        CHECK(x.y_offset == y.y_offset);
        CHECK(x.advance == y.advance);
        CHECK(x.pen == y.pen);
        CHECK(x.cluster == y.cluster);
        CHECK(x.cluster_end == y.cluster_end);
        CHECK(x.cluster_start == y.cluster_start);
    }
}

// Shapes `words` in every style with and without `store`, checking they agree.
void shape_and_compare(Shaper& plain, Shaper& stored, const std::vector<std::string>& words) {
    for (const int style : plain.styles)
        for (const std::string& word : words) {
            INFO(word << " in style " << style);
            const ShapedText& expected = plain.fonts.shape(style, word);
            const ShapedText& got = stored.fonts.shape(style, word);
            check_same(plain.fonts, expected, stored.fonts, got);
        }
}

}  // namespace

TEST_CASE("shapings from the store of shaped words are exactly what shaping gives", "[layout][fonts][cache]") {
    TempDir work("shape-store");
    const std::string directory = work.path.string();
    Shaper plain;
    const std::size_t pieces = first_words.size() * plain.styles.size();

    // Temporary files left by runs killed while writing the store: an old one is removed by
    // the next writing, a recent one (perhaps being written) is left.
    const std::filesystem::path stale = work.path / ".shapes-OLD123", recent = work.path / ".shapes-NEW123";
    write_file(stale, "cut short");
    write_file(recent, "being written");
    std::filesystem::last_write_time(stale, std::filesystem::file_time_type::clock::now() - std::chrono::hours(2));
    // A run with no store yet: everything is shaped and added, then the main file is written.
    {
        Shaper first;
        auto store = std::make_shared<ShapeStore>(directory, "en-US", 42);
        first.fonts.use_store(store);
        shape_and_compare(plain, first, first_words);
        CHECK(store->found() == 0);
        CHECK(store->added() == pieces);
        CHECK(store->needs_rewrite());
        REQUIRE(store->save());
        CHECK(std::filesystem::exists(ShapeStore::file_in(directory, "en-US")));
        CHECK_FALSE(std::filesystem::exists(ShapeStore::log_in(directory, "en-US")));
        CHECK_FALSE(std::filesystem::exists(stale));
        CHECK(std::filesystem::exists(recent));
    }
    const auto main_size = std::filesystem::file_size(ShapeStore::file_in(directory, "en-US"));
    // The next run finds all of it; its new words go to the log.
    {
        Shaper second;
        auto store = std::make_shared<ShapeStore>(directory, "en-US", 42);
        second.fonts.use_store(store);
        shape_and_compare(plain, second, first_words);
        CHECK(store->found() == pieces);
        CHECK(store->added() == 0);
        shape_and_compare(plain, second, later_words);
        CHECK(store->added() == later_words.size() * plain.styles.size());
        CHECK_FALSE(store->needs_rewrite());
        REQUIRE(store->save());
        CHECK(std::filesystem::file_size(ShapeStore::file_in(directory, "en-US")) == main_size);
        CHECK(std::filesystem::exists(ShapeStore::log_in(directory, "en-US")));
    }
    // And the one after finds both.
    {
        Shaper third;
        auto store = std::make_shared<ShapeStore>(directory, "en-US", 42);
        third.fonts.use_store(store);
        shape_and_compare(plain, third, first_words);
        shape_and_compare(plain, third, later_words);
        CHECK(store->found() == (first_words.size() + later_words.size()) * plain.styles.size());
        CHECK(store->added() == 0);
    }
}

TEST_CASE("a store of shaped words made for other fonts or damaged is not believed", "[layout][fonts][cache]") {
    TempDir work("shape-store-stale");
    const std::string directory = work.path.string();
    Shaper plain;
    {
        Shaper maker;
        auto store = std::make_shared<ShapeStore>(directory, "en-US", 42);
        maker.fonts.use_store(store);
        shape_and_compare(plain, maker, first_words);
        REQUIRE(store->save());
    }
    SECTION("another record of fontconfig's answers, or another language") {
        // The French store's file holds the English one's bytes: its header says so.
        std::filesystem::copy_file(ShapeStore::file_in(directory, "en-US"), ShapeStore::file_in(directory, "fr"));
        for (const auto& [language, digest] : {std::pair<std::string, std::uint64_t>{"en-US", 43}, {"fr", 42}}) {
            Shaper other;
            auto store = std::make_shared<ShapeStore>(directory, language, digest);
            other.fonts.use_store(store);
            shape_and_compare(plain, other, first_words);
            CHECK(store->found() == 0);
            CHECK(store->needs_rewrite());
        }
    }
    SECTION("a damaged entry is shaped afresh, and the store is written anew") {
        const std::filesystem::path file = ShapeStore::file_in(directory, "en-US");
        std::string bytes = read_file(file);
        // Glyph positions are the last bytes of each entry; damage some near the end.
        for (std::size_t at = bytes.size() - 7; at > bytes.size() - 2000; at -= 97) bytes[at] ^= 0x5A;
        write_file(file, bytes);
        Shaper reader;
        auto store = std::make_shared<ShapeStore>(directory, "en-US", 42);
        reader.fonts.use_store(store);
        shape_and_compare(plain, reader, first_words);
        CHECK(store->found() > 0);
        CHECK(store->found() < first_words.size() * plain.styles.size());
        CHECK(store->needs_rewrite());
    }
    SECTION("a file cut short is not read at all") {
        const std::filesystem::path file = ShapeStore::file_in(directory, "en-US");
        const std::string bytes = read_file(file);
        write_file(file, bytes.substr(0, bytes.size() / 2));
        Shaper reader;
        auto store = std::make_shared<ShapeStore>(directory, "en-US", 42);
        reader.fonts.use_store(store);
        shape_and_compare(plain, reader, first_words);
        CHECK(store->found() == 0);
    }
}

TEST_CASE("shapings that lost characters no face has are not stored", "[layout][fonts][cache]") {
    TempDir work("shape-store-missing");
    Shaper shaper;
    auto store = std::make_shared<ShapeStore>(work.path.string(), "en-US", 42);
    shaper.fonts.use_store(store);
    shaper.fonts.shape(shaper.styles[0], "hieroglyph\U00013000");
    CHECK(store->added() == 0);
    CHECK(shaper.fonts.missing_characters().size() == 1);
    shaper.fonts.shape(shaper.styles[0], "plain");
    CHECK(store->added() == 1);
}

TEST_CASE("runs that use the store of shaped words set exactly what runs without it set", "[layout][fonts][cache][cli]") {
    TempDir work("shape-store-run");
    const std::string cache = (work.path / "cache").string();
    const std::string input = GALLEY_SHARED_DIR "/corpus/givewell-blog-grant-lists-blockquote-cc.txt";
    auto run = [&](const std::string& environment, const std::string& out) {
        const CommandResult result = run_into(environment, work.path / out, input);
        REQUIRE(result.exit_code == 0);
        return result.output;
    };
    const std::string reference = run("GALLEY_NO_CACHE=1", "none");
    // The first run makes the record of font answers, the second the store, the third adds
    // nothing new and uses it.
    for (const char* out : {"first", "second", "third"}) {
        INFO(out);
        CHECK(run("XDG_CACHE_HOME=" + quote(cache), out) == reference);
        for (const char* name : {"givewell-blog-grant-lists-blockquote-cc.pdf", "givewell-blog-grant-lists-blockquote-cc.epub"})
            CHECK(read_file(work.path / out / name) == read_file(work.path / "none" / name));
    }
    CHECK(std::filesystem::exists(ShapeStore::file_in(cache + "/galley", "en")));
}

namespace {

// `count` made-up words, distinct from one another and from the lists above.
std::vector<std::string> many_words(std::size_t count, const std::string& stem) {
    std::vector<std::string> words;
    for (std::size_t i = 0; i < count; ++i) words.push_back(stem + std::to_string(i) + "ly");
    return words;
}

// Opens the store in `directory` for en-US under `digest` and shapes `words` through it.
std::shared_ptr<ShapeStore> shape_through(const std::string& directory, std::uint64_t digest,
                                          const std::vector<std::string>& words, Shaper& plain) {
    Shaper shaper;
    auto store = std::make_shared<ShapeStore>(directory, "en-US", digest);
    shaper.fonts.use_store(store);
    for (const std::string& word : words) {
        INFO(word);
        check_same(plain.fonts, plain.fonts.shape(plain.styles[0], word), shaper.fonts,
                   shaper.fonts.shape(shaper.styles[0], word));
    }
    return store;
}

}  // namespace

TEST_CASE("the store's log: appended, taken into the main file past its limit, and checked", "[layout][fonts][cache]") {
    TempDir work("shape-store-log");
    const std::string directory = work.path.string();
    const std::string log = ShapeStore::log_in(directory, "en-US");
    Shaper plain;
    REQUIRE(shape_through(directory, 42, first_words, plain)->save());  // the main file

    SECTION("past the log's limit the main file is written anew with everything") {
        const std::vector<std::string> words = many_words(600, "mainword");
        auto store = shape_through(directory, 42, words, plain);
        REQUIRE_FALSE(store->needs_rewrite());
        REQUIRE(store->save());
        REQUIRE(std::filesystem::exists(log));
        const std::vector<std::string> more = many_words(2000, "moreword");
        store = shape_through(directory, 42, more, plain);
        CHECK(store->needs_rewrite());  // 2,600 entries of ~600 bytes would pass the 1 MB log
        REQUIRE(store->save());
        CHECK_FALSE(std::filesystem::exists(log));
        auto again = shape_through(directory, 42, first_words, plain);
        shape_through(directory, 42, words, plain);
        auto last = shape_through(directory, 42, more, plain);
        CHECK(again->found() == first_words.size());
        CHECK(last->found() == more.size());
        CHECK(last->added() == 0);
    }
    SECTION("entries another fonts record wrote, or damaged ones, are shaped afresh") {
        REQUIRE(shape_through(directory, 42, later_words, plain)->save());  // the log
        // Entries made under another record, appended to this log as they are.
        TempDir other("shape-store-other");
        REQUIRE(shape_through(other.path.string(), 43, first_words, plain)->save());
        REQUIRE(shape_through(other.path.string(), 43, many_words(20, "foreign"), plain)->save());
        const std::string theirs = read_file(ShapeStore::log_in(other.path.string(), "en-US"));
        const std::string ours = read_file(log);
        const std::size_t their_header = theirs.find("file ") + 22;  // "file " 16 hex digits, newline
        write_file(log, ours + theirs.substr(their_header));
        auto store = shape_through(directory, 42, many_words(20, "foreign"), plain);
        CHECK(store->found() == 0);
        CHECK(store->needs_rewrite());
        // A byte of a glyph's position changed in the log: that word is not believed.
        std::string damaged = ours;
        damaged[damaged.size() - 3] ^= 0x10;
        write_file(log, damaged);
        store = shape_through(directory, 42, later_words, plain);
        CHECK(store->found() == later_words.size() - 1);
    }
    SECTION("a log left by an older main file is ignored") {
        REQUIRE(shape_through(directory, 42, later_words, plain)->save());
        const std::string old_log = read_file(log);
        // A new main file (its log taken in), then the old log put back beside it.
        const std::vector<std::string> words = many_words(3000, "bulkword");
        auto store = shape_through(directory, 42, words, plain);
        REQUIRE(store->needs_rewrite());
        REQUIRE(store->save());
        write_file(log, old_log);
        auto reader = shape_through(directory, 42, later_words, plain);
        CHECK(reader->found() == later_words.size());  // from the new main file, not the old log
        auto fresh = shape_through(directory, 42, many_words(5, "latecomer"), plain);
        CHECK(fresh->found() == 0);
        REQUIRE(fresh->save());
        // Its entries start a log of their own: the old one's are gone, not appended to.
        const std::string new_log = read_file(log);
        CHECK(new_log.find("latecomer0ly") != std::string::npos);
        CHECK(new_log.find("Ærøskøbing") == std::string::npos);
        CHECK(old_log.find("Ærøskøbing") != std::string::npos);
    }
}

TEST_CASE("runs sharing the store lose at most time to each other", "[layout][fonts][cache]") {
    TempDir work("shape-store-shared");
    const std::string directory = work.path.string();
    Shaper plain;
    REQUIRE(shape_through(directory, 42, first_words, plain)->save());
    // Two runs open the store before either saves; then a third while the second is still
    // looking words up after the first replaced the log and the main file.
    Shaper a_shaper, b_shaper;
    auto a = std::make_shared<ShapeStore>(directory, "en-US", 42);
    auto b = std::make_shared<ShapeStore>(directory, "en-US", 42);
    a_shaper.fonts.use_store(a);
    b_shaper.fonts.use_store(b);
    shape_and_compare(plain, a_shaper, later_words);
    REQUIRE(a->save());  // a new log
    shape_and_compare(plain, b_shaper, many_words(30, "bword"));
    REQUIRE(b->save());  // a new log again, replacing a's
    REQUIRE(shape_through(directory, 42, many_words(3000, "cword"), plain)->save());  // a new main file
    shape_and_compare(plain, b_shaper, first_words);  // b still reads what it opened
    shape_and_compare(plain, a_shaper, many_words(10, "aword"));
    auto reader = shape_through(directory, 42, many_words(3000, "cword"), plain);
    CHECK(reader->found() == 3000);
}
