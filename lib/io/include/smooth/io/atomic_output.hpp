// An output file that appears whole or not at all, and respects what is already there:
// - a regular file (new or old) is written under a temporary name in its folder, flushed to
//   disk (fsync) and renamed over the target by commit(); an old file keeps its mode, and its
//   owner where the process may set it. Destroyed uncommitted, it leaves nothing behind and
//   the old file untouched. A hard link is replaced, not written through (as `sed -i` does).
// - a symlink is followed: its target is replaced in the target's folder; the link stays.
// - a character device (/dev/null), a FIFO or a socket is written directly, never replaced.
// - a name of up to NAME_MAX bytes works (the temporary name is shortened when needed).
#ifndef SMOOTH_IO_ATOMIC_OUTPUT_HPP
#define SMOOTH_IO_ATOMIC_OUTPUT_HPP

#include <cstdio>
#include <filesystem>
#include <string>

namespace smooth::io {

/// SIGINT, SIGTERM and SIGHUP remove the temporary files of every atomic_output in flight,
/// then end the process as the signal would (status 128 + N). The tools call it at start.
void remove_temporaries_on_signals();

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
