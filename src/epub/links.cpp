// Which links may leave the book, and in what form: only http, https and mailto, written so
// that validators and reading systems can parse them (an unparseable host is no link at all).
#include <unicode/uidna.h>

#include <cctype>
#include <memory>

#include "epub/book.hpp"

namespace galley::epub {

namespace {

std::string lower_ascii(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// Percent-encode what may not stand in a URL (spaces, non-ASCII, quotes...); a '%' stays
// when it already starts an escape.
std::string percent_encode(const std::string& text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool escape_start = c == '%' && i + 2 < text.size() &&
                                  std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
                                  std::isxdigit(static_cast<unsigned char>(text[i + 2]));
        const bool unsafe = c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' ||
                            c == '`' || c == '{' || c == '|' || c == '}' || (c == '%' && !escape_start);
        if (unsafe) {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

struct IdnaClose {
    void operator()(UIDNA* idna) const { uidna_close(idna); }
};

// A host name as ASCII: as it is when it already is one, else through IDNA (UTS #46), so
// "bücher.example" becomes "xn--bcher-kva.example". "" when it cannot be a host name.
std::string ascii_host(const std::string& host) {
    if (host.empty()) return {};
    bool ascii = true;
    for (char c : host) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80) {
            ascii = false;
        } else if (!std::isalnum(byte) && c != '-' && c != '.' && c != '_') {
            return {};
        }
    }
    if (ascii) return host;
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UIDNA, IdnaClose> idna(
        uidna_openUTS46(UIDNA_NONTRANSITIONAL_TO_ASCII | UIDNA_CHECK_BIDI, &status));
    if (U_FAILURE(status)) return {};
    UIDNAInfo info = UIDNA_INFO_INITIALIZER;
    char buffer[512];
    const int32_t length = uidna_nameToASCII_UTF8(idna.get(), host.data(), static_cast<int32_t>(host.size()), buffer,
                                                  sizeof buffer, &info, &status);
    if (U_FAILURE(status) || info.errors != 0 || length <= 0 || length >= static_cast<int32_t>(sizeof buffer)) return {};
    return std::string(buffer, static_cast<std::size_t>(length));
}

}  // namespace

std::string external_href(const std::string& url) {
    const std::string scheme_part = lower_ascii(url.substr(0, 8));
    if (scheme_part.rfind("mailto:", 0) == 0) return url.size() > 7 ? percent_encode(url) : std::string();
    std::size_t scheme_length = 0;
    if (scheme_part.rfind("http://", 0) == 0) scheme_length = 7;
    if (scheme_part.rfind("https://", 0) == 0) scheme_length = 8;
    if (scheme_length == 0) return {};

    // scheme://[userinfo@]host[:port][/path][?query][#fragment]
    const std::size_t authority_end = url.find_first_of("/?#", scheme_length);
    const std::string authority =
        url.substr(scheme_length, authority_end == std::string::npos ? std::string::npos : authority_end - scheme_length);
    const std::string rest = authority_end == std::string::npos ? std::string() : url.substr(authority_end);
    const std::size_t at = authority.rfind('@');
    const std::string userinfo = at == std::string::npos ? std::string() : authority.substr(0, at + 1);
    std::string host_and_port = at == std::string::npos ? authority : authority.substr(at + 1);
    std::string port;
    if (host_and_port.size() > 2 && host_and_port.front() == '[') {
        // An IPv6 literal: hex digits, colons and dots inside brackets.
        const std::size_t close = host_and_port.find(']');
        if (close == std::string::npos) return {};
        for (std::size_t i = 1; i < close; ++i)
            if (!std::isxdigit(static_cast<unsigned char>(host_and_port[i])) && host_and_port[i] != ':' &&
                host_and_port[i] != '.')
                return {};
        port = host_and_port.substr(close + 1);
        host_and_port = host_and_port.substr(0, close + 1);
    } else {
        const std::size_t colon = host_and_port.rfind(':');
        if (colon != std::string::npos) {
            port = host_and_port.substr(colon);
            host_and_port = ascii_host(host_and_port.substr(0, colon));
        } else {
            host_and_port = ascii_host(host_and_port);
        }
        if (host_and_port.empty()) return {};
    }
    if (!port.empty()) {
        if (port.front() != ':') return {};
        for (std::size_t i = 1; i < port.size(); ++i)
            if (!std::isdigit(static_cast<unsigned char>(port[i]))) return {};
    }
    return url.substr(0, scheme_length) + percent_encode(userinfo) + host_and_port + port + percent_encode(rest);
}

}  // namespace galley::epub
