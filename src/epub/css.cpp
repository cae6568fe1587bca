// The style sheet: the same Style the PDF is laid out with, said in CSS. Sizes become ratios
// of the body size (em, unitless line-height), so a reader's own font size setting still
// scales everything; the page geometry is print-only and has no equivalent here.
#include <cmath>
#include <cstdint>
#include <string>

#include "epub/book.hpp"

namespace galley {

namespace {

// A number with at most three decimals and no trailing zeros, independent of the C locale.
std::string number(double value) {
    const auto thousandths = static_cast<std::int64_t>(std::llround(value * 1000));
    const std::int64_t magnitude = thousandths < 0 ? -thousandths : thousandths;
    std::string out = (thousandths < 0 ? "-" : "") + std::to_string(magnitude / 1000);
    std::int64_t fraction = magnitude % 1000;
    if (fraction != 0) {
        std::string digits = std::to_string(fraction);
        digits.insert(0, 3 - digits.size(), '0');
        while (digits.back() == '0') digits.pop_back();
        out += "." + digits;
    }
    return out;
}

std::string em(double points, double reference) {
    const std::string value = reference > 0 ? number(points / reference) : "0";
    return value == "0" ? value : value + "em";
}

// A CSS string literal: quotes and backslashes escaped, line ends written as escapes.
std::string css_string(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n' || c == '\r') {
            out += "\\a ";
        } else if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') {
            out += c;
        }
    }
    return out + "\"";
}

std::string font_family(const std::string& family, const char* fallback) {
    return family.empty() ? std::string(fallback) : css_string(family) + ", " + fallback;
}

// Weight, style and small capitals of a FontSpec, for an element whose defaults are unknown.
std::string font_face_rules(const FontSpec& font) {
    std::string out;
    out += std::string("  font-weight: ") + (font.bold ? "bold" : "normal") + ";\n";
    out += std::string("  font-style: ") + (font.italic ? "italic" : "normal") + ";\n";
    if (font.small_caps) out += "  font-variant: small-caps;\n";
    return out;
}

std::string hyphenation(bool on) {
    const char* value = on ? "auto" : "manual";
    return std::string("  -webkit-hyphens: ") + value + ";\n  -epub-hyphens: " + value + ";\n  hyphens: " + value + ";\n";
}

}  // namespace

std::string epub_css(const Style& style) {
    const double body = style.body.size > 0 ? style.body.size : 10.5;
    std::string css;
    std::string name;
    for (char c : style.name)
        if (c != '*' && c != '/' && static_cast<unsigned char>(c) >= 0x20) name += c;
    css += "/* Made by galley from the style \"" + name + "\". */\n\n";

    css += "body {\n";
    css += "  font-family: " + font_family(style.body.family, "serif") + ";\n";
    css += "  font-size: 1em;\n";
    css += "  line-height: " + number(style.leading / body) + ";\n";
    if (!(style.text_color == Color{})) css += "  color: " + style.text_color.hex() + ";\n";
    // A run of text wider than the page with no break opportunity (a long URL without
    // slashes, a hash) wraps anywhere rather than running past the edge, as in the PDF.
    css += "  overflow-wrap: break-word;\n";
    css += "  widows: 2;\n  orphans: 2;\n}\n\n";

    css += "p {\n  margin: 0;\n  text-indent: 0;\n";
    css += std::string("  text-align: ") + (style.alignment == Alignment::Justify ? "justify" : "left") + ";\n";
    css += hyphenation(style.hyphenate);
    css += "}\n\n";
    // Paragraphs are told apart by an indent (none after a heading, a break or a quote, as
    // only `p + p` gets one) and, if the style asks for it, by space.
    css += "p + p {\n  text-indent: " + em(style.paragraph_indent, body) + ";\n";
    if (style.paragraph_spacing > 0) css += "  margin-top: " + em(style.paragraph_spacing, body) + ";\n";
    css += "}\n\n";
    css += "p.title, p.dek, p.byline, p.dateline, p.credit, p.provenance,\n"
           "p.credit + p, p.provenance + p, p.title + p, p.dek + p, p.byline + p, p.dateline + p {\n"
           "  text-indent: 0;\n}\n\n";

    css += "h1, h2, h3, h4, h5, h6 {\n  text-align: left;\n  line-height: 1.2;\n";
    css += hyphenation(false);
    css += "  page-break-after: avoid;\n  break-after: avoid;\n}\n\n";
    css += "h1 {\n  font-family: " + font_family(style.title.family, "serif") + ";\n";
    css += "  font-size: " + em(style.title.size, body) + ";\n";
    css += font_face_rules(style.title);
    css += "  margin: 0 0 0.5em 0;\n}\n\n";
    for (std::size_t level = 0; level < 5 && level < style.headings.size(); ++level) {
        const HeadingStyle& heading = style.headings[level];
        const double size = heading.font.size > 0 ? heading.font.size : body;
        css += "h" + std::to_string(level + 2) + " {\n";
        css += "  font-family: " + font_family(heading.font.family, "serif") + ";\n";
        css += "  font-size: " + em(size, body) + ";\n";
        css += font_face_rules(heading.font);
        // Margins in em of the heading's own size, so they keep the style's points.
        css += "  margin: " + em(heading.space_before, size) + " 0 " + em(heading.space_after, size) + " 0;\n}\n\n";
    }

    css += "header {\n  margin: 0 0 2em 0;\n}\n\n";
    css += "p.dek, p.subtitle {\n  font-size: " + em(style.subtitle.size, body) + ";\n" + font_face_rules(style.subtitle) +
           "  text-align: left;\n  margin: 0.5em 0;\n}\n\n";
    css += "p.byline, p.authors {\n  font-size: " + em(style.byline.size, body) + ";\n" +
           font_face_rules(style.byline) + "  text-align: left;\n  margin: 0.5em 0 0 0;\n}\n\n";
    css += "p.dateline {\n  text-align: left;\n  margin: 0.25em 0 0 0;\n}\n\n";
    css += "p.credit, p.provenance {\n  font-size: 0.85em;\n  font-style: italic;\n  text-align: left;\n"
           "  margin: 0.75em 0;\n}\n\n";

    const std::string quote_indent = em(style.block_quote_indent, body);
    css += "blockquote {\n  margin: 1em " + quote_indent + ";\n}\n\n";
    css += "ul, ol {\n  margin: 1em 0;\n  padding: 0 0 0 " + em(style.list_indent, body) + ";\n}\n\n";
    css += "li {\n  margin: 0.25em 0;\n}\n\n";
    css += "li > p + p {\n  text-indent: 0;\n  margin-top: 0.5em;\n}\n\n";

    css += "hr.section-break {\n  border: none;\n  height: auto;\n  margin: 1.5em 0;\n  text-align: center;\n"
           "  overflow: visible;\n";
    if (style.section_break_ornament.empty())
        css += "  border-top: 1px solid " + style.accent_color.hex() + ";\n  width: 25%;\n  margin: 1.5em auto;\n";
    css += "}\n\n";
    if (!style.section_break_ornament.empty())
        css += "hr.section-break::after {\n  content: " + css_string(style.section_break_ornament) +
               ";\n  color: " + style.accent_color.hex() + ";\n  text-indent: 0;\n}\n\n";

    css += "code {\n  font-family: " + font_family(style.mono.family, "monospace") + ";\n";
    css += "  font-size: " + em(style.mono.size, body) + ";\n" + hyphenation(false) + "}\n\n";
    css += "sup {\n  font-size: 0.75em;\n  line-height: 0;\n  vertical-align: super;\n}\n\n";
    css += "a[href^=\"#note\"], a[href*=\".xhtml#note\"] {\n  text-decoration: none;\n}\n\n";
    css += "aside {\n  font-size: 0.9em;\n  margin: 0.5em 0 0 0;\n}\n\n";
    // Notes follow the text's section; a short rule sets them off from it.
    css += "section + aside {\n  margin-top: 2em;\n  padding-top: 0.5em;\n  border-top: 1px solid;\n}\n\n";

    css += "section#titlepage {\n  text-align: center;\n  margin-top: 3em;\n}\n\n";
    css += "section#titlepage h1, section#titlepage p {\n  text-align: center;\n  text-indent: 0;\n}\n\n";
    css += "section#titlepage p.authors {\n  margin-top: 2em;\n}\n\n";
    css += "section#titlepage p.date, section#titlepage p.publisher {\n  margin: 0.25em 0;\n}\n\n";
    css += "section#colophon p {\n  text-indent: 0;\n  text-align: left;\n  margin: 0.75em 0;\n" +
           hyphenation(false) + "}\n\n";
    css += "nav ol {\n  list-style-type: none;\n}\n";
    return css;
}

}  // namespace galley
