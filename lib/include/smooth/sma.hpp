// Simple moving average: the mean of the last N rows,
//
//   SMA_t = (x_(t-N+1) + ... + x_t) / N,   or, as a stream:   sum += in - out;  mean = sum / n.
//
// The textbook form is below, in full: a ring of the last N rows and an exact running sum
// (superaccumulator.hpp: every finite double added and removed without rounding, R. M. Neal,
// "Fast exact summation using small and large superaccumulators", arXiv:1505.05571, 2015).
// smooth::sma_stream, the batch simple_moving_average and the Boost feature tag::sma give the
// same numbers, bit for bit, 13 to 15 times faster with every mean read (detail/sma_fast.hpp;
// measured in docs/performance.md, "The textbook SMA and the fast one").
//
//   smooth::sma_stream<double> sma(4);                     // or smooth::textbook::sma_stream
//   sma.push(x); std::optional<double> m = sma.value();    // nullopt until 4 values
//
// Result:     std::optional<T>: nullopt while fewer than `min_periods` values are present
//             (default: min_periods = window, as pandas' rolling(window).mean()).
// Contract:   for a window of finite doubles, the double nearest the window's exact mean (its
//             exact sum divided by the count, rounded once, ties to even), bit for bit,
//             whatever left the window before and whatever the exponents inside it, also for
//             a sum past double's range (+-inf only when the mean itself is past the range).
//             Not Python's math.fsum(window) / len(window): that rounds the sum, then the
//             quotient, and is 1 ulp off for about one window in four.
// Missing:    the window is over rows; a NaN row in it is left out and min_periods counts the
//             values present (pandas): [1, NaN, 2, 3], window 2 -> -, -, -, 2.5.
// Infinite:   +inf (-inf) while one is in the window, NaN while both are; exact again once
//             they have left (data.table's algo="exact", RcppRoll).
// Parameters: window >= 1, min_periods 1..window (0 means "the window"); std::invalid_argument
//             naming the value otherwise. Memory grows with the values read, up to the window.
// Threads:    value() is const and changes nothing a caller can see: two threads may read one
//             stream at once (as long as nobody pushes meanwhile).
#ifndef SMOOTH_SMA_HPP
#define SMOOTH_SMA_HPP

#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <optional>
#include <vector>

#include <smooth/detail/sma_fast.hpp> // smooth::sma_stream, simple_moving_average, tag::sma
#include <smooth/superaccumulator.hpp>

namespace smooth::textbook {

template <std::floating_point T>
class sma_stream {
public:
    explicit sma_stream(std::size_t window, std::size_t min_periods = 0)
        : window_(smooth::sma_stream<T>::checked_window(window)),
          min_periods_(smooth::sma_stream<T>::checked_min_periods(min_periods == 0 ? window : min_periods, window))
    {
    }

    void push(T x)
    {
        if (ring_.size() < window_) {
            ring_.push_back(x); // the window fills: nothing leaves
        } else {
            leave(ring_[next_]); // the oldest row goes out
            ring_[next_] = x;
        }
        next_ = (next_ + 1) % window_;
        enter(x);
    }

    [[nodiscard]] std::optional<T> value() const
    {
        const std::size_t present = ring_.size() - nan_;
        if (present == 0 || present < min_periods_) {
            return std::nullopt;
        }
        if (pos_inf_ != 0 && neg_inf_ != 0) {
            return std::numeric_limits<T>::quiet_NaN();
        }
        if (pos_inf_ != 0 || neg_inf_ != 0) {
            return pos_inf_ != 0 ? std::numeric_limits<T>::infinity() : -std::numeric_limits<T>::infinity();
        }
        return static_cast<T>(sum_.mean(present)); // the exact sum divided by n, rounded once
    }

    /// The rows in the window, oldest first.
    [[nodiscard]] std::vector<T> rows() const
    {
        std::vector<T> out(ring_.begin() + static_cast<std::ptrdiff_t>(next_), ring_.end());
        out.insert(out.end(), ring_.begin(), ring_.begin() + static_cast<std::ptrdiff_t>(next_));
        return out;
    }

private:
    void enter(T x)
    {
        const auto v = static_cast<double>(x);
        if (std::isnan(v)) {
            ++nan_;
        } else if (std::isinf(v)) {
            ++(v > 0 ? pos_inf_ : neg_inf_);
        } else {
            sum_.add(v); // exact: no rounding, whatever the exponents
        }
    }
    void leave(T x)
    {
        const auto v = static_cast<double>(x);
        if (std::isnan(v)) {
            --nan_;
        } else if (std::isinf(v)) {
            --(v > 0 ? pos_inf_ : neg_inf_);
        } else {
            sum_.subtract(v);
        }
    }

    std::size_t window_;
    std::size_t min_periods_;
    std::vector<T> ring_;  // the last `window_` rows
    std::size_t next_ = 0; // where the next row goes
    superaccumulator sum_; // the finite values in the ring, exactly
    std::size_t nan_ = 0;  // NaN, +inf and -inf rows in the ring, counted apart
    std::size_t pos_inf_ = 0;
    std::size_t neg_inf_ = 0;
};

} // namespace smooth::textbook

#endif
