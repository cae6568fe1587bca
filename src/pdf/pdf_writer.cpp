// The PDF document: pages, fonts, structure tree, navigation and metadata, assembled with
// PoDoFo's object layer. PoDoFo serialises objects and the xref; every font, structure and
// navigation object is built here by hand (PoDoFo's own font code cannot embed shaped text,
// and its annotation and Info helpers stamp the current time).
#include "pdf/pdf_writer.hpp"

#include <algorithm>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>

#include <openssl/evp.h>
#include <podofo/podofo.h>

#include "model/error.hpp"
#include "pdf/font_program.hpp"
#include "pdf/page_content.hpp"

static_assert(PODOFO_VERSION_MAJOR == 0 && PODOFO_VERSION_MINOR == 9,
              "src/pdf is written against the PoDoFo 0.9 API (Debian 12's 0.9.8)");

namespace galley::pdf {
namespace {

using namespace PoDoFo;

// PdfMemDocument only exposes a const trailer; the /ID must be set on it.
class Document : public PdfMemDocument {
public:
    PdfObject* trailer() { return PdfDocument::GetTrailer(); }
};

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
    xmp += ">\n   <dc:format>application/pdf</dc:format>\n";
    if (!info.title.empty())
        xmp += "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(info.title) +
               "</rdf:li></rdf:Alt></dc:title>\n";
    if (!info.author.empty())
        xmp += "   <dc:creator><rdf:Seq><rdf:li>" + xml_escape(info.author) + "</rdf:li></rdf:Seq></dc:creator>\n";
    if (!info.subject.empty())
        xmp += "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(info.subject) +
               "</rdf:li></rdf:Alt></dc:description>\n";
    if (!language.empty())
        xmp += "   <dc:language><rdf:Bag><rdf:li>" + xml_escape(language) + "</rdf:li></rdf:Bag></dc:language>\n";
    xmp += "   <xmp:CreateDate>" + date + "</xmp:CreateDate>\n" + "   <xmp:ModifyDate>" + date +
           "</xmp:ModifyDate>\n" + "   <xmp:MetadataDate>" + date + "</xmp:MetadataDate>\n" +
           "   <xmp:CreatorTool>" + xml_escape(creator_name(info)) + "</xmp:CreatorTool>\n" +
           "   <pdf:Producer>" + xml_escape(producer_name(info)) + "</pdf:Producer>\n";
    if (!info.keywords.empty()) xmp += "   <pdf:Keywords>" + xml_escape(info.keywords) + "</pdf:Keywords>\n";
    if (options.pdfa) xmp += "   <pdfaid:part>3</pdfaid:part>\n   <pdfaid:conformance>B</pdfaid:conformance>\n";
    xmp += "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n";
    // Padding lets an editor update the packet in place; part of the XMP convention.
    xmp += std::string(20, ' ') + "\n<?xpacket end=\"w\"?>";
    return xmp;
}

// SHA-256 over everything that makes the document what it is: the /ID's first half.
class ContentHash {
public:
    ContentHash() : context_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(context_, EVP_sha256(), nullptr); }
    ~ContentHash() { EVP_MD_CTX_free(context_); }
    ContentHash(const ContentHash&) = delete;
    ContentHash& operator=(const ContentHash&) = delete;
    void add(const std::string& bytes) {
        const std::uint64_t size = bytes.size();
        EVP_DigestUpdate(context_, &size, sizeof size);
        EVP_DigestUpdate(context_, bytes.data(), bytes.size());
    }
    std::string digest16() {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned length = 0;
        EVP_DigestFinal_ex(context_, digest, &length);
        return std::string(reinterpret_cast<const char*>(digest), std::min<unsigned>(length, 16));
    }

private:
    EVP_MD_CTX* context_;
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
    auto check_structure = [&](int element, const std::string& what) {
        if (element < -1 || element >= structure_count)
            throw Error(ExitCode::DataError, "", what + " refers to structure element " + std::to_string(element) +
                                                     ", which does not exist");
    };
    for (std::size_t page_index = 0; page_index < list.pages.size(); ++page_index) {
        const layout::Page& page = list.pages[page_index];
        const std::string where = "page " + std::to_string(page_index + 1);
        if (!(page.width > 0) || !(page.height > 0)) throw Error(ExitCode::DataError, "", where + " has no size");
        for (const layout::GlyphRun& run : page.runs) {
            if (run.font < 0 || static_cast<std::size_t>(run.font) >= list.fonts.size())
                throw Error(ExitCode::DataError, "", "a glyph run on " + where + " uses font " +
                                                         std::to_string(run.font) + ", which does not exist");
            if (!(run.size > 0)) throw Error(ExitCode::DataError, "", "a glyph run on " + where + " has no size");
            check_structure(run.structure, "a glyph run on " + where);
        }
        for (const layout::Rule& rule : page.rules) check_structure(rule.structure, "a rule on " + where);
        for (const layout::LinkArea& link : page.links) check_structure(link.structure, "a link on " + where);
    }
    for (const layout::OutlineEntry& entry : list.outline)
        if (entry.page < 0 || static_cast<std::size_t>(entry.page) >= list.pages.size())
            throw Error(ExitCode::DataError, "", "the outline entry \"" + entry.title + "\" points to page " +
                                                     std::to_string(entry.page + 1) + ", which does not exist");
}

// Page labels: a decimal number where the folio is one (so "Go to page 12" finds the page
// printed 12), the printed label otherwise. A page without a folio (a chapter opening)
// continues the numbering of its neighbours.
PdfObject page_labels(const layout::DisplayList& list) {
    const std::size_t count = list.pages.size();
    auto number_of = [](const std::string& label) -> std::optional<long> {
        if (label.empty() || label.size() > 9 ||
            !std::all_of(label.begin(), label.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
        return std::stol(label);
    };
    std::vector<std::optional<long>> numbers(count);
    for (std::size_t i = 0; i < count; ++i) numbers[i] = number_of(list.pages[i].label);
    // Fill pages without a label from the nearest numbered neighbours, forwards then backwards.
    for (std::size_t i = 1; i < count; ++i)
        if (!numbers[i] && list.pages[i].label.empty() && numbers[i - 1]) numbers[i] = *numbers[i - 1] + 1;
    for (std::size_t i = count - 1; i-- > 0;)
        if (!numbers[i] && list.pages[i].label.empty() && numbers[i + 1] && *numbers[i + 1] > 1)
            numbers[i] = *numbers[i + 1] - 1;

    PdfArray nums;
    for (std::size_t i = 0; i < count; ++i) {
        const bool continues = i > 0 && numbers[i] && numbers[i - 1] && *numbers[i] == *numbers[i - 1] + 1;
        if (continues) continue;
        PdfDictionary range;
        if (numbers[i]) {
            range.AddKey("S", PdfName("D"));
            if (*numbers[i] != 1) range.AddKey("St", integer(*numbers[i]));
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

std::string write_document(const layout::DisplayList& list, const PdfOptions& options) {
    check_display_list(list);

    // Fonts: the glyphs each face shows, subset and embedded once.
    std::vector<std::set<std::uint32_t>> glyphs_of_font(list.fonts.size());
    std::vector<bool> needs_space(list.fonts.size(), false);
    for (const layout::Page& page : list.pages)
        for (const layout::GlyphRun& run : page.runs) {
            const auto font = static_cast<std::size_t>(run.font);
            for (const layout::PositionedGlyph& glyph : run.glyphs) glyphs_of_font[font].insert(glyph.glyph_id);
            if (run.ends_line && !run.inserted_hyphen && !run.glyphs.empty()) needs_space[font] = true;
        }
    std::vector<std::optional<FontProgram>> programs(list.fonts.size());
    std::vector<FontUse> font_uses(list.fonts.size());
    int resource_number = 0;
    for (std::size_t font = 0; font < list.fonts.size(); ++font) {
        if (glyphs_of_font[font].empty()) continue;
        programs[font] = make_font_program(list.fonts[font], glyphs_of_font[font], needs_space[font]);
        font_uses[font] = {&*programs[font], "F" + std::to_string(++resource_number)};
    }

    const PrimaryTexts primary = collect_primary_texts(list);
    const std::vector<std::vector<RunPlan>> plans = plan_text(list, primary);
    std::vector<PageContent> contents;
    for (std::size_t page = 0; page < list.pages.size(); ++page)
        contents.push_back(paint_page(list.pages[page], plans[page], font_uses, list.structure));

    Document document;
    document.SetPdfVersion(ePdfVersion_1_7);
    PdfVecObjects& objects = document.GetObjects();
    PdfObject* catalog = document.GetCatalog();
    ContentHash hash;

    // Font objects: Type0 → CIDFont → FontDescriptor → font file, plus ToUnicode.
    std::vector<PdfReference> font_references(list.fonts.size());
    for (std::size_t font = 0; font < list.fonts.size(); ++font) {
        if (!programs[font]) continue;
        const FontProgram& program = *programs[font];
        const std::string base_name = program.subset_tag + "+" + program.postscript_name;
        hash.add(base_name);
        hash.add(program.data);

        PdfObject* file = objects.CreateObject();
        if (program.is_cff) {
            file->GetDictionary().AddKey("Subtype", PdfName("CIDFontType0C"));
        } else {
            file->GetDictionary().AddKey("Length1", integer(static_cast<long long>(program.data.size())));
        }
        file->GetStream()->Set(program.data.data(), static_cast<pdf_long>(program.data.size()));

        PdfObject* descriptor = objects.CreateObject("FontDescriptor");
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

        PdfObject* cid_font = objects.CreateObject("Font");
        PdfDictionary& cid_keys = cid_font->GetDictionary();
        cid_keys.AddKey("Subtype", PdfName(program.is_cff ? "CIDFontType0" : "CIDFontType2"));
        cid_keys.AddKey("BaseFont", PdfName(base_name));
        PdfDictionary system_info;
        system_info.AddKey("Registry", PdfString("Adobe"));
        system_info.AddKey("Ordering", PdfString("Identity"));
        system_info.AddKey("Supplement", integer(0));
        cid_keys.AddKey("CIDSystemInfo", system_info);
        cid_keys.AddKey("FontDescriptor", descriptor->Reference());
        PdfArray widths;
        for (int width : program.widths) widths.push_back(integer(width));
        PdfArray w;
        w.push_back(integer(0));
        w.push_back(widths);
        cid_keys.AddKey("W", w);
        if (!program.is_cff) cid_keys.AddKey("CIDToGIDMap", PdfName("Identity"));

        std::map<std::uint16_t, std::string> text_of_cid;
        for (const auto& [glyph, text] : primary[font]) text_of_cid.emplace(program.cid_of_glyph.at(glyph), text);
        if (program.space_cid >= 0) text_of_cid.emplace(static_cast<std::uint16_t>(program.space_cid), " ");
        const std::string cmap = make_to_unicode_cmap(text_of_cid);
        PdfObject* to_unicode = objects.CreateObject();
        to_unicode->GetStream()->Set(cmap.data(), static_cast<pdf_long>(cmap.size()));

        PdfObject* type0 = objects.CreateObject("Font");
        PdfDictionary& type0_keys = type0->GetDictionary();
        type0_keys.AddKey("Subtype", PdfName("Type0"));
        // PDF 32000 9.7.6.1: a Type0 font over a CIDFontType0 is named CIDFont-CMap.
        type0_keys.AddKey("BaseFont", PdfName(program.is_cff ? base_name + "-Identity-H" : base_name));
        type0_keys.AddKey("Encoding", PdfName("Identity-H"));
        PdfArray descendants;
        descendants.push_back(cid_font->Reference());
        type0_keys.AddKey("DescendantFonts", descendants);
        type0_keys.AddKey("ToUnicode", to_unicode->Reference());
        font_references[font] = type0->Reference();
    }

    // Pages. Never keep the pointer CreatePage returns: PoDoFo 0.9.8 frees it on the next call.
    std::vector<PdfReference> page_references;
    for (std::size_t index = 0; index < list.pages.size(); ++index) {
        const layout::Page& source = list.pages[index];
        document.CreatePage(PdfRect(0, 0, source.width, source.height));
        PdfPage* page = document.GetPage(static_cast<int>(index));
        page_references.push_back(page->GetObject()->Reference());
        const std::string& stream = contents[index].stream;
        hash.add(stream);
        page->GetContentsForAppending()->GetStream()->Set(stream.data(), static_cast<pdf_long>(stream.size()));
        PdfDictionary fonts;
        std::set<int> used;
        for (const layout::GlyphRun& run : source.runs)
            if (!run.glyphs.empty()) used.insert(run.font);
        for (int font : used) {
            const auto slot = static_cast<std::size_t>(font);
            fonts.AddKey(PdfName(font_uses[slot].resource_name), font_references[slot]);
        }
        PdfDictionary& resources = page->GetResources()->GetDictionary();
        if (!used.empty()) resources.AddKey("Font", fonts);
    }

    // Tagged PDF: the structure tree, with kids in reading order (content order).
    const bool tagged = !list.structure.empty();
    PdfObject* tree_root = nullptr;
    std::vector<PdfObject*> elements;
    std::vector<PdfArray> kids(list.structure.size());
    PdfArray root_kids;
    std::vector<bool> linked(list.structure.size(), false);
    std::vector<std::optional<std::size_t>> first_page(list.structure.size());
    PdfArray parent_tree_nums;
    long long next_parent_key = 0;
    if (tagged) {
        tree_root = objects.CreateObject("StructTreeRoot");
        PdfDictionary role_map;
        const auto& standard = standard_structure_types();
        for (const layout::StructureElement& source : list.structure) {
            PdfObject* element = objects.CreateObject("StructElem");
            const std::string role = role_name(source.role);
            element->GetDictionary().AddKey("S", PdfName(role));
            if (std::find(standard.begin(), standard.end(), role) == standard.end() && !role_map.HasKey(role))
                role_map.AddKey(PdfName(role), PdfName(standard_equivalent(role)));
            if (!source.language.empty()) element->GetDictionary().AddKey("Lang", text_string(source.language));
            if (!source.alt_text.empty()) element->GetDictionary().AddKey("Alt", text_string(source.alt_text));
            elements.push_back(element);
        }
        for (std::size_t index = 0; index < elements.size(); ++index) {
            const int parent = list.structure[index].parent;
            elements[index]->GetDictionary().AddKey(
                "P", parent < 0 ? tree_root->Reference() : elements[static_cast<std::size_t>(parent)]->Reference());
        }
        if (role_map.GetKeys().size() > 0) tree_root->GetDictionary().AddKey("RoleMap", role_map);
    }
    // Links an element into its parent's kids the first time content of it (or of a
    // descendant) appears, so kids follow reading order.
    std::function<void(std::size_t)> link_element = [&](std::size_t index) {
        if (linked[index]) return;
        linked[index] = true;
        const int parent = list.structure[index].parent;
        if (parent < 0) {
            root_kids.push_back(elements[index]->Reference());
        } else {
            link_element(static_cast<std::size_t>(parent));
            kids[static_cast<std::size_t>(parent)].push_back(elements[index]->Reference());
        }
    };
    auto add_content_kid = [&](std::size_t element, std::size_t page, PdfObject kid) {
        link_element(element);
        if (!first_page[element]) {
            first_page[element] = page;
            elements[element]->GetDictionary().AddKey("Pg", page_references[page]);
        }
        if (*first_page[element] == page && kid.IsNumber()) {
            kids[element].push_back(kid);
            return;
        }
        PdfDictionary reference;
        if (kid.IsNumber()) {
            reference.AddKey("Type", PdfName("MCR"));
            reference.AddKey("Pg", page_references[page]);
            reference.AddKey("MCID", kid);
        } else {
            reference = kid.GetDictionary();
            reference.AddKey("Pg", page_references[page]);
        }
        kids[element].push_back(reference);
    };

    for (std::size_t index = 0; index < list.pages.size(); ++index) {
        PdfPage* page = document.GetPage(static_cast<int>(index));
        PdfDictionary& page_keys = page->GetObject()->GetDictionary();
        const PageContent& content = contents[index];
        if (tagged && !content.structure_of_mcid.empty()) {
            PdfArray parents;
            for (std::size_t mcid = 0; mcid < content.structure_of_mcid.size(); ++mcid) {
                const auto element = static_cast<std::size_t>(content.structure_of_mcid[mcid]);
                add_content_kid(element, index, integer(static_cast<long long>(mcid)));
                parents.push_back(elements[element]->Reference());
            }
            page_keys.AddKey("StructParents", integer(next_parent_key));
            parent_tree_nums.push_back(integer(next_parent_key++));
            parent_tree_nums.push_back(parents);
        }
        // Link annotations, built by hand (PoDoFo's constructor stamps the current time).
        const layout::Page& source = list.pages[index];
        if (source.links.empty()) continue;
        PdfArray annotations;
        for (const layout::LinkArea& link : source.links) {
            PdfObject* annotation = objects.CreateObject("Annot");
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
            keys.AddKey("M", PdfString(pdf_date(options.timestamp)));
            keys.AddKey("P", page_references[index]);
            PdfDictionary action;
            action.AddKey("Type", PdfName("Action"));
            action.AddKey("S", PdfName("URI"));
            action.AddKey("URI", PdfString(ascii_uri(link.url)));
            keys.AddKey("A", action);
            keys.AddKey("Contents", text_string(link.url));  // the link's description (PDF/UA)
            hash.add(link.url);
            if (tagged && link.structure >= 0) {
                const auto element = static_cast<std::size_t>(link.structure);
                keys.AddKey("StructParent", integer(next_parent_key));
                parent_tree_nums.push_back(integer(next_parent_key++));
                parent_tree_nums.push_back(elements[element]->Reference());
                PdfDictionary object_reference;
                object_reference.AddKey("Type", PdfName("OBJR"));
                object_reference.AddKey("Obj", annotation->Reference());
                add_content_kid(element, index, object_reference);
            }
            annotations.push_back(annotation->Reference());
        }
        page_keys.AddKey("Annots", annotations);
        page_keys.AddKey("Tabs", PdfName("S"));  // tab order follows the structure
    }

    if (tagged) {
        for (std::size_t index = 0; index < elements.size(); ++index) link_element(index);
        for (std::size_t index = 0; index < elements.size(); ++index) {
            if (kids[index].size() == 1)
                elements[index]->GetDictionary().AddKey("K", kids[index][0]);
            else if (!kids[index].empty())
                elements[index]->GetDictionary().AddKey("K", kids[index]);
        }
        PdfDictionary& root_keys = tree_root->GetDictionary();
        root_keys.AddKey("K", root_kids.size() == 1 ? root_kids[0] : PdfObject(root_kids));
        PdfDictionary parent_tree;
        parent_tree.AddKey("Nums", parent_tree_nums);
        root_keys.AddKey("ParentTree", parent_tree);
        root_keys.AddKey("ParentTreeNextKey", integer(next_parent_key));
        catalog->GetDictionary().AddKey("StructTreeRoot", tree_root->Reference());
        PdfDictionary mark_info;
        mark_info.AddKey("Marked", PdfObject(true));
        catalog->GetDictionary().AddKey("MarkInfo", mark_info);
    }

    // Outlines, nested by level, built by hand: a doubly linked list per level.
    if (!list.outline.empty()) {
        PdfObject* outlines = objects.CreateObject("Outlines");
        struct Item {
            PdfObject* object;
            int parent;  // index into items, -1 for the outline root
            std::vector<std::size_t> children;
        };
        std::vector<Item> items;
        std::vector<std::size_t> top;
        std::vector<std::pair<int, std::size_t>> open;  // (level, item) of the current ancestors
        for (const layout::OutlineEntry& entry : list.outline) {
            while (!open.empty() && open.back().first >= entry.level) open.pop_back();
            PdfObject* object = objects.CreateObject();
            object->GetDictionary().AddKey("Title", text_string(entry.title));
            PdfArray destination;
            destination.push_back(page_references[static_cast<std::size_t>(entry.page)]);
            destination.push_back(PdfName("XYZ"));
            destination.push_back(PdfVariant());  // null: keep the reader's left and zoom
            destination.push_back(real(std::stod(format_number(entry.y))));
            destination.push_back(PdfVariant());
            object->GetDictionary().AddKey("Dest", destination);
            const std::size_t item = items.size();
            items.push_back({object, open.empty() ? -1 : static_cast<int>(open.back().second), {}});
            if (open.empty())
                top.push_back(item);
            else
                items[open.back().second].children.push_back(item);
            open.emplace_back(entry.level, item);
        }
        auto chain = [&](PdfObject* parent, const std::vector<std::size_t>& children) {
            for (std::size_t i = 0; i < children.size(); ++i) {
                PdfDictionary& keys = items[children[i]].object->GetDictionary();
                keys.AddKey("Parent", parent->Reference());
                if (i > 0) keys.AddKey("Prev", items[children[i - 1]].object->Reference());
                if (i + 1 < children.size()) keys.AddKey("Next", items[children[i + 1]].object->Reference());
            }
            if (!children.empty()) {
                parent->GetDictionary().AddKey("First", items[children.front()].object->Reference());
                parent->GetDictionary().AddKey("Last", items[children.back()].object->Reference());
                // Positive: open, so the whole table of contents shows at once.
                parent->GetDictionary().AddKey("Count", integer(static_cast<long long>(children.size())));
            }
        };
        chain(outlines, top);
        for (Item& item : items) chain(item.object, item.children);
        // An open item's /Count is its visible descendants; top-level Count is all visible items.
        std::function<long long(std::size_t)> visible = [&](std::size_t index) {
            long long count = 0;
            for (std::size_t child : items[index].children) count += 1 + visible(child);
            return count;
        };
        long long total = 0;
        for (std::size_t index = 0; index < items.size(); ++index) {
            const long long below = visible(index);
            if (below > 0) items[index].object->GetDictionary().AddKey("Count", integer(below));
        }
        for (std::size_t index : top) total += 1 + visible(index);
        outlines->GetDictionary().AddKey("Count", integer(total));
        catalog->GetDictionary().AddKey("Outlines", outlines->Reference());
        catalog->GetDictionary().AddKey("PageMode", PdfName("UseOutlines"));
        for (const layout::OutlineEntry& entry : list.outline) hash.add(entry.title);
    }

    catalog->GetDictionary().AddKey("PageLabels", page_labels(list));
    const std::string language = list.info.language.empty() ? options.language : list.info.language;
    if (!language.empty()) catalog->GetDictionary().AddKey("Lang", text_string(language));
    PdfDictionary viewer;
    viewer.AddKey("DisplayDocTitle", PdfObject(true));
    catalog->GetDictionary().AddKey("ViewerPreferences", viewer);

    // Document Info and the matching XMP packet.
    const layout::DocumentInfo& info = list.info;
    PdfInfo* pdf_info = document.GetInfo();
    if (!info.title.empty()) pdf_info->SetTitle(text_string(info.title));
    if (!info.author.empty()) pdf_info->SetAuthor(text_string(info.author));
    if (!info.subject.empty()) pdf_info->SetSubject(text_string(info.subject));
    if (!info.keywords.empty()) pdf_info->SetKeywords(text_string(info.keywords));
    pdf_info->SetCreator(text_string(creator_name(info)));
    pdf_info->SetProducer(text_string(producer_name(info)));
    pdf_info->SetCustomKey(PdfName("CreationDate"), PdfString(pdf_date(options.timestamp)));
    pdf_info->SetCustomKey(PdfName("ModDate"), PdfString(pdf_date(options.timestamp)));
    for (const std::string* field : {&info.title, &info.author, &info.subject, &info.keywords}) hash.add(*field);

    const std::string xmp = xmp_packet(list, options);
    PdfObject* metadata = objects.CreateObject("Metadata");
    metadata->GetDictionary().AddKey("Subtype", PdfName("XML"));
    // Unfiltered, so tools that scan for XMP packets find it (PDF/A requires it too).
    metadata->GetStream()->Set(xmp.data(), static_cast<pdf_long>(xmp.size()), TVecFilters());
    catalog->GetDictionary().AddKey("Metadata", metadata->Reference());

    if (options.pdfa) {
        const std::string profile_path = "/usr/share/color/icc/sRGB.icc";
        std::ifstream in(profile_path, std::ios::binary);
        if (!in) throw Error(ExitCode::NoInput, profile_path, "PDF/A needs this sRGB ICC profile (Debian package icc-profiles-free)");
        std::ostringstream bytes;
        bytes << in.rdbuf();
        const std::string profile = bytes.str();
        PdfObject* icc = objects.CreateObject();
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
        catalog->GetDictionary().AddKey("OutputIntents", intents);
    }

    // /ID: the first half from the content (PoDoFo keeps it), the second PoDoFo derives from Info.
    const std::string identifier = hash.digest16();
    PdfArray id;
    id.push_back(PdfString(identifier.data(), static_cast<pdf_long>(identifier.size()), true));
    id.push_back(PdfString(identifier.data(), static_cast<pdf_long>(identifier.size()), true));
    document.trailer()->GetDictionary().AddKey("ID", id);

    PdfRefCountedBuffer buffer;
    PdfOutputDevice device(&buffer);
    document.Write(&device);
    return std::string(buffer.GetBuffer(), device.GetLength());
}

}  // namespace

std::string write_pdf(const layout::DisplayList& list, const PdfOptions& options) {
    try {
        return write_document(list, options);
    } catch (const PoDoFo::PdfError& error) {
        throw Error(ExitCode::Software, "", std::string("PoDoFo failed writing the PDF: ") +
                                                PoDoFo::PdfError::ErrorMessage(error.GetError()));
    }
}

}  // namespace galley::pdf
