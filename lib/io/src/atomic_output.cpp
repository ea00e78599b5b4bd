#include <smooth/io/atomic_output.hpp>

#include <cerrno>
#include <cstring>
#include <system_error>

#include <sys/stat.h>
#include <unistd.h>

#include <smooth/io/input_error.hpp>

namespace smooth::io {
namespace {
std::string reason(int err)
{
    return std::generic_category().message(err);
}
} // namespace

atomic_output::atomic_output(std::filesystem::path target) : target_(std::move(target))
{
    std::error_code ec;
    if (std::filesystem::is_directory(target_, ec)) {
        throw input_error("cannot write " + target_.string() + ": it is a directory");
    }
    const std::filesystem::path dir = target_.has_parent_path() ? target_.parent_path() : ".";
    std::string name = ".";
    name += target_.filename().string();
    name += ".XXXXXX";
    temp_ = (dir / name).string();
    const int fd = ::mkstemp(temp_.data());
    if (fd < 0) {
        throw input_error("cannot write " + target_.string() + ": " + reason(errno));
    }
    // mkstemp makes the file private (0600); the output gets the usual permissions
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    file_ = ::fdopen(fd, "w");
    if (file_ == nullptr) {
        const int err = errno;
        ::close(fd);
        std::remove(temp_.c_str());
        throw input_error("cannot write " + target_.string() + ": " + reason(err));
    }
    std::setvbuf(file_, nullptr, _IOFBF, 1 << 16);
}

atomic_output::~atomic_output()
{
    if (!committed_) {
        if (file_ != nullptr) {
            std::fclose(file_);
        }
        std::remove(temp_.c_str());
    }
}

void atomic_output::commit()
{
    const bool flushed = std::fflush(file_) == 0 && !std::ferror(file_);
    const int err = errno;
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    if (!flushed || !closed) {
        std::remove(temp_.c_str());
        committed_ = true;
        throw input_error("cannot write " + target_.string() + ": " + reason(flushed ? errno : err));
    }
    std::error_code ec;
    std::filesystem::rename(temp_, target_, ec);
    committed_ = true;
    if (ec) {
        std::remove(temp_.c_str());
        throw input_error("cannot write " + target_.string() + ": " + ec.message());
    }
}

} // namespace smooth::io
