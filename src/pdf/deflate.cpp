#include "pdf/deflate.hpp"

#include <libdeflate.h>

#include <new>
#include <stdexcept>

namespace galley::pdf {

Deflater::Deflater(int level) : compressor_(libdeflate_alloc_compressor(level)) {
    if (compressor_ == nullptr) throw std::bad_alloc();
}

Deflater::~Deflater() { libdeflate_free_compressor(compressor_); }

std::string Deflater::zlib(std::string_view plain) {
    std::string packed(libdeflate_zlib_compress_bound(compressor_, plain.size()), '\0');
    const std::size_t size = libdeflate_zlib_compress(compressor_, plain.data(), plain.size(), packed.data(), packed.size());
    // The bound is an upper bound for any input, so this cannot happen short of a library bug.
    if (size == 0) throw std::runtime_error("libdeflate could not compress a stream within its own bound");
    packed.resize(size);
    return packed;
}

}  // namespace galley::pdf
