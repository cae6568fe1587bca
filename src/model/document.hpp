// The document model: what an article *is*, independent of any input or output format.
//
// Plain value types with no I/O. Blocks and inlines speak in roles (Heading, Credit,
// Provenance...), never in looks: each backend decides, from the style, how a role is shown.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace galley {

// Where something came from in the input, for error messages and --explain.
struct SourcePosition {
    int line = 0;    // 1-based; 0 means "unknown"
    int column = 0;  // 1-based, counted in Unicode code points

    bool operator==(const SourcePosition&) const = default;
};

enum class InlineKind {
    Text,         // `text` holds the characters
    Emphasis,     // `children`
    Strong,       // `children`
    Link,         // `children` is the link text, `target` the URL
    Code,         // `text`, set verbatim
    LineBreak,    // a forced line break inside a block
    FootnoteRef,  // `target` is the id of a Footnote in Document::footnotes
};

struct Inline {
    InlineKind kind = InlineKind::Text;
    std::string text;
    std::string target;
    std::vector<Inline> children;

    static Inline make_text(std::string value) { return Inline{InlineKind::Text, std::move(value), {}, {}}; }
    static Inline make_link(std::string url, std::vector<Inline> label) {
        return Inline{InlineKind::Link, {}, std::move(url), std::move(label)};
    }
    static Inline make_span(InlineKind kind, std::vector<Inline> children) {
        return Inline{kind, {}, {}, std::move(children)};
    }
    static Inline make_code(std::string value) { return Inline{InlineKind::Code, std::move(value), {}, {}}; }
    static Inline make_line_break() { return Inline{InlineKind::LineBreak, {}, {}, {}}; }
    static Inline make_footnote_ref(std::string id) { return Inline{InlineKind::FootnoteRef, {}, std::move(id), {}}; }

    bool operator==(const Inline&) const = default;
};

using Inlines = std::vector<Inline>;

enum class BlockKind {
    Paragraph,     // `inlines`
    Heading,       // `inlines`, `level` 1..6 (1 is a top-level section; the title is not a heading)
    BlockQuote,    // `children`
    List,          // `items`, `ordered`, `start`
    SectionBreak,  // a thematic break between passages ("* * *")
    // Article furniture, recognised by transforms (or given by front matter):
    Title,         // the article's headline as it stands in the text
    Dek,           // standfirst / subtitle under the headline
    Byline,        // "By NAME" as written
    Dateline,      // the date (and place) line as written
    Credit,        // photo / image credit
    Provenance,    // "This piece originally ran on X."
};

struct Block {
    BlockKind kind = BlockKind::Paragraph;
    Inlines inlines;
    int level = 0;
    bool ordered = false;
    int start = 1;
    std::vector<Block> children;
    std::vector<std::vector<Block>> items;
    std::string language;  // BCP 47 tag when this passage differs from the document's
    SourcePosition position;

    bool operator==(const Block&) const = default;
};

using Blocks = std::vector<Block>;

struct Footnote {
    std::string id;
    Blocks blocks;
    bool operator==(const Footnote&) const = default;
};

struct Metadata {
    std::string title;
    std::string subtitle;
    std::vector<std::string> authors;
    std::string language;     // BCP 47, e.g. "en-US"
    std::string date;         // ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)
    std::string publisher;
    std::string source_name;  // where the text was first published ("ProPublica")
    std::string source_url;
    std::string rights;       // licence or copyright statement
    std::string identifier;   // e.g. "urn:uuid:...", "urn:isbn:..."; derived from content if empty
    std::string description;
    std::vector<std::string> keywords;

    bool operator==(const Metadata&) const = default;
};

// Something a transform recognised and took out of the article body (boilerplate), kept so
// that --explain, -v and archival metadata can report it.
struct Removed {
    std::string reason;  // e.g. "donation appeal"
    std::string text;
    SourcePosition position;
    bool operator==(const Removed&) const = default;
};

struct Document {
    Metadata metadata;
    Blocks blocks;
    std::vector<Footnote> footnotes;
    std::vector<Removed> removed;
    std::string source_name;  // the input's name as the user gave it ("-" for stdin)

    bool operator==(const Document&) const = default;
};

// The text of inlines with all markup dropped (line breaks become spaces).
std::string plain_text(const Inlines& inlines);
// The text of a block and its children, paragraphs separated by "\n".
std::string plain_text(const Block& block);

// Every piece of running text in reading order, one string per paragraph-like block
// (list items and quoted paragraphs included). Used to check that no words are lost.
std::vector<std::string> paragraph_texts(const Blocks& blocks);

// The authors as a person writes them in the metadata's language: "A", "A and B",
// "A, B and C" ("et" in French, "und" in German...).
std::string author_list(const Metadata& metadata);

// Count words (runs of non-space characters) in a UTF-8 string.
std::size_t count_words(const std::string& text);

}  // namespace galley
