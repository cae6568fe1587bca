// BagIt writer and verifier. File I/O is plain POSIX/std::filesystem; digests are OpenSSL EVP.
#include "archive/bag.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include <openssl/evp.h>
#include <unistd.h>

#include "model/error.hpp"

namespace galley::archive {

namespace fs = std::filesystem;

std::string hex_digest(const std::string& algorithm, const std::string& bytes) {
    const EVP_MD* md = EVP_get_digestbyname(algorithm.c_str());
    if (!md) throw Error(ExitCode::Software, "", "unknown digest algorithm " + algorithm);
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!context || EVP_DigestInit_ex(context.get(), md, nullptr) != 1 ||
        EVP_DigestUpdate(context.get(), bytes.data(), bytes.size()) != 1 ||
        EVP_DigestFinal_ex(context.get(), digest, &length) != 1)
        throw Error(ExitCode::Software, "", "computing a " + algorithm + " digest failed");
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

std::string encode_manifest_path(const std::string& path) {
    std::string out;
    for (char c : path) {
        if (c == '%') out += "%25";
        else if (c == '\r') out += "%0D";
        else if (c == '\n') out += "%0A";
        else out += c;
    }
    return out;
}

std::string decode_manifest_path(const std::string& path) {
    std::string out;
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '%' && i + 2 < path.size()) {
            const std::string code = path.substr(i + 1, 2);
            if (code == "25" || code == "0D" || code == "0d" || code == "0A" || code == "0a") {
                out += code == "25" ? '%' : (code == "0D" || code == "0d") ? '\r' : '\n';
                i += 2;
                continue;
            }
        }
        out += path[i];
    }
    return out;
}

namespace {

std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ExitCode::NoInput, path.string(), std::string("cannot open: ") + std::strerror(errno));
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_bytes(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) throw Error(ExitCode::IoError, path.string(), "cannot write the bag file");
}

// A payload path must stay inside data/: no absolute paths, no "..", no empty parts.
void check_payload_path(const std::string& path) {
    if (path.empty() || path.front() == '/' || path.find('\\') != std::string::npos)
        throw Error(ExitCode::Software, path, "not a relative payload path");
    std::stringstream parts(path);
    for (std::string part; std::getline(parts, part, '/');)
        if (part.empty() || part == "." || part == "..")
            throw Error(ExitCode::Software, path, "not a relative payload path");
}

std::string manifest_text(const std::vector<std::pair<std::string, std::string>>& files) {
    // Sorted by path so the same payload always gives the same manifest.
    std::vector<std::pair<std::string, std::string>> sorted = files;
    std::sort(sorted.begin(), sorted.end());
    std::string text;
    for (const auto& [path, bytes] : sorted) text += hex_digest("sha256", bytes) + "  " + encode_manifest_path(path) + "\n";
    return text;
}

}  // namespace

void write_bag(const std::string& bag_directory, const std::vector<PayloadFile>& payload, const BagInfo& info) {
    const fs::path target = fs::path(bag_directory).lexically_normal();
    const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::error_code error;
    fs::create_directories(parent, error);
    std::string pattern = (parent / ("." + target.filename().string() + ".bag-XXXXXX")).string();
    if (!::mkdtemp(pattern.data()))
        throw Error(ExitCode::CannotCreate, bag_directory, std::string("cannot create the bag: ") + std::strerror(errno));
    const fs::path temporary(pattern);
    try {
        std::vector<std::pair<std::string, std::string>> payload_files;
        std::uintmax_t octets = 0;
        std::set<std::string> paths;
        for (const PayloadFile& file : payload) {
            check_payload_path(file.path);
            if (!paths.insert(file.path).second) throw Error(ExitCode::Software, file.path, "two payload files have this path");
            write_bytes(temporary / "data" / file.path, file.bytes);
            payload_files.emplace_back("data/" + file.path, file.bytes);
            octets += file.bytes.size();
        }
        const std::string bagit = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
        std::string bag_info;
        for (const auto& [label, value] : info) {
            // A value may not contain a line break unless continued with whitespace (RFC 8493 2.2.2).
            std::string folded;
            for (char c : value) folded += (c == '\n' || c == '\r') ? ' ' : c;
            bag_info += label + ": " + folded + "\n";
        }
        bag_info += "Payload-Oxum: " + std::to_string(octets) + "." + std::to_string(payload.size()) + "\n";
        const std::string manifest = manifest_text(payload_files);
        write_bytes(temporary / "bagit.txt", bagit);
        write_bytes(temporary / "bag-info.txt", bag_info);
        write_bytes(temporary / "manifest-sha256.txt", manifest);
        write_bytes(temporary / "tagmanifest-sha256.txt",
                    manifest_text({{"bagit.txt", bagit}, {"bag-info.txt", bag_info}, {"manifest-sha256.txt", manifest}}));
        fs::permissions(temporary, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                       fs::perms::others_read | fs::perms::others_exec);
        // rename(2) cannot replace a non-empty directory: move the old bag aside first and
        // remove it only once the new one is in place.
        fs::path old_bag;
        if (fs::exists(target)) {
            std::string aside = (parent / ("." + target.filename().string() + ".old-XXXXXX")).string();
            if (!::mkdtemp(aside.data()))
                throw Error(ExitCode::CannotCreate, bag_directory, std::string("cannot replace the bag: ") + std::strerror(errno));
            old_bag = fs::path(aside) / "bag";
            fs::rename(target, old_bag);
        }
        fs::rename(temporary, target);
        if (!old_bag.empty()) fs::remove_all(old_bag.parent_path(), error);
    } catch (const fs::filesystem_error& problem) {
        fs::remove_all(temporary, error);
        throw Error(ExitCode::CannotCreate, bag_directory, std::string("cannot write the bag: ") + problem.what());
    } catch (...) {
        fs::remove_all(temporary, error);
        throw;
    }
}

namespace {

// "Label: value" lines; continuation lines (starting with whitespace) join the previous value.
std::vector<std::pair<std::string, std::string>> parse_tag_file(const std::string& text) {
    std::vector<std::pair<std::string, std::string>> fields;
    std::stringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        if ((line.front() == ' ' || line.front() == '\t') && !fields.empty()) {
            fields.back().second += " " + line.substr(line.find_first_not_of(" \t"));
            continue;
        }
        const std::size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.erase(0, 1);
        fields.emplace_back(line.substr(0, colon), value);
    }
    return fields;
}

// Checks one manifest: every listed file exists and has the listed digest.
void check_manifest(const fs::path& bag, const fs::path& manifest, const std::string& algorithm, VerifyReport& report,
                    std::set<std::string>& listed) {
    std::stringstream in(read_bytes(manifest));
    int line_number = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const std::size_t space = line.find_first_of(" \t");
        const std::size_t path_start = space == std::string::npos ? space : line.find_first_not_of(" \t", space);
        if (path_start == std::string::npos) {
            report.problems.push_back(manifest.filename().string() + ":" + std::to_string(line_number) +
                                      ": not \"CHECKSUM PATH\"");
            continue;
        }
        std::string expected = line.substr(0, space);
        std::transform(expected.begin(), expected.end(), expected.begin(), [](unsigned char c) { return std::tolower(c); });
        const std::string path = decode_manifest_path(line.substr(path_start));
        listed.insert(path);
        const fs::path file = bag / path;
        if (!fs::is_regular_file(file)) {
            report.missing.push_back(path);
            continue;
        }
        if (hex_digest(algorithm, read_bytes(file)) != expected) report.changed.push_back(path);
    }
}

void add_unique(std::vector<std::string>& list, const std::string& item) {
    if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

}  // namespace

VerifyReport verify_bag(const std::string& bag_directory) {
    const fs::path bag(bag_directory);
    if (!fs::is_regular_file(bag / "bagit.txt"))
        throw Error(ExitCode::NoInput, bag_directory, "not a BagIt bag (no bagit.txt)");
    VerifyReport report;
    const auto declaration = parse_tag_file(read_bytes(bag / "bagit.txt"));
    if (declaration.size() != 2 || declaration[0].first != "BagIt-Version" ||
        declaration[1].first != "Tag-File-Character-Encoding")
        report.problems.push_back("bagit.txt: not the two lines BagIt-Version and Tag-File-Character-Encoding");

    std::vector<std::pair<fs::path, std::string>> manifests, tag_manifests;
    for (const fs::directory_entry& entry : fs::directory_iterator(bag)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with("manifest-") && name.ends_with(".txt"))
            manifests.emplace_back(entry.path(), name.substr(9, name.size() - 13));
        else if (name.starts_with("tagmanifest-") && name.ends_with(".txt"))
            tag_manifests.emplace_back(entry.path(), name.substr(12, name.size() - 16));
    }
    if (manifests.empty()) report.problems.push_back("no payload manifest (manifest-ALGORITHM.txt)");

    std::set<std::string> listed_payload;
    for (const auto& [manifest, algorithm] : manifests) {
        if (!EVP_get_digestbyname(algorithm.c_str())) {
            report.problems.push_back(manifest.filename().string() + ": unknown algorithm " + algorithm);
            continue;
        }
        VerifyReport one;
        check_manifest(bag, manifest, algorithm, one, listed_payload);
        for (const std::string& path : one.changed) add_unique(report.changed, path);
        for (const std::string& path : one.missing) add_unique(report.missing, path);
        for (const std::string& problem : one.problems) report.problems.push_back(problem);
    }
    for (const std::string& path : listed_payload)
        if (!path.starts_with("data/")) report.problems.push_back("manifest lists " + path + ", which is outside data/");

    // Every payload file must be in every manifest (RFC 8493 3: complete bag).
    std::uintmax_t octets = 0, count = 0;
    if (fs::is_directory(bag / "data")) {
        std::vector<std::string> found;
        for (const fs::directory_entry& entry : fs::recursive_directory_iterator(bag / "data")) {
            if (!entry.is_regular_file()) continue;
            found.push_back(entry.path().lexically_relative(bag).generic_string());
            octets += entry.file_size();
            ++count;
        }
        std::sort(found.begin(), found.end());
        for (const std::string& path : found)
            if (!listed_payload.contains(path)) report.extra.push_back(path);
    } else {
        report.problems.push_back("no data/ directory");
    }

    std::set<std::string> listed_tags;
    for (const auto& [manifest, algorithm] : tag_manifests) {
        if (!EVP_get_digestbyname(algorithm.c_str())) {
            report.problems.push_back(manifest.filename().string() + ": unknown algorithm " + algorithm);
            continue;
        }
        VerifyReport one;
        check_manifest(bag, manifest, algorithm, one, listed_tags);
        for (const std::string& path : one.changed) add_unique(report.changed, path);
        for (const std::string& path : one.missing) add_unique(report.missing, path);
        for (const std::string& problem : one.problems) report.problems.push_back(problem);
    }

    if (fs::is_regular_file(bag / "bag-info.txt")) {
        for (const auto& [label, value] : parse_tag_file(read_bytes(bag / "bag-info.txt"))) {
            if (label != "Payload-Oxum") continue;
            const std::string actual = std::to_string(octets) + "." + std::to_string(count);
            if (value != actual)
                report.problems.push_back("Payload-Oxum is " + value + " in bag-info.txt but the payload is " + actual +
                                          " (octets.files)");
        }
    }
    std::sort(report.changed.begin(), report.changed.end());
    std::sort(report.missing.begin(), report.missing.end());
    return report;
}

}  // namespace galley::archive
