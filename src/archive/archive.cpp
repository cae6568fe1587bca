#include "archive/archive.hpp"

#include <ctime>
#include <filesystem>

#include "archive/bag.hpp"
#include "epub/epub.hpp"
#include "layout/layout.hpp"
#include "pdf/pdf_writer.hpp"

namespace galley::archive {

namespace {

std::string iso_time(std::int64_t timestamp, const char* format) {
    const auto seconds = static_cast<std::time_t>(timestamp);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, format, &parts);
    return buffer;
}

std::string mime_type_of(const std::string& name) {
    const std::string extension = std::filesystem::path(name).extension().string();
    if (extension == ".yaml" || extension == ".yml") return "application/yaml";
    if (extension == ".md" || extension == ".markdown") return "text/markdown";
    return "text/plain";
}

std::string json_array(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + json_string(items[i]);
    return out + "]";
}

}  // namespace

std::string json_string(const std::string& text) {
    static const char* hex = "0123456789abcdef";
    std::string out = "\"";
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (byte < 0x20) {
                out += "\\u00";
                out += hex[byte >> 4];
                out += hex[byte & 15];
            } else {
                out += c;  // UTF-8 passes through: JSON text is UTF-8 (RFC 8259 8.1)
            }
        }
    }
    return out + "\"";
}

namespace {

pdf::PdfOptions archival_pdf_options(const Document& document, const RenderOptions& options, const SourceFile& source,
                                     const std::string& epub_bytes) {
    pdf::PdfOptions pdf;
    pdf.timestamp = resolve_timestamp(document, options);
    pdf.language = document.metadata.language;
    pdf.pdfa = true;
    pdf.pdfua = true;
    pdf.attachments.push_back({source.name, source.bytes, mime_type_of(source.name), "Source",
                               "The article as galley read it, byte for byte"});
    if (!epub_bytes.empty()) {
        const std::string epub_name = std::filesystem::path(source.name).stem().string() + ".epub";
        pdf.attachments.push_back({epub_name, epub_bytes, "application/epub+zip", "Alternative",
                                   "The same article as an EPUB 3 e-book, made by galley from the same source"});
    }
    return pdf;
}

layout::LayoutResult laid_out_with_warnings(const Document& document, const Style& style, const DiagnosticSink& sink) {
    layout::LayoutResult laid_out = layout::layout_document(document, style);
    if (sink)
        for (const layout::LayoutWarning& warning : laid_out.warnings)
            sink(Diagnostic{Diagnostic::Level::Warning, document.source_name, warning.position, warning.message});
    return laid_out;
}

}  // namespace

Editions render_archival_editions(const Document& document, const Style& style, const RenderOptions& options,
                                  const SourceFile& source, const std::string& stem, const DiagnosticSink& sink) {
    const layout::LayoutResult laid_out = laid_out_with_warnings(document, style, sink);
    EpubOptions epub;
    epub.timestamp = resolve_timestamp(document, options);
    epub.generator = "galley " + version();
    epub.page_break_source = stem + ".pdf (PDF/A edition, galley " + version() + ", style " + style.name + ")";
    // Each page begins where its first line of running text begins.
    std::size_t line = 0;
    for (std::size_t page = 0; page < laid_out.display.pages.size(); ++page) {
        while (line < laid_out.lines.size() && laid_out.lines[line].page < int(page)) ++line;
        PageBreak start;
        start.label = laid_out.display.pages[page].label.empty() ? std::to_string(page + 1)
                                                                  : laid_out.display.pages[page].label;
        if (line < laid_out.lines.size() && laid_out.lines[line].page == int(page)) {
            start.position = laid_out.lines[line].position;
            start.word = laid_out.lines[line].first_word;
        }
        epub.page_breaks.push_back(start);
    }
    Editions editions;
    editions.epub = write_epub(document, style, epub);
    editions.pdf = pdf::write_pdf(laid_out.display, archival_pdf_options(document, options, source, editions.epub));
    return editions;
}

std::string render_archival_pdf(const Document& document, const Style& style, const RenderOptions& options,
                                const SourceFile& source, const std::string& epub_bytes, const DiagnosticSink& sink) {
    const layout::LayoutResult laid_out = laid_out_with_warnings(document, style, sink);
    return pdf::write_pdf(laid_out.display, archival_pdf_options(document, options, source, epub_bytes));
}

std::string metadata_json(const Document& document, const Style& style, std::int64_t timestamp,
                          const SourceFile& source, const std::vector<Diagnostic>& recognised) {
    const Metadata& m = document.metadata;
    std::string out = "{\n";
    out += "  \"galley\": {\"version\": " + json_string(version()) + ", \"style\": " + json_string(style.name) + "},\n";
    out += "  \"timestamp\": " + json_string(iso_time(timestamp, "%Y-%m-%dT%H:%M:%SZ")) + ",\n";
    out += "  \"source\": {\"file\": " + json_string(source.name) + ", \"input\": " + json_string(document.source_name) +
           ", \"bytes\": " + std::to_string(source.bytes.size()) +
           ", \"sha256\": " + json_string(hex_digest("sha256", source.bytes)) + "},\n";
    out += "  \"metadata\": {\n";
    out += "    \"title\": " + json_string(m.title) + ",\n";
    out += "    \"subtitle\": " + json_string(m.subtitle) + ",\n";
    out += "    \"authors\": " + json_array(m.authors) + ",\n";
    out += "    \"language\": " + json_string(m.language) + ",\n";
    out += "    \"date\": " + json_string(m.date) + ",\n";
    out += "    \"publisher\": " + json_string(m.publisher) + ",\n";
    out += "    \"source_name\": " + json_string(m.source_name) + ",\n";
    out += "    \"source_url\": " + json_string(m.source_url) + ",\n";
    out += "    \"rights\": " + json_string(m.rights) + ",\n";
    out += "    \"identifier\": " + json_string(m.identifier) + ",\n";
    out += "    \"description\": " + json_string(m.description) + ",\n";
    out += "    \"keywords\": " + json_array(m.keywords) + "\n";
    out += "  },\n";
    std::size_t words = 0;
    const std::vector<std::string> paragraphs = paragraph_texts(document.blocks);
    for (const std::string& paragraph : paragraphs) words += count_words(paragraph);
    out += "  \"content\": {\"blocks\": " + std::to_string(document.blocks.size()) +
           ", \"paragraphs\": " + std::to_string(paragraphs.size()) + ", \"words\": " + std::to_string(words) +
           ", \"footnotes\": " + std::to_string(document.footnotes.size()) + "},\n";
    out += "  \"recognised\": [";
    for (std::size_t i = 0; i < recognised.size(); ++i) {
        const Diagnostic& note = recognised[i];
        out += std::string(i ? "," : "") + "\n    {\"line\": " + std::to_string(note.position.line) +
               ", \"column\": " + std::to_string(note.position.column) +
               ", \"level\": " + json_string(note.level == Diagnostic::Level::Note ? "note" : "warning") +
               ", \"message\": " + json_string(note.message) + "}";
    }
    out += recognised.empty() ? "],\n" : "\n  ],\n";
    out += "  \"removed\": [";
    for (std::size_t i = 0; i < document.removed.size(); ++i) {
        const Removed& removed = document.removed[i];
        out += std::string(i ? "," : "") + "\n    {\"reason\": " + json_string(removed.reason) +
               ", \"line\": " + std::to_string(removed.position.line) + ", \"text\": " + json_string(removed.text) + "}";
    }
    out += document.removed.empty() ? "]\n" : "\n  ]\n";
    return out + "}\n";
}

std::string write_article_bag(const std::string& directory, const std::string& stem, const Document& document,
                              const Style& style, std::int64_t timestamp, const std::vector<SourceFile>& sources,
                              const std::string& epub_bytes, const std::string& pdf_bytes,
                              const std::vector<Diagnostic>& recognised) {
    std::vector<PayloadFile> payload;
    // An input named like an output (ARTICLE.pdf read as text, metadata.json) goes in source/.
    for (const SourceFile& source : sources) {
        const bool clashes = source.name == stem + ".epub" || source.name == stem + ".pdf" || source.name == "metadata.json";
        payload.push_back({clashes ? "source/" + source.name : source.name, source.bytes});
    }
    if (!epub_bytes.empty()) payload.push_back({stem + ".epub", epub_bytes});
    if (!pdf_bytes.empty()) payload.push_back({stem + ".pdf", pdf_bytes});
    payload.push_back({"metadata.json", metadata_json(document, style, timestamp,
                                                      sources.empty() ? SourceFile{} : sources.front(), recognised)});
    const Metadata& m = document.metadata;
    BagInfo info;
    const std::string organisation = !m.publisher.empty() ? m.publisher : m.source_name;
    if (!organisation.empty()) info.emplace_back("Source-Organization", organisation);
    info.emplace_back("Bagging-Date", iso_time(timestamp, "%Y-%m-%d"));
    if (!m.identifier.empty()) info.emplace_back("External-Identifier", m.identifier);
    if (!m.title.empty()) info.emplace_back("External-Description", m.title);
    if (!m.source_url.empty()) info.emplace_back("Source-URL", m.source_url);
    info.emplace_back("Bag-Software-Agent", "galley " + version());
    const std::string bag = (std::filesystem::path(directory) / stem).string();
    write_bag(bag, payload, info);
    return bag;
}

}  // namespace galley::archive
