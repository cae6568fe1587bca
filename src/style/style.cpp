#include "style/style.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "model/error.hpp"
#include "text/yaml_tree.hpp"

namespace galley {

std::string Color::hex() const {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", red, green, blue);
    return buffer;
}

double parse_length(const std::string& text, double em) {
    std::size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        throw std::invalid_argument("\"" + text + "\" is not a length (write e.g. 12pt, 0.75in, 20mm, 1.5em)");
    }
    std::string unit = text.substr(used);
    while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
    static const std::map<std::string, double> points_per_unit = {
        {"pt", 1.0}, {"bp", 1.0}, {"pc", 12.0}, {"in", 72.0}, {"mm", 72.0 / 25.4},
        {"cm", 72.0 / 2.54}, {"px", 0.75}};
    if (unit == "em") return value * em;
    if (unit.empty() && value == 0) return 0;
    auto found = points_per_unit.find(unit);
    if (found == points_per_unit.end())
        throw std::invalid_argument("\"" + text + "\" has no known unit (use pt, pc, in, mm, cm, px or em)");
    if (!std::isfinite(value) || value < 0)
        throw std::invalid_argument("\"" + text + "\" must be a length of zero or more");
    return value * found->second;
}

namespace {

struct Reader {
    std::string file;

    [[noreturn]] void fail(const yaml::Node& node, const std::string& message) const {
        const yaml::Mark mark = node.mark();
        throw Error(ExitCode::Config, file, mark.line >= 0 ? mark.line + 1 : 0,
                    mark.column >= 0 ? mark.column + 1 : 0, message);
    }

    std::string string(const yaml::Node& node, const std::string& key) const {
        if (!node.is_scalar()) fail(node, "\"" + key + "\" must be a single value");
        return node.scalar();
    }
    double length(const yaml::Node& node, const std::string& key, double em) const {
        try {
            return parse_length(string(node, key), em);
        } catch (const std::invalid_argument& problem) {
            fail(node, key + ": " + problem.what());
        }
    }
    bool boolean(const yaml::Node& node, const std::string& key) const {
        const std::string value = string(node, key);
        if (value == "true" || value == "yes" || value == "on") return true;
        if (value == "false" || value == "no" || value == "off") return false;
        fail(node, key + ": \"" + value + "\" is not true or false");
    }
    int integer(const yaml::Node& node, const std::string& key, int low, int high) const {
        const std::string value = string(node, key);
        char* end = nullptr;
        const long number = std::strtol(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || number < low || number > high)
            fail(node, key + ": \"" + value + "\" must be a whole number from " + std::to_string(low) +
                           " to " + std::to_string(high));
        return static_cast<int>(number);
    }
    Color color(const yaml::Node& node, const std::string& key) const {
        const std::string value = string(node, key);
        unsigned red = 0, green = 0, blue = 0;
        if (value.size() != 7 || value[0] != '#' ||
            std::sscanf(value.c_str() + 1, "%2x%2x%2x", &red, &green, &blue) != 3)
            fail(node, key + ": \"" + value + "\" is not a colour (write #rrggbb)");
        return Color{static_cast<unsigned char>(red), static_cast<unsigned char>(green),
                     static_cast<unsigned char>(blue)};
    }

    // Reject keys we do not know, so a typo in a style is an error, not a silent default.
    void only_keys(const yaml::Node& map, std::initializer_list<const char*> known, const std::string& where) const {
        if (!map.is_map()) fail(map, where + " must be a mapping of keys to values");
        for (const auto& entry : map.entries()) {
            const std::string key = entry.first.scalar();
            bool ok = false;
            for (const char* name : known) ok = ok || key == name;
            if (!ok) fail(entry.first, "unknown key \"" + key + "\" in " + where);
        }
    }

    void font(const yaml::Node& node, FontSpec& spec, const std::string& where, double em) const {
        only_keys(node, {"font", "size", "small-caps", "bold", "italic", "space-before", "space-after"}, where);
        if (node["font"]) spec.family = string(node["font"], where + ".font");
        if (node["size"]) spec.size = length(node["size"], where + ".size", em);
        if (node["small-caps"]) spec.small_caps = boolean(node["small-caps"], where + ".small-caps");
        if (node["bold"]) spec.bold = boolean(node["bold"], where + ".bold");
        if (node["italic"]) spec.italic = boolean(node["italic"], where + ".italic");
    }
};

// Named trim sizes, width × height in points.
bool named_page_size(std::string name, double& width, double& height) {
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static const std::map<std::string, std::pair<double, double>> sizes = {
        {"a4", {595.276, 841.890}}, {"a5", {419.528, 595.276}}, {"letter", {612, 792}},
        {"us-letter", {612, 792}}, {"6x9", {432, 648}}, {"5.5x8.5", {396, 612}},
        {"5x8", {360, 576}}, {"royal", {442.205, 663.307}}};
    auto found = sizes.find(name);
    if (found == sizes.end()) return false;
    width = found->second.first;
    height = found->second.second;
    return true;
}

void default_headings(Style& style) {
    style.headings.clear();
    const double sizes[] = {14, 12, 10.5};
    const double before[] = {20, 16, 13.65};
    const double after[] = {6, 4, 0};
    for (int level = 0; level < 3; ++level) {
        HeadingStyle heading;
        heading.font = style.body;
        heading.font.size = sizes[level];
        heading.font.italic = level == 2;
        heading.space_before = before[level];
        heading.space_after = after[level];
        style.headings.push_back(heading);
    }
}

}  // namespace

Style parse_style(const std::string& yaml_text, const std::string& file) {
    std::unique_ptr<yaml::Document> document;
    try {
        document = std::make_unique<yaml::Document>(yaml_text);
    } catch (const yaml::ParseError& problem) {
        throw Error(ExitCode::Config, file, problem.mark().line + 1, problem.mark().column + 1,
                    std::string("not a valid style file: ") + problem.what());
    }
    const yaml::Node root = document->root();
    Style style;
    default_headings(style);
    if (!root || root.is_null()) return style;
    const Reader in{file};
    in.only_keys(root, {"name", "description", "page", "text", "title", "subtitle", "byline", "headings",
                        "block-quote", "list", "section-break", "running-heads", "folios",
                        "running-head-size", "folio-size", "colors", "pdfa"},
                 "the style");
    if (root["name"]) style.name = in.string(root["name"], "name");
    if (root["description"]) style.description = in.string(root["description"], "description");

    // Text first: em lengths elsewhere are relative to the body size.
    if (const yaml::Node text = root["text"]) {
        in.only_keys(text, {"font", "size", "leading", "indent", "paragraph-spacing", "align", "hyphenate",
                            "hyphenate-min-before", "hyphenate-min-after", "hyphenation-exceptions",
                            "optical-margins", "dash", "mono-font", "mono-size"},
                     "text");
        if (text["font"]) style.body.family = in.string(text["font"], "text.font");
        if (text["size"]) style.body.size = in.length(text["size"], "text.size", 10.5);
        if (style.body.size <= 0) in.fail(text["size"], "text.size must be more than 0");
    }
    const double em = style.body.size;
    style.leading = em * 1.3;
    style.paragraph_indent = 1.5 * em;
    style.block_quote_indent = 1.5 * em;
    style.list_indent = 1.5 * em;
    for (FontSpec* spec : {&style.title, &style.subtitle, &style.byline, &style.running_head, &style.folio})
        spec->family = style.body.family;
    style.byline.size = em;
    default_headings(style);

    if (const yaml::Node text = root["text"]) {
        if (text["leading"]) style.leading = in.length(text["leading"], "text.leading", em);
        if (text["indent"]) style.paragraph_indent = in.length(text["indent"], "text.indent", em);
        if (text["paragraph-spacing"])
            style.paragraph_spacing = in.length(text["paragraph-spacing"], "text.paragraph-spacing", em);
        if (text["align"]) {
            const std::string align = in.string(text["align"], "text.align");
            if (align == "justify") style.alignment = Alignment::Justify;
            else if (align == "left" || align == "ragged-right") style.alignment = Alignment::Left;
            else in.fail(text["align"], "text.align: \"" + align + "\" must be justify or left");
        }
        if (text["hyphenate"]) style.hyphenate = in.boolean(text["hyphenate"], "text.hyphenate");
        if (text["hyphenate-min-before"])
            style.hyphen_min_before = in.integer(text["hyphenate-min-before"], "text.hyphenate-min-before", 1, 10);
        if (text["hyphenate-min-after"])
            style.hyphen_min_after = in.integer(text["hyphenate-min-after"], "text.hyphenate-min-after", 1, 10);
        if (const yaml::Node exceptions = text["hyphenation-exceptions"]) {
            if (!exceptions.is_sequence()) in.fail(exceptions, "text.hyphenation-exceptions must be a list");
            for (const yaml::Node& word : exceptions.items())
                style.hyphenation_exceptions.push_back(in.string(word, "text.hyphenation-exceptions"));
        }
        if (text["optical-margins"]) style.optical_margins = in.boolean(text["optical-margins"], "text.optical-margins");
        if (text["dash"]) {
            style.dash = in.string(text["dash"], "text.dash");
            if (style.dash != "en" && style.dash != "em") in.fail(text["dash"], "text.dash must be en or em");
        }
        if (text["mono-font"]) style.mono.family = in.string(text["mono-font"], "text.mono-font");
        if (text["mono-size"]) style.mono.size = in.length(text["mono-size"], "text.mono-size", em);
    }
    if (style.leading <= 0) in.fail(root["text"]["leading"], "text.leading must be more than 0");

    if (const yaml::Node page = root["page"]) {
        in.only_keys(page, {"size", "width", "height", "two-sided", "margins"}, "page");
        if (page["size"]) {
            std::string size = in.string(page["size"], "page.size");
            if (!named_page_size(size, style.page_width, style.page_height)) {
                const std::size_t cross = size.find_first_of("x×");
                if (cross == std::string::npos)
                    in.fail(page["size"], "page.size: \"" + size +
                                              "\" is not a known size (A4, A5, letter, 6x9, 5.5x8.5) or WIDTH x HEIGHT");
                std::string width = size.substr(0, cross);
                std::string height = size.substr(size.find_first_not_of("x×\xC3\x97", cross));
                auto trim = [](std::string s) {
                    while (!s.empty() && s.back() == ' ') s.pop_back();
                    while (!s.empty() && s.front() == ' ') s.erase(0, 1);
                    return s;
                };
                try {
                    style.page_width = parse_length(trim(width), em);
                    style.page_height = parse_length(trim(height), em);
                } catch (const std::invalid_argument& problem) {
                    in.fail(page["size"], std::string("page.size: ") + problem.what());
                }
            }
        }
        if (page["width"]) style.page_width = in.length(page["width"], "page.width", em);
        if (page["height"]) style.page_height = in.length(page["height"], "page.height", em);
        if (page["two-sided"]) style.two_sided = in.boolean(page["two-sided"], "page.two-sided");
        if (const yaml::Node margins = page["margins"]) {
            in.only_keys(margins, {"inner", "outer", "top", "bottom"}, "page.margins");
            if (margins["inner"]) style.margin_inner = in.length(margins["inner"], "page.margins.inner", em);
            if (margins["outer"]) style.margin_outer = in.length(margins["outer"], "page.margins.outer", em);
            if (margins["top"]) style.margin_top = in.length(margins["top"], "page.margins.top", em);
            if (margins["bottom"]) style.margin_bottom = in.length(margins["bottom"], "page.margins.bottom", em);
        }
        if (style.margin_inner + style.margin_outer >= style.page_width - 72 ||
            style.margin_top + style.margin_bottom >= style.page_height - 72)
            in.fail(page, "the page margins leave less than 1 in for the text");
    }

    if (root["title"]) in.font(root["title"], style.title, "title", em);
    if (root["subtitle"]) in.font(root["subtitle"], style.subtitle, "subtitle", em);
    if (root["byline"]) in.font(root["byline"], style.byline, "byline", em);
    if (const yaml::Node headings = root["headings"]) {
        if (!headings.is_sequence() || headings.size() == 0)
            in.fail(headings, "headings must be a list with one entry per level, level 1 first");
        style.headings.clear();
        for (std::size_t level = 0; level < headings.size(); ++level) {
            HeadingStyle heading;
            heading.font = style.body;
            heading.space_before = style.leading;
            const std::string where = "headings[" + std::to_string(level) + "]";
            in.font(headings[level], heading.font, where, em);
            if (headings[level]["space-before"])
                heading.space_before = in.length(headings[level]["space-before"], where + ".space-before", em);
            if (headings[level]["space-after"])
                heading.space_after = in.length(headings[level]["space-after"], where + ".space-after", em);
            style.headings.push_back(heading);
        }
    }
    while (style.headings.size() < 6) style.headings.push_back(style.headings.back());

    if (const yaml::Node quote = root["block-quote"]) {
        in.only_keys(quote, {"indent"}, "block-quote");
        if (quote["indent"]) style.block_quote_indent = in.length(quote["indent"], "block-quote.indent", em);
    }
    if (const yaml::Node list = root["list"]) {
        in.only_keys(list, {"indent"}, "list");
        if (list["indent"]) style.list_indent = in.length(list["indent"], "list.indent", em);
    }
    if (const yaml::Node ornament = root["section-break"]) {
        in.only_keys(ornament, {"ornament"}, "section-break");
        if (ornament["ornament"]) style.section_break_ornament = in.string(ornament["ornament"], "section-break.ornament");
    }
    if (root["running-heads"]) style.running_heads = in.boolean(root["running-heads"], "running-heads");
    if (root["folios"]) style.folios = in.boolean(root["folios"], "folios");
    if (root["running-head-size"]) style.running_head.size = in.length(root["running-head-size"], "running-head-size", em);
    if (root["folio-size"]) style.folio.size = in.length(root["folio-size"], "folio-size", em);
    if (const yaml::Node colors = root["colors"]) {
        in.only_keys(colors, {"text", "accent"}, "colors");
        if (colors["text"]) style.text_color = in.color(colors["text"], "colors.text");
        if (colors["accent"]) style.accent_color = in.color(colors["accent"], "colors.accent");
    }
    if (root["pdfa"]) style.pdfa = in.boolean(root["pdfa"], "pdfa");
    return style;
}

std::vector<std::string> style_search_path() {
    std::vector<std::string> path;
    if (const char* extra = std::getenv("GALLEY_STYLE_PATH")) {
        std::stringstream list(extra);
        for (std::string dir; std::getline(list, dir, ':');)
            if (!dir.empty()) path.push_back(dir);
    }
    std::error_code ignored;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ignored);
    if (!self.empty()) {
        path.push_back((self.parent_path() / "styles").string());
        path.push_back((self.parent_path().parent_path() / "share/galley/styles").string());
    }
    path.push_back(GALLEY_STYLES_DIR);
    return path;
}

Style load_style(const std::string& name_or_file) {
    const bool is_file = name_or_file.find('/') != std::string::npos ||
                         (name_or_file.size() > 5 && name_or_file.ends_with(".yaml"));
    std::string path;
    if (is_file) {
        path = name_or_file;
        if (!std::filesystem::exists(path))
            throw Error(ExitCode::Usage, path, "no such style file");
    } else {
        for (const std::string& dir : style_search_path()) {
            const std::string candidate = dir + "/" + name_or_file + ".yaml";
            if (std::filesystem::exists(candidate)) {
                path = candidate;
                break;
            }
        }
        if (path.empty()) {
            std::string where;
            for (const std::string& dir : style_search_path()) where += (where.empty() ? "" : ", ") + dir;
            throw Error(ExitCode::Usage, "", "unknown style \"" + name_or_file + "\" (looked in " + where + ")");
        }
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ExitCode::Config, path, "cannot read the style file");
    std::stringstream buffer;
    buffer << in.rdbuf();
    Style style = parse_style(buffer.str(), path);
    style.origin = std::filesystem::path(path).parent_path().string();
    return style;
}

}  // namespace galley
