// pdf::Deflater: libdeflate's zlib streams, checked by inflating them with zlib itself.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>

#include "pdf/deflate.hpp"

namespace {

// Inflates a whole zlib stream with zlib; throws if it is not a complete, valid one.
std::string inflate_with_zlib(const std::string& packed, std::size_t expected_size) {
    std::string plain(expected_size + 1, '\0');  // one spare byte: a longer result is caught
    uLongf size = static_cast<uLongf>(plain.size());
    const int status = uncompress(reinterpret_cast<Bytef*>(plain.data()), &size,
                                  reinterpret_cast<const Bytef*>(packed.data()), static_cast<uLong>(packed.size()));
    if (status != Z_OK) throw std::runtime_error("zlib could not inflate the stream: " + std::to_string(status));
    plain.resize(size);
    return plain;
}

std::string pseudo_random_bytes(std::size_t size) {
    std::string bytes(size, '\0');
    std::uint32_t state = 2463534242u;
    for (char& byte : bytes) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        byte = static_cast<char>(state & 0xFF);
    }
    return bytes;
}

}  // namespace

TEST_CASE("the Deflater writes zlib streams that zlib inflates back to the input", "[pdf][deflate]") {
    std::string content_stream;
    for (int line = 0; line < 2000; ++line)
        content_stream += "BT /F1 10.5 Tf 72 " + std::to_string(700 - line % 50) + " Td [(Hello)-250(world)] TJ ET\n";
    std::ifstream font("/usr/share/fonts/truetype/charis/CharisSIL-Regular.ttf", std::ios::binary);
    REQUIRE(font);
    const std::string font_file((std::istreambuf_iterator<char>(font)), std::istreambuf_iterator<char>());

    galley::pdf::Deflater deflater;
    for (const std::string& plain :
         {std::string(), std::string("q"), content_stream, pseudo_random_bytes(100'000), font_file}) {
        CAPTURE(plain.size());
        const std::string packed = deflater.zlib(plain);
        CHECK(inflate_with_zlib(packed, plain.size()) == plain);
        // The same input gives the same bytes, from this compressor and from a fresh one.
        CHECK(deflater.zlib(plain) == packed);
        CHECK(galley::pdf::Deflater().zlib(plain) == packed);
    }
    // It compresses: a page's repetitive operators shrink several times over.
    CHECK(deflater.zlib(content_stream).size() * 5 < content_stream.size());
}
