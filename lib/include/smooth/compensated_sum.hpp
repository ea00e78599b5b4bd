// A running sum that keeps the rounding error of every addition (Knuth's TwoSum) in a
// second double, so that adding and later removing values leaves no trace behind.
#ifndef SMOOTH_COMPENSATED_SUM_HPP
#define SMOOTH_COMPENSATED_SUM_HPP

#include <smooth/ieee_check.hpp>

namespace smooth {

/// hi + lo is the sum; every rounding error of hi is carried exactly into lo.
/// Why not plain Kahan: Kahan assumes the running sum dominates the addend; a rolling
/// sum removes values as large as the sum itself (1e17 leaving a window of ones).
class compensated_sum {
public:
    /// Adds a + b where a and b are usually "new sample" and "minus the sample that left".
    /// Their own difference is split exactly first, so only one addition sits on hi's
    /// dependency chain (this keeps the rolling mean as fast as a naive one).
    void add_difference(double a, double b) noexcept
    {
        double d_err = 0.0;
        const double d = two_sum(a, -b, d_err);
        double s_err = 0.0;
        hi_ = two_sum(hi_, d, s_err);
        lo_ += s_err + d_err;
    }

    void add(double x) noexcept
    {
        double err = 0.0;
        hi_ = two_sum(hi_, x, err);
        lo_ += err;
    }

    /// Folds lo back into hi so lo stays small; the represented value does not change
    /// beyond lo's own last bit. Call it now and then, not on every sample.
    void renormalize() noexcept
    {
        const double s = hi_ + lo_;
        lo_ = lo_ - (s - hi_);
        hi_ = s;
    }

    [[nodiscard]] double value() const noexcept { return hi_ + lo_; }
    [[nodiscard]] double high() const noexcept { return hi_; }
    [[nodiscard]] double low() const noexcept { return lo_; }

    void reset() noexcept { hi_ = lo_ = 0.0; }

    /// s + err == a + b exactly (round-to-nearest, no overflow).
    static double two_sum(double a, double b, double& err) noexcept
    {
        const double s = a + b;
        const double bb = s - a;
        err = (a - (s - bb)) + (b - bb);
        return s;
    }

private:
    double hi_ = 0.0;
    double lo_ = 0.0;
};

} // namespace smooth

#endif
