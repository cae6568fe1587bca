// PLACEHOLDER: replaced by the real EPUB backend.
#include "epub/epub.hpp"
#include "model/error.hpp"
namespace galley {
std::string write_epub(const Document&, const Style&, const EpubOptions&) {
    throw Error(ExitCode::Software, "", "the EPUB backend is not built yet");
}
std::string epub_css(const Style&) { return {}; }
}  // namespace galley
