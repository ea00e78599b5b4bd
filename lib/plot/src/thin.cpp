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

streaming_thin::streaming_thin(std::size_t max_points) : max_buckets_(std::max<std::size_t>(max_points / 2, 2)) {}

namespace {
bool lower(double a, double b)
{
    return !std::isnan(a) && (std::isnan(b) || a < b);
}
bool higher(double a, double b)
{
    return !std::isnan(a) && (std::isnan(b) || a > b);
}
} // namespace

void streaming_thin::push(double x, double y)
{
    const point p{x, y, count_++};
    if (buckets_.empty() || in_last_ == per_bucket_) {
        if (buckets_.size() == 2 * max_buckets_) {
            merge();
        }
        buckets_.push_back({p, p});
        in_last_ = 1;
        return;
    }
    auto& b = buckets_.back();
    if (lower(y, b.lo.y)) {
        b.lo = p;
    }
    if (higher(y, b.hi.y)) {
        b.hi = p;
    }
    ++in_last_;
}

void streaming_thin::merge()
{
    // neighbours pairwise: the pair's lowest and highest points survive
    std::size_t out = 0;
    for (std::size_t k = 0; k + 1 < buckets_.size(); k += 2) {
        bucket m = buckets_[k];
        bucket const& next = buckets_[k + 1];
        if (lower(next.lo.y, m.lo.y)) {
            m.lo = next.lo;
        }
        if (higher(next.hi.y, m.hi.y)) {
            m.hi = next.hi;
        }
        buckets_[out++] = m;
    }
    buckets_.resize(out);
    per_bucket_ *= 2;
    in_last_ = per_bucket_; // the last bucket is full: the next point starts a new one
}

series streaming_thin::result(std::string title, style how) const
{
    series out{std::move(title), {}, {}, how};
    for (auto const& b : buckets_) {
        const point& first = b.lo.i <= b.hi.i ? b.lo : b.hi;
        const point& second = b.lo.i <= b.hi.i ? b.hi : b.lo;
        out.x.push_back(first.x);
        out.y.push_back(first.y);
        if (second.i != first.i) {
            out.x.push_back(second.x);
            out.y.push_back(second.y);
        }
    }
    return out;
}

} // namespace smooth::plot
