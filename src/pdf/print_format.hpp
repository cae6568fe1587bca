// printf for what PoDoFo's writer prints, without vsnprintf.
//
// PoDoFo 0.9.8 serialises a document through PdfOutputDevice::Print(format, ...): about
// 75,000 calls for a 270-page book, nearly all of them literal tokens ("/", "<<", "endobj")
// or a few integers (" %i %hi R", "%i %i obj", the cross-reference table's
// "%0.10lu %0.5hu %c "). Through vsnprintf they cost 48 M of the writer's 69 M
// instructions. This formats those conversions directly; any other is left to vsnprintf.
#pragma once

#include <cstdarg>
#include <string>

namespace galley::pdf {

// Appends `format` with `arguments` to `out` as vsnprintf would, if every conversion in it is
// one of %%, %c, %s, or %d / %i / %u with an optional 0 flag, precision, and h, hh, l or ll
// (no field width); returns true then. Otherwise returns false having appended nothing and
// read nothing from `arguments`.
bool append_printf(std::string& out, const char* format, va_list arguments);

}  // namespace galley::pdf
