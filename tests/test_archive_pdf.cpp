// PDF/A-3b and PDF/UA-1 claims of the archive style, checked clause by clause with qpdf and
// poppler on every corpus text (Debian has no PDF/A validator; src/archive/README.md lists
// which clauses these checks cover). Each text is formatted once and checked in sections.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <sstream>
#include <string>

#include "cli_support.hpp"

using namespace galley_test;
namespace fs = std::filesystem;

namespace {

std::string field(const std::string& pdfinfo, const std::string& name) {
    std::istringstream in(pdfinfo);
    for (std::string line; std::getline(in, line);)
        if (line.starts_with(name + ":")) {
            std::string value = line.substr(name.size() + 1);
            value.erase(0, value.find_first_not_of(' '));
            return value;
        }
    return "\x01missing " + name;
}

std::string xml_unescape(std::string text) {
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
                                   {"&amp;", "&"}}) {
        for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
            text.replace(at, from.size(), to);
    }
    return text;
}

std::string xmp_element(const std::string& xmp, const std::string& element) {
    const std::regex pattern("<" + element + ">(?:<rdf:(?:Alt|Seq|Bag)><rdf:li[^>]*>)?([^<]*)<");
    std::smatch match;
    if (!std::regex_search(xmp, match, pattern)) return "\x01missing " + element;
    return xml_unescape(match[1].str());
}

}  // namespace

TEST_CASE("archive PDFs of the corpus claim and meet the key PDF/A-3b and PDF/UA-1 clauses", "[archive][pdfa]") {
    REQUIRE(fs::is_directory(fs::path(GALLEY_SHARED_DIR) / "corpus"));
    const std::vector<fs::path> texts = corpus_texts();
    REQUIRE(texts.size() >= 9);

    TempDir dir("pdfa");
    for (const fs::path& text : texts) {
        const std::string stem = text.stem().string();
        INFO(stem);
        const CommandResult made = run_command(galley_command("-q --style archive -o " + quote(dir.path.string()) +
                                                              " " + quote(text.string())));
        REQUIRE(made.exit_code == 0);
        const std::string pdf = (dir.path / (stem + ".pdf")).string();
        const std::string epub = (dir.path / (stem + ".epub")).string();

        // 6.1.2: header followed by a comment of four bytes > 127.
        const std::string bytes = read_file(pdf);
        REQUIRE(bytes.size() > 20);
        CHECK(bytes.starts_with("%PDF-1.7\n%"));
        for (int i = 10; i < 14; ++i) CHECK(static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]) > 127);

        // Tagged, not encrypted (6.1.3: no /Encrypt); Info and XMP agree (6.6.3).
        const CommandResult info = run_command("pdfinfo " + quote(pdf));
        REQUIRE(info.exit_code == 0);
        CHECK(field(info.output, "Tagged") == "yes");
        CHECK(field(info.output, "Encrypted") == "no");
        CHECK(field(info.output, "JavaScript") == "no");
        CHECK(field(info.output, "PDF subtype") == "PDF/A-3b");  // from Info /GTS_PDFA1Version
        CHECK(field(info.output, "    Standard") == "ISO 19005-3");
        const CommandResult meta = run_command("pdfinfo -meta " + quote(pdf));
        REQUIRE(meta.exit_code == 0);
        const std::string& xmp = meta.output;
        CHECK(run_command("pdfinfo -meta " + quote(pdf) + " | xmllint --noout -").exit_code == 0);  // well-formed
        CHECK(xmp_element(xmp, "pdfaid:part") == "3");
        CHECK(xmp_element(xmp, "pdfaid:conformance") == "B");
        CHECK(xmp_element(xmp, "pdfuaid:part") == "1");
        // pdfuaid is not a PDF/A predefined schema: an extension schema must describe it (6.6.2.3).
        CHECK(xmp_element(xmp, "pdfaSchema:namespaceURI") == "http://www.aiim.org/pdfua/ns/id/");
        CHECK(xmp_element(xmp, "pdfaSchema:prefix") == "pdfuaid");
        CHECK(xmp_element(xmp, "pdfaProperty:name") == "part");
        CHECK(xmp_element(xmp, "dc:title") == field(info.output, "Title"));
        CHECK(xmp_element(xmp, "xmp:CreatorTool") == field(info.output, "Creator"));
        CHECK(xmp_element(xmp, "pdf:Producer") == field(info.output, "Producer"));
        if (field(info.output, "Author").front() != '\x01')
            CHECK(xmp_element(xmp, "dc:creator") == field(info.output, "Author"));
        // Info dates are D:YYYYMMDDHHMMSSZ, XMP dates YYYY-MM-DDTHH:MM:SSZ: compare the digits.
        const CommandResult raw_info = run_command("pdfinfo -rawdates " + quote(pdf));
        std::string info_date = field(raw_info.output, "CreationDate"), xmp_date = xmp_element(xmp, "xmp:CreateDate");
        std::erase_if(info_date, [](char c) { return !std::isdigit(static_cast<unsigned char>(c)); });
        std::erase_if(xmp_date, [](char c) { return !std::isdigit(static_cast<unsigned char>(c)); });
        CHECK(info_date == xmp_date);

        // 6.2.11.4: every font embedded (and with a ToUnicode map, which PDF/UA needs).
        const CommandResult fonts = run_command("pdffonts " + quote(pdf));
        REQUIRE(fonts.exit_code == 0);
        std::istringstream font_lines(fonts.output);
        int font_count = 0;
        for (std::string line; std::getline(font_lines, line);) {
            if (line.starts_with("name") || line.starts_with("----") || line.empty()) continue;
            ++font_count;
            CHECK(std::regex_search(line, std::regex(" yes +yes +yes +\\d+ +\\d+$")));
        }
        CHECK(font_count >= 1);

        // The object structure, uncompressed: OutputIntent (6.2.3), associated files (6.8),
        // and none of the keys PDF/A forbids.
        const std::string qdf = (dir.path / (stem + ".qdf")).string();
        const CommandResult expanded = run_command("qpdf --qdf --object-streams=disable " + quote(pdf) + " " + quote(qdf));
        REQUIRE(expanded.exit_code == 0);
        const std::string objects = read_file(qdf);
        CHECK(objects.find("/S /GTS_PDFA1") != std::string::npos);
        CHECK(objects.find("/DestOutputProfile") != std::string::npos);
        CHECK(std::regex_search(objects, std::regex("/AF \\[\\s*\\d+ 0 R\\s+\\d+ 0 R\\s*\\]")));
        CHECK(objects.find("/AFRelationship /Source") != std::string::npos);
        CHECK(objects.find("/AFRelationship /Alternative") != std::string::npos);
        CHECK(objects.find("/Subtype /text#2fplain") != std::string::npos);
        CHECK(objects.find("/Subtype /application#2fepub+zip") != std::string::npos);
        CHECK(std::regex_search(objects, std::regex("/Params <<\\s*/ModDate \\(D:\\d{14}Z\\)\\s*/Size " +
                                                    std::to_string(fs::file_size(text)) + "\\s")));
        CHECK(objects.find("/UF (") != std::string::npos);
        CHECK(objects.find("/MarkInfo") != std::string::npos);
        CHECK(objects.find("/GTS_PDFUAVersion (PDF/UA-1)") != std::string::npos);
        CHECK(objects.find("/DisplayDocTitle true") != std::string::npos);
        for (const char* forbidden : {"/Encrypt", "/JavaScript", "/JS", "/Launch", "/Transparency", "/AA", "/PS",
                                      "/TR", "/TR2", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/SubmitForm",
                                      "/Alternates", "/OPI", "/XFA", "/NeedsRendering", "/SMask"}) {
            INFO(forbidden);
            CHECK_FALSE(std::regex_search(objects, std::regex(std::string(forbidden) + "[\\s/<\\[(]")));
        }

        // The source extracts byte-identical with both tools, the EPUB too.
        const CommandResult listed = run_command("qpdf --list-attachments " + quote(pdf));
        CHECK(listed.output.find(stem + ".txt ->") != std::string::npos);
        CHECK(listed.output.find(stem + ".epub ->") != std::string::npos);
        const CommandResult shown = run_command("qpdf --show-attachment=" + quote(stem + ".txt") + " " + quote(pdf));
        CHECK(shown.output == read_file(text));
        const fs::path saved = dir.path / (stem + ".extracted");
        const CommandResult detached = run_command("pdfdetach -savefile " + quote(stem + ".txt") + " -o " +
                                                   quote(saved.string()) + " " + quote(pdf));
        CHECK(detached.exit_code == 0);
        CHECK(read_file(saved) == read_file(text));
        const fs::path saved_epub = dir.path / (stem + ".extracted.epub");
        CHECK(run_command("pdfdetach -savefile " + quote(stem + ".epub") + " -o " + quote(saved_epub.string()) + " " +
                          quote(pdf)).exit_code == 0);
        CHECK(read_file(saved_epub) == read_file(epub));

        // qpdf finds no structural damage.
        const CommandResult checked = run_command("qpdf --check " + quote(pdf));
        CHECK(checked.exit_code == 0);
    }
}

TEST_CASE("the --pdfa flag turns any style archival and the default style alone embeds nothing", "[archive][pdfa]") {
    TempDir dir("pdfa-flag");
    const fs::path input = fs::path(GALLEY_SHARED_DIR) / "corpus/jpost-breaking-two-paragraphs.txt";
    REQUIRE(fs::is_regular_file(input));
    REQUIRE(run_command(galley_command("-q --format pdf -o " + quote((dir.path / "plain").string()) + " " +
                                       quote(input.string()))).exit_code == 0);
    REQUIRE(run_command(galley_command("-q --pdfa --format pdf -o " + quote((dir.path / "a").string()) + " " +
                                       quote(input.string()))).exit_code == 0);
    const std::string plain = (dir.path / "plain/jpost-breaking-two-paragraphs.pdf").string();
    const std::string archival = (dir.path / "a/jpost-breaking-two-paragraphs.pdf").string();
    CHECK(run_command("pdfdetach -list " + quote(plain)).output.find("0 embedded files") != std::string::npos);
    CHECK(run_command("pdfinfo -meta " + quote(plain)).output.find("pdfaid") == std::string::npos);
    CHECK(run_command("pdfdetach -list " + quote(archival)).output.find("2 embedded files") != std::string::npos);
    CHECK(run_command("pdfinfo -meta " + quote(archival)).output.find("<pdfaid:part>3</pdfaid:part>") !=
          std::string::npos);
}
