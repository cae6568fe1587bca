// Archival output for one article: a PDF/A-3b that carries its source (and its EPUB) inside,
// a metadata.json record, and the BagIt bag that holds them all with checksums.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "galley.hpp"

namespace galley::archive {

// The input exactly as read, kept byte for byte.
struct SourceFile {
    std::string name;   // file name in the bag and in the PDF ("article.txt")
    std::string bytes;
};

// The EPUB and PDF/A of one article, from one layout: the EPUB's page list marks where the
// PDF's pages begin, and the PDF carries the source and the EPUB.
struct Editions {
    std::string epub;
    std::string pdf;
};
Editions render_archival_editions(const Document& document, const Style& style, const RenderOptions& options,
                                  const SourceFile& source, const std::string& stem, const DiagnosticSink& sink);

// PDF/A-3b and PDF/UA-1 (when tagged), the source embedded as /AFRelationship /Source and,
// when given, the EPUB as /Alternative. Layout warnings go to the sink.
std::string render_archival_pdf(const Document& document, const Style& style, const RenderOptions& options,
                                const SourceFile& source, const std::string& epub_bytes, const DiagnosticSink& sink);

// metadata.json: every metadata field, what was recognised (the sink's notes) and dropped
// (Document::removed), galley's version, the style and the timestamp. Deterministic.
std::string metadata_json(const Document& document, const Style& style, std::int64_t timestamp,
                          const SourceFile& source, const std::vector<Diagnostic>& recognised);

// Writes DIRECTORY/STEM/ as a BagIt bag: data/ holds the source (and its sidecar, if any),
// STEM.epub, STEM.pdf and metadata.json. Returns the bag's path.
std::string write_article_bag(const std::string& directory, const std::string& stem, const Document& document,
                              const Style& style, std::int64_t timestamp, const std::vector<SourceFile>& sources,
                              const std::string& epub_bytes, const std::string& pdf_bytes,
                              const std::vector<Diagnostic>& recognised);

// JSON string literal for UTF-8 text (quotes included).
std::string json_string(const std::string& text);

}  // namespace galley::archive
