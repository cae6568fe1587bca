// The plain-text reader: structure, positions, whitespace, links and headings.
#include "test_read_helpers.hpp"

#include "read/inline_text.hpp"

using namespace read_test;

TEST_CASE("paragraphs are lines separated by blank lines, hard-wrapped lines are joined", "[read]") {
    const auto document = read("First paragraph.\n\nSecond paragraph is\nhard wrapped over\n  three lines.\n\n\n\nThird.\n");
    CHECK(document.source_name == "test.txt");
    CHECK(document.blocks == Blocks{paragraph("First paragraph.", 1, 1),
                                    paragraph("Second paragraph is hard wrapped over three lines.", 3, 1),
                                    paragraph("Third.", 9, 1)});
}

TEST_CASE("an indented first line keeps its column", "[read]") {
    const auto document = read("    Indented start of a paragraph.\n\n\tTabbed start.");
    CHECK(document.blocks == Blocks{paragraph("Indented start of a paragraph.", 1, 5), paragraph("Tabbed start.", 3, 2)});
}

TEST_CASE("a byte order mark is skipped and not counted as a column", "[read]") {
    const auto document = read("\xEF\xBB\xBFHello.\n\nWorld.");
    CHECK(document.blocks == Blocks{paragraph("Hello.", 1, 1), paragraph("World.", 3, 1)});
}

TEST_CASE("CRLF and lone CR end lines", "[read]") {
    const auto crlf = read("One\r\ntwo.\r\n\r\nThree.\r\n");
    CHECK(crlf.blocks == Blocks{paragraph("One two.", 1, 1), paragraph("Three.", 4, 1)});
    const auto cr = read("One\rtwo.\r\rThree.\r");
    CHECK(cr.blocks == Blocks{paragraph("One two.", 1, 1), paragraph("Three.", 4, 1)});
    const auto mixed = read("A.\r\n\rB.\n\r\nC.");
    CHECK(mixed.blocks == Blocks{paragraph("A.", 1, 1), paragraph("B.", 3, 1), paragraph("C.", 5, 1)});
}

TEST_CASE("tabs and runs of spaces collapse to one space: trailing whitespace goes", "[read]") {
    const auto document = read("a\t\tb    c \t \nd   \t\n\ne.   ");
    CHECK(document.blocks == Blocks{paragraph("a b c d", 1, 1), paragraph("e.", 4, 1)});
}

TEST_CASE("no-break spaces, word joiners and soft hyphens are kept as they are", "[read]") {
    // « U+00A0 text U+00A0 », "18" U+2060 "—", "hy" U+00AD "phen", narrow no-break space U+202F.
    const std::string text = "\u00AB\u00A0oui\u00A0\u00BB 18\u2060\u2014 hy\u00ADphen 10\u202F000 \u00A0 x.";
    const auto document = read(text);
    CHECK(document.blocks == Blocks{paragraph(text, 1, 1)});
}

TEST_CASE("other Unicode spaces collapse, keeping the first non-ASCII one of a run", "[read]") {
    // U+2003 EM SPACE and U+3000 IDEOGRAPHIC SPACE are break spaces (White_Space, not no-break).
    const auto document = read("a \u2003 b\u3000\u3000c  d.");
    CHECK(document.blocks == Blocks{paragraph("a\u2003b\u3000c d.", 1, 1)});
}

TEST_CASE("control characters are dropped but still count as columns", "[read]") {
    // C0 (U+0001, U+0007 BEL, U+000B VT, U+000C FF), DEL, and C1 (U+0085, U+009F).
    const auto document = read("a\x01" "b\x7F" "c\u0085d\u009F. e\x07\x0B\x0C.\n\n\x01\x02X.");
    CHECK(document.blocks == Blocks{paragraph("abcd. e.", 1, 1), paragraph("X.", 3, 3)});
    const std::string all = galley::plain_text(document.blocks[0].inlines);
    for (unsigned char byte : all) CHECK(byte >= 0x20);
}

TEST_CASE("text is normalised to NFC", "[read]") {
    // e + COMBINING ACUTE → é; A + COMBINING RING → Å; Hangul jamo compose to a syllable.
    const auto document = read("Caf\x65\xCC\x81 A\xCC\x8A \xE1\x84\x80\xE1\x85\xA1.");
    CHECK(document.blocks == Blocks{paragraph("Caf\u00E9 \u00C5 \uAC00.", 1, 1)});
    CHECK(galley::normalize_nfc("already NFC: \u00E9") == "already NFC: \u00E9");
}

TEST_CASE("section-break lines become SectionBreak blocks", "[read]") {
    const char* const breaks[] = {"* * *", "***", "---", "#", "\u2042", "\u2014", "~~~", "* * * *",
                                  "  *  *  *  ", "___", "- - -", "=====", "\u2022 \u2022 \u2022", "##"};
    for (const char* line : breaks) {
        INFO("break line: \"" << line << "\"");
        const std::string text = std::string("Before.\n\n") + line + "\n\nAfter.";
        const auto document = read(text);
        int column = 1;
        while (line[column - 1] == ' ') ++column;
        CHECK(document.blocks == Blocks{paragraph("Before.", 1, 1), section_break(3, column), paragraph("After.", 5, 1)});
    }
}

TEST_CASE("a section-break line needs no blank lines around it", "[read]") {
    const auto document = read("End of one part.\n* * *\nStart of the next.");
    CHECK(document.blocks == Blocks{paragraph("End of one part.", 1, 1), section_break(2, 1),
                                    paragraph("Start of the next.", 3, 1)});
}

TEST_CASE("lines that only look a little like breaks stay text", "[read]") {
    const auto document = read("Text.\n\n--\n\n**\n\n-\n\n*** bold claim\n\n#hashtag");
    CHECK(document.blocks == Blocks{paragraph("Text.", 1, 1), paragraph("--", 3, 1), paragraph("**", 5, 1),
                                    paragraph("-", 7, 1), paragraph("*** bold claim", 9, 1), paragraph("#hashtag", 11, 1)});
}

TEST_CASE("bulleted lists: every bullet, marker removed, consecutive items one list", "[read]") {
    const auto document = read("Intro:\n\n- one\n- two\n\n* star\n* star two\n\n\u2022 dot\n\n\u2022 dot two\n\n\u2013 dash\n");
    CHECK(document.blocks ==
          Blocks{paragraph("Intro:", 1, 1),
                 list({{paragraph("one", 3, 3)}, {paragraph("two", 4, 3)}}, false, 1, 3, 1),
                 list({{paragraph("star", 6, 3)}, {paragraph("star two", 7, 3)}}, false, 1, 6, 1),
                 list({{paragraph("dot", 9, 3)}, {paragraph("dot two", 11, 3)}}, false, 1, 9, 1),
                 list({{paragraph("dash", 13, 3)}}, false, 1, 13, 1)});
}

TEST_CASE("ordered lists start from their first number, with . or )", "[read]") {
    const auto document = read("1. one\n2. two\n3. three\n\nMiddle.\n\n4) four\n5) five\n\n7. seven\n8. eight");
    CHECK(document.blocks ==
          Blocks{list({{paragraph("one", 1, 4)}, {paragraph("two", 2, 4)}, {paragraph("three", 3, 4)}}, true, 1, 1, 1),
                 paragraph("Middle.", 5, 1),
                 list({{paragraph("four", 7, 4)}, {paragraph("five", 8, 4)}}, true, 4, 7, 1),
                 list({{paragraph("seven", 10, 4)}, {paragraph("eight", 11, 4)}}, true, 7, 10, 1)});
}

TEST_CASE("an item's indented continuation lines are joined: an unindented line ends the list", "[read]") {
    const auto document = read("- first item that\n  wraps onto\n    two more lines\n- second\nAfter the list.\n");
    CHECK(document.blocks ==
          Blocks{list({{paragraph("first item that wraps onto two more lines", 1, 3)}, {paragraph("second", 4, 3)}},
                      false, 1, 1, 1),
                 paragraph("After the list.", 5, 1)});
}

TEST_CASE("an indented item inside an item makes a nested list", "[read]") {
    const auto document = read("- outer\n  - inner one\n  - inner two\n- outer two");
    const Block inner = list({{paragraph("inner one", 2, 5)}, {paragraph("inner two", 3, 5)}}, false, 1, 2, 3);
    CHECK(document.blocks == Blocks{list({{paragraph("outer", 1, 3), inner}, {paragraph("outer two", 4, 3)}}, false, 1, 1, 1)});
}

TEST_CASE("list items interrupt a paragraph, but a wrapped line starting with a year does not", "[read]") {
    const auto bullets = read("We need:\n- eggs\n- milk");
    CHECK(bullets.blocks ==
          Blocks{paragraph("We need:", 1, 1), list({{paragraph("eggs", 2, 3)}, {paragraph("milk", 3, 3)}}, false, 1, 2, 1)});
    const auto numbered = read("Steps:\n1. mix\n2. bake");
    CHECK(numbered.blocks ==
          Blocks{paragraph("Steps:", 1, 1), list({{paragraph("mix", 2, 4)}, {paragraph("bake", 3, 4)}}, true, 1, 2, 1)});
    const auto year = read("The book came out in\n1984. It sold well.");
    CHECK(year.blocks == Blocks{paragraph("The book came out in 1984. It sold well.", 1, 1)});
}

TEST_CASE("a change of bullet or numbering style starts a new list", "[read]") {
    const auto document = read("- a\n* b\n1. c\n2) d");
    CHECK(document.blocks == Blocks{list({{paragraph("a", 1, 3)}}, false, 1, 1, 1), list({{paragraph("b", 2, 3)}}, false, 1, 2, 1),
                                    list({{paragraph("c", 3, 4)}}, true, 1, 3, 1), list({{paragraph("d", 4, 4)}}, true, 2, 4, 1)});
}

TEST_CASE("a marker needs a space and text after it", "[read]") {
    const auto document = read("-dash\n\n1.5 million people.\n\n*emphasis*");
    CHECK(document.blocks == Blocks{paragraph("-dash", 1, 1), paragraph("1.5 million people.", 3, 1), paragraph("*emphasis*", 5, 1)});
}

TEST_CASE("quoted lines make a block quote: a bare > separates its paragraphs", "[read]") {
    const auto document = read("He wrote:\n\n> First quoted\n> paragraph.\n>\n> Second one.\n\nAfter.");
    CHECK(document.blocks == Blocks{paragraph("He wrote:", 1, 1),
                                    quote({paragraph("First quoted paragraph.", 3, 3), paragraph("Second one.", 6, 3)}, 3, 1),
                                    paragraph("After.", 8, 1)});
}

TEST_CASE("a quote ends at the first line without >: quotes nest and may hold lists", "[read]") {
    const auto document = read(">No space after the marker.\nNot quoted.\n\n  > > nested\n  > - item");
    CHECK(document.blocks ==
          Blocks{quote({paragraph("No space after the marker.", 1, 2)}, 1, 1), paragraph("Not quoted.", 2, 1),
                 quote({quote({paragraph("nested", 4, 7)}, 4, 5), list({{paragraph("item", 5, 7)}}, false, 1, 5, 5)}, 4, 3)});
}

TEST_CASE("a quote of nothing but > lines is dropped", "[read]") {
    const auto document = read("Text.\n\n>\n>\n\nMore.");
    CHECK(document.blocks == Blocks{paragraph("Text.", 1, 1), paragraph("More.", 6, 1)});
}

TEST_CASE("bare URLs become links: trailing punctuation stays outside", "[read]") {
    const auto document = read("See https://example.org/a?b=1&c=2. Or http://x.com/path, or www.example.com/page!\n");
    CHECK(document.blocks ==
          Blocks{paragraph(Inlines{Inline::make_text("See "), link_to("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2"),
                                   Inline::make_text(". Or "), link_to("http://x.com/path", "http://x.com/path"), Inline::make_text(", or "),
                                   link_to("http://www.example.com/page", "www.example.com/page"), Inline::make_text("!")},
                           1, 1)});
}

TEST_CASE("brackets belong to a URL only when balanced inside it", "[read]") {
    const auto wiki = read("(see https://en.wikipedia.org/wiki/Mozilla_(disambiguation)).");
    CHECK(wiki.blocks == Blocks{paragraph(Inlines{Inline::make_text("(see "),
                                                  link_to("https://en.wikipedia.org/wiki/Mozilla_(disambiguation)",
                                                       "https://en.wikipedia.org/wiki/Mozilla_(disambiguation)"),
                                                  Inline::make_text(").")},
                                          1, 1)});
    const auto quoted = read("\u201Chttp://a.org/x\u201D and <https://b.org/y>");
    CHECK(quoted.blocks == Blocks{paragraph(Inlines{Inline::make_text("\u201C"), link_to("http://a.org/x", "http://a.org/x"),
                                                    Inline::make_text("\u201D and <"), link_to("https://b.org/y", "https://b.org/y"),
                                                    Inline::make_text(">")},
                                            1, 1)});
}

TEST_CASE("things that are not bare URLs stay text", "[read]") {
    const auto document = read("mozilla.org/,%20https://www.mozilla.org/tr/ awww.x http:// www. shttp://x.org");
    REQUIRE(document.blocks.size() == 1);
    CHECK(document.blocks[0].inlines == Inlines{Inline::make_text("mozilla.org/,%20https://www.mozilla.org/tr/ awww.x http:// www. shttp://x.org")});
    const auto upper = read("Visit HTTPS://EXAMPLE.ORG today.");
    CHECK(upper.blocks[0].inlines == Inlines{Inline::make_text("Visit "), link_to("HTTPS://EXAMPLE.ORG", "HTTPS://EXAMPLE.ORG"),
                                             Inline::make_text(" today.")});
}

TEST_CASE("a URL line and links inside list items and quotes", "[read]") {
    const auto document = read("Permalink: http://heise.de/-2596987\n\n- https://a.org\n\n> www.b.org.");
    CHECK(document.blocks ==
          Blocks{paragraph(Inlines{Inline::make_text("Permalink: "), link_to("http://heise.de/-2596987", "http://heise.de/-2596987")}, 1, 1),
                 list({{paragraph(Inlines{link_to("https://a.org", "https://a.org")}, 3, 3)}}, false, 1, 3, 1),
                 quote({paragraph(Inlines{link_to("http://www.b.org", "www.b.org"), Inline::make_text(".")}, 5, 3)}, 5, 1)});
}

// ---- Headings ---------------------------------------------------------------------------

const std::string kRunning = "This is a paragraph of running text that follows the line above it.";

TEST_CASE("a short title-like line before running text is a heading", "[read]") {
    const auto document = read("Opening paragraph.\n\nWhat the Law Says\n\n" + kRunning);
    CHECK(document.blocks == Blocks{paragraph("Opening paragraph.", 1, 1), heading("What the Law Says", 3, 1), paragraph(kRunning, 5, 1)});
}

TEST_CASE("headings in quotes, guillemets, other scripts and with citation marks", "[read]") {
    const auto document = read("Intro.\n\n\u2018Unprecedented\u2019 strandings\n\n" + kRunning + "\n\nLes \u00AB\u00A0bo\u00EEtes noires\u00A0\u00BB\n\n" +
                               kRunning + "\n\nHistory[edit]\n\n" + kRunning + "[12]\n\n\u6982\u8981\n\n" + kRunning);
    REQUIRE(document.blocks.size() == 9);
    CHECK(document.blocks[1] == heading("\u2018Unprecedented\u2019 strandings", 3, 1));
    CHECK(document.blocks[3] == heading("Les \u00AB\u00A0bo\u00EEtes noires\u00A0\u00BB", 7, 1));
    CHECK(document.blocks[5] == heading("History[edit]", 11, 1));
    CHECK(document.blocks[6] == paragraph(kRunning + "[12]", 13, 1));
    CHECK(document.blocks[7] == heading("\u6982\u8981", 15, 1));
    CHECK(document.blocks[8] == paragraph(kRunning, 17, 1));
}

TEST_CASE("a question or exclamation is a heading only when title-cased", "[read]") {
    const auto titled = read("Intro.\n\nWhat Is the Sea Telling Us?\n\n" + kRunning);
    CHECK(titled.blocks[1] == heading("What Is the Sea Telling Us?", 3, 1));
    const auto quoted = read("Intro.\n\n\u201CWhy Encryption Matters!\u201D\n\n" + kRunning);
    CHECK(quoted.blocks[1] == heading("\u201CWhy Encryption Matters!\u201D", 3, 1));
    const auto dialogue = read("Intro.\n\n\u201CWho is he?\u201D\n\n" + kRunning);
    CHECK(dialogue.blocks[1] == paragraph("\u201CWho is he?\u201D", 3, 1));
    const auto question = read("Intro.\n\nSo we can\u2019t have cell phones?\n\n" + kRunning);
    CHECK(question.blocks[1] == paragraph("So we can\u2019t have cell phones?", 3, 1));
}

TEST_CASE("lines that are not headings", "[read]") {
    const std::string cases[] = {
        "A short sentence.",                                   // sentence punctuation
        "Ending with a colon:",                                //
        "Ending with a comma,",                                //
        "Ending with an ellipsis\u2026",                       //
        "\u201CTut-tut,\u201D said Mr. Utterson.",             // dialogue
        "lowercase start of a line",                           // not capitalised
        "One two three four five six seven eight nine ten eleven twelve thirteen",  // too many words
        "Internationalization Considerations Notwithstanding Counterrevolutionary Misunderstandings Everywhere",  // > 90 characters
        "Home | News | Sport",                                 // navigation
        "(Bild: Hersteller)",                                  // an aside in brackets
        "NOVEMBER 20, 2019 10:43",                             // a date and time
        "Promote the models; and",                             // a clause
        "Read it at https://example.org",                      // a URL
        "Cut off in the middle \u2014",                        // a dash at the end
    };
    for (const std::string& line : cases) {
        INFO("line: " << line);
        const auto document = read("Intro.\n\n" + line + "\n\n" + kRunning);
        REQUIRE(document.blocks.size() == 3);
        CHECK(document.blocks[1].kind == BlockKind::Paragraph);
    }
}

TEST_CASE("a heading needs running text after it and a block before it", "[read]") {
    // First block: a title, which the reader leaves to the furniture transform.
    const auto first = read("Story of the Door\n\n" + kRunning);
    CHECK(first.blocks[0].kind == BlockKind::Paragraph);
    // Last block: nothing to head.
    const auto last = read(kRunning + "\n\nThe End");
    CHECK(last.blocks[1].kind == BlockKind::Paragraph);
    // Followed by another short line, or by a list.
    const auto short_next = read("Intro.\n\nShare on Facebook\n\nShare on Twitter\n\n" + kRunning);
    CHECK(short_next.blocks[1].kind == BlockKind::Paragraph);
    CHECK(short_next.blocks[2].kind == BlockKind::Heading);
    const auto list_next = read("Intro.\n\nTopics\n\n- one\n- two");
    CHECK(list_next.blocks[1].kind == BlockKind::Paragraph);
    // Followed by a shorter sentence than itself.
    const auto shorter_next = read("Intro.\n\nThe Presidential Body Swerve Explained\n\nHe left.");
    CHECK(shorter_next.blocks[1].kind == BlockKind::Paragraph);
    // Two lines joined into one paragraph are not a heading.
    const auto wrapped = read("Intro.\n\nTwo Lines\nof Title\n\n" + kRunning);
    CHECK(wrapped.blocks[1] == paragraph("Two Lines of Title", 3, 1));
}

TEST_CASE("a heading may head a block quote", "[read]") {
    const auto document = read("Intro.\n\nWhat They Said\n\n> " + kRunning);
    REQUIRE(document.blocks.size() == 3);
    CHECK(document.blocks[1] == heading("What They Said", 3, 1));
    CHECK(document.blocks[2] == quote({paragraph(kRunning, 5, 3)}, 5, 1));
}

TEST_CASE("no headings are made inside quotes and list items", "[read]") {
    const auto document = read("Intro.\n\n> Quote\n>\n> Title Like Line\n>\n> " + kRunning);
    REQUIRE(document.blocks.size() == 2);
    for (const Block& child : document.blocks[1].children) CHECK(child.kind == BlockKind::Paragraph);
}

TEST_CASE("deep nesting stops at sixteen levels: the rest is text", "[read]") {
    const auto quotes = read(std::string(200000, '>') + " deep");
    const Block* block = &quotes.blocks.at(0);
    int depth = 0;
    while (block->kind == BlockKind::BlockQuote) {
        ++depth;
        REQUIRE(block->children.size() == 1);
        block = &block->children[0];
    }
    CHECK(depth == 16);
    CHECK(*block == paragraph(std::string(200000 - 16, '>') + " deep", 1, 17));

    std::string bullets;
    for (int level = 0; level < 5000; ++level) bullets += "- ";
    const auto lists = read(bullets + "x");
    block = &lists.blocks.at(0);
    depth = 0;
    while (block->kind == BlockKind::List) {
        ++depth;
        REQUIRE(block->items.size() == 1);
        block = &block->items[0].at(0);
    }
    CHECK(depth == 16);
    CHECK(block->kind == BlockKind::Paragraph);
    CHECK(block->position.column == 33);
}
