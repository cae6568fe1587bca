// The PDF writer: paints a display list (pages of positioned glyphs, rules and link areas)
// into PDF bytes. Fonts are subset with hb-subset and embedded as Type0/Identity-H fonts with
// a ToUnicode CMap; the output is tagged (from DisplayList::structure), carries outlines,
// links, page labels, Info and XMP, and is byte-identical for identical input and options.
//
// PoDoFo is an implementation detail of this folder: no PoDoFo type appears here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "layout/display_list.hpp"

namespace galley::pdf {

// A file carried inside the PDF (PDF/A-3 "associated file"): listed in the catalog's /AF and
// the /EmbeddedFiles name tree, so the PDF alone holds the whole record.
struct EmbeddedFile {
    std::string name;                      // file name shown by viewers ("article.txt")
    std::string bytes;
    std::string mime_type;                 // "text/plain", "application/epub+zip"
    std::string relationship = "Source";   // /AFRelationship: Source, Alternative, Data, Supplement...
    std::string description;               // /Desc
};

struct PdfOptions {
    // Seconds since the epoch for every date written: Info CreationDate/ModDate, the XMP
    // dates and the /M of annotations. Never the current time, so output is reproducible.
    std::int64_t timestamp = 946684800;  // 2000-01-01T00:00:00Z
    std::string language = "en";         // the catalog's /Lang (BCP 47)
    // PDF/A-3b: adds the XMP pdfaid schema and an sRGB OutputIntent. Everything else PDF/A
    // asks for (embedded fonts, ToUnicode, XMP matching Info, /ID, no encryption, printable
    // annotations) is written in every mode.
    bool pdfa = false;
    // Claims PDF/UA-1 (pdfuaid:part 1 in the XMP) when the display list has a structure tree.
    bool pdfua = false;
    // Embedded with /ModDate = timestamp, in the order given (the name tree is sorted by name).
    std::vector<EmbeddedFile> attachments;
    // The process ends once the PDF is written: leave PoDoFo's object tree for the exit to
    // reclaim (left_to_exit.hpp) instead of taking it apart.
    bool leave_to_exit = false;
};

// The PDF file as bytes. Throws galley::Error: NoInput when a font file cannot be read,
// DataError when the display list is inconsistent (a run names a font that does not exist,
// a page has no size), Software when the PDF library fails.
std::string write_pdf(const layout::DisplayList& list, const PdfOptions& options);

}  // namespace galley::pdf
