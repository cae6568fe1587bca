// Font files mapped once per process, with one HarfBuzz face per face index, shared by every
// FontSet and by the PDF writer's subsetting.
//
// Why: each mapping of a file is paged in afresh (a fault per 64 KiB touched, 10–14 µs each on
// a virtual machine), and a HarfBuzz face builds its layout tables' accelerators on first use
// (~0.5 ms for Charis SIL). Shared, the pages the layout touched are already mapped when the
// PDF writer subsets the face, and a face warmed on another thread (prefetch_typefaces) is
// warm for the engine too. HarfBuzz faces may be used from several threads at once.
// Entries are kept to the end of the process.
#pragma once

#include <string>

#include <hb.h>

namespace galley::layout {

// The file's bytes (a new reference: hb_blob_destroy it), or null if it cannot be read.
hb_blob_t* shared_font_file(const std::string& path);

// Face `index` of the file (a new reference: hb_face_destroy it), or null if the file cannot be
// read. HarfBuzz gives an empty face for an index the file does not have.
hb_face_t* shared_font_face(const std::string& path, int index);

}  // namespace galley::layout
