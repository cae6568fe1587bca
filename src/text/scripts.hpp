// Facts about writing systems that more than one stage needs.
#pragma once

#include <unicode/uchar.h>

namespace galley {

// A Chinese or Japanese letter: an ideograph, hiragana or katakana. Text in them puts no spaces
// between words (article understanding counts words by them; the layout engine may break and
// justify between any two of them).
inline bool is_unspaced_letter(char32_t c) {
    return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_IDEOGRAPHIC) || (c >= 0x3041 && c <= 0x30FF);
}

}  // namespace galley
