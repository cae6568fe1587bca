// Reading a book on two threads must give what reading it on one gives.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "galley.hpp"
#include "model/document.hpp"
#include "text/parallel.hpp"
#include "text/pattern.hpp"
#include "transform/typography.hpp"

using namespace galley;

namespace {

std::string read_corpus(const std::string& name) {
    std::ifstream in(std::string(GALLEY_SHARED_DIR "/corpus/") + name, std::ios::binary);
    REQUIRE(in);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("for_pieces covers every item once, on two threads above the threshold", "[parallel]") {
    const std::size_t count = 1000;
    std::vector<int> seen(count, 0);
    std::mutex lock;
    std::set<std::thread::id> threads;
    for_pieces(
        count, [](std::size_t) { return std::size_t{100}; },
        [&](std::size_t begin, std::size_t end) {
            {
                const std::lock_guard<std::mutex> hold(lock);
                threads.insert(std::this_thread::get_id());
            }
            for (std::size_t i = begin; i < end; ++i) ++seen[i];
            // Slow enough pieces that the worker, once started, gets some of them.
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        });
    for (std::size_t i = 0; i < count; ++i) REQUIRE(seen[i] == 1);
    CHECK(threads.size() == 2);
    CHECK(threads.count(std::this_thread::get_id()) == 1);
}

TEST_CASE("for_pieces leaves the pieces to the caller while the worker is held up", "[parallel]") {
    // The other core may be slow: the caller must not wait for a fixed half of the work.
    const std::thread::id caller = std::this_thread::get_id();
    std::atomic<int> by_caller{0}, by_worker{0};
    for_pieces(
        64, [](std::size_t) { return std::size_t{1} << 12; },
        [&](std::size_t, std::size_t) {
            if (std::this_thread::get_id() == caller) {
                ++by_caller;
            } else {
                ++by_worker;
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        });
    CHECK(by_caller + by_worker == int(kParallelPieces));
    CHECK(by_worker <= 1);
}

TEST_CASE("for_pieces stays on the calling thread below the threshold", "[parallel]") {
    int calls = 0;
    std::size_t covered = 0;
    for_pieces(
        10, [](std::size_t) { return std::size_t{1}; },
        [&](std::size_t begin, std::size_t end) {
            ++calls;
            covered += end - begin;
            CHECK(std::this_thread::get_id() == std::this_thread::get_id());
        });
    CHECK(calls == 1);
    CHECK(covered == 10);
}

TEST_CASE("for_pieces cuts its pieces by weight and rethrows an exception", "[parallel]") {
    // A piece never splits an item: the heavy first item is a piece of its own.
    std::vector<std::pair<std::size_t, std::size_t>> pieces;
    std::mutex lock;
    const auto record = [&](std::size_t begin, std::size_t end) {
        const std::lock_guard<std::mutex> hold(lock);
        pieces.emplace_back(begin, end);
    };
    for_pieces(5, [](std::size_t i) { return i == 0 ? std::size_t{400000} : std::size_t{100000}; }, record);
    CHECK(std::set<std::pair<std::size_t, std::size_t>>(pieces.begin(), pieces.end()) ==
          std::set<std::pair<std::size_t, std::size_t>>{{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}});
    // Equal items: kParallelPieces pieces of equal size.
    pieces.clear();
    for_pieces(4 * kParallelPieces, [](std::size_t) { return std::size_t{1} << 12; }, record);
    REQUIRE(pieces.size() == kParallelPieces);
    for (const auto& [begin, end] : pieces) {
        CHECK(end - begin == 4);
        CHECK(begin % 4 == 0);
    }

    CHECK_THROWS_WITH(for_pieces(
                          4, [](std::size_t) { return std::size_t{1} << 20; },
                          [](std::size_t begin, std::size_t) {
                              if (begin > 0) throw std::runtime_error("a later piece failed");
                          }),
                      "a later piece failed");
}

TEST_CASE("A TextPattern used by two threads at once answers each as one thread would", "[parallel]") {
    static const TextPattern number(R"(([0-9]+)\s+(apples|pears))");
    std::vector<std::string> texts;
    for (int i = 0; i < 400; ++i)
        texts.push_back(i % 3 == 0 ? "we bought " + std::to_string(i) + " apples" : "nothing here " + std::to_string(i));
    std::vector<std::string> expected;
    for (const std::string& text : texts) {
        const auto match = number.search(text);
        expected.push_back(match ? (*match)[1] : "-");
    }
    std::vector<std::string> results(texts.size());
    std::atomic<int> disagreements{0};
    auto work = [&](std::size_t begin, std::size_t end) {
        for (int round = 0; round < 20; ++round)
            for (std::size_t i = begin; i < end; ++i) {
                const auto match = number.search(texts[i]);
                results[i] = match ? (*match)[1] : "-";
                if (number.found_in(texts[i]) != (match.has_value())) ++disagreements;
            }
    };
    std::thread other(work, 0, texts.size());
    work(0, texts.size() / 2);
    other.join();
    CHECK(disagreements == 0);
    CHECK(results == expected);
}

TEST_CASE("Typography on a book's worth of blocks equals typography block by block", "[parallel]") {
    // The novella's paragraphs, many times over: far above the threshold for two threads.
    const std::string source = read_corpus("stevenson-jekyll-hyde-long-novella-se.txt");
    std::vector<std::string> paragraphs;
    std::istringstream lines(source);
    for (std::string line; std::getline(lines, line);)
        if (line.size() > 20) paragraphs.push_back(line);
    REQUIRE(paragraphs.size() > 50);
    Document document;
    std::size_t bytes = 0;
    while (bytes < 4 * kParallelWeightThreshold)
        for (const std::string& paragraph : paragraphs) {
            Block block;
            block.kind = BlockKind::Paragraph;
            block.inlines = {Inline::make_text(paragraph)};
            document.blocks.push_back(block);
            bytes += paragraph.size();
        }
    TypographyOptions options;
    apply_typography(document, "en", options);
    for (std::size_t i = 0; i < document.blocks.size(); ++i) {
        const std::string alone = smarten(paragraphs[i % paragraphs.size()], "en", options);
        REQUIRE(plain_text(document.blocks[i].inlines) == alone);
    }
}

TEST_CASE("The reader counts columns past dropped control characters", "[parallel][read]") {
    ArticleOptions options;
    options.recognise_furniture = false;
    options.smart_typography = false;
    const Document plain = read_article_text("Title\n\n   Indented paragraph here.\n", "t.txt", options, nullptr);
    REQUIRE(plain.blocks.size() == 2);
    CHECK(plain.blocks[1].position.line == 3);
    CHECK(plain.blocks[1].position.column == 4);
    // Two controls are dropped before the spaces: the text still starts in column 6.
    const Document shifted = read_article_text("Title\n\n\x01\x02   Indented paragraph here.\n", "t.txt", options, nullptr);
    REQUIRE(shifted.blocks.size() == 2);
    CHECK(shifted.blocks[1].position.column == 6);
    CHECK(plain_text(shifted.blocks[1].inlines) == "Indented paragraph here.");
}

TEST_CASE("A book read on two threads keeps every paragraph of the one-thread reading", "[parallel][read]") {
    // The novella's opening (about 12 KB, up to a blank line) is read on one thread; twenty
    // copies of it go to two.
    const std::string whole = read_corpus("stevenson-jekyll-hyde-long-novella-se.txt");
    const std::size_t cut = whole.find("\n\n", 12000);
    REQUIRE(cut != std::string::npos);
    const std::string novella = whole.substr(0, cut);
    REQUIRE(novella.size() * 4 < kParallelWeightThreshold);
    ArticleOptions options;
    options.recognise_furniture = false;
    const Document once = read_article_text(novella, "once.txt", options, nullptr);
    std::string many;
    for (int copy = 0; copy < 20; ++copy) many += novella + "\n\n";
    const Document twenty = read_article_text(many, "many.txt", options, nullptr);
    REQUIRE(twenty.blocks.size() == 20 * once.blocks.size());
    for (std::size_t i = 0; i < twenty.blocks.size(); ++i) {
        const Block& block = twenty.blocks[i];
        const Block& original = once.blocks[i % once.blocks.size()];
        REQUIRE(block.kind == original.kind);
        REQUIRE(plain_text(block) == plain_text(original));
    }
}
