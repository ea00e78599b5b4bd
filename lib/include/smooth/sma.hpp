// Simple moving average as a Boost.Accumulators feature: the mean of the last N samples,
// exact where a plain running sum drifts.
//
//   accumulator_set<double, features<smooth::tag::sma>> acc(smooth::tag::sma::window = 4);
//   acc(x); ...; std::optional<double> m = smooth::sma(acc);   // nullopt until 4 samples
//
// Result:     std::optional<double>: the mean of the last `window` samples, or nullopt while
//             fewer than `min_periods` samples have arrived (default: min_periods = window,
//             as pandas' rolling(window).mean()).
// Parameters: tag::sma::window (>= 1), tag::sma::min_periods (1..window, optional).
// Complexity: O(1) per sample whatever the window; O(window) memory.
// Precision:  the window sum is a compensated_sum, so values that left the window leave no
//             rounding error behind (window 4 over [1e17, 1, 1, 1, 1] gives exactly 1).
#ifndef SMOOTH_SMA_HPP
#define SMOOTH_SMA_HPP

#include <concepts>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include <boost/accumulators/framework/accumulator_base.hpp>
#include <boost/accumulators/framework/accumulator_set.hpp>
#include <boost/accumulators/framework/depends_on.hpp>
#include <boost/accumulators/framework/extractor.hpp>
#include <boost/accumulators/framework/features.hpp>
#include <boost/accumulators/framework/parameters/sample.hpp>
#include <boost/parameter/keyword.hpp>

#include <smooth/compensated_sum.hpp>
#include <smooth/parameter_error.hpp>

namespace smooth {

BOOST_PARAMETER_NESTED_KEYWORD(tag, sma_window, window)
BOOST_PARAMETER_NESTED_KEYWORD(tag, sma_min_periods, min_periods)

namespace impl {

/// The window lives in a ring buffer; its sum is a compensated_sum.
template <typename Sample>
class sma_impl : public boost::accumulators::accumulator_base {
    static_assert(std::floating_point<Sample>, "smooth::tag::sma needs floating-point samples");

public:
    using result_type = std::optional<Sample>;

    template <typename Args>
    explicit sma_impl(Args const& args)
        : sma_impl(args[sma_window], args[sma_min_periods | std::size_t{0}])
    {
    }

    /// min_periods = 0 means "the window": no value until the window is full.
    sma_impl(std::size_t window, std::size_t min_periods)
        : window_(checked_window(window)),
          min_periods_(checked_min_periods(min_periods == 0 ? window : min_periods, window)),
          ring_(window, Sample(0))
    {
    }

    template <typename Args>
    void operator()(Args const& args)
    {
        push(args[boost::accumulators::sample]);
    }

    void push(Sample x) noexcept
    {
        Sample& slot = ring_[next_];
        sum_.add_difference(static_cast<double>(x), static_cast<double>(slot)); // slot is 0 while filling
        slot = x;
        if (count_ < window_) {
            ++count_;
        }
        if (++next_ == window_) {
            next_ = 0;
            sum_.renormalize(); // once per window: keeps the low word small, off the hot path
        }
    }

    [[nodiscard]] result_type value() const noexcept
    {
        if (count_ < min_periods_) {
            return std::nullopt;
        }
        return static_cast<Sample>(sum_.value() / static_cast<double>(count_));
    }

    template <typename Args>
    result_type result(Args const& /*args*/) const noexcept
    {
        return value();
    }

    [[nodiscard]] std::size_t count() const noexcept { return count_; }
    [[nodiscard]] std::size_t window() const noexcept { return window_; }

private:
    static std::size_t checked_window(std::size_t window)
    {
        if (window == 0) {
            throw_parameter_error("sma window", ">= 1", 0.0);
        }
        return window;
    }
    static std::size_t checked_min_periods(std::size_t min_periods, std::size_t window)
    {
        if (min_periods > window) {
            throw_parameter_error("sma min_periods", "between 1 and the window",
                                  static_cast<double>(min_periods));
        }
        return min_periods;
    }

    std::size_t window_;
    std::size_t min_periods_;
    std::vector<Sample> ring_;
    std::size_t next_ = 0;
    std::size_t count_ = 0;
    compensated_sum sum_;
};

} // namespace impl

namespace tag {
struct sma : boost::accumulators::depends_on<>, sma_window, sma_min_periods {
    using impl = smooth::impl::sma_impl<boost::mpl::_1>;
};
} // namespace tag

namespace extract {
inline constexpr boost::accumulators::extractor<tag::sma> sma = {};
} // namespace extract
using extract::sma;

/// The SMA of a whole sequence, one entry per sample; the same arithmetic as streaming.
template <std::floating_point T>
std::vector<std::optional<T>> simple_moving_average(std::span<const T> series, std::size_t window,
                                                    std::size_t min_periods = 0)
{
    impl::sma_impl<T> acc(window, min_periods);
    std::vector<std::optional<T>> out;
    out.reserve(series.size());
    for (const T x : series) {
        acc.push(x);
        out.push_back(acc.value());
    }
    return out;
}

} // namespace smooth

#endif
