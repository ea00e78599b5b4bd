#include <smooth/io/atomic_output.hpp>

#include <cerrno>
#include <csignal>
#include <climits>
#include <cstring>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <smooth/io/input_error.hpp>
#include <smooth/io/signal_cleanup.hpp>

namespace smooth::io {
namespace {

std::string reason(int err)
{
    return std::generic_category().message(err);
}

/// Where a path really leads: a symlink (even a chain, even a dangling one) is followed to
/// the file it names, so the target is replaced in its own folder and the link stays a link.
/// A loop of links is an error (it names no file to write).
std::filesystem::path resolved(std::filesystem::path const& target)
{
    std::filesystem::path p = target;
    for (int hops = 0; hops < 40; ++hops) {
        std::error_code ec;
        const auto st = std::filesystem::symlink_status(p, ec);
        if (ec || !std::filesystem::is_symlink(st)) {
            return p;
        }
        auto next = std::filesystem::read_symlink(p, ec);
        if (ec) {
            return p;
        }
        p = next.is_absolute() ? next : p.parent_path() / next;
    }
    throw input_error("cannot write " + target.string() + ": a loop of symbolic links (or a chain of more than 40)");
}
} // namespace

std::filesystem::path output_destination(std::filesystem::path const& target)
{
    std::error_code ec;
    auto where = resolved(std::filesystem::absolute(target, ec));
    auto canonical = std::filesystem::weakly_canonical(where, ec);
    return ec ? where.lexically_normal() : canonical;
}

atomic_output::atomic_output(std::filesystem::path target) : target_(std::move(target))
{
    if (target_.empty()) {
        throw input_error("cannot write to a file with an empty name");
    }
    const std::filesystem::path real = resolved(target_);
    struct stat st{};
    const bool exists = ::stat(real.c_str(), &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) {
        throw input_error("cannot write " + target_.string() + ": it is a directory");
    }
    if (exists && !S_ISREG(st.st_mode)) {
        // a device (/dev/null), a FIFO, a socket: written directly, never replaced
        const int fd = ::open(real.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
        if (fd < 0) {
            throw input_error("cannot write " + target_.string() + ": " + reason(errno));
        }
        file_ = ::fdopen(fd, "w");
        if (file_ == nullptr) {
            const int err = errno;
            ::close(fd);
            throw input_error("cannot write " + target_.string() + ": " + reason(err));
        }
        direct_ = true;
        std::setvbuf(file_, nullptr, _IOFBF, 1 << 16);
        return;
    }
    final_ = real;
    const std::filesystem::path dir = real.has_parent_path() ? real.parent_path() : ".";
    // ".NAME.XXXXXX" beside the target, or a short ".smooth-XXXXXX" when that would pass the
    // longest name the file system takes
    std::string name = ".";
    name += real.filename().string();
    name += ".XXXXXX";
    if (name.size() > NAME_MAX) {
        name = ".smooth-XXXXXX";
    }
    temp_ = (dir / name).string();
    const int fd = ::mkostemp(temp_.data(), O_CLOEXEC); // no child inherits it
    if (fd < 0) {
        throw input_error("cannot write " + target_.string() + ": " + reason(errno));
    }
    slot_ = remove_on_signal(temp_);
    if (exists) {
        // replacing a file keeps its mode, and its owner where this process may set it
        ::fchmod(fd, st.st_mode & 07777);
        if (::fchown(fd, st.st_uid, st.st_gid) != 0) {
            // not permitted (not root): the new file is the writer's, as with any editor
        }
    } else {
        // mkstemp makes the file private (0600); a new output gets the usual permissions
        const mode_t mask = ::umask(0);
        ::umask(mask);
        ::fchmod(fd, 0666 & ~mask);
    }
    file_ = ::fdopen(fd, "w");
    if (file_ == nullptr) {
        const int err = errno;
        ::close(fd);
        std::remove(temp_.c_str());
        forget_file(slot_);
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
        if (!direct_) {
            std::remove(temp_.c_str());
        }
    }
    forget_file(slot_);
}

void atomic_output::commit()
{
    bool flushed = std::fflush(file_) == 0 && !std::ferror(file_);
    int err = errno;
    if (flushed && !direct_ && ::fsync(::fileno(file_)) != 0) { // whole on disk before it has the name
        flushed = false;
        err = errno;
    }
    const bool closed = std::fclose(file_) == 0;
    if (flushed && !closed) {
        err = errno;
    }
    file_ = nullptr;
    committed_ = true;
    if (!flushed || !closed) {
        if (!direct_) {
            std::remove(temp_.c_str());
        }
        throw input_error("cannot write " + target_.string() + ": " + reason(err));
    }
    if (direct_) {
        return;
    }
    std::error_code ec;
    std::filesystem::rename(temp_, final_, ec);
    if (ec) {
        std::remove(temp_.c_str());
        throw input_error("cannot write " + target_.string() + ": " + ec.message());
    }
}

} // namespace smooth::io
