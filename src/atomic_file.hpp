// Writing a file so that no reader ever sees half of it, and a failure never clobbers the
// file that was there: the bytes go to a temporary name in the same directory, which is then
// renamed over the target. Used for the outputs (galley.hpp's write_file_atomically) and for
// the per-user cache files (layout/cache_files.hpp).
#pragma once

#include <optional>
#include <string>

namespace galley {

struct AtomicWriteFailure {
    enum class Step { Create, Write, Rename } step;
    int error;  // errno of the failing call
};

// Writes `bytes` to `path` (its directory must exist). `durable`: the data reaches the disk
// before the rename (fsync), so a power cut leaves the old file or the new one, never an empty
// one. Returns what failed, if anything; the temporary file is then removed.
std::optional<AtomicWriteFailure> write_atomically(const std::string& path, const std::string& bytes, bool durable);

}  // namespace galley
