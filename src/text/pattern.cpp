#include "text/pattern.hpp"

#include <atomic>
#include <mutex>
#include <stdexcept>

#include <unicode/regex.h>
#include <unicode/utext.h>

#include "worker.hpp"

namespace galley {

struct TextPattern::Compiled {
    std::unique_ptr<icu::RegexPattern> pattern;
    // Reused across calls: creating a matcher allocates its backtracking stack.
    std::unique_ptr<icu::RegexMatcher> matcher;
    std::atomic<bool> matcher_busy{false};
};

namespace {

// Opens a read-only UTF-8 UText over text and points the matcher at it. The matcher keeps a
// shallow clone, so the UText itself can be closed right away; text must outlive the match.
icu::RegexMatcher& matcher_on(icu::RegexMatcher& matcher, std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    UText input = UTEXT_INITIALIZER;
    utext_openUTF8(&input, text.data(), static_cast<int64_t>(text.size()), &status);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("cannot open text for matching: ") + u_errorName(status));
    matcher.reset(&input);
    utext_close(&input);
    return matcher;
}

// The pattern's own matcher while no other thread uses it, else one made for this call (a
// RegexPattern is immutable and may make matchers on any thread; a matcher is not shared).
class MatcherLease {
public:
    explicit MatcherLease(TextPattern::Compiled& compiled) : compiled_(compiled) {
        if (!compiled_.matcher_busy.exchange(true, std::memory_order_acquire)) {
            matcher_ = compiled_.matcher.get();
            return;
        }
        UErrorCode status = U_ZERO_ERROR;
        own_.reset(compiled_.pattern->matcher(status));
        if (U_FAILURE(status)) throw std::runtime_error(std::string("cannot make a matcher: ") + u_errorName(status));
        matcher_ = own_.get();
    }
    ~MatcherLease() {
        if (!own_) compiled_.matcher_busy.store(false, std::memory_order_release);
    }
    MatcherLease(const MatcherLease&) = delete;
    MatcherLease& operator=(const MatcherLease&) = delete;

    icu::RegexMatcher& on(std::string_view text) { return matcher_on(*matcher_, text); }

private:
    TextPattern::Compiled& compiled_;
    icu::RegexMatcher* matcher_ = nullptr;
    std::unique_ptr<icu::RegexMatcher> own_;
};

PatternMatch groups_of(const icu::RegexMatcher& matcher, std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    const int32_t count = matcher.groupCount();
    PatternMatch result;
    result.groups.reserve(static_cast<std::size_t>(count) + 1);
    result.positions.reserve(static_cast<std::size_t>(count) + 1);
    for (int32_t group = 0; group <= count; ++group) {
        // On a UTF-8 UText, native indexes are byte offsets.
        const int64_t begin = matcher.start64(group, status);
        const int64_t end = matcher.end64(group, status);
        if (U_FAILURE(status) || begin < 0) {
            result.groups.emplace_back();
            result.positions.push_back(std::string::npos);
            status = U_ZERO_ERROR;
            continue;
        }
        result.groups.emplace_back(text.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin)));
        result.positions.push_back(static_cast<std::size_t>(begin));
    }
    return result;
}

}  // namespace

TextPattern::TextPattern(std::string_view pattern, PatternCase letter_case) : compiled_(std::make_unique<Compiled>()) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError where{};
    const uint32_t flags = letter_case == PatternCase::Insensitive ? UREGEX_CASE_INSENSITIVE : 0;
    compiled_->pattern.reset(icu::RegexPattern::compile(
        icu::UnicodeString::fromUTF8(icu::StringPiece(pattern.data(), static_cast<int32_t>(pattern.size()))), flags, where,
        status));
    if (U_SUCCESS(status)) compiled_->matcher.reset(compiled_->pattern->matcher(status));
    if (U_FAILURE(status))
        throw std::logic_error("bad pattern at offset " + std::to_string(where.offset) + " (" + u_errorName(status) +
                               "): " + std::string(pattern));
}

TextPattern::~TextPattern() = default;

std::optional<PatternMatch> TextPattern::search(std::string_view text) const {
    UErrorCode status = U_ZERO_ERROR;
    MatcherLease lease(*compiled_);
    icu::RegexMatcher& matcher = lease.on(text);
    if (!matcher.find(status) || U_FAILURE(status)) return std::nullopt;
    return groups_of(matcher, text);
}

std::optional<PatternMatch> TextPattern::match(std::string_view text) const {
    UErrorCode status = U_ZERO_ERROR;
    MatcherLease lease(*compiled_);
    icu::RegexMatcher& matcher = lease.on(text);
    if (!matcher.matches(status) || U_FAILURE(status)) return std::nullopt;
    return groups_of(matcher, text);
}

bool TextPattern::found_in(std::string_view text) const {
    UErrorCode status = U_ZERO_ERROR;
    MatcherLease lease(*compiled_);
    return lease.on(text).find(status) && U_SUCCESS(status);
}

bool TextPattern::matches(std::string_view text) const {
    UErrorCode status = U_ZERO_ERROR;
    MatcherLease lease(*compiled_);
    return lease.on(text).matches(status) && U_SUCCESS(status);
}

std::vector<std::string> TextPattern::split(std::string_view text) const {
    std::vector<std::string> pieces;
    UErrorCode status = U_ZERO_ERROR;
    MatcherLease lease(*compiled_);
    icu::RegexMatcher& matcher = lease.on(text);
    std::size_t from = 0;
    while (matcher.find(status) && U_SUCCESS(status)) {
        const auto begin = static_cast<std::size_t>(matcher.start64(0, status));
        const auto end = static_cast<std::size_t>(matcher.end64(0, status));
        if (end == begin) continue;  // an empty separator splits nothing
        pieces.emplace_back(text.substr(from, begin - from));
        from = end;
    }
    if (from < text.size()) pieces.emplace_back(text.substr(from));
    return pieces;
}

void prefetch_patterns() {
    static std::once_flag once;
    std::call_once(once, [] {
        run_in_background([] { TextPattern warm(R"(\b\w+\s)"); });
    });
}

}  // namespace galley
