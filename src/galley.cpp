// The pipeline behind galley.hpp: it only strings the stages together.
#include "galley.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>
#include <optional>
#include <sstream>

#include "atomic_file.hpp"
#include "epub/epub.hpp"
#include "layout/cache_files.hpp"
#include "layout/fonts.hpp"
#include "layout/hyphenation.hpp"
#include "layout/layout.hpp"
#include "left_to_exit.hpp"
#include "pdf/pdf_writer.hpp"
#include "read/plain_text.hpp"
#include "transform/furniture.hpp"
#include "transform/metadata.hpp"
#include "transform/typography.hpp"
#include "worker.hpp"

namespace galley {

std::string version() { return GALLEY_VERSION; }

std::string Diagnostic::to_string() const {
    std::string out = file;
    if (position.line > 0) out += ":" + std::to_string(position.line);
    if (position.line > 0 && position.column > 0) out += ":" + std::to_string(position.column);
    if (!out.empty()) out += ": ";
    out += level == Level::Warning ? "warning: " : "note: ";
    return out + message;
}

namespace {

std::string read_whole_file(const std::string& path) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
        throw Error(ExitCode::NoInput, path, "is a directory, not an article");
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int problem = errno;
        throw Error(ExitCode::NoInput, path,
                    std::string("cannot open the input: ") + std::strerror(problem ? problem : ENOENT));
    }
    // In one read of the file's size (a book's bytes one at a time through stream iterators
    // took a twentieth of reading it); a file that grows meanwhile is read to its end.
    std::string bytes;
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    in.seekg(0, std::ios::beg);
    if (size > 0) {
        bytes.resize(static_cast<std::size_t>(size));
        in.read(bytes.data(), size);
        bytes.resize(static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) throw Error(ExitCode::NoInput, path, "cannot read the input");
    in.clear();  // (past the end, or a pipe that cannot seek: read on with the iterators)
    bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) throw Error(ExitCode::NoInput, path, "cannot read the input");
    return bytes;
}

// ARTICLE.yaml (or .yml) beside ARTICLE.txt holds metadata for articles whose text we do not edit.
Metadata read_sidecar(const std::string& input) {
    if (input == "-") return {};
    for (const char* extension : {".yaml", ".yml"}) {
        const std::filesystem::path sidecar = std::filesystem::path(input).replace_extension(extension);
        if (sidecar != std::filesystem::path(input) && std::filesystem::exists(sidecar))
            return parse_metadata_yaml(read_whole_file(sidecar.string()), sidecar.string(), 1);
    }
    return {};
}

}  // namespace

void prefetch_fonts() { layout::prefetch_fonts(); }

void finish_cache_writes() { layout::finish_cache_writes(); }

void prefetch_typefaces(const Style& style, const std::string& language) {
    static std::once_flag once;
    std::call_once(once, [&] {
        // The body face first (the engine's first lookups), then its italic (emphasis), the title
        // and the byline (small capitals are a shaping plan of their own).
        FontSpec italic = style.body;
        italic.italic = true;
        const std::vector<FontSpec> specs{style.body, italic, style.title, style.byline};
        run_in_background([specs, language] {
            try {
                layout::warm_faces(specs, language);
            } catch (...) {
                // Only time was to be saved: the engine meets the same problem and reports it.
            }
        });
    });
}

Document read_article_text(const std::string& bytes, const std::string& name, const ArticleOptions& options,
                           const DiagnosticSink& sink) {
    auto report = [&](Diagnostic::Level level, SourcePosition position, const std::string& message) {
        if (sink) sink(Diagnostic{level, name, position, message});
    };
    if (options.prefetch_fonts) layout::prefetch_fonts();
    Document document = read_plain_text(bytes, name);
    // Front matter (already in the document) < sidecar and flags (in options) < nothing:
    // transforms only fill fields that are still empty.
    merge_metadata(document.metadata, options.metadata);
    if (options.prefetch_hyphenation) {
        // The language the defaults will settle on: the metadata's, else the guess from the
        // text — here from its first blocks, which is enough to name the language (a wrong
        // guess only costs a second dictionary load later).
        std::string language = document.metadata.language;
        if (language.empty()) {
            Document opening;
            const std::size_t sample = std::min<std::size_t>(document.blocks.size(), 60);
            opening.blocks.assign(document.blocks.begin(), document.blocks.begin() + std::ptrdiff_t(sample));
            language = guess_language(opening);
        }
        if (!language.empty()) layout::prefetch_hyphenation(language);
    }
    if (options.recognise_furniture) {
        FurnitureOptions furniture;
        furniture.keep_boilerplate = options.keep_boilerplate;
        for (const Recognition& found : recognise_furniture(document, furniture)) {
            std::string text = found.text.size() > 90 ? found.text.substr(0, found.text.find(' ', 80)) + " …" : found.text;
            if (found.what == "title (from the lede)") {
                report(Diagnostic::Level::Warning, found.position,
                       "the article has no title; using the lede's first words \"" + document.metadata.title +
                           "\" (set one with --title or a 'title:' in front matter)");
            } else {
                report(Diagnostic::Level::Note, found.position, found.what + ": " + text);
            }
        }
    }
    apply_metadata_defaults(document, [&](const std::string& message) {
        report(Diagnostic::Level::Warning, {}, message);
    });
    if (options.smart_typography) {
        TypographyOptions typography;
        typography.dash = options.dash;
        apply_typography(document, document.metadata.language, typography);
    }
    if (document.metadata.identifier.empty()) document.metadata.identifier = content_identifier(document);
    return document;
}

Document read_article(const std::string& input, const ArticleOptions& options, const DiagnosticSink& sink) {
    std::string bytes;
    if (input == "-") {
        bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
        bytes = read_whole_file(input);
    }
    // The sidecar sits between the text's own front matter and the flags.
    ArticleOptions merged = options;
    merged.metadata = read_sidecar(input);
    merge_metadata(merged.metadata, options.metadata);
    return read_article_text(bytes, input, merged, sink);
}

std::int64_t resolve_timestamp(const Document& document, const RenderOptions& options) {
    if (options.timestamp) return *options.timestamp;
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) {
        char* end = nullptr;
        const long long seconds = std::strtoll(epoch, &end, 10);
        if (*epoch && *end == '\0' && seconds >= 315532800 /* 1980, the zip epoch */) return seconds;
    }
    const std::string& date = document.metadata.date;
    int year = 0, month = 1, day = 1;
    if (date.size() >= 4 && std::sscanf(date.c_str(), "%4d-%2d-%2d", &year, &month, &day) >= 1 && year >= 1980 &&
        year < 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31) {
        std::tm when{};
        when.tm_year = year - 1900;
        when.tm_mon = month - 1;
        when.tm_mday = day;
        return static_cast<std::int64_t>(timegm(&when));
    }
    return 946684800;  // 2000-01-01T00:00:00Z
}

std::string render_epub(const Document& document, const Style& style, const RenderOptions& options) {
    EpubOptions epub;
    epub.timestamp = resolve_timestamp(document, options);
    epub.generator = "galley " + version();
    return write_epub(document, style, epub);
}

std::string render_pdf(const Document& document, const Style& style, const RenderOptions& options,
                       const DiagnosticSink& sink) {
    layout::LayoutResult laid_out = layout::layout_document(document, style);
    if (sink)
        for (const layout::LayoutWarning& warning : laid_out.warnings)
            sink(Diagnostic{Diagnostic::Level::Warning, document.source_name, warning.position, warning.message});
    pdf::PdfOptions pdf;
    pdf.timestamp = resolve_timestamp(document, options);
    pdf.language = document.metadata.language;
    pdf.pdfa = style.pdfa;
    pdf.leave_to_exit = options.leave_to_exit;
    std::string bytes = pdf::write_pdf(laid_out.display, pdf);
    if (options.leave_to_exit) leave_to_exit(std::move(laid_out));
    return bytes;
}

void write_file_atomically(const std::string& path, const std::string& bytes) {
    const std::optional<AtomicWriteFailure> failure = write_atomically(path, bytes, /*durable=*/true);
    if (!failure) return;
    const std::string why = std::strerror(failure->error);
    if (failure->step == AtomicWriteFailure::Step::Write)
        throw Error(ExitCode::IoError, path, "cannot write the output: " + why);
    throw Error(ExitCode::CannotCreate, path, "cannot create the output: " + why);
}

}  // namespace galley
