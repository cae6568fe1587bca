// Running text → inlines: NFC normalisation and bare URLs as links.
#pragma once

#include <string>

#include "model/document.hpp"

namespace galley {

// `text` in Unicode Normalization Form C (ICU's Normalizer2).
std::string normalize_nfc(const std::string& text);

// Inlines for one paragraph's text (UTF-8, spaces already collapsed): NFC-normalised, with
// every bare URL (http://, https://, www.) made a Link whose label is the URL as written.
// Trailing punctuation (. , ; : ! ? quotes, and a closing bracket that has no opening one in
// the URL) is left outside the link.
Inlines make_inlines(const std::string& text);
Inlines make_inlines(std::string&& text);  // (the same, reusing the string)

}  // namespace galley
