#include "text/yaml_tree.hpp"

#include <cstring>

#include <yaml.h>

namespace galley::yaml {

namespace {

std::string_view text_of(const yaml_node_t* node) {
    return std::string_view(reinterpret_cast<const char*>(node->data.scalar.value), node->data.scalar.length);
}

}  // namespace

const yaml_node_s* Node::at(int index) const {
    return yaml_document_get_node(const_cast<yaml_document_t*>(document_), index);
}

bool Node::is_null() const {
    if (node_ == nullptr || node_->type != YAML_SCALAR_NODE) return false;
    if (node_->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return false;
    const std::string_view text = text_of(node_);
    return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

bool Node::is_scalar() const { return node_ != nullptr && node_->type == YAML_SCALAR_NODE && !is_null(); }
bool Node::is_map() const { return node_ != nullptr && node_->type == YAML_MAPPING_NODE; }
bool Node::is_sequence() const { return node_ != nullptr && node_->type == YAML_SEQUENCE_NODE; }

std::string Node::scalar() const {
    if (node_ == nullptr || node_->type != YAML_SCALAR_NODE) return {};
    return std::string(text_of(node_));
}

Node Node::operator[](std::string_view key) const {
    if (!is_map()) return {};
    for (const yaml_node_pair_t* pair = node_->data.mapping.pairs.start; pair < node_->data.mapping.pairs.top; ++pair) {
        const yaml_node_t* key_node = at(pair->key);
        if (key_node != nullptr && key_node->type == YAML_SCALAR_NODE && text_of(key_node) == key)
            return Node(document_, at(pair->value));
    }
    return {};
}

Node Node::operator[](std::size_t index) const {
    if (!is_sequence() || index >= size()) return {};
    return Node(document_, at(node_->data.sequence.items.start[index]));
}

std::size_t Node::size() const {
    if (is_sequence()) return std::size_t(node_->data.sequence.items.top - node_->data.sequence.items.start);
    if (is_map()) return std::size_t(node_->data.mapping.pairs.top - node_->data.mapping.pairs.start);
    return 0;
}

std::vector<Node> Node::items() const {
    std::vector<Node> out;
    if (!is_sequence()) return out;
    out.reserve(size());
    for (const yaml_node_item_t* item = node_->data.sequence.items.start; item < node_->data.sequence.items.top; ++item)
        out.push_back(Node(document_, at(*item)));
    return out;
}

std::vector<std::pair<Node, Node>> Node::entries() const {
    std::vector<std::pair<Node, Node>> out;
    if (!is_map()) return out;
    out.reserve(size());
    for (const yaml_node_pair_t* pair = node_->data.mapping.pairs.start; pair < node_->data.mapping.pairs.top; ++pair)
        out.emplace_back(Node(document_, at(pair->key)), Node(document_, at(pair->value)));
    return out;
}

Mark Node::mark() const {
    if (node_ == nullptr) return {};
    return Mark{int(node_->start_mark.line), int(node_->start_mark.column)};
}

Document::Document(std::string_view text) : document_(std::make_unique<yaml_document_t>()) {
    yaml_parser_t parser;
    if (yaml_parser_initialize(&parser) == 0) throw std::bad_alloc();
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    if (yaml_parser_load(&parser, document_.get()) == 0) {
        std::string problem = parser.problem != nullptr ? parser.problem : "not YAML";
        if (parser.context != nullptr) problem = std::string(parser.context) + ": " + problem;
        const Mark mark{int(parser.problem_mark.line), int(parser.problem_mark.column)};
        yaml_parser_delete(&parser);
        document_.reset();  // yaml_parser_load leaves nothing to delete on failure
        throw ParseError(problem, mark);
    }
    yaml_parser_delete(&parser);
}

Document::~Document() {
    if (document_) yaml_document_delete(document_.get());
}

Node Document::root() const { return Node(document_.get(), yaml_document_get_root_node(document_.get())); }

}  // namespace galley::yaml
