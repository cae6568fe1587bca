// Work that is independent per item (a line, a block) split over two threads.
//
// The machine galley is measured on has two cores, and reading a book is a few passes over
// thousands of independent lines and blocks: the items are cut into pieces of about equal
// weight, which the calling thread and a worker take in turn until none is left. (Two fixed
// halves made the caller wait whenever the other core was slow: on this VM one core at times
// runs at two thirds of the other's speed.) Short articles stay on one thread, where starting
// a worker would cost more than it saves.
#pragma once

#include <atomic>
#include <cstddef>
#include <vector>

#include "model/document.hpp"
#include "worker.hpp"

namespace galley {

// Below this total weight (bytes of text, roughly) one thread does everything: a worker
// costs some tens of microseconds to start, which an article of a few pages does not repay.
inline constexpr std::size_t kParallelWeightThreshold = 64 * 1024;

// How many pieces for_pieces cuts the items into: enough that the faster thread can take
// most of them, few enough that each is worth handing over.
inline constexpr std::size_t kParallelPieces = 16;

// Calls work(begin, end) over [0, count) — on two threads, in pieces of about equal total
// weight(i), when the total reaches `threshold`, else once over everything. Each piece goes
// to whichever thread is free first, so `work` must touch nothing shared but what it is given
// (and the result must not depend on which thread did what). An exception stops the pieces
// not yet begun and is rethrown here (the calling thread's first).
template <typename Weight, typename Work>
void for_pieces(std::size_t count, Weight weight, Work work, std::size_t threshold = kParallelWeightThreshold) {
    std::vector<std::size_t> weights(count);
    std::size_t total = 0;
    for (std::size_t i = 0; i < count; ++i) total += weights[i] = weight(i);
    if (total < threshold || count < 2) {
        work(std::size_t{0}, count);
        return;
    }
    // Piece k ends where the running sum first reaches (k + 1) / kParallelPieces of the total.
    std::vector<std::size_t> ends;
    ends.reserve(kParallelPieces + 1);
    std::size_t sum = 0;
    for (std::size_t i = 0; i < count; ++i) {
        sum += weights[i];
        if (sum * kParallelPieces >= total * (ends.size() + 1) || i + 1 == count) ends.push_back(i + 1);
    }
    std::atomic<std::size_t> next{0};
    const auto take_pieces = [&] {
        for (std::size_t piece = next++; piece < ends.size(); piece = next++) {
            try {
                work(piece == 0 ? std::size_t{0} : ends[piece - 1], ends[piece]);
            } catch (...) {
                next = ends.size();  // the others stop at their next piece
                throw;
            }
        }
    };
    Worker worker(take_pieces);
    take_pieces();  // should it throw, ~Worker waits for the other thread
    worker.join();  // rethrows what the other thread threw
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
