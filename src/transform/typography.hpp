// Smart typography: what a copy editor does to text typed on a keyboard, per language.
//
// Straight quotes become the language's curly quotes (from CLDR through ICU: “ ” ‘ ’ in
// English, „ “ ‚ ‘ in German, « » with narrow no-break spaces in French), apostrophes in
// contractions, possessives and elisions ('90s, rock 'n' roll) become ’, `--` an en dash,
// `---` an em dash, a spaced hyphen between words a spaced en dash (or a closed em dash),
// `...` an ellipsis, and no-break spaces keep together what must not be split at a line end:
// a number and its unit, "p. 12", "No. 5", initials "J. R. R. Tolkien", "Mr. Hyde", German
// "z. B.", and, in the languages whose typography asks for it (Czech, Slovak, Polish,
// Slovenian), a one-letter word and the word after it. English, French and German do not ask
// for that last rule, so it is off for them.
//
// Characters that are already typographic (curly quotes, dashes, no-break spaces) are left as
// they are: only ASCII quotes, hyphens, dots and plain spaces are ever changed.
#pragma once

#include <string>

#include "model/document.hpp"

namespace galley {

struct TypographyOptions {
    // What a spaced hyphen between words (" - ") becomes: "en" gives a spaced en dash
    // ("word – word", the space before it no-break), "em" a closed em dash ("word—word").
    std::string dash = "en";
};

// Apply smart typography to every Text inline of the document (never inside Code, never to a
// link's target). A paragraph's text inlines are processed as one stream, so a quotation
// opened in plain text and closed inside an emphasis is still paired. `language` is the
// document's BCP 47 tag; a block's own `language` wins for that block. The metadata's title,
// subtitle and description get the same treatment (they are shown in the book too).
void apply_typography(Document& document, const std::string& language, const TypographyOptions& options);

// The same rules on one string (a paragraph on its own).
std::string smarten(const std::string& text, const std::string& language, const TypographyOptions& options);

}  // namespace galley
