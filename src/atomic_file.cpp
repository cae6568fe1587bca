#include "atomic_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <sys/stat.h>
#include <unistd.h>

namespace galley {

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
    const std::filesystem::path target(path_);
    const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    temporary_ = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
    fd_ = ::mkstemp(temporary_.data());
    if (fd_ < 0) failure_ = AtomicWriteFailure{AtomicWriteFailure::Step::Create, errno};
}

AtomicFile::~AtomicFile() {
    if (fd_ < 0) return;
    ::close(fd_);
    ::unlink(temporary_.c_str());
}

void AtomicFile::fail(AtomicWriteFailure::Step step, int error) {
    if (!failure_) failure_ = AtomicWriteFailure{step, error};
}

void AtomicFile::write(const void* data, std::size_t size) {
    const auto* bytes = static_cast<const char*>(data);
    while (!failure_ && size > 0) {
        const ssize_t n = ::write(fd_, bytes, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            fail(AtomicWriteFailure::Step::Write, n < 0 ? errno : EIO);
            return;
        }
        bytes += n;
        size -= static_cast<std::size_t>(n);
    }
}

void AtomicFile::copy_from(int from, std::size_t offset, std::size_t size) {
    auto in = static_cast<off_t>(offset);
    while (!failure_ && size > 0) {
        const ssize_t copied = ::copy_file_range(from, &in, fd_, nullptr, size, 0);
        if (copied <= 0) break;
        size -= static_cast<std::size_t>(copied);
    }
    char buffer[65536];
    while (!failure_ && size > 0) {  // where copy_file_range cannot
        const ssize_t got = ::pread(from, buffer, std::min(size, sizeof buffer), in);
        if (got <= 0) {
            fail(AtomicWriteFailure::Step::Write, got < 0 ? errno : EIO);
            return;
        }
        write(buffer, static_cast<std::size_t>(got));
        in += got;
        size -= static_cast<std::size_t>(got);
    }
}

std::optional<AtomicWriteFailure> AtomicFile::commit(bool durable) {
    if (failure_) return failure_;
    // Files we make are ordinary documents: readable by all, like any file `cp` would make.
    ::fchmod(fd_, 0644);
    const bool synced = !durable || ::fsync(fd_) == 0;
    const int sync_error = errno;
    const bool closed = ::close(fd_) == 0;
    const int close_error = errno;
    fd_ = -1;
    const auto give_up = [&](AtomicWriteFailure::Step step, int error) {
        ::unlink(temporary_.c_str());
        return AtomicWriteFailure{step, error};
    };
    if (!synced) return give_up(AtomicWriteFailure::Step::Write, sync_error);
    if (!closed) return give_up(AtomicWriteFailure::Step::Write, close_error);
    if (std::rename(temporary_.c_str(), path_.c_str()) != 0) return give_up(AtomicWriteFailure::Step::Rename, errno);
    return std::nullopt;
}

std::optional<AtomicWriteFailure> write_atomically(const std::string& path, const std::string& bytes, bool durable) {
    AtomicFile file(path);
    file.write(bytes.data(), bytes.size());
    return file.commit(durable);
}

}  // namespace galley
