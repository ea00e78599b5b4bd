// Running the real gnuplot on a script and telling the caller what went wrong: the Debian
// gnuplot-iostream neither reports gnuplot's exit status nor survives gnuplot's absence.
#ifndef SMOOTH_PLOT_GNUPLOT_HPP
#define SMOOTH_PLOT_GNUPLOT_HPP

#include <filesystem>
#include <optional>
#include <string>

namespace smooth::plot {

/// How long gnuplot may take for one figure before it is killed and reported ("gnuplot did
/// not finish in S s"); 120 s unless set. Throws plot_error for a value that is not > 0.
void set_gnuplot_timeout(double seconds);

/// The gnuplot executable on PATH, if there is one.
std::optional<std::filesystem::path> find_gnuplot();

/// Runs gnuplot on `script`; its standard output goes to `output_fd` (a figure file opened
/// by the caller) or, when that is -1, to ours (the dumb terminal draws there). Throws
/// plot_error with gnuplot's own message when it fails or is missing.
void run_gnuplot(std::string const& script, int output_fd = -1);

} // namespace smooth::plot

#endif
