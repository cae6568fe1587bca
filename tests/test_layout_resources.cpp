// Process-wide resources of the layout engine: fontconfig and hyphenation dictionaries are
// loaded once (possibly ahead of time, on another thread) and shared.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <future>
#include <string>
#include <vector>

#include <hyphen.h>

#include "cli_support.hpp"
#include "galley.hpp"
#include "layout/font_files.hpp"
#include "layout/fonts.hpp"
#include "layout/hyphenation_cache.hpp"
#include "layout/hyphenation.hpp"
#include "layout/layout.hpp"
#include "pdf/pdf_writer.hpp"
#include "style/style.hpp"

using namespace galley;
using namespace galley::layout;

TEST_CASE("a prefetched hyphenation dictionary hyphenates like one loaded on demand", "[layout][hyphenation]") {
    const std::vector<std::string> words{"encryption", "typesetting", "organisation", "hyphenation", "counterterrorism"};
    // Swiss French is loaded nowhere else in this test binary: fetch it ahead, from several
    // threads at once, then use it.
    std::vector<std::future<void>> fetches;
    for (int i = 0; i < 3; ++i) fetches.push_back(std::async(std::launch::async, [] { prefetch_hyphenation("fr-CH"); }));
    for (auto& fetch : fetches) fetch.get();
    Hyphenator swiss("fr-CH", 2, 2, {});
    CHECK(swiss.dictionary_path().find("hyph_fr_CH") != std::string::npos);
    CHECK(swiss.show("organisation").find('-') != std::string::npos);

    prefetch_hyphenation("en-US");
    Hyphenator first("en-US", 2, 3, {});
    Hyphenator second("en-US", 2, 3, {"coun-ter-ter-ror-ism"});
    for (const std::string& word : words) {
        INFO(word);
        CHECK(first.show(word).find('-') != std::string::npos);
        if (word != "counterterrorism") CHECK(first.show(word) == second.show(word));
    }
    // Each keeps its own exceptions while sharing the patterns.
    CHECK(second.show("counterterrorism") == "coun-ter-ter-ror-ism");
    CHECK(first.show("counterterrorism") != second.show("counterterrorism"));
}

TEST_CASE("articles read with prefetching lay out exactly as without", "[layout][pipeline]") {
    const std::string text =
        "A Title for the Test\n\nBy Someone Writer\n\n"
        "Typesetting a paragraph well means choosing every line break of it together, which is what "
        "the total-fit algorithm does; hyphenation gives it more choices, and the dictionaries that "
        "supply them are loaded once per process.\n\n"
        "Une phrase en français n'y change rien : le document est en anglais.\n";
    ArticleOptions plain;
    ArticleOptions prefetching;
    prefetching.prefetch_fonts = true;
    prefetching.prefetch_hyphenation = true;
    const Document a = read_article_text(text, "a.txt", plain, {});
    const Document b = read_article_text(text, "a.txt", prefetching, {});
    const Style style = load_style("default");
    RenderOptions render;
    render.timestamp = 1700000000;
    const std::string without = render_pdf(a, style, render, {});
    CHECK(render_pdf(b, style, render, {}) == without);
    // Faces warmed on another thread while the engine runs change nothing either.
    prefetch_typefaces(style, "en-US");
    CHECK(render_pdf(a, style, render, {}) == without);
}

TEST_CASE("a font file is mapped once per process and shared with its faces", "[layout][fonts]") {
    FontSet fonts("en-US");
    const int style = fonts.style_for(FontKey{"Charis SIL", false, false, false});
    const LoadedFace& loaded = fonts.face(fonts.primary_face(style));
    std::ifstream in(loaded.path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(!bytes.empty());

    hb_blob_t* first = shared_font_file(loaded.path);
    hb_blob_t* second = shared_font_file(loaded.path);
    REQUIRE(first != nullptr);
    CHECK(first == second);  // the FontSet's mapping, not a new one
    unsigned size = 0;
    const char* data = hb_blob_get_data(first, &size);
    CHECK(std::string(data, size) == bytes);
    hb_face_t* face = shared_font_face(loaded.path, loaded.face_index);
    hb_face_t* again = shared_font_face(loaded.path, loaded.face_index);
    REQUIRE(face != nullptr);
    CHECK(face == again);
    CHECK(hb_face_get_glyph_count(face) > 1000);
    // The references handed out are the caller's: dropping them leaves the store's.
    for (hb_face_t* f : {face, again}) hb_face_destroy(f);
    for (hb_blob_t* b : {first, second}) hb_blob_destroy(b);
    hb_blob_t* kept = shared_font_file(loaded.path);
    CHECK(hb_blob_get_length(kept) == bytes.size());
    hb_blob_destroy(kept);

    CHECK(shared_font_file("/nonexistent/font.ttf") == nullptr);
    CHECK(shared_font_face("/nonexistent/font.ttf", 0) == nullptr);
}

TEST_CASE("warmed faces are the ones a FontSet loads, and shape the same", "[layout][fonts]") {
    FontSpec italic, small_caps;
    italic.italic = true;
    small_caps.small_caps = true;  // the same face as the body's
    const std::vector<FontSpec> specs{FontSpec{}, italic, small_caps};
    const std::vector<FontFace> warmed = warm_faces(specs, "en-US");
    REQUIRE(warmed.size() == 2);
    CHECK(warmed[0].path.find("CharisSIL-Regular") != std::string::npos);
    CHECK(warmed[1].path.find("CharisSIL-Italic") != std::string::npos);
    CHECK(warmed[1].style_name == "Italic");

    FontSet fonts("en-US");
    const int italic_style = fonts.style_for(italic);
    CHECK(fonts.face(fonts.primary_face(italic_style)).path == warmed[1].path);
    const ShapedText& shaped = fonts.shape(italic_style, "affluent office");
    // The ff and ffi ligatures: 15 characters in fewer glyphs, as without any warm-up.
    CHECK(shaped.glyphs.size() < 15);
    CHECK(shaped.width > 5.0);
}

TEST_CASE("the lookahead thread changes nothing in the layout of any corpus text", "[layout][pipeline][corpus]") {
    const std::vector<std::filesystem::path> inputs = galley_test::corpus_and_sample_texts();
    REQUIRE(inputs.size() >= 10);
    const Style style = load_style("default");
    pdf::PdfOptions options;
    options.timestamp = 1700000000;
    for (const auto& input : inputs) {
        INFO(input.string());
        const Document document = read_article(input.string(), ArticleOptions{}, {});
        const LayoutResult ahead = layout_document(document, style, true);
        const LayoutResult alone = layout_document(document, style, false);
        REQUIRE(ahead.lines.size() == alone.lines.size());
        CHECK(ahead.warnings.size() == alone.warnings.size());
        CHECK(pdf::write_pdf(ahead.display, options) == pdf::write_pdf(alone.display, options));
    }
}

namespace {

// Every hyphenation point libhyphen finds in each word, as a string per word.
std::vector<std::string> hyphenations(HyphenDict* dictionary, const std::vector<std::string>& words) {
    std::vector<std::string> out;
    for (const std::string& word : words) {
        std::vector<char> hyphens(word.size() + 5, '0');
        char** replacements = nullptr;
        int* positions = nullptr;
        int* cuts = nullptr;
        hnj_hyphen_hyphenate2(dictionary, word.c_str(), int(word.size()), hyphens.data(), nullptr, &replacements,
                              &positions, &cuts);
        out.emplace_back(hyphens.data(), word.size());
        std::free(positions);
        std::free(cuts);
        if (replacements != nullptr) {
            for (std::size_t i = 0; i < word.size(); ++i) std::free(replacements[i]);
            std::free(replacements);
        }
    }
    return out;
}

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("a cached hyphenation dictionary hyphenates exactly like the parsed one", "[layout][hyphenation][cache]") {
    const std::filesystem::path directory = std::filesystem::temp_directory_path() / "galley-test-hyphen-cache";
    std::filesystem::remove_all(directory);
    const std::vector<std::string> words{"encryption",  "typesetting", "counterterrorism", "hyphenation",
                                         "organisation", "représentation", "développement", "Silbentrennung",
                                         "überraschend", "a",           "ab",              "extraordinarily"};
    for (const char* source : {"/usr/share/hyphen/hyph_en_US.dic", "/usr/share/hyphen/hyph_fr.dic"}) {
        INFO(source);
        REQUIRE(std::filesystem::exists(source));
        HyphenDict* parsed = hnj_hyphen_load(source);
        REQUIRE(parsed != nullptr);
        CHECK(read_cached_dictionary(source, directory.string()) == nullptr);  // nothing cached yet
        write_cached_dictionary(source, *parsed, directory.string());
        const std::string file = cached_dictionary_file(source, directory.string());
        REQUIRE(std::filesystem::exists(file));
        const std::shared_ptr<HyphenDict> cached = read_cached_dictionary(source, directory.string());
        REQUIRE(cached != nullptr);
        CHECK(hyphenations(cached.get(), words) == hyphenations(parsed, words));
        // The whole automaton came back: writing the cached copy gives the same bytes.
        const std::filesystem::path again = directory / "again";
        write_cached_dictionary(source, *cached, again.string());
        CHECK(read_bytes(cached_dictionary_file(source, again.string())) == read_bytes(file));
        hnj_hyphen_free(parsed);  // (the cached copy frees its own mapping)
    }
    std::filesystem::remove_all(directory);
}

TEST_CASE("a stale, damaged or missing hyphenation cache is ignored", "[layout][hyphenation][cache]") {
    const std::filesystem::path directory = std::filesystem::temp_directory_path() / "galley-test-hyphen-stale";
    std::filesystem::remove_all(directory);
    std::filesystem::create_directories(directory);
    const std::string source = (directory / "hyph_xx.dic").string();
    std::filesystem::copy_file("/usr/share/hyphen/hyph_en_US.dic", source);
    const std::string cache = (directory / "cache").string();

    HyphenDict* parsed = hnj_hyphen_load(source.c_str());
    REQUIRE(parsed != nullptr);
    write_cached_dictionary(source, *parsed, cache);
    REQUIRE(read_cached_dictionary(source, cache) != nullptr);

    SECTION("no cache directory") { CHECK(read_cached_dictionary(source, "") == nullptr); }
    SECTION("the source changed") {
        std::ofstream(source, std::ios::app) << "1zz1\n";
        CHECK(read_cached_dictionary(source, cache) == nullptr);
    }
    SECTION("the cache file is cut short") {
        const std::string file = cached_dictionary_file(source, cache);
        const std::string bytes = read_bytes(file);
        for (std::size_t keep : {std::size_t(0), std::size_t(7), bytes.size() / 2, bytes.size() - 1}) {
            std::ofstream(file, std::ios::binary | std::ios::trunc).write(bytes.data(), std::streamsize(keep));
            CHECK(read_cached_dictionary(source, cache) == nullptr);
        }
    }
    SECTION("the cache file is damaged") {
        const std::string file = cached_dictionary_file(source, cache);
        std::string bytes = read_bytes(file);
        // Overwrite a stretch of the automaton with bytes no valid entry has.
        for (std::size_t i = bytes.size() / 3; i < bytes.size() / 3 + 64; ++i) bytes[i] = '\xff';
        std::ofstream(file, std::ios::binary | std::ios::trunc).write(bytes.data(), std::streamsize(bytes.size()));
        CHECK(read_cached_dictionary(source, cache) == nullptr);
    }
    hnj_hyphen_free(parsed);
    std::filesystem::remove_all(directory);
}
