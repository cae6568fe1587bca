#include "layout/hyphenation_cache.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string_view>
#include <memory>
#include <utility>
#include <vector>

#include <hyphen.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "layout/cache_files.hpp"

namespace galley::layout {

namespace {

constexpr char magic[8] = {'G', 'A', 'L', 'H', 'Y', 'P', 'H', '1'};

// What identifies the source: a cache entry is valid only for exactly this file.
struct SourceStamp {
    std::uint64_t size = 0;
    std::int64_t seconds = 0, nanoseconds = 0;
};

bool stamp_of(const std::string& path, SourceStamp& stamp) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return false;
    stamp.size = std::uint64_t(info.st_size);
    stamp.seconds = info.st_mtim.tv_sec;
    stamp.nanoseconds = info.st_mtim.tv_nsec;
    return true;
}

// The layout of libhyphen's structures, so that a cache written against another build of
// the library is not misread.
std::uint32_t layout_signature() {
    return std::uint32_t(sizeof(HyphenDict) * 10000 + sizeof(HyphenState) * 100 + sizeof(HyphenTrans));
}

class Writer {
public:
    template <typename T>
    void value(T v) {
        out_.append(reinterpret_cast<const char*>(&v), sizeof v);
    }
    void bytes(const void* data, std::size_t size) { out_.append(static_cast<const char*>(data), size); }
    // A C string, or null.
    void text(const char* s) {
        if (s == nullptr) {
            value(std::int32_t(-1));
            return;
        }
        const auto length = std::int32_t(std::strlen(s));
        value(length);
        bytes(s, std::size_t(length));
    }
    const std::string& out() const { return out_; }

private:
    std::string out_;
};

// One anonymous mapping that a dictionary's pieces are cut from, in order, and that is freed
// as one. Reading a dictionary back made some 20,000 small allocations in the loading
// thread's own malloc arena, which grew it a page at a time (an mprotect and a page fault
// each); here the pages come zeroed, like calloc's, and only those used are ever touched.
class Arena {
public:
    // `expected`: how much of it the caller will most likely fill. That part is faulted in by
    // one madvise(MADV_POPULATE_WRITE) call: on a virtual machine a page fault costs 12-14 us,
    // a page populated ahead about half of that (the English dictionary fills ~800 KiB, some 200
    // pages, on a thread of its own). Huge pages would cost fewer still, but 2 MiB of memory
    // held for 0.8 MiB used, which the benchmark book's peak cannot spare.
    Arena(std::size_t capacity, std::size_t expected) {
        const auto page = std::size_t(::sysconf(_SC_PAGESIZE));
        capacity_ = (capacity + page - 1) / page * page;
        void* base = ::mmap(nullptr, capacity_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        base_ = base == MAP_FAILED ? nullptr : static_cast<char*>(base);
#ifdef MADV_POPULATE_WRITE
        // Advice only: a kernel before 5.14 faults the pages in as they are used.
        if (base_ != nullptr) ::madvise(base_, std::min(capacity_, (expected + page - 1) / page * page), MADV_POPULATE_WRITE);
#else
        (void)expected;
#endif
    }
    ~Arena() {
        if (base_ != nullptr) ::munmap(base_, capacity_);
    }
    Arena(const Arena&) = delete;
    Arena& operator=(const Arena&) = delete;

    // `size` zeroed bytes at a multiple of `alignment` (a power of two), or null when the
    // arena is full.
    void* allocate(std::size_t size, std::size_t alignment) {
        used_ = (used_ + alignment - 1) & ~(alignment - 1);
        if (base_ == nullptr || size > capacity_ - std::min(used_, capacity_)) return nullptr;
        void* block = base_ + used_;
        used_ += size == 0 ? 1 : size;
        return block;
    }
    // The mapping, now owned by the returned dictionary's deleter.
    std::shared_ptr<HyphenDict> hand_over(HyphenDict* dictionary) {
        char* base = std::exchange(base_, nullptr);
        const std::size_t capacity = capacity_;
        return std::shared_ptr<HyphenDict>(dictionary, [base, capacity](HyphenDict*) { ::munmap(base, capacity); });
    }

private:
    char* base_ = nullptr;
    std::size_t capacity_ = 0;
    std::size_t used_ = 0;
};

// Bounds-checked reading of a cache body; what it allocates comes from `arena`.
class Reader {
public:
    Reader(std::string_view in, Arena& arena) : in_(in), arena_(arena) {}

    template <typename T>
    bool value(T& v) {
        if (in_.size() - position_ < sizeof v) return false;
        std::memcpy(&v, in_.data() + position_, sizeof v);
        position_ += sizeof v;
        return true;
    }
    bool bytes(void* data, std::size_t size) {
        if (in_.size() - position_ < size) return false;
        std::memcpy(data, in_.data() + position_, size);
        position_ += size;
        return true;
    }
    void* allocate(std::size_t size, std::size_t alignment) { return arena_.allocate(size, alignment); }
    bool text(char*& s) {
        std::int32_t length = 0;
        if (!value(length)) return false;
        if (length < 0) {
            s = nullptr;
            return length == -1;
        }
        if (in_.size() - position_ < std::size_t(length)) return false;
        s = static_cast<char*>(allocate(std::size_t(length) + 1, 1));
        return s != nullptr && bytes(s, std::size_t(length));
    }
    bool at_end() const { return position_ == in_.size(); }

private:
    std::string_view in_;
    std::size_t position_ = 0;
    Arena& arena_;
};

// A cache file mapped read-only (its pages are the page cache's: nothing is copied).
class MappedFile {
public:
    explicit MappedFile(const std::string& path) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return;
        struct stat info {};
        if (::fstat(fd, &info) == 0 && info.st_size > 0 && info.st_size <= (off_t(1) << 30)) {
            void* data = ::mmap(nullptr, std::size_t(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
            if (data != MAP_FAILED) {
                data_ = static_cast<const char*>(data);
                size_ = std::size_t(info.st_size);
            }
        }
        ::close(fd);
    }
    ~MappedFile() {
        if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    std::string_view bytes() const { return {data_, size_}; }

private:
    const char* data_ = nullptr;
    std::size_t size_ = 0;
};

// libhyphen keeps NOHYPHEN as nohyphenl + 1 strings one after another.
std::size_t nohyphen_length(const HyphenDict& dictionary) {
    if (dictionary.nohyphen == nullptr) return 0;
    std::size_t length = 0;
    for (int i = 0; i <= dictionary.nohyphenl; ++i)
        length += std::strlen(dictionary.nohyphen + length) + 1;
    return length;
}

void write_dictionary(Writer& out, const HyphenDict& dictionary) {
    out.value(dictionary.lhmin);
    out.value(dictionary.rhmin);
    out.value(dictionary.clhmin);
    out.value(dictionary.crhmin);
    out.value(std::int32_t(dictionary.nohyphenl));
    if (dictionary.nohyphen == nullptr) {
        out.value(std::int32_t(-1));
    } else {
        const std::size_t length = nohyphen_length(dictionary);
        out.value(std::int32_t(length));
        out.bytes(dictionary.nohyphen, length);
    }
    out.value(std::int32_t(dictionary.num_states));
    out.bytes(dictionary.cset, sizeof dictionary.cset);
    out.value(std::int32_t(dictionary.utf8));
    for (int i = 0; i < dictionary.num_states; ++i) {
        const HyphenState& state = dictionary.states[i];
        out.text(state.match);
        out.text(state.repl);
        out.value(state.replindex);
        out.value(state.replcut);
        out.value(std::int32_t(state.fallback_state));
        out.value(std::int32_t(state.num_trans));
        out.value(std::uint8_t(state.trans != nullptr));
        if (state.trans != nullptr)
            for (int t = 0; t < state.num_trans; ++t) {
                out.value(state.trans[t].ch);
                out.value(std::int32_t(state.trans[t].new_state));
            }
    }
    out.value(std::uint8_t(dictionary.nextlevel != nullptr));
    if (dictionary.nextlevel != nullptr) write_dictionary(out, *dictionary.nextlevel);
}

HyphenDict* read_dictionary(Reader& in, int depth) {
    if (depth > 4) return nullptr;  // libhyphen makes two levels; anything deeper is damage
    auto* dictionary = static_cast<HyphenDict*>(in.allocate(sizeof(HyphenDict), alignof(HyphenDict)));
    if (dictionary == nullptr) return nullptr;
    std::int32_t nohyphenl = 0, nohyphen = 0, states = 0, utf8 = 0;
    if (!in.value(dictionary->lhmin) || !in.value(dictionary->rhmin) || !in.value(dictionary->clhmin) ||
        !in.value(dictionary->crhmin) || !in.value(nohyphenl) || !in.value(nohyphen))
        return nullptr;
    dictionary->nohyphenl = nohyphenl;
    if (nohyphen >= 0) {
        dictionary->nohyphen = static_cast<char*>(in.allocate(std::size_t(nohyphen) + 1, 1));
        if (dictionary->nohyphen == nullptr || !in.bytes(dictionary->nohyphen, std::size_t(nohyphen))) return nullptr;
    } else if (nohyphen != -1) {
        return nullptr;
    }
    if (!in.value(states) || states < 0 || states > 10'000'000) return nullptr;
    dictionary->num_states = states;
    if (!in.bytes(dictionary->cset, sizeof dictionary->cset) || !in.value(utf8)) return nullptr;
    dictionary->cset[sizeof dictionary->cset - 1] = '\0';
    dictionary->utf8 = utf8;
    dictionary->states =
        static_cast<HyphenState*>(in.allocate(sizeof(HyphenState) * std::size_t(states), alignof(HyphenState)));
    if (dictionary->states == nullptr) return nullptr;
    for (int i = 0; i < states; ++i) {
        HyphenState& state = dictionary->states[i];
        std::int32_t fallback = 0, transitions = 0;
        std::uint8_t has_trans = 0;
        if (!in.text(state.match) || !in.text(state.repl) || !in.value(state.replindex) ||
            !in.value(state.replcut) || !in.value(fallback) || !in.value(transitions) || !in.value(has_trans))
            return nullptr;
        if (fallback < -1 || fallback >= states || transitions < 0 || transitions > 65536) return nullptr;
        state.fallback_state = fallback;
        state.num_trans = transitions;
        state.trans = nullptr;
        if (has_trans == 0) continue;
        state.trans = static_cast<HyphenTrans*>(
            in.allocate(sizeof(HyphenTrans) * std::size_t(transitions), alignof(HyphenTrans)));
        if (state.trans == nullptr) return nullptr;
        for (int t = 0; t < transitions; ++t) {
            std::int32_t next = 0;
            if (!in.value(state.trans[t].ch) || !in.value(next) || next < 0 || next >= states) return nullptr;
            state.trans[t].new_state = next;
        }
    }
    std::uint8_t has_next = 0;
    if (!in.value(has_next)) return nullptr;
    if (has_next != 0) {
        dictionary->nextlevel = read_dictionary(in, depth + 1);
        if (dictionary->nextlevel == nullptr) return nullptr;
    }
    return dictionary;
}

void write_header(Writer& out, const std::string& path, const SourceStamp& stamp) {
    out.bytes(magic, sizeof magic);
    out.value(layout_signature());
    out.value(stamp.size);
    out.value(stamp.seconds);
    out.value(stamp.nanoseconds);
    out.text(path.c_str());
}

// FNV-1a, for a stable file name per dictionary path.
std::uint64_t fnv1a(std::string_view text) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return hash;
}

// A fast checksum of the cache body (the cache is per machine, so the standard library's
// hash is stable enough: a different one only makes the entry look damaged, and it is redone).
std::uint64_t checksum_of(std::string_view body) { return std::uint64_t(std::hash<std::string_view>{}(body)); }

}  // namespace

std::string cached_dictionary_file(const std::string& path, const std::string& cache_directory) {
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(fnv1a(path)));
    return cache_directory + "/" + std::filesystem::path(path).stem().string() + "-" + hash + ".hyphen";
}

std::shared_ptr<HyphenDict> read_cached_dictionary(const std::string& path, const std::string& cache_directory) {
    if (cache_directory.empty()) return nullptr;
    SourceStamp stamp;
    if (!stamp_of(path, stamp)) return nullptr;
    const MappedFile file(cached_dictionary_file(path, cache_directory));
    const std::string_view bytes = file.bytes();
    // The header must be exactly the one this source would be written with.
    Writer expected;
    write_header(expected, path, stamp);
    if (bytes.size() < expected.out().size() || bytes.substr(0, expected.out().size()) != expected.out())
        return nullptr;
    // The body is followed by its checksum: a damaged file is not parsed at all.
    const std::size_t body_size = bytes.size() - expected.out().size();
    if (body_size < sizeof(std::uint64_t)) return nullptr;
    const std::string_view body = bytes.substr(expected.out().size(), body_size - sizeof(std::uint64_t));
    std::uint64_t checksum = 0;
    std::memcpy(&checksum, bytes.data() + bytes.size() - sizeof checksum, sizeof checksum);
    if (checksum != checksum_of(body)) return nullptr;
    // The body is at least 19 bytes a state, which take at most 49 in memory (40, a string's
    // terminator or two, alignment of its transitions); a transition's 5 bytes take 8 and a
    // string's length prefix pays for its terminator. So three bytes a byte is room enough (and
    // the part not used is address space only); a level's header fits in the extra page.
    // Dictionaries take about two bytes a byte (English: 418 KiB of cache, 796 KiB parsed).
    Arena arena(3 * body.size() + 4096, 2 * body.size());
    Reader in(body, arena);
    HyphenDict* dictionary = read_dictionary(in, 0);
    if (dictionary == nullptr || !in.at_end()) return nullptr;
    return arena.hand_over(dictionary);
}

void write_cached_dictionary(const std::string& path, const HyphenDict& dictionary,
                             const std::string& cache_directory) {
    if (cache_directory.empty()) return;
    SourceStamp stamp;
    if (!stamp_of(path, stamp)) return;
    Writer out;
    write_header(out, path, stamp);
    const std::size_t body_start = out.out().size();
    write_dictionary(out, dictionary);
    out.value(std::uint64_t(checksum_of(std::string_view(out.out()).substr(body_start))));
    write_cache_file(cache_directory, cached_dictionary_file(path, cache_directory), out.out());
}

}  // namespace galley::layout
