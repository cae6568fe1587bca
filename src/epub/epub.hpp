// The EPUB backend: Document + Style → an EPUB 3 file (with an EPUB 2 NCX for old readers).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/document.hpp"
#include "style/style.hpp"

namespace galley {

// Where a page of another edition (galley's PDF) begins, in model terms.
struct PageBreak {
    std::string label;        // the page's number as printed ("1", "2"...)
    SourcePosition position;  // the block where the page begins ({}: before the text)
    int word = 0;             // words of that block's plain text before the page begins
};

struct EpubOptions {
    std::int64_t timestamp = 946684800;  // seconds since the epoch: zip entry times, dcterms:modified
    std::string generator = "galley";    // e.g. "galley 0.1.0", named in the colophon and OPF
    // A page list (nav page-list and in-text pagebreak markers) for the pages of
    // `page_break_source` (the edition they come from, e.g. "Title (PDF, galley 0.1.0)").
    std::vector<PageBreak> page_breaks;
    std::string page_break_source;
};

// The whole EPUB as bytes (a zip). Deterministic: the same inputs give the same bytes.
std::string write_epub(const Document& document, const Style& style, const EpubOptions& options);

// The style sheet the EPUB carries, generated from the style.
std::string epub_css(const Style& style);

}  // namespace galley
