#include "text/pattern.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <atomic>
#include <stdexcept>

namespace galley {

struct TextPattern::Compiled {
    pcre2_code* code = nullptr;
    // Reused across calls: PCRE2 keeps its backtracking frames in the match data.
    pcre2_match_data* match_data = nullptr;
    std::atomic<bool> match_data_busy{false};

    ~Compiled() {
        pcre2_match_data_free(match_data);
        pcre2_code_free(code);
    }
};

namespace {

// The pattern's own match data while no other thread uses it, else one made for this call (a
// compiled pattern is immutable and may be matched on any thread; match data is not shared).
class MatchLease {
public:
    explicit MatchLease(TextPattern::Compiled& compiled) : compiled_(compiled) {
        if (!compiled_.match_data_busy.exchange(true, std::memory_order_acquire)) {
            data_ = compiled_.match_data;
            return;
        }
        data_ = pcre2_match_data_create_from_pattern(compiled_.code, nullptr);
        if (!data_) throw std::bad_alloc();
        own_ = true;
    }
    ~MatchLease() {
        if (own_)
            pcre2_match_data_free(data_);
        else
            compiled_.match_data_busy.store(false, std::memory_order_release);
    }
    MatchLease(const MatchLease&) = delete;
    MatchLease& operator=(const MatchLease&) = delete;

    // Matches from byte `from`; true on a match. `options` may ask for an anchored or whole
    // match. Any error other than no match is a programming or resource error and throws.
    bool run(std::string_view text, std::size_t from, uint32_t options = 0) {
        const int rc = pcre2_match(compiled_.code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), from,
                                   options, data_, nullptr);
        if (rc >= 0) return true;  // 0 would mean too few slots; data made from the pattern has them all
        if (rc == PCRE2_ERROR_NOMATCH) return false;
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(rc, message, sizeof message);
        throw std::runtime_error(std::string("pattern matching failed: ") + reinterpret_cast<const char*>(message));
    }
    const PCRE2_SIZE* ovector() const { return pcre2_get_ovector_pointer(data_); }

private:
    TextPattern::Compiled& compiled_;
    pcre2_match_data* data_ = nullptr;
    bool own_ = false;
};

PatternMatch groups_of(const MatchLease& lease, uint32_t groups, std::string_view text) {
    const PCRE2_SIZE* ovector = lease.ovector();
    PatternMatch result;
    result.groups.reserve(groups);
    result.positions.reserve(groups);
    for (uint32_t group = 0; group < groups; ++group) {
        const PCRE2_SIZE begin = ovector[2 * group];
        const PCRE2_SIZE end = ovector[2 * group + 1];
        if (begin == PCRE2_UNSET) {
            result.groups.emplace_back();
            result.positions.push_back(std::string::npos);
            continue;
        }
        result.groups.emplace_back(text.substr(begin, end - begin));
        result.positions.push_back(begin);
    }
    return result;
}

uint32_t group_count(const pcre2_code* code) {
    uint32_t captures = 0;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &captures);
    return captures + 1;
}

// The byte after the UTF-8 character that starts at `at` (or after a stray byte).
std::size_t next_character(std::string_view text, std::size_t at) {
    ++at;
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
    return at;
}

}  // namespace

TextPattern::TextPattern(std::string_view pattern, PatternCase letter_case) : compiled_(std::make_unique<Compiled>()) {
    // UTF: the pattern and the texts are UTF-8, matched by code point. UCP: \w, \d, \s and \b
    // follow Unicode properties, so "publié" is one word. MATCH_INVALID_UTF: a text with a
    // malformed sequence is matched around it rather than refused.
    uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
    if (letter_case == PatternCase::Insensitive) options |= PCRE2_CASELESS;
    int error = 0;
    PCRE2_SIZE offset = 0;
    compiled_->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options, &error,
                                    &offset, nullptr);
    if (!compiled_->code) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(error, message, sizeof message);
        throw std::logic_error("bad pattern at offset " + std::to_string(offset) + " (" +
                               reinterpret_cast<const char*>(message) + "): " + std::string(pattern));
    }
    compiled_->match_data = pcre2_match_data_create_from_pattern(compiled_->code, nullptr);
    if (!compiled_->match_data) throw std::bad_alloc();
}

TextPattern::~TextPattern() = default;

std::optional<PatternMatch> TextPattern::search(std::string_view text) const {
    MatchLease lease(*compiled_);
    if (!lease.run(text, 0)) return std::nullopt;
    return groups_of(lease, group_count(compiled_->code), text);
}

std::optional<PatternMatch> TextPattern::match(std::string_view text) const {
    MatchLease lease(*compiled_);
    if (!lease.run(text, 0, PCRE2_ANCHORED | PCRE2_ENDANCHORED)) return std::nullopt;
    return groups_of(lease, group_count(compiled_->code), text);
}

bool TextPattern::found_in(std::string_view text) const {
    MatchLease lease(*compiled_);
    return lease.run(text, 0);
}

bool TextPattern::matches(std::string_view text) const {
    MatchLease lease(*compiled_);
    return lease.run(text, 0, PCRE2_ANCHORED | PCRE2_ENDANCHORED);
}

std::vector<std::string> TextPattern::split(std::string_view text) const {
    std::vector<std::string> pieces;
    MatchLease lease(*compiled_);
    std::size_t from = 0;  // start of the current piece
    std::size_t at = 0;    // where the next search starts
    while (at <= text.size() && lease.run(text, at)) {
        const std::size_t begin = lease.ovector()[0];
        const std::size_t end = lease.ovector()[1];
        if (end == begin) {  // an empty separator splits nothing; look again one character on
            if (begin >= text.size()) break;
            at = next_character(text, begin);
            continue;
        }
        pieces.emplace_back(text.substr(from, begin - from));
        from = at = end;
    }
    if (from < text.size()) pieces.emplace_back(text.substr(from));
    return pieces;
}

}  // namespace galley
