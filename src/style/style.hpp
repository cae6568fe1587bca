// A Style: everything about how an article looks, loaded from one file in styles/ and used
// by both backends (the EPUB backend turns it into CSS, the layout engine into pages).
//
// All lengths are in PostScript points (1/72 in). Lengths in the file may carry units
// (pt, in, mm, cm, pc, px, em); em is resolved against the body font size.
#pragma once

#include <string>
#include <vector>

namespace galley {

enum class Alignment { Justify, Left };

struct FontSpec {
    std::string family = "Charis SIL";  // a fontconfig family name
    double size = 10.5;                 // points
    bool small_caps = false;            // set with the font's smcp feature
    bool bold = false;
    bool italic = false;
};

struct HeadingStyle {
    FontSpec font;
    double space_before = 0;  // points
    double space_after = 0;   // points
};

struct Color {
    unsigned char red = 0, green = 0, blue = 0;
    std::string hex() const;  // "#rrggbb"
    bool operator==(const Color&) const = default;
};

struct Style {
    std::string name = "default";
    std::string description;

    // Page geometry (print). Mirrored margins: inner is the binding side.
    double page_width = 432;   // 6 in
    double page_height = 648;  // 9 in
    double margin_inner = 63;  // 0.875 in
    double margin_outer = 45;  // 0.625 in
    double margin_top = 54;    // 0.75 in
    double margin_bottom = 63; // 0.875 in
    bool two_sided = true;

    FontSpec body;                  // Charis SIL 10.5 pt
    FontSpec mono{"DejaVu Sans Mono", 9.0};
    double leading = 13.65;         // baseline-to-baseline distance of body text, points
    double paragraph_indent = 15.75;  // first-line indent, points (1.5 em)
    double paragraph_spacing = 0;   // extra space between paragraphs, points
    Alignment alignment = Alignment::Justify;
    bool hyphenate = true;
    int hyphen_min_before = 2;      // letters before a hyphen
    int hyphen_min_after = 3;       // letters after a hyphen
    std::vector<std::string> hyphenation_exceptions;  // "coun-ter-ter-ror" style
    bool optical_margins = true;
    std::string dash = "en";        // spaced " - " between words becomes: "en" (– ) or "em" (—)

    FontSpec title{"Charis SIL", 22};
    FontSpec subtitle{"Charis SIL", 13};
    FontSpec byline{"Charis SIL", 10.5};
    FontSpec running_head{"Charis SIL", 8.5};
    FontSpec folio{"Charis SIL", 9};
    std::vector<HeadingStyle> headings;  // index 0 is level 1; always 6 entries after loading
    double block_quote_indent = 15.75;
    double list_indent = 15.75;
    std::string section_break_ornament = "⁂";

    Color text_color{};
    Color accent_color{0x80, 0x20, 0x20};

    bool running_heads = true;
    bool folios = true;
    bool pdfa = false;  // archival PDF/A output by default with this style

    // The directory the style file was loaded from ("" for the built-in default).
    std::string origin;
};

// Load a style by NAME (looked up in the style directories) or by FILE path (anything that
// contains a '/' or ends in .yaml). Throws galley::Error (exit code Config or Usage).
Style load_style(const std::string& name_or_file);

// Parse a style from YAML text; `file` names it in error messages.
Style parse_style(const std::string& yaml_text, const std::string& file);

// The directories searched for named styles, in order.
std::vector<std::string> style_search_path();

// A length such as "0.875in", "12pt", "1.5em" in points; `em` is the body font size.
// Throws std::invalid_argument with a message when it cannot be read.
double parse_length(const std::string& text, double em);

}  // namespace galley
