// The page list: where the print edition's pages begin, found in the book's blocks.
#include <functional>

#include "epub/book.hpp"

namespace galley::epub {

namespace {

// The paragraph-like block at `position` inside `block` (itself included), or nullptr.
const Block* find_block(const Block& block, const SourcePosition& position) {
    if (block.position == position && block.kind != BlockKind::BlockQuote && block.kind != BlockKind::List)
        return &block;
    for (const Block& child : block.children)
        if (const Block* found = find_block(child, position)) return found;
    for (const Blocks& item : block.items)
        for (const Block& child : item)
            if (const Block* found = find_block(child, position)) return found;
    return nullptr;
}

}  // namespace

void plan_pages(BookPlan& plan, const Document& document, const EpubOptions& options) {
    plan.page_break_source = options.page_break_source;
    std::size_t file = 0;
    for (std::size_t i = 0; i < options.page_breaks.size(); ++i) {
        const PageBreak& page = options.page_breaks[i];
        PagePlace place;
        place.label = page.label;
        place.id = "page-" + std::to_string(i + 1);
        place.word = page.word;
        // A page that begins in the title block, or in a block the book does not show, keeps
        // the file of the page before it; its marker goes with the next one found there.
        if (page.position.line > 0) {
            for (std::size_t top = 0; top < document.blocks.size(); ++top) {
                const Block* found = find_block(document.blocks[top], page.position);
                if (!found) continue;
                place.block = found;
                for (std::size_t f = 0; f < plan.text_files.size(); ++f)
                    if (top >= plan.text_files[f].first_block && top < plan.text_files[f].end_block) file = f;
                if (top < plan.header_end) file = 0;
                break;
            }
            // Notes are written at the end of the file that refers to them first.
            for (const auto& [id, note] : plan.notes) {
                if (place.block) break;
                if (!note.note) continue;
                for (const Block& block : note.note->blocks)
                    if (const Block* found = find_block(block, page.position)) {
                        place.block = found;
                        file = note.file;
                        break;
                    }
            }
        }
        place.file = file;
        plan.pages.push_back(place);
    }
}

}  // namespace galley::epub
