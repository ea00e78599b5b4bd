#include <smooth/io/signal_cleanup.hpp>

#include <climits>
#include <csignal>
#include <cstring>

#include <unistd.h>

namespace smooth::io {
namespace {

constexpr int max_in_flight = 8;
char files[max_in_flight][PATH_MAX];
volatile std::sig_atomic_t file_used[max_in_flight] = {};
volatile std::sig_atomic_t groups[max_in_flight] = {}; // 0: free

extern "C" void clean_up_and_die(int sig)
{
    for (int i = 0; i < max_in_flight; ++i) {
        if (groups[i] != 0) {
            ::kill(-static_cast<pid_t>(groups[i]), SIGKILL);
        }
        if (file_used[i] != 0) {
            ::unlink(files[i]);
        }
    }
    std::signal(sig, SIG_DFL);
    std::raise(sig); // the usual death, so the exit status is 128 + sig
}

} // namespace

void remove_temporaries_on_signals()
{
    for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction action{};
        action.sa_handler = clean_up_and_die;
        sigemptyset(&action.sa_mask);
        ::sigaction(sig, &action, nullptr);
    }
}

int remove_on_signal(std::string const& path)
{
    for (int i = 0; i < max_in_flight; ++i) {
        if (file_used[i] == 0 && path.size() < PATH_MAX) {
            std::memcpy(files[i], path.c_str(), path.size() + 1);
            file_used[i] = 1;
            return i;
        }
    }
    return -1;
}

void forget_file(int slot)
{
    if (slot >= 0) {
        file_used[slot] = 0;
    }
}

int kill_on_signal(pid_t group)
{
    for (int i = 0; i < max_in_flight; ++i) {
        if (groups[i] == 0) {
            groups[i] = static_cast<std::sig_atomic_t>(group);
            return i;
        }
    }
    return -1;
}

void forget_group(int slot)
{
    if (slot >= 0) {
        groups[slot] = 0;
    }
}

} // namespace smooth::io
