// galley's command line: options → ArticleOptions/Style → the library pipeline → files.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "archive/archive.hpp"
#include "archive/bag.hpp"
#include "galley.hpp"
#include "left_to_exit.hpp"
#include "worker.hpp"

namespace {

enum class Verbosity { Quiet, Normal, Verbose };

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> parts;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, ',');) {
        while (!part.empty() && part.front() == ' ') part.erase(0, 1);
        while (!part.empty() && part.back() == ' ') part.pop_back();
        if (!part.empty()) parts.push_back(part);
    }
    return parts;
}

int report(const galley::Error& error) {
    std::cerr << "galley: " << error.what() << '\n';
    return static_cast<int>(error.code());
}

std::string read_all(std::istream& in) {
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// galley verify BAG...: re-checks a bag's fixity. 0 when every bag is intact, 65 otherwise.
int verify_command(int argc, char** argv) {
    CLI::App app{"galley verify — re-check the checksums and Payload-Oxum of BagIt bags made with --archive.",
                 "galley verify"};
    std::vector<std::string> bags;
    bool quiet = false;
    app.add_option("BAG", bags, "Bag directories")->required();
    app.add_flag("-q,--quiet", quiet, "Print only problems");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::ParseError& problem) {
        std::cerr << "galley verify: " << problem.what() << "\n";
        return static_cast<int>(galley::ExitCode::Usage);
    }
    int exit_code = 0;
    for (const std::string& bag : bags) {
        try {
            const galley::archive::VerifyReport report = galley::archive::verify_bag(bag);
            for (const std::string& path : report.changed) std::cerr << bag << ": changed: " << path << '\n';
            for (const std::string& path : report.missing) std::cerr << bag << ": missing: " << path << '\n';
            for (const std::string& path : report.extra) std::cerr << bag << ": not in the manifest: " << path << '\n';
            for (const std::string& problem : report.problems) std::cerr << bag << ": " << problem << '\n';
            if (report.ok()) {
                if (!quiet) std::cout << bag << ": ok\n";
            } else {
                std::cerr << bag << ": FAILED fixity check\n";
                if (exit_code == 0) exit_code = static_cast<int>(galley::ExitCode::DataError);
            }
        } catch (const galley::Error& error) {
            const int code = report(error);
            if (exit_code == 0) exit_code = code;
        }
    }
    return exit_code;
}

// The article's sidecar (ARTICLE.yaml or .yml), which the reader also uses, for the bag.
std::optional<galley::archive::SourceFile> read_sidecar_file(const std::string& input) {
    if (input == "-") return std::nullopt;
    for (const char* extension : {".yaml", ".yml"}) {
        const std::filesystem::path sidecar = std::filesystem::path(input).replace_extension(extension);
        if (sidecar == std::filesystem::path(input) || !std::filesystem::exists(sidecar)) continue;
        std::ifstream in(sidecar, std::ios::binary);
        return galley::archive::SourceFile{sidecar.filename().string(), read_all(in)};
    }
    return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
    galley::prepare_heap();
    // Each message is one line written at once (stderr is otherwise unbuffered: a write per
    // piece, and lines of parallel runs interleave).
    std::setvbuf(stderr, nullptr, _IOLBF, BUFSIZ);
    std::cerr.unsetf(std::ios_base::unitbuf);
    if (argc >= 2 && std::string(argv[1]) == "verify") return verify_command(argc - 1, argv + 1);
    CLI::App app{"galley — formats articles (plain text) as EPUB 3 e-books and typeset PDFs.", "galley"};
    app.get_formatter()->column_width(34);
    app.footer("galley verify BAG...  re-checks the checksums of bags written with --archive (exit 65 if any changed)");

    std::vector<std::string> inputs;
    std::string output_dir = "output";
    std::string formats_text = "epub,pdf";
    std::string style_name = "default";
    galley::ArticleOptions article;
    std::string authors_text, keywords_text;
    bool quiet = false, verbose = false, show_version = false, explain = false;
    bool no_furniture = false, no_typography = false, pdfa = false;
    std::string archive_dir;

    app.add_option("INPUT", inputs, "Article(s) to format: plain-text files, or - for standard input");
    app.add_option("-o,--output", output_dir, "Directory for the outputs (created if missing)")->capture_default_str();
    app.add_option("--format", formats_text, "Outputs to write, comma-separated: epub, pdf")->capture_default_str();
    app.add_option("--style", style_name, "Style NAME (from styles/) or style FILE (.yaml)")->capture_default_str();
    app.add_option("--title", article.metadata.title, "Title");
    app.add_option("--subtitle", article.metadata.subtitle, "Subtitle");
    app.add_option("--author", authors_text, "Author(s), separated by ';'");
    app.add_option("--lang", article.metadata.language, "Language as a BCP 47 tag (en-US, fr, de-DE…)");
    app.add_option("--date", article.metadata.date, "Publication date, ISO 8601 (YYYY-MM-DD)");
    app.add_option("--publisher", article.metadata.publisher, "Publisher");
    app.add_option("--source", article.metadata.source_name, "Where the text was first published (name or URL)");
    app.add_option("--rights", article.metadata.rights, "Rights or licence statement");
    app.add_option("--identifier", article.metadata.identifier, "Identifier (default: a UUID derived from the content)");
    app.add_option("--description", article.metadata.description, "A one-paragraph description");
    app.add_option("--keywords", keywords_text, "Keywords, comma-separated");
    app.add_option("--archive", archive_dir,
                   "Also write a BagIt bag per article into DIR/STEM/ (source, EPUB, PDF/A, metadata.json, checksums)")
        ->type_name("DIR");
    app.add_flag("--pdfa", pdfa, "PDF/A-3b with the source (and the EPUB) embedded, whatever the style says");
    app.add_flag("--keep-boilerplate", article.keep_boilerplate,
                 "Keep what looks like web boilerplate (appeals, share links, captions) in the text");
    app.add_flag("--no-furniture", no_furniture, "Do not look for title, byline, credits and boilerplate");
    app.add_flag("--no-smart-typography", no_typography, "Keep quotes, dashes and ellipses as typed");
    app.add_flag("--explain", explain, "Print what was recognised in each input, with line numbers");
    app.add_flag("-q,--quiet", quiet, "Print nothing but errors");
    app.add_flag("-v,--verbose", verbose, "Also print what was recognised and dropped");
    app.add_flag("--version", show_version, "Print the version and exit");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::ParseError& problem) {
        std::cerr << "galley: " << problem.what() << "\n(run galley --help for the options)\n";
        return static_cast<int>(galley::ExitCode::Usage);
    }
    if (show_version) {
        std::cout << "galley " << galley::version() << '\n';
        return 0;
    }
    const Verbosity verbosity = quiet ? Verbosity::Quiet : verbose ? Verbosity::Verbose : Verbosity::Normal;
    if (inputs.empty()) {
        std::cerr << "galley: no input given (run galley --help for the options)\n";
        return static_cast<int>(galley::ExitCode::Usage);
    }

    // Authors: "A; B" or "A and B" stay as given per entry; only ';' separates.
    if (!authors_text.empty()) {
        std::stringstream in(authors_text);
        for (std::string author; std::getline(in, author, ';');) {
            while (!author.empty() && author.front() == ' ') author.erase(0, 1);
            while (!author.empty() && author.back() == ' ') author.pop_back();
            if (!author.empty()) article.metadata.authors.push_back(author);
        }
    }
    article.metadata.keywords = split_list(keywords_text);
    if (article.metadata.source_name.starts_with("http://") || article.metadata.source_name.starts_with("https://")) {
        article.metadata.source_url = article.metadata.source_name;
    }

    std::set<std::string> formats;
    for (const std::string& format : split_list(formats_text)) {
        if (format != "epub" && format != "pdf") {
            std::cerr << "galley: --format: unknown format \"" << format << "\" (use epub, pdf or epub,pdf)\n";
            return static_cast<int>(galley::ExitCode::Usage);
        }
        formats.insert(format);
    }
    if (formats.empty()) {
        std::cerr << "galley: --format: name at least one format (epub, pdf)\n";
        return static_cast<int>(galley::ExitCode::Usage);
    }

    // Work that can be done ahead of need goes to the background thread, in the order it will
    // be needed: for a PDF the record of the fonts and, once the style is read, the typefaces
    // and the hyphenation patterns.
    const bool typesetting = formats.contains("pdf") || !archive_dir.empty();
    if (typesetting) galley::prefetch_fonts();
    galley::Style style;
    try {
        style = galley::load_style(style_name);
    } catch (const galley::Error& error) {
        return report(error);
    }
    if (pdfa || !archive_dir.empty()) style.pdfa = true;
    article.recognise_furniture = !no_furniture;
    article.smart_typography = !no_typography;
    article.dash = style.dash;
    article.prefetch_fonts = typesetting;
    if (article.prefetch_fonts) galley::prefetch_typefaces(style, article.metadata.language);
    article.prefetch_hyphenation = article.prefetch_fonts && style.hyphenate;

    std::error_code fs_error;
    std::filesystem::create_directories(output_dir, fs_error);
    if (fs_error || !std::filesystem::is_directory(output_dir)) {
        std::cerr << "galley: " << output_dir << ": cannot create the output directory"
                  << (fs_error ? ": " + fs_error.message() : std::string()) << '\n';
        return static_cast<int>(galley::ExitCode::CannotCreate);
    }

    const galley::DiagnosticSink sink = [&](const galley::Diagnostic& diagnostic) {
        if (explain) std::cout << diagnostic.to_string() << '\n';
        if (verbosity == Verbosity::Quiet) return;
        if (diagnostic.level == galley::Diagnostic::Level::Note && verbosity != Verbosity::Verbose) return;
        std::cerr << "galley: " << diagnostic.to_string() << '\n';
    };

    int exit_code = 0;
    std::set<std::string> stems_seen;
    for (const std::string& input : inputs) {
        try {
            const std::string stem = input == "-" ? std::string("stdin") : std::filesystem::path(input).stem().string();
            if (!stems_seen.insert(stem).second)
                throw galley::Error(galley::ExitCode::Usage, input,
                                    "another input has the same name \"" + stem + "\"; its outputs would collide");
            // Archival output keeps the source byte for byte, so read it here, once for stdin.
            const bool archival = style.pdfa || !archive_dir.empty();
            std::vector<galley::Diagnostic> recognised;
            const galley::DiagnosticSink recording_sink = [&](const galley::Diagnostic& diagnostic) {
                recognised.push_back(diagnostic);
                sink(diagnostic);
            };
            std::vector<galley::archive::SourceFile> sources;
            galley::Document document;
            if (archival) {
                galley::archive::SourceFile source{input == "-" ? "stdin.txt" : std::filesystem::path(input).filename().string(), {}};
                if (input == "-") {
                    source.bytes = read_all(std::cin);
                    document = galley::read_article_text(source.bytes, input, article, recording_sink);
                } else {
                    document = galley::read_article(input, article, recording_sink);
                    std::ifstream in(input, std::ios::binary);
                    source.bytes = read_all(in);
                }
                sources.push_back(source);
                if (auto sidecar = read_sidecar_file(input)) sources.push_back(*sidecar);
            } else {
                document = galley::read_article(input, article, sink);
            }
            galley::RenderOptions render;
            // After the last input the process ends: its structures are left to the exit.
            render.leave_to_exit = &input == &inputs.back();
            std::string epub_bytes, pdf_bytes;
            const bool want_epub = formats.contains("epub") || archival;
            const bool want_pdf = formats.contains("pdf") || !archive_dir.empty();
            if (archival && want_pdf) {
                // One layout for both: the EPUB's page list marks the PDF's pages.
                galley::archive::Editions editions =
                    galley::archive::render_archival_editions(document, style, render, sources.front(), stem, sink);
                epub_bytes = std::move(editions.epub);
                pdf_bytes = std::move(editions.pdf);
            } else {
                // The two backends only read the document: with both wanted, the EPUB is
                // written on a second thread while the PDF is typeset.
                galley::Task<std::string> epub;
                if (want_epub && want_pdf)
                    epub = galley::Task<std::string>([&] { return galley::render_epub(document, style, render); });
                if (want_pdf) pdf_bytes = galley::render_pdf(document, style, render, sink);
                if (want_epub) epub_bytes = epub.valid() ? epub.get() : galley::render_epub(document, style, render);
            }
            for (const std::string& format : formats) {
                const std::string path = (std::filesystem::path(output_dir) / (stem + "." + format)).string();
                std::error_code same_error;
                if (input != "-" && std::filesystem::equivalent(path, input, same_error))
                    throw galley::Error(galley::ExitCode::CannotCreate, path, "would overwrite the input; choose another -o");
                const std::string& bytes = format == "epub" ? epub_bytes : pdf_bytes;
                galley::write_file_atomically(path, bytes);
                if (verbosity != Verbosity::Quiet)
                    std::cerr << "galley: wrote " << path << " (" << (bytes.size() + 1023) / 1024 << " KB)\n";
            }
            if (!archive_dir.empty()) {
                const std::string bag = galley::archive::write_article_bag(
                    archive_dir, stem, document, style, galley::resolve_timestamp(document, render), sources, epub_bytes,
                    pdf_bytes, recognised);
                if (verbosity != Verbosity::Quiet) std::cerr << "galley: wrote the bag " << bag << "\n";
            }
            if (render.leave_to_exit) galley::leave_to_exit(std::move(document));
        } catch (const galley::Error& error) {
            const int code = report(error);
            if (exit_code == 0) exit_code = code;
        } catch (const std::exception& error) {
            std::cerr << "galley: " << input << ": internal error: " << error.what() << '\n';
            if (exit_code == 0) exit_code = static_cast<int>(galley::ExitCode::Software);
        }
    }
    // Everything is written. The process leaves without taking down what the run built (the
    // model, the layout, fonts, the libraries' own state): the kernel reclaims the memory in
    // one step. Only the streams need flushing.
    galley::finish_cache_writes();
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(exit_code);
}
