#include "epub/xml_writer.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "text/utf8.hpp"

namespace galley::epub {

namespace {


bool allowed_in_xml(char32_t c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

// HTML elements that never have content, and so are the only ones written as <x/>.
bool is_void_html_element(std::string_view name) {
    static constexpr std::array<std::string_view, 14> names = {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"};
    return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::string xml_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        int length = 0;
        char32_t code_point = 0;
        char32_t smallest = 0;  // the smallest code point this length may encode (no overlongs)
        if (lead < 0x80) {
            length = 1, code_point = lead;
        } else if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2, code_point = lead & 0x1F, smallest = 0x80;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3, code_point = lead & 0x0F, smallest = 0x800;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4, code_point = lead & 0x07, smallest = 0x10000;
        }
        bool valid = length > 0 && i + static_cast<std::size_t>(length) <= text.size();
        for (int k = 1; valid && k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
            if ((next & 0xC0) != 0x80) valid = false;
            code_point = (code_point << 6) | (next & 0x3F);
        }
        if (valid && (code_point < smallest || code_point > 0x10FFFF)) valid = false;
        if (!valid) {
            // Not UTF-8: one replacement character per undecodable byte, and carry on.
            append_utf8(out, 0xFFFD);
            ++i;
            continue;
        }
        // Surrogates (U+D800..DFFF) fail allowed_in_xml too, so lone ones are dropped here.
        if (allowed_in_xml(code_point)) out.append(text.substr(i, static_cast<std::size_t>(length)));
        i += static_cast<std::size_t>(length);
    }
    return out;
}

XmlWriter::XmlWriter(Mode mode) : printer_(nullptr, /*compact=*/true), mode_(mode) {}

void XmlWriter::declaration() { printer_.PushDeclaration("xml version=\"1.0\" encoding=\"UTF-8\""); }

void XmlWriter::doctype(std::string_view body) {
    printer_.PushUnknown(("DOCTYPE " + std::string(body)).c_str());
}

void XmlWriter::open(std::string_view name) {
    open_elements_.emplace_back(name);
    printer_.OpenElement(open_elements_.back().c_str(), /*compactMode=*/true);
    just_opened_ = true;
}

void XmlWriter::attribute(std::string_view name, std::string_view value) {
    if (!just_opened_) throw std::logic_error("XmlWriter: an attribute after content");
    printer_.PushAttribute(std::string(name).c_str(), xml_safe(value).c_str());
}

void XmlWriter::text(std::string_view value) {
    const std::string safe = xml_safe(value);
    if (safe.empty()) return;
    printer_.PushText(safe.c_str());
    just_opened_ = false;
}

void XmlWriter::close() {
    if (open_elements_.empty()) throw std::logic_error("XmlWriter: close without open");
    // Pushing empty text ends the start tag with '>', so tinyxml2 writes </x> and not <x/>.
    if (just_opened_ && mode_ == Mode::Html && !is_void_html_element(open_elements_.back())) printer_.PushText("");
    printer_.CloseElement(/*compactMode=*/true);
    open_elements_.pop_back();
    just_opened_ = false;
}

void XmlWriter::newline() {
    printer_.PushText("\n");
    just_opened_ = false;
}

void XmlWriter::element(std::string_view name, std::string_view value) {
    open(name);
    text(value);
    close();
}

std::string XmlWriter::finish() {
    if (!open_elements_.empty()) throw std::logic_error("XmlWriter: <" + open_elements_.back() + "> left open");
    std::string out(printer_.CStr());
    out += '\n';
    return out;
}

}  // namespace galley::epub
