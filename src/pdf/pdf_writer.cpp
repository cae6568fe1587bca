// The PDF document: pages, fonts, structure tree, navigation and metadata, assembled with
// PoDoFo's object layer. PoDoFo serialises objects and the xref; every font, structure and
// navigation object is built here by hand (PoDoFo's own font code cannot embed shaped text,
// and its annotation and Info helpers stamp the current time).
#include "pdf/pdf_writer.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <exception>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>

// SHA256_Init & co. (see ContentHash): deprecated in OpenSSL 3.0, still its API.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <podofo/podofo.h>

#include "left_to_exit.hpp"
#include "model/error.hpp"
#include "pdf/deflate.hpp"
#include "pdf/font_program.hpp"
#include "pdf/page_content.hpp"
#include "pdf/print_format.hpp"
#include "worker.hpp"

static_assert(PODOFO_VERSION_MAJOR == 0 && PODOFO_VERSION_MINOR == 9,
              "src/pdf is written against the PoDoFo 0.9 API (Debian 12's 0.9.8)");

namespace galley::pdf {
namespace {

using namespace PoDoFo;


PdfObject integer(long long value) { return PdfObject(static_cast<pdf_int64>(value)); }
PdfObject real(double value) { return PdfObject(value); }

// A PDF text string: PDFDocEncoding bytes when ASCII, else UTF-16BE with a BOM.
PdfString text_string(const std::string& utf8) {
    const bool ascii = std::all_of(utf8.begin(), utf8.end(), [](char c) {
        return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F;
    });
    if (ascii) return PdfString(utf8);
    return PdfString(reinterpret_cast<const pdf_utf8*>(utf8.c_str()));
}

// URIs must be 7-bit ASCII (PDF 32000 12.6.4.7): percent-encode the rest.
std::string ascii_uri(const std::string& uri) {
    static const char digits[] = "0123456789ABCDEF";
    std::string result;
    for (char c : uri) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte > 0x20 && byte < 0x7F) {
            result += c;
        } else {
            result += '%';
            result += digits[byte >> 4];
            result += digits[byte & 0xF];
        }
    }
    return result;
}

std::tm utc_time(std::int64_t timestamp) {
    const auto seconds = static_cast<std::time_t>(timestamp);
    std::tm parts{};
    gmtime_r(&seconds, &parts);  // UTC whatever TZ says: output must not depend on it
    return parts;
}

std::string pdf_date(std::int64_t timestamp) {
    const std::tm parts = utc_time(timestamp);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "D:%Y%m%d%H%M%SZ", &parts);
    return buffer;
}

std::string xmp_date(std::int64_t timestamp) {
    const std::tm parts = utc_time(timestamp);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return buffer;
}

std::string xml_escape(const std::string& text) {
    std::string escaped;
    for (char c : text) {
        switch (c) {
        case '&': escaped += "&amp;"; break;
        case '<': escaped += "&lt;"; break;
        case '>': escaped += "&gt;"; break;
        case '"': escaped += "&quot;"; break;
        default: escaped += c;
        }
    }
    return escaped;
}

std::string producer_name(const layout::DocumentInfo& info) {
    if (!info.producer.empty()) return info.producer;
#ifdef GALLEY_VERSION
    return std::string("galley ") + GALLEY_VERSION + " (PoDoFo 0.9)";
#else
    return "galley (PoDoFo 0.9)";
#endif
}

std::string creator_name(const layout::DocumentInfo& info) { return info.creator.empty() ? "galley" : info.creator; }

std::string xmp_packet(const layout::DisplayList& list, const PdfOptions& options) {
    const layout::DocumentInfo& info = list.info;
    const std::string date = xmp_date(options.timestamp);
    const std::string language = info.language.empty() ? options.language : info.language;
    std::string xmp =
        "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
        " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
        "  <rdf:Description rdf:about=\"\"\n"
        "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
        "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
        "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"";
    if (options.pdfa) xmp += "\n    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"";
    const bool pdfua = options.pdfua && !list.structure.empty();
    if (pdfua) xmp += "\n    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"";
    xmp += ">\n   <dc:format>application/pdf</dc:format>\n";
    if (!info.title.empty())
        xmp += "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(info.title) +
               "</rdf:li></rdf:Alt></dc:title>\n";
    if (!info.author.empty())
        xmp += "   <dc:creator><rdf:Seq><rdf:li>" + xml_escape(info.author) + "</rdf:li></rdf:Seq></dc:creator>\n";
    if (!info.subject.empty())
        xmp += "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(info.subject) +
               "</rdf:li></rdf:Alt></dc:description>\n";
    // The work's own date (dc:date), when it is a plain ISO 8601 date or date-time.
    if (!info.date.empty() && info.date.size() <= 25 &&
        std::all_of(info.date.begin(), info.date.end(), [](char c) { return std::strchr("0123456789-:T+Z.", c) && c; }))
        xmp += "   <dc:date><rdf:Seq><rdf:li>" + info.date + "</rdf:li></rdf:Seq></dc:date>\n";
    if (!language.empty())
        xmp += "   <dc:language><rdf:Bag><rdf:li>" + xml_escape(language) + "</rdf:li></rdf:Bag></dc:language>\n";
    xmp += "   <xmp:CreateDate>" + date + "</xmp:CreateDate>\n" + "   <xmp:ModifyDate>" + date +
           "</xmp:ModifyDate>\n" + "   <xmp:MetadataDate>" + date + "</xmp:MetadataDate>\n" +
           "   <xmp:CreatorTool>" + xml_escape(creator_name(info)) + "</xmp:CreatorTool>\n" +
           "   <pdf:Producer>" + xml_escape(producer_name(info)) + "</pdf:Producer>\n";
    if (!info.keywords.empty()) xmp += "   <pdf:Keywords>" + xml_escape(info.keywords) + "</pdf:Keywords>\n";
    if (options.pdfa) xmp += "   <pdfaid:part>3</pdfaid:part>\n   <pdfaid:conformance>B</pdfaid:conformance>\n";
    if (pdfua) xmp += "   <pdfuaid:part>1</pdfuaid:part>\n";
    xmp += "  </rdf:Description>\n";
    // PDF/A allows XMP properties outside its predefined schemas only when an extension schema
    // describes them (ISO 19005-2/-3 6.6.2.3): pdfuaid is one of those.
    if (options.pdfa && pdfua)
        xmp +=
            "  <rdf:Description rdf:about=\"\"\n"
            "    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
            "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
            "    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
            "   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
            "    <pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>\n"
            "    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
            "    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
            "    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
            "     <pdfaProperty:name>part</pdfaProperty:name>\n"
            "     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
            "     <pdfaProperty:category>internal</pdfaProperty:category>\n"
            "     <pdfaProperty:description>The part of ISO 14289 the file conforms to</pdfaProperty:description>\n"
            "    </rdf:li></rdf:Seq></pdfaSchema:property>\n"
            "   </rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
            "  </rdf:Description>\n";
    xmp += " </rdf:RDF>\n</x:xmpmeta>\n";
    // Padding lets an editor update the packet in place; part of the XMP convention.
    xmp += std::string(20, ' ') + "\n<?xpacket end=\"w\"?>";
    return xmp;
}

// SHA-256 over everything that makes the document what it is, for the /ID.
//
// OpenSSL's own SHA-256 functions, not EVP: EVP's first use loads openssl.cnf and the default
// provider, ~2 ms of a 60 ms run, for a digest that needs neither. They are marked deprecated
// in OpenSSL 3.0 (in favour of EVP) but are part of its API; OPENSSL_SUPPRESS_DEPRECATED above
// keeps the build free of warnings.
class ContentHash {
public:
    ContentHash() { SHA256_Init(&context_); }
    ContentHash(const ContentHash&) = delete;
    ContentHash& operator=(const ContentHash&) = delete;
    void add(const std::string& bytes) {
        unsigned char size[8];  // the length first, little-endian, so pieces cannot run together
        for (int i = 0; i < 8; ++i) size[i] = static_cast<unsigned char>(static_cast<std::uint64_t>(bytes.size()) >> (8 * i));
        SHA256_Update(&context_, size, sizeof size);
        SHA256_Update(&context_, bytes.data(), bytes.size());
    }
    std::string digest16() {
        unsigned char digest[SHA256_DIGEST_LENGTH];
        SHA256_Final(digest, &context_);
        return std::string(reinterpret_cast<const char*>(digest), 16);
    }

private:
    SHA256_CTX context_;
};

const std::vector<std::string>& standard_structure_types() {
    static const std::vector<std::string> types = {
        "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
        "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl",
        "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note",
        "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu",
        "WT", "WP", "Figure", "Formula", "Form"};
    return types;
}

// What a role outside PDF 1.7's standard types means, for /RoleMap.
std::string standard_equivalent(const std::string& role) {
    if (role == "Title") return "H1";
    if (role == "Subtitle" || role == "Byline" || role == "Credit" || role == "Dek") return "P";
    if (role == "FENote" || role == "Footnote") return "Note";
    if (role == "Em" || role == "Strong" || role == "Sub") return "Span";
    return "Div";
}

std::string role_name(const std::string& role) {
    std::string clean;
    for (char c : role)
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) clean += c;
    return clean.empty() ? std::string("Div") : clean;
}

void check_display_list(const layout::DisplayList& list) {
    if (list.pages.empty()) throw Error(ExitCode::DataError, "", "the document has no pages to write");
    const auto structure_count = static_cast<int>(list.structure.size());
    for (std::size_t index = 0; index < list.structure.size(); ++index) {
        const int parent = list.structure[index].parent;
        if (parent >= structure_count || parent == static_cast<int>(index) || parent < -1)
            throw Error(ExitCode::DataError, "", "structure element " + std::to_string(index) + " has a bad parent");
    }
    // The tree must be a tree: every chain of parents reaches a root within as many steps as
    // there are elements.
    for (std::size_t index = 0; index < list.structure.size(); ++index) {
        int element = static_cast<int>(index);
        for (int steps = 0; element >= 0; ++steps) {
            if (steps > structure_count)
                throw Error(ExitCode::DataError, "", "structure element " + std::to_string(index) +
                                                         " is its own ancestor");
            element = list.structure[static_cast<std::size_t>(element)].parent;
        }
    }
    // (Messages are put together only for a fault: a book has tens of thousands of runs.)
    auto check_structure = [&](int element, const char* what, std::size_t page_index) {
        if (element < -1 || element >= structure_count)
            throw Error(ExitCode::DataError, "", std::string(what) + " on page " + std::to_string(page_index + 1) +
                                                     " refers to structure element " + std::to_string(element) +
                                                     ", which does not exist");
    };
    for (std::size_t page_index = 0; page_index < list.pages.size(); ++page_index) {
        const layout::Page& page = list.pages[page_index];
        const auto where = [&] { return "page " + std::to_string(page_index + 1); };
        if (!(page.width > 0) || !(page.height > 0)) throw Error(ExitCode::DataError, "", where() + " has no size");
        for (const layout::GlyphRun& run : page.runs) {
            if (run.font < 0 || static_cast<std::size_t>(run.font) >= list.fonts.size())
                throw Error(ExitCode::DataError, "", "a glyph run on " + where() + " uses font " +
                                                         std::to_string(run.font) + ", which does not exist");
            if (!(run.size > 0)) throw Error(ExitCode::DataError, "", "a glyph run on " + where() + " has no size");
            check_structure(run.structure, "a glyph run", page_index);
        }
        for (const layout::Rule& rule : page.rules) check_structure(rule.structure, "a rule", page_index);
        for (const layout::LinkArea& link : page.links) check_structure(link.structure, "a link", page_index);
    }
    for (const layout::OutlineEntry& entry : list.outline)
        if (entry.page < 0 || static_cast<std::size_t>(entry.page) >= list.pages.size())
            throw Error(ExitCode::DataError, "", "the outline entry \"" + entry.title + "\" points to page " +
                                                     std::to_string(entry.page + 1) + ", which does not exist");
}

// A folio as a page-label number: decimal, or roman in either case ("xiv", "XIV").
struct FolioNumber {
    char style = 0;  // 'D', 'r' or 'R' (the /S names of PDF 32000 12.4.2); 0: not a number
    long value = 0;
    explicit operator bool() const { return style != 0; }
};

FolioNumber folio_number(const std::string& label) {
    if (label.empty() || label.size() > 9) return {};
    if (std::all_of(label.begin(), label.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        const long value = std::stol(label);
        if (value < 1) return {};
        return FolioNumber{'D', value};
    }
    const bool lower = std::all_of(label.begin(), label.end(), [](char c) { return std::strchr("ivxlcdm", c) && c; });
    const bool upper = std::all_of(label.begin(), label.end(), [](char c) { return std::strchr("IVXLCDM", c) && c; });
    if (!lower && !upper) return {};
    auto digit = [](char c) {
        switch (c | 0x20) {
        case 'i': return 1;
        case 'v': return 5;
        case 'x': return 10;
        case 'l': return 50;
        case 'c': return 100;
        case 'd': return 500;
        default: return 1000;
        }
    };
    long value = 0;
    for (std::size_t i = 0; i < label.size(); ++i) {
        const int here = digit(label[i]);
        if (i + 1 < label.size() && here < digit(label[i + 1]))
            value -= here;
        else
            value += here;
    }
    if (value < 1) return {};
    return FolioNumber{lower ? 'r' : 'R', value};
}

// Page labels: numbers where the folio is one (so "go to page 12" finds the page printed 12),
// the printed label otherwise. A page without a folio (a chapter opening) continues the
// numbering of its neighbours.
PdfObject page_labels(const layout::DisplayList& list) {
    const std::size_t count = list.pages.size();
    std::vector<FolioNumber> numbers(count);
    for (std::size_t i = 0; i < count; ++i) numbers[i] = folio_number(list.pages[i].label);
    // Fill each stretch of pages without a label: continuing both neighbours when the numbers
    // agree, else counting back from the next folio (a chapter opening), else on from the last.
    for (std::size_t begin = 0; begin < count;) {
        if (!list.pages[begin].label.empty()) {
            ++begin;
            continue;
        }
        std::size_t end = begin;
        while (end < count && list.pages[end].label.empty()) ++end;
        const auto gap = static_cast<long>(end - begin);
        const FolioNumber before = begin > 0 ? numbers[begin - 1] : FolioNumber{};
        const FolioNumber after = end < count ? numbers[end] : FolioNumber{};
        for (std::size_t i = begin; i < end; ++i) {
            const auto offset = static_cast<long>(i - begin);
            if (before && after && before.style == after.style && before.value + gap + 1 == after.value)
                numbers[i] = FolioNumber{before.style, before.value + offset + 1};
            else if (after && after.value - gap >= 1)
                numbers[i] = FolioNumber{after.style, after.value - gap + offset};
            else if (before)
                numbers[i] = FolioNumber{before.style, before.value + offset + 1};
        }
        begin = end;
    }

    PdfArray nums;
    for (std::size_t i = 0; i < count; ++i) {
        const bool continues = i > 0 && numbers[i] && numbers[i - 1] && numbers[i].style == numbers[i - 1].style &&
                               numbers[i].value == numbers[i - 1].value + 1;
        if (continues) continue;
        PdfDictionary range;
        if (numbers[i]) {
            range.AddKey("S", PdfName(std::string(1, numbers[i].style)));
            if (numbers[i].value != 1) range.AddKey("St", integer(numbers[i].value));
        } else if (!list.pages[i].label.empty()) {
            range.AddKey("P", text_string(list.pages[i].label));
        }
        nums.push_back(integer(static_cast<long long>(i)));
        nums.push_back(range);
    }
    PdfDictionary labels;
    labels.AddKey("Nums", nums);
    return labels;
}

// Gives `object` a stream that is already Flate-compressed (PoDoFo stores it as it is).
void set_deflated(PdfObject& object, const std::string& packed) {
    object.GetStream()->Set(packed.data(), static_cast<pdf_long>(packed.size()), TVecFilters());
    object.GetDictionary().AddKey(PdfName::KeyFilter, PdfName("FlateDecode"));
}

// PoDoFo 0.9.8 derives the /ID from the Info dictionary alone (and ignores an /ID put in the
// trailer), so two books with the same title and dates would share one. Overwrite both halves
// in the written trailer with a hash of the content: same length, so no offset moves.
void set_file_identifier(std::string& pdf, const std::string& identifier) {
    static const char digits[] = "0123456789ABCDEF";
    std::string hex;
    for (char c : identifier) {
        hex += digits[(static_cast<unsigned char>(c) >> 4) & 0xF];
        hex += digits[static_cast<unsigned char>(c) & 0xF];
    }
    const std::size_t trailer = pdf.rfind("trailer");
    std::size_t at = trailer == std::string::npos ? trailer : pdf.find("/ID", trailer);
    for (int half = 0; half < 2 && at != std::string::npos; ++half) {
        const std::size_t open = pdf.find('<', at);
        const std::size_t close = open == std::string::npos ? open : pdf.find('>', open);
        if (close == std::string::npos || close - open - 1 != hex.size()) {
            at = std::string::npos;
            break;
        }
        pdf.replace(open + 1, hex.size(), hex);
        at = close + 1;
    }
    if (at == std::string::npos) throw Error(ExitCode::Software, "", "could not find the /ID in the PDF trailer");
}

// PoDoFo's output device, writing into a string. PoDoFo's own buffer device formats every
// token twice (vsnprintf to measure it, then again into a malloc'd copy that it then copies
// into the buffer): serialising the ~300-page book took 116 M instructions that way.
// PdfOutputDevice's methods are virtual for this purpose; the writer only appends, and asks
// where it is (Tell) for the cross-reference table, but Seek is honoured too.
class StringOutputDevice final : public PdfOutputDevice {
public:
    explicit StringOutputDevice(std::size_t expected) { bytes_.reserve(expected); }
    std::string take() { return std::move(bytes_); }

    size_t GetLength() const override { return bytes_.size(); }
    size_t Tell() const override { return position_; }
    void Print(const char* format, ...) override {
        va_list arguments;
        va_start(arguments, format);
        print(format, arguments);
        va_end(arguments);
    }
    void PrintV(const char* format, long, va_list arguments) override { print(format, arguments); }
    void Write(const char* data, size_t length) override { put(data, length); }
    void Seek(size_t offset) override {
        if (offset > bytes_.size()) PODOFO_RAISE_ERROR(ePdfError_ValueOutOfRange);
        position_ = offset;
    }
    void Flush() override {}

private:
    void print(const char* format, va_list arguments) {
        if (std::strchr(format, '%') == nullptr) {  // a token: two calls in three
            put(format, std::strlen(format));
            return;
        }
        scratch_.clear();
        if (append_printf(scratch_, format, arguments)) {  // nearly always (print_format.hpp)
            put(scratch_.data(), scratch_.size());
            return;
        }
        va_list again;
        va_copy(again, arguments);
        char small[256];
        const int length = std::vsnprintf(small, sizeof small, format, arguments);
        if (length < 0) {
            va_end(again);
            PODOFO_RAISE_ERROR(ePdfError_InvalidDataType);
        }
        if (static_cast<std::size_t>(length) < sizeof small) {
            put(small, static_cast<std::size_t>(length));
        } else {
            std::string large(static_cast<std::size_t>(length) + 1, '\0');
            std::vsnprintf(large.data(), large.size(), format, again);
            put(large.data(), static_cast<std::size_t>(length));
        }
        va_end(again);
    }
    void put(const char* data, std::size_t length) {
        if (position_ == bytes_.size()) {
            bytes_.append(data, length);
        } else {  // after a Seek back: overwrite, then extend
            const std::size_t overlap = std::min(length, bytes_.size() - position_);
            bytes_.replace(position_, overlap, data, overlap);
            bytes_.append(data + overlap, length - overlap);
        }
        position_ += length;
    }

    std::string bytes_;
    std::size_t position_ = 0;
    std::string scratch_;
};

// Builds one PDF document from a display list, one part at a time.
class DocumentBuilder {
public:
    DocumentBuilder(const layout::DisplayList& list, const PdfOptions& options)
        : list_(list), options_(options), objects_(document_.GetObjects()), catalog_(*document_.GetCatalog()) {
        document_.SetPdfVersion(ePdfVersion_1_7);
    }

    std::string build() {
        check_display_list(list_);
        prepare_fonts();
        const PrimaryTexts primary = collect_primary_texts(list_);
        // The fonts' objects come first, as they always did; painting creates no objects.
        embed_fonts(primary);
        paint_pages(primary);
        add_pages();
        if (!list_.structure.empty()) create_structure_elements();
        for (std::size_t page = 0; page < list_.pages.size(); ++page) {
            if (!list_.structure.empty()) add_marked_content(page);
            add_links(page);
        }
        if (!list_.structure.empty()) finish_structure_tree();
        add_outlines();
        add_catalog_entries();
        add_metadata();
        if (options_.pdfa) add_output_intent();
        add_attachments();

        // PoDoFo's cross-reference streams would save 7 % (20 bytes an object, about 1 after
        // Flate), but 0.9.8 writes one entry too many (qpdf: "Cross-reference stream data has
        // the wrong size") and prints DEBUG lines: keep the classic xref table.
        std::size_t expected = 64 * 1024;
        for (const std::string& page : deflated_) expected += page.size() + 64;
        for (const std::string& program : packed_programs_) expected += program.size() + 1024;
        StringOutputDevice device(expected);
        document_.Write(&device);
        std::string pdf = device.take();
        set_file_identifier(pdf, hash_.digest16());
        return pdf;
    }

private:
    // Paints every page and deflates its content stream, on two threads that take the next
    // page as they finish one: painting and Flate are a book's biggest costs here, and pages
    // are independent. PoDoFo's own compression in Set() would run on one core, through zlib;
    // libdeflate (deflate.hpp) does the same in a third of the time.
    // The words broken across lines are planned first, for the whole book; the rest of the text
    // planning is per page and runs on the painting threads.
    void paint_pages(const PrimaryTexts& primary) {
        TextPlanner planner(list_, primary);
        const std::size_t count = list_.pages.size();
        contents_.assign(count, PageContent{});
        deflated_.assign(count, std::string());
        std::atomic<std::size_t> next_page{0};
        // The /ID hash takes the deflated streams in page order, so whichever thread finishes
        // the next page in order hashes it (and the finished pages after it). The deflated
        // streams are what the file holds, a quarter of the plain ones' size, and as
        // deterministic; a plain stream is freed once deflated (PoDoFo keeps only the deflated
        // copy, and the plain ones are megabytes over a book).
        std::mutex hash_mutex;
        std::vector<char> finished(count, 0);
        std::size_t next_to_hash = 0;
        const auto work = [&](Deflater& deflater) {
            for (std::size_t index = next_page++; index < count; index = next_page++) {
                contents_[index] =
                    paint_page(list_.pages[index], planner.take_page(index), font_uses_, list_.structure);
                std::string& plain = contents_[index].stream;
                if (!plain.empty()) {  // an empty one is left to Set()
                    deflated_[index] = deflater.zlib(plain);
                    std::string().swap(plain);
                }
                const std::lock_guard<std::mutex> lock(hash_mutex);
                finished[index] = 1;
                for (; next_to_hash < count && finished[next_to_hash] != 0; ++next_to_hash)
                    hash_.add(deflated_[next_to_hash]);
            }
        };
        Worker second([&] {
            Deflater deflater;
            work(deflater);
        });
        work(deflater_);
        second.join();
    }

    // Subsets each face used on the pages, with a space glyph where lines end.
    void prepare_fonts() {
        // Marks by glyph id first (ids are 16 bits): a set insertion for each of a book's
        // glyphs cost more than the subsetting.
        std::vector<std::vector<char>> glyph_used(list_.fonts.size());
        std::vector<bool> needs_space(list_.fonts.size(), false);
        for (const layout::Page& page : list_.pages)
            for (const layout::GlyphRun& run : page.runs) {
                const auto font = static_cast<std::size_t>(run.font);
                std::vector<char>& used = glyph_used[font];
                for (const layout::PositionedGlyph& glyph : run.glyphs) {
                    if (glyph.glyph_id >= used.size()) used.resize(glyph.glyph_id + std::size_t{1}, 0);
                    used[glyph.glyph_id] = 1;
                }
                // Line ends and word gaps show a space glyph (see plan_text); asking for it
                // in every face used costs one glyph.
                if (!run.glyphs.empty()) needs_space[font] = true;
            }
        std::vector<std::set<std::uint32_t>> glyphs_of_font(list_.fonts.size());
        for (std::size_t font = 0; font < list_.fonts.size(); ++font)
            for (std::size_t glyph = 0; glyph < glyph_used[font].size(); ++glyph)
                if (glyph_used[font][glyph] != 0)
                    glyphs_of_font[font].insert(glyphs_of_font[font].end(), static_cast<std::uint32_t>(glyph));
        programs_.resize(list_.fonts.size());
        font_uses_.resize(list_.fonts.size());
        font_references_.resize(list_.fonts.size());
        // Faces are subset on two threads (each call has its own FreeType and HarfBuzz
        // objects): on a short article subsetting is a third of the PDF writer's work. A
        // failure is reported for the first face that fails, as one thread would.
        std::vector<std::size_t> used_fonts;
        for (std::size_t font = 0; font < list_.fonts.size(); ++font)
            if (!glyphs_of_font[font].empty()) used_fonts.push_back(font);
        std::vector<std::exception_ptr> failures(list_.fonts.size());
        std::atomic<std::size_t> next_font{0};
        packed_programs_.resize(list_.fonts.size());
        const auto work = [&](Deflater& deflater) {
            for (std::size_t slot = next_font++; slot < used_fonts.size(); slot = next_font++) {
                const std::size_t font = used_fonts[slot];
                try {
                    programs_[font] = make_font_program(list_.fonts[font], glyphs_of_font[font], needs_space[font]);
                    packed_programs_[font] = deflater.zlib(programs_[font]->data);
                } catch (...) {
                    failures[font] = std::current_exception();
                }
            }
        };
        if (used_fonts.size() > 1) {
            Worker second([&] {
                Deflater deflater;
                work(deflater);
            });
            work(deflater_);
            second.join();
        } else {
            work(deflater_);
        }
        for (const std::exception_ptr& failure : failures)
            if (failure) std::rethrow_exception(failure);
        int resource_number = 0;
        for (std::size_t font : used_fonts)
            font_uses_[font] = {&*programs_[font], "F" + std::to_string(++resource_number)};
    }

    // Type0 (Identity-H) → CIDFont → FontDescriptor → font file, plus the ToUnicode CMap.
    void embed_fonts(const PrimaryTexts& primary) {
        for (std::size_t font = 0; font < list_.fonts.size(); ++font) {
            if (!programs_[font]) continue;
            const FontProgram& program = *programs_[font];
            const std::string base_name = program.subset_tag + "+" + program.postscript_name;
            hash_.add(base_name);
            hash_.add(program.data);

            PdfObject* file = objects_.CreateObject();
            if (program.is_cff)
                file->GetDictionary().AddKey("Subtype", PdfName("CIDFontType0C"));
            else
                file->GetDictionary().AddKey("Length1", integer(static_cast<long long>(program.data.size())));
            set_deflated(*file, packed_programs_[font]);
            std::string().swap(packed_programs_[font]);

            PdfObject* descriptor = objects_.CreateObject("FontDescriptor");
            PdfDictionary& descriptor_keys = descriptor->GetDictionary();
            descriptor_keys.AddKey("FontName", PdfName(base_name));
            descriptor_keys.AddKey("Flags", integer(program.flags));
            PdfArray bbox;
            for (int value : program.bbox) bbox.push_back(integer(value));
            descriptor_keys.AddKey("FontBBox", bbox);
            descriptor_keys.AddKey("ItalicAngle", real(program.italic_angle));
            descriptor_keys.AddKey("Ascent", integer(program.ascent));
            descriptor_keys.AddKey("Descent", integer(program.descent));
            descriptor_keys.AddKey("CapHeight", integer(program.cap_height));
            descriptor_keys.AddKey("StemV", integer(program.stem_v));
            descriptor_keys.AddKey(program.is_cff ? "FontFile3" : "FontFile2", file->Reference());

            PdfObject* cid_font = objects_.CreateObject("Font");
            PdfDictionary& cid_keys = cid_font->GetDictionary();
            cid_keys.AddKey("Subtype", PdfName(program.is_cff ? "CIDFontType0" : "CIDFontType2"));
            cid_keys.AddKey("BaseFont", PdfName(base_name));
            PdfDictionary system_info;
            system_info.AddKey("Registry", PdfString("Adobe"));
            system_info.AddKey("Ordering", PdfString("Identity"));
            system_info.AddKey("Supplement", integer(0));
            cid_keys.AddKey("CIDSystemInfo", system_info);
            cid_keys.AddKey("FontDescriptor", descriptor->Reference());
            // The subset's CIDs run from 0 without gaps: one /W range holds every width.
            PdfArray widths;
            for (double width : program.widths) {
                if (width == std::floor(width))
                    widths.push_back(integer(static_cast<long long>(width)));
                else
                    widths.push_back(real(width));
            }
            PdfArray w;
            w.push_back(integer(0));
            w.push_back(widths);
            cid_keys.AddKey("W", w);
            if (!program.is_cff) cid_keys.AddKey("CIDToGIDMap", PdfName("Identity"));

            std::map<std::uint16_t, std::string> text_of_cid;
            for (const auto& [glyph, text] : primary[font]) text_of_cid.emplace(program.cid_of_glyph.at(glyph), text);
            if (program.space_cid >= 0) text_of_cid.emplace(static_cast<std::uint16_t>(program.space_cid), " ");
            const std::string cmap = make_to_unicode_cmap(text_of_cid);
            PdfObject* to_unicode = objects_.CreateObject();
            set_deflated(*to_unicode, deflater_.zlib(cmap));

            PdfObject* type0 = objects_.CreateObject("Font");
            PdfDictionary& type0_keys = type0->GetDictionary();
            type0_keys.AddKey("Subtype", PdfName("Type0"));
            // PDF 32000 9.7.6.1: a Type0 font over a CIDFontType0 is named CIDFont-CMap.
            type0_keys.AddKey("BaseFont", PdfName(program.is_cff ? base_name + "-Identity-H" : base_name));
            type0_keys.AddKey("Encoding", PdfName("Identity-H"));
            PdfArray descendants;
            descendants.push_back(cid_font->Reference());
            type0_keys.AddKey("DescendantFonts", descendants);
            type0_keys.AddKey("ToUnicode", to_unicode->Reference());
            font_references_[font] = type0->Reference();
        }
    }

    PdfDictionary& page_keys(std::size_t index) { return page_objects_[index]->GetDictionary(); }

    // The pages go straight into the flat /Kids array of PoDoFo's root /Pages node, which is
    // what PdfPagesTree::CreatePage makes of them too: CreatePage walks /Kids from the start to
    // find the last page (and GetPage(i), needed because CreatePage's page is freed by the next
    // call, walks it again), so a book paid for pages² lookups. The page objects are PoDoFo's
    // own (PdfPage's constructor writes /MediaBox and /Resources as CreatePage would), created
    // in the same order, so the file is the same byte for byte.
    void add_pages() {
        PdfObject* pages_root = document_.GetPagesTree()->GetObject();
        PdfObject* kids_object = pages_root->GetDictionary().GetKey(PdfName("Kids"));
        if (!kids_object || !kids_object->IsArray())
            throw Error(ExitCode::Software, "", "PoDoFo's page tree has no /Kids array");
        PdfArray& kids = kids_object->GetArray();
        if (!kids.empty()) throw Error(ExitCode::Software, "", "PoDoFo's page tree is not empty");
        kids.reserve(list_.pages.size());
        for (std::size_t index = 0; index < list_.pages.size(); ++index) {
            const layout::Page& source = list_.pages[index];
            PdfPage page_wrapper(PdfRect(0, 0, source.width, source.height), &objects_);
            PdfPage* page = &page_wrapper;
            page->GetObject()->GetDictionary().AddKey("Parent", pages_root->Reference());
            kids.push_back(page->GetObject()->Reference());
            page_objects_.push_back(page->GetObject());
            page_references_.push_back(page->GetObject()->Reference());
            PdfObject* contents = page->GetContentsForAppending();
            if (deflated_[index].empty()) {  // the plain stream was empty too (paint_pages hashed it)
                contents->GetStream()->Set("", 0);
            } else {
                set_deflated(*contents, deflated_[index]);
                std::string().swap(deflated_[index]);
            }
            std::set<int> used;
            for (const layout::GlyphRun& run : source.runs)
                if (!run.glyphs.empty()) used.insert(run.font);
            if (used.empty()) continue;
            PdfDictionary fonts;
            for (int font : used) {
                const auto slot = static_cast<std::size_t>(font);
                fonts.AddKey(PdfName(font_uses_[slot].resource_name), font_references_[slot]);
            }
            page->GetResources()->GetDictionary().AddKey("Font", fonts);
        }
        pages_root->GetDictionary().AddKey("Count", integer(static_cast<long long>(list_.pages.size())));
    }

    // Tagged PDF: one StructElem per structure element; kids are filled in content order.
    void create_structure_elements() {
        tree_root_ = objects_.CreateObject("StructTreeRoot");
        // Two entries per page with content and per link; growing the array copies every
        // entry (PoDoFo objects are copied deep, not moved).
        std::size_t link_count = 0;
        for (const layout::Page& page : list_.pages) link_count += page.links.size();
        parent_tree_nums_.reserve(2 * (list_.pages.size() + link_count));
        kids_.resize(list_.structure.size());
        linked_.assign(list_.structure.size(), false);
        first_page_.assign(list_.structure.size(), std::nullopt);
        const auto& standard = standard_structure_types();
        for (const layout::StructureElement& source : list_.structure) {
            PdfObject* element = objects_.CreateObject();  // /Type is optional: 16 bytes a paragraph
            const std::string role = role_name(source.role);
            element->GetDictionary().AddKey("S", PdfName(role));
            if (std::find(standard.begin(), standard.end(), role) == standard.end() && !role_map_.HasKey(role))
                role_map_.AddKey(PdfName(role), PdfName(standard_equivalent(role)));
            if (!source.language.empty()) element->GetDictionary().AddKey("Lang", text_string(source.language));
            if (!source.alt_text.empty()) element->GetDictionary().AddKey("Alt", text_string(source.alt_text));
            elements_.push_back(element);
        }
        for (std::size_t index = 0; index < elements_.size(); ++index) {
            const int parent = list_.structure[index].parent;
            elements_[index]->GetDictionary().AddKey(
                "P", parent < 0 ? tree_root_->Reference() : elements_[static_cast<std::size_t>(parent)]->Reference());
        }
    }

    // Links an element into its parent's kids the first time content of it (or of a
    // descendant) appears, so kids follow reading order.
    void link_element(std::size_t index) {
        if (linked_[index]) return;
        linked_[index] = true;
        const int parent = list_.structure[index].parent;
        if (parent < 0) {
            root_kids_.push_back(elements_[index]->Reference());
        } else {
            link_element(static_cast<std::size_t>(parent));
            kids_[static_cast<std::size_t>(parent)].push_back(elements_[index]->Reference());
        }
    }

    // A marked-content kid (an MCID, or an OBJR dictionary) of `element` on `page`. The element's
    // /Pg is its first page; kids on other pages carry their own /Pg.
    void add_content_kid(std::size_t element, std::size_t page, const PdfObject& kid) {
        link_element(element);
        if (!first_page_[element]) {
            first_page_[element] = page;
            elements_[element]->GetDictionary().AddKey("Pg", page_references_[page]);
        }
        if (*first_page_[element] == page && kid.IsNumber()) {
            kids_[element].push_back(kid);
            return;
        }
        PdfDictionary reference;
        if (kid.IsNumber()) {
            reference.AddKey("Type", PdfName("MCR"));
            reference.AddKey("Pg", page_references_[page]);
            reference.AddKey("MCID", kid);
        } else {
            reference = kid.GetDictionary();
            reference.AddKey("Pg", page_references_[page]);
        }
        kids_[element].push_back(reference);
    }

    void add_marked_content(std::size_t index) {
        const PageContent& content = contents_[index];
        if (content.structure_of_mcid.empty()) return;
        PdfArray parents;
        for (std::size_t mcid = 0; mcid < content.structure_of_mcid.size(); ++mcid) {
            const auto element = static_cast<std::size_t>(content.structure_of_mcid[mcid]);
            add_content_kid(element, index, integer(static_cast<long long>(mcid)));
            parents.push_back(elements_[element]->Reference());
        }
        page_keys(index).AddKey("StructParents", integer(next_parent_key_));
        parent_tree_nums_.push_back(integer(next_parent_key_++));
        parent_tree_nums_.push_back(parents);
    }

    // Link annotations, built by hand: PoDoFo's annotation constructor stamps the current time.
    void add_links(std::size_t index) {
        const layout::Page& source = list_.pages[index];
        if (source.links.empty()) return;
        PdfArray annotations;
        for (const layout::LinkArea& link : source.links) {
            PdfObject* annotation = objects_.CreateObject("Annot");
            PdfDictionary& keys = annotation->GetDictionary();
            keys.AddKey("Subtype", PdfName("Link"));
            PdfArray rect;
            for (double value : {link.x, link.y, link.x + link.width, link.y + link.height})
                rect.push_back(real(std::stod(format_number(value))));
            keys.AddKey("Rect", rect);
            PdfArray border;
            for (int i = 0; i < 3; ++i) border.push_back(integer(0));
            keys.AddKey("Border", border);
            keys.AddKey("F", integer(4));  // Print
            keys.AddKey("M", PdfString(pdf_date(options_.timestamp)));
            keys.AddKey("P", page_references_[index]);
            PdfDictionary action;
            action.AddKey("Type", PdfName("Action"));
            action.AddKey("S", PdfName("URI"));
            action.AddKey("URI", PdfString(ascii_uri(link.url)));
            keys.AddKey("A", action);
            keys.AddKey("Contents", text_string(link.url));  // the link's description (PDF/UA)
            hash_.add(link.url);
            if (!list_.structure.empty() && link.structure >= 0) {
                const auto element = static_cast<std::size_t>(link.structure);
                keys.AddKey("StructParent", integer(next_parent_key_));
                parent_tree_nums_.push_back(integer(next_parent_key_++));
                parent_tree_nums_.push_back(elements_[element]->Reference());
                PdfDictionary object_reference;
                object_reference.AddKey("Type", PdfName("OBJR"));
                object_reference.AddKey("Obj", annotation->Reference());
                add_content_kid(element, index, object_reference);
            }
            annotations.push_back(annotation->Reference());
        }
        PdfDictionary& keys_of_page = page_keys(index);
        keys_of_page.AddKey("Annots", annotations);
        keys_of_page.AddKey("Tabs", PdfName("S"));  // tab order follows the structure
    }

    void finish_structure_tree() {
        // Elements without content of their own or below them still belong to the tree.
        for (std::size_t index = 0; index < elements_.size(); ++index) link_element(index);
        for (std::size_t index = 0; index < elements_.size(); ++index) {
            if (kids_[index].size() == 1)
                elements_[index]->GetDictionary().AddKey("K", kids_[index][0]);
            else if (!kids_[index].empty())
                elements_[index]->GetDictionary().AddKey("K", kids_[index]);
        }
        PdfDictionary& root_keys = tree_root_->GetDictionary();
        root_keys.AddKey("K", root_kids_.size() == 1 ? root_kids_[0] : PdfObject(root_kids_));
        // Built in place: handing AddKey a finished dictionary copies the whole tree (one array
        // per page) twice at each level.
        root_keys.AddKey("ParentTree", PdfDictionary());
        PdfDictionary& parent_tree = root_keys.GetKey(PdfName("ParentTree"))->GetDictionary();
        parent_tree.AddKey("Nums", PdfArray());
        PdfArray& nums = parent_tree.GetKey(PdfName("Nums"))->GetArray();
        nums.reserve(parent_tree_nums_.size());
        for (const PdfObject& entry : parent_tree_nums_) nums.push_back(entry);
        parent_tree_nums_.clear();
        root_keys.AddKey("ParentTreeNextKey", integer(next_parent_key_));
        if (role_map_.GetKeys().size() > 0) root_keys.AddKey("RoleMap", role_map_);
        catalog_.GetDictionary().AddKey("StructTreeRoot", tree_root_->Reference());
        PdfDictionary mark_info;
        mark_info.AddKey("Marked", PdfObject(true));
        catalog_.GetDictionary().AddKey("MarkInfo", mark_info);
    }

    // Outlines nested by level, built by hand: a doubly linked list of items per level, every
    // item open so the whole table of contents shows at once.
    void add_outlines() {
        if (list_.outline.empty()) return;
        PdfObject* outlines = objects_.CreateObject("Outlines");
        struct Item {
            PdfObject* object;
            std::vector<std::size_t> children;
        };
        std::vector<Item> items;
        std::vector<std::size_t> top;
        std::vector<std::pair<int, std::size_t>> open;  // (level, item) of the current ancestors
        for (const layout::OutlineEntry& entry : list_.outline) {
            while (!open.empty() && open.back().first >= entry.level) open.pop_back();
            PdfObject* object = objects_.CreateObject();
            object->GetDictionary().AddKey("Title", text_string(entry.title));
            PdfArray destination;
            destination.push_back(page_references_[static_cast<std::size_t>(entry.page)]);
            destination.push_back(PdfName("XYZ"));
            destination.push_back(PdfVariant());  // null: keep the reader's left and zoom
            destination.push_back(real(std::stod(format_number(entry.y))));
            destination.push_back(PdfVariant());
            object->GetDictionary().AddKey("Dest", destination);
            hash_.add(entry.title);
            const std::size_t item = items.size();
            items.push_back({object, {}});
            if (open.empty())
                top.push_back(item);
            else
                items[open.back().second].children.push_back(item);
            open.emplace_back(entry.level, item);
        }
        // An open item's /Count is the number of its visible descendants.
        std::function<long long(const std::vector<std::size_t>&)> visible = [&](const std::vector<std::size_t>& children) {
            long long count = 0;
            for (std::size_t child : children) count += 1 + visible(items[child].children);
            return count;
        };
        auto chain = [&](PdfObject* parent, const std::vector<std::size_t>& children) {
            if (children.empty()) return;
            for (std::size_t i = 0; i < children.size(); ++i) {
                PdfDictionary& keys = items[children[i]].object->GetDictionary();
                keys.AddKey("Parent", parent->Reference());
                if (i > 0) keys.AddKey("Prev", items[children[i - 1]].object->Reference());
                if (i + 1 < children.size()) keys.AddKey("Next", items[children[i + 1]].object->Reference());
            }
            PdfDictionary& parent_keys = parent->GetDictionary();
            parent_keys.AddKey("First", items[children.front()].object->Reference());
            parent_keys.AddKey("Last", items[children.back()].object->Reference());
            parent_keys.AddKey("Count", integer(visible(children)));
        };
        chain(outlines, top);
        for (const Item& item : items) chain(item.object, item.children);
        catalog_.GetDictionary().AddKey("Outlines", outlines->Reference());
        catalog_.GetDictionary().AddKey("PageMode", PdfName("UseOutlines"));
    }

    void add_catalog_entries() {
        PdfDictionary& catalog = catalog_.GetDictionary();
        catalog.AddKey("PageLabels", page_labels(list_));
        // The display list's language wins over the option (which has a default).
        const std::string language = list_.info.language.empty() ? options_.language : list_.info.language;
        if (!language.empty()) catalog.AddKey("Lang", text_string(language));
        PdfDictionary viewer;
        viewer.AddKey("DisplayDocTitle", PdfObject(true));
        catalog.AddKey("ViewerPreferences", viewer);
    }

    // Document Info and the XMP packet that matches it (PDF/A checks they agree).
    void add_metadata() {
        const layout::DocumentInfo& info = list_.info;
        PdfInfo* pdf_info = document_.GetInfo();
        if (!info.title.empty()) pdf_info->SetTitle(text_string(info.title));
        if (!info.author.empty()) pdf_info->SetAuthor(text_string(info.author));
        if (!info.subject.empty()) pdf_info->SetSubject(text_string(info.subject));
        if (!info.keywords.empty()) pdf_info->SetKeywords(text_string(info.keywords));
        pdf_info->SetCreator(text_string(creator_name(info)));
        pdf_info->SetProducer(text_string(producer_name(info)));
        const std::string date = pdf_date(options_.timestamp);
        pdf_info->SetCustomKey(PdfName("CreationDate"), PdfString(date));
        pdf_info->SetCustomKey(PdfName("ModDate"), PdfString(date));
        // The parts claimed, also in Info, where poppler's pdfinfo looks for them ("PDF subtype").
        if (options_.pdfa) pdf_info->SetCustomKey(PdfName("GTS_PDFA1Version"), PdfString("PDF/A-3b"));
        if (options_.pdfua && !list_.structure.empty())
            pdf_info->SetCustomKey(PdfName("GTS_PDFUAVersion"), PdfString("PDF/UA-1"));
        for (const std::string* field : {&info.title, &info.author, &info.subject, &info.keywords, &date})
            hash_.add(*field);

        const std::string xmp = xmp_packet(list_, options_);
        PdfObject* metadata = objects_.CreateObject("Metadata");
        metadata->GetDictionary().AddKey("Subtype", PdfName("XML"));
        // Unfiltered, so tools that scan for XMP packets find it (PDF/A requires it too).
        metadata->GetStream()->Set(xmp.data(), static_cast<pdf_long>(xmp.size()), TVecFilters());
        catalog_.GetDictionary().AddKey("Metadata", metadata->Reference());
    }

    // Associated files (PDF/A-3 6.8, PDF 2.0 14.13): a file specification per attachment with
    // /AFRelationship, listed in the catalog's /AF and in the /EmbeddedFiles name tree.
    void add_attachments() {
        if (options_.attachments.empty()) return;
        PdfArray associated;
        std::vector<std::pair<std::string, PdfReference>> by_name;
        for (const EmbeddedFile& file : options_.attachments) {
            PdfObject* stream = objects_.CreateObject("EmbeddedFile");
            if (!file.mime_type.empty()) stream->GetDictionary().AddKey("Subtype", PdfName(file.mime_type));
            PdfDictionary params;
            params.AddKey("ModDate", PdfString(pdf_date(options_.timestamp)));
            params.AddKey("Size", PdfObject(static_cast<pdf_int64>(file.bytes.size())));
            stream->GetDictionary().AddKey("Params", params);
            stream->GetStream()->Set(file.bytes.data(), static_cast<pdf_long>(file.bytes.size()));
            PdfObject* spec = objects_.CreateObject("Filespec");
            spec->GetDictionary().AddKey("F", text_string(file.name));
            spec->GetDictionary().AddKey("UF", text_string(file.name));
            spec->GetDictionary().AddKey("AFRelationship", PdfName(file.relationship));
            if (!file.description.empty()) spec->GetDictionary().AddKey("Desc", text_string(file.description));
            PdfDictionary embedded;
            embedded.AddKey("F", stream->Reference());
            embedded.AddKey("UF", stream->Reference());
            spec->GetDictionary().AddKey("EF", embedded);
            associated.push_back(spec->Reference());
            by_name.emplace_back(file.name, spec->Reference());
            hash_.add(file.name);
            hash_.add(file.bytes);
        }
        // A name tree's keys are sorted (PDF 32000 7.9.6); one leaf holds them all.
        std::stable_sort(by_name.begin(), by_name.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        PdfArray names;
        for (const auto& [name, reference] : by_name) {
            names.push_back(text_string(name));
            names.push_back(reference);
        }
        PdfDictionary tree;
        tree.AddKey("Names", names);
        PdfDictionary catalog_names;
        catalog_names.AddKey("EmbeddedFiles", tree);
        catalog_.GetDictionary().AddKey("Names", catalog_names);
        catalog_.GetDictionary().AddKey("AF", associated);
    }

    // PDF/A: colours are device RGB, so the document declares sRGB as its output intent.
    void add_output_intent() {
        const std::string profile_path = "/usr/share/color/icc/sRGB.icc";
        std::ifstream in(profile_path, std::ios::binary);
        if (!in)
            throw Error(ExitCode::NoInput, profile_path,
                        "PDF/A needs this sRGB ICC profile (Debian package icc-profiles-free)");
        std::ostringstream bytes;
        bytes << in.rdbuf();
        const std::string profile = bytes.str();
        PdfObject* icc = objects_.CreateObject();
        icc->GetDictionary().AddKey("N", integer(3));
        icc->GetStream()->Set(profile.data(), static_cast<pdf_long>(profile.size()));
        PdfDictionary intent;
        intent.AddKey("Type", PdfName("OutputIntent"));
        intent.AddKey("S", PdfName("GTS_PDFA1"));
        intent.AddKey("OutputConditionIdentifier", PdfString("sRGB IEC61966-2.1"));
        intent.AddKey("Info", PdfString("sRGB IEC61966-2.1"));
        intent.AddKey("DestOutputProfile", icc->Reference());
        PdfArray intents;
        intents.push_back(intent);
        catalog_.GetDictionary().AddKey("OutputIntents", intents);
    }

    const layout::DisplayList& list_;
    const PdfOptions& options_;
    PdfMemDocument document_;
    PdfVecObjects& objects_;
    PdfObject& catalog_;
    ContentHash hash_;

    std::vector<std::optional<FontProgram>> programs_;
    std::vector<FontUse> font_uses_;
    std::vector<PdfReference> font_references_;
    std::vector<PageContent> contents_;
    std::vector<std::string> deflated_;  // contents_[i].stream after Flate
    std::vector<std::string> packed_programs_;  // programs_[i]->data after Flate
    // The main thread's compressor, for all its streams (a compressor is 650 KB: one per
    // thread at a time keeps a short article's heap within fewer pages).
    Deflater deflater_;
    std::vector<PdfReference> page_references_;
    std::vector<PdfObject*> page_objects_;  // owned by objects_

    PdfObject* tree_root_ = nullptr;
    std::vector<PdfObject*> elements_;
    std::vector<PdfArray> kids_;
    PdfArray root_kids_;
    std::vector<bool> linked_;
    std::vector<std::optional<std::size_t>> first_page_;
    PdfDictionary role_map_;
    PdfArray parent_tree_nums_;
    long long next_parent_key_ = 0;
};

}  // namespace

std::string write_pdf(const layout::DisplayList& list, const PdfOptions& options) {
    // PoDoFo logs warnings and debug lines to stderr/stdout on its own; failures that matter
    // reach us as exceptions, and a command line's output is ours to decide.
    PoDoFo::PdfError::EnableDebug(false);
    PoDoFo::PdfError::EnableLogging(false);
    try {
        if (!options.leave_to_exit) return DocumentBuilder(list, options).build();
        auto builder = std::make_unique<DocumentBuilder>(list, options);
        std::string pdf = builder->build();
        leave_to_exit(std::move(builder));
        return pdf;
    } catch (const PoDoFo::PdfError& error) {
        throw Error(ExitCode::Software, "", std::string("PoDoFo failed writing the PDF: ") +
                                                PoDoFo::PdfError::ErrorMessage(error.GetError()));
    }
}

}  // namespace galley::pdf
