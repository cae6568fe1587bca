// The one error type of galley: where the problem is (file, line, column), what it is, in
// words a person can act on, and which exit code the command line should give for it.
#pragma once

#include <stdexcept>
#include <string>

namespace galley {

// Exit codes follow BSD sysexits.h, so scripts can tell bad input from a full disk.
enum class ExitCode : int {
    Ok = 0,
    Usage = 64,        // EX_USAGE: bad command line, unknown style, bad option value
    DataError = 65,    // EX_DATAERR: the input is not a valid article (bad UTF-8, empty...)
    NoInput = 66,      // EX_NOINPUT: an input file does not exist or cannot be read
    Software = 70,     // EX_SOFTWARE: an internal error (a bug)
    CannotCreate = 73, // EX_CANTCREAT: the output cannot be created
    IoError = 74,      // EX_IOERR: writing the output failed
    Config = 78,       // EX_CONFIG: a style file or sidecar is invalid
};

class Error : public std::runtime_error {
public:
    Error(ExitCode code, std::string file, int line, int column, const std::string& message)
        : std::runtime_error(format(file, line, column, message)),
          code_(code), file_(std::move(file)), line_(line), column_(column), message_(message) {}
    Error(ExitCode code, std::string file, const std::string& message)
        : Error(code, std::move(file), 0, 0, message) {}

    ExitCode code() const { return code_; }
    const std::string& file() const { return file_; }
    int line() const { return line_; }
    int column() const { return column_; }
    const std::string& message() const { return message_; }

private:
    static std::string format(const std::string& file, int line, int column, const std::string& message);

    ExitCode code_;
    std::string file_;
    int line_;
    int column_;
    std::string message_;
};

}  // namespace galley
