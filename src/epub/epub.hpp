// The EPUB backend: Document + Style → an EPUB 3 file (with an EPUB 2 NCX for old readers).
#pragma once

#include <cstdint>
#include <string>

#include "model/document.hpp"
#include "style/style.hpp"

namespace galley {

struct EpubOptions {
    std::int64_t timestamp = 946684800;  // seconds since the epoch: zip entry times, dcterms:modified
    std::string generator = "galley";    // e.g. "galley 0.1.0", named in the colophon and OPF
};

// The whole EPUB as bytes (a zip). Deterministic: the same inputs give the same bytes.
std::string write_epub(const Document& document, const Style& style, const EpubOptions& options);

// The style sheet the EPUB carries, generated from the style.
std::string epub_css(const Style& style);

}  // namespace galley
