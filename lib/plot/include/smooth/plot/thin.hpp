// Thinning a long series for plotting without losing its peaks.
#ifndef SMOOTH_PLOT_THIN_HPP
#define SMOOTH_PLOT_THIN_HPP

#include <cstddef>

#include <smooth/plot/figure.hpp>

namespace smooth::plot {

/// At most about `max_points` points: the series is cut into max_points/2 buckets and each
/// keeps its lowest and highest point, in their original order. Shorter series are kept.
series thin(series const& s, std::size_t max_points = 4000);

} // namespace smooth::plot

#endif
