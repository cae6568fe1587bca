#include "atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <sys/stat.h>
#include <unistd.h>

namespace galley {

std::optional<AtomicWriteFailure> write_atomically(const std::string& path, const std::string& bytes, bool durable) {
    using Step = AtomicWriteFailure::Step;
    const std::filesystem::path target(path);
    const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    std::string temporary = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0) return AtomicWriteFailure{Step::Create, errno};
    const auto fail = [&](Step step, int error) {
        ::unlink(temporary.c_str());
        return AtomicWriteFailure{step, error};
    };
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int error = n < 0 ? errno : EIO;
            ::close(fd);
            return fail(Step::Write, error);
        }
        written += static_cast<std::size_t>(n);
    }
    // Files we make are ordinary documents: readable by all, like any file `cp` would make.
    ::fchmod(fd, 0644);
    const bool synced = !durable || ::fsync(fd) == 0;
    const int sync_error = errno;
    if (::close(fd) != 0 || !synced) return fail(Step::Write, synced ? errno : sync_error);
    if (std::rename(temporary.c_str(), path.c_str()) != 0) return fail(Step::Rename, errno);
    return std::nullopt;
}

}  // namespace galley
