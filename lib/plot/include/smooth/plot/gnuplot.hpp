// Running the real gnuplot on a script and telling the caller what went wrong: the Debian
// gnuplot-iostream neither reports gnuplot's exit status nor survives gnuplot's absence.
#ifndef SMOOTH_PLOT_GNUPLOT_HPP
#define SMOOTH_PLOT_GNUPLOT_HPP

#include <filesystem>
#include <optional>
#include <string>

namespace smooth::plot {

/// The gnuplot executable on PATH, if there is one.
std::optional<std::filesystem::path> find_gnuplot();

/// Runs gnuplot on `script`; its standard output goes to `output_fd` (a figure file opened
/// by the caller) or, when that is -1, to ours (the dumb terminal draws there). Throws
/// plot_error with gnuplot's own message when it fails or is missing.
void run_gnuplot(std::string const& script, int output_fd = -1);

} // namespace smooth::plot

#endif
