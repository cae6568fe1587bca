// PLACEHOLDER: replaced when the PDF backend lands.
#include "galley.hpp"
namespace galley {
std::string render_pdf(const Document&, const Style&, const RenderOptions&, const DiagnosticSink&) {
    throw Error(ExitCode::Software, "", "the PDF backend is not built yet (use --format epub)");
}
}  // namespace galley
