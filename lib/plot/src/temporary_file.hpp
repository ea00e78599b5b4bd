// A uniquely named file that is removed when it goes out of scope (the plotting layer's
// scripts and gnuplot's error output).
#ifndef SMOOTH_PLOT_TEMPORARY_FILE_HPP
#define SMOOTH_PLOT_TEMPORARY_FILE_HPP

#include <cstdio>
#include <filesystem>
#include <string>

#include <unistd.h>

#include <smooth/plot/figure.hpp>

namespace smooth::plot {

class temporary_file {
public:
    /// pattern: a file name ending in XXXXXX, created in the system's temporary folder.
    explicit temporary_file(char const* pattern)
        : path_((std::filesystem::temp_directory_path() / pattern).string())
    {
        const int fd = ::mkstemp(path_.data());
        if (fd < 0) {
            throw plot_error("cannot create a temporary file in " +
                             std::filesystem::temp_directory_path().string());
        }
        ::close(fd);
    }
    temporary_file(temporary_file const&) = delete;
    temporary_file& operator=(temporary_file const&) = delete;
    ~temporary_file() { std::remove(path_.c_str()); }

    [[nodiscard]] std::string const& path() const { return path_; }

    /// Everything in the file now.
    [[nodiscard]] std::string contents() const;

private:
    std::string path_;
};

} // namespace smooth::plot

#endif
