// Article furniture: telling the article from what surrounds it on a web page.
//
// Text copied off the web carries, besides the article, its furniture (headline, standfirst,
// byline, dateline, photo credits, a "this piece originally ran on…" note) and the site's
// chrome (navigation, share buttons, donation and newsletter appeals, related links,
// comments, copyright footers, captions, tables of contents). This transform finds them,
// retags the furniture with its role, fills the metadata the text states, and takes the
// chrome out of the body (into Document::removed) so that no word of the article is lost and
// none of the chrome is printed as if it were the article.
//
// The rules judge runs of paragraphs, not one publisher's phrases: the body is the dense run
// of prose paragraphs; what comes before and after it is classified line by line with
// features that generalise (length, final punctuation, ALL CAPS, second person, imperative
// openings, appeal/share/comment/copyright vocabulary in English, French, German and a few
// more languages, URLs, counters, dates, bylines) and removed only as a run that carries such
// evidence. Inside the body only lines with an unmistakable signature are removed
// ("Advertisement", "Media caption", "Lire aussi :", "Main article:", photo captions).
#pragma once

#include <string>
#include <vector>

#include "model/document.hpp"

namespace galley {

struct FurnitureOptions {
    bool keep_boilerplate = false;  // recognise boilerplate but leave it in the body
};

// One thing the transform recognised, for --explain and -v.
struct Recognition {
    std::string what;  // "title", "dek", "byline", "date", "credit", "provenance", "heading",
                       // "notes", "title (from the lede)", "boilerplate: donation appeal", ...
    SourcePosition position;
    std::string text;
};

// Recognise title, dek, byline, dateline, credits, provenance and boilerplate in a Document
// read from plain text. Retags blocks with roles (Title, Dek, Byline, Dateline, Credit,
// Provenance), fills EMPTY metadata fields only (title, authors, date in ISO 8601,
// source_name, rights from a Creative Commons licence line), removes boilerplate into
// Document::removed unless keep_boilerplate, moves a trailing numbered references list into
// Document::footnotes, and returns what it recognised, in line order. When the text has no
// title and metadata.title is empty, the title becomes the lede's first words (≤ 70
// characters, cut at a word boundary, with an ellipsis) and a "title (from the lede)"
// recognition tells the caller to warn.
std::vector<Recognition> recognise_furniture(Document& document, const FurnitureOptions& options);

// Helpers, public for tests and for other transforms.

// The first date in `text` as ISO 8601 ("2015-07-24", or "2015-07" without a day), or "".
// Understands "July 24, 2015", "24 July 2015", "Thu 3 Jan 2019", "04.05.2015" (day first),
// "11/20/2019" (month first unless the first number exceeds 12), "2018-10-09", and English,
// French, German, Spanish, Italian and Dutch month names.
std::string find_date(const std::string& text);

// The names in a byline ("By JANE DOE and John Roe", "Par Martin Untersinger (avec Damien
// Leloup)", "October 9, 2018 | by Olivia Larsen"), or empty when the line is not a byline.
// All-caps names are set in title case, as a person would write them.
std::vector<std::string> parse_byline(const std::string& text);

// A Creative Commons licence named in `text`, short form ("CC BY 2.0", "CC BY-NC-SA 3.0 US",
// "CC0 1.0"), or "".
std::string find_creative_commons(const std::string& text);

}  // namespace galley
