// Front matter and sidecar metadata: YAML → Metadata, with dates made ISO 8601.
#include "read/metadata_yaml.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <memory>
#include <string_view>
#include <vector>

#include "model/error.hpp"
#include "read/plain_text.hpp"
#include "text/pattern.hpp"
#include "text/yaml_tree.hpp"

namespace galley {

namespace {

std::string trim(const std::string& text) {
    const auto is_space = [](unsigned char character) { return std::isspace(character) != 0; };
    std::size_t begin = 0, end = text.size();
    while (begin < end && is_space(static_cast<unsigned char>(text[begin]))) ++begin;
    while (end > begin && is_space(static_cast<unsigned char>(text[end - 1]))) --end;
    return text.substr(begin, end - begin);
}

std::string lower_ascii(std::string text) {
    for (char& character : text) character = static_cast<char>(std::tolower(static_cast<unsigned char>(character)));
    return text;
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : days[static_cast<std::size_t>(month - 1)];
}

constexpr int kAbsent = -1;

// "YYYY", "YYYY-MM" or "YYYY-MM-DD" when the parts name a real date.
std::optional<std::string> iso_date(int year, int month, int day) {
    if (year < 1 || year > 9999) return std::nullopt;
    char out[32];
    if (month == kAbsent) {
        std::snprintf(out, sizeof out, "%04d", year);
        return std::string(out);
    }
    if (month < 1 || month > 12) return std::nullopt;
    if (day == kAbsent) {
        std::snprintf(out, sizeof out, "%04d-%02d", year, month);
        return std::string(out);
    }
    if (day < 1 || day > days_in_month(year, month)) return std::nullopt;
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", year, month, day);
    return std::string(out);
}

// 1..12 for an English month name or its abbreviation, 0 otherwise.
int month_number(const std::string& word) {
    static constexpr std::array<std::string_view, 12> names{"january", "february", "march",     "april",
                                                            "may",     "june",     "july",      "august",
                                                            "september", "october", "november", "december"};
    const std::string lower = lower_ascii(word);
    if (lower.size() < 3) return 0;
    for (std::size_t index = 0; index < names.size(); ++index) {
        const std::string_view name = names[index];
        if (lower == name || lower == name.substr(0, 3) || (index == 8 && lower == "sept")) {
            return static_cast<int>(index) + 1;
        }
    }
    return 0;
}

bool is_weekday(const std::string& word) {
    static constexpr std::array<std::string_view, 7> names{"monday", "tuesday", "wednesday", "thursday",
                                                           "friday", "saturday", "sunday"};
    const std::string lower = lower_ascii(word);
    return std::any_of(names.begin(), names.end(), [&](std::string_view name) {
        return lower == name || (lower.size() >= 3 && name.substr(0, lower.size()) == lower);
    });
}

// A day of the month: "11", "1st", "22nd", "3rd", "11th".
int day_number(const std::string& word) {
    // [0-9], not \d: ICU's \d takes any script's digits, which std::stoi cannot read.
    static const TextPattern day(R"(([0-9]{1,2})(st|nd|rd|th)?)", PatternCase::Insensitive);
    const auto match = day.match(word);
    if (!match) return 0;
    return std::stoi((*match)[1]);
}

int year_number(const std::string& word) {
    if (word.size() != 4 || !std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })) return 0;
    return std::stoi(word);
}

}  // namespace

std::optional<std::string> normalize_date(const std::string& raw) {
    const std::string text = trim(raw);
    static const TextPattern iso_full(R"(([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ][0-9]{2}:[0-9]{2}.*)?)");
    static const TextPattern iso_partial(R"(([0-9]{4})(?:-([0-9]{2}))?)");
    static const TextPattern slashes(R"(([0-9]{4})/([0-9]{1,2})/([0-9]{1,2}))");
    static const TextPattern dotted_european(R"(([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4}))");
    std::optional<PatternMatch> match;
    const auto number = [&](std::size_t group) { return match->matched(group) ? std::stoi((*match)[group]) : kAbsent; };
    if ((match = iso_full.match(text)) || (match = slashes.match(text))) return iso_date(number(1), number(2), number(3));
    if ((match = iso_partial.match(text))) return iso_date(number(1), number(2), kAbsent);
    if ((match = dotted_european.match(text))) return iso_date(number(3), number(2), number(1));

    // Written forms: split into words at spaces, commas and periods ("Jul. 11, 2016").
    std::vector<std::string> words;
    std::string word;
    for (char character : text + " ") {
        if (character == ' ' || character == ',' || character == '.' || character == '\t') {
            if (!word.empty()) words.push_back(word);
            word.clear();
        } else {
            word += character;
        }
    }
    if (!words.empty() && is_weekday(words.front()) && month_number(words.front()) == 0) words.erase(words.begin());
    if (words.size() == 3) {
        if (const int month = month_number(words[0]); month && day_number(words[1]) && year_number(words[2])) {
            return iso_date(year_number(words[2]), month, day_number(words[1]));
        }
        if (const int month = month_number(words[1]); month && day_number(words[0]) && year_number(words[2])) {
            return iso_date(year_number(words[2]), month, day_number(words[0]));
        }
    }
    if (words.size() == 2 && month_number(words[0]) && year_number(words[1])) {
        return iso_date(year_number(words[1]), month_number(words[0]), kAbsent);
    }
    return std::nullopt;
}

std::optional<std::string> normalize_language_tag(const std::string& raw) {
    const std::string text = trim(raw);
    std::vector<std::string> subtags;
    std::string subtag;
    for (char character : text + "-") {
        if (character == '-' || character == '_') {
            if (subtag.empty() || subtag.size() > 8) return std::nullopt;
            subtags.push_back(subtag);
            subtag.clear();
        } else if (std::isalnum(static_cast<unsigned char>(character))) {
            subtag += character;
        } else {
            return std::nullopt;
        }
    }
    const std::string& language = subtags.front();
    if (language.size() < 2 || !std::all_of(language.begin(), language.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); })) {
        return std::nullopt;
    }
    std::string out;
    for (std::size_t index = 0; index < subtags.size(); ++index) {
        std::string part = lower_ascii(subtags[index]);
        const bool alphabetic = std::all_of(part.begin(), part.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
        if (index > 0 && part.size() == 2 && alphabetic) {
            for (char& character : part) character = static_cast<char>(std::toupper(static_cast<unsigned char>(character)));
        } else if (index > 0 && part.size() == 4 && alphabetic) {
            part[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(part[0])));
        }
        if (index > 0) out += '-';
        out += part;
    }
    return out;
}

namespace {

// Where a YAML node or error is, in the file: libyaml counts lines and columns (in code
// points, as galley's messages do) from 0.
struct YamlLocator {
    const std::string& file;
    int first_line;

    [[noreturn]] void fail(const yaml::Mark& mark, const std::string& message) const {
        int line = first_line, column = 0;  // an unknown mark: point at the start
        if (mark.line >= 0) {
            line = first_line + mark.line;
            column = std::max(mark.column, 0) + 1;
        }
        throw Error(ExitCode::DataError, file, line, column, message);
    }

    std::string scalar(const yaml::Node& node, const std::string& key) const {
        if (!node.is_scalar()) fail(node.mark(), "the field \"" + key + "\" must be a single text value, not a " + kind(node));
        return trim(node.scalar());
    }

    std::vector<std::string> list(const yaml::Node& node, const std::string& key) const {
        std::vector<std::string> out;
        if (node.is_scalar()) {
            out.push_back(trim(node.scalar()));
        } else if (node.is_sequence()) {
            for (const yaml::Node& item : node.items()) {
                if (item.is_null()) continue;
                out.push_back(scalar(item, key + " (each item)"));
            }
        } else {
            fail(node.mark(), "the field \"" + key + "\" must be text or a list of texts, not a " + kind(node));
        }
        out.erase(std::remove(out.begin(), out.end(), std::string()), out.end());
        return out;
    }

    static std::string kind(const yaml::Node& node) {
        if (node.is_sequence()) return "list";
        if (node.is_map()) return "mapping";
        return "scalar";
    }
};

void add_unique(std::vector<std::string>& values, const std::string& value) {
    if (!value.empty() && std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
}

}  // namespace

Metadata parse_metadata_yaml(const std::string& text, const std::string& file, int first_line) {
    const YamlLocator locate{file, first_line};
    std::unique_ptr<yaml::Document> document;
    try {
        document = std::make_unique<yaml::Document>(text);
    } catch (const yaml::ParseError& error) {
        locate.fail(error.mark(), std::string("invalid YAML: ") + error.what());
    }
    const yaml::Node root = document->root();
    Metadata metadata;
    if (!root || root.is_null()) return metadata;
    if (!root.is_map()) locate.fail(root.mark(), "the metadata must be a mapping of fields (\"title: ...\"), not a " + YamlLocator::kind(root));

    for (const auto& entry : root.entries()) {
        if (!entry.first.is_scalar()) continue;  // a complex key is nothing we know
        const std::string key = lower_ascii(trim(entry.first.scalar()));
        const yaml::Node& value = entry.second;
        if (!value || value.is_null()) continue;
        if (key == "title") {
            metadata.title = locate.scalar(value, key);
        } else if (key == "subtitle") {
            metadata.subtitle = locate.scalar(value, key);
        } else if (key == "author" || key == "authors") {
            // pandoc also allows authors as mappings with a name: [{name: X, affiliation: Y}].
            const auto add_author = [&](const yaml::Node& node) {
                if (node.is_map() && node["name"]) add_unique(metadata.authors, locate.scalar(node["name"], key + ".name"));
                else add_unique(metadata.authors, locate.scalar(node, key));
            };
            if (value.is_sequence()) {
                for (const yaml::Node& item : value.items()) if (!item.is_null()) add_author(item);
            } else {
                add_author(value);
            }
        } else if (key == "lang" || key == "language") {
            const std::string text = locate.scalar(value, key);
            const auto tag = normalize_language_tag(text);
            if (!tag) locate.fail(value.mark(), "\"" + text + "\" is not a language tag (write e.g. en, en-US, fr, de-CH)");
            metadata.language = *tag;
        } else if (key == "date") {
            const std::string text = locate.scalar(value, key);
            const auto date = normalize_date(text);
            if (!date) locate.fail(value.mark(), "\"" + text + "\" is not a date galley understands (write it as YYYY-MM-DD)");
            metadata.date = *date;
        } else if (key == "publisher") {
            metadata.publisher = locate.scalar(value, key);
        } else if (key == "source") {
            if (value.is_map()) {
                if (value["name"]) metadata.source_name = locate.scalar(value["name"], "source.name");
                if (value["url"]) metadata.source_url = locate.scalar(value["url"], "source.url");
            } else {
                metadata.source_name = locate.scalar(value, key);
            }
        } else if (key == "source-url" || key == "source_url") {
            metadata.source_url = locate.scalar(value, key);
        } else if (key == "rights" || key == "license" || key == "licence") {
            metadata.rights = locate.scalar(value, key);
        } else if (key == "identifier") {
            metadata.identifier = locate.scalar(value, key);
        } else if (key == "description" || key == "abstract") {
            metadata.description = locate.scalar(value, key);
        } else if (key == "keywords") {
            for (const std::string& item : locate.list(value, key)) {
                // "a, b, c" in one string is the common way to write them.
                std::size_t start = 0;
                while (start <= item.size()) {
                    std::size_t comma = item.find(',', start);
                    if (comma == std::string::npos) comma = item.size();
                    add_unique(metadata.keywords, trim(item.substr(start, comma - start)));
                    start = comma + 1;
                }
            }
        }
        // Other keys (layout, tags, draft, permalink...) belong to other tools: ignored.
    }
    return metadata;
}

}  // namespace galley
