// PLACEHOLDER: replaced by the real reader.
#include "read/plain_text.hpp"
#include "model/error.hpp"
namespace galley {
Document read_plain_text(const std::string& bytes, const std::string& name) {
    Document document;
    document.source_name = name;
    Block paragraph;
    paragraph.inlines.push_back(Inline::make_text(bytes));
    document.blocks.push_back(paragraph);
    return document;
}
Metadata parse_metadata_yaml(const std::string&, const std::string&, int) { return {}; }
}  // namespace galley
