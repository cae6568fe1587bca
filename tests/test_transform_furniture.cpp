#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "read/plain_text.hpp"
#include "transform/furniture.hpp"

using namespace galley;

namespace {

// The corpus read by the real plain-text reader, as the pipeline does.
Document split_lines(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) FAIL("missing corpus file " << path);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return read_plain_text(bytes.str(), path);
}

std::vector<std::string> file_lines(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    return lines;
}

Document paragraphs(const std::vector<std::string>& texts) {
    Document document;
    int line = 1;
    for (const std::string& text : texts) {
        Block block;
        block.inlines = {Inline::make_text(text)};
        block.position.line = line;
        line += 2;
        document.blocks.push_back(block);
    }
    return document;
}

bool is_body(const Block& block) {
    return block.kind == BlockKind::Paragraph || block.kind == BlockKind::Heading || block.kind == BlockKind::List ||
           block.kind == BlockKind::BlockQuote;
}

std::string strip_edit(std::string text) {
    const std::string suffix = "[edit]";
    if (text.size() > suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0)
        text.resize(text.size() - suffix.size());
    return text;
}

struct Truth {
    std::string file;
    std::string title;  // "" when the text has none
    std::vector<std::string> authors;
    std::string date;
    int credit_line;  // 0: none
    std::string licence;
    int provenance_line;
    std::string source_name;
    int body_first, body_last;
    // Lines between body_first and body_last that are boilerplate (INDEX.md) and may go.
    std::vector<std::pair<int, int>> in_body_boilerplate;
    std::pair<int, int> notes;  // lines kept as notes rather than body
};

// List items that came as bare lines, bullets lost (INDEX.md), which must be List items again.
// GiveWell's L19-L23 end in "(More)", link text after a full stop, and L63-L65 are two long
// paragraphs after a colon: both stay paragraphs (INDEX.md calls the first a judgement call).
const std::map<std::string, std::vector<std::pair<int, int>>>& bare_lists() {
    static const std::map<std::string, std::vector<std::pair<int, int>>> lists = {
        {"bbc-obama-interview-straight-quotes-bullets.txt", {{25, 35}}},
        {"wikipedia-mozilla-citation-markers.txt", {{151, 159}, {325, 335}}},
    };
    return lists;
}

const std::vector<Truth>& corpus() {
    static const std::vector<Truth> truth = {
        {"propublica-isis-encryption.txt", "", {}, "", 1, "CC BY 2.0", 3, "ProPublica", 5, 73, {}, {0, 0}},
        {"guardian-maori-whale-strandings-inline-captions.txt",
         "'What is the sea telling us?': Māori tribes fearful over whale strandings",
         {"Eleanor Ainge Roy", "Adrian Malloch"}, "2019-01-03", 5, "", 0, "", 27, 105,
         {{33, 33}, {39, 39}, {45, 45}, {55, 55}, {65, 65}, {71, 71}, {77, 77}, {91, 91}, {99, 99}}, {0, 0}},
        {"lemonde-fr-loi-renseignement-subheads.txt",
         "Le projet de loi sur le renseignement massivement approuvé à l'Assemblée",
         {"Martin Untersinger", "Damien Leloup", "Morgane Tual"}, "2015-05-04", 0, "", 0, "", 5, 75,
         {{7, 7}, {39, 39}, {53, 53}}, {0, 0}},
        {"bbc-obama-interview-straight-quotes-bullets.txt", "Obama admits US gun laws are his 'biggest frustration'",
         {}, "2015-07-24", 0, "", 0, "", 11, 103,
         {{21, 21}, {37, 37}, {45, 47}, {67, 71}, {83, 83}, {93, 93}, {97, 97}}, {0, 0}},  // incl. promo, caption, live link
        {"jpost-breaking-two-paragraphs.txt", "Son of former German president stabbed to death in Berlin",
         {"Jerusalem Post Staff"}, "2019-11-20", 0, "", 0, "", 9, 11, {}, {0, 0}},
        {"givewell-blog-grant-lists-blockquote-cc.txt",
         "A grant to Evidence Action Beta to prototype, test, and scale promising programs", {"Olivia Larsen"},
         "2018-10-09", 0, "", 0, "", 11, 71, {}, {0, 0}},
        {"stevenson-jekyll-hyde-long-novella-se.txt", "The Strange Case of Dr. Jekyll and Mr. Hyde",
         {"Robert Louis Stevenson"}, "", 0, "", 0, "", 15, 713, {}, {0, 0}},
        {"wikipedia-mozilla-citation-markers.txt", "Mozilla", {}, "", 0, "", 0, "", 37, 353,
         {{41, 113}, {163, 163}, {167, 167}, {177, 177}, {187, 187}, {195, 195}, {203, 205}, {213, 215}, {223, 223},
          {231, 231}, {239, 239}, {245, 245}, {253, 253}, {261, 261}, {267, 267}, {273, 273}, {285, 285},
          {291, 291}, {301, 301}, {311, 311}, {317, 317}, {341, 341}},
         {369, 511}},
        {"heise-de-kurzmeldung-permalink.txt", "1Password für Mac generiert Einmal-Passwörter", {}, "2015-04-08", 11, "",
         0, "", 15, 21, {}, {0, 0}},
    };
    return truth;
}

std::size_t code_point_count(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool in_ranges(int line, const std::vector<std::pair<int, int>>& ranges) {
    return std::any_of(ranges.begin(), ranges.end(), [&](const auto& range) { return line >= range.first && line <= range.second; });
}

}  // namespace

TEST_CASE("furniture matches the corpus ground truth, file by file", "[furniture]") {
    for (const Truth& truth : corpus()) {
        SECTION(truth.file) {
            const std::string path = std::string(GALLEY_SHARED_DIR) + "/corpus/" + truth.file;
            Document document = split_lines(path);
            const std::vector<Recognition> recognitions = recognise_furniture(document, FurnitureOptions{});
            const std::vector<std::string> lines = file_lines(path);
            auto text_of = [&](int line) { return lines.at(static_cast<std::size_t>(line - 1)); };

            // Title (or the lede's words, with a recognition that asks the caller to warn).
            if (truth.title.empty()) {
                const bool from_lede = std::any_of(recognitions.begin(), recognitions.end(),
                                                   [](const Recognition& r) { return r.what == "title (from the lede)"; });
                CHECK(from_lede);
                // At most 70 characters of the lede, then the ellipsis.
                CHECK(code_point_count(document.metadata.title) <= 71);
                CHECK(code_point_count(document.metadata.title) >= 40);
                CHECK(document.metadata.title.rfind("…") == document.metadata.title.size() - std::string("…").size());
                CHECK(text_of(truth.body_first).rfind(document.metadata.title.substr(0, document.metadata.title.size() - 3), 0) == 0);
                CHECK(std::none_of(document.blocks.begin(), document.blocks.end(),
                                   [](const Block& b) { return b.kind == BlockKind::Title; }));
            } else {
                CHECK(document.metadata.title == truth.title);
                CHECK(std::any_of(document.blocks.begin(), document.blocks.end(),
                                  [](const Block& b) { return b.kind == BlockKind::Title; }));
            }
            CHECK(document.metadata.authors == truth.authors);
            CHECK(document.metadata.date == truth.date);

            // Credit and provenance are kept as furniture with their roles.
            auto block_at = [&](int line) -> const Block* {
                for (const Block& block : document.blocks)
                    if (block.position.line == line) return &block;
                return nullptr;
            };
            const int credits = static_cast<int>(std::count_if(document.blocks.begin(), document.blocks.end(),
                                                               [](const Block& b) { return b.kind == BlockKind::Credit; }));
            if (truth.credit_line) {
                const Block* credit = block_at(truth.credit_line);
                REQUIRE(credit != nullptr);
                CHECK(credit->kind == BlockKind::Credit);
                CHECK(credits == 1);
                if (!truth.licence.empty()) {
                    CHECK(find_creative_commons(plain_text(credit->inlines)) == truth.licence);
                    CHECK(std::any_of(recognitions.begin(), recognitions.end(), [&](const Recognition& r) {
                        return r.what == "credit (" + truth.licence + ")";
                    }));
                }
            } else {
                CHECK(credits == 0);
            }
            const int provenances = static_cast<int>(std::count_if(document.blocks.begin(), document.blocks.end(),
                                                                   [](const Block& b) { return b.kind == BlockKind::Provenance; }));
            if (truth.provenance_line) {
                const Block* provenance = block_at(truth.provenance_line);
                REQUIRE(provenance != nullptr);
                CHECK(provenance->kind == BlockKind::Provenance);
                CHECK(document.metadata.source_name == truth.source_name);
            }
            CHECK(provenances == (truth.provenance_line ? 1 : 0));

            // The body runs from the first to the last ground-truth paragraph.
            std::vector<const Block*> body;
            for (const Block& block : document.blocks)
                if (is_body(block)) body.push_back(&block);
            REQUIRE(!body.empty());
            CHECK(body.front()->position.line == truth.body_first);
            CHECK(body.back()->position.line == truth.body_last);

            // No article sentence is lost: every body line (and every note) survives.
            std::multiset<std::string> kept;
            for (const std::string& text : paragraph_texts(document.blocks)) kept.insert(text);
            for (const Footnote& note : document.footnotes)
                for (const std::string& text : paragraph_texts(note.blocks)) kept.insert(text);
            int lost = 0, boilerplate_left = 0, boilerplate_total = 0;
            for (int line = truth.body_first; line <= truth.body_last; line += 2) {
                if (in_ranges(line, truth.in_body_boilerplate)) {
                    ++boilerplate_total;
                    const Block* block = block_at(line);
                    if (block && is_body(*block)) {
                        ++boilerplate_left;
                        UNSCOPED_INFO("in-body boilerplate left at line " << line << ": " << text_of(line).substr(0, 80));
                    }
                    continue;
                }
                // The reader takes list markers ("1. ") off list items; the words are what count.
                std::string expected = strip_edit(text_of(line));
                const std::size_t marker = expected.find_first_not_of("0123456789");
                if (marker != std::string::npos && marker > 0 && expected.compare(marker, 2, ". ") == 0 &&
                    kept.count(expected) == 0)
                    expected.erase(0, marker + 2);
                if (kept.count(expected) == 0) {
                    ++lost;
                    UNSCOPED_INFO("lost body line " << line << ": " << text_of(line).substr(0, 80));
                }
            }
            CHECK(lost == 0);
            if (truth.notes.first) {
                int notes_lost = 0;
                for (int line = truth.notes.first; line <= truth.notes.second; line += 2) {
                    const std::string entry = text_of(line);
                    const std::string after_caret = entry.substr(entry.find("^ ") + 2);
                    const bool found = std::any_of(document.footnotes.begin(), document.footnotes.end(), [&](const Footnote& note) {
                        const std::string text = plain_text(note.blocks.front());
                        return after_caret.find(text.substr(0, std::min<std::size_t>(text.size(), 30))) != std::string::npos;
                    });
                    if (!found) ++notes_lost;
                }
                CHECK(notes_lost == 0);
                CHECK(document.footnotes.size() == static_cast<std::size_t>((truth.notes.second - truth.notes.first) / 2 + 1));
            }
            // In-body boilerplate (captions, promos, hatnotes, embed labels): all of it goes.
            CHECK(boilerplate_left == 0);
            CHECK((boilerplate_total > 0) == !truth.in_body_boilerplate.empty());
            // Nothing outside the body is left as running text.
            for (const Block& block : document.blocks)
                if (is_body(block)) {
                    CHECK(block.position.line >= truth.body_first);
                    CHECK(block.position.line <= truth.body_last);
                }
            // Lists whose bullets were lost are lists again, item for item, and nothing else is.
            std::set<int> expected_items, list_lines;
            if (const auto lists = bare_lists().find(truth.file); lists != bare_lists().end())
                for (const auto& [first, last] : lists->second)
                    for (int line = first; line <= last; line += 2) expected_items.insert(line);
            for (const Block& block : document.blocks)
                if (block.kind == BlockKind::List)
                    for (const auto& item : block.items)
                        if (!item.empty() && !item.front().inlines.empty() &&
                            text_of(item.front().position.line).find_first_of("0123456789") != 0)
                            list_lines.insert(item.front().position.line);
            CHECK(list_lines == expected_items);  // (numbered lists the reader made are not counted)
            // Recognitions come in line order.
            CHECK(std::is_sorted(recognitions.begin(), recognitions.end(),
                                 [](const Recognition& a, const Recognition& b) { return a.position.line < b.position.line; }));
        }
    }
}

TEST_CASE("dates in the forms articles print them", "[furniture]") {
    CHECK(find_date("July 24, 2015") == "2015-07-24");
    CHECK(find_date("24 July 2015") == "2015-07-24");
    CHECK(find_date("Thu 3 Jan 2019 02.00 EST") == "2019-01-03");
    CHECK(find_date("NOVEMBER 20, 2019 10:43") == "2019-11-20");
    CHECK(find_date("04.05.2015 à 13h36") == "2015-05-04");
    CHECK(find_date("2018-10-09") == "2018-10-09");
    CHECK(find_date("11/20/2019 01:14 PM") == "2019-11-20");
    CHECK(find_date("20/11/2019") == "2019-11-20");
    CHECK(find_date("8. April 2015") == "2015-04-08");
    CHECK(find_date("3. März 2016, 14:00 Uhr") == "2016-03-03");
    CHECK(find_date("1er février 2016") == "2016-02-01");
    CHECK(find_date("le 4 mai 2015") == "2015-05-04");
    CHECK(find_date("Sept. 3rd, 2017") == "2017-09-03");
    CHECK(find_date("Published September 2017") == "2017-09");
    CHECK(find_date("We may 2015 soon") == "");
    CHECK(find_date("He was 24 in 2015") == "");
    CHECK(find_date("13.13.2015") == "");
}

TEST_CASE("bylines name people as a person would write them", "[furniture]") {
    CHECK(parse_byline("By JERUSALEM POST STAFF  ") == std::vector<std::string>{"Jerusalem Post Staff"});
    CHECK(parse_byline("By Robert Louis Stevenson.") == std::vector<std::string>{"Robert Louis Stevenson"});
    CHECK(parse_byline("by Eleanor Ainge Roy (reporting) and Adrian Malloch (photography)") ==
          std::vector<std::string>{"Eleanor Ainge Roy", "Adrian Malloch"});
    CHECK(parse_byline("October 9, 2018 | by Olivia Larsen") == std::vector<std::string>{"Olivia Larsen"});
    CHECK(parse_byline("Le Monde | 04.05.2015 à 13h36 | Par Martin Untersinger (avec Damien Leloup et Morgane Tual)") ==
          std::vector<std::string>{"Martin Untersinger", "Damien Leloup", "Morgane Tual"});
    CHECK(parse_byline("Von Fritz von Weizsäcker und Anna Schmidt") ==
          std::vector<std::string>{"Fritz von Weizsäcker", "Anna Schmidt"});
    CHECK(parse_byline("Jane Doe | July 1, 2020") == std::vector<std::string>{"Jane Doe"});
    CHECK(parse_byline("By the time we arrived, it was over.").empty());
    CHECK(parse_byline("by 2020 the plan had failed").empty());
    CHECK(parse_byline("Previous Post").empty());
}

TEST_CASE("Creative Commons licences are named in their short form", "[furniture]") {
    CHECK(find_creative_commons("abulhussain (CC BY 2.0)") == "CC BY 2.0");
    CHECK(find_creative_commons("Photo: Jane (CC BY-SA 4.0)") == "CC BY-SA 4.0");
    CHECK(find_creative_commons("cc-by-nc-nd 3.0") == "CC BY-NC-ND 3.0");
    CHECK(find_creative_commons("This work is licensed under a Creative Commons Attribution-Noncommercial-Share alike "
                                "3.0 United States License") == "CC BY-NC-SA 3.0 US");
    CHECK(find_creative_commons("Creative Commons Attribution-ShareAlike License") == "CC BY-SA");
    CHECK(find_creative_commons("released under CC0") == "CC0");
    CHECK(find_creative_commons("All rights reserved") == "");
}

TEST_CASE("credit, provenance and byline forms in a short article", "[furniture]") {
    Document document = paragraphs({
        "Photo: Jane Smith/Getty Images",
        "A Modest Proposal for Quieter Streets",
        "By ANNA MÜLLER and John Roe",
        "March 3, 2021",
        "The city council voted on Tuesday to close three streets to cars for a trial period of six months.",
        "Residents who support the plan, including members of the local cyclists' club, spoke at the meeting.",
        "The trial begins in April and will be reviewed by an independent panel before the end of the year.",
        "This article was originally published on The Conversation. Read the original article.",
    });
    const std::vector<Recognition> recognitions = recognise_furniture(document, FurnitureOptions{});
    CHECK(document.metadata.title == "A Modest Proposal for Quieter Streets");
    CHECK(document.metadata.authors == std::vector<std::string>{"Anna Müller", "John Roe"});
    CHECK(document.metadata.date == "2021-03-03");
    CHECK(document.metadata.source_name == "The Conversation");
    REQUIRE(document.blocks.size() == 8);
    CHECK(document.blocks[0].kind == BlockKind::Credit);
    CHECK(document.blocks[1].kind == BlockKind::Title);
    CHECK(document.blocks[2].kind == BlockKind::Byline);
    CHECK(document.blocks[3].kind == BlockKind::Dateline);
    // "support" and "members" inside the article do not make it an appeal.
    CHECK(document.blocks[5].kind == BlockKind::Paragraph);
    CHECK(document.blocks[7].kind == BlockKind::Provenance);
    CHECK(document.removed.empty());
    CHECK(recognitions.front().what == "credit");
    CHECK(recognitions.back().what == "provenance (The Conversation)");
}

TEST_CASE("provenance notes in English, French and German", "[furniture]") {
    for (const auto& [note, source] : std::vector<std::pair<std::string, std::string>>{
             {"This story first appeared in Mother Jones.", "Mother Jones"},
             {"This essay was originally published by Aeon and has been republished under Creative Commons.", "Aeon"},
             {"Originally published at The Marshall Project, Jan. 3.", "The Marshall Project"},
             {"Cet article a d'abord été publié sur Mediapart.", "Mediapart"},
             {"Dieser Artikel erschien zuerst auf Spiegel Online.", "Spiegel Online"},
         }) {
        Document document = paragraphs({"A Title Line Here", note,
                                        "First paragraph of the article, which is long enough to be prose, really.",
                                        "Second paragraph of the article, which is also long enough to be prose."});
        recognise_furniture(document, FurnitureOptions{});
        CHECK(document.blocks[1].kind == BlockKind::Provenance);
        CHECK(document.metadata.source_name == source);
    }
}

TEST_CASE("metadata that is already set is never overwritten", "[furniture]") {
    Document document = paragraphs({"Headline From The Text", "By Someone Else",
                                    "The body of the article begins here and goes on for a while, as bodies do.",
                                    "And it ends here with a second paragraph that is also long enough."});
    document.metadata.title = "Given Title";
    document.metadata.authors = {"Given Author"};
    recognise_furniture(document, FurnitureOptions{});
    CHECK(document.metadata.title == "Given Title");
    CHECK(document.metadata.authors == std::vector<std::string>{"Given Author"});
    CHECK(document.blocks[0].kind == BlockKind::Title);
    CHECK(document.blocks[1].kind == BlockKind::Byline);
}

TEST_CASE("boilerplate runs at the end go: --keep-boilerplate keeps them", "[furniture]") {
    const std::vector<std::string> texts = {
        "Title of a Post",
        "The first paragraph of the post says something worth reading, in a full sentence.",
        "The last paragraph of the post also says something, and it ends with a full stop.",
        "Enjoyed this article?",
        "Sign up for our weekly newsletter and never miss a story.",
        "Share on Facebook",
        "© 2021 Example Media. All rights reserved.",
    };
    Document removed = paragraphs(texts);
    const std::vector<Recognition> recognitions = recognise_furniture(removed, FurnitureOptions{});
    REQUIRE(removed.blocks.size() == 3);
    CHECK(plain_text(removed.blocks.back().inlines) == texts[2]);
    CHECK(removed.removed.size() == 4);
    CHECK(std::count_if(recognitions.begin(), recognitions.end(), [](const Recognition& r) {
              return r.what.rfind("boilerplate: ", 0) == 0;
          }) == 4);

    Document kept = paragraphs(texts);
    recognise_furniture(kept, FurnitureOptions{true});
    CHECK(kept.blocks.size() == texts.size());
    CHECK(kept.removed.empty());
}

TEST_CASE("text in scripts without capitals or spaces is body text, under its own headline", "[furniture]") {
    // Chinese has neither capitals (so no line of it is "in capitals", like a button label) nor
    // spaces between words (so a paragraph is many words, not one).
    const std::vector<std::string> texts = {
        "城市图书馆延长开放时间",
        "本市图书馆周一宣布，将在暑假期间延长开放时间，以满足大学生和上班族对学习空间日益增长的需求。",
        "中文文本测试中文文本测试中文文本测试中文文本测试中文文本测试",
        "居民组织对这一消息表示欢迎。",
    };
    Document document = paragraphs(texts);
    recognise_furniture(document, FurnitureOptions{});
    CHECK(document.metadata.title == texts[0]);
    CHECK(document.removed.empty());
    REQUIRE(document.blocks.size() == 4);
    for (std::size_t i = 1; i < texts.size(); ++i) {
        INFO(i);
        CHECK(document.blocks[i].kind == BlockKind::Paragraph);
        CHECK(plain_text(document.blocks[i].inlines) == texts[i]);
    }
    // Capitals are still capitals: a short line of them at the end is a button's label.
    Document latin = paragraphs({"A Title for a Post", "A paragraph of the post, which says something in a full sentence.",
                                 "Another paragraph that ends the post with a full stop.", "SUPPORT US TODAY"});
    recognise_furniture(latin, FurnitureOptions{});
    CHECK(latin.removed.size() == 1);
}

TEST_CASE("signatures inside the body go, the article around them stays", "[furniture]") {
    Document document = paragraphs({
        "How the River Changed Course",
        "The river moved two miles west during the flood of 1927, and the town moved with it, slowly.",
        "Advertisement",
        "Credit Doug Mills/The New York Times",
        "Farmers who had supported the levee plan found their fields under water by the end of the month.",
        "Continue reading the main story",
        "Members of the county board met every night that spring to decide where the new road would go.",
        "Read more: The towns that the river left behind",
        "By summer the water had gone down, and the new town stood on the higher ground to the west.",
    });
    recognise_furniture(document, FurnitureOptions{});
    std::vector<int> kept;
    for (const Block& block : document.blocks) kept.push_back(block.position.line);
    CHECK(kept == std::vector<int>{1, 3, 9, 13, 17});
    CHECK(document.removed.size() == 4);
}

TEST_CASE("a tech-news page shape: kicker, dek, 'NAME - DATE', share rails and an author bio", "[furniture]") {
    Document document = paragraphs({
        "Science —",                                                                             // 1
        "New battery chemistry survives a thousand charge cycles",                               // 3
        "Lab results look good, but scaling up remains the hard part.",                          // 5
        "Ada Fielding - Mar 2, 2021 9:15 am UTC",                                                // 7
        "Lab photo",                                                                             // 9
        "reader comments",                                                                       // 11
        "112 with 80 posters participating",                                                     // 13
        "Share this story",                                                                      // 15
        "Share on Facebook",                                                                     // 17
        "A team of chemists reported this week that a new electrode coating kept test cells working after "
        "a thousand full charge cycles.",                                                        // 19
        "\"We were surprised it held up,\" one of the authors said in an interview on Tuesday.",   // 21
        "The group has asked several manufacturers for comment and will update this post if they respond.",  // 23
        "reader comments",                                                                       // 25
        "Share this story",                                                                      // 27
        "Ada Fielding Ada is the science editor, which she joined in 2015 after ten years as a lab technician.",  // 29
        "Email ada@example.com // Twitter @adafielding",                                         // 31
        "You must login or create an account to comment.",                                       // 33
    });
    const std::vector<Recognition> recognitions = recognise_furniture(document, FurnitureOptions{});
    CHECK(document.metadata.title == "New battery chemistry survives a thousand charge cycles");
    CHECK(document.metadata.authors == std::vector<std::string>{"Ada Fielding"});
    CHECK(document.metadata.date == "2021-03-02");
    std::vector<int> body;
    for (const Block& block : document.blocks)
        if (block.kind == BlockKind::Paragraph) body.push_back(block.position.line);
    CHECK(body == std::vector<int>{19, 21, 23});
    REQUIRE(document.blocks.size() >= 3);
    CHECK(document.blocks[1].kind == BlockKind::Dek);
    CHECK(document.blocks[2].kind == BlockKind::Byline);
}

TEST_CASE("a plain article with no furniture loses nothing", "[furniture]") {
    const std::vector<std::string> texts = {
        "It was a bright cold day in April, and the clocks were striking thirteen, or so the story goes.",
        "“You support the members of your family,” she said, “and they support you.”",
        "He did not answer. The rain kept falling on the roofs of the town all night long.",
        "“Yes.”",
    };
    Document document = paragraphs(texts);
    const std::vector<Recognition> recognitions = recognise_furniture(document, FurnitureOptions{});
    CHECK(document.blocks.size() == texts.size());
    CHECK(document.removed.empty());
    REQUIRE(!recognitions.empty());
    CHECK(recognitions.front().what == "title (from the lede)");
    CHECK(document.metadata.title == "It was a bright cold day in April, and the clocks were striking…");
}

namespace {
// The texts of the List blocks' items, list by list.
std::vector<std::vector<std::string>> list_items(const Document& document) {
    std::vector<std::vector<std::string>> lists;
    for (const Block& block : document.blocks) {
        if (block.kind != BlockKind::List) continue;
        lists.emplace_back();
        for (const auto& item : block.items) lists.back().push_back(plain_text(item.front().inlines));
    }
    return lists;
}

const std::string kLede =
    "The council met on Tuesday evening to settle the budget for the coming year, after a long and "
    "sometimes bitter debate that had lasted most of the autumn.";
const std::string kAfter =
    "The vote was close. Several members said afterwards that they had changed their minds more than once "
    "during the evening, and that the final budget pleased nobody entirely.";
}  // namespace

TEST_CASE("a list whose bullets were lost is a list again: a colon, then short items that are not sentences", "[furniture]") {
    SECTION("bare items") {
        Document document = paragraphs({kLede, "In a statement afterwards, the mayor said:",
                                        "The library will stay open on Sundays",
                                        "Bus fares will not rise before the spring",
                                        "The new bridge will be finished \"as soon as possible\"", kAfter});
        const auto recognitions = recognise_furniture(document, FurnitureOptions{});
        const auto lists = list_items(document);
        REQUIRE(lists.size() == 1);
        CHECK(lists[0] == std::vector<std::string>{"The library will stay open on Sundays",
                                                    "Bus fares will not rise before the spring",
                                                    "The new bridge will be finished \"as soon as possible\""});
        CHECK(document.blocks.size() == 4);
        CHECK(document.blocks[2].position.line == 5);  // the list stands where its first item was
        CHECK(std::any_of(recognitions.begin(), recognitions.end(), [](const Recognition& r) {
            return r.what == "list (3 items whose bullets were lost)" && r.position.line == 5;
        }));
    }
    SECTION("items that lead on with semicolons, the last with a full stop; a citation mark after the colon") {
        Document document = paragraphs({kLede, "The council will therefore:[12]", "repair the roads in the old town;",
                                        "keep the swimming pool open; and", "publish its accounts every quarter.", kAfter});
        recognise_furniture(document, FurnitureOptions{});
        const auto lists = list_items(document);
        REQUIRE(lists.size() == 1);
        CHECK(lists[0].size() == 3);
        CHECK(lists[0].back() == "publish its accounts every quarter.");
    }
    SECTION("two items will do when they lead on with semicolons") {
        Document document = paragraphs({kLede, "Two things were agreed:", "the roads come first;", "the pool second;", kAfter});
        recognise_furniture(document, FurnitureOptions{});
        CHECK(list_items(document).size() == 1);
    }
    SECTION("what stays paragraphs") {
        const std::vector<std::vector<std::string>> cases = {
            // Sentences after a colon are a quotation or the story going on.
            {kLede, "The mayor said:", "The library will stay open.", "Fares will not rise.", "The bridge is late.", kAfter},
            // Two bare lines are too few to tell from a poem's lines or a pair of labels.
            {kLede, "The mayor said:", "The library will stay open on Sundays", "Bus fares will not rise", kAfter},
            // No colon, no list: short lines on their own are other things (captions, subheads).
            {kLede, "The mayor spoke.", "The library will stay open on Sundays", "Bus fares will not rise",
             "The new bridge will be finished soon", kAfter},
            // A line with a sentence inside it, or a long one, is running text and ends the run early.
            {kLede, "The mayor said:", "The library will stay open on Sundays. It was closed", "Bus fares will not rise",
             "The new bridge will be finished soon", kAfter},
        };
        for (const auto& texts : cases) {
            Document document = paragraphs(texts);
            recognise_furniture(document, FurnitureOptions{});
            CHECK(list_items(document).empty());
        }
    }
}

TEST_CASE("name-and-role bylines and non-bylines", "[furniture]") {
    CHECK(parse_byline("Jane Doe, Washington correspondent") == std::vector<std::string>{"Jane Doe"});
    CHECK(parse_byline("Marie Dupont, envoyée spéciale à Berlin") == std::vector<std::string>{"Marie Dupont"});
    CHECK(parse_byline("By Christmas.").empty());
    CHECK(parse_byline("By REUTERS") == std::vector<std::string>{"Reuters"});
    CHECK(parse_byline("Analysis: Jon Sopel, BBC News, Washington").empty());
    CHECK(parse_byline("Paris, the city of light").empty());
    CHECK(parse_byline("Posted on January 5, 2017 by Jane Doe") == std::vector<std::string>{"Jane Doe"});
    CHECK(parse_byline("Updated 5:43 PM ET, Mon October 3, 2016").empty());
    CHECK(parse_byline("by Ann Reid, March 3, 2019, 5 a.m. EST") == std::vector<std::string>{"Ann Reid"});
    CHECK(parse_byline("By Ann Reid and Tom Hale, May 4, 2020") == std::vector<std::string>{"Ann Reid", "Tom Hale"});
}

TEST_CASE("a references list from a reader that builds List blocks becomes notes", "[furniture]") {
    Document document = paragraphs({
        "Lighthouses",
        "Lighthouses were built along the coast from the eighteenth century on, first of stone and later of iron.[1]",
        "Most of them were automated in the second half of the twentieth century, and their keepers left.[2]",
        "The last keeper of the northern light retired in 1998 and still lives in the village below it.[3]",
        "References[edit]",
    });
    Block list;
    list.kind = BlockKind::List;
    list.ordered = true;
    list.position.line = 11;
    for (const char* text : {"^ Smith, J. (1990). Coastal Lights.", "^ a b Jones, K. (2001). Keepers.",
                                    "^ \"Last keeper retires\". The Courier. 1998."}) {
        Block item;
        item.inlines = {Inline::make_text(text)};
        list.items.push_back({item});
    }
    document.blocks.push_back(list);
    Block footer;
    footer.inlines = {Inline::make_text("Text is available under the Creative Commons Attribution-ShareAlike License.")};
    footer.position.line = 13;
    document.blocks.push_back(footer);

    recognise_furniture(document, FurnitureOptions{});
    REQUIRE(document.footnotes.size() == 3);
    CHECK(document.footnotes[0].id == "note-1");
    CHECK(plain_text(document.footnotes[0].blocks.front().inlines) == "Smith, J. (1990). Coastal Lights.");
    CHECK(plain_text(document.footnotes[1].blocks.front().inlines) == "Jones, K. (2001). Keepers.");
    CHECK(document.metadata.rights == "CC BY-SA");
    CHECK(document.metadata.title == "Lighthouses");
    REQUIRE(document.blocks.size() == 4);
    CHECK(document.blocks.back().position.line == 7);
}

TEST_CASE("a blog-platform shape: author over 'Follow' and a reading time, then the title", "[furniture]") {
    Document document = paragraphs({
        "Jane Park",                                                                                  // 1
        "Follow",                                                                                     // 3
        "Mar 3, 2019 · 6 min read",                                                                   // 5
        "Why I Stopped Using Spreadsheets for Everything",                                            // 7
        "I used spreadsheets for years to plan my week, track my money and even to draft this essay.",  // 9
        "Then one day the spreadsheet broke, and I saw how much of my life depended on a grid of cells.",  // 11
        "This is what I use now, and why it works better for me.",                                    // 13
        "Thanks for reading! If you enjoyed this, please clap and share.",                            // 15
        "Sign up for Weekly Notes",                                                                   // 17
        "Written by Jane Park",                                                                       // 19
        "Designer and writer in Seoul. Follow me for more.",                                          // 21
    });
    recognise_furniture(document, FurnitureOptions{});
    CHECK(document.metadata.title == "Why I Stopped Using Spreadsheets for Everything");
    CHECK(document.metadata.authors == std::vector<std::string>{"Jane Park"});
    CHECK(document.metadata.date == "2019-03-03");
    std::vector<int> body;
    for (const Block& block : document.blocks)
        if (block.kind == BlockKind::Paragraph) body.push_back(block.position.line);
    CHECK(body == std::vector<int>{9, 11, 13});
}

TEST_CASE("caption credits and all-caps names with apostrophes", "[furniture]") {
    CHECK(parse_byline("By MARIA LOPEZ and JAMES O’NEILL") == std::vector<std::string>{"Maria Lopez", "James O’Neill"});
    Document document = paragraphs({
        "Senators Reach a Deal on the Water Bill",
        "DEC. 4, 2016",
        "Senators leaving the Capitol on Monday evening after the vote. Credit Doug Mills for The Daily Planet",
        "After months of negotiation, a group of senators reached an agreement on Monday on a water bill.",
        "The House is expected to take up the measure next week, according to two aides.",
    });
    recognise_furniture(document, FurnitureOptions{});
    CHECK(document.metadata.date == "2016-12-04");
    REQUIRE(document.blocks.size() == 5);
    CHECK(document.blocks[2].kind == BlockKind::Credit);
    CHECK(document.blocks[3].kind == BlockKind::Paragraph);
}

namespace {

// The lines of the paragraphs that stay in the body, in order (texts are on lines 1, 3, 5, …).
std::vector<int> body_lines(const Document& document) {
    std::vector<int> lines;
    for (const Block& block : document.blocks)
        if (block.kind == BlockKind::Paragraph || block.kind == BlockKind::Heading) lines.push_back(block.position.line);
    return lines;
}

// Three paragraphs of an invented article about a ferry, to put appeals under.
std::vector<std::string> ferry_article() {
    return {
        "The Last Ferry to Inch Island",                                                                      // 1
        "For forty years the ferry left the pier at six, and for forty years Aileen Brodie sold the tickets.",  // 3
        "The council decided in spring that a bridge would be cheaper, and the ferry made its last run in May.",  // 5
        "On the final crossing the islanders brought flowers, and the captain let the children sound the horn.",  // 7
    };
}

std::vector<std::string> with(std::vector<std::string> texts, const std::vector<std::string>& more) {
    texts.insert(texts.end(), more.begin(), more.end());
    return texts;
}

}  // namespace

TEST_CASE("a prose appeal above a button label goes with the button", "[furniture][appeal]") {
    Document document = paragraphs(with(ferry_article(), {
        "Liked this story? The Island Courier is a small paper paid for by its readers. For the price of a bus "
        "ticket a month, you can help us keep reporting from the islands.",                                 // 9
        "JOIN US TODAY",                                                                                     // 11
    }));
    recognise_furniture(document, FurnitureOptions{});
    CHECK(body_lines(document) == std::vector<int>{3, 5, 7});
    REQUIRE(document.removed.size() == 2);
    CHECK(document.removed[0].position.line == 9);
    CHECK(document.removed[0].reason == "donation appeal");
}

TEST_CASE("a short last paragraph made of appeal cues goes on its own", "[furniture][appeal]") {
    for (const std::string& appeal : {
             std::string("Enjoyed this article? We are an independent, reader-supported newsroom. If you can, become "
                         "a member today and support our reporting."),
             std::string("If you value journalism like this, please consider a donation. Every gift, big or small, "
                         "helps us stay free to read for everyone who needs it."),
             std::string("Thanks for reading Harbour Notes! Subscribe for free to receive new posts and support my "
                         "work."),
         }) {
        Document document = paragraphs(with(ferry_article(), {appeal}));
        recognise_furniture(document, FurnitureOptions{});
        INFO(appeal);
        CHECK(body_lines(document) == std::vector<int>{3, 5, 7});
        CHECK(document.removed.size() == 1);
    }
}

TEST_CASE("a multi-paragraph 'small favour' appeal and its button go", "[furniture][appeal]") {
    Document document = paragraphs(with(ferry_article(), {
        "… as you’re joining us today from Portugal, we have a small favour to ask.",                       // 9
        "More readers than ever are turning to our independent journalism, and we keep it open to everyone, "
        "wherever they live and whatever they can afford.",                                                  // 11
        "If you can, please consider supporting us with a monthly gift. It takes less than a minute. Thank you.",  // 13
        "Support The Daily Lantern",                                                                         // 15
        "Topics",                                                                                            // 17
    }));
    recognise_furniture(document, FurnitureOptions{});
    CHECK(body_lines(document) == std::vector<int>{3, 5, 7});
    CHECK(document.removed.size() == 5);
}

TEST_CASE("a newsletter platform's tail: subscribe, share, comment buttons", "[furniture][appeal]") {
    Document document = paragraphs(with(ferry_article(), {
        "Thanks for reading Tidewater! This post is public, so feel free to share it with a friend.",        // 9
        "Subscribe now",                                                                                     // 11
        "Share",                                                                                             // 13
        "Leave a comment",                                                                                   // 15
    }));
    recognise_furniture(document, FurnitureOptions{});
    CHECK(body_lines(document) == std::vector<int>{3, 5, 7});
    CHECK(document.removed.size() == 4);
}

TEST_CASE("the article's own words about support and members stay", "[furniture][appeal]") {
    SECTION("a last paragraph that addresses the reader but asks for one thing only") {
        Document document = paragraphs(with(ferry_article(), {
            "If you believe, as we do, that an island deserves its ferry, write to your councillor before the "
            "vote in June and tell them so.",
        }));
        recognise_furniture(document, FurnitureOptions{});
        CHECK(body_lines(document) == std::vector<int>{3, 5, 7, 9});
        CHECK(document.removed.empty());
    }
    SECTION("an appeal quoted from someone in the story") {
        Document document = paragraphs(with(ferry_article(), {
            "“We need your support. Please donate to the ferry fund if you can, and become a member of our "
            "society,” Brodie told the crowd on the pier.",
        }));
        recognise_furniture(document, FurnitureOptions{});
        CHECK(body_lines(document) == std::vector<int>{3, 5, 7, 9});
        CHECK(document.removed.empty());
    }
    SECTION("support, members and donations in the middle of the article") {
        Document document = paragraphs({
            "The Last Ferry to Inch Island",
            "For forty years the ferry left the pier at six, and for forty years Aileen Brodie sold the tickets.",
            "As you might expect, members of the rowing club support the bridge; donations to the ferry fund, "
            "they say, were never going to buy a new boat.",
            "On the final crossing the islanders brought flowers, and the captain let the children sound the horn.",
        });
        recognise_furniture(document, FurnitureOptions{});
        CHECK(body_lines(document) == std::vector<int>{3, 5, 7});
        CHECK(document.removed.empty());
    }
    SECTION("a last paragraph about a charity's donations, told in the third person") {
        Document document = paragraphs(with(ferry_article(), {
            "Donations to the island's heritage trust, which supports the old pier, can be made through its "
            "website, the trust's members said.",
        }));
        recognise_furniture(document, FurnitureOptions{});
        CHECK(body_lines(document) == std::vector<int>{3, 5, 7, 9});
    }
    SECTION("a list under a last short imperative line is the article's") {
        Document document = paragraphs(with(ferry_article(), {"Get there before the bridge opens"}));
        Block list;
        list.kind = BlockKind::List;
        list.position.line = 11;
        Block item;
        item.inlines = {Inline::make_text("Take the bus to the pier")};
        list.items.push_back({item});
        document.blocks.push_back(list);
        recognise_furniture(document, FurnitureOptions{});
        CHECK(document.removed.empty());
    }
}

namespace {

// An invented feature with the shapes a web page leaves between its paragraphs.
Document harbour_feature(const std::vector<std::string>& middle, const std::vector<int>& headings = {}) {
    std::vector<std::string> texts = {
        "The Harbour That Came Back",                                                                             // 1
        "Ten years ago the harbour was silted up, and the last trawler had been sold for scrap in the spring.",   // 3
    };
    texts.insert(texts.end(), middle.begin(), middle.end());
    texts.push_back("Today the boats are back, and on a summer evening the quay is as busy as it was in 1950.");
    Document document = paragraphs(texts);
    for (int index : headings) document.blocks.at(static_cast<std::size_t>(index)).kind = BlockKind::Heading;
    return document;
}

std::vector<int> removed_lines(const Document& document) {
    std::vector<int> lines;
    for (const Removed& removed : document.removed) lines.push_back(removed.position.line);
    return lines;
}

}  // namespace

TEST_CASE("labels and captions between paragraphs go: subheads and signatures stay", "[furniture][in-body]") {
    SECTION("an embed's label in lower case") {
        Document document = harbour_feature({
            "The council dredged the channel in 2016, and the first boats returned to the harbour that winter.",  // 5
            "harbour dredging",                                                                                // 7
            "“We did not believe it would work,” said the harbourmaster, who has worked on the quay for years.",  // 9
        });
        recognise_furniture(document, FurnitureOptions{});
        CHECK(removed_lines(document) == std::vector<int>{7});
    }
    SECTION("a lower-case command between two sentences stays") {
        Document document = harbour_feature({
            "The tide tables for the harbour can be fetched with one short command in a terminal.",
            "tides fetch north",
            "The command prints the next four high tides, which is all most skippers need to know.",
        });
        recognise_furniture(document, FurnitureOptions{});
        CHECK(document.removed.empty());
    }
    SECTION("a capitalised subhead in the same place stays") {
        Document document = harbour_feature({
            "The council dredged the channel in 2016, and the first boats returned to the harbour that winter.",
            "Harbour dredging",
            "“We did not believe it would work,” said the harbourmaster, who has worked on the quay for years.",
        });
        recognise_furniture(document, FurnitureOptions{});
        CHECK(document.removed.empty());
    }
    SECTION("a caption right above a subhead") {
        Document document = harbour_feature({
            "The council dredged the channel in 2016, and the first boats returned to the harbour that winter.",  // 5
            "A trawler is unloaded at the fish market on a wet morning",                                       // 7
            "The fish market",                                                                                 // 9
            "The market opens at five, and by seven most of the catch has been sold to restaurants inland.",    // 11
        }, {4});
        recognise_furniture(document, FurnitureOptions{});
        CHECK(removed_lines(document) == std::vector<int>{7});
        CHECK(document.blocks.size() == 6);
    }
    SECTION("a letter's signature above the next chapter stays") {
        Document document = harbour_feature({
            "I write this in haste, and I beg you to burn it once you have read it, for both our sakes.",
            "Edmund Hale",
            "The Night at the Quay",
            "Nobody in the town saw the harbourmaster again after the night the letter reached him.",
        }, {4});
        recognise_furniture(document, FurnitureOptions{});
        CHECK(document.removed.empty());
    }
    SECTION("the title of a media box, on top of its caption lines") {
        Document document = harbour_feature({
            "The council dredged the channel in 2016, and the first boats returned to the harbour that winter.",  // 5
            "Four things the harbourmaster taught us",                                                          // 7
            "The long way round",                                                                               // 9
            "Media caption The harbourmaster walks along the breakwater at low tide",                             // 11
            "The market opens at five, and by seven most of the catch has been sold to restaurants inland.",    // 13
        });
        recognise_furniture(document, FurnitureOptions{});
        CHECK(removed_lines(document) == std::vector<int>{7, 9, 11});
    }
    SECTION("a subhead over a lone photo caption heads the text after the picture and stays") {
        Document document = harbour_feature({
            "The council dredged the channel in 2016, and the first boats returned to the harbour that winter.",  // 5
            "A new fish market",                                                                                // 7
            "Fishermen unload the morning catch at the new market, which opened on the quay in the spring of 2018",  // 9
            "The market opens at five, and by seven most of the catch has been sold to restaurants inland.",    // 11
        });
        recognise_furniture(document, FurnitureOptions{});
        CHECK(body_lines(document) == std::vector<int>{3, 5, 7, 11, 13});
        CHECK(removed_lines(document) == std::vector<int>{9});
    }
    SECTION("a live-coverage link, even when it looks like a subhead") {
        Document document = harbour_feature({
            "The council dredged the channel in 2016, and the first boats returned to the harbour that winter.",  // 5
            "Live updates from the regatta",                                                                    // 7
            "The market opens at five, and by seven most of the catch has been sold to restaurants inland.",    // 9
        }, {3});
        recognise_furniture(document, FurnitureOptions{});
        CHECK(removed_lines(document) == std::vector<int>{7});
    }
    SECTION("a list after its colon line stays") {
        Document document = harbour_feature({
            "The harbour committee set itself three goals for the first five years:",
            "Dredge the channel every second winter",
            "Rebuild the north quay before the fish market",
            "Keep the mooring fees below those of the next town",
        });
        recognise_furniture(document, FurnitureOptions{});
        CHECK(document.removed.empty());
    }
}

TEST_CASE("a wiki's captions: a heading without an edit button, a picture's line under a heading",
          "[furniture][in-body]") {
    Document document = paragraphs({
        "Harbours",                                                                                             // 1
        "A harbour is a sheltered body of water where ships and boats can be moored.[1]",                      // 3
        "History[edit]",                                                                                        // 5
        "The earliest harbours were natural bays, later improved with breakwaters of stone.[2]",               // 7
        "Construction[edit]",                                                                                   // 9
        "Breakwaters[edit]",                                                                                    // 11
        "The old breakwater, Inch Island",                                                                      // 13
        "Breakwaters are built of rock or concrete to protect the harbour from the waves of the open sea.",    // 15
        "Dredging[edit]",                                                                                       // 17
        "A dredger at work in the outer channel during the winter of 2016.",                                   // 19
        "Dredging is the removal of silt from the bottom of the channel so that ships can pass at low water.",  // 21
        "Dredging is expensive, and small harbours often share one dredger between them.",                      // 23
    });
    document.blocks[6].kind = BlockKind::Heading;  // the reader took the caption for a heading
    recognise_furniture(document, FurnitureOptions{});
    CHECK(removed_lines(document) == std::vector<int>{13, 19});
    int headings = 0;
    for (const Block& block : document.blocks) headings += block.kind == BlockKind::Heading;
    CHECK(headings == 4);
}

TEST_CASE("outside a wiki, the first short paragraph under a heading stays", "[furniture][in-body]") {
    Document document = harbour_feature({
        "Dredging",                                                                                             // 5
        "A dredger works in the outer channel every second winter.",                                           // 7
        "Dredging is expensive, and small harbours often share one dredger between them.",                      // 9
    }, {2});
    recognise_furniture(document, FurnitureOptions{});
    CHECK(document.removed.empty());
}

TEST_CASE("more page shapes: a blog's 'Posted by' line, a sponsor label, an affiliate note, an author over 'Follow'",
          "[furniture]") {
    const std::vector<std::string> body = {
        "For forty years the ferry left the pier at six, and for forty years Aileen Brodie sold the tickets.",
        "The council decided in spring that a bridge would be cheaper, and the ferry made its last run in May.",
    };
    SECTION("'Posted by user on DATE' under the title is the date line, not the title") {
        Document document = paragraphs(with({"The Last Ferry", "Posted by islandwatcher on May 3, 2019"}, body));
        recognise_furniture(document, FurnitureOptions{});
        CHECK(document.metadata.title == "The Last Ferry");
        CHECK(document.metadata.date == "2019-05-03");
        REQUIRE(document.blocks.size() == 4);
        CHECK(document.blocks[1].kind == BlockKind::Dateline);
    }
    SECTION("a sponsor's label under the title is not the body's first line") {
        Document document = paragraphs(with({"The Last Ferry", "Supported by", "By Ann Reid"}, body));
        recognise_furniture(document, FurnitureOptions{});
        CHECK(removed_lines(document) == std::vector<int>{3});
        CHECK(document.metadata.authors == std::vector<std::string>{"Ann Reid"});
    }
    SECTION("an affiliate-link disclosure above the text") {
        Document document = paragraphs(with({"The Last Ferry",
                                             "Everything we feature is chosen by our editors. When you buy through "
                                             "links on this page, we may earn an affiliate commission."},
                                            body));
        recognise_furniture(document, FurnitureOptions{});
        CHECK(removed_lines(document) == std::vector<int>{3});
        CHECK(document.blocks.size() == 3);
    }
    SECTION("an author's name over 'Follow' below the title") {
        Document document = paragraphs(with({"The Last Ferry", "Ann Reid", "Follow", "May 3, 2019 · 5 min read"}, body));
        recognise_furniture(document, FurnitureOptions{});
        CHECK(document.metadata.authors == std::vector<std::string>{"Ann Reid"});
        CHECK(document.metadata.date == "2019-05-03");
        CHECK(removed_lines(document) == std::vector<int>{5});
    }
}

TEST_CASE("calls to action set between paragraphs go without taking the paragraphs with them", "[furniture][in-body]") {
    Document document = paragraphs({
        "The Last Ferry",                                                                                        // 1
        "For forty years the ferry left the pier at six, and for forty years Aileen Brodie sold the tickets.",   // 3
        "Sign up for our Island Mornings newsletter to get the day's news from the islands in your inbox.",     // 5
        "The council decided in spring that a bridge would be cheaper, and the ferry made its last run in May.",  // 7
        "The newsletter the council sent to every house that winter asked the islanders to be patient.",        // 9
        "Follow us on social media for more stories like this.",                                                // 11
        "“Sign up now,” the skipper told the passengers, “before the last sailing is full.”",                   // 13
        "Get our best stories delivered to your inbox every week.",                                             // 15
        "On the final crossing the islanders brought flowers, and the captain let the children sound the horn.",  // 17
        "Sign up for the library's newsletter if you want to hear when the ferry exhibition opens.",            // 19
        "Subscribe to our video channel",                                                                       // 21
        "The bridge opened in September, and the ferry now sits in the harbour museum, freshly painted.",       // 23
    });
    recognise_furniture(document, FurnitureOptions{});
    CHECK(removed_lines(document) == std::vector<int>{5, 11, 15, 21});
    CHECK(body_lines(document) == std::vector<int>{3, 7, 9, 13, 17, 19, 23});
}

TEST_CASE("a news page's tool bar between the standfirst and the byline, and a box label in the body",
          "[furniture]") {
    Document document = paragraphs({
        "Islands",                                                                                               // 1
        "The Last Ferry: How an Island Said Goodbye to Its Boat",                                               // 3
        "A bridge replaces a crossing that ran for forty years.",                                               // 5
        "Listen to this article · 4:10 min",                                                                    // 7
        "Gift this article",                                                                                    // 9
        "Share full article",                                                                                   // 11
        "By Ann Reid and Tom Hale",                                                                             // 13
        "For forty years the ferry left the pier at six, and for forty years Aileen Brodie sold the tickets.",  // 15
        "Related",                                                                                              // 17
        "The council decided in spring that a bridge would be cheaper, and the ferry made its last run in May.",  // 19
        "Updated 2 hours ago",                                                                                  // 21
    });
    recognise_furniture(document, FurnitureOptions{});
    CHECK(document.metadata.title == "The Last Ferry: How an Island Said Goodbye to Its Boat");
    CHECK(document.metadata.authors == std::vector<std::string>{"Ann Reid", "Tom Hale"});
    REQUIRE(document.blocks.size() >= 2);
    CHECK(document.blocks[1].kind == BlockKind::Dek);
    CHECK(removed_lines(document) == std::vector<int>{1, 7, 9, 11, 17, 21});
    CHECK(body_lines(document) == std::vector<int>{15, 19});
}

TEST_CASE("a blog's categories and its readers' comments, each under a name and a date", "[furniture]") {
    Document document = paragraphs({
        "The Last Ferry",                                                                                        // 1
        "May 3, 2019 by Ann Reid",                                                                              // 3
        "For forty years the ferry left the pier at six, and for forty years Aileen Brodie sold the tickets.",   // 5
        "The council decided in spring that a bridge would be cheaper, and the ferry made its last run in May.",  // 7
        "Categories: Islands, Transport",                                                                       // 9
        "2 thoughts on “The Last Ferry”",                                                                       // 11
        "Tom Hale",                                                                                             // 13
        "May 4, 2019 at 9:12 am",                                                                               // 15
        "My father worked on that ferry for twenty years and never missed a single sailing in all that time.",  // 17
        "Reply",                                                                                                // 19
        "Mary Stone",                                                                                           // 21
        "May 5, 2019 at 7:40 pm",                                                                               // 23
        "Thank you for writing this, it brought back memories of the summers we spent on the island.",          // 25
        "Reply",                                                                                                // 27
        "Leave a Reply",                                                                                        // 29
    });
    recognise_furniture(document, FurnitureOptions{});
    CHECK(document.metadata.authors == std::vector<std::string>{"Ann Reid"});
    CHECK(body_lines(document) == std::vector<int>{5, 7});
    CHECK(document.removed.size() == 11);
}

TEST_CASE("a long one-paragraph appeal at the very end goes", "[furniture][appeal]") {
    Document document = paragraphs(with(ferry_article(), {
        "Before you go: since you are reading from abroad today, we would like to ask something of you. For "
        "eighty years the Island Courier has covered the isles without fear, and thousands of readers in many "
        "countries now support our journalism with a few coins each month. We have no owner to answer to and no "
        "investors, so we decide what we report, and we keep every story open to everyone, whether or not they "
        "can pay. If there has ever been a moment to join us, it is this one. Every contribution, however small, "
        "pays for the reporting you have just read. If you can, please consider becoming a monthly supporter. "
        "It takes less than a minute. Thank you."}));
    recognise_furniture(document, FurnitureOptions{});
    CHECK(body_lines(document) == std::vector<int>{3, 5, 7});
    CHECK(document.removed.size() == 1);
}

TEST_CASE("a picture box in the body: buttons, caption, 'Name/Archive' credits", "[furniture][in-body]") {
    Document document = harbour_feature({
        "The council dredged the channel in 2016, and the first boats returned to the harbour that winter.",  // 5
        "Enlarge this image",                                                                                  // 7
        "A trawler is unloaded on the north quay at dawn, as gulls wait on the harbour wall behind it.",       // 9
        "Ann Reid/Harbour Archive",                                                                            // 11
        "toggle caption",                                                                                      // 13
        "Ann Reid/Harbour Archive",                                                                            // 15
        "The market opens at five, and by seven most of the catch has been sold to restaurants inland.",       // 17
        "View this image ›",                                                                                   // 19
    });
    recognise_furniture(document, FurnitureOptions{});
    CHECK(removed_lines(document) == std::vector<int>{7, 9, 11, 13, 15, 19});
    CHECK(body_lines(document) == std::vector<int>{3, 5, 17, 21});
}

TEST_CASE("a title with a slash is no credit", "[furniture]") {
    Document document = paragraphs({"AC/DC Plays the Harbour", "By Ann Reid",
                                    "The band played on the north quay on Saturday, and the whole island came to listen.",
                                    "The harbourmaster said it was the loudest night the quay had known since 1950."});
    recognise_furniture(document, FurnitureOptions{});
    CHECK(document.metadata.title == "AC/DC Plays the Harbour");
}

TEST_CASE("'Story continues below' and site menus", "[furniture]") {
    Document document = paragraphs({
        "Skip to content", "Menu", "Search", "Sections",                                                       // 1-7
        "The Last Ferry",                                                                                        // 9
        "For forty years the ferry left the pier at six, and for forty years Aileen Brodie sold the tickets.",   // 11
        "Story continues below",                                                                                // 13
        "The council decided in spring that a bridge would be cheaper, and the ferry made its last run in May.",  // 15
    });
    recognise_furniture(document, FurnitureOptions{});
    CHECK(document.metadata.title == "The Last Ferry");
    CHECK(removed_lines(document) == std::vector<int>{1, 3, 5, 7, 13});
    CHECK(body_lines(document) == std::vector<int>{11, 15});
}

TEST_CASE("an 'About the author' box at the end goes with its bio", "[furniture]") {
    Document document = paragraphs(with(ferry_article(), {
        "About the author",                                                                                   // 9
        "Ann Reid grew up on Inch Island and has written about its harbour and its people for twenty years.",  // 11
    }));
    recognise_furniture(document, FurnitureOptions{});
    CHECK(body_lines(document) == std::vector<int>{3, 5, 7});
    CHECK(removed_lines(document) == std::vector<int>{9, 11});
}

TEST_CASE("a related-links box inside the body goes with its headlines", "[furniture][in-body]") {
    Document document = harbour_feature({
        "The council dredged the channel in 2016, and the first boats returned to the harbour that winter.",  // 5
        "Read more:",                                                                                          // 7
        "How a small port won back its fleet",                                                                 // 9
        "The quay that nobody wanted to pay for",                                                              // 11
        "Trawlers return to the north",                                                                        // 13
        "The market opens at five, and by seven most of the catch has been sold to restaurants inland.",       // 15
    }, {6});  // the reader takes the last headline for a subhead
    recognise_furniture(document, FurnitureOptions{});
    CHECK(removed_lines(document) == std::vector<int>{7, 9, 11});
    CHECK(body_lines(document) == std::vector<int>{3, 5, 13, 15, 17});
}

TEST_CASE("a newsletter platform's head: buttons, headline over subtitle, author over date, counters",
          "[furniture]") {
    Document document = paragraphs({
        "Subscribe", "Sign in", "Share this post", "Copy link",                                                // 1-7
        "The Last Ferry",                                                                                       // 9
        "What forty years of crossings taught one island about distance",                                      // 11
        "Ann Reid",                                                                                             // 13
        "May 03, 2019",                                                                                         // 15
        "12",                                                                                                   // 17
        "Share",                                                                                                // 19
        "For forty years the ferry left the pier at six, and for forty years Aileen Brodie sold the tickets.",  // 21
        "The council decided in spring that a bridge would be cheaper, and the ferry made its last run in May.",  // 23
    });
    recognise_furniture(document, FurnitureOptions{});
    CHECK(document.metadata.title == "The Last Ferry");
    CHECK(document.metadata.authors == std::vector<std::string>{"Ann Reid"});
    CHECK(document.metadata.date == "2019-05-03");
    CHECK(body_lines(document) == std::vector<int>{21, 23});
    REQUIRE(document.blocks.size() >= 2);
    CHECK(document.blocks[1].kind == BlockKind::Dek);
}

TEST_CASE("a one-word section kicker over the headline stays a kicker", "[furniture]") {
    Document document = paragraphs({
        "Islands",
        "Ferry makes its last crossing after forty years",
        "By Ann Reid",
        "For forty years the ferry left the pier at six, and for forty years Aileen Brodie sold the tickets.",
        "The council decided in spring that a bridge would be cheaper, and the ferry made its last run in May.",
    });
    recognise_furniture(document, FurnitureOptions{});
    CHECK(document.metadata.title == "Ferry makes its last crossing after forty years");
}

TEST_CASE("an archive's age warning and a nonprofit's sign-up line above the headline", "[furniture]") {
    Document document = paragraphs({
        "The Island Desk is a nonprofit newsroom covering the isles. Sign up to get our stories by email.",    // 1
        "This article is more than 5 years old",                                                                // 3
        "The Last Ferry: How an Island Said Goodbye to Its Boat",                                               // 5
        "by Ann Reid, May 3, 2019, 6 a.m.",                                                                      // 7
        "For forty years the ferry left the pier at six, and for forty years Aileen Brodie sold the tickets.",  // 9
        "The council decided in spring that a bridge would be cheaper, and the ferry made its last run in May.",  // 11
    });
    recognise_furniture(document, FurnitureOptions{});
    CHECK(document.metadata.title == "The Last Ferry: How an Island Said Goodbye to Its Boat");
    CHECK(document.metadata.authors == std::vector<std::string>{"Ann Reid"});
    CHECK(document.metadata.date == "2019-05-03");
    CHECK(removed_lines(document) == std::vector<int>{1, 3});
    CHECK(body_lines(document) == std::vector<int>{9, 11});
}
