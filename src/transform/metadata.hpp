// Metadata transforms: merging what the user gave with what the text says, and defaults.
#pragma once

#include <functional>
#include <string>

#include "model/document.hpp"

namespace galley {

// Copy every field that is set in `overrides` into `base` (empty strings and lists are "not set").
void merge_metadata(Metadata& base, const Metadata& overrides);

// Guess the language of the article's text from its most common function words: "en", "fr",
// "de", "es", "it", "nl", "pt" or "" when no guess is confident.
std::string guess_language(const Document& document);

// Fill what is still missing: the language (guessed, else "en"), and the title (the input's
// file stem, reported through `warn`). Never overwrites a field that is set.
void apply_metadata_defaults(Document& document, const std::function<void(const std::string&)>& warn);

// A content-derived identifier: "urn:uuid:" + a name-based (SHA-1, version 5) UUID of the
// document's metadata and text, so the same article always gets the same identifier.
std::string content_identifier(const Document& document);

}  // namespace galley
