// The EPUB backend's inner parts. write_epub() (epub.cpp) plans the book once (plan.cpp) and
// then each file of the book is written from the plan: the XHTML documents (xhtml.cpp), the
// package document, NCX and container (package.cpp), the style sheet (css.cpp), and finally
// the zip (zip.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "epub/epub.hpp"
#include "model/document.hpp"

namespace galley::epub {

// The words the book adds itself (title page, contents, colophon), in the book's language.
struct Labels {
    std::string language;  // the language these words are in ("en", "fr", "de")
    std::string title_page;
    std::string contents;
    std::string landmarks;
    std::string text;
    std::string colophon;
    std::string and_word;  // joins the last two names: "A, B and C"
    std::string by;        // "By" before the author names
    std::string published;
    std::string publisher;
    std::string source;
    std::string rights;
    std::string identifier;
    std::string made_with;
    std::string accessibility_summary;
};
const Labels& labels_for(const std::string& language);

// "A", "A and B", "A, B and C".
std::string join_names(const std::vector<std::string>& names, const std::string& and_word);

// An entry of the table of contents; the nav and the NCX are both written from one list.
struct TocEntry {
    std::string label;
    std::string href;  // relative to the package document's folder
    int depth = 0;     // 0 for the top; never more than one deeper than the entry before
};

// One XHTML file of the article's text: blocks [first_block, end_block) of the document.
struct TextFile {
    std::string name;  // "text.xhtml" or "chapter-N.xhtml"
    std::string id;    // manifest id and the id of its <section>
    std::string title;  // for <title>
    std::size_t first_block = 0;
    std::size_t end_block = 0;
};

struct NotePlace {
    int number = 0;         // 1, 2, 3... in reading order of the first reference
    std::size_t file = 0;   // index into BookPlan::text_files: where the note's <aside> goes
    const Footnote* note = nullptr;
    bool referenced = false;  // some text refers to it (so it gets a backlink)
};

// A page of the print edition: where its marker goes in the EPUB.
struct PagePlace {
    std::string label;
    std::string id;                // "page-N", unique in the book
    std::size_t file = 0;          // index into BookPlan::text_files
    const Block* block = nullptr;  // nullptr: at the start of its file's text
    int word = 0;                  // before this word of the block's plain text
};

struct BookPlan {
    Metadata metadata;        // title, language and identifier are never empty here
    const Labels* labels = nullptr;
    // Blocks [0, header_end) are article furniture: the Title, Dek, Byline and Dateline among
    // them make the <header>; Credit and Provenance follow it.
    std::size_t header_end = 0;
    int top_level = 1;           // the smallest heading level present among top-level blocks
    std::vector<TextFile> text_files;
    std::map<const Block*, std::string> heading_ids;  // top-level headings -> their id
    std::map<std::string, NotePlace> notes;           // footnote id -> where it is written
    std::vector<TocEntry> toc;
    bool split = false;  // one file per top-level section
    std::vector<PagePlace> pages;     // in page order; empty without a page list
    std::string page_break_source;
};

// Words above which an article with two or more top-level sections gets a file per section.
inline constexpr std::size_t split_word_threshold = 5000;

BookPlan plan_book(const Document& document);

// Finds the block and file of each page break (options.page_breaks) for the plan.
void plan_pages(BookPlan& plan, const Document& document, const EpubOptions& options);

// The language of the words the book adds, when they are not in the book's own language
// (English labels in a Spanish book); "" when they are.
std::string label_language(const BookPlan& plan);

// File names inside the EPUB folder of the container.
inline constexpr const char* package_folder = "EPUB";
inline constexpr const char* titlepage_file = "titlepage.xhtml";
inline constexpr const char* colophon_file = "colophon.xhtml";
inline constexpr const char* nav_file = "nav.xhtml";
inline constexpr const char* ncx_file = "toc.ncx";
inline constexpr const char* css_file = "style.css";
inline constexpr const char* package_file = "content.opf";

std::string text_xhtml(const Document& document, const BookPlan& plan, std::size_t file_index);
std::string titlepage_xhtml(const BookPlan& plan);
std::string colophon_xhtml(const Document& document, const BookPlan& plan, const EpubOptions& options);
std::string nav_xhtml(const BookPlan& plan);
std::string toc_ncx(const BookPlan& plan);
std::string package_opf(const BookPlan& plan, const EpubOptions& options);
std::string container_xml();

// "CCYY-MM-DDThh:mm:ssZ" in UTC.
std::string iso_timestamp(std::int64_t seconds);
// True for the W3C date forms the OPF accepts without warnings: YYYY, YYYY-MM, YYYY-MM-DD.
bool is_w3c_date(const std::string& date);
// A W3C date as the book's language writes it ("6 May 2024"); anything else unchanged.
std::string display_date(const std::string& iso_date, const std::string& language);
// An http(s) or mailto URL made safe to use as an href, or "" when it is none of those.
std::string external_href(const std::string& url);

// The zip container: `files` in order (mimetype must be first), every entry dated `timestamp`.
std::string zip_container(const std::vector<std::pair<std::string, std::string>>& files, std::int64_t timestamp);

}  // namespace galley::epub
