#include <smooth/plot/figure.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace smooth::plot {

contours sample_contours(std::function<double(double, double)> const& z, grid_range range, std::size_t n,
                         std::vector<double> levels, std::size_t count)
{
    if (n < 2) {
        throw plot_error("a contour grid needs at least 2 x 2 points");
    }
    contours c;
    for (std::size_t i = 0; i < n; ++i) {
        c.x.push_back(range.x0 + (range.x1 - range.x0) * static_cast<double>(i) / static_cast<double>(n - 1));
        c.y.push_back(range.y0 + (range.y1 - range.y0) * static_cast<double>(i) / static_cast<double>(n - 1));
    }
    double zmin = std::numeric_limits<double>::infinity();
    double zmax = 0;
    for (const double y : c.y) {
        for (const double x : c.x) {
            c.z.push_back(z(x, y));
            zmin = std::min(zmin, c.z.back());
            zmax = std::max(zmax, c.z.back());
        }
    }
    if (levels.empty()) {
        const double lo = std::max(zmin, zmax * 1e-6) + 1e-12;
        for (std::size_t k = 0; k < count; ++k) {
            levels.push_back(lo * std::pow(zmax / lo, (static_cast<double>(k) + 0.5) / static_cast<double>(count)));
        }
    }
    c.levels = std::move(levels);
    return c;
}

} // namespace smooth::plot
