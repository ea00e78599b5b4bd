#include <smooth/plot/gnuplot.hpp>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <thread>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <smooth/plot/figure.hpp>

#include "temporary_file.hpp"

extern char** environ;

namespace smooth::plot {
namespace {

/// gnuplot's complaint without the temporary file's name and blank lines.
std::string tidy(std::string message, std::string const& script_path)
{
    for (std::size_t at = 0; (at = message.find(script_path, at)) != std::string::npos;) {
        message.replace(at, script_path.size(), "script");
    }
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

double timeout_seconds = 120.0; // the largest figure here takes a few seconds

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

void run_gnuplot(std::string const& script, int output_fd)
{
    const auto gnuplot = find_gnuplot();
    if (!gnuplot) {
        throw plot_error("gnuplot not found (install gnuplot-nox, or use --dump)");
    }
    const temporary_file script_file("smooth-gp-XXXXXX");
    const temporary_file errors("smooth-gp-err-XXXXXX");
    {
        std::ofstream out(script_file.path());
        out << script;
        if (!out.flush()) {
            throw plot_error("cannot write the gnuplot script to " + script_file.path());
        }
    }

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    if (output_fd >= 0) {
        posix_spawn_file_actions_adddup2(&actions, output_fd, STDOUT_FILENO);
    }
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errors.path().c_str(), O_WRONLY | O_TRUNC, 0);
    std::string program = gnuplot->string();
    std::string script_arg = script_file.path();
    std::vector<char*> argv{program.data(), script_arg.data(), nullptr};
    pid_t pid = 0;
    const int spawned = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        throw plot_error("cannot run " + program + ": " + std::generic_category().message(spawned));
    }
    int status = 0;
    const auto start = std::chrono::steady_clock::now();
    for (;;) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) {
            break;
        }
        if (done < 0 && errno != EINTR) {
            throw plot_error("lost track of gnuplot: " + std::generic_category().message(errno));
        }
        if (std::chrono::steady_clock::now() - start > std::chrono::duration<double>(timeout_seconds)) {
            ::kill(pid, SIGKILL);
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            throw plot_error(fmt::format("gnuplot did not finish in {:g} s (--plot-timeout)", timeout_seconds));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        return;
    }
    std::string message = tidy(errors.contents(), script_file.path());
    if (WIFSIGNALED(status)) {
        message += (message.empty() ? "" : "; ") + std::string("killed by signal ") +
                   std::to_string(WTERMSIG(status));
    }
    throw plot_error("gnuplot failed" + (message.empty() ? std::string() : ": " + message));
}

} // namespace smooth::plot
