// The plain-text reader. Three passes over the text:
//   1. split_source_lines checks the UTF-8 and cuts lines, keeping original columns;
//   2. parse_blocks groups lines into paragraphs, lists, quotes and section breaks (quotes and
//      list items are parsed again, recursively, from their content with the markers cut off);
//   3. mark_headings turns short title-like one-line paragraphs into headings, and every
//      paragraph's text becomes inlines (NFC, links).
#include "read/plain_text.hpp"

#include <algorithm>
#include <optional>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "model/error.hpp"
#include "read/inline_text.hpp"
#include "read/source_text.hpp"
#include "text/parallel.hpp"
#include "text/utf8.hpp"

namespace galley {

namespace {

// A line, or what is left of it once quote and list markers are cut off.
struct LineView {
    const SourceLine* line;
    std::size_t begin;  // index into line->text

    const std::u32string& text() const { return line->text; }
    std::size_t content() const {
        std::size_t at = begin;
        while (at < text().size() && is_collapsible_space(text()[at])) ++at;
        return at;
    }
    std::size_t indent() const { return content() - begin; }
    bool blank() const { return content() == text().size(); }
    SourcePosition position(std::size_t index) const { return {line->number, line->column(index)}; }
};

// ---- Line classes ---------------------------------------------------------------------

// Ornaments that make a section break even alone ("#", "⁂", "—"); the ASCII rules
// (*, -, _, ~, =) need three, so that "-" or "**" stay text.
bool is_standalone_ornament(char32_t character) {
    switch (character) {
    case U'#': case U'\u2042': case U'\u2014': case U'\u2013': case U'\u2015': case U'\u2E3A':
    case U'\u2E3B': case U'\u2022': case U'\u00B7': case U'\u2217': case U'\u2767': case U'\u2619':
    case U'\u2766': case U'\u00A7': case U'\u273B': case U'\u2726': case U'\u22C6': case U'\u2605':
    case U'\u2606': case U'\u25C6': case U'\u25C7': case U'\u204E': case U'\u2051': case U'\u2756':
        return true;
    default:
        return false;
    }
}

bool is_section_break(const LineView& view) {
    int count = 0;
    bool all_standalone = true;
    for (std::size_t at = view.content(); at < view.text().size(); ++at) {
        const char32_t character = view.text()[at];
        if (is_collapsible_space(character) || character == U'\u00A0') continue;
        if (is_standalone_ornament(character)) {
            ++count;
        } else if (character == U'*' || character == U'-' || character == U'_' || character == U'~' || character == U'=') {
            ++count;
            all_standalone = false;
        } else {
            return false;
        }
    }
    return count >= 3 || (count >= 1 && all_standalone);
}

bool is_quote_line(const LineView& view) {
    const std::size_t at = view.content();
    return at < view.text().size() && view.text()[at] == U'>';
}

// The view of a quote line's content: after ">" and one optional space.
LineView quote_content(const LineView& view) {
    std::size_t at = view.content() + 1;
    if (at < view.text().size() && view.text()[at] == U' ') ++at;
    return {view.line, at};
}

struct ListMarker {
    bool ordered = false;
    char32_t symbol = 0;  // the bullet, or the delimiter after the number ('.' or ')')
    int number = 1;
    std::size_t marker_index = 0;
    std::size_t content_index = 0;

    bool continues(const ListMarker& other) const { return ordered == other.ordered && symbol == other.symbol; }
    // Like CommonMark: a numbered line inside a paragraph starts a list only if it is "1.",
    // so that a wrapped line starting "1984. " does not.
    bool may_interrupt_paragraph() const { return !ordered || number == 1; }
};

bool is_bullet(char32_t character) {
    return character == U'-' || character == U'*' || character == U'\u2022' || character == U'\u2013' ||
           character == U'\u25E6' || character == U'\u2023';
}

std::optional<ListMarker> list_marker(const LineView& view) {
    const std::u32string& text = view.text();
    ListMarker marker;
    marker.marker_index = view.content();
    std::size_t at = marker.marker_index;
    if (at >= text.size()) return std::nullopt;
    if (is_bullet(text[at])) {
        marker.symbol = text[at];
        ++at;
    } else {
        long number = 0;
        std::size_t digits = 0;
        while (at < text.size() && text[at] >= U'0' && text[at] <= U'9' && digits < 10) {
            number = number * 10 + static_cast<long>(text[at] - U'0');
            ++at;
            ++digits;
        }
        if (digits == 0 || digits > 9 || at >= text.size() || (text[at] != U'.' && text[at] != U')')) return std::nullopt;
        marker.ordered = true;
        marker.number = static_cast<int>(number);
        marker.symbol = text[at];
        ++at;
    }
    // The marker needs a space after it and some text after that.
    if (at >= text.size() || !is_collapsible_space(text[at])) return std::nullopt;
    while (at < text.size() && is_collapsible_space(text[at])) ++at;
    if (at >= text.size()) return std::nullopt;
    marker.content_index = at;
    return marker;
}

// ---- Blocks ---------------------------------------------------------------------------

struct ParsedBlock {
    Block block;
    std::string text;     // a paragraph's text (UTF-8), spaces collapsed, before inlines are made
    int line_count = 0;   // how many source lines a paragraph was joined from
};

// The lines' content joined with single spaces, as UTF-8; a run of spaces becomes one space,
// or the first non-ASCII space in the run (an ideographic space stays one).
// (Straight to UTF-8: a book's paragraphs as UTF-32 were megabytes of fresh pages.)
std::string join_lines(const std::vector<LineView>& lines, std::size_t first, std::size_t last) {
    std::size_t size = 0;
    for (std::size_t index = first; index < last; ++index)
        for (const char32_t character : lines[index].text())
            size += utf8_length(character);
    // Written through a cursor into room for the most it can take, then cut to size: a
    // book's million characters appended one by one cost a library call each.
    std::string out(size + (last - first), '\0');
    char* const begin = out.data();
    std::size_t length = 0;
    const auto put = [&](char32_t character) { U8_APPEND_UNSAFE(begin, length, static_cast<UChar32>(character)); };
    bool in_space = false;  // the last character written is a space from a collapsed run
    for (std::size_t index = first; index < last; ++index) {
        const LineView& view = lines[index];
        if (length > 0) {
            if (!in_space) begin[length++] = ' ';
            in_space = true;
        }
        const std::u32string& text = view.text();
        for (std::size_t at = view.content(); at < text.size(); ++at) {
            const char32_t character = text[at];
            if (!is_collapsible_space(character)) {
                if (character < 0x80) begin[length++] = static_cast<char>(character);
                else put(character);
                in_space = false;
            } else if (!in_space) {
                if (character == U'\t') begin[length++] = ' ';
                else put(character);
                in_space = true;
            } else if (begin[length - 1] == ' ' && character >= 0x80) {
                --length;  // the run's first non-ASCII space stands for it
                put(character);
            }
        }
    }
    out.resize(length);
    return out;
}

Blocks finish_blocks(std::vector<ParsedBlock>&& parsed);

// Quotes and lists nest by recursion; past this depth their markers are read as text, so
// that a line of 100,000 ">" cannot exhaust the stack.
constexpr int kMaxNesting = 16;

std::vector<ParsedBlock> parse_blocks(const std::vector<LineView>& lines, int depth = 0) {
    const bool may_nest = depth < kMaxNesting;
    std::vector<ParsedBlock> out;
    // (At most a block a line: reserved once, the pages are touched only as blocks are made.)
    out.reserve(lines.size());
    std::size_t index = 0;
    const std::size_t count = lines.size();
    while (index < count) {
        const LineView& view = lines[index];
        if (view.blank()) {
            ++index;
            continue;
        }
        const SourcePosition position = view.position(view.content());

        if (is_section_break(view)) {
            ParsedBlock parsed;
            parsed.block.kind = BlockKind::SectionBreak;
            parsed.block.position = position;
            out.push_back(std::move(parsed));
            ++index;
            continue;
        }

        if (may_nest && is_quote_line(view)) {
            // Every line of a quote starts with ">"; a bare ">" separates its paragraphs.
            std::vector<LineView> inner;
            for (; index < count && !lines[index].blank() && is_quote_line(lines[index]); ++index) {
                inner.push_back(quote_content(lines[index]));
            }
            ParsedBlock parsed;
            parsed.block.kind = BlockKind::BlockQuote;
            parsed.block.position = position;
            parsed.block.children = finish_blocks(parse_blocks(inner, depth + 1));
            if (!parsed.block.children.empty()) out.push_back(std::move(parsed));
            continue;
        }

        if (const std::optional<ListMarker> first = may_nest ? list_marker(view) : std::nullopt) {
            ParsedBlock parsed;
            Block& list = parsed.block;
            list.kind = BlockKind::List;
            list.ordered = first->ordered;
            list.start = first->ordered ? first->number : 1;
            list.position = position;
            std::optional<ListMarker> marker = first;
            while (marker) {
                // The item: its first line, then the lines indented deeper than its marker.
                const std::size_t item_indent = lines[index].indent();
                std::vector<LineView> item_lines{LineView{lines[index].line, marker->content_index}};
                for (++index; index < count && !lines[index].blank() && lines[index].indent() > item_indent; ++index) {
                    item_lines.push_back(LineView{lines[index].line, lines[index].content()});
                }
                list.items.push_back(finish_blocks(parse_blocks(item_lines, depth + 1)));
                // Items of the same kind continue the list, blank lines between them or not.
                std::size_t next = index;
                while (next < count && lines[next].blank()) ++next;
                marker.reset();
                if (next < count && !is_section_break(lines[next])) {
                    const std::optional<ListMarker> candidate = list_marker(lines[next]);
                    if (candidate && candidate->continues(*first)) {
                        marker = candidate;
                        index = next;
                    }
                }
            }
            out.push_back(std::move(parsed));
            continue;
        }

        // A paragraph: lines up to a blank line or a line that starts something else.
        const std::size_t first_line = index;
        for (++index; index < count; ++index) {
            const LineView& next = lines[index];
            if (next.blank() || is_section_break(next) || (may_nest && is_quote_line(next))) break;
            if (!may_nest) continue;
            if (const auto marker = list_marker(next); marker && marker->may_interrupt_paragraph()) break;
        }
        ParsedBlock parsed;
        parsed.block.kind = BlockKind::Paragraph;
        parsed.block.position = position;
        parsed.text = join_lines(lines, first_line, index);
        parsed.line_count = static_cast<int>(index - first_line);
        out.push_back(std::move(parsed));
    }
    return out;
}

// A paragraph's or heading's text becomes inlines; each block on its own, so a book's blocks
// are shared out between two threads (at the top level; nested ones are few and short).
Blocks finish_blocks(std::vector<ParsedBlock>&& parsed) {
    for_pieces(
        parsed.size(), [&](std::size_t i) { return 16 + parsed[i].text.size(); },
        [&](std::size_t begin, std::size_t end) {
            for (std::size_t i = begin; i < end; ++i) {
                ParsedBlock& item = parsed[i];
                if (item.block.kind == BlockKind::Paragraph || item.block.kind == BlockKind::Heading)
                    item.block.inlines = make_inlines(std::move(item.text));
            }
        },
        kParallelWeightThreshold);
    Blocks blocks;
    blocks.reserve(parsed.size());
    for (ParsedBlock& item : parsed) blocks.push_back(std::move(item.block));
    return blocks;
}

// ---- Headings -------------------------------------------------------------------------

bool is_closing_mark(char32_t character) {
    if (character == U'"' || character == U'\'') return true;
    const auto type = u_charType(static_cast<UChar32>(character));
    return type == U_FINAL_PUNCTUATION || type == U_END_PUNCTUATION ||
           // ’ and ” are Pf, but ‘ “ close quotes in German („…“): Pi at the end closes too.
           type == U_INITIAL_PUNCTUATION;
}

// The text without what may follow its last word or punctuation mark: closing quotes and
// brackets, and citation markers such as "[12]" or "[citation needed]" (Wikipedia copies).
std::u32string_view without_closing_marks(std::u32string_view text) {
    while (!text.empty()) {
        if (text.back() == U']') {
            const std::size_t open = text.rfind(U'[');
            if (open != std::u32string_view::npos && text.size() - open <= 24) {
                text = text.substr(0, open);
                continue;
            }
        }
        if (!is_closing_mark(text.back())) break;
        text.remove_suffix(1);
    }
    return text;
}

// Words: runs between spaces that hold a letter or digit (a lone "–" or "«" is no word).
int count_words(std::u32string_view text) {
    int words = 0;
    bool in_word = false, has_alphanumeric = false;
    for (std::size_t at = 0; at <= text.size(); ++at) {
        if (at == text.size() || is_collapsible_space(text[at])) {
            if (in_word && has_alphanumeric) ++words;
            in_word = has_alphanumeric = false;
        } else {
            in_word = true;
            if (u_isalnum(static_cast<UChar32>(text[at]))) has_alphanumeric = true;
        }
    }
    return words;
}

bool ends_sentence(char32_t character) {
    switch (character) {
    case U'.': case U'!': case U'?': case U'\u2026': case U':': case U';': case U'\u203D':
    case U'\u3002': case U'\uFF01': case U'\uFF1F': case U'\uFF1A': case U'\uFF1B': case U'\uFF0E':
        return true;
    default:
        return false;
    }
}

// Title case: every word of four letters or more starts with a capital, and there are at
// least two of them ("What Is the Sea Telling Us?", not "Who is he?").
bool is_title_cased(std::u32string_view text) {
    int long_words = 0;
    std::size_t at = 0;
    while (at < text.size()) {
        while (at < text.size() && is_collapsible_space(text[at])) ++at;
        std::size_t end = at;
        int letters = 0;
        char32_t first_letter = 0;
        for (; end < text.size() && !is_collapsible_space(text[end]); ++end) {
            if (u_isalpha(static_cast<UChar32>(text[end]))) {
                if (letters++ == 0) first_letter = text[end];
            }
        }
        if (letters >= 4) {
            if (u_islower(static_cast<UChar32>(first_letter))) return false;
            ++long_words;
        }
        at = end;
    }
    return long_words >= 2;
}

bool contains(std::u32string_view text, std::u32string_view part) { return text.find(part) != std::u32string_view::npos; }

constexpr std::size_t kHeadingMaxCharacters = 90;
constexpr int kHeadingMaxWords = 12;

// A line that reads like a title: short, no sentence punctuation at the end, a capital (or
// an uncased script) first.
bool is_title_like(const std::u32string& text) {
    if (text.size() > kHeadingMaxCharacters) return false;
    const int words = count_words(text);
    if (words == 0 || words > kHeadingMaxWords) return false;
    // Navigation bars ("Home | News"), URLs and clauses (";") are not titles, nor is an aside
    // in brackets ("(Photo: Reuters)") or a line of mostly numbers ("20.11.2019 10:43").
    if (contains(text, U"|") || contains(text, U";") || contains(text, U"http://") || contains(text, U"https://") ||
        contains(text, U"www.") || text.front() == U'(' || text.front() == U'[') {
        return false;
    }
    const auto letters = std::count_if(text.begin(), text.end(), [](char32_t c) { return u_isalpha(static_cast<UChar32>(c)) != 0; });
    const auto digits = std::count_if(text.begin(), text.end(), [](char32_t c) { return u_isdigit(static_cast<UChar32>(c)) != 0; });
    if (digits >= letters) return false;
    const auto first_letter = std::find_if(text.begin(), text.end(), [](char32_t c) { return u_isalpha(static_cast<UChar32>(c)) != 0; });
    if (first_letter == text.end() || u_islower(static_cast<UChar32>(*first_letter))) return false;
    const std::u32string_view core = without_closing_marks(text);
    if (core.empty()) return false;
    const char32_t last = core.back();
    if (last == U'?' || last == U'!' || last == U'\u203D' || last == U'\uFF1F' || last == U'\uFF01') return is_title_cased(text);
    if (ends_sentence(last) || last == U',' || last == U'\u3001' || last == U'\uFF0C') return false;
    // A line ending in a dash or hyphen was cut off, not titled.
    return u_charType(static_cast<UChar32>(last)) != U_DASH_PUNCTUATION;
}

// Running text: ends like a sentence (before closing quotes and citation marks) and has more words than the would-be heading above it.
bool is_running_text(std::u32string_view text, int heading_words) {
    const std::u32string_view core = without_closing_marks(text);
    return !core.empty() && ends_sentence(core.back()) && count_words(text) > heading_words;
}

std::u32string decode_utf8(const std::string& text) {
    std::u32string out;
    for (int32_t at = 0; at < static_cast<int32_t>(text.size());) {
        UChar32 character = 0;
        U8_NEXT(text.data(), at, static_cast<int32_t>(text.size()), character);
        if (character >= 0) out += static_cast<char32_t>(character);
    }
    return out;
}

// The text a heading candidate would head: a paragraph, or the first paragraph of a quote.
std::optional<std::u32string> text_below(const ParsedBlock& next) {
    if (next.block.kind == BlockKind::Paragraph) return decode_utf8(next.text);
    if (next.block.kind == BlockKind::BlockQuote && !next.block.children.empty() &&
        next.block.children.front().kind == BlockKind::Paragraph) {
        return decode_utf8(plain_text(next.block.children.front().inlines));
    }
    return std::nullopt;
}

void mark_headings(std::vector<ParsedBlock>& blocks) {
    for (std::size_t index = 1; index + 1 < blocks.size(); ++index) {
        ParsedBlock& candidate = blocks[index];
        if (candidate.block.kind != BlockKind::Paragraph || candidate.line_count != 1) continue;
        // (A heading is at most 90 characters: longer paragraphs, most of a book, are not
        // decoded. Characters are the bytes that do not continue a UTF-8 sequence.)
        if (candidate.text.size() > kHeadingMaxCharacters &&
            std::count_if(candidate.text.begin(), candidate.text.end(), [](char byte) {
                return (static_cast<unsigned char>(byte) & 0xC0) != 0x80;
            }) > static_cast<std::ptrdiff_t>(kHeadingMaxCharacters))
            continue;
        const std::u32string text = decode_utf8(candidate.text);
        if (!is_title_like(text)) continue;
        const std::optional<std::u32string> below = text_below(blocks[index + 1]);
        if (!below || !is_running_text(*below, count_words(text))) continue;
        candidate.block.kind = BlockKind::Heading;
        candidate.block.level = 2;
    }
}

// ---- Front matter ---------------------------------------------------------------------

bool is_front_matter_fence(const SourceLine& line, bool closing) {
    return line.text == U"---" || (closing && line.text == U"...");
}

// The lines between the fences look like YAML fields ("title: ...", "# comment") rather than
// prose set between two rules.
bool looks_like_yaml(const std::vector<SourceLine>& lines, std::size_t first, std::size_t last) {
    for (std::size_t index = first; index < last; ++index) {
        const std::u32string& text = lines[index].text;
        if (text.empty()) continue;
        if (text[0] == U'#') return true;
        const std::size_t colon = text.find(U':');
        if (colon == 0 || colon == std::u32string::npos || is_collapsible_space(text[0]) || text[0] == U'-') return false;
        return colon + 1 == text.size() || is_collapsible_space(text[colon + 1]);
    }
    return true;  // empty front matter
}

bool has_text(const Blocks& blocks) {
    const std::vector<std::string> texts = paragraph_texts(blocks);
    return std::any_of(texts.begin(), texts.end(), [](const std::string& text) { return !text.empty(); });
}

}  // namespace

Document read_plain_text(const std::string& bytes, const std::string& name) {
    const std::vector<SourceLine> lines = split_source_lines(bytes, name);
    Document document;
    document.source_name = name;

    std::size_t body = 0;
    if (!lines.empty() && is_front_matter_fence(lines[0], false)) {
        std::size_t close = 1;
        while (close < lines.size() && !is_front_matter_fence(lines[close], true)) ++close;
        if (close < lines.size() && looks_like_yaml(lines, 1, close)) {
            std::string yaml;
            for (std::size_t index = 1; index < close; ++index) {
                yaml.append(bytes, lines[index].byte_begin, lines[index].byte_end - lines[index].byte_begin);
                yaml += '\n';
            }
            document.metadata = parse_metadata_yaml(yaml, name, lines[1].number);
            body = close + 1;
        }
    }

    std::vector<LineView> views;
    views.reserve(lines.size() - std::min(body, lines.size()));
    for (std::size_t index = body; index < lines.size(); ++index) views.push_back(LineView{&lines[index], 0});
    std::vector<ParsedBlock> parsed = parse_blocks(views);
    mark_headings(parsed);
    document.blocks = finish_blocks(std::move(parsed));

    if (!has_text(document.blocks)) {
        const int line = body < lines.size() ? lines[body].number : lines.back().number + 1;
        throw Error(ExitCode::DataError, name, line, 1,
                    body > 0 ? "the article is empty (there is no text after the front matter)" : "the article is empty");
    }
    return document;
}

}  // namespace galley
