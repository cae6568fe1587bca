// The plain-text reader's errors: which file, line and column (in code points), which words.
#include "test_read_helpers.hpp"

#include <stdexcept>

using namespace read_test;
using namespace std::string_literals;

namespace {

// Reads `bytes` expecting a DataError; returns it for the position and message checks.
galley::Error read_error(const std::string& bytes, const std::string& name = "article.txt") {
    try {
        galley::read_plain_text(bytes, name);
    } catch (const galley::Error& error) {
        return error;
    }
    FAIL("no error for input of " << bytes.size() << " bytes");
    throw std::logic_error("unreachable");
}

void check_error(const std::string& bytes, int line, int column, const std::string& message_start) {
    const galley::Error error = read_error(bytes);
    CHECK(error.code() == galley::ExitCode::DataError);
    CHECK(error.file() == "article.txt");
    CHECK(error.line() == line);
    CHECK(error.column() == column);
    CHECK(error.message().rfind(message_start, 0) == 0);
    INFO("message: " << error.message());
    CHECK(std::string(error.what()) == "article.txt:" + std::to_string(line) + ":" + std::to_string(column) + ": " + error.message());
}

}  // namespace

TEST_CASE("invalid UTF-8 names the byte, the line and the column in code points", "[read]") {
    // Column 5: "\u00E9t\u00E9 " is four code points (six bytes) before the bad byte.
    check_error("First line.\n\n\u00E9t\u00E9 \xFF here.", 3, 5, "invalid UTF-8 (byte 0xff)");
    check_error("\xFE", 1, 1, "invalid UTF-8 (byte 0xfe)");
    check_error("Line one\r\nab\x80", 2, 3, "invalid UTF-8 (byte 0x80): a continuation byte without a lead byte");
    check_error("Line one\rLine two\rx\xC3(", 3, 2, "invalid UTF-8 (byte 0xc3): an incomplete sequence");
    check_error("truncated at the end \xE2\x82", 1, 22, "invalid UTF-8 (byte 0xe2): an incomplete sequence");
}

TEST_CASE("overlong forms, surrogates and code points beyond U+10FFFF are invalid UTF-8", "[read]") {
    check_error("a\xC0\xAF", 1, 2, "invalid UTF-8 (byte 0xc0): an overlong form");   // "/" in two bytes
    check_error("a\xC1\xBF", 1, 2, "invalid UTF-8 (byte 0xc1): an overlong form");
    check_error("ab\xE0\x80\xAF", 1, 3, "invalid UTF-8 (byte 0xe0): an overlong form");  // three bytes
    check_error("\xF0\x80\x80\xAF", 1, 1, "invalid UTF-8 (byte 0xf0): an overlong form");  // four bytes
    check_error("x\xED\xA0\x80", 1, 2, "invalid UTF-8 (byte 0xed): an encoded surrogate");  // U+D800
    check_error("x\xED\xBF\xBF", 1, 2, "invalid UTF-8 (byte 0xed): an encoded surrogate");  // U+DFFF
    check_error("x\xF4\x90\x80\x80", 1, 2, "invalid UTF-8 (byte 0xf4): a code point beyond U+10FFFF");
    check_error("x\xF5\x80\x80\x80", 1, 2, "invalid UTF-8 (byte 0xf5): a byte that never occurs in UTF-8");
    // The largest valid forms either side pass.
    CHECK_NOTHROW(read("\xED\x9F\xBF \xEE\x80\x80 \xF4\x8F\xBF\xBF \xF0\x90\x80\x80"));
}

TEST_CASE("a NUL byte is an error at its place", "[read]") {
    check_error("Text\n\nmore\0text"s, 3, 5, "NUL byte");
    // UTF-16 text is full of NULs: the first one is reported.
    check_error("H\0e\0"s, 1, 2, "NUL byte");
}

TEST_CASE("an article without text is an error", "[read]") {
    check_error("", 1, 1, "the article is empty");
    check_error("   \n\t\n\r\n  ", 1, 1, "the article is empty");
    check_error("\xEF\xBB\xBF\n\n", 1, 1, "the article is empty");
    check_error("\x01\x02\n\x7F", 1, 1, "the article is empty");     // only dropped controls
    check_error("\n\n* * *\n\n---\n", 1, 1, "the article is empty");  // only section breaks
    check_error(">\n>\n", 1, 1, "the article is empty");              // an empty quote
    // Only front matter: the text was expected on the line after it.
    check_error("---\ntitle: Nothing\n---\n", 4, 1, "the article is empty");
    check_error("---\ntitle: Nothing\n---\n\n  \n", 4, 1, "the article is empty");
}

TEST_CASE("the file name in errors is the one given", "[read]") {
    try {
        galley::read_plain_text("", "-");
        FAIL("no error");
    } catch (const galley::Error& error) {
        CHECK(error.file() == "-");
        CHECK(std::string(error.what()) == "-:1:1: the article is empty");
    }
}
