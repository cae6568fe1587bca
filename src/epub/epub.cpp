// write_epub: plan the book, write each of its files, zip them.
#include "epub/epub.hpp"

#include <utility>
#include <vector>

#include "epub/book.hpp"

namespace galley {

std::string write_epub(const Document& document, const Style& style, const EpubOptions& options) {
    epub::BookPlan plan = epub::plan_book(document);
    epub::plan_pages(plan, document, options);
    const std::string folder = std::string(epub::package_folder) + "/";

    // Order matters: OCF wants `mimetype` first; the rest follow reading order.
    std::vector<std::pair<std::string, std::string>> files;
    files.emplace_back("mimetype", "application/epub+zip");
    files.emplace_back("META-INF/container.xml", epub::container_xml());
    files.emplace_back(folder + epub::package_file, epub::package_opf(plan, options));
    files.emplace_back(folder + epub::nav_file, epub::nav_xhtml(plan));
    files.emplace_back(folder + epub::ncx_file, epub::toc_ncx(plan));
    files.emplace_back(folder + epub::css_file, epub_css(style));
    files.emplace_back(folder + epub::titlepage_file, epub::titlepage_xhtml(plan));
    for (std::size_t i = 0; i < plan.text_files.size(); ++i)
        files.emplace_back(folder + plan.text_files[i].name, epub::text_xhtml(document, plan, i));
    files.emplace_back(folder + epub::colophon_file, epub::colophon_xhtml(document, plan, options));
    return epub::zip_container(files, options.timestamp);
}

}  // namespace galley
