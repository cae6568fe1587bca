#include "model/error.hpp"

namespace galley {

// "file:line:column: message", leaving out what is unknown.
std::string Error::format(const std::string& file, int line, int column, const std::string& message) {
    std::string out;
    out.reserve(file.size() + message.size() + 24);
    out.append(file);
    if (line > 0) out.append(":").append(std::to_string(line));
    if (line > 0 && column > 0) out.append(":").append(std::to_string(column));
    if (!out.empty()) out.append(": ");
    out.append(message);
    return out;
}

}  // namespace galley
