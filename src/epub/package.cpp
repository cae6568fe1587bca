// The package document (metadata, manifest, spine), the EPUB 2 NCX for older reading systems,
// and META-INF/container.xml.
#include <algorithm>

#include "epub/book.hpp"
#include "epub/xml_writer.hpp"

namespace galley::epub {

namespace {

using Mode = XmlWriter::Mode;

void meta_property(XmlWriter& out, const std::string& property, const std::string& value,
                   const std::string& refines = {}, const std::string& scheme = {}) {
    out.open("meta");
    if (!refines.empty()) out.attribute("refines", refines);
    out.attribute("property", property);
    if (!scheme.empty()) out.attribute("scheme", scheme);
    out.text(value);
    out.close();
    out.newline();
}

void dublin_core(XmlWriter& out, const std::string& element, const std::string& value, const std::string& id = {}) {
    if (value.empty()) return;
    out.open("dc:" + element);
    if (!id.empty()) out.attribute("id", id);
    out.text(value);
    out.close();
    out.newline();
}

void manifest_item(XmlWriter& out, const std::string& id, const std::string& href, const std::string& media_type,
                   const std::string& properties = {}) {
    out.open("item");
    out.attribute("id", id);
    out.attribute("href", href);
    out.attribute("media-type", media_type);
    if (!properties.empty()) out.attribute("properties", properties);
    out.close();
    out.newline();
}

void spine_item(XmlWriter& out, const std::string& idref) {
    out.open("itemref");
    out.attribute("idref", idref);
    out.close();
    out.newline();
}

}  // namespace

std::string package_opf(const BookPlan& plan, const EpubOptions& options) {
    const Metadata& metadata = plan.metadata;
    XmlWriter out(Mode::Xml);
    out.declaration();
    out.newline();
    out.open("package");
    out.attribute("xmlns", "http://www.idpf.org/2007/opf");
    out.attribute("version", "3.0");
    out.attribute("unique-identifier", "book-id");
    out.attribute("xml:lang", metadata.language);
    out.newline();

    out.open("metadata");
    out.attribute("xmlns:dc", "http://purl.org/dc/elements/1.1/");
    out.newline();
    dublin_core(out, "identifier", metadata.identifier, "book-id");
    dublin_core(out, "title", metadata.title, "title");
    meta_property(out, "title-type", "main", "#title");
    if (!metadata.subtitle.empty()) {
        dublin_core(out, "title", metadata.subtitle, "subtitle");
        meta_property(out, "title-type", "subtitle", "#subtitle");
    }
    int creator = 0;
    for (const std::string& author : metadata.authors) {
        if (author.empty()) continue;
        const std::string id = "creator-" + std::to_string(++creator);
        dublin_core(out, "creator", author, id);
        meta_property(out, "role", "aut", "#" + id, "marc:relators");
    }
    dublin_core(out, "language", metadata.language);
    // A date the OPF cannot read would only earn a warning; the colophon still shows it.
    if (is_w3c_date(metadata.date)) dublin_core(out, "date", metadata.date);
    dublin_core(out, "publisher", metadata.publisher);
    dublin_core(out, "source", metadata.source_url.empty() ? metadata.source_name : metadata.source_url);
    // The edition the page list comes from. EPUB 3.2's way (dc:source refined by source-of);
    // the newer pageBreakSource property is still an error for epubcheck 4.2.
    if (!plan.pages.empty() && !plan.page_break_source.empty()) {
        dublin_core(out, "source", plan.page_break_source, "page-break-source");
        meta_property(out, "source-of", "pagination", "#page-break-source");
    }
    dublin_core(out, "rights", metadata.rights);
    dublin_core(out, "description", metadata.description);
    for (const std::string& keyword : metadata.keywords) dublin_core(out, "subject", keyword);
    meta_property(out, "dcterms:modified", iso_timestamp(options.timestamp));

    // EPUB Accessibility 1.1: what the book is made of and what helps to read it. Every
    // claim is true of every book this backend writes: text only, a nav with the headings,
    // semantic markup in reading order, no flashing, sound or motion.
    meta_property(out, "schema:accessMode", "textual");
    meta_property(out, "schema:accessModeSufficient", "textual");
    meta_property(out, "schema:accessibilityFeature", "structuralNavigation");
    meta_property(out, "schema:accessibilityFeature", "tableOfContents");
    meta_property(out, "schema:accessibilityFeature", "readingOrder");
    if (!plan.pages.empty()) meta_property(out, "schema:accessibilityFeature", "printPageNumbers");
    meta_property(out, "schema:accessibilityHazard", "none");
    out.open("meta");
    out.attribute("property", "schema:accessibilitySummary");
    // English words in a book in a language we have no words for are marked as English.
    if (!label_language(plan).empty()) out.attribute("xml:lang", label_language(plan));
    out.text(plan.labels->accessibility_summary);
    out.close();
    out.newline();
    meta_property(out, "dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA");
    out.open("meta");
    out.attribute("name", "generator");
    out.attribute("content", options.generator);
    out.close();
    out.newline();
    out.close();  // metadata
    out.newline();

    out.open("manifest");
    out.newline();
    manifest_item(out, "nav", nav_file, "application/xhtml+xml", "nav");
    manifest_item(out, "ncx", ncx_file, "application/x-dtbncx+xml");
    manifest_item(out, "css", css_file, "text/css");
    manifest_item(out, "titlepage", titlepage_file, "application/xhtml+xml");
    for (const TextFile& file : plan.text_files) manifest_item(out, file.id, file.name, "application/xhtml+xml");
    manifest_item(out, "colophon", colophon_file, "application/xhtml+xml");
    out.close();
    out.newline();

    out.open("spine");
    out.attribute("toc", "ncx");
    out.newline();
    spine_item(out, "titlepage");
    for (const TextFile& file : plan.text_files) spine_item(out, file.id);
    spine_item(out, "colophon");
    out.close();
    out.newline();
    out.close();  // package
    return out.finish();
}

std::string toc_ncx(const BookPlan& plan) {
    const Metadata& metadata = plan.metadata;
    XmlWriter out(Mode::Xml);
    out.declaration();
    out.newline();
    out.open("ncx");
    out.attribute("xmlns", "http://www.daisy.org/z3986/2005/ncx/");
    out.attribute("version", "2005-1");
    out.attribute("xml:lang", metadata.language);
    out.newline();
    int max_depth = 0;
    for (const TocEntry& entry : plan.toc) max_depth = std::max(max_depth, entry.depth);
    out.open("head");
    out.newline();
    auto head_meta = [&](const char* name, const std::string& content) {
        out.open("meta");
        out.attribute("name", name);
        out.attribute("content", content);
        out.close();
        out.newline();
    };
    head_meta("dtb:uid", metadata.identifier);
    head_meta("dtb:depth", std::to_string(max_depth + 1));
    head_meta("dtb:totalPageCount", "0");
    head_meta("dtb:maxPageNumber", "0");
    out.close();
    out.newline();
    out.open("docTitle");
    out.element("text", metadata.title);
    out.close();
    out.newline();
    for (const std::string& author : metadata.authors) {
        if (author.empty()) continue;
        out.open("docAuthor");
        out.element("text", author);
        out.close();
        out.newline();
    }

    // The same flat list as the nav, nested the same way: a navPoint stays open while the
    // entries after it are deeper.
    out.open("navMap");
    out.newline();
    const std::vector<TocEntry>& toc = plan.toc;
    int depth = 0;
    for (std::size_t i = 0; i < toc.size(); ++i) {
        const std::string number = std::to_string(i + 1);
        out.open("navPoint");
        out.attribute("id", "navpoint-" + number);
        out.attribute("playOrder", number);
        out.open("navLabel");
        out.element("text", toc[i].label);
        out.close();
        out.open("content");
        out.attribute("src", toc[i].href);
        out.close();
        const int next = i + 1 < toc.size() ? toc[i + 1].depth : 0;
        if (next > depth) {
            out.newline();
            depth = next;
            continue;
        }
        out.close();  // navPoint
        out.newline();
        for (; depth > next; --depth) {
            out.close();  // the enclosing navPoint
            out.newline();
        }
    }
    out.close();  // navMap
    out.newline();
    out.close();  // ncx
    return out.finish();
}

std::string container_xml() {
    XmlWriter out(Mode::Xml);
    out.declaration();
    out.newline();
    out.open("container");
    out.attribute("version", "1.0");
    out.attribute("xmlns", "urn:oasis:names:tc:opendocument:xmlns:container");
    out.newline();
    out.open("rootfiles");
    out.newline();
    out.open("rootfile");
    out.attribute("full-path", std::string(package_folder) + "/" + package_file);
    out.attribute("media-type", "application/oebps-package+xml");
    out.close();
    out.newline();
    out.close();
    out.newline();
    out.close();
    return out.finish();
}

}  // namespace galley::epub
