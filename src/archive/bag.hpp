// BagIt (RFC 8493) bags: a directory with the payload under data/, checksums of every payload
// file (manifest-sha256.txt) and of the tag files (tagmanifest-sha256.txt), and bag-info.txt.
// Archives keep a bag for decades; `verify_bag` proves nothing in it changed since.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace galley::archive {

struct PayloadFile {
    std::string path;   // relative to data/, '/'-separated, e.g. "article.txt"
    std::string bytes;
};

// bag-info.txt fields in the order written ("Bagging-Date", "2015-07-24"). Payload-Oxum is
// computed by write_bag and must not be given.
using BagInfo = std::vector<std::pair<std::string, std::string>>;

// Build the bag in a temporary directory beside `bag_directory` and rename it into place, so
// a failure never leaves a half-written bag; an existing bag there is replaced only after the
// new one is complete. Throws galley::Error (CannotCreate, IoError).
void write_bag(const std::string& bag_directory, const std::vector<PayloadFile>& payload, const BagInfo& info);

struct VerifyReport {
    std::vector<std::string> changed;  // "data/x.pdf" (checksum differs)
    std::vector<std::string> missing;  // listed in a manifest, not on disk
    std::vector<std::string> extra;    // in data/ but in no manifest
    std::vector<std::string> problems; // anything else: bad bagit.txt, Payload-Oxum mismatch...
    bool ok() const { return changed.empty() && missing.empty() && extra.empty() && problems.empty(); }
};

// Re-check every manifest and tag manifest (any algorithm OpenSSL knows by its BagIt name:
// md5, sha1, sha256, sha512), Payload-Oxum and bagit.txt. Throws galley::Error(NoInput) when
// `bag_directory` is not a bag at all.
VerifyReport verify_bag(const std::string& bag_directory);

// Lower-case hex digest of `bytes` with the named algorithm ("sha256").
std::string hex_digest(const std::string& algorithm, const std::string& bytes);

// RFC 8493 2.1.3: a path in a manifest has CR, LF and % percent-encoded.
std::string encode_manifest_path(const std::string& path);
std::string decode_manifest_path(const std::string& path);

}  // namespace galley::archive
