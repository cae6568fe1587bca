#include "layout/font_files.hpp"

#include <map>
#include <mutex>
#include <utility>

namespace galley::layout {

namespace {

struct Store {
    std::mutex mutex;
    std::map<std::string, hb_blob_t*> files;
    std::map<std::pair<std::string, int>, hb_face_t*> faces;
};

// Never destroyed: the references handed out may outlive static destruction (FreeType faces
// of a FontSet read the bytes directly).
Store& store() {
    static auto* instance = new Store;
    return *instance;
}

hb_blob_t* file_locked(Store& s, const std::string& path) {
    if (const auto found = s.files.find(path); found != s.files.end()) return found->second;
    hb_blob_t* blob = hb_blob_create_from_file_or_fail(path.c_str());
    if (blob == nullptr) return nullptr;  // not remembered: the file may appear later
    hb_blob_make_immutable(blob);
    s.files.emplace(path, blob);
    return blob;
}

}  // namespace

hb_blob_t* shared_font_file(const std::string& path) {
    Store& s = store();
    const std::lock_guard<std::mutex> lock(s.mutex);
    hb_blob_t* blob = file_locked(s, path);
    return blob == nullptr ? nullptr : hb_blob_reference(blob);
}

hb_face_t* shared_font_face(const std::string& path, int index) {
    Store& s = store();
    const std::lock_guard<std::mutex> lock(s.mutex);
    const auto key = std::make_pair(path, index);
    if (const auto found = s.faces.find(key); found != s.faces.end()) return hb_face_reference(found->second);
    hb_blob_t* blob = file_locked(s, path);
    if (blob == nullptr) return nullptr;
    hb_face_t* face = hb_face_create(blob, static_cast<unsigned>(index));
    hb_face_make_immutable(face);
    s.faces.emplace(key, face);
    return hb_face_reference(face);
}

}  // namespace galley::layout
