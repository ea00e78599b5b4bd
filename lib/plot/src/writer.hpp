// The gnuplot commands and inline data of a figure, written to a gnuplot-iostream stream:
// the pipe to a running gnuplot, or a buffer (script(), --dump). One writer for both, so the
// script printed is exactly what gnuplot is sent.
#ifndef SMOOTH_PLOT_WRITER_HPP
#define SMOOTH_PLOT_WRITER_HPP

#include <optional>
#include <vector>

#include <smooth/plot/figure.hpp>

#include <gnuplot-iostream.h>

namespace smooth::plot {

/// The frames one after the other (one frame: a still figure), on the first frame's
/// background (its contours and images).
void write_script(Gnuplot& gp, std::vector<std::vector<figure>> const& frames, terminal t, std::optional<size> sz);

} // namespace smooth::plot

#endif
