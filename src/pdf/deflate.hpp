// Flate compression for the PDF's streams, through libdeflate.
//
// A PDF's FlateDecode streams are zlib streams (RFC 1950). libdeflate writes them from a whole
// buffer at once — which is what a page's content stream or a font subset is — about three
// times as fast as zlib at the same level, and a little smaller. Output depends only on the
// input and the level, so identical input still gives identical PDFs.
#pragma once

#include <string>
#include <string_view>

struct libdeflate_compressor;

namespace galley::pdf {

class Deflater {
public:
    // Level 6: zlib's default, and libdeflate's best trade of time for size here.
    explicit Deflater(int level = 6);
    ~Deflater();
    Deflater(const Deflater&) = delete;
    Deflater& operator=(const Deflater&) = delete;

    // `plain` as a zlib stream. Not thread-safe: one Deflater per thread.
    std::string zlib(std::string_view plain);

private:
    libdeflate_compressor* compressor_;
};

}  // namespace galley::pdf
