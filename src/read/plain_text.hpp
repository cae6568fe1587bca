// The plain-text reader: UTF-8 text as it comes out of an editor or off the web → Document.
#pragma once

#include <string>

#include "model/document.hpp"

namespace galley {

// Read an article in plain text. `name` is used in error messages (and as
// Document::source_name). Handles a BOM, CRLF/CR line ends, tabs, trailing whitespace,
// hard-wrapped paragraphs, section-break lines, list items, quoted blocks, bare URLs,
// title-like lines as headings, and optional YAML front matter (whose fields fill
// Document::metadata).
// Throws galley::Error with ExitCode::DataError naming file, line and column for invalid
// UTF-8, NUL bytes, bad front matter or an article with no text.
Document read_plain_text(const std::string& bytes, const std::string& name);

// Read metadata from YAML text (front matter, or a sidecar ARTICLE.yaml). `first_line` is the
// line number of the YAML's first line in `file`, for messages.
// Throws galley::Error (DataError) on invalid YAML or a field of the wrong type.
Metadata parse_metadata_yaml(const std::string& yaml, const std::string& file, int first_line);

}  // namespace galley
