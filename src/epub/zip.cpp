// The OCF zip container, built in memory with libzip: `mimetype` first and stored, the rest
// deflated, every entry dated from the book's timestamp so that output is reproducible.
#include <ctime>
#include <memory>

#include <zip.h>

#include "epub/book.hpp"
#include "model/error.hpp"

namespace galley::epub {

namespace {

[[noreturn]] void fail(const std::string& what) {
    throw Error(ExitCode::Software, "", "cannot build the EPUB container: " + what);
}

// MS-DOS date and time fields in UTC. zip_file_set_mtime() would go through localtime(),
// which makes the bytes depend on the machine's time zone. DOS dates run 1980-2107.
std::pair<zip_uint16_t, zip_uint16_t> dos_time_and_date(std::int64_t seconds) {
    constexpr std::int64_t first = 315532800;   // 1980-01-01T00:00:00Z
    constexpr std::int64_t last = 4354819198;   // 2107-12-31T23:59:58Z
    const std::time_t when = static_cast<std::time_t>(seconds < first ? first : seconds > last ? last : seconds);
    std::tm utc{};
    gmtime_r(&when, &utc);
    const auto time = static_cast<zip_uint16_t>((utc.tm_hour << 11) | (utc.tm_min << 5) | (utc.tm_sec / 2));
    const auto date = static_cast<zip_uint16_t>(((utc.tm_year + 1900 - 1980) << 9) | ((utc.tm_mon + 1) << 5) | utc.tm_mday);
    return {time, date};
}

struct SourceFree {
    void operator()(zip_source_t* source) const { zip_source_free(source); }
};

}  // namespace

std::string zip_container(const std::vector<std::pair<std::string, std::string>>& files, std::int64_t timestamp) {
    zip_error_t error;
    zip_error_init(&error);
    std::unique_ptr<zip_source_t, SourceFree> archive_source(zip_source_buffer_create(nullptr, 0, 0, &error));
    if (!archive_source) fail(zip_error_strerror(&error));
    zip_t* archive = zip_open_from_source(archive_source.get(), ZIP_TRUNCATE, &error);
    if (!archive) fail(zip_error_strerror(&error));
    // The archive would free its source on close; we still need it to read the bytes back.
    zip_source_keep(archive_source.get());

    const auto [dos_time, dos_date] = dos_time_and_date(timestamp);
    for (const auto& [name, content] : files) {
        // The buffers are not copied: `files` outlives zip_close below.
        zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
        if (!source) fail(zip_strerror(archive));
        const zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
        if (index < 0) {
            zip_source_free(source);
            const std::string message = zip_strerror(archive);
            zip_discard(archive);
            fail(message);
        }
        const auto entry = static_cast<zip_uint64_t>(index);
        // OCF: the mimetype entry is stored, so its bytes sit at a fixed offset for sniffers.
        const bool stored = name == "mimetype";
        if (zip_set_file_compression(archive, entry, stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE, stored ? 0 : 9) != 0 ||
            zip_file_set_dostime(archive, entry, dos_time, dos_date, 0) != 0) {
            const std::string message = zip_strerror(archive);
            zip_discard(archive);
            fail(message);
        }
    }
    if (zip_close(archive) != 0) {
        const std::string message = zip_strerror(archive);
        zip_discard(archive);
        fail(message);
    }

    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_source_stat(archive_source.get(), &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE))
        fail("cannot measure the archive");
    std::string bytes(static_cast<std::size_t>(stat.size), '\0');
    if (zip_source_open(archive_source.get()) != 0) fail("cannot reopen the archive");
    const zip_int64_t read = zip_source_read(archive_source.get(), bytes.data(), stat.size);
    zip_source_close(archive_source.get());
    if (read < 0 || static_cast<zip_uint64_t>(read) != stat.size) fail("cannot read the archive back");
    return bytes;
}

}  // namespace galley::epub
