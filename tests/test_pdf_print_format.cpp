// pdf::append_printf: the formats PoDoFo's writer prints, against vsnprintf itself.
#include <catch2/catch.hpp>

#include <climits>
#include <cstdarg>
#include <cstdio>
#include <string>

#include "pdf/print_format.hpp"

namespace {

struct Both {
    bool handled = false;
    std::string ours, theirs;
};

// Formats the same arguments both ways (GCC checks them against the format).
__attribute__((format(printf, 1, 2))) Both format_both(const char* format, ...) {
    Both both;
    va_list arguments;
    va_start(arguments, format);
    va_list again;
    va_copy(again, arguments);
    both.handled = galley::pdf::append_printf(both.ours, format, arguments);
    char buffer[512];
    const int length = std::vsnprintf(buffer, sizeof buffer, format, again);
    both.theirs.assign(buffer, static_cast<std::size_t>(length));
    va_end(again);
    va_end(arguments);
    return both;
}

}  // namespace

// PoDoFo's cross-reference format has a 0 flag that its precision makes moot; GCC says so.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
TEST_CASE("append_printf writes what vsnprintf writes for PoDoFo's formats", "[pdf][print]") {
    const Both cases[] = {
        format_both("/"),
        format_both("endobj\n"),
        format_both(" %i %hi R", 12345, short(0)),
        format_both(" %i %hi R", -7, short(-3)),
        format_both("%i %i obj\n", 3381, 0),
        format_both("%ld", -9223372036854775807L - 1),
        format_both("%ld", 9223372036854775807L),
        format_both("%lu", 18446744073709551615UL),
        format_both("%0.10lu %0.5hu %c \n", 1136123UL, (unsigned short)65535, 'n'),
        format_both("%0.10lu %0.5hu %c \n", 0UL, (unsigned short)0, 'f'),
        format_both("%u %u", 0u, UINT_MAX),
        format_both("%lld|%llu|%lli", LLONG_MIN, ULLONG_MAX, 42LL),
        format_both("%hhu %hhd", 300u, 200),
        format_both("%d %.3d %.0d %.0d %.1d", INT_MIN, -5, 0, 7, 0),
        format_both("%s and %s", "text", ""),
        format_both("%%%s", "PDF-1.7"),
        format_both("%%%%EOF\n"),
        format_both("100%% %c%c", 'o', 'k'),
    };
    for (const Both& both : cases) {
        INFO(both.theirs);
        CHECK(both.handled);
        CHECK(both.ours == both.theirs);
    }
}
#pragma GCC diagnostic pop

TEST_CASE("append_printf leaves other conversions to vsnprintf, untouched", "[pdf][print]") {
    for (const char* format : {"%f", "%5i", "%-3d", "%x", "%.3f", "%g", "%e", "%p", "%ls", "%zu", "%+d", "% d", "x%", "%q"}) {
        INFO(format);
        std::string out = "kept";
        va_list none{};
        CHECK_FALSE(galley::pdf::append_printf(out, format, none));
        CHECK(out == "kept");
    }
}
