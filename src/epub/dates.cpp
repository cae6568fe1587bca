// Dates as a reader of the book's language writes them ("6 May 2024", "6. Mai 2024"), by ICU.
#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include <cstdlib>
#include <ctime>
#include <memory>

#include "epub/book.hpp"

namespace galley::epub {

namespace {

struct PatternGeneratorClose {
    void operator()(UDateTimePatternGenerator* generator) const { udatpg_close(generator); }
};
struct DateFormatClose {
    void operator()(UDateFormat* format) const { udat_close(format); }
};

}  // namespace

std::string display_date(const std::string& iso_date, const std::string& language) {
    if (!is_w3c_date(iso_date) || language.empty() || language == "und") return iso_date;
    const int year = std::atoi(iso_date.substr(0, 4).c_str());
    const int month = iso_date.size() >= 7 ? std::atoi(iso_date.substr(5, 2).c_str()) : 1;
    const int day = iso_date.size() >= 10 ? std::atoi(iso_date.substr(8, 2).c_str()) : 1;
    if (iso_date.size() == 4) return iso_date;  // a year is written the same everywhere

    UErrorCode status = U_ZERO_ERROR;
    char locale[ULOC_FULLNAME_CAPACITY] = {};
    uloc_forLanguageTag(language.c_str(), locale, sizeof locale, nullptr, &status);
    if (U_FAILURE(status)) return iso_date;

    // The best pattern for "day, month name, year" (or "month name, year") in this language.
    const char16_t* skeleton = iso_date.size() == 10 ? u"yMMMMd" : u"yMMMM";
    std::unique_ptr<UDateTimePatternGenerator, PatternGeneratorClose> generator(udatpg_open(locale, &status));
    if (U_FAILURE(status)) return iso_date;
    UChar pattern[64];
    const int32_t pattern_length = udatpg_getBestPattern(generator.get(), skeleton, -1, pattern, 64, &status);
    if (U_FAILURE(status)) return iso_date;

    // Format in UTC, so the machine's time zone never moves the day.
    std::unique_ptr<UDateFormat, DateFormatClose> format(
        udat_open(UDAT_PATTERN, UDAT_PATTERN, locale, u"UTC", -1, pattern, pattern_length, &status));
    if (U_FAILURE(status)) return iso_date;
    std::tm when{};
    when.tm_year = year - 1900;
    when.tm_mon = month - 1;
    when.tm_mday = day;
    const UDate milliseconds = static_cast<UDate>(timegm(&when)) * 1000.0;
    UChar text[128];
    const int32_t text_length = udat_format(format.get(), milliseconds, text, 128, nullptr, &status);
    if (U_FAILURE(status)) return iso_date;
    char utf8[512];
    int32_t utf8_length = 0;
    u_strToUTF8(utf8, sizeof utf8, &utf8_length, text, text_length, &status);
    if (U_FAILURE(status)) return iso_date;
    return std::string(utf8, static_cast<std::size_t>(utf8_length));
}

}  // namespace galley::epub
