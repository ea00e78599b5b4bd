#include <smooth/plot/gnuplot.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gnuplot-iostream.h>

#include <smooth/io/signal_cleanup.hpp>

#include "writer.hpp"

extern char** environ;

namespace smooth::plot {
namespace {

double timeout_seconds = 120.0; // the largest figure here takes a few seconds

/// gnuplot's complaint without blank lines and caret lines, the first few lines only.
std::string tidy(std::string const& message)
{
    std::string out;
    std::istringstream lines(message);
    int kept = 0;
    for (std::string line; std::getline(lines, line);) {
        if (line.find_first_not_of(" \t^") == std::string::npos) {
            continue;
        }
        if (++kept > 4 || out.size() > 600) { // the first lines say what went wrong
            out += "; ...";
            break;
        }
        if (!out.empty()) {
            out += "; ";
        }
        line = line.substr(line.find_first_not_of(' '));
        out += line.size() > 300 ? line.substr(0, 300) + "..." : line;
    }
    return out;
}

/// SIGPIPE held back while we write to gnuplot: a gnuplot that died makes the write fail with
/// EPIPE (reported with gnuplot's own message) instead of killing the caller.
class sigpipe_held {
public:
    sigpipe_held()
    {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &set, &old_);
    }
    ~sigpipe_held()
    {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGPIPE);
        sigset_t pending;
        sigpending(&pending);
        if (sigismember(&pending, SIGPIPE) == 1 && sigismember(&old_, SIGPIPE) == 0) {
            const timespec now{0, 0};
            sigtimedwait(&set, nullptr, &now); // the one our write raised: drop it
        }
        pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }
    sigpipe_held(sigpipe_held const&) = delete;
    sigpipe_held& operator=(sigpipe_held const&) = delete;

private:
    sigset_t old_{};
};

constexpr std::string_view sync_token = "smooth-plot-sync";

} // namespace

void set_gnuplot_timeout(double seconds)
{
    if (!(seconds > 0.0) || !std::isfinite(seconds)) {
        throw plot_error(fmt::format("a gnuplot timeout must be a positive number of seconds, got {}", seconds));
    }
    timeout_seconds = seconds;
}

std::optional<std::filesystem::path> find_gnuplot()
{
    char const* path_env = std::getenv("PATH");
    if (path_env == nullptr) {
        return std::nullopt;
    }
    std::istringstream dirs(path_env);
    for (std::string dir; std::getline(dirs, dir, ':');) {
        const std::filesystem::path candidate = std::filesystem::path(dir.empty() ? "." : dir) / "gnuplot";
        struct stat st{};
        if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
            ::access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
    }
    return std::nullopt;
}

struct gnuplot_process::impl {
    pid_t pid = -1;
    std::unique_ptr<Gnuplot> gp; // the pipe to gnuplot's standard input
    int error_fd = -1;           // our end of gnuplot's standard error
    std::thread reader;          // drains gnuplot's standard error
    std::thread watchdog;        // kills a gnuplot that is busy past the timeout

    std::mutex m;
    std::condition_variable changed;
    std::string errors; // the first 64 KiB of what gnuplot said
    std::size_t syncs_seen = 0;
    std::size_t syncs_sent = 0;
    bool error_closed = false; // gnuplot's standard error reached its end
    bool stopping = false;
    bool timed_out = false;
    std::optional<std::chrono::steady_clock::time_point> deadline;
    bool reaped = false;
    int status = 0;
    int signal_slot = -1; // in the list of process groups a signal kills

    void read_errors()
    {
        std::string line;
        char buf[4096];
        for (;;) {
            const ssize_t n = ::read(error_fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                break;
            }
            const std::lock_guard lock(m);
            for (ssize_t i = 0; i < n; ++i) {
                if (buf[i] != '\n') {
                    if (line.size() < 4096) {
                        line += buf[i];
                    }
                    continue;
                }
                if (line == sync_token) {
                    ++syncs_seen;
                    changed.notify_all();
                } else if (errors.size() < (1U << 16)) {
                    errors += line + '\n';
                }
                line.clear();
            }
        }
        const std::lock_guard lock(m);
        if (!line.empty() && errors.size() < (1U << 16)) {
            errors += line;
        }
        error_closed = true;
        changed.notify_all();
    }

    void watch()
    {
        std::unique_lock lock(m);
        while (!stopping) {
            if (!deadline) {
                changed.wait(lock);
                continue;
            }
            const auto until = *deadline;
            if (changed.wait_until(lock, until) == std::cv_status::timeout && deadline && *deadline == until &&
                !stopping) {
                timed_out = true;
                ::kill(-pid, SIGKILL); // gnuplot and whatever it started: its process group
                deadline.reset();
            }
        }
    }

    void arm()
    {
        const std::lock_guard lock(m);
        // saturated at a billion seconds (32 years): a larger count of nanoseconds would not
        // fit the clock's 64 bits
        deadline = std::chrono::steady_clock::now() +
                   std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                       std::chrono::duration<double>(std::min(timeout_seconds, 1e9)));
        changed.notify_all();
    }
    void disarm()
    {
        const std::lock_guard lock(m);
        deadline.reset();
        changed.notify_all();
    }

    /// Closes the pipe, waits for gnuplot to exit and for its last words.
    void reap()
    {
        if (reaped) {
            return;
        }
        {
            const sigpipe_held held;
            gp.reset(); // flush and close: gnuplot sees the end of its input
        }
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        reaped = true;
        // gnuplot is gone; what it started may still hold its standard error open (the reader
        // waits for that end): the watchdog, still armed, kills the group at the timeout
        if (reader.joinable()) {
            reader.join();
        }
        {
            const std::lock_guard lock(m);
            stopping = true;
            changed.notify_all();
        }
        if (watchdog.joinable()) {
            watchdog.join();
        }
        if (error_fd >= 0) {
            ::close(error_fd);
            error_fd = -1;
        }
        io::forget_group(signal_slot);
        signal_slot = -1;
    }

    /// Throws the reason gnuplot stopped; returns when it ended well.
    void report() const
    {
        if (timed_out) {
            throw plot_error(fmt::format("gnuplot did not finish in {:g} s (--plot-timeout)", timeout_seconds));
        }
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            return;
        }
        std::string message = tidy(errors);
        if (WIFSIGNALED(status)) {
            message += (message.empty() ? "" : "; ") + std::string("killed by signal ") +
                       std::to_string(WTERMSIG(status));
        }
        throw plot_error("gnuplot failed" + (message.empty() ? std::string() : ": " + message));
    }

    /// After a failed write: gnuplot stopped reading. Say why.
    [[noreturn]] void fail()
    {
        reap();
        report();
        throw plot_error("gnuplot stopped reading its input");
    }
};

gnuplot_process::gnuplot_process(int output_fd) : impl_(std::make_unique<impl>())
{
    const auto gnuplot = find_gnuplot();
    if (!gnuplot) {
        throw plot_error("gnuplot not found (install gnuplot-nox, or use --dump)");
    }
    int input[2];
    int errors[2];
    if (::pipe2(input, O_CLOEXEC) != 0) {
        throw plot_error("cannot make a pipe to gnuplot: " + std::generic_category().message(errno));
    }
    if (::pipe2(errors, O_CLOEXEC) != 0) {
        ::close(input[0]);
        ::close(input[1]);
        throw plot_error("cannot make a pipe from gnuplot: " + std::generic_category().message(errno));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, input[0], STDIN_FILENO);
    if (output_fd >= 0) {
        posix_spawn_file_actions_adddup2(&actions, output_fd, STDOUT_FILENO);
    }
    posix_spawn_file_actions_adddup2(&actions, errors[1], STDERR_FILENO);
    // nothing else: not the input file, not another figure's temporary file
    posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
    // its own process group, so that a timeout or a signal ends gnuplot and what it started
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
    posix_spawnattr_setpgroup(&attributes, 0);
    std::string program = gnuplot->string();
    std::vector<char*> argv{program.data(), nullptr};
    // a signal between the start and the registration would leave gnuplot running: held
    // back until it is registered
    sigset_t ending;
    sigset_t before;
    sigemptyset(&ending);
    for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
        sigaddset(&ending, sig);
    }
    pthread_sigmask(SIG_BLOCK, &ending, &before);
    // gnuplot starts with the mask we had, plus SIGTTOU and SIGTTIN blocked: in its own process
    // group it is in the terminal's background, where drawing on the terminal (or setting it
    // up) would stop it; with SIGTTOU blocked the terminal lets it write
    sigset_t child_mask = before;
    sigaddset(&child_mask, SIGTTOU);
    sigaddset(&child_mask, SIGTTIN);
    posix_spawnattr_setsigmask(&attributes, &child_mask);
    const int spawned = ::posix_spawn(&impl_->pid, program.c_str(), &actions, &attributes, argv.data(), environ);
    if (spawned == 0) {
        impl_->signal_slot = io::kill_on_signal(impl_->pid);
    }
    pthread_sigmask(SIG_SETMASK, &before, nullptr);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    ::close(input[0]);
    ::close(errors[1]);
    if (spawned != 0) {
        ::close(input[1]);
        ::close(errors[0]);
        throw plot_error("cannot run " + program + ": " + std::generic_category().message(spawned));
    }
    impl_->error_fd = errors[0];
    std::FILE* fh = ::fdopen(input[1], "w");
    if (fh == nullptr) {
        ::close(input[1]);
        impl_->fail();
    }
    impl_->gp = std::make_unique<Gnuplot>(fh); // takes the handle and closes it
    impl_->reader = std::thread([this] { impl_->read_errors(); });
    impl_->watchdog = std::thread([this] { impl_->watch(); });
}

gnuplot_process::~gnuplot_process()
{
    if (!impl_->reaped) {
        ::kill(-impl_->pid, SIGKILL);
        impl_->reap();
    }
}

void gnuplot_process::draw(std::vector<figure> const& panels, terminal t, std::optional<size> sz)
{
    draw(animation{panels}, t, sz);
}

void gnuplot_process::draw(animation const& frames, terminal t, std::optional<size> sz)
{
    if (impl_->reaped) {
        throw plot_error("gnuplot has already finished");
    }
    impl_->arm();
    const sigpipe_held held;
    write_script(*impl_->gp, frames, t, sz);
    if (!impl_->gp->flush()) {
        impl_->fail();
    }
}

void gnuplot_process::send(std::string_view commands)
{
    if (impl_->reaped) {
        throw plot_error("gnuplot has already finished");
    }
    impl_->arm();
    const sigpipe_held held;
    impl_->gp->write(commands.data(), static_cast<std::streamsize>(commands.size()));
    if (!impl_->gp->flush()) {
        impl_->fail();
    }
}

void gnuplot_process::sync()
{
    send(fmt::format("print '{}'\n", sync_token));
    std::unique_lock lock(impl_->m);
    const std::size_t wanted = ++impl_->syncs_sent;
    impl_->changed.wait(lock, [&] { return impl_->syncs_seen >= wanted || impl_->error_closed; });
    const bool ended = impl_->syncs_seen < wanted;
    lock.unlock();
    if (ended) {
        impl_->fail(); // gnuplot exited (an error) or was killed (the timeout) before it got there
    }
    impl_->disarm();
}

void gnuplot_process::finish()
{
    if (impl_->reaped) {
        throw plot_error("gnuplot has already finished");
    }
    impl_->arm();
    impl_->reap();
    impl_->report();
}

void run_gnuplot(std::string_view script, int output_fd)
{
    gnuplot_process gnuplot(output_fd);
    gnuplot.send(script);
    gnuplot.finish();
}

} // namespace smooth::plot
