#include "galley.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#if defined(__GLIBC__) && defined(__linux__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace galley {

// Why: galley runs for milliseconds, allocates a document model and its layout, and exits.
// With glibc's defaults every 4 KiB of new heap is a separate page fault (10–14 µs each on a
// virtual machine: 11,000 faults, about a fifth of the CPU time, for a 270-page book), and
// buffers above 128 KiB get their own mmap, faulted in afresh each time one is allocated.
// So: buffers up to 32 MiB (glibc's ceiling) come from the heap; freed memory stays in it
// instead of being trimmed and faulted in again; and the heap is grown once by 64 MiB of
// address space (reserved, not touched) and marked MADV_HUGEPAGE, so the kernel fills it
// 2 MiB at a time. This is what glibc's own `glibc.malloc.hugetlb=1` tunable does, which can
// only be set from the environment before the process starts.
bool prepare_heap() {
#if defined(__GLIBC__) && defined(__linux__)
    constexpr std::size_t kHugePage = std::size_t{2} << 20;
    constexpr int kReserve = 64 << 20;
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_TOP_PAD, kReserve);
    // One allocation a little larger than the free top of the heap makes malloc extend the
    // heap by the pad. malloc writes only the chunk headers, at the allocation's two ends, and
    // the far end is just past the old top: a larger probe would touch a page (with huge
    // pages, 2 MiB of them) far out in memory that a short run never uses. `volatile`: the
    // compiler may otherwise drop an allocation that is freed unused.
    const std::size_t probe_size = mallinfo2().keepcost + (std::size_t{64} << 10);
    void* volatile probe = std::malloc(probe_size);
    const auto from = reinterpret_cast<std::uintptr_t>(probe);
    std::free(probe);
    const auto to = reinterpret_cast<std::uintptr_t>(sbrk(0));
    mallopt(M_TOP_PAD, 128 << 10);  // glibc's default again for any later growth
    const std::uintptr_t start = (from + kHugePage - 1) & ~(kHugePage - 1);
    // Advice only: where the kernel has no transparent huge pages this fails harmlessly.
    // The probe lies inside the heap only where malloc uses the program break.
    if (from == 0 || from >= to || to < start + kHugePage) return false;
    if (madvise(reinterpret_cast<void*>(start), to - start, MADV_HUGEPAGE) != 0) return false;
    // The kernel can only give a huge page to a whole aligned 2 MiB that has no small page yet,
    // and malloc would go on filling the heap from its old top, up to 2 MiB below `start`, one
    // 4 KiB fault at a time (350 faults, ~5 ms, in a run of the sample article). So that
    // stretch is taken by one block that is never used, and so never touched, and the
    // allocations that follow begin at `start`. It costs address space, not memory. (`volatile`:
    // the compiler may drop an allocation whose pointer is never read.)
    [[maybe_unused]] static void* volatile unused_head = nullptr;
    const std::size_t head = start - from;
    if (head > 2 * sizeof(std::size_t)) unused_head = std::malloc(head - 2 * sizeof(std::size_t));
    return true;
#else
    return false;
#endif
}

}  // namespace galley
