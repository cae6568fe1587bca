// Memory left for the end of the process to reclaim.
//
// The command line ends as soon as its last output is written, by _Exit, and the kernel takes
// back the whole address space in one step. The structures of a run — the document model, the
// layout's display list, PoDoFo's object tree of the PDF — are many small allocations each;
// freeing them one by one before that only costs time (the ~300-page book: ~7.5 ms, 2.4 % of
// the run, most of it the PDF's object tree and the display list). Handing them here instead
// keeps them, unused, to the end. Only for work whose process ends right after (RenderOptions
// and PdfOptions say so): a long-lived caller would keep every document it made. And only for
// what is done with when nothing big is made after it: the layout engine (fonts, shaping
// cache, paragraphs) is still taken apart, because the PDF is written after it and reuses its
// memory (kept, it raised the book's peak from 58 to 67 MB for 6.5 ms).
#pragma once

#include <memory>
#include <mutex>
#include <type_traits>
#include <utility>
#include <vector>

namespace galley {

template <typename T>
void leave_to_exit(T&& value) {
    static std::mutex mutex;
    static auto* kept = new std::vector<std::shared_ptr<void>>;  // never freed, on purpose
    auto held = std::make_shared<std::decay_t<T>>(std::forward<T>(value));
    const std::lock_guard<std::mutex> lock(mutex);
    kept->push_back(std::move(held));
}

}  // namespace galley
