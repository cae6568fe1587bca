// The one place where the EPUB backend turns text into XML: every string that reaches a file
// in the book passes through XmlWriter, which first drops what XML 1.0 forbids and then lets
// tinyxml2's printer escape it. Nothing else in src/epub/ writes markup by hand.
#pragma once

#include <deque>
#include <string>
#include <string_view>

#include <tinyxml2.h>

namespace galley::epub {

// `text` with every character XML 1.0 cannot carry removed: C0 controls other than tab, line
// feed and carriage return, U+FFFE and U+FFFF, and UTF-16 surrogates encoded on their own.
// Byte sequences that are not UTF-8 at all become U+FFFD, so the result is always valid UTF-8.
std::string xml_safe(std::string_view text);

// A streaming XML writer over tinyxml2::XMLPrinter in compact mode (no indentation is ever
// added inside elements, where it would change how inline text renders).
class XmlWriter {
public:
    // In Html mode only HTML's void elements (br, hr, link, meta...) may be written as
    // `<x/>`; any other element left empty is written `<x></x>`, because HTML parsers read
    // `<p/>` as an open tag. Xml mode (OPF, NCX, container) self-closes every empty element.
    enum class Mode { Html, Xml };

    explicit XmlWriter(Mode mode);
    XmlWriter(const XmlWriter&) = delete;
    XmlWriter& operator=(const XmlWriter&) = delete;

    void declaration();                  // <?xml version="1.0" encoding="UTF-8"?>
    void doctype(std::string_view body);  // <!DOCTYPE body>
    void open(std::string_view name);
    void attribute(std::string_view name, std::string_view value);
    void text(std::string_view value);
    void close();
    // Whitespace between blocks, so files are readable; never inside inline content.
    void newline();

    // Shorthand for open(name), text(value), close().
    void element(std::string_view name, std::string_view value);

    // The finished document (every element must be closed), ending in a newline.
    std::string finish();

private:
    tinyxml2::XMLPrinter printer_;
    Mode mode_;
    // tinyxml2 keeps a pointer to each open element's name until it closes, so the names
    // live in a deque, whose elements never move.
    std::deque<std::string> open_elements_;
    bool just_opened_ = false;
};

}  // namespace galley::epub
