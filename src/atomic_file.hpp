// Writing a file so that no reader ever sees half of it, and a failure never clobbers the
// file that was there: the bytes go to a temporary name in the same directory, which is then
// renamed over the target. Used for the outputs (galley.hpp's write_file_atomically) and for
// the per-user cache files (layout/cache_files.hpp, layout/shape_store.cpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace galley {

struct AtomicWriteFailure {
    enum class Step { Create, Write, Rename } step;
    int error;  // errno of the failing call
};

// A file being written under a temporary name beside `path` (its directory must exist),
// piece by piece; commit() renames it over `path`. Dropped without a commit, or after a
// failure, the temporary file is removed and `path` is untouched.
class AtomicFile {
public:
    explicit AtomicFile(std::string path);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(const void* data, std::size_t size);
    // Appends `size` bytes of the open file `from` at `offset`, inside the kernel where it can
    // (copy_file_range), so they never pass through this process's memory.
    void copy_from(int from, std::size_t offset, std::size_t size);
    // `durable`: the data reaches the disk before the rename (fsync), so a power cut leaves the
    // old file or the new one, never an empty one. Returns what failed, if anything.
    std::optional<AtomicWriteFailure> commit(bool durable);

private:
    void fail(AtomicWriteFailure::Step step, int error);
    std::string path_, temporary_;
    int fd_ = -1;
    std::optional<AtomicWriteFailure> failure_;
};

// Writes `bytes` to `path` in one AtomicFile.
std::optional<AtomicWriteFailure> write_atomically(const std::string& path, const std::string& bytes, bool durable);

}  // namespace galley
