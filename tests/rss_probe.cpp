// rss_probe OUT PROGRAM [ARGS...]: runs PROGRAM and writes its peak resident memory (KiB) to
// the file OUT, then exits as PROGRAM did (its status, or killed by the same signal).
// Why: a child's ru_maxrss counts the pages of the process it was forked or spawned from,
// until its exec; a test process under ASan holds hundreds of MB, so run_tool measured the
// test, not the tool. This probe is small, and the tool is forked from it.
#include <cerrno>
#include <csignal>
#include <cstdio>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: rss_probe OUT PROGRAM [ARGS...]\n");
        return 125;
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        std::perror("rss_probe: fork");
        return 125;
    }
    if (pid == 0) {
        ::execv(argv[2], argv + 2);
        std::perror("rss_probe: exec");
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    while (::wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            std::perror("rss_probe: wait4");
            return 125;
        }
    }
    if (std::FILE* out = std::fopen(argv[1], "w")) {
        std::fprintf(out, "%ld\n", usage.ru_maxrss);
        std::fclose(out);
    }
    if (WIFSIGNALED(status)) {
        const rlimit no_core{0, 0};
        ::setrlimit(RLIMIT_CORE, &no_core);
        std::signal(WTERMSIG(status), SIG_DFL);
        sigset_t all;
        sigemptyset(&all);
        sigaddset(&all, WTERMSIG(status));
        sigprocmask(SIG_UNBLOCK, &all, nullptr);
        ::raise(WTERMSIG(status));
    }
    return WEXITSTATUS(status);
}
