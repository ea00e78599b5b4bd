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

void write_script(Gnuplot& gp, std::vector<figure> const& panels, terminal t, std::optional<size> sz);

} // namespace smooth::plot

#endif
