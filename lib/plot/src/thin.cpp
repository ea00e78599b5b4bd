#include <smooth/plot/thin.hpp>

#include <algorithm>
#include <cmath>

namespace smooth::plot {

series thin(series const& s, std::size_t max_points)
{
    const std::size_t n = std::min(s.x.size(), s.y.size());
    if (n <= max_points || max_points < 2) {
        return s;
    }
    const std::size_t buckets = max_points / 2;
    series out{s.title, {}, {}, s.how};
    out.x.reserve(2 * buckets);
    out.y.reserve(2 * buckets);
    for (std::size_t b = 0; b < buckets; ++b) {
        const std::size_t first = b * n / buckets;
        const std::size_t last = (b + 1) * n / buckets; // exclusive
        std::size_t lo = first;
        std::size_t hi = first;
        for (std::size_t i = first; i < last; ++i) {
            if (std::isnan(s.y[lo]) || s.y[i] < s.y[lo]) {
                lo = i;
            }
            if (std::isnan(s.y[hi]) || s.y[i] > s.y[hi]) {
                hi = i;
            }
        }
        // keep both extremes, in the order they happened
        out.x.push_back(s.x[std::min(lo, hi)]);
        out.y.push_back(s.y[std::min(lo, hi)]);
        if (lo != hi) {
            out.x.push_back(s.x[std::max(lo, hi)]);
            out.y.push_back(s.y[std::max(lo, hi)]);
        }
    }
    return out;
}

} // namespace smooth::plot
