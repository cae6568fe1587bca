// galley::prepare_heap: the CLI keeps large buffers and freed memory on its heap, in small pages.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

#include "galley.hpp"
#include "left_to_exit.hpp"

namespace {

// The sanitizers bring their own allocators, which do not use the program break.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitizedAllocator = true;
#else
constexpr bool kSanitizedAllocator = false;
#endif

struct Mapping {
    bool found = false;
    bool heap = false;        // the program break's [heap] mapping
    bool huge_pages = false;  // VmFlags has "hg" (MADV_HUGEPAGE)
};

// The mapping of /proc/self/smaps that holds `address`.
Mapping mapping_of(const void* address) {
    const auto where = reinterpret_cast<std::uintptr_t>(address);
    std::ifstream smaps("/proc/self/smaps");
    Mapping result;
    bool inside = false;
    std::string line;
    while (std::getline(smaps, line)) {
        std::uintptr_t begin = 0, end = 0;
        char dash = 0;
        std::istringstream head(line);
        if (head >> std::hex >> begin >> dash >> end && dash == '-') {
            if (inside) break;  // the mapping we wanted ended without VmFlags
            inside = where >= begin && where < end;
            if (inside) {
                result.found = true;
                result.heap = line.find("[heap]") != std::string::npos;
            }
            continue;
        }
        if (inside && line.rfind("VmFlags:", 0) == 0) {
            result.huge_pages = (" " + line + " ").find(" hg ") != std::string::npos;
            break;
        }
    }
    return result;
}

}  // namespace

TEST_CASE("prepare_heap keeps large buffers on the heap, keeps freed memory, and asks for no huge pages", "[heap]") {
    REQUIRE(galley::prepare_heap() == !kSanitizedAllocator);
    if (kSanitizedAllocator) return;  // the sanitizer's allocator has its own rules

    // A 4 MiB buffer: with glibc's defaults it would get an mmap of its own (threshold 128 KiB).
    constexpr std::size_t kSize = std::size_t{4} << 20;
    char* volatile buffer = static_cast<char*>(std::malloc(kSize));
    REQUIRE(buffer != nullptr);
    for (const char* byte : {static_cast<const char*>(buffer), static_cast<const char*>(buffer) + kSize - 1}) {
        const Mapping mapping = mapping_of(byte);
        CHECK(mapping.found);
        CHECK(mapping.heap);
        // Huge pages come from free 2 MiB blocks, which a VM reporting free memory to its host
        // has handed back: their first touch costs milliseconds (see heap.cpp).
        CHECK_FALSE(mapping.huge_pages);
    }
    // Freed, it stays: the program break does not move back (glibc's default trims the heap's
    // top above 128 KiB, and the next growth faults it in anew).
    const void* top_before = sbrk(0);
    std::free(buffer);
    CHECK(sbrk(0) == top_before);
}

namespace {
struct CountsDestruction {
    int* destroyed;
    bool moved_from = false;
    explicit CountsDestruction(int* counter) : destroyed(counter) {}
    CountsDestruction(CountsDestruction&& other) noexcept : destroyed(other.destroyed) { other.moved_from = true; }
    ~CountsDestruction() {
        if (!moved_from) ++*destroyed;
    }
};
}  // namespace

TEST_CASE("what is left to the exit is kept, never taken apart", "[heap]") {
    int destroyed = 0;
    {
        CountsDestruction value(&destroyed);
        galley::leave_to_exit(std::move(value));
    }
    CHECK(destroyed == 0);  // the kept one lives on; the moved-from one had nothing to free
    {
        CountsDestruction dropped(&destroyed);
    }
    CHECK(destroyed == 1);  // (the counter works)
}
