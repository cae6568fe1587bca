// The PDF writer, checked from the outside: display lists built by hand from real HarfBuzz
// shaping of Charis SIL, written to a file and examined with qpdf and poppler's tools.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <unistd.h>

#include <fontconfig/fontconfig.h>
#include <hb.h>

#include "cli_support.hpp"
#include "layout/display_list.hpp"
#include "model/error.hpp"
#include "pdf/font_program.hpp"
#include "pdf/page_content.hpp"
#include "pdf/pdf_writer.hpp"

using galley_test::CommandResult;
using galley_test::run_command;

namespace {

using galley::layout::DisplayList;
using galley::layout::GlyphRun;
using galley::layout::PositionedGlyph;

std::string find_font(const char* pattern, const char* fallback) {
    std::string path = fallback;
    FcPattern* query = FcNameParse(reinterpret_cast<const FcChar8*>(pattern));
    FcConfigSubstitute(nullptr, query, FcMatchPattern);
    FcDefaultSubstitute(query);
    FcResult result = FcResultNoMatch;
    if (FcPattern* match = FcFontMatch(nullptr, query, &result)) {
        FcChar8* file = nullptr;
        if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
            std::string(reinterpret_cast<const char*>(file)).find("Charis") != std::string::npos)
            path = reinterpret_cast<const char*>(file);
        FcPatternDestroy(match);
    }
    FcPatternDestroy(query);
    return path;
}

const std::string& charis_path() {
    static const std::string path =
        find_font("Charis SIL:style=Regular", "/usr/share/fonts/truetype/charis/CharisSIL-Regular.ttf");
    return path;
}

// Shapes `text` with HarfBuzz into positioned glyphs (points, relative to the run origin),
// each glyph carrying its cluster's text (the first glyph of a cluster) as the layout engine does.
class Shaper {
public:
    explicit Shaper(const std::string& path) {
        blob_ = hb_blob_create_from_file_or_fail(path.c_str());
        REQUIRE(blob_ != nullptr);
        face_ = hb_face_create(blob_, 0);
        font_ = hb_font_create(face_);
        upem_ = hb_face_get_upem(face_);
        hb_font_set_scale(font_, static_cast<int>(upem_), static_cast<int>(upem_));
    }
    ~Shaper() {
        hb_font_destroy(font_);
        hb_face_destroy(face_);
        hb_blob_destroy(blob_);
    }
    Shaper(const Shaper&) = delete;
    Shaper& operator=(const Shaper&) = delete;

    GlyphRun shape(const std::string& text, double size, double* width = nullptr) const {
        hb_buffer_t* buffer = hb_buffer_create();
        hb_buffer_set_cluster_level(buffer, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
        hb_buffer_add_utf8(buffer, text.data(), static_cast<int>(text.size()), 0, static_cast<int>(text.size()));
        hb_buffer_guess_segment_properties(buffer);
        hb_shape(font_, buffer, nullptr, 0);
        unsigned count = 0;
        const hb_glyph_info_t* infos = hb_buffer_get_glyph_infos(buffer, &count);
        const hb_glyph_position_t* positions = hb_buffer_get_glyph_positions(buffer, &count);
        GlyphRun glyphs;
        const double scale = size / upem_;
        double pen = 0;
        for (unsigned i = 0; i < count; ++i) {
            const double advance = positions[i].x_advance * scale;
            std::string characters;
            if (i == 0 || infos[i].cluster != infos[i - 1].cluster) {
                unsigned end = static_cast<unsigned>(text.size());
                for (unsigned k = i + 1; k < count; ++k)
                    if (infos[k].cluster != infos[i].cluster) {
                        end = infos[k].cluster;
                        break;
                    }
                characters = text.substr(infos[i].cluster, end - infos[i].cluster);
            }
            glyphs.add_glyph(infos[i].codepoint, pen + positions[i].x_offset * scale, positions[i].y_offset * scale,
                             advance, characters);
            pen += advance;
        }
        hb_buffer_destroy(buffer);
        if (width) *width = pen;
        return glyphs;
    }

    // Replaces the glyphs and text of `run` with those of `text` shaped.
    void shape_into(GlyphRun& run, const std::string& text, double size, double* width = nullptr) const {
        GlyphRun shaped = shape(text, size, width);
        run.glyphs = std::move(shaped.glyphs);
        run.text = std::move(shaped.text);
    }

private:
    hb_blob_t* blob_ = nullptr;
    hb_face_t* face_ = nullptr;
    hb_font_t* font_ = nullptr;
    unsigned upem_ = 1000;
};

bool run_command_ok(const std::string& command) { return run_command(command).exit_code == 0; }

std::string temporary_path(const std::string& name) {
    const char* directory = std::getenv("TMPDIR");
    return std::string(directory ? directory : "/tmp") + "/galley_test_pdf_" + std::to_string(::getpid()) + "_" + name;
}

std::string save(const std::string& bytes, const std::string& name) {
    const std::string path = temporary_path(name);
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    REQUIRE(out.good());
    return path;
}

std::vector<std::string> words_of(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> words;
    std::string word;
    while (in >> word) words.push_back(word);
    return words;
}

// A sample book: two pages of 6x9 in, a title, a paragraph with ligatures, a link, a word broken
// by an inserted hyphen within a page and another across the page break, a running head,
// folios, a rule; structure, outline and page labels (the first page has no folio).
class Sample {
public:
    Sample() : shaper_(charis_path()) {
        list.info.title = "Office Affluence";
        list.info.author = "Ada Lovelace";
        list.info.subject = "A test of the PDF writer";
        list.info.keywords = "pdf, test";
        list.info.date = "2019-01-03";
        list.fonts.push_back({charis_path(), 0, "Charis SIL", "Regular", "CharisSIL"});
        list.structure = {{"Document", -1, "", ""}, {"H1", 0, "", ""}, {"P", 0, "", ""},
                          {"Link", 2, "", ""},      {"H1", 0, "", ""}, {"P", 0, "", ""}};
        list.pages.resize(2);
        for (auto& page : list.pages) {
            page.width = 432;
            page.height = 648;
        }
        list.pages[1].label = "2";

        auto& first = list.pages[0];
        line(first, 72, 560, {{"Office Affluence", 1}}, 18);
        line(first, 72, 520, {{"The office staff were fluffy and affluent;", 2}});
        hyphenated_line(first, 72, 506, "they studied the explo", 2);
        line(first, 72, 492, {{"sives carefully and then wrote a report.", 2}});
        line(first, 72, 478, {{"Visit ", 2}, {"example.org", 3}, {" today for the full text.", 2}});
        hyphenated_line(first, 72, 464, "In the end the weather was unpre", 2);
        first.links.push_back({72 + width_of("Visit "), 476, width_of("example.org"), 11, "https://example.org/", 3});
        first.rules.push_back({72, 450, 288, 0.5, {}, -1});
        line(first, 216, 40, {{"1", -1}});  // a folio, though the page label says none is printed

        auto& second = list.pages[1];
        line(second, 72, 600, {{"Office Affluence", -1}});  // running head
        line(second, 72, 560, {{"dictable and the fjords froze.", 2}});
        line(second, 72, 520, {{"A Second Heading", 4}}, 18);
        line(second, 72, 490, {{"Efficient shuffling baffled everyone.", 5}});
        line(second, 216, 40, {{"2", -1}});

        list.outline = {{"Office Affluence", 1, 0, 578}, {"A Second Heading", 2, 1, 538}};
    }

    // Words pdftotext should give back, in order.
    static std::vector<std::string> expected_words() {
        return words_of(
            // The word broken across the page comes back whole on the first page.
            "Office Affluence The office staff were fluffy and affluent; they studied the explosives carefully "
            "and then wrote a report. Visit example.org today for the full text. In the end the weather was "
            "unpredictable 1 Office Affluence and the fjords froze. A Second Heading Efficient "
            "shuffling baffled everyone. 2");
    }

    double width_of(const std::string& text) const {
        double width = 0;
        shaper_.shape(text, 11, &width);
        return width;
    }

    DisplayList list;

private:
    // Runs of one line, each a piece of text with its structure element.
    void line(galley::layout::Page& page, double x, double y, std::vector<std::pair<std::string, int>> pieces,
              double size = 11) {
        double pen = x;
        for (std::size_t i = 0; i < pieces.size(); ++i) {
            GlyphRun run;
            run.size = size;
            run.x = pen;
            run.y = y;
            double width = 0;
            shaper_.shape_into(run, pieces[i].first, size, &width);
            run.structure = pieces[i].second;
            run.ends_line = i + 1 == pieces.size();
            if (pieces[i].second == 3) run.color = {0, 0, 160};
            pen += width;
            page.runs.push_back(run);
        }
    }
    void hyphenated_line(galley::layout::Page& page, double x, double y, const std::string& text, int structure) {
        line(page, x, y, {{text, structure}});
        page.runs.back().ends_line = false;
        double width = 0;
        shaper_.shape(text, 11, &width);
        GlyphRun hyphen;
        hyphen.size = 11;
        hyphen.x = x + width;
        hyphen.y = y;
        shaper_.shape_into(hyphen, "-", 11);
        hyphen.inserted_hyphen = true;
        hyphen.ends_line = true;
        hyphen.structure = -1;
        page.runs.push_back(hyphen);
    }

    Shaper shaper_;
};

// A crude greedy layout of a plain-text article (one paragraph per line, blank lines between):
// ragged-right lines, words over the measure split in the middle with an inserted hyphen. Enough
// to put many line ends, hyphen breaks and page breaks in front of the PDF writer.
DisplayList lay_out_article(const std::string& text, const Shaper& shaper) {
    DisplayList list;
    list.info.title = "Article";
    list.fonts.push_back({charis_path(), 0, "Charis SIL", "Regular", "CharisSIL"});
    list.structure.push_back({"Document", -1, "", ""});
    const double size = 11, leading = 14, left = 72, measure = 288, top = 590, bottom = 60;
    double y = top;
    auto new_page = [&] {
        galley::layout::Page page;
        page.width = 432;
        page.height = 648;
        page.label = std::to_string(list.pages.size() + 1);
        list.pages.push_back(page);
        y = top;
    };
    new_page();
    auto emit_line = [&](const std::string& line, int structure, bool hyphen) {
        if (y < bottom) new_page();
        GlyphRun run;
        run.size = size;
        run.x = left;
        run.y = y;
        double width = 0;
        shaper.shape_into(run, line, size, &width);
        run.structure = structure;
        run.ends_line = !hyphen;
        list.pages.back().runs.push_back(run);
        if (hyphen) {
            GlyphRun mark = run;
            mark.x = left + width;
            shaper.shape_into(mark, "-", size);
            mark.structure = -1;
            mark.inserted_hyphen = true;
            mark.ends_line = true;
            list.pages.back().runs.push_back(mark);
        }
        y -= leading;
    };
    auto width_of = [&](const std::string& piece) {
        double width = 0;
        shaper.shape(piece, size, &width);
        return width;
    };
    std::istringstream lines(text);
    std::string paragraph;
    while (std::getline(lines, paragraph)) {
        if (paragraph.find_first_not_of(" \t\r") == std::string::npos) continue;
        list.structure.push_back({"P", 0, "", ""});
        const int structure = static_cast<int>(list.structure.size()) - 1;
        std::string line;
        for (std::string word : words_of(paragraph)) {
            const std::string candidate = line.empty() ? word : line + " " + word;
            if (width_of(candidate) <= measure) {
                line = candidate;
                continue;
            }
            // Split long ASCII words in the middle, if the first half and a hyphen fit.
            const bool ascii = std::all_of(word.begin(), word.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
            if (ascii && word.size() >= 8) {
                const std::string head = word.substr(0, word.size() / 2);
                const std::string with_head = line.empty() ? head : line + " " + head;
                if (width_of(with_head + "-") <= measure) {
                    emit_line(with_head, structure, true);
                    line = word.substr(word.size() / 2);
                    continue;
                }
            }
            if (!line.empty()) emit_line(line, structure, false);
            line = word;
        }
        if (!line.empty()) emit_line(line, structure, false);
        y -= leading / 2;
    }
    return list;
}

std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

}  // namespace

TEST_CASE("the sample shapes with Charis ligatures", "[pdf]") {
    Shaper shaper(charis_path());
    const GlyphRun run = shaper.shape("office", 11);
    const auto& glyphs = run.glyphs;
    // o, ffi ligature, c, e: the ligature glyph carries "ffi".
    REQUIRE(glyphs.size() == 4);
    CHECK(run.text_of(1) == "ffi");
}

TEST_CASE("write_pdf writes a PDF that qpdf accepts, with fonts embedded and subset", "[pdf]") {
    Sample sample;
    const std::string bytes = galley::pdf::write_pdf(sample.list, {});
    REQUIRE(bytes.substr(0, 8) == "%PDF-1.7");
    const std::string path = save(bytes, "check.pdf");

    const CommandResult check = run_command("qpdf --check '" + path + "'");
    INFO(check.output);
    CHECK(check.exit_code == 0);
    CHECK(check.output.find("No syntax or stream encoding errors found") != std::string::npos);

    const CommandResult fonts = run_command("pdffonts '" + path + "'");
    INFO(fonts.output);
    REQUIRE(fonts.exit_code == 0);
    // One line per font after the two header lines: CID TrueType, Identity-H, emb/sub/uni yes.
    const std::regex font_line(R"(([A-Z]{6})\+CharisSIL\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes)");
    std::smatch match;
    CHECK(std::regex_search(fonts.output, match, font_line));
    CHECK(std::count(fonts.output.begin(), fonts.output.end(), '\n') == 3);
    CHECK(bytes.size() < 40000);  // a subset, not the 750 KB font
    std::remove(path.c_str());
}

TEST_CASE("pdftotext gives back the words: ligatures, hyphenated words joined, line ends", "[pdf]") {
    Sample sample;
    const std::string path = save(galley::pdf::write_pdf(sample.list, {}), "text.pdf");
    for (const char* mode : {"", "-raw ", "-layout "}) {
        const CommandResult text = run_command(std::string("pdftotext -enc UTF-8 ") + mode + "'" + path + "' -");
        INFO("pdftotext " << mode << "\n" << text.output);
        REQUIRE(text.exit_code == 0);
        CHECK(words_of(text.output) == Sample::expected_words());
    }
    std::remove(path.c_str());
}

TEST_CASE("the same display list gives the same bytes, whatever the time zone or the clock", "[pdf]") {
    Sample sample;
    const std::string first = galley::pdf::write_pdf(sample.list, {});
    const std::string second = galley::pdf::write_pdf(sample.list, {});
    CHECK(first == second);

    const char* old_zone = std::getenv("TZ");
    const std::string saved = old_zone ? old_zone : "";
    setenv("TZ", "Asia/Tokyo", 1);
    tzset();
    const std::string in_tokyo = galley::pdf::write_pdf(sample.list, {});
    if (old_zone)
        setenv("TZ", saved.c_str(), 1);
    else
        unsetenv("TZ");
    tzset();
    CHECK(first == in_tokyo);

    // The timestamp option, not the clock, sets every date.
    galley::pdf::PdfOptions later;
    later.timestamp = 1700000000;  // 2023-11-14T22:13:20Z
    const std::string dated = galley::pdf::write_pdf(sample.list, later);
    CHECK(dated != first);
    CHECK(dated.find("D:20231114221320Z") != std::string::npos);
    CHECK(dated.find("2023-11-14T22:13:20Z") != std::string::npos);  // XMP, written unfiltered
    // A different text gives a different /ID.
    sample.list.pages[1].runs.pop_back();
    const std::string changed = galley::pdf::write_pdf(sample.list, {});
    const std::regex id(R"(/ID\s*\[\s*<([0-9A-Fa-f]+)>)");
    std::smatch first_id, changed_id;
    REQUIRE(std::regex_search(first, first_id, id));
    REQUIRE(std::regex_search(changed, changed_id, id));
    CHECK(first_id[1].str() != changed_id[1].str());
}

TEST_CASE("pdfinfo shows the metadata, the page size and that the PDF is tagged", "[pdf]") {
    Sample sample;
    const std::string path = save(galley::pdf::write_pdf(sample.list, {}), "info.pdf");
    const CommandResult info = run_command("pdfinfo -isodates '" + path + "'");
    INFO(info.output);
    REQUIRE(info.exit_code == 0);
    CHECK(std::regex_search(info.output, std::regex(R"(Title:\s+Office Affluence\n)")));
    CHECK(std::regex_search(info.output, std::regex(R"(Author:\s+Ada Lovelace\n)")));
    CHECK(std::regex_search(info.output, std::regex(R"(Subject:\s+A test of the PDF writer\n)")));
    CHECK(std::regex_search(info.output, std::regex(R"(Keywords:\s+pdf, test\n)")));
    CHECK(std::regex_search(info.output, std::regex(R"(Creator:\s+galley\n)")));
    CHECK(std::regex_search(info.output, std::regex(R"(Producer:\s+galley )")));
    CHECK(std::regex_search(info.output, std::regex(R"(CreationDate:\s+2000-01-01T00:00:00Z?\+?0?0?:?0?0?)")));
    CHECK(std::regex_search(info.output, std::regex(R"(ModDate:\s+2000-01-01T00:00:00)")));
    CHECK(std::regex_search(info.output, std::regex(R"(Tagged:\s+yes)")));
    CHECK(std::regex_search(info.output, std::regex(R"(Metadata Stream:\s+yes)")));
    CHECK(std::regex_search(info.output, std::regex(R"(Pages:\s+2\n)")));
    CHECK(std::regex_search(info.output, std::regex(R"(Page size:\s+432 x 648 pts)")));
    CHECK(std::regex_search(info.output, std::regex(R"(PDF version:\s+1\.7)")));

    const CommandResult meta = run_command("pdfinfo -meta '" + path + "'");
    CHECK(meta.output.find("<rdf:li xml:lang=\"x-default\">Office Affluence</rdf:li>") != std::string::npos);
    CHECK(meta.output.find("<rdf:li>Ada Lovelace</rdf:li>") != std::string::npos);
    CHECK(meta.output.find("<xmp:CreateDate>2000-01-01T00:00:00Z</xmp:CreateDate>") != std::string::npos);
    CHECK(meta.output.find("<pdf:Producer>galley ") != std::string::npos);
    CHECK(meta.output.find("<dc:date><rdf:Seq><rdf:li>2019-01-03</rdf:li></rdf:Seq></dc:date>") != std::string::npos);
    CHECK(meta.output.find("pdfaid") == std::string::npos);
    std::remove(path.c_str());
}

TEST_CASE("the structure tree holds the headings, paragraphs and the link, in reading order", "[pdf]") {
    Sample sample;
    const std::string path = save(galley::pdf::write_pdf(sample.list, {}), "struct.pdf");
    const CommandResult tree = run_command("pdfinfo -struct-text '" + path + "'");
    INFO(tree.output);
    REQUIRE(tree.exit_code == 0);
    // poppler prints each element with the text of its marked content, in /K order.
    const std::regex expected(
        R"(Document\n\s+H1 \(block\)\n\s+"Office Affluence "\n\s+P \(block\)\n\s+"The office staff were fluffy and affluent; they studied the "\n)"
        R"(\s+"explo"\n\s+"sives"\n\s+" carefully and then wrote a report. Visit "\n\s+Link \(inline\)\n\s+"example.org"\n\s+Object \d+ 0\n)"
        R"(\s+" today for the full text. In the end the weather was "\n\s+"unpre"\n\s+"dictable"\n\s+" and the fjords froze. "\n)"
        R"(\s+H1 \(block\)\n\s+"A Second Heading "\n\s+P \(block\)\n\s+"Efficient shuffling baffled everyone. ")");
    CHECK(std::regex_search(tree.output, expected));
    // Running heads, folios and inserted hyphens are artifacts: not in the tree.
    CHECK(tree.output.find("\"1") == std::string::npos);
    CHECK(tree.output.find("-\"") == std::string::npos);

    const CommandResult root = run_command("qpdf --json --json-key=qpdf '" + path + "'");
    CHECK(root.output.find("\"/Marked\": true") != std::string::npos);
    CHECK(root.output.find("\"/DisplayDocTitle\": true") != std::string::npos);
    CHECK(root.output.find("\"/Lang\": \"u:en\"") != std::string::npos);
    // Parent tree keys: page 1 is 0, its link annotation 1, page 2 is 2.
    CHECK(root.output.find("\"/ParentTreeNextKey\": 3") != std::string::npos);
    CHECK(root.output.find("\"/StructParent\": 1") != std::string::npos);
    CHECK(root.output.find("\"/StructParents\": 2") != std::string::npos);
    CHECK(root.output.find("\"/Type\": \"/OBJR\"") != std::string::npos);
    std::remove(path.c_str());
}

TEST_CASE("links, outlines and page labels", "[pdf]") {
    Sample sample;
    const std::string path = save(galley::pdf::write_pdf(sample.list, {}), "navigation.pdf");
    const CommandResult urls = run_command("pdfinfo -url '" + path + "'");
    INFO(urls.output);
    CHECK(std::regex_search(urls.output, std::regex(R"(\n\s+1\s+Annotation\s+https://example\.org/\n)")));

    const CommandResult outlines = run_command("qpdf --json --json-key=outlines --json-key=pagelabels '" + path + "'");
    INFO(outlines.output);
    REQUIRE(outlines.exit_code == 0);
    // The level-2 heading is a kid of the level-1 one, pointing at page 2.
    const std::regex nested(
        R"("destpageposfrom1": 1,\s+"kids": \[\s+\{\s+"dest": \[[^\]]*\],\s+"destpageposfrom1": 2,\s+"kids": \[\],\s+"object": "[^"]+",\s+"open": true,\s+"title": "A Second Heading")");
    CHECK(std::regex_search(outlines.output, nested));
    CHECK(outlines.output.find("\"title\": \"Office Affluence\"") != std::string::npos);
    // The first page has no folio; it still counts as page 1: one decimal range from 1.
    CHECK(std::regex_search(outlines.output, std::regex(R"("pagelabels": \[\s+\{\s+"index": 0,\s+"label": \{\s+"/S": "/D")")));
    CHECK(outlines.output.find("\"index\": 1") == std::string::npos);

    // Labels that restart, a page labelled with words, roman front matter.
    sample.list.pages.push_back(sample.list.pages[1]);
    sample.list.pages.push_back(sample.list.pages[1]);
    sample.list.pages.insert(sample.list.pages.begin(), 2, sample.list.pages[1]);
    sample.list.pages[0].label = "";
    sample.list.pages[1].label = "ii";
    sample.list.pages[2].label = "";  // pages 3 and 4 are "1" and "2"
    sample.list.pages[4].label = "7";
    sample.list.pages[5].label = "Plate";
    for (auto& entry : sample.list.outline) entry.page += 2;
    const std::string labelled = save(galley::pdf::write_pdf(sample.list, {}), "labels.pdf");
    const CommandResult labels = run_command("qpdf --json --json-key=pagelabels '" + labelled + "'");
    INFO(labels.output);
    CHECK(std::regex_search(labels.output, std::regex(R"("index": 0,\s+"label": \{\s+"/S": "/r",\s+"/St": 1\s+\})")));
    CHECK(std::regex_search(labels.output, std::regex(R"("index": 2,\s+"label": \{\s+"/S": "/D",\s+"/St": 1\s+\})")));
    CHECK(std::regex_search(labels.output, std::regex(R"("index": 4,\s+"label": \{\s+"/S": "/D",\s+"/St": 7)")));
    CHECK(std::regex_search(labels.output, std::regex(R"("index": 5,\s+"label": \{\s+"/P": "u:Plate")")));
    CHECK(labels.output.find("\"index\": 1,") == std::string::npos);
    CHECK(labels.output.find("\"index\": 3,") == std::string::npos);
    std::remove(path.c_str());
    std::remove(labelled.c_str());
}

TEST_CASE("the page renders", "[pdf]") {
    Sample sample;
    const std::string path = save(galley::pdf::write_pdf(sample.list, {}), "render.pdf");
    const std::string png = temporary_path("render");
    const CommandResult render = run_command("pdftoppm -r 40 -png -f 1 -l 1 '" + path + "' '" + png + "'");
    INFO(render.output);
    CHECK(render.exit_code == 0);
    CHECK(render.output.empty());  // no warnings about fonts or content
    const std::string image = read_text_file(png + "-1.png");
    CHECK(image.substr(1, 3) == "PNG");
    std::remove(path.c_str());
    std::remove((png + "-1.png").c_str());
}

TEST_CASE("an explicit hyphen at a line end is not taken for a hyphenation", "[pdf]") {
    Shaper shaper(charis_path());
    DisplayList list;
    list.fonts.push_back({charis_path(), 0, "Charis SIL", "Regular", "CharisSIL"});
    list.pages.resize(1);
    list.pages[0].width = 300;
    list.pages[0].height = 300;
    // The layout engine does not mark such a line as ending (no space is wanted after it); the
    // second line is two runs, to show only the rightmost run of a line counts.
    double known_width = 0;
    shaper.shape("known ", 11, &known_width);
    for (const auto& [text, x, y] : {std::tuple<std::string, double, double>{"a well-", 20, 200},
                                     {"known ", 20, 186}, {"fact-", 20 + known_width, 186}, {"finding", 20, 172}}) {
        GlyphRun run;
        run.size = 11;
        run.x = x;
        run.y = y;
        shaper.shape_into(run, text, 11);
        run.ends_line = text == "finding";
        list.pages[0].runs.push_back(run);
    }
    const std::string path = save(galley::pdf::write_pdf(list, {}), "explicit.pdf");
    for (const char* mode : {"", "-raw "}) {
        const CommandResult text = run_command(std::string("pdftotext -enc UTF-8 ") + mode + "'" + path + "' -");
        INFO(text.output);
        // "well" and "known" stay two words (poppler would join "well-" + "known" into "wellknown").
        CHECK(words_of(text.output) == std::vector<std::string>{"a", "well\u2010", "known", "fact\u2010", "finding"});
    }
    std::remove(path.c_str());
}

TEST_CASE("a word broken twice, and hyphens inside the word's run, extract whole", "[pdf]") {
    Shaper shaper(charis_path());
    DisplayList list;
    list.fonts.push_back({charis_path(), 0, "Charis SIL", "Regular", "CharisSIL"});
    list.structure = {{"Document", -1, "", ""}, {"P", 0, "", ""}};
    list.pages.resize(1);
    list.pages[0].width = 300;
    list.pages[0].height = 300;
    double y = 250;
    // Each line: its text, and whether the inserted hyphen is a run of its own or the last
    // glyph of the line's run (the display list allows both).
    const std::vector<std::pair<std::string, bool>> lines = {
        {"it is incompre", true}, {"hensibili", true}, {"ty that antidis", false}, {"establish", false},
        {"mentarianism wins", true}};
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const bool last = i + 1 == lines.size();
        GlyphRun run;
        run.size = 11;
        run.x = 20;
        run.y = y;
        run.structure = 1;
        double width = 0;
        shaper.shape_into(run, lines[i].first, 11, &width);
        if (last) {
            run.ends_line = true;
            list.pages[0].runs.push_back(run);
        } else if (lines[i].second) {
            list.pages[0].runs.push_back(run);
            GlyphRun hyphen = run;
            hyphen.x = 20 + width;
            shaper.shape_into(hyphen, "-", 11);
            hyphen.structure = -1;
            hyphen.inserted_hyphen = true;
            hyphen.ends_line = true;
            list.pages[0].runs.push_back(hyphen);
        } else {
            const GlyphRun hyphen = shaper.shape("-", 11);
            run.add_glyph(hyphen.glyphs[0].glyph_id, width, hyphen.glyphs[0].y, hyphen.glyphs[0].advance,
                          hyphen.text_of(0));
            run.inserted_hyphen = true;
            run.ends_line = true;
            list.pages[0].runs.push_back(run);
        }
        y -= 14;
    }
    const std::string path = save(galley::pdf::write_pdf(list, {}), "twice.pdf");
    const std::vector<std::string> expected = {"it", "is", "incomprehensibility", "that",
                                               "antidisestablishmentarianism", "wins"};
    for (const char* mode : {"", "-raw "}) {
        const CommandResult text = run_command(std::string("pdftotext -enc UTF-8 ") + mode + "'" + path + "' -");
        INFO(text.output);
        CHECK(words_of(text.output) == expected);
    }
    CHECK(run_command("qpdf --check '" + path + "'").exit_code == 0);
    std::remove(path.c_str());
}

TEST_CASE("word gaps without space glyphs, and letter-spacing, extract and paint well", "[pdf]") {
    // The layout engine may set interword glue as a gap only, and track letters for
    // justification: the writer shows real spaces and uses Tc, not a TJ number per glyph.
    Shaper shaper(charis_path());
    DisplayList list;
    list.fonts.push_back({charis_path(), 0, "Charis SIL", "Regular", "CharisSIL"});
    list.structure = {{"Document", -1, "", ""}, {"P", 0, "", ""}};
    list.pages.resize(1);
    list.pages[0].width = 400;
    list.pages[0].height = 200;
    const double size = 12, tracking = 0.3, gap = 5;
    double y = 150;
    for (const std::vector<std::string>& words : {std::vector<std::string>{"The", "quick", "brown", "fox", "jum"},
                                                   std::vector<std::string>{"ped", "over", "it."}}) {
        GlyphRun run;
        run.size = size;
        run.x = 20;
        run.y = y;
        run.structure = 1;
        double pen = 0;
        for (const std::string& word : words) {
            const GlyphRun shaped = shaper.shape(word, size);
            for (std::size_t i = 0; i < shaped.glyphs.size(); ++i) {
                const PositionedGlyph& glyph = shaped.glyphs[i];
                run.add_glyph(glyph.glyph_id, pen, glyph.y, glyph.advance, shaped.text_of(i));
                pen += glyph.advance + tracking;
            }
            pen += gap;
        }
        const bool first_line = words.front() == "The";
        run.ends_line = !first_line;
        list.pages[0].runs.push_back(run);
        if (first_line) {
            GlyphRun hyphen = run;
            hyphen.x = 20 + pen - gap;
            shaper.shape_into(hyphen, "-", size);
            hyphen.inserted_hyphen = true;
            hyphen.ends_line = true;
            list.pages[0].runs.push_back(hyphen);
        }
        y -= 16;
    }
    const std::string path = save(galley::pdf::write_pdf(list, {}), "gaps.pdf");
    const std::vector<std::string> expected = {"The", "quick", "brown", "fox", "jumped", "over", "it."};
    for (const char* mode : {"", "-raw "}) {
        const CommandResult text = run_command(std::string("pdftotext -enc UTF-8 ") + mode + "'" + path + "' -");
        INFO(text.output);
        CHECK(words_of(text.output) == expected);
    }
    const CommandResult tree = run_command("pdfinfo -struct-text '" + path + "'");
    INFO(tree.output);
    CHECK(tree.output.find("\"The quick brown fox \"") != std::string::npos);
    CHECK(tree.output.find("\" over it. \"") != std::string::npos);
    // The inserted hyphen is an artifact even though its run is tagged with the paragraph.
    CHECK(std::regex_search(tree.output, std::regex(R"("jum"\n\s+"ped"\n)")));
    const std::string expanded = temporary_path("gaps-qdf.pdf");
    REQUIRE(run_command_ok("qpdf --qdf --object-streams=disable '" + path + "' '" + expanded + "'"));
    const std::string content = read_text_file(expanded);
    CHECK(content.find("0.3 Tc") != std::string::npos);
    CHECK(content.find("0 Tc") != std::string::npos);
    // Only the word gaps need numbers: "The quick brown fox" has three.
    const std::size_t array_end = content.find("] TJ");
    REQUIRE(array_end != std::string::npos);
    const std::string array = content.substr(content.rfind('[', array_end), array_end - content.rfind('[', array_end));
    INFO(array);
    // (qpdf --qdf writes strings of binary bytes in hex.)
    CHECK(std::count(array.begin(), array.end(), '<') == 4);
    std::remove(path.c_str());
    std::remove(expanded.c_str());
}

TEST_CASE("two faces on one page, a blank page, and a face never used", "[pdf]") {
    const std::string italic_path = "/usr/share/fonts/truetype/charis/CharisSIL-Italic.ttf";
    Shaper roman(charis_path());
    Shaper italic(italic_path);
    DisplayList list;
    list.fonts.push_back({charis_path(), 0, "Charis SIL", "Regular", "CharisSIL"});
    list.fonts.push_back({italic_path, 0, "Charis SIL", "Italic", "CharisSIL-Italic"});
    list.fonts.push_back({charis_path(), 0, "Charis SIL", "Regular", "CharisSIL"});  // listed, not used
    list.pages.resize(3);
    for (auto& page : list.pages) {
        page.width = 300;
        page.height = 300;
    }
    double width = 0;
    GlyphRun upright;
    upright.size = 12;
    upright.x = 20;
    upright.y = 200;
    roman.shape_into(upright, "Plain and ", 12, &width);
    GlyphRun slanted = upright;
    slanted.font = 1;
    slanted.x = 20 + width;
    italic.shape_into(slanted, "flourished", 12);
    slanted.ends_line = true;
    list.pages[0].runs = {upright, slanted};
    list.pages[2].runs = {upright};
    list.pages[2].runs[0].ends_line = true;
    const std::string path = save(galley::pdf::write_pdf(list, {}), "faces.pdf");
    CHECK(run_command("qpdf --check '" + path + "'").exit_code == 0);
    const CommandResult fonts = run_command("pdffonts '" + path + "'");
    INFO(fonts.output);
    CHECK(std::regex_search(fonts.output, std::regex(R"(\+CharisSIL\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes)")));
    CHECK(std::regex_search(fonts.output, std::regex(R"(\+CharisSIL-Italic\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes)")));
    CHECK(std::count(fonts.output.begin(), fonts.output.end(), '\n') == 4);  // two fonts
    const CommandResult text = run_command("pdftotext -enc UTF-8 '" + path + "' -");
    CHECK(words_of(text.output) == std::vector<std::string>{"Plain", "and", "flourished", "Plain", "and"});
    const CommandResult info = run_command("pdfinfo '" + path + "'");
    CHECK(std::regex_search(info.output, std::regex(R"(Pages:\s+3\n)")));
    std::remove(path.c_str());
}

TEST_CASE("a glyph shown for two different texts extracts as each", "[pdf]") {
    Shaper shaper(charis_path());
    DisplayList list;
    list.fonts.push_back({charis_path(), 0, "Charis SIL", "Regular", "CharisSIL"});
    list.pages.resize(1);
    list.pages[0].width = 300;
    list.pages[0].height = 300;
    GlyphRun first;
    first.size = 12;
    first.x = 20;
    first.y = 200;
    shaper.shape_into(first, "cat", 12);
    first.ends_line = true;
    GlyphRun second = first;
    second.y = 180;
    // Same glyphs, other meaning (as when one glyph serves two code points): ActualText.
    second.text = "kai";
    second.glyphs[0].text_begin = 0;
    second.glyphs[0].text_length = 1;
    // A cluster of two glyphs for one text: the second glyph has no text of its own.
    second.glyphs[1].text_begin = 1;
    second.glyphs[1].text_length = 2;
    second.glyphs[2].text_begin = 3;
    second.glyphs[2].text_length = 0;
    list.pages[0].runs = {first, second};
    const std::string path = save(galley::pdf::write_pdf(list, {}), "actual.pdf");
    const CommandResult text = run_command("pdftotext -enc UTF-8 '" + path + "' -");
    CHECK(words_of(text.output) == std::vector<std::string>{"cat", "kai"});
    std::remove(path.c_str());
}

TEST_CASE("a CFF font is embedded as CIDFontType0 with its bare CFF table", "[pdf]") {
    // Latin Modern (fonts-lmodern) is OpenType/CFF.
    std::string path;
    FcPattern* query = FcNameParse(reinterpret_cast<const FcChar8*>("Latin Modern Roman:style=Regular:fontformat=CFF"));
    FcConfigSubstitute(nullptr, query, FcMatchPattern);
    FcDefaultSubstitute(query);
    FcResult result = FcResultNoMatch;
    FcPattern* match = FcFontMatch(nullptr, query, &result);
    FcChar8* file = nullptr;
    if (match && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) path = reinterpret_cast<const char*>(file);
    if (match) FcPatternDestroy(match);
    FcPatternDestroy(query);
    INFO("font found: " << path);
    REQUIRE(path.size() > 4);
    REQUIRE(path.substr(path.size() - 4) == ".otf");

    Shaper shaper(path);
    DisplayList list;
    list.fonts.push_back({path, 0, "Latin Modern Roman", "Regular", ""});
    list.pages.resize(1);
    list.pages[0].width = 300;
    list.pages[0].height = 300;
    GlyphRun line;
    line.size = 14;
    line.x = 20;
    line.y = 200;
    shaper.shape_into(line, "Waffles, fjords and office AVATAR", 14);
    line.ends_line = true;
    list.pages[0].runs.push_back(line);
    const std::string bytes = galley::pdf::write_pdf(list, {});
    const std::string pdf = save(bytes, "cff.pdf");
    const CommandResult fonts = run_command("pdffonts '" + pdf + "'");
    INFO(fonts.output);
    CHECK(std::regex_search(fonts.output, std::regex(R"([A-Z]{6}\+LMRoman10-Regular-Identity-H\s+CID Type 0C\s+Identity-H\s+yes\s+yes\s+yes)")));
    const CommandResult text = run_command("pdftotext -enc UTF-8 '" + pdf + "' -");
    CHECK(words_of(text.output) == words_of("Waffles, fjords and office AVATAR"));
    const CommandResult check = run_command("qpdf --check '" + pdf + "'");
    CHECK(check.exit_code == 0);
    const std::string png = temporary_path("cff");
    const CommandResult render = run_command("pdftoppm -r 30 -png '" + pdf + "' '" + png + "'");
    CHECK(render.output.empty());
    CHECK(bytes.size() < 30000);
    std::remove(pdf.c_str());
    std::remove((png + "-1.png").c_str());
}

TEST_CASE("a whole article comes back word for word from pdftotext", "[pdf]") {
    Shaper shaper(charis_path());
    const std::string source = read_text_file(GALLEY_SHARED_DIR "/corpus/guardian-maori-whale-strandings-inline-captions.txt");
    const DisplayList list = lay_out_article(source, shaper);
    REQUIRE(list.pages.size() >= 3);
    std::size_t hyphens = 0;
    for (const auto& page : list.pages)
        for (const auto& run : page.runs) hyphens += run.inserted_hyphen;
    REQUIRE(hyphens >= 5);
    const std::string path = save(galley::pdf::write_pdf(list, {}), "article.pdf");
    for (const char* mode : {"", "-raw "}) {
        const CommandResult text = run_command(std::string("pdftotext -enc UTF-8 ") + mode + "'" + path + "' -");
        REQUIRE(text.exit_code == 0);
        INFO("pdftotext " << mode);
        // poppler gives a no-break space back as a space; compare words split at both.
        std::string spaced = source;
        for (std::size_t at = spaced.find("\u00A0"); at != std::string::npos; at = spaced.find("\u00A0"))
            spaced.replace(at, 2, " ");
        CHECK(words_of(text.output) == words_of(spaced));
    }
    std::remove(path.c_str());
}

TEST_CASE("write_pdf reports display lists it cannot write", "[pdf]") {
    Sample sample;
    SECTION("a run names a font that does not exist") {
        sample.list.pages[0].runs[0].font = 3;
        CHECK_THROWS_AS(galley::pdf::write_pdf(sample.list, {}), galley::Error);
    }
    SECTION("a run names a structure element that does not exist") {
        sample.list.pages[0].runs[0].structure = 99;
        CHECK_THROWS_AS(galley::pdf::write_pdf(sample.list, {}), galley::Error);
    }
    SECTION("structure elements form a cycle") {
        sample.list.structure[0].parent = 2;  // Document's parent is a P whose parent is Document
        CHECK_THROWS_AS(galley::pdf::write_pdf(sample.list, {}), galley::Error);
    }
    SECTION("an outline entry points past the last page") {
        sample.list.outline[0].page = 2;
        CHECK_THROWS_AS(galley::pdf::write_pdf(sample.list, {}), galley::Error);
    }
    SECTION("a font file is missing") {
        sample.list.fonts[0].path = "/nonexistent/font.ttf";
        try {
            galley::pdf::write_pdf(sample.list, {});
            FAIL("no error");
        } catch (const galley::Error& error) {
            CHECK(error.code() == galley::ExitCode::NoInput);
        }
    }
    SECTION("a glyph id beyond the font") {
        sample.list.pages[0].runs[0].glyphs[0].glyph_id = 60000;
        CHECK_THROWS_AS(galley::pdf::write_pdf(sample.list, {}), galley::Error);
    }
    SECTION("no pages") {
        sample.list.pages.clear();
        CHECK_THROWS_AS(galley::pdf::write_pdf(sample.list, {}), galley::Error);
    }
}

TEST_CASE("ToUnicode CMaps use ranges for runs of code points and UTF-16 for the rest", "[pdf]") {
    const std::map<std::uint16_t, std::string> texts = {
        {1, " "}, {2, "a"}, {3, "b"}, {4, "c"}, {5, "fi"}, {6, "\xF0\x9F\x98\x80"}, {7, "x"}, {9, ""}};
    const std::string cmap = galley::pdf::make_to_unicode_cmap(texts);
    CHECK(cmap.find("<0002> <0004> <0061>") != std::string::npos);
    CHECK(cmap.find("<0005> <00660069>") != std::string::npos);
    CHECK(cmap.find("<0006> <D83DDE00>") != std::string::npos);  // U+1F600 as a surrogate pair
    CHECK(cmap.find("<0001> <0020>") != std::string::npos);
    CHECK(cmap.find("<0009>") == std::string::npos);
    CHECK(cmap.find("3 beginbfchar") == std::string::npos);
    CHECK(cmap.find("4 beginbfchar") != std::string::npos);
    CHECK(cmap.find("1 beginbfrange") != std::string::npos);
}

TEST_CASE("numbers in content streams do not depend on the locale", "[pdf]") {
    CHECK(galley::pdf::format_number(72) == "72");
    CHECK(galley::pdf::format_number(72.5) == "72.5");
    CHECK(galley::pdf::format_number(-0.0001) == "0");
    CHECK(galley::pdf::format_number(1.23456) == "1.235");
    CHECK(galley::pdf::format_number(0.126, 2) == "0.13");
}

TEST_CASE("PDF/A mode adds the pdfaid schema and an sRGB output intent", "[pdf]") {
    Sample sample;
    galley::pdf::PdfOptions options;
    options.pdfa = true;
    options.language = "en-GB";
    const std::string path = save(galley::pdf::write_pdf(sample.list, options), "pdfa.pdf");
    const CommandResult meta = run_command("pdfinfo -meta '" + path + "'");
    CHECK(meta.output.find("<pdfaid:part>3</pdfaid:part>") != std::string::npos);
    CHECK(meta.output.find("<pdfaid:conformance>B</pdfaid:conformance>") != std::string::npos);
    CHECK(meta.output.find("<rdf:li>en-GB</rdf:li>") != std::string::npos);
    const CommandResult objects = run_command("qpdf --json --json-key=qpdf '" + path + "'");
    CHECK(objects.output.find("\"/S\": \"/GTS_PDFA1\"") != std::string::npos);
    CHECK(objects.output.find("\"/OutputConditionIdentifier\": \"u:sRGB IEC61966-2.1\"") != std::string::npos);
    CHECK(objects.output.find("\"/Lang\": \"u:en-GB\"") != std::string::npos);
    CHECK(run_command("qpdf --check '" + path + "'").exit_code == 0);
    std::remove(path.c_str());
}

TEST_CASE("roles outside the standard set are role-mapped: Lang and Alt are written", "[pdf]") {
    Sample sample;
    sample.list.structure[1].role = "Title";
    sample.list.structure[5].language = "fr";
    sample.list.structure.push_back({"Figure", 0, "", "A rule across the page"});
    sample.list.pages[0].rules[0].structure = 6;
    const std::string path = save(galley::pdf::write_pdf(sample.list, {}), "roles.pdf");
    const CommandResult objects = run_command("qpdf --json --json-key=qpdf '" + path + "'");
    CHECK(std::regex_search(objects.output, std::regex(R"("/RoleMap": \{\s+"/Title": "/H1"\s+\})")));
    CHECK(objects.output.find("\"/Alt\": \"u:A rule across the page\"") != std::string::npos);
    CHECK(objects.output.find("\"/Lang\": \"u:fr\"") != std::string::npos);
    const CommandResult tree = run_command("pdfinfo -struct '" + path + "'");
    INFO(tree.output);
    CHECK(std::regex_search(tree.output, std::regex(R"(Document\n\s+H1 \(block\))")));  // poppler shows the mapped role
    CHECK(tree.output.find("Figure") != std::string::npos);
    std::remove(path.c_str());
}

TEST_CASE("raised glyphs and coloured runs are painted", "[pdf]") {
    Shaper shaper(charis_path());
    DisplayList list;
    list.fonts.push_back({charis_path(), 0, "Charis SIL", "Regular", "CharisSIL"});
    list.pages.resize(1);
    list.pages[0].width = 200;
    list.pages[0].height = 100;
    GlyphRun run;
    run.size = 40;
    run.x = 10;
    run.y = 30;
    shaper.shape_into(run, "E=mc2", 40);
    run.glyphs.back().y = 10;  // a superscript
    run.color = {200, 0, 0};
    run.ends_line = true;
    list.pages[0].runs.push_back(run);
    list.pages[0].rules.push_back({10, 20, 150, 4, {0, 0, 200}, -1});
    const std::string bytes = galley::pdf::write_pdf(list, {});
    const std::string path = save(bytes, "paint.pdf");
    const std::string expanded = temporary_path("paint-qdf.pdf");
    REQUIRE(run_command_ok("qpdf --qdf --object-streams=disable '" + path + "' '" + expanded + "'"));
    const std::string content = read_text_file(expanded);
    CHECK(content.find("0.784 0 0 rg") != std::string::npos);
    CHECK(content.find("10 Ts") != std::string::npos);
    CHECK(content.find("0 Ts") != std::string::npos);  // reset: rise outlives ET
    CHECK(content.find("10 20 150 4 re f") != std::string::npos);
    CHECK(words_of(run_command("pdftotext '" + path + "' -").output) == std::vector<std::string>{"E=mc2"});
    // The render has red pixels (the text) and blue ones (the rule).
    const std::string ppm = temporary_path("paint");
    REQUIRE(run_command_ok("pdftoppm -r 72 -f 1 -l 1 '" + path + "' '" + ppm + "'"));
    const std::string image = read_text_file(ppm + "-1.ppm");
    bool red = false, blue = false;
    const std::size_t header = image.find("255\n") + 4;
    for (std::size_t i = header; i + 2 < image.size(); i += 3) {
        const auto r = static_cast<unsigned char>(image[i]), g = static_cast<unsigned char>(image[i + 1]),
                   b = static_cast<unsigned char>(image[i + 2]);
        red = red || (r > 150 && g < 60 && b < 60);
        blue = blue || (b > 150 && r < 60 && g < 60);
    }
    CHECK(red);
    CHECK(blue);
    std::remove(path.c_str());
    std::remove(expanded.c_str());
    std::remove((ppm + "-1.ppm").c_str());
}

// Not run by default: writes sample PDFs to /tmp for looking at, and for
// /work/shared/bench/textcheck.py (GALLEY_PDF_SAMPLE_DIR overrides the folder).
TEST_CASE("sample PDFs for inspection", "[.pdf-sample]") {
    const char* folder = std::getenv("GALLEY_PDF_SAMPLE_DIR");
    const std::string directory = folder ? folder : "/tmp";
    Sample sample;
    std::ofstream(directory + "/galley_sample.pdf", std::ios::binary) << galley::pdf::write_pdf(sample.list, {});
    Shaper shaper(charis_path());
    const char* names[] = {"guardian-maori-whale-strandings-inline-captions", "lemonde-fr-loi-renseignement-subheads",
                           "bbc-obama-interview-straight-quotes-bullets", "givewell-blog-grant-lists-blockquote-cc"};
    for (const char* name : names) {
        const std::string source = read_text_file(std::string(GALLEY_SHARED_DIR "/corpus/") + name + ".txt");
        const std::string bytes = galley::pdf::write_pdf(lay_out_article(source, shaper), {});
        std::ofstream(directory + "/galley_" + name + ".pdf", std::ios::binary) << bytes;
        CHECK(!bytes.empty());
    }
}

// Not run by default: how long write_pdf takes for a long document and how big the file is.
TEST_CASE("write_pdf speed and size on a long document", "[.pdf-bench]") {
    Shaper shaper(charis_path());
    std::string text;
    for (const char* name : {"guardian-maori-whale-strandings-inline-captions", "lemonde-fr-loi-renseignement-subheads",
                             "bbc-obama-interview-straight-quotes-bullets", "givewell-blog-grant-lists-blockquote-cc"})
        text += read_text_file(std::string(GALLEY_SHARED_DIR "/corpus/") + name + ".txt") + "\n";
    std::string repeated;
    for (int i = 0; i < 4; ++i) repeated += text;
    const DisplayList list = lay_out_article(repeated, shaper);
    const auto start = std::chrono::steady_clock::now();
    const std::string bytes = galley::pdf::write_pdf(list, {});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::size_t glyphs = 0;
    for (const auto& page : list.pages)
        for (const auto& run : page.runs) glyphs += run.glyphs.size();
    WARN(list.pages.size() << " pages, " << glyphs << " glyphs: " << bytes.size() << " bytes in " << seconds << " s");
    CHECK(!bytes.empty());
    if (const char* out = std::getenv("GALLEY_PDF_BENCH_OUT")) std::ofstream(out, std::ios::binary) << bytes;
}

namespace {

// The bytes of the PDF literal strings in `content` (ISO 32000-1 7.3.4.2): escapes decoded, an
// unescaped end-of-line marker read as LF, as a reader does.
std::string literal_string_bytes(const std::string& content) {
    std::string bytes;
    int depth = 0;
    for (std::size_t i = 0; i < content.size(); ++i) {
        const char c = content[i];
        if (depth == 0) {
            if (c == '(') depth = 1;
            continue;
        }
        if (c == '\\') {
            const char next = content[++i];
            switch (next) {
            case 'n': bytes += '\n'; break;
            case 'r': bytes += '\r'; break;
            case 't': bytes += '\t'; break;
            case 'b': bytes += '\b'; break;
            case 'f': bytes += '\f'; break;
            default: bytes += next;  // ( ) backslash (no octal escapes are written)
            }
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < content.size() && content[i + 1] == '\n') ++i;
            bytes += '\n';
        } else if (c == '(') {
            ++depth;
            bytes += c;
        } else if (c == ')') {
            if (--depth > 0) bytes += c;
        } else {
            bytes += c;
        }
    }
    return bytes;
}

}  // namespace

TEST_CASE("glyph codes are written as literal strings that read back exactly", "[pdf]") {
    // Codes whose bytes are the ones a literal string must escape: parentheses, backslash,
    // CR and LF (which a reader would otherwise turn into LF), and plain ones around them.
    const std::vector<std::uint16_t> codes = {0x2829, 0x5C0D, 0x0A41, 0x0028, 0x0029, 0x0D0A, 0x4142, 0x005C};
    galley::pdf::FontProgram program;
    program.widths.assign(0x10000, 500);
    galley::layout::Page page;
    page.width = 200;
    page.height = 100;
    GlyphRun run;
    run.size = 10;
    run.x = 10;
    run.y = 50;
    double pen = 0;
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const auto glyph = static_cast<std::uint32_t>(i + 1);
        program.cid_of_glyph[glyph] = codes[i];
        run.add_glyph(glyph, pen, 0, 5, "x");
        pen += 5;
    }
    page.runs.push_back(run);
    const std::vector<galley::pdf::FontUse> fonts = {{&program, "F1"}};
    galley::pdf::RunPlan plan;
    const galley::pdf::PageContent content = galley::pdf::paint_page(page, {plan}, fonts, {});
    INFO(content.stream);
    std::string expected;
    for (const std::uint16_t code : codes) {
        expected += static_cast<char>(code >> 8);
        expected += static_cast<char>(code & 0xFF);
    }
    CHECK(literal_string_bytes(content.stream) == expected);
    CHECK(content.stream.find('\r') == std::string::npos);
    CHECK(content.stream.find("] TJ") != std::string::npos);
}

TEST_CASE("a TrueType font program for a CIDFont has the tables ISO 32000 asks for, and no cmap", "[pdf]") {
    // ISO 32000-1 9.9: head, hhea, loca, maxp, glyf and hmtx are needed; used with a CIDFont
    // the program "shall not" have a cmap, the CIDToGIDMap doing its work.
    const galley::layout::FontFace face{charis_path(), 0, "Charis SIL", "Regular", "CharisSIL"};
    const galley::pdf::FontProgram program = galley::pdf::make_font_program(face, {36, 37, 38}, true);
    REQUIRE_FALSE(program.is_cff);
    hb_blob_t* blob = hb_blob_create(program.data.data(), static_cast<unsigned>(program.data.size()),
                                     HB_MEMORY_MODE_READONLY, nullptr, nullptr);
    hb_face_t* subset = hb_face_create(blob, 0);
    const auto has = [&](const char* tag) {
        hb_blob_t* table = hb_face_reference_table(subset, hb_tag_from_string(tag, 4));
        const bool present = hb_blob_get_length(table) > 0;
        hb_blob_destroy(table);
        return present;
    };
    for (const char* tag : {"head", "hhea", "loca", "maxp", "glyf", "hmtx"}) {
        INFO(tag);
        CHECK(has(tag));
    }
    CHECK_FALSE(has("cmap"));
    CHECK(hb_face_get_glyph_count(subset) == 5);  // .notdef, the three glyphs and the space
    hb_face_destroy(subset);
    hb_blob_destroy(blob);
}
