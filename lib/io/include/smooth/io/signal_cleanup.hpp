// What a tool undoes when a signal ends it (Ctrl-C, kill, a closed terminal): the temporary
// files of outputs not yet committed are removed, and the child processes it started (gnuplot
// and whatever gnuplot started) are killed as a group. Everything here is fixed storage and
// async-signal-safe calls (unlink, kill), so the handler may run at any moment.
#ifndef SMOOTH_IO_SIGNAL_CLEANUP_HPP
#define SMOOTH_IO_SIGNAL_CLEANUP_HPP

#include <string>

#include <sys/types.h>

namespace smooth::io {

/// Installs the handler for SIGINT, SIGTERM and SIGHUP: it removes the files and kills the
/// process groups registered below, then ends the process as the signal would (status
/// 128 + N). The tools call it at start.
void remove_temporaries_on_signals();

/// Registers a file to remove on a signal; returns a slot for forget_file (-1: no room, more
/// than eight at once; the file is then not removed on a signal).
int remove_on_signal(std::string const& path);
void forget_file(int slot);

/// Registers a process group (its leader's pid) to kill with SIGKILL on a signal; returns a
/// slot for forget_group (-1: no room).
int kill_on_signal(pid_t group);
void forget_group(int slot);

} // namespace smooth::io

#endif
