// galley's library API: the one header the command line (and any other program) uses.
//
//   bytes --read--> Document --transforms--> Document --+--> EPUB backend --> .epub
//                                                       +--> layout --> PDF writer --> .pdf
//
// Every stage is also usable on its own through its folder's header.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/document.hpp"
#include "model/error.hpp"
#include "style/style.hpp"

namespace galley {

std::string version();

// Diagnostics that are not fatal: warnings ("no title; using the file name") and notes for -v.
struct Diagnostic {
    enum class Level { Note, Warning };
    Level level = Level::Warning;
    std::string file;
    SourcePosition position;
    std::string message;
    std::string to_string() const;  // "file:line:col: warning: message"
};
using DiagnosticSink = std::function<void(const Diagnostic&)>;

// What the user said about the article, beyond its text. Flags win over front matter and
// sidecar files, which win over what transforms recognise in the text.
struct ArticleOptions {
    Metadata metadata;           // fields set here override everything else
    bool keep_boilerplate = false;
    bool recognise_furniture = true;  // title, byline, credit, provenance
    bool smart_typography = true;     // quotes, dashes, ellipses, no-break spaces
    std::string dash = "en";          // a spaced " - " becomes an en or em dash (from the style)
    // Start loading what PDF output will need on other threads while the article is read:
    // fontconfig, and the hyphenation dictionary of the article's language (as soon as the
    // language is known: from the metadata, else guessed from the text's opening).
    bool prefetch_fonts = false;
    bool prefetch_hyphenation = false;
};

// What the transforms recognised (title, byline, credits, boilerplate...) is reported to the
// sink as notes with line numbers (for -v and --explain); a title taken from the lede as a
// warning.
// Read one input ("-" for stdin) into a finished Document: reader, sidecar, flags, transforms.
// Throws galley::Error: NoInput when it cannot be read, DataError when it is not valid text.
Document read_article(const std::string& input, const ArticleOptions& options, const DiagnosticSink& sink);

// The same for text already in memory; `name` is used in messages and for the fallback title.
Document read_article_text(const std::string& bytes, const std::string& name,
                           const ArticleOptions& options, const DiagnosticSink& sink);

// Output settings shared by the backends.
struct RenderOptions {
    // Seconds since the epoch used for every timestamp written (zip entries, dcterms:modified,
    // PDF dates). From SOURCE_DATE_EPOCH when set, else derived from the document.
    std::optional<std::int64_t> timestamp;
    // The process ends once this render's output is written (the command line's last input):
    // the layout and the PDF's objects are left for the exit to reclaim, not freed one by one
    // (left_to_exit.hpp). A caller that goes on working leaves this false.
    bool leave_to_exit = false;
};

// The timestamp to use: SOURCE_DATE_EPOCH if set and valid, else the document's date at
// midnight UTC, else 2000-01-01T00:00:00Z.
std::int64_t resolve_timestamp(const Document& document, const RenderOptions& options);

std::string render_epub(const Document& document, const Style& style, const RenderOptions& options);
std::string render_pdf(const Document& document, const Style& style, const RenderOptions& options,
                       const DiagnosticSink& sink);

// Write `bytes` to `path` through a temporary file in the same directory and a rename, so a
// failure never leaves a partial file or clobbers an existing one. Throws galley::Error
// (CannotCreate or IoError).
void write_file_atomically(const std::string& path, const std::string& bytes);

// For a program that formats and exits (the CLI): call first thing in main, before any thread
// starts. Keeps large buffers on the heap and freed memory in it, and grows the heap in large
// steps (see heap.cpp, also for why not transparent huge pages). Returns whether glibc took
// the settings (false without glibc on Linux, or under a sanitizer's allocator); either way
// the output is the same.
bool prepare_heap();

// Read the record of fontconfig's answers, or start fontconfig (reading its configuration and
// caches, ~8 ms) when the record no longer holds, on the background thread (run_in_background
// in worker.hpp) now, for a caller that knows early that it will typeset a PDF. Later calls,
// and the font lookups that need it, wait for that one start; it is never done twice.
void prefetch_fonts();
// Waits for cache files still being written on other threads (the store of shaped words);
// call before leaving the process with _Exit.
void finish_cache_writes();

// Load and warm the faces the style names for text, title and byline on the background thread
// (layout::warm_faces), for a caller that will typeset a PDF once the article is read: the
// engine then finds the faces loaded and HarfBuzz's tables ready. (A throwaway subset of each
// face for the PDF writer used to follow; it added 3.8 M instructions, a third of the job, and
// saved the writer's own subsetting 0-0.2 ms on the sample: trace points, medians of 40.)
// `language` may be empty (en-US). Only the first call in a process does anything; the output is the
// same with or without it.
void prefetch_typefaces(const Style& style, const std::string& language);

}  // namespace galley
