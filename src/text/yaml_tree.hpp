// YAML documents as a read-only tree, parsed by libyaml: the one configuration language of
// styles (style/) and of front matter and sidecar metadata (read/).
//
// libyaml, the reference C parser, loads a 2.4 KB style in ~50 us; yaml-cpp, used before,
// took ~340 us warm and 3 M instructions, a thirtieth of the sample article's whole run.
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct yaml_document_s;
struct yaml_node_s;

namespace galley::yaml {

// A place in the YAML text, both counted from 0: line, and column in characters (code points).
struct Mark {
    int line = -1;
    int column = -1;
};

// The text is not YAML. `what()` is libyaml's description of the problem.
class ParseError : public std::runtime_error {
public:
    ParseError(const std::string& problem, Mark mark) : std::runtime_error(problem), mark_(mark) {}
    Mark mark() const { return mark_; }

private:
    Mark mark_;
};

class Document;

// A node of a parsed document, or no node (a key that is not there): then it is false in a
// condition and every other question answers "no". Valid while its Document lives.
class Node {
public:
    Node() = default;

    bool defined() const { return node_ != nullptr; }
    explicit operator bool() const { return defined(); }
    // A plain scalar "", "~", "null", "Null" or "NULL", as in YAML's core schema.
    bool is_null() const;
    bool is_scalar() const;  // a scalar that is not null
    bool is_map() const;
    bool is_sequence() const;

    // The scalar's text (empty for anything else).
    std::string scalar() const;
    // A mapping's value for a scalar key, or no node.
    Node operator[](std::string_view key) const;
    // A sequence's item, or no node.
    Node operator[](std::size_t index) const;
    // Items of a sequence or pairs of a mapping; 0 for anything else.
    std::size_t size() const;
    std::vector<Node> items() const;                   // a sequence's items
    std::vector<std::pair<Node, Node>> entries() const;  // a mapping's (key, value) pairs
    Mark mark() const;

private:
    friend class Document;
    Node(const yaml_document_s* document, const yaml_node_s* node) : document_(document), node_(node) {}
    const yaml_node_s* at(int index) const;

    const yaml_document_s* document_ = nullptr;
    const yaml_node_s* node_ = nullptr;
};

// The first document of a YAML text. An empty text gives a null root.
class Document {
public:
    // Throws ParseError.
    explicit Document(std::string_view text);
    ~Document();
    Document(const Document&) = delete;
    Document& operator=(const Document&) = delete;

    // No node for an empty text.
    Node root() const;

private:
    std::unique_ptr<yaml_document_s> document_;
};

}  // namespace galley::yaml
