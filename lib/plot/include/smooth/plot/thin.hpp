// Thinning a long series for plotting without losing its peaks.
#ifndef SMOOTH_PLOT_THIN_HPP
#define SMOOTH_PLOT_THIN_HPP

#include <cstddef>
#include <string>
#include <vector>

#include <smooth/plot/figure.hpp>

namespace smooth::plot {

/// At most about `max_points` points: the series is cut into max_points/2 buckets and each
/// keeps its lowest and highest point, in their original order. Shorter series are kept.
series thin(series const& s, std::size_t max_points = 4000);

/// The same thinning while the points stream in, in bounded memory: points are gathered in
/// buckets that keep their lowest and highest point; when there are twice `max_points / 2`
/// buckets, neighbours merge and each bucket covers twice as many points from then on. So a
/// series of any length is held in at most about 2 max_points points, and its peaks stay.
class streaming_thin {
public:
    explicit streaming_thin(std::size_t max_points = 4000);
    void push(double x, double y);
    /// The thinned points so far, in their original order.
    [[nodiscard]] series result(std::string title, style how) const;
    [[nodiscard]] std::size_t held() const noexcept { return buckets_.size(); }

private:
    struct point {
        double x;
        double y;
        std::size_t i; ///< its place in the stream, to keep the order
    };
    struct bucket {
        point lo;
        point hi;
    };
    void merge();

    std::size_t max_buckets_;
    std::size_t per_bucket_ = 1;
    std::size_t in_last_ = 0;
    std::size_t count_ = 0;
    std::vector<bucket> buckets_;
};

} // namespace smooth::plot

#endif
