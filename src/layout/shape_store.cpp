#include "layout/shape_store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <random>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hb.h>
#include <link.h>
#include <unicode/uvernum.h>
#include <unicode/uchar.h>

#include "atomic_file.hpp"
#include "layout/cache_files.hpp"
#include "layout/font_match_cache.hpp"
#include "text/hash.hpp"

namespace galley::layout {

// The main file: "GSHAPES3"; the header (u32 size, text: galley and HarfBuzz versions,
// language, fonts record, the file's random number); u32 slot count, u32 entry count, u64
// size of the entries; the slots (u32 each: 1 + the offset of an entry from the entries'
// start, 0 for none; open addressing by the hash of the entry's key, probing onwards); the
// entries. The log: "GSHLOG03", the same header as its main file, entries.
//
// An entry: u64 hash of the rest of it, u32 key size, u32 glyph count, u16 face count; the key
// (family, NUL, a digit for bold/italic/small caps, the text); per face u32 index, u16 path
// size, path; u8 right to left, f64 width; per glyph (48 bytes) u16 face (of the entry's
// own), u8 cluster start, u8 0, u32 glyph id, u32 cluster, u32 cluster end, f64 x offset,
// y offset, advance, pen. Numbers are the machine's own (the store never leaves it).
namespace {

constexpr char main_magic[8] = {'G', 'S', 'H', 'A', 'P', 'E', 'S', '3'};
constexpr char log_magic[8] = {'G', 'S', 'H', 'L', 'O', 'G', '0', '3'};
constexpr std::uint32_t slot_total = 65536;  // twice max_entries, so probes stay short
constexpr std::size_t entry_head = 18;       // hash, key size, glyph count, face count
constexpr std::size_t glyph_bytes = 48;
constexpr std::uint32_t max_probes = 64;


template <typename T>
T read(const unsigned char* at) {
    T value;
    std::memcpy(&value, at, sizeof value);
    return value;
}

template <typename T>
void write(std::string& out, T value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

void encode_key(const FontKey& key, std::string_view text, std::string& out) {
    out.assign(key.family);
    out += '\0';
    out += char('0' + (key.bold ? 1 : 0) + (key.italic ? 2 : 0) + (key.small_caps ? 4 : 0));
    out += text;
}

// The size of the entry at `offset` in entries[0, size), or 0 when it cannot be one. Its
// faces' sizes are checked by decode().
std::size_t entry_size(const unsigned char* entries, std::size_t size, std::size_t offset) {
    if (offset > size || size - offset < entry_head) return 0;
    const unsigned char* entry = entries + offset;
    std::uint64_t total = entry_head + std::uint64_t(read<std::uint32_t>(entry + 8)) + 9 +
                          std::uint64_t(read<std::uint32_t>(entry + 12)) * glyph_bytes;
    // The faces' paths: walked, within the bounds.
    std::size_t at = entry_head + read<std::uint32_t>(entry + 8);
    for (std::uint16_t face = 0, faces = read<std::uint16_t>(entry + 16); face < faces; ++face) {
        if (at > size - offset || size - offset - at < 6) return 0;
        const std::size_t path = read<std::uint16_t>(entry + at + 4);
        at += 6 + path;
        total += 6 + path;
    }
    return total <= size - offset ? std::size_t(total) : 0;
}

// An entry's hash is seeded with the store's context (shape_store.hpp: galley, HarfBuzz, ICU,
// language, fonts record), so an entry written under another context never passes.
bool entry_intact(const unsigned char* entry, std::size_t total, std::uint64_t seed) {
    return total >= entry_head && read<std::uint64_t>(entry) == hash_bytes(entry + 8, total - 8, seed);
}

std::string_view key_of_entry(const unsigned char* entry) {
    return std::string_view(reinterpret_cast<const char*>(entry) + entry_head, read<std::uint32_t>(entry + 8));
}

// Puts `offset` (from the entries' start) in the first free slot for `key`; false if none
// is free within max_probes.
bool place(std::vector<std::uint32_t>& slots, std::uint64_t key_hash, std::size_t offset) {
    const auto mask = std::uint32_t(slots.size() - 1);
    std::uint32_t slot = std::uint32_t(key_hash) & mask;
    for (std::uint32_t probe = 0; probe < max_probes; ++probe, slot = (slot + 1) & mask) {
        if (slots[slot] != 0) continue;
        slots[slot] = std::uint32_t(offset + 1);
        return true;
    }
    return false;
}

// The running program's GNU build id (hex), so that a store is trusted only by the build that
// made it: galley's version number does not change with every change to the shaping code.
// Empty when the program has none (then no store is used).
int find_build_id(dl_phdr_info* info, std::size_t, void* data) {
    auto& id = *static_cast<std::string*>(data);
    for (int i = 0; i < info->dlpi_phnum && id.empty(); ++i) {
        const ElfW(Phdr)& header = info->dlpi_phdr[i];
        if (header.p_type != PT_NOTE) continue;
        const auto* at = reinterpret_cast<const unsigned char*>(info->dlpi_addr + header.p_vaddr);
        const unsigned char* end = at + header.p_memsz;
        while (at + 12 <= end) {
            const std::uint32_t name_size = read<std::uint32_t>(at), desc_size = read<std::uint32_t>(at + 4);
            const std::uint32_t type = read<std::uint32_t>(at + 8);
            const unsigned char* name = at + 12;
            const unsigned char* desc = name + ((name_size + 3) & ~3u);
            if (desc + desc_size > end) break;
            if (type == NT_GNU_BUILD_ID && name_size == 4 && std::memcmp(name, "GNU", 4) == 0) {
                static const char digits[] = "0123456789abcdef";
                for (std::uint32_t k = 0; k < desc_size; ++k) {
                    id += digits[desc[k] >> 4];
                    id += digits[desc[k] & 15];
                }
                break;
            }
            at = desc + ((desc_size + 3) & ~3u);
        }
    }
    return 1;  // the first object is the program itself
}

std::string file_name_part(const std::string& language) {
    std::string name;
    for (const char c : language)
        name += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ? c : '_';
    return name.empty() ? std::string("none") : name;
}

// Maps a whole file read-only; {nullptr, 0} when it cannot.
std::pair<const unsigned char*, std::size_t> map_file(int file) {
    struct stat status {};
    if (file < 0 || ::fstat(file, &status) != 0 || status.st_size <= 0) return {nullptr, 0};
    void* mapped = ::mmap(nullptr, std::size_t(status.st_size), PROT_READ, MAP_PRIVATE, file, 0);
    if (mapped == MAP_FAILED) return {nullptr, 0};
    return {static_cast<const unsigned char*>(mapped), std::size_t(status.st_size)};
}

}  // namespace

const std::string& program_build_id() {
    static const std::string id = [] {
        std::string found;
        dl_iterate_phdr(find_build_id, &found);
        return found;
    }();
    return id;
}

std::string ShapeStore::file_in(const std::string& directory, const std::string& language) {
    return directory + "/shapes-" + file_name_part(language);
}

std::string ShapeStore::log_in(const std::string& directory, const std::string& language) {
    return file_in(directory, language) + ".log";
}

std::string ShapeStore::context() const {
    char record[17];
    std::snprintf(record, sizeof record, "%016llx", static_cast<unsigned long long>(record_digest_));
    return std::string("galley ") + GALLEY_VERSION + " build " + program_build_id() + "\nharfbuzz " +
           hb_version_string() + "\nicu " U_ICU_VERSION " unicode " U_UNICODE_VERSION "\nlanguage " + language_ +
           "\nrecord " + record + "\n";
}

std::string ShapeStore::header(std::uint64_t nonce) const {
    char number[24];
    std::snprintf(number, sizeof number, "file %016llx\n", static_cast<unsigned long long>(nonce));
    return context() + number;
}

ShapeStore::ShapeStore(std::string directory, std::string language, std::uint64_t record_digest)
    : directory_(std::move(directory)), language_(std::move(language)), record_digest_(record_digest) {
    if (program_build_id().empty()) directory_.clear();  // no way to tell builds apart: no store
    if (directory_.empty()) return;
    seed_ = hash_bytes(context());
    const int file = ::open(file_in(directory_, language_).c_str(), O_RDONLY | O_CLOEXEC);
    const auto [data, size] = map_file(file);
    if (data == nullptr) {
        if (file >= 0) ::close(file);
        return;
    }
    // Header, counts and slots, each checked against the file's size.
    bool good = size >= sizeof main_magic && std::memcmp(data, main_magic, sizeof main_magic) == 0;
    std::size_t at = sizeof main_magic;
    // The next `bytes` of the file, or null (and no longer good) when they are not there.
    const auto take = [&](std::size_t bytes) -> const unsigned char* {
        if (!good || size - at < bytes) {
            good = false;
            return nullptr;
        }
        at += bytes;
        return data + at - bytes;
    };
    const auto number = [&]() -> std::uint32_t {
        const unsigned char* bytes = take(4);
        return bytes != nullptr ? read<std::uint32_t>(bytes) : 0;
    };
    const std::uint32_t header_size = number();
    const unsigned char* header_bytes = take(header_size);
    std::uint64_t nonce = 0;
    if (good) {
        // The file's number is the header's last field; the rest must be this run's.
        const std::string text(reinterpret_cast<const char*>(header_bytes), header_size);
        const std::size_t field = text.rfind("\nfile ");
        if (field == std::string::npos || text.size() != field + 23) {
            good = false;
        } else {
            nonce = std::strtoull(text.c_str() + field + 6, nullptr, 16);
            good = text == header(nonce);
        }
    }
    const std::uint32_t slot_count = number();
    const std::uint32_t entry_count = number();
    const unsigned char* entries_size_bytes = take(8);
    const std::uint64_t entries_size = entries_size_bytes != nullptr ? read<std::uint64_t>(entries_size_bytes) : 0;
    good = good && slot_count == slot_total && entry_count <= max_entries;
    const unsigned char* slots = good ? take(std::size_t(slot_count) * 4) : nullptr;
    good = good && entries_size == size - at;
    if (!good) {
        ::munmap(const_cast<unsigned char*>(data), size);
        ::close(file);
        return;
    }
    file_ = file;
    data_ = data;
    size_ = size;
    nonce_ = nonce;
    slots_ = slots;
    entries_ = data + at;
    entries_size_ = std::size_t(entries_size);
    entry_count_ = entry_count;
    used_.assign(slot_total, false);

    // The log, if it is this main file's: read (not mapped: other runs append to it, and a
    // mapping would change under the index), its entries indexed.
    const int log = ::open(log_in(directory_, language_).c_str(), O_RDONLY | O_CLOEXEC);
    if (log < 0) return;
    struct stat log_status {};
    if (::fstat(log, &log_status) == 0 && log_status.st_size > 0 && std::uint64_t(log_status.st_size) <= max_log_bytes) {
        log_bytes_.resize(std::size_t(log_status.st_size));
        std::size_t got = 0;
        while (got < log_bytes_.size()) {
            const ssize_t part = ::pread(log, log_bytes_.data() + got, log_bytes_.size() - got, off_t(got));
            if (part <= 0) break;
            got += std::size_t(part);
        }
        log_bytes_.resize(got);
    }
    ::close(log);
    const auto* log_data = reinterpret_cast<const unsigned char*>(log_bytes_.data());
    const std::size_t log_size = log_bytes_.size();
    const std::string expected = header(nonce_);
    const std::size_t head = sizeof log_magic + 4 + expected.size();
    if (log_size < head || std::memcmp(log_data, log_magic, sizeof log_magic) != 0 ||
        read<std::uint32_t>(log_data + sizeof log_magic) != expected.size() ||
        std::memcmp(log_data + sizeof log_magic + 4, expected.data(), expected.size()) != 0) {
        std::string().swap(log_bytes_);
        return;
    }
    log_ = log_data;
    log_size_ = log_size;
    // Indexed by key as far as the entries hold together; each is checked when it is used.
    log_index_.reserve(log_size / 256);
    std::size_t offset = head;
    while (offset < log_size) {
        const std::size_t total = entry_size(log_data, log_size, offset);
        if (total == 0) break;
        log_index_.emplace(key_of_entry(log_data + offset), std::uint32_t(offset));
        offset += total;
    }
    log_entries_end_ = offset;
}

ShapeStore::~ShapeStore() {
    if (spill_file_ >= 0) ::close(spill_file_);
    if (data_ != nullptr) ::munmap(const_cast<unsigned char*>(data_), size_);
    if (file_ >= 0) ::close(file_);
}

bool ShapeStore::decode(const unsigned char* entry, std::size_t total, ShapedText& out) {
    const std::uint32_t key_size = read<std::uint32_t>(entry + 8);
    const std::uint32_t glyphs = read<std::uint32_t>(entry + 12);
    const std::uint16_t face_count = read<std::uint16_t>(entry + 16);
    const unsigned char* at = entry + entry_head + key_size;
    std::uint16_t faces[16];
    if (face_count > 16) return false;
    for (std::uint16_t i = 0; i < face_count; ++i) {
        FaceRef face;
        face.face_index = int(read<std::uint32_t>(at));
        const std::uint16_t path = read<std::uint16_t>(at + 4);
        face.path.assign(reinterpret_cast<const char*>(at + 6), path);
        at += 6 + path;
        std::size_t number = 0;
        while (number < faces_.size() && (faces_[number].face_index != face.face_index || faces_[number].path != face.path))
            ++number;
        if (number == faces_.size()) faces_.push_back(std::move(face));
        faces[i] = std::uint16_t(number);
    }
    if (std::size_t(at - entry) + 9 + std::size_t(glyphs) * glyph_bytes != total) return false;
    out.right_to_left = at[0] != 0;
    out.width = read<double>(at + 1);
    at += 9;
    out.glyphs.resize(glyphs);
    for (ShapedGlyph& glyph : out.glyphs) {
        const std::uint16_t face = read<std::uint16_t>(at);
        if (face >= face_count) return false;
        glyph.face = faces[face];
        glyph.cluster_start = at[2] != 0;
        glyph.glyph_id = read<std::uint32_t>(at + 4);
        glyph.cluster = read<std::uint32_t>(at + 8);
        glyph.cluster_end = read<std::uint32_t>(at + 12);
        glyph.x_offset = read<double>(at + 16);
        glyph.y_offset = read<double>(at + 24);
        glyph.advance = read<double>(at + 32);
        glyph.pen = read<double>(at + 40);
        at += glyph_bytes;
    }
    return true;
}

bool ShapeStore::find(const FontKey& key, std::string_view text, ShapedText& out) {
    if (data_ == nullptr) return false;
    encode_key(key, text, key_);
    const std::uint64_t hash = hash_bytes(key_);
    for (std::uint32_t probe = 0; probe < max_probes; ++probe) {
        const std::uint32_t slot = std::uint32_t(hash + probe) & (slot_total - 1);
        const std::uint32_t reference = read<std::uint32_t>(slots_ + 4 * std::size_t(slot));
        if (reference == 0) break;
        const std::size_t total = entry_size(entries_, entries_size_, reference - 1);
        const unsigned char* entry = entries_ + (reference - 1);
        if (total == 0) {  // damaged: shape afresh, and let the next save write anew
            damaged_ = true;
            return false;
        }
        if (key_of_entry(entry) != key_) continue;
        if (!entry_intact(entry, total, seed_) || !decode(entry, total, out)) {
            damaged_ = true;
            return false;
        }
        used_[slot] = true;
        ++found_;
        return true;
    }
    if (log_index_.empty()) return false;
    const auto found = log_index_.find(std::string_view(key_));
    if (found == log_index_.end()) return false;
    const unsigned char* entry = log_ + found->second;
    const std::size_t total = entry_size(log_, log_size_, found->second);
    if (!entry_intact(entry, total, seed_) || !decode(entry, total, out)) {
        damaged_ = true;
        return false;
    }
    log_used_.push_back(found->second);
    ++found_;
    return true;
}

void ShapeStore::add(const FontKey& key, std::string_view text, const ShapedText& shaped,
                     const std::function<FaceRef(int)>& face_of) {
    if (directory_.empty() || added_.size() >= max_entries) return;
    std::vector<int> faces;  // the shaping's face ids, in order of appearance
    for (const ShapedGlyph& glyph : shaped.glyphs)
        if (std::find(faces.begin(), faces.end(), glyph.face) == faces.end()) faces.push_back(glyph.face);
    if (faces.size() > 16) return;
    std::string entry(8, '\0');  // the hash, below
    std::string encoded_key;
    encode_key(key, text, encoded_key);
    write(entry, std::uint32_t(encoded_key.size()));
    write(entry, std::uint32_t(shaped.glyphs.size()));
    write(entry, std::uint16_t(faces.size()));
    entry += encoded_key;
    for (const int face : faces) {
        const FaceRef ref = face_of(face);
        if (ref.path.size() > 0xFFFF) return;
        write(entry, std::uint32_t(ref.face_index));
        write(entry, std::uint16_t(ref.path.size()));
        entry += ref.path;
    }
    entry += char(shaped.right_to_left ? 1 : 0);
    write(entry, shaped.width);
    for (const ShapedGlyph& glyph : shaped.glyphs) {
        write(entry, std::uint16_t(std::find(faces.begin(), faces.end(), glyph.face) - faces.begin()));
        entry += char(glyph.cluster_start ? 1 : 0);
        entry += '\0';
        write(entry, std::uint32_t(glyph.glyph_id));
        write(entry, glyph.cluster);
        write(entry, glyph.cluster_end);
        write(entry, glyph.x_offset);
        write(entry, glyph.y_offset);
        write(entry, glyph.advance);
        write(entry, glyph.pen);
    }
    const std::uint64_t hash =
        hash_bytes(reinterpret_cast<const unsigned char*>(entry.data()) + 8, entry.size() - 8, seed_);
    std::memcpy(entry.data(), &hash, sizeof hash);
    added_.push_back(Added{hash_bytes(encoded_key), std::uint32_t(entry.size())});
    added_bytes_ += entry.size();
    pending_ += entry;
    if (pending_.size() >= spill_at && !spill()) {  // no room for them: keep none
        added_.clear();
        added_bytes_ = 0;
        std::string().swap(pending_);
    }
}

bool ShapeStore::spill() {
    if (spill_file_ < 0) {
        std::error_code error;
        std::filesystem::create_directories(directory_, error);
        // A file with no name in the cache directory (gone with the process), else a named one
        // unlinked at once.
        spill_file_ = ::open(directory_.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
        if (spill_file_ < 0) {
            std::string path = directory_ + "/.shapes-XXXXXX";
            spill_file_ = ::mkstemp(path.data());
            if (spill_file_ >= 0) ::unlink(path.c_str());
        }
        if (spill_file_ < 0) return false;
    }
    const char* bytes = pending_.data();
    std::size_t left = pending_.size();
    while (left > 0) {
        const ssize_t written = ::pwrite(spill_file_, bytes, left, off_t(spilled_));
        if (written <= 0) return false;
        bytes += written;
        left -= std::size_t(written);
        spilled_ += std::size_t(written);
    }
    pending_.clear();
    return true;
}

std::string ShapeStore::added_bytes() const {
    std::string bytes(spilled_, '\0');
    std::size_t got = 0;
    while (got < spilled_) {
        const ssize_t part = ::pread(spill_file_, bytes.data() + got, spilled_ - got, off_t(got));
        if (part <= 0) return {};
        got += std::size_t(part);
    }
    return bytes + pending_;
}

bool ShapeStore::needs_rewrite() const {
    return data_ == nullptr || damaged_ || log_entries_end_ + added_bytes_ > log_limit;
}

bool ShapeStore::save() {
    if (directory_.empty() || added_.empty()) return true;
    return needs_rewrite() ? rewrite() : append_to_log();
}

bool ShapeStore::append_to_log() {
    const std::string path = log_in(directory_, language_);
    const std::string bytes = added_bytes();  // at most log_limit (else the main file is written anew)
    if (bytes.size() != added_bytes_) return false;
    if (log_ != nullptr) {
        // Onto the log this run read (gone if a rewrite took it in meanwhile: then these
        // entries start a new one). One write: appends of runs at once do not interleave.
        const int log = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
        if (log >= 0) {
            const bool written = ::write(log, bytes.data(), bytes.size()) == ssize_t(bytes.size());
            return ::close(log) == 0 && written;
        }
    }
    // No log of this main file: a new one, under a temporary name then renamed, never cut
    // short in place (other runs may be reading it).
    const std::string text = header(nonce_);
    std::string head(log_magic, sizeof log_magic);
    write(head, std::uint32_t(text.size()));
    head += text;
    std::error_code error;
    std::filesystem::create_directories(directory_, error);
    AtomicFile out(path);
    out.write(head.data(), head.size());
    out.write(bytes.data(), bytes.size());
    return !out.commit(/*durable=*/false);
}

bool ShapeStore::rewrite() {
    std::vector<std::uint32_t> slots(slot_total, 0);
    // The old main file's entries are copied as they are, with their slots, while they are
    // sound and there is room; otherwise only those this run used, checked, are kept.
    std::size_t log_entries = log_index_.size();
    const bool copy_old = data_ != nullptr && !damaged_ && entry_count_ + log_entries + added_.size() <= max_entries;
    std::vector<std::string_view> written;  // the entries after the copied ones, in order
    std::size_t offset = 0, count = 0;
    const auto keep = [&](std::string_view entry) {
        if (count >= max_entries ||
            !place(slots, hash_bytes(key_of_entry(reinterpret_cast<const unsigned char*>(entry.data()))), offset))
            return;
        written.push_back(entry);
        offset += entry.size();
        ++count;
    };
    if (copy_old) {
        std::memcpy(slots.data(), slots_, std::size_t(slot_total) * 4);
        offset = entries_size_;
        count = entry_count_;
    }
    // This run's entries next, as they were spilled (one that finds no slot stays unreferenced).
    for (const Added& entry : added_) {
        if (count < max_entries && place(slots, entry.key_hash, offset)) ++count;
        offset += entry.size;
    }
    if (!copy_old && data_ != nullptr) {
        for (std::uint32_t slot = 0; slot < slot_total; ++slot) {
            if (!used_[slot]) continue;
            const std::uint32_t reference = read<std::uint32_t>(slots_ + 4 * std::size_t(slot));
            const std::size_t total = entry_size(entries_, entries_size_, reference - 1);
            if (!entry_intact(entries_ + (reference - 1), total, seed_)) continue;
            keep(std::string_view(reinterpret_cast<const char*>(entries_ + (reference - 1)), total));
        }
    }
    // The log's entries (those used first when not all may stay), then this run's.
    std::vector<std::uint32_t> log_order = log_used_;
    if (copy_old || log_entries + added_.size() <= max_entries) {
        std::vector<std::uint32_t> all;
        for (const auto& [key, at] : log_index_) all.push_back(at);
        std::sort(all.begin(), all.end());
        log_order = std::move(all);
    }
    for (const std::uint32_t at : log_order) {
        const std::size_t total = entry_size(log_, log_size_, at);
        if (entry_intact(log_ + at, total, seed_)) keep(std::string_view(reinterpret_cast<const char*>(log_ + at), total));
    }
    if (offset > 0xFFFFFFF0u) return false;

    std::uint64_t nonce = 0;
    while (nonce == 0 || nonce == nonce_) nonce = std::random_device{}() * 0x100000001ull ^ std::random_device{}();
    const std::string text = header(nonce);
    std::string head(main_magic, sizeof main_magic);
    write(head, std::uint32_t(text.size()));
    head += text;
    write(head, slot_total);
    write(head, std::uint32_t(count));
    write(head, std::uint64_t(offset));
    // Temporary files of runs that were killed while writing, an hour old or more, go first.
    std::error_code error;
    const auto now = std::filesystem::file_time_type::clock::now();
    for (const auto& item : std::filesystem::directory_iterator(directory_, error)) {
        const std::string name = item.path().filename().string();
        std::error_code item_error;
        if (name.rfind(".shapes-", 0) != 0) continue;
        const auto written = item.last_write_time(item_error);
        if (!item_error && written < now && now - written > std::chrono::hours(1))
            std::filesystem::remove(item.path(), item_error);
    }
    std::filesystem::create_directories(directory_, error);
    AtomicFile out(file_in(directory_, language_));
    out.write(head.data(), head.size());
    out.write(slots.data(), slots.size() * 4);
    if (copy_old) out.copy_from(file_, std::size_t(entries_ - data_), entries_size_);
    if (spilled_ > 0) out.copy_from(spill_file_, 0, spilled_);
    out.write(pending_.data(), pending_.size());
    for (const std::string_view entry : written) out.write(entry.data(), entry.size());
    if (out.commit(/*durable=*/false)) return false;
    // Its entries are in the main file now (a run appending meanwhile loses only time).
    ::unlink(log_in(directory_, language_).c_str());
    return true;
}

namespace {

// The record of fontconfig's answers a store may be tied to (FontMatchCache::stable_digest).
std::uint64_t record_digest() {
    const std::lock_guard<std::mutex> lock(font_match_cache_mutex());
    return font_match_cache().stable_digest();
}

}  // namespace

void save_shape_store(const std::shared_ptr<ShapeStore>& store) {
    if (!store || store->added() == 0) return;
    if (record_digest() != store->record_digest()) return;
    if (store->needs_rewrite())
        write_cache_later([store] { store->save(); });
    else
        store->save();
}

std::shared_ptr<ShapeStore> open_shape_store(const std::string& language) {
    const std::string directory = cache_directory();
    if (directory.empty()) return nullptr;
    // Not in a run that made the record (fontconfig started, and its memory held).
    const std::uint64_t digest = record_digest();
    if (digest == 0) return nullptr;
    return std::make_shared<ShapeStore>(directory, language, digest);
}

}  // namespace galley::layout
