#include "pdf/print_format.hpp"

#include <cstring>

namespace galley::pdf {

namespace {

struct Conversion {
    char type = 0;       // '%', 'c', 's', 'd', 'i' or 'u'
    int length = 0;      // -2 hh, -1 h, 0 none, 1 l, 2 ll
    int precision = -1;  // -1 when not given
    const char* next = nullptr;
};

// The conversion at `at` (just past its '%'), or type 0 when it is not one this handles.
Conversion parse(const char* at) {
    Conversion conversion;
    while (*at == '0') ++at;  // the 0 flag, which a precision makes moot for integers
    if (*at >= '1' && *at <= '9') return {};  // a field width
    if (*at == '.') {
        ++at;
        conversion.precision = 0;
        while (*at >= '0' && *at <= '9') conversion.precision = conversion.precision * 10 + (*at++ - '0');
        if (conversion.precision > 64) return {};
    }
    if (*at == 'h') {
        conversion.length = at[1] == 'h' ? -2 : -1;
        at += at[1] == 'h' ? 2 : 1;
    } else if (*at == 'l') {
        conversion.length = at[1] == 'l' ? 2 : 1;
        at += at[1] == 'l' ? 2 : 1;
    }
    const char type = *at;
    const bool integer = type == 'd' || type == 'i' || type == 'u';
    if (!integer && (conversion.length != 0 || conversion.precision >= 0)) return {};
    if (!integer && type != 'c' && type != 's' && type != '%') return {};
    if (type == '%' && at[-1] != '%') return {};
    conversion.type = type;
    conversion.next = at + 1;
    return conversion;
}

// Writes the digits of `value` (at least `precision` of them) at `at`; returns the end.
char* put_unsigned(char* at, unsigned long long value, bool negative, int precision) {
    char digits[24];
    int count = 0;
    do {
        digits[count++] = char('0' + value % 10);
        value /= 10;
    } while (value != 0);
    if (precision == 0 && count == 1 && digits[0] == '0' && !negative) return at;  // "%.0d" of 0 prints nothing
    if (negative) *at++ = '-';
    for (int pad = precision - count; pad > 0; --pad) *at++ = '0';
    while (count > 0) *at++ = digits[--count];
    return at;
}

}  // namespace

bool append_printf(std::string& out, const char* format, va_list arguments) {
    // First check every conversion, so that nothing is read or written for one this cannot do.
    for (const char* at = std::strchr(format, '%'); at != nullptr; at = std::strchr(at, '%')) {
        const Conversion conversion = parse(at + 1);
        if (conversion.type == 0) return false;
        at = conversion.next;
    }
    va_list list;
    va_copy(list, arguments);
    // Literal text and numbers gather in `buffer` (a number takes at most 64 + 21 bytes) and
    // go to `out` when it fills and at the end.
    char buffer[256];
    char* end = buffer;
    const auto flush = [&] {
        out.append(buffer, std::size_t(end - buffer));
        end = buffer;
    };
    const char* at = format;
    while (*at != '\0') {
        if (*at != '%') {
            if (end == buffer + sizeof buffer) flush();
            *end++ = *at++;
            continue;
        }
        const Conversion conversion = parse(at + 1);
        at = conversion.next;
        if (end + 96 > buffer + sizeof buffer) flush();
        switch (conversion.type) {
        case '%':
            *end++ = '%';
            break;
        case 'c':
            *end++ = char(va_arg(list, int));
            break;
        case 's': {
            const char* text = va_arg(list, const char*);
            flush();
            out.append(text != nullptr ? text : "(null)");
            break;
        }
        case 'u': {
            unsigned long long value = 0;
            switch (conversion.length) {
            case -2: value = static_cast<unsigned char>(va_arg(list, unsigned int)); break;
            case -1: value = static_cast<unsigned short>(va_arg(list, unsigned int)); break;
            case 0: value = va_arg(list, unsigned int); break;
            case 1: value = va_arg(list, unsigned long); break;
            default: value = va_arg(list, unsigned long long); break;
            }
            end = put_unsigned(end, value, false, conversion.precision);
            break;
        }
        default: {  // 'd', 'i'
            long long value = 0;
            switch (conversion.length) {
            case -2: value = static_cast<signed char>(va_arg(list, int)); break;
            case -1: value = static_cast<short>(va_arg(list, int)); break;
            case 0: value = va_arg(list, int); break;
            case 1: value = va_arg(list, long); break;
            default: value = va_arg(list, long long); break;
            }
            const bool negative = value < 0;
            // The magnitude of the most negative value too, without overflow.
            const unsigned long long magnitude = negative ? 0ULL - static_cast<unsigned long long>(value)
                                                          : static_cast<unsigned long long>(value);
            end = put_unsigned(end, magnitude, negative, conversion.precision);
            break;
        }
        }
    }
    flush();
    va_end(list);
    return true;
}

}  // namespace galley::pdf
