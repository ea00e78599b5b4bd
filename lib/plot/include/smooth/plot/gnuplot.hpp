// The one path from a figure to gnuplot: a gnuplot process fed through a pipe by
// gnuplot-iostream, whose failures reach the caller. (gnuplot-iostream's own popen neither
// reports gnuplot's exit status nor survives gnuplot's absence; this wraps its stream around
// a process we start and watch.)
#ifndef SMOOTH_PLOT_GNUPLOT_HPP
#define SMOOTH_PLOT_GNUPLOT_HPP

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <smooth/plot/figure.hpp>

namespace smooth::plot {

/// How long gnuplot may take for one figure before it is killed and reported ("gnuplot did
/// not finish in S s"); 120 s unless set. Throws plot_error for a value that is not > 0.
void set_gnuplot_timeout(double seconds);

/// The gnuplot executable on PATH, if there is one.
std::optional<std::filesystem::path> find_gnuplot();

/// One running gnuplot. Commands and data go down a pipe (never a file, never a shell); what
/// it draws goes to `output_fd` (a figure file the caller opened) or, when that is -1, to our
/// standard output (text and sixel figures); what it says on its standard error is kept (the
/// first lines) for the error message. A gnuplot that dies, fails or outlives the timeout
/// becomes a plot_error; a closed pipe never raises SIGPIPE in the caller.
class gnuplot_process {
public:
    /// Throws plot_error when gnuplot is missing or cannot start.
    explicit gnuplot_process(int output_fd = -1);
    ~gnuplot_process(); ///< kills a gnuplot that was not finished
    gnuplot_process(gnuplot_process const&) = delete;
    gnuplot_process& operator=(gnuplot_process const&) = delete;

    /// Sends the panels' commands and data: exactly the text script() returns for them.
    void draw(std::vector<figure> const& panels, terminal t, std::optional<size> sz = std::nullopt);
    /// The frames of an animation, one after the other.
    void draw(animation const& frames, terminal t, std::optional<size> sz = std::nullopt);
    /// Sends commands as they are.
    void send(std::string_view commands);
    /// Waits until gnuplot has carried out everything sent so far (a drawing is complete on
    /// its output). Throws plot_error if it failed meanwhile.
    void sync();
    /// Ends the input and waits for gnuplot to exit (within the timeout); plot_error with
    /// gnuplot's own message when it failed.
    void finish();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// Runs a gnuplot on `script` alone (gnuplot_process, send, finish).
void run_gnuplot(std::string_view script, int output_fd = -1);

} // namespace smooth::plot

#endif
