// Tests of the EPUB backend: escaping, package document, nav/NCX, splitting, the container,
// reproducibility, and (tag [epubcheck]) validation of real books with epubcheck.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>
#include <tinyxml2.h>
#include <zip.h>

#include "cli_support.hpp"
#include "epub/epub.hpp"
#include "galley.hpp"
#include "epub/book.hpp"
#include "epub/xml_writer.hpp"
#include "model/document.hpp"
#include "style/style.hpp"
#include "transform/metadata.hpp"

using namespace galley;

namespace {

// ---- Reading the EPUB back --------------------------------------------------------------

struct Container {
    std::vector<std::string> names;  // in zip order
    std::map<std::string, std::string> files;
};

Container unzip(const std::string& bytes) {
    Container out;
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    REQUIRE(source != nullptr);
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
    REQUIRE(archive != nullptr);
    const zip_int64_t count = zip_get_num_entries(archive, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        zip_stat_t stat;
        REQUIRE(zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &stat) == 0);
        std::string content(static_cast<std::size_t>(stat.size), '\0');
        zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
        REQUIRE(file != nullptr);
        REQUIRE(zip_fread(file, content.data(), stat.size) == static_cast<zip_int64_t>(stat.size));
        zip_fclose(file);
        out.names.emplace_back(stat.name);
        out.files[stat.name] = content;
    }
    zip_close(archive);
    return out;
}

// A parsed XML file; fails the test when it is not well-formed.
struct Xml {
    explicit Xml(const std::string& text) {
        INFO(text.substr(0, 400));
        REQUIRE(document.Parse(text.c_str(), text.size()) == tinyxml2::XML_SUCCESS);
    }
    tinyxml2::XMLDocument document;
};

void collect(const tinyxml2::XMLElement* element, const std::string& name,
             std::vector<const tinyxml2::XMLElement*>& out) {
    for (const tinyxml2::XMLElement* child = element->FirstChildElement(); child; child = child->NextSiblingElement()) {
        if (name == child->Name()) out.push_back(child);
        collect(child, name, out);
    }
}

std::vector<const tinyxml2::XMLElement*> all(const tinyxml2::XMLDocument& document, const std::string& name) {
    std::vector<const tinyxml2::XMLElement*> out;
    if (document.RootElement()) {
        if (name == document.RootElement()->Name()) out.push_back(document.RootElement());
        collect(document.RootElement(), name, out);
    }
    return out;
}

std::string text_of(const tinyxml2::XMLElement* element) {
    std::string out;
    for (const tinyxml2::XMLNode* node = element->FirstChild(); node; node = node->NextSibling()) {
        if (node->ToText()) out += node->Value();
        if (node->ToElement()) out += text_of(node->ToElement());
    }
    return out;
}

std::string attribute(const tinyxml2::XMLElement* element, const char* name) {
    const char* value = element->Attribute(name);
    return value ? value : "";
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// ---- Building documents by hand --------------------------------------------------------

Inline text(const std::string& value) { return Inline::make_text(value); }

Block paragraph(Inlines inlines, std::string language = {}) {
    Block block;
    block.kind = BlockKind::Paragraph;
    block.inlines = std::move(inlines);
    block.language = std::move(language);
    return block;
}

Block paragraph(const std::string& value) { return paragraph(Inlines{text(value)}); }

Block simple(BlockKind kind, const std::string& value) {
    Block block = paragraph(value);
    block.kind = kind;
    return block;
}

Block heading(int level, const std::string& value) {
    Block block = simple(BlockKind::Heading, value);
    block.level = level;
    return block;
}

Metadata full_metadata() {
    Metadata metadata;
    metadata.title = "The <Title> & “Quotes”";
    metadata.subtitle = "A subtitle";
    metadata.authors = {"Ann Author", "Bob O'Writer"};
    metadata.language = "en-GB";
    metadata.date = "2024-05-06";
    metadata.publisher = "Pub & Co";
    metadata.source_name = "The Source";
    metadata.source_url = "https://example.com/story?id=1&view=\"full\"";
    metadata.rights = "CC BY 4.0";
    metadata.identifier = "urn:uuid:12345678-1234-5678-1234-567812345678";
    metadata.description = "What it is about.";
    metadata.keywords = {"one", "two words"};
    return metadata;
}

// Every block and inline kind, notes included.
Document kitchen_sink() {
    Document document;
    document.metadata = full_metadata();
    document.source_name = "kitchen-sink.txt";
    Blocks& blocks = document.blocks;
    blocks.push_back(simple(BlockKind::Title, "The <Title> & “Quotes”"));
    blocks.push_back(simple(BlockKind::Dek, "A standfirst that says what this is."));
    blocks.push_back(simple(BlockKind::Byline, "By Ann Author and Bob O'Writer"));
    blocks.push_back(simple(BlockKind::Dateline, "London, 6 May 2024"));
    blocks.push_back(simple(BlockKind::Credit, "Photo: Somebody (CC BY 2.0)"));
    blocks.push_back(paragraph(Inlines{
        text("Plain, "), Inline::make_span(InlineKind::Emphasis, {text("emphasis")}), text(", "),
        Inline::make_span(InlineKind::Strong, {text("strong "), Inline::make_span(InlineKind::Emphasis, {text("both")})}),
        text(", "), Inline::make_link("https://example.com/a b?x=1&y=2", {text("a link")}), text(", "),
        Inline::make_code("if (a < b && c) {}"), text(", a break"), Inline::make_line_break(), text("and a note"),
        Inline::make_footnote_ref("n1"), text(".")}));
    blocks.push_back(heading(1, "First part"));
    blocks.push_back(paragraph("Text after the heading: 1 < 2 & 3 > 2, and ]]> is fine."));
    blocks.push_back(paragraph("Control \x01 char\x0B acters and U+FFFE \xEF\xBF\xBE and a lone surrogate \xED\xA0\x80 go."));
    Block quote;
    quote.kind = BlockKind::BlockQuote;
    quote.children = {paragraph("Quoted first."), paragraph(Inlines{text("Cité en français.")}, "fr")};
    blocks.push_back(quote);
    Block bullets;
    bullets.kind = BlockKind::List;
    bullets.items = {{paragraph("Apples")}, {paragraph("Pears")}, {}};
    blocks.push_back(bullets);
    blocks.push_back(heading(2, "A subsection"));
    Block numbered;
    numbered.kind = BlockKind::List;
    numbered.ordered = true;
    numbered.start = 3;
    numbered.items = {{paragraph("Third")}, {paragraph("Fourth, with more:"), bullets}};
    blocks.push_back(numbered);
    Block rule;
    rule.kind = BlockKind::SectionBreak;
    blocks.push_back(rule);
    blocks.push_back(heading(1, "Second part"));
    blocks.push_back(paragraph(Inlines{text("The note again"), Inline::make_footnote_ref("n1"), text(", and "),
                                       Inline::make_link("javascript:alert(1)", {text("no script")}), text(" or "),
                                       Inline::make_link("mailto:someone@example.com", {text("mail")}), text(".")}));
    blocks.push_back(simple(BlockKind::Provenance, "This piece originally ran on The Source."));
    document.footnotes.push_back(
        Footnote{"n1", {paragraph(Inlines{text("The note, which cites another"), Inline::make_footnote_ref("n3"), text(".")}),
                        paragraph("Its second paragraph.")}});
    document.footnotes.push_back(Footnote{"n2", {paragraph("A note no one refers to.")}});
    document.footnotes.push_back(Footnote{"n3", {paragraph("A note in a note.")}});
    return document;
}

// Odd and empty things a reader or a user may produce: the book must still be valid.
Document edge_cases() {
    Document document;  // no metadata at all: no title, language or identifier
    document.source_name = "/some/where/edge-cases.txt";
    document.metadata.date = "yesterday";
    document.metadata.authors = {"", "Only Author"};
    document.metadata.keywords = {"", "kept"};
    document.metadata.source_url = "ftp://example.com/file";
    Blocks& blocks = document.blocks;
    blocks.push_back(heading(3, "Deep first"));
    blocks.push_back(heading(1, ""));  // empty heading: not written, not in the contents
    blocks.push_back(heading(1, "Top"));
    blocks.push_back(heading(4, "Jump two levels"));
    blocks.push_back(paragraph(Inlines{}));
    blocks.push_back(paragraph(Inlines{text("")}));
    Block empty_quote;
    empty_quote.kind = BlockKind::BlockQuote;
    blocks.push_back(empty_quote);
    Block empty_list;
    empty_list.kind = BlockKind::List;
    empty_list.ordered = true;
    empty_list.start = -2;
    blocks.push_back(empty_list);
    Block nested_heading_quote;
    nested_heading_quote.kind = BlockKind::BlockQuote;
    nested_heading_quote.children = {heading(2, "A heading in a quote"), paragraph("Quoted.")};
    blocks.push_back(nested_heading_quote);
    blocks.push_back(paragraph(Inlines{text("Dangling"), Inline::make_footnote_ref("missing"), text(" ref, "),
                                       Inline::make_link("http://exa mple.com/ü?q=\"x\"&%zz", {}), text(", "),
                                       Inline::make_link("#local", {text("local")}), text(", "),
                                       Inline::make_link("HTTPS://EXAMPLE.COM", {text("caps")}),
                                       Inline::make_span(InlineKind::Emphasis, {}), Inline::make_code("")}));
    Block rule;
    rule.kind = BlockKind::SectionBreak;
    blocks.push_back(rule);
    blocks.push_back(rule);
    blocks.push_back(simple(BlockKind::Title, "A title in the middle"));
    blocks.push_back(simple(BlockKind::Credit, ""));
    document.footnotes.push_back(Footnote{"unused", {}});
    document.footnotes.push_back(Footnote{"unused", {paragraph("Same id twice.")}});
    return document;
}

// A long article: `sections` top-level sections of `level`, about 2,000 words each.
Document long_document(int sections, int level) {
    Document document;
    document.metadata.title = "Long";
    document.metadata.language = "en";
    document.metadata.identifier = "urn:uuid:00000000-0000-5000-8000-000000000000";
    document.blocks.push_back(simple(BlockKind::Title, "Long"));
    for (int s = 1; s <= sections; ++s) {
        document.blocks.push_back(heading(level, "Section " + std::to_string(s)));
        for (int p = 0; p < 8; ++p) {
            std::string words;
            for (int w = 0; w < 250; ++w) words += "word" + std::to_string(s) + "x" + std::to_string(p) + " ";
            document.blocks.push_back(paragraph(words));
        }
        document.blocks.push_back(heading(level + 1, "Subsection " + std::to_string(s)));
        document.blocks.push_back(paragraph("Closing words of section " + std::to_string(s) + "."));
    }
    return document;
}

// A corpus file read through the whole pipeline (reader and transforms), as galley does.
Document split_corpus_file(const std::filesystem::path& path) {
    return galley::read_article(path.string(), galley::ArticleOptions{}, {});
}

EpubOptions options(std::int64_t timestamp = 1700000000) {
    EpubOptions result;
    result.timestamp = timestamp;
    result.generator = "galley test";
    return result;
}

std::string run(const std::string& command, int& status) {
    std::string output;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) {
        status = -1;
        return output;
    }
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
    const int raw = pclose(pipe);
    status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return output;
}

}  // namespace

// ---- Escaping ----------------------------------------------------------------------------

TEST_CASE("xml_safe drops what XML 1.0 forbids and repairs broken UTF-8", "[epub]") {
    using galley::epub::xml_safe;
    CHECK(xml_safe("plain") == "plain");
    CHECK(xml_safe("tab\tline\ncr\r") == "tab\tline\ncr\r");
    CHECK(xml_safe(std::string("a\x00" "b\x01\x08\x0B\x0C\x1F" "c", 9)) == "abc");
    CHECK(xml_safe("x\xEF\xBF\xBEy\xEF\xBF\xBFz") == "xyz");                   // U+FFFE, U+FFFF
    CHECK(xml_safe("lone \xED\xA0\x80 surrogate") == "lone  surrogate");      // U+D800 on its own
    CHECK(xml_safe("bad \xC3 byte") == "bad \xEF\xBF\xBD byte");              // truncated sequence
    CHECK(xml_safe("over\xC0\xAFlong") == "over\xEF\xBF\xBD\xEF\xBF\xBDlong");  // overlong '/'
    CHECK(xml_safe("ok \xC2\xA0 \xE2\x80\x94 \xF0\x9F\x87\xA9\xF0\x9F\x87\xAA") ==
          "ok \xC2\xA0 \xE2\x80\x94 \xF0\x9F\x87\xA9\xF0\x9F\x87\xAA");  // NBSP, em dash, a flag
}

TEST_CASE("the XML writer escapes text and attributes and never self-closes non-void elements", "[epub]") {
    using galley::epub::XmlWriter;
    XmlWriter out(XmlWriter::Mode::Html);
    out.open("p");
    out.attribute("title", "say \"hi\" & 'bye' <now>\x01");
    out.text("1 < 2 & ]]> \x02 done");
    out.open("span");
    out.close();
    out.open("br");
    out.close();
    out.close();
    const std::string xml = out.finish();
    CHECK(xml == "<p title=\"say &quot;hi&quot; &amp; &apos;bye&apos; &lt;now&gt;\">1 &lt; 2 &amp; ]]&gt;  done"
                 "<span></span><br/></p>\n");

    XmlWriter package(XmlWriter::Mode::Xml);
    package.open("item");
    package.attribute("id", "x");
    package.close();
    CHECK(package.finish() == "<item id=\"x\"/>\n");
}

TEST_CASE("every text and attribute in the book is escaped, with no named HTML entities", "[epub]") {
    const Container book = unzip(write_epub(kitchen_sink(), Style{}, options()));
    const std::string& text = book.files.at("EPUB/text.xhtml");
    CHECK(contains(text, "1 &lt; 2 &amp; 3 &gt; 2, and ]]&gt; is fine."));
    CHECK(contains(text, "<code>if (a &lt; b &amp;&amp; c) {}</code>"));
    CHECK(contains(text, "Control  char acters and U+FFFE  and a lone surrogate  go."));
    CHECK(contains(text, "<h1 epub:type=\"title\">The &lt;Title&gt; &amp; “Quotes”</h1>"));
    // Links: spaces percent-encoded, & escaped in the attribute; scripts never become links.
    CHECK(contains(text, "href=\"https://example.com/a%20b?x=1&amp;y=2\""));
    CHECK_FALSE(contains(text, "javascript"));
    CHECK(contains(text, "no script"));
    CHECK(contains(text, "<a href=\"mailto:someone@example.com\">mail</a>"));
    const std::string& colophon = book.files.at("EPUB/colophon.xhtml");
    CHECK(contains(colophon, "href=\"https://example.com/story?id=1&amp;view=%22full%22\""));

    const std::regex entity("&([A-Za-z][A-Za-z0-9]*);");
    const std::regex self_closed("<([A-Za-z][A-Za-z0-9]*)[^<>]*/>");
    const std::set<std::string> xml_entities{"amp", "lt", "gt", "quot", "apos"};
    const std::set<std::string> void_elements{"br", "hr", "link", "meta", "img"};
    for (const auto& [name, content] : book.files) {
        if (name == "mimetype" || name.ends_with(".css")) continue;
        INFO(name);
        Xml parsed(content);  // well-formed
        for (std::sregex_iterator it(content.begin(), content.end(), entity), end; it != end; ++it)
            CHECK(xml_entities.count((*it)[1].str()) == 1);
        if (name.ends_with(".xhtml"))
            for (std::sregex_iterator it(content.begin(), content.end(), self_closed), end; it != end; ++it)
                CHECK(void_elements.count((*it)[1].str()) == 1);
        for (unsigned char c : content) CHECK((c >= 0x20 || c == '\n' || c == '\t' || c == '\r'));
        CHECK_FALSE(contains(content, "\xEF\xBF\xBE"));
    }
}

TEST_CASE("only web and mail links leave the book, in a form validators parse", "[epub]") {
    using galley::epub::external_href;
    CHECK(external_href("https://example.com/a b?x=\"1\"&y=%41%zz") == "https://example.com/a%20b?x=%221%22&y=%41%25zz");
    CHECK(external_href("HTTP://Example.COM:8080") == "HTTP://Example.COM:8080");
    CHECK(external_href("http://bücher.example/ü") == "http://xn--bcher-kva.example/%C3%BC");
    CHECK(external_href("http://user@[::1]:80/x") == "http://user@[::1]:80/x");
    CHECK(external_href("mailto:someone@example.com") == "mailto:someone@example.com");
    CHECK(external_href("http://exa mple.com/") == "");
    CHECK(external_href("http://example.com:port/") == "");
    CHECK(external_href("http://") == "");
    CHECK(external_href("javascript:alert(1)") == "");
    CHECK(external_href("file:///etc/passwd") == "");
    CHECK(external_href("ftp://example.com/") == "");
    CHECK(external_href("/relative/path") == "");
    CHECK(external_href("mailto:") == "");
}

// ---- Content documents ---------------------------------------------------------------------

TEST_CASE("the text is semantic XHTML with the article furniture in a header", "[epub]") {
    const Container book = unzip(write_epub(kitchen_sink(), Style{}, options()));
    const std::string& text = book.files.at("EPUB/text.xhtml");
    CHECK(text.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n", 0) == 0);
    CHECK(contains(text, "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" "
                         "lang=\"en-GB\" xml:lang=\"en-GB\">"));
    CHECK(contains(text, "<section id=\"text\" epub:type=\"bodymatter chapter\" role=\"doc-chapter\">"));
    CHECK(contains(text, "<header>\n<h1 epub:type=\"title\">"));
    CHECK(contains(text, "<p class=\"dek\">A standfirst that says what this is.</p>"));
    CHECK(contains(text, "<p class=\"byline\">By Ann Author and Bob O'Writer</p>"));
    CHECK(contains(text, "<p class=\"dateline\">London, 6 May 2024</p>\n</header>"));
    CHECK(contains(text, "<p class=\"credit\">Photo: Somebody (CC BY 2.0)</p>"));
    CHECK(contains(text, "<p class=\"provenance\">This piece originally ran on The Source.</p>"));
    CHECK(contains(text, "<em>emphasis</em>"));
    CHECK(contains(text, "<strong>strong <em>both</em></strong>"));
    CHECK(contains(text, "a break<br/>and a note"));
    CHECK(contains(text, "<h2 id=\"heading-1\">First part</h2>"));
    CHECK(contains(text, "<h3 id=\"heading-2\">A subsection</h3>"));
    CHECK(contains(text, "<blockquote>\n<p>Quoted first.</p>\n<p lang=\"fr\" xml:lang=\"fr\">Cité en français.</p>\n</blockquote>"));
    CHECK(contains(text, "<ul>\n<li>Apples</li>\n<li>Pears</li>\n<li></li>\n</ul>"));
    CHECK(contains(text, "<ol start=\"3\">\n<li>Third</li>\n<li>\n<p>Fourth, with more:</p>\n<ul>"));
    CHECK(contains(text, "<hr class=\"section-break\"/>"));
    // The title is not repeated as a paragraph; the dek/byline are not repeated outside the header.
    CHECK(text.find("A standfirst") == text.rfind("A standfirst"));
}

TEST_CASE("footnotes are linked both ways and written at the end of the file", "[epub]") {
    const Container book = unzip(write_epub(kitchen_sink(), Style{}, options()));
    const std::string& text = book.files.at("EPUB/text.xhtml");
    CHECK(contains(text, "<sup><a href=\"#note-1\" id=\"noteref-1\" epub:type=\"noteref\" role=\"doc-noteref\">1</a></sup>"));
    CHECK(contains(text, "<a href=\"#note-1\" id=\"noteref-1-2\" epub:type=\"noteref\""));
    CHECK(contains(text, "<aside id=\"note-1\" epub:type=\"footnote\" role=\"doc-footnote\">\n<p><a href=\"#noteref-1\" "
                         "role=\"doc-backlink\">1.</a> The note, which cites another"));
    // The note inside note 1 is numbered next; the unreferenced one last, with no backlink.
    CHECK(contains(text, "<a href=\"#note-2\" id=\"noteref-2\""));
    CHECK(contains(text, "<aside id=\"note-2\""));
    CHECK(contains(text, "<aside id=\"note-3\" epub:type=\"footnote\" role=\"doc-footnote\">\n<p>3. A note no one refers to."));
    CHECK(text.find("<aside") > text.find("</section>"));
    // Every local href in the text lands on an id that exists.
    Xml parsed(text);
    std::set<std::string> ids;
    for (const char* element : {"a", "aside", "h2", "h3", "section"})
        for (const auto* node : all(parsed.document, element))
            if (node->Attribute("id")) ids.insert(node->Attribute("id"));
    for (const auto* link : all(parsed.document, "a")) {
        const std::string href = attribute(link, "href");
        if (href.rfind('#', 0) == 0) CHECK(ids.count(href.substr(1)) == 1);
    }
}

TEST_CASE("the title page and colophon carry the metadata", "[epub]") {
    const Container book = unzip(write_epub(kitchen_sink(), Style{}, options()));
    const std::string& title = book.files.at("EPUB/titlepage.xhtml");
    CHECK(contains(title, "<section id=\"titlepage\" epub:type=\"titlepage\">"));
    CHECK(contains(title, "<h1 epub:type=\"title\">The &lt;Title&gt; &amp; “Quotes”</h1>"));
    CHECK(contains(title, "A subtitle"));
    CHECK(contains(title, "<p class=\"authors\">Ann Author and Bob O'Writer</p>"));
    CHECK(contains(title, "<time datetime=\"2024-05-06\">6 May 2024</time>"));
    CHECK(contains(title, "Pub &amp; Co"));
    const std::string& colophon = book.files.at("EPUB/colophon.xhtml");
    CHECK(contains(colophon, "epub:type=\"colophon\""));
    CHECK(contains(colophon, ">The Source</a> (https://example.com/story?id=1&amp;view=\"full\")"));
    CHECK(contains(colophon, "<p class=\"credit\">Photo: Somebody (CC BY 2.0)</p>"));
    CHECK(contains(colophon, "<p class=\"provenance\">This piece originally ran on The Source.</p>"));
    CHECK(contains(colophon, "CC BY 4.0"));
    CHECK(contains(colophon, "Made with galley test."));
    CHECK(contains(colophon, "urn:uuid:12345678-1234-5678-1234-567812345678"));
    CHECK(contains(colophon, "Published: 6 May 2024"));
    CHECK(contains(colophon, "By Ann Author and Bob O'Writer"));

    // The book's own words follow its language where we know it.
    Document french = kitchen_sink();
    french.metadata.language = "fr";
    const Container livre = unzip(write_epub(french, Style{}, options()));
    CHECK(contains(livre.files.at("EPUB/nav.xhtml"), "Table des matières"));
    CHECK(contains(livre.files.at("EPUB/colophon.xhtml"), "Réalisé avec galley test."));
    CHECK(contains(livre.files.at("EPUB/titlepage.xhtml"), ">6 mai 2024</time>"));

    // Where we do not know the language, the added words are English and marked as such.
    Document spanish = kitchen_sink();
    spanish.metadata.language = "es";
    const Container libro = unzip(write_epub(spanish, Style{}, options()));
    CHECK(contains(libro.files.at("EPUB/colophon.xhtml"),
                   "<section id=\"colophon\" epub:type=\"colophon\" role=\"doc-colophon\" lang=\"en\" xml:lang=\"en\">"));
    CHECK(contains(libro.files.at("EPUB/colophon.xhtml"), "<cite lang=\"es\" xml:lang=\"es\">"));
    CHECK(contains(libro.files.at("EPUB/content.opf"), "<meta property=\"schema:accessibilitySummary\" xml:lang=\"en\">"));
    CHECK(contains(book.files.at("EPUB/content.opf"), "<meta property=\"schema:accessibilitySummary\">"));
    CHECK(contains(libro.files.at("EPUB/nav.xhtml"), "<a href=\"titlepage.xhtml\" lang=\"en\" xml:lang=\"en\">Title page</a>"));
}

TEST_CASE("dates are written the way the book's language writes them", "[epub]") {
    using galley::epub::display_date;
    CHECK(display_date("2024-05-06", "en-GB") == "6 May 2024");
    CHECK(display_date("2024-05-06", "en-US") == "May 6, 2024");
    CHECK(display_date("2024-05-06", "fr") == "6 mai 2024");
    CHECK(display_date("2024-05-06", "de") == "6. Mai 2024");
    CHECK(display_date("2015-05", "de") == "Mai 2015");
    CHECK(display_date("2015", "fr") == "2015");
    CHECK(display_date("2024-05-06", "und") == "2024-05-06");
    CHECK(display_date("last Tuesday", "en") == "last Tuesday");
    CHECK(display_date("2024-13-01", "en") == "2024-13-01");
}

TEST_CASE("furniture at the top goes into the header, credits after it, whatever the order", "[epub]") {
    Document document;
    document.metadata.title = "Metadata title";
    document.metadata.language = "en";
    document.blocks = {simple(BlockKind::Credit, "Photo credit"), simple(BlockKind::Title, "Headline as written"),
                       simple(BlockKind::Byline, "By Someone"), paragraph("Body.")};
    const Container book = unzip(write_epub(document, Style{}, options()));
    const std::string& text = book.files.at("EPUB/text.xhtml");
    CHECK(contains(text, "<header>\n<h1 epub:type=\"title\">Headline as written</h1>\n<p class=\"byline\">By Someone</p>\n"
                         "</header>\n<p class=\"credit\">Photo credit</p>\n<p>Body.</p>"));
    CHECK_FALSE(contains(text, "Metadata title</h1>"));
    CHECK(contains(text, "<title>Metadata title</title>"));
}

// ---- Package document -------------------------------------------------------------------

TEST_CASE("the package document has every metadata field and the accessibility metadata", "[epub]") {
    const Container book = unzip(write_epub(kitchen_sink(), Style{}, options(1700000000)));
    Xml opf(book.files.at("EPUB/content.opf"));
    const tinyxml2::XMLElement* package = opf.document.RootElement();
    REQUIRE(std::string(package->Name()) == "package");
    CHECK(attribute(package, "version") == "3.0");
    const std::string unique = attribute(package, "unique-identifier");

    auto dc = [&](const char* name) {
        std::vector<std::string> values;
        for (const auto* node : all(opf.document, std::string("dc:") + name)) values.push_back(text_of(node));
        return values;
    };
    const auto identifiers = all(opf.document, "dc:identifier");
    REQUIRE(identifiers.size() == 1);
    CHECK(attribute(identifiers[0], "id") == unique);
    CHECK(text_of(identifiers[0]) == "urn:uuid:12345678-1234-5678-1234-567812345678");
    CHECK(dc("title") == std::vector<std::string>{"The <Title> & “Quotes”", "A subtitle"});
    CHECK(dc("creator") == std::vector<std::string>{"Ann Author", "Bob O'Writer"});
    CHECK(dc("language") == std::vector<std::string>{"en-GB"});
    CHECK(dc("date") == std::vector<std::string>{"2024-05-06"});
    CHECK(dc("publisher") == std::vector<std::string>{"Pub & Co"});
    CHECK(dc("source") == std::vector<std::string>{"https://example.com/story?id=1&view=\"full\""});
    CHECK(dc("rights") == std::vector<std::string>{"CC BY 4.0"});
    CHECK(dc("description") == std::vector<std::string>{"What it is about."});
    CHECK(dc("subject") == std::vector<std::string>{"one", "two words"});

    std::multimap<std::string, std::string> properties;  // property (with refines) -> value
    for (const auto* meta : all(opf.document, "meta")) {
        if (!meta->Attribute("property")) continue;
        properties.emplace(attribute(meta, "refines") + attribute(meta, "property"), text_of(meta));
    }
    for (const auto* creator : all(opf.document, "dc:creator")) {
        const auto role = properties.find("#" + attribute(creator, "id") + "role");
        REQUIRE(role != properties.end());
        CHECK(role->second == "aut");
    }
    CHECK(properties.find("dcterms:modified")->second == "2023-11-14T22:13:20Z");
    auto values = [&](const std::string& property) {
        std::set<std::string> out;
        for (auto [it, end] = properties.equal_range(property); it != end; ++it) out.insert(it->second);
        return out;
    };
    CHECK(values("schema:accessMode") == std::set<std::string>{"textual"});
    CHECK(values("schema:accessModeSufficient") == std::set<std::string>{"textual"});
    CHECK(values("schema:accessibilityFeature") ==
          std::set<std::string>{"structuralNavigation", "tableOfContents", "readingOrder"});
    CHECK(values("schema:accessibilityHazard") == std::set<std::string>{"none"});
    CHECK(values("schema:accessibilitySummary").size() == 1);
    CHECK(values("dcterms:conformsTo") == std::set<std::string>{"EPUB Accessibility 1.1 - WCAG 2.1 Level AA"});
    CHECK(contains(book.files.at("EPUB/content.opf"), "<meta name=\"generator\" content=\"galley test\"/>"));
}

TEST_CASE("manifest, spine and container agree with the files in the zip", "[epub]") {
    for (const Document& document : {kitchen_sink(), long_document(4, 1)}) {
        const Container book = unzip(write_epub(document, Style{}, options()));
        Xml container(book.files.at("META-INF/container.xml"));
        const auto rootfiles = all(container.document, "rootfile");
        REQUIRE(rootfiles.size() == 1);
        const std::string opf_path = attribute(rootfiles[0], "full-path");
        CHECK(attribute(rootfiles[0], "media-type") == "application/oebps-package+xml");
        REQUIRE(book.files.count(opf_path) == 1);
        const std::string folder = opf_path.substr(0, opf_path.rfind('/') + 1);

        Xml opf(book.files.at(opf_path));
        std::map<std::string, std::string> manifest;  // id -> path in the zip
        std::set<std::string> listed;
        int navs = 0;
        for (const auto* item : all(opf.document, "item")) {
            const std::string path = folder + attribute(item, "href");
            CHECK(manifest.emplace(attribute(item, "id"), path).second);  // ids unique
            listed.insert(path);
            CHECK(book.files.count(path) == 1);
            if (attribute(item, "properties") == "nav") ++navs;
            if (path.ends_with(".xhtml")) CHECK(attribute(item, "media-type") == "application/xhtml+xml");
        }
        CHECK(navs == 1);
        for (const std::string& name : book.names)
            if (name != "mimetype" && name != "META-INF/container.xml" && name != opf_path) CHECK(listed.count(name) == 1);
        const auto spine = all(opf.document, "spine");
        REQUIRE(spine.size() == 1);
        CHECK(manifest.at(attribute(spine[0], "toc")).ends_with(".ncx"));
        std::vector<std::string> order;
        for (const auto* itemref : all(opf.document, "itemref")) order.push_back(manifest.at(attribute(itemref, "idref")));
        REQUIRE(order.size() >= 3);
        CHECK(order.front() == folder + "titlepage.xhtml");
        CHECK(order.back() == folder + "colophon.xhtml");
        // Every XHTML file but the nav is read in order.
        std::size_t xhtml = 0;
        for (const std::string& name : book.names)
            if (name.ends_with(".xhtml") && !name.ends_with("nav.xhtml")) ++xhtml;
        CHECK(order.size() == xhtml);
    }
}

TEST_CASE("an empty identifier is derived from the content", "[epub]") {
    Document document = kitchen_sink();
    document.metadata.identifier.clear();
    const std::string expected = content_identifier(document);
    REQUIRE(expected.rfind("urn:uuid:", 0) == 0);
    const Container book = unzip(write_epub(document, Style{}, options()));
    CHECK(contains(book.files.at("EPUB/content.opf"), ">" + expected + "</dc:identifier>"));
    CHECK(contains(book.files.at("EPUB/toc.ncx"), "<meta name=\"dtb:uid\" content=\"" + expected + "\"/>"));
}

TEST_CASE("odd and empty input still makes a complete book", "[epub]") {
    const Document document = edge_cases();
    const Container book = unzip(write_epub(document, Style{}, options()));
    const std::string& opf = book.files.at("EPUB/content.opf");
    CHECK(contains(opf, "<dc:title id=\"title\">A title in the middle</dc:title>"));  // the Title block
    Document untitled;
    untitled.source_name = "/some/where/edge-cases.txt";
    untitled.blocks = {paragraph("Text.")};
    CHECK(contains(unzip(write_epub(untitled, Style{}, options())).files.at("EPUB/content.opf"),
                   "<dc:title id=\"title\">edge-cases</dc:title>"));  // else the file stem
    CHECK(contains(opf, "<dc:language>und</dc:language>"));
    CHECK(contains(opf, "<dc:identifier id=\"book-id\">" + content_identifier(document) + "</dc:identifier>"));
    CHECK_FALSE(contains(opf, "<dc:date>"));  // not a date the OPF can carry
    CHECK(contains(opf, "<dc:creator id=\"creator-1\">Only Author</dc:creator>"));
    CHECK_FALSE(contains(opf, "<dc:subject></dc:subject>"));
    CHECK_FALSE(contains(opf, "<dc:subject/>"));
    const std::string& text = book.files.at("EPUB/text.xhtml");
    CHECK(contains(text, "<h4 id=\"heading-1\">Deep first</h4>"));  // level 3 under a top of 1
    CHECK(contains(text, "<h2 id=\"heading-2\">Top</h2>"));
    CHECK(contains(text, "<h5 id=\"heading-3\">Jump two levels</h5>"));
    CHECK_FALSE(contains(text, "<h2></h2>"));
    CHECK_FALSE(contains(text, "<p></p>"));
    CHECK(contains(text, "<ol start=\"-2\">\n</ol>"));
    CHECK(contains(text, "<blockquote>\n<h3>A heading in a quote</h3>"));
    CHECK(contains(text, "Dangling ref"));
    CHECK(contains(text, "Dangling ref, http://exa mple.com/ü?q=\"x\"&amp;%zz, local"));  // no host: no link
    CHECK_FALSE(contains(text, "<em></em>"));
    CHECK_FALSE(contains(text, "<code></code>"));
    CHECK(contains(text, ", local, "));
    CHECK(contains(text, "<a href=\"HTTPS://EXAMPLE.COM\">caps</a>"));
    CHECK(contains(text, "<p class=\"title\">A title in the middle</p>"));
    CHECK(contains(text, "<aside id=\"note-1\""));
    CHECK_FALSE(contains(text, "note-2"));  // the second note with the same id is ignored
    // Every level stays one under the one before it in the contents.
    Xml nav(book.files.at("EPUB/nav.xhtml"));
    for (const auto* list : all(nav.document, "ol"))
        for (const auto* item = list->FirstChildElement("li"); item; item = item->NextSiblingElement("li"))
            CHECK(item->FirstChildElement("a") != nullptr);
    CHECK_FALSE(contains(book.files.at("EPUB/colophon.xhtml"), "ftp://example.com/file\""));  // no link for ftp
}

// ---- Navigation ---------------------------------------------------------------------------

namespace {

struct NavEntry {
    std::string label, href;
    int depth;
    bool operator==(const NavEntry&) const = default;
};

void nav_entries(const tinyxml2::XMLElement* list, int depth, std::vector<NavEntry>& out) {
    for (const auto* item = list->FirstChildElement("li"); item; item = item->NextSiblingElement("li")) {
        const auto* link = item->FirstChildElement("a");
        REQUIRE(link != nullptr);
        out.push_back({text_of(link), attribute(link, "href"), depth});
        if (const auto* nested = item->FirstChildElement("ol")) nav_entries(nested, depth + 1, out);
    }
}

void ncx_entries(const tinyxml2::XMLElement* parent, int depth, std::vector<NavEntry>& out, int& play_order) {
    for (const auto* point = parent->FirstChildElement("navPoint"); point; point = point->NextSiblingElement("navPoint")) {
        CHECK(point->IntAttribute("playOrder") == ++play_order);
        out.push_back({text_of(point->FirstChildElement("navLabel")->FirstChildElement("text")),
                       attribute(point->FirstChildElement("content"), "src"), depth});
        ncx_entries(point, depth + 1, out, play_order);
    }
}

}  // namespace

TEST_CASE("nav and NCX list the same entries, and every entry lands somewhere", "[epub]") {
    for (const Document& document : {kitchen_sink(), long_document(3, 2), long_document(2, 1)}) {
        const Container book = unzip(write_epub(document, Style{}, options()));
        Xml nav(book.files.at("EPUB/nav.xhtml"));
        const tinyxml2::XMLElement* toc = nullptr;
        bool landmarks = false;
        for (const auto* element : all(nav.document, "nav")) {
            if (attribute(element, "epub:type") == "toc") toc = element;
            if (attribute(element, "epub:type") == "landmarks") landmarks = true;
        }
        REQUIRE(toc != nullptr);
        CHECK(landmarks);
        std::vector<NavEntry> from_nav;
        nav_entries(toc->FirstChildElement("ol"), 0, from_nav);

        Xml ncx(book.files.at("EPUB/toc.ncx"));
        std::vector<NavEntry> from_ncx;
        int play_order = 0;
        ncx_entries(ncx.document.RootElement()->FirstChildElement("navMap"), 0, from_ncx, play_order);
        CHECK(from_nav == from_ncx);

        REQUIRE(from_nav.size() >= 3);
        CHECK(from_nav.front().href == "titlepage.xhtml");
        CHECK(from_nav[1].label == document.metadata.title);
        CHECK(from_nav.back().href == "colophon.xhtml");
        std::size_t headings = 0;
        for (const Block& block : document.blocks) headings += block.kind == BlockKind::Heading;
        CHECK(from_nav.size() == headings + 3);
        for (const NavEntry& entry : from_nav) {
            const std::string file = entry.href.substr(0, entry.href.find('#'));
            REQUIRE(book.files.count("EPUB/" + file) == 1);
            if (entry.href.find('#') != std::string::npos)
                CHECK(contains(book.files.at("EPUB/" + file), "id=\"" + entry.href.substr(entry.href.find('#') + 1) + "\""));
        }
        // Subheadings sit one level under their sections.
        for (std::size_t i = 2; i + 1 < from_nav.size(); ++i) CHECK(from_nav[i].depth >= 1);
    }
}

// ---- Splitting ----------------------------------------------------------------------------

TEST_CASE("long articles get one file per top-level section", "[epub]") {
    SECTION("long, with top-level sections at level 2: split, the first joining the header") {
        const Document document = long_document(4, 2);
        const Container book = unzip(write_epub(document, Style{}, options()));
        CHECK(book.files.count("EPUB/text.xhtml") == 0);
        for (int k = 1; k <= 4; ++k) {
            const std::string name = "EPUB/chapter-" + std::to_string(k) + ".xhtml";
            REQUIRE(book.files.count(name) == 1);
            const std::string& file = book.files.at(name);
            CHECK(contains(file, "epub:type=\"bodymatter chapter\""));
            CHECK(contains(file, ">Section " + std::to_string(k) + "</h2>"));  // level 2 is the top: h2
            CHECK(contains(file, ">Subsection " + std::to_string(k) + "</h3>"));
            CHECK(contains(file, "Closing words of section " + std::to_string(k) + "."));
            CHECK(contains(file, "<h1") == (k == 1));
        }
        CHECK(book.files.count("EPUB/chapter-5.xhtml") == 0);
        // No words lost or doubled.
        std::string all_text;
        for (const auto& [name, content] : book.files)
            if (name.find("chapter-") != std::string::npos) all_text += content;
        for (const Block& block : document.blocks) {
            if (block.kind != BlockKind::Paragraph) continue;
            const std::string paragraph = plain_text(block.inlines);
            const auto first = all_text.find(paragraph);
            CHECK(first != std::string::npos);
            CHECK(all_text.find(paragraph, first + 1) == std::string::npos);
        }
    }
    SECTION("an introduction before the first section gets a file of its own") {
        Document document = long_document(3, 1);
        document.blocks.insert(document.blocks.begin() + 1, paragraph("An introduction."));
        const Container book = unzip(write_epub(document, Style{}, options()));
        CHECK(contains(book.files.at("EPUB/chapter-1.xhtml"), "An introduction."));
        CHECK_FALSE(contains(book.files.at("EPUB/chapter-1.xhtml"), "Section 1<"));
        CHECK(contains(book.files.at("EPUB/chapter-2.xhtml"), "Section 1<"));
        CHECK(contains(book.files.at("EPUB/chapter-4.xhtml"), "Section 3<"));
    }
    SECTION("short articles stay in one file") {
        Document document = long_document(4, 1);
        for (Block& block : document.blocks)
            if (block.kind == BlockKind::Paragraph) block.inlines = {text("Few words.")};
        const Container book = unzip(write_epub(document, Style{}, options()));
        CHECK(book.files.count("EPUB/text.xhtml") == 1);
        CHECK(book.files.count("EPUB/chapter-1.xhtml") == 0);
    }
    SECTION("a long article with a single top-level section stays in one file") {
        const Container book = unzip(write_epub(long_document(1, 1), Style{}, options()));
        // 1 section of ~800 words is short too; make one long section.
        Document document = long_document(8, 2);
        for (Block& block : document.blocks)
            if (block.kind == BlockKind::Heading && block.level == 2 && block.inlines[0].text != "Section 1") block.level = 3;
        const Container single = unzip(write_epub(document, Style{}, options()));
        CHECK(single.files.count("EPUB/text.xhtml") == 1);
        CHECK(book.files.count("EPUB/text.xhtml") == 1);
    }
}

// ---- Container -----------------------------------------------------------------------------

TEST_CASE("mimetype is the first entry, stored, at the offsets OCF fixes", "[epub]") {
    const std::string bytes = write_epub(kitchen_sink(), Style{}, options());
    REQUIRE(bytes.size() > 58);
    CHECK(bytes.substr(0, 4) == std::string("PK\x03\x04", 4));
    CHECK(bytes[8] == 0);  // compression method 0: stored
    CHECK(bytes[9] == 0);
    CHECK(bytes.substr(30, 8) == "mimetype");
    CHECK(bytes.substr(38, 20) == "application/epub+zip");
    CHECK(bytes[28] == 0);  // no extra field before the content
    const Container book = unzip(bytes);
    CHECK(book.names.front() == "mimetype");
}

TEST_CASE("the same input gives the same bytes, in any time zone", "[epub]") {
    const char* saved = std::getenv("TZ");
    const std::string saved_zone = saved ? saved : "";
    setenv("TZ", "UTC", 1);
    tzset();
    const std::string utc = write_epub(kitchen_sink(), Style{}, options(1700000000));
    setenv("TZ", "Asia/Tokyo", 1);
    tzset();
    const std::string tokyo = write_epub(kitchen_sink(), Style{}, options(1700000000));
    setenv("TZ", "America/Los_Angeles", 1);
    tzset();
    const std::string los_angeles = write_epub(kitchen_sink(), Style{}, options(1700000000));
    if (saved) setenv("TZ", saved_zone.c_str(), 1); else unsetenv("TZ");
    tzset();
    CHECK(utc == tokyo);
    CHECK(utc == los_angeles);
    // ... and the timestamp is really used: the DOS time of 2023-11-14 22:13:20 UTC.
    const int dos_time = static_cast<unsigned char>(utc[10]) | (static_cast<unsigned char>(utc[11]) << 8);
    const int dos_date = static_cast<unsigned char>(utc[12]) | (static_cast<unsigned char>(utc[13]) << 8);
    CHECK(dos_time == ((22 << 11) | (13 << 5) | 10));
    CHECK(dos_date == (((2023 - 1980) << 9) | (11 << 5) | 14));
    CHECK(write_epub(kitchen_sink(), Style{}, options(1600000000)) != utc);
}

// ---- Style sheet --------------------------------------------------------------------------

TEST_CASE("the style sheet says the style in relative units", "[epub]") {
    const Style style = load_style("default");
    const std::string css = epub_css(style);
    CHECK(contains(css, "font-family: \"Charis SIL\", serif;"));
    CHECK(contains(css, "font-size: 1em;"));
    CHECK(contains(css, "line-height: 1.3;"));          // 13.65 / 10.5
    CHECK(contains(css, "p + p {\n  text-indent: 1.5em;"));  // 15.75 / 10.5
    CHECK(contains(css, "text-align: justify;"));
    CHECK(contains(css, "hyphens: auto;"));
    CHECK(contains(css, "h1 {\n  font-family: \"Charis SIL\", serif;\n  font-size: 2.095em;"));  // 22 / 10.5
    CHECK(contains(css, "h2 {\n  font-family: \"Charis SIL\", serif;\n  font-size: 1.333em;"));  // 14 / 10.5
    CHECK(contains(css, "content: \"⁂\";"));
    CHECK(contains(css, "color: #802020;"));
    CHECK(contains(css, "blockquote {\n  margin: 1em 1.5em;"));
    CHECK(contains(css, "font-variant: small-caps;"));  // the default byline

    Style plain = style;
    plain.alignment = Alignment::Left;
    plain.hyphenate = false;
    plain.body.family = "EB \"Garamond\"";
    plain.section_break_ornament = "";
    const std::string other = epub_css(plain);
    CHECK_FALSE(contains(other, "text-align: justify;"));
    CHECK_FALSE(contains(other, "hyphens: auto;"));
    CHECK(contains(other, "font-family: \"EB \\\"Garamond\\\"\", serif;"));
    CHECK_FALSE(contains(other, "content:"));
}

// ---- epubcheck and pandoc on real books ---------------------------------------------------

TEST_CASE("epubcheck accepts every book with no errors and no warnings, and pandoc reads it back", "[epub][epubcheck]") {
    int status = 0;
    const std::string version = run("java -version 2>&1", status);
    REQUIRE(status == 0);  // java must be installed (Debian package default-jre)
    REQUIRE(std::filesystem::exists("/usr/share/java/epubcheck.jar"));  // Debian package epubcheck

    const std::filesystem::path corpus = std::filesystem::path(GALLEY_SHARED_DIR) / "corpus";
    REQUIRE(std::filesystem::is_directory(corpus));
    std::vector<std::pair<std::string, Document>> books;
    books.emplace_back("kitchen-sink", kitchen_sink());
    books.emplace_back("long-split", long_document(7, 1));
    books.emplace_back("edge-cases", edge_cases());
    REQUIRE(galley_test::text_files(corpus).size() >= 9);
    const std::vector<std::filesystem::path> files = galley_test::corpus_and_sample_texts();
    for (const auto& file : files) books.emplace_back(file.stem().string(), split_corpus_file(file));

    // GALLEY_EPUB_KEEP=DIR keeps the books there, to look at them in a reader.
    const char* keep = std::getenv("GALLEY_EPUB_KEEP");
    const std::filesystem::path folder =
        keep ? std::filesystem::path(keep)
             : std::filesystem::temp_directory_path() / ("galley-epubcheck-" + std::to_string(getpid()));
    std::filesystem::create_directories(folder);
    std::vector<std::string> paths;
    for (const auto& [name, document] : books) {
        const std::string path = (folder / (name + ".epub")).string();
        std::ofstream(path, std::ios::binary) << write_epub(document, load_style("default"), options());
        paths.push_back(path);
    }

    // Two checks at a time: each is a JVM that takes 4 s or more. Stopping the JIT at its
    // first tier and the serial collector halve that for such short runs.
    std::vector<std::string> reports(paths.size());
    std::vector<int> statuses(paths.size());
    std::mutex mutex;
    std::size_t next = 0;
    auto worker = [&] {
        for (;;) {
            std::size_t index;
            {
                std::lock_guard<std::mutex> lock(mutex);
                if (next == paths.size()) return;
                index = next++;
            }
            int code = 0;
            std::string report = run("java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar /usr/share/java/epubcheck.jar '" + paths[index] + "' 2>&1", code);
            std::lock_guard<std::mutex> lock(mutex);
            reports[index] = std::move(report);
            statuses[index] = code;
        }
    };
    std::thread first(worker), second(worker);
    first.join();
    second.join();

    for (std::size_t i = 0; i < paths.size(); ++i) {
        INFO(paths[i] << "\n" << reports[i]);
        CHECK(statuses[i] == 0);
        CHECK(contains(reports[i], "Messages: 0 fatals / 0 errors / 0 warnings"));
        CHECK_FALSE(contains(reports[i], "WARNING"));
        CHECK_FALSE(contains(reports[i], "ERROR"));
    }

    // Another EPUB reader (pandoc) gets every paragraph back, and the metadata.
    const auto squeeze = [](const std::string& text) {
        std::string out;
        for (char c : text) {
            const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
            if (space && (out.empty() || out.back() == ' ')) continue;
            out += space ? ' ' : c;
        }
        return out;
    };
    for (std::size_t i = 0; i < paths.size(); ++i) {
        INFO(paths[i]);
        const Document& document = books[i].second;
        int code = 0;
        const std::string plain = squeeze(run("pandoc -f epub -t plain --wrap=none '" + paths[i] + "'", code));
        REQUIRE(code == 0);  // pandoc must be installed
        for (const Block& block : document.blocks)
            if (block.kind == BlockKind::Paragraph && block.inlines.size() == 1)
                CHECK(contains(plain, squeeze(galley::epub::xml_safe(block.inlines[0].text))));
        const std::string json = run("pandoc -f epub -t json '" + paths[i] + "'", code);
        REQUIRE(code == 0);
        CHECK(contains(json, "\"title\":{"));
        CHECK(contains(json, "\"language\":{\"t\":\"MetaInlines\",\"c\":[{\"t\":\"Str\",\"c\":\"" +
                                 (document.metadata.language.empty() ? "und" : document.metadata.language) + "\"}]}"));
        if (!document.metadata.authors.empty()) CHECK(contains(json, "\"author\":{"));
    }
    if (!keep) std::filesystem::remove_all(folder);
}
