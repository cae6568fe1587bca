// galley::prepare_heap: the CLI's heap is reserved in one step and advised to use huge pages.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

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

TEST_CASE("prepare_heap keeps large buffers on a heap advised to use huge pages", "[heap]") {
    const bool kernel_has_thp = std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled");
    const bool expected = kernel_has_thp && !kSanitizedAllocator;
    REQUIRE(galley::prepare_heap() == expected);

    // A 4 MiB buffer: with glibc's defaults it would get an mmap of its own (threshold 128 KiB).
    // All of it, its first byte too, lies on the advised part of the heap: the stretch below
    // the heap's first 2 MiB boundary is not handed out any more.
    constexpr std::size_t kSize = std::size_t{4} << 20;
    char* volatile buffer = static_cast<char*>(std::malloc(kSize));
    REQUIRE(buffer != nullptr);
    for (const char* byte : {static_cast<const char*>(buffer), static_cast<const char*>(buffer) + kSize - 1}) {
        const Mapping mapping = mapping_of(byte);
        CHECK(mapping.found);
        if (expected) {
            CHECK(mapping.heap);
            CHECK(mapping.huge_pages);
        } else {
            CHECK_FALSE(mapping.huge_pages);
        }
    }
    std::free(buffer);
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
