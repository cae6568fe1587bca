// A fast 64-bit hash of bytes, eight at a time: for in-memory tables keyed by short texts (the
// shaping cache's table of recent words) and for the checks of cache files' entries (the
// store of shaped words). Not cryptographic; stable for a given build and machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace galley {

inline std::uint64_t hash_bytes(const void* data, std::size_t size, std::uint64_t seed = 0) {
    constexpr std::uint64_t multiplier = 0x9E3779B97F4A7C15ull;
    const auto* bytes = static_cast<const unsigned char*>(data);
    std::uint64_t hash = (seed ^ size) * multiplier;
    for (; size >= 8; bytes += 8, size -= 8) {
        std::uint64_t word;
        std::memcpy(&word, bytes, 8);
        hash = (hash ^ word) * multiplier;
        hash ^= hash >> 29;
    }
    if (size > 0) {
        std::uint64_t word = 0;
        for (std::size_t i = 0; i < size; ++i) word |= std::uint64_t(bytes[i]) << (8 * i);
        hash = (hash ^ word) * multiplier;
        hash ^= hash >> 29;
    }
    return hash ^ (hash >> 32);
}

inline std::uint64_t hash_bytes(std::string_view text, std::uint64_t seed = 0) {
    return hash_bytes(text.data(), text.size(), seed);
}

}  // namespace galley
