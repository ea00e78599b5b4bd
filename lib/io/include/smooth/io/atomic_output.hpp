// An output file that appears whole or not at all: written under a temporary name in the
// same folder and renamed over the target by commit(). Destroyed uncommitted, it leaves
// nothing behind and the old target untouched.
#ifndef SMOOTH_IO_ATOMIC_OUTPUT_HPP
#define SMOOTH_IO_ATOMIC_OUTPUT_HPP

#include <cstdio>
#include <filesystem>
#include <string>

namespace smooth::io {

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
    std::filesystem::path target_;
    std::string temp_;
    std::FILE* file_ = nullptr;
    bool committed_ = false;
};

} // namespace smooth::io

#endif
