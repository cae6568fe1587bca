// Work that is independent per item (a line, a block) split over two threads.
//
// The machine galley is measured on has two cores, and reading a book is a few passes over
// thousands of independent lines and blocks: the items are cut in two halves of about equal
// weight, the second half runs on a worker while the calling thread does the first. Short
// articles stay on one thread, where starting a worker would cost more than it saves.
#pragma once

#include <cstddef>

#include "model/document.hpp"
#include "worker.hpp"

namespace galley {

// Below this total weight (bytes of text, roughly) one thread does everything: a worker
// costs some tens of microseconds to start, which an article of a few pages does not repay.
inline constexpr std::size_t kParallelWeightThreshold = 64 * 1024;

// Calls work(begin, end) over [0, count) — on two threads, split where the running sum of
// weight(i) reaches half, when the total reaches `threshold`, else once over everything.
// `work` must touch nothing shared but what it is given; an exception from either half is
// rethrown here (the first half's first).
template <typename Weight, typename Work>
void for_halves(std::size_t count, Weight weight, Work work, std::size_t threshold = kParallelWeightThreshold) {
    std::size_t total = 0;
    for (std::size_t i = 0; i < count; ++i) total += weight(i);
    if (total < threshold || count < 2) {
        work(std::size_t{0}, count);
        return;
    }
    std::size_t middle = 0, sum = 0;
    while (middle < count && sum * 2 < total) sum += weight(middle++);
    Worker worker([&] { work(middle, count); });
    work(std::size_t{0}, middle);  // should it throw, ~Worker waits for the other half
    worker.join();                 // rethrows what the other half threw
}

// About how many bytes of text a block holds: the weight by which blocks are shared out.
inline std::size_t text_size(const Inlines& inlines) {
    std::size_t size = 0;
    for (const Inline& inline_ : inlines) size += inline_.text.size() + text_size(inline_.children);
    return size;
}
inline std::size_t text_size(const Block& block) {
    std::size_t size = 16 + text_size(block.inlines);
    for (const Block& child : block.children) size += text_size(child);
    for (const Blocks& item : block.items)
        for (const Block& child : item) size += text_size(child);
    return size;
}

}  // namespace galley
