// The plain-text reader on the shared corpus: every file reads, no word is lost, and the
// structure matches the ground truth of /work/shared/corpus/INDEX.md.
#include "test_read_helpers.hpp"

#include <regex>
#include <set>

#include "read/inline_text.hpp"

using namespace read_test;

namespace {

const char* const kCorpus[] = {
    "bbc-obama-interview-straight-quotes-bullets.txt", "givewell-blog-grant-lists-blockquote-cc.txt",
    "guardian-maori-whale-strandings-inline-captions.txt", "heise-de-kurzmeldung-permalink.txt",
    "jpost-breaking-two-paragraphs.txt", "lemonde-fr-loi-renseignement-subheads.txt", "propublica-isis-encryption.txt",
    "stevenson-jekyll-hyde-long-novella-se.txt", "wikipedia-mozilla-citation-markers.txt",
};

std::string corpus_path(const std::string& file) { return std::string(GALLEY_SHARED_DIR) + "/corpus/" + file; }

galley::Document read_corpus(const std::string& file) { return galley::read_plain_text(slurp(corpus_path(file)), file); }

// Words split at ASCII whitespace only: no-break spaces join words in the file and in the model.
std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    for (char character : text + " ") {
        if (character == ' ' || character == '\n' || character == '\r' || character == '\t') {
            if (!word.empty()) words.push_back(word);
            word.clear();
        } else {
            word += character;
        }
    }
    return words;
}

int count_list_items(const Blocks& blocks) {
    int items = 0;
    for (const Block& block : blocks) {
        items += static_cast<int>(block.items.size());
        for (const Blocks& item : block.items) items += count_list_items(item);
        items += count_list_items(block.children);
    }
    return items;
}

std::set<int> heading_lines(const galley::Document& document, int first_line, int last_line) {
    std::set<int> lines;
    for (const Block& block : document.blocks) {
        if (block.kind == BlockKind::Heading && block.position.line >= first_line && block.position.line <= last_line) {
            CHECK(block.level == 2);
            lines.insert(block.position.line);
        }
    }
    return lines;
}

}  // namespace

TEST_CASE("every corpus file reads without losing or reordering a word", "[read][corpus]") {
    const std::regex list_marker(R"(\d{1,9}[.)]|[-*]|\xE2\x80\xA2|\xE2\x80\x93)");
    for (const char* file : kCorpus) {
        INFO("file: " << file);
        const std::string bytes = slurp(corpus_path(file));
        const galley::Document document = galley::read_plain_text(bytes, file);
        CHECK(document.source_name == file);
        CHECK(document.metadata == galley::Metadata{});

        const std::vector<std::string> expected = words_of(galley::normalize_nfc(bytes));
        std::vector<std::string> actual;
        for (const std::string& text : galley::paragraph_texts(document.blocks)) {
            for (std::string& word : words_of(text)) actual.push_back(std::move(word));
        }
        // The only words the reader takes out are list markers ("1.", "-"), one per item.
        std::size_t at = 0;
        int markers = 0;
        for (const std::string& word : expected) {
            if (at < actual.size() && actual[at] == word) {
                ++at;
            } else if (std::regex_match(word, list_marker)) {
                ++markers;
            } else {
                FAIL_CHECK("word " << at << " differs: file has \"" << word << "\", model has \""
                                   << (at < actual.size() ? actual[at] : std::string("(end)")) << "\"");
                break;
            }
        }
        CHECK(at == actual.size());
        CHECK(markers == count_list_items(document.blocks));

        // One paragraph per line: every block starts on its own line, in order.
        int previous_line = 0;
        for (const Block& block : document.blocks) {
            CHECK(block.position.line > previous_line);
            CHECK(block.position.column == 1);
            previous_line = block.position.line;
        }
    }
}

TEST_CASE("Le Monde: the nine subheads are the only headings in the body", "[read][corpus]") {
    const galley::Document document = read_corpus("lemonde-fr-loi-renseignement-subheads.txt");
    CHECK(heading_lines(document, 5, 75) == std::set<int>{19, 23, 31, 43, 49, 57, 63, 67, 73});
    // The title line is the first block and stays a paragraph for the furniture transform.
    CHECK(document.blocks.front().kind == BlockKind::Paragraph);
    CHECK(document.blocks.size() == 48);
}

TEST_CASE("GiveWell: five subheads, a numbered list, the rest paragraphs", "[read][corpus]") {
    const galley::Document document = read_corpus("givewell-blog-grant-lists-blockquote-cc.txt");
    CHECK(heading_lines(document, 11, 71) == std::set<int>{15, 25, 39, 59, 67});
    const auto list = std::find_if(document.blocks.begin(), document.blocks.end(), [](const Block& block) { return block.kind == BlockKind::List; });
    REQUIRE(list != document.blocks.end());
    CHECK(list->position.line == 47);
    CHECK(list->ordered);
    CHECK(list->start == 1);
    REQUIRE(list->items.size() == 2);
    CHECK(list->items[1].front().position.line == 49);
    CHECK(list->items[1].front().position.column == 4);
    CHECK(galley::plain_text(list->items[0].front().inlines).rfind("if Evidence Action Beta incubates", 0) == 0);
    // The unbulleted items (L19–L23) and the block quote (L29–L33) have no markers in the
    // text, so they are paragraphs.
    for (const Block& block : document.blocks) {
        if (block.position.line >= 19 && block.position.line <= 33) CHECK(block.kind != BlockKind::List);
    }
}

TEST_CASE("Jekyll and Hyde: the ten chapter titles are the only headings in the body", "[read][corpus]") {
    const galley::Document document = read_corpus("stevenson-jekyll-hyde-long-novella-se.txt");
    CHECK(heading_lines(document, 15, 713) == std::set<int>{15, 73, 175, 211, 249, 327, 355, 385, 585, 655});
    const std::string chapter = galley::plain_text(document.blocks[7].inlines);
    CHECK(document.blocks[7].position.line == 15);
    CHECK(chapter == "Story of the Door");
}

TEST_CASE("Guardian and BBC: the subheads are headings, captions are left alone", "[read][corpus]") {
    const galley::Document guardian = read_corpus("guardian-maori-whale-strandings-inline-captions.txt");
    CHECK(heading_lines(guardian, 27, 105) == std::set<int>{47, 79});
    const galley::Document bbc = read_corpus("bbc-obama-interview-straight-quotes-bullets.txt");
    const std::set<int> bbc_headings = heading_lines(bbc, 11, 103);
    CHECK(bbc_headings.count(55) == 1);
    CHECK(bbc_headings.count(85) == 1);
    // Some boilerplate lines read like headings ("Advertisement", a caption, "BBC Africa Live
    // updates from Kenya"); dropping them is the furniture transform's job. No prose may be one.
    const std::set<int> boilerplate{21, 37, 45, 47, 67, 69, 71, 83, 93, 97};
    for (int line : bbc_headings) {
        INFO("heading at line " << line);
        CHECK((line == 55 || line == 85 || boilerplate.count(line) == 1));
    }
}

TEST_CASE("the short news files have no headings in their bodies", "[read][corpus]") {
    CHECK(heading_lines(read_corpus("propublica-isis-encryption.txt"), 1, 85).empty());
    CHECK(heading_lines(read_corpus("jpost-breaking-two-paragraphs.txt"), 1, 27).empty());
    CHECK(heading_lines(read_corpus("heise-de-kurzmeldung-permalink.txt"), 13, 21).empty());
}

TEST_CASE("Wikipedia: every heading is a subhead or a hatnote/caption line, never prose", "[read][corpus]") {
    const galley::Document document = read_corpus("wikipedia-mozilla-citation-markers.txt");
    std::set<int> subheads{115, 129, 141, 145, 161, 165, 175, 185, 193, 201, 211, 219, 221, 229, 237, 243, 251, 259, 265,
                           271, 277, 279, 283, 289, 295, 299, 305, 309, 315, 337, 339, 347, 351};
    std::set<int> allowed = subheads;
    for (int line : {163, 167, 177, 187, 195, 203, 205, 213, 215, 223, 231, 239, 245, 253, 261, 267, 273, 285, 291, 301, 311, 317, 341}) {
        allowed.insert(line);
    }
    const std::set<int> found = heading_lines(document, 37, 353);
    int found_subheads = 0;
    for (int line : found) {
        INFO("heading at line " << line);
        CHECK(allowed.count(line) == 1);
        found_subheads += static_cast<int>(subheads.count(line));
    }
    CHECK(found_subheads >= 10);
    // The references "1. ^ ..." are one ordered list from 1.
    const auto references = std::find_if(document.blocks.begin(), document.blocks.end(),
                                         [](const Block& block) { return block.kind == BlockKind::List; });
    REQUIRE(references != document.blocks.end());
    CHECK(references->position.line == 369);
    CHECK(references->ordered);
    CHECK(references->start == 1);
    CHECK(references->items.size() == 72);
}

TEST_CASE("the Heise permalink line holds a link", "[read][corpus]") {
    const galley::Document document = read_corpus("heise-de-kurzmeldung-permalink.txt");
    const auto permalink = std::find_if(document.blocks.begin(), document.blocks.end(), [](const Block& block) { return block.position.line == 39; });
    REQUIRE(permalink != document.blocks.end());
    CHECK(permalink->inlines == Inlines{Inline::make_text("Permalink: "), link_to("http://heise.de/-2596987", "http://heise.de/-2596987")});
}
