// An output file that appears whole or not at all, and respects what is already there:
// - a regular file (new or old) is written under a temporary name in its folder, flushed to
//   disk (fsync) and renamed over the target by commit(); an old file keeps its mode, and its
//   owner where the process may set it. Destroyed uncommitted, it leaves nothing behind and
//   the old file untouched. A hard link is replaced, not written through (as `sed -i` does).
// - a symlink is followed: its target is replaced in the target's folder; the link stays.
// - a character device (/dev/null), a FIFO or a socket is written directly, never replaced.
// - a name of up to NAME_MAX bytes works (the temporary name is shortened when needed).
// - a loop of symlinks is an error, never replaced by a file.
#ifndef SMOOTH_IO_ATOMIC_OUTPUT_HPP
#define SMOOTH_IO_ATOMIC_OUTPUT_HPP

#include <cstdio>
#include <filesystem>
#include <string>

#include <smooth/io/signal_cleanup.hpp> // remove_temporaries_on_signals: temporaries go on a signal

namespace smooth::io {

/// Where an output named `target` lands: the absolute, normalised path of the file that
/// symlinks (followed as atomic_output follows them, even dangling ones) lead to, whether or
/// not it exists yet. Two outputs collide when these are equal. Throws input_error for a loop
/// of symlinks.
std::filesystem::path output_destination(std::filesystem::path const& target);

class atomic_output {
public:
    /// Throws input_error ("cannot write FILE: reason") when the folder is not writable or
    /// the target is a directory.
    explicit atomic_output(std::filesystem::path target);
    atomic_output(atomic_output const&) = delete;
    atomic_output& operator=(atomic_output const&) = delete;
    ~atomic_output();

    [[nodiscard]] std::FILE* file() const { return file_; }

    /// Flushes, closes and renames into place; throws input_error if any of it fails.
    void commit();

private:
    std::filesystem::path target_; ///< as given (for messages)
    std::filesystem::path final_;  ///< where it lands: the target, or what its symlink names
    std::string temp_;
    std::FILE* file_ = nullptr;
    bool committed_ = false;
    bool direct_ = false; ///< a device or a FIFO, written in place
    int slot_ = -1;       ///< in the list of temporary files a signal removes
};

} // namespace smooth::io

#endif
