// Exponential moving averages, streaming, in the article's form
//
//     V_0 = 0,   V_t = beta V_{t-1} + alpha S_t      (alpha = 1 - beta)
//
// and the companions that pandas, TA-Lib and R's TTR compute:
//
//   ema_stream / tag::ema                   V_t itself: starts low, because V_0 = 0 still
//                                           holds weight beta^t.
//   ema_corrected_stream / tag::ema_corrected  V_t / W_t, W_t = 1 - beta^t kept by its own
//                                           recursion: the bias-corrected EMA (Adam), pandas'
//                                           ewm(adjust=True).mean().
//   ema_first_stream / tag::ema_first       Y_1 = S_1, then the recursion: pandas'
//                                           ewm(adjust=False).mean().
//   ema_seeded_stream / tag::ema_seeded, tag::wilder   seeded with the SMA of the first N
//                                           values: TA-Lib's EMA(N), TTR's EMA(x, n) and
//                                           Wilder's smoothing (alpha = 1/N).
//
//   smooth::ema_corrected_stream<double> ema(smooth::decay::from_span(19));
//   ema.push(x); std::optional<double> v = ema.value();
//
//   accumulator_set<double, features<smooth::tag::ema_corrected>> acc(smooth::tag::ema::beta = 0.9);
//   acc(x); std::optional<double> v = smooth::ema_corrected(acc);   // the same, as a Boost feature
//
// Result:     std::optional of the sample type (double, float, std::vector<T>,
//             std::valarray<T>) for the corrected, first-seeded and seeded forms: nullopt
//             before min_periods observed samples (default 1; the seeded ones at least N);
//             ema_stream's V_t is the sample type itself (V_0 = 0 is a value). The array
//             functions (ema_batch.hpp) write NaN where a stream has none.
// Parameters: a decay (decay.hpp: beta, or pandas' alpha, span, com, halflife), validated;
//             a missing_policy for NaN scalar samples (default decay, pandas' default).
//             Vector samples are never checked: a NaN element propagates.
// Agreement:  scalar corrected and first-seeded EMAs do pandas' own arithmetic on pandas'
//             own alpha and beta, so they agree with pandas 1.5.3 to a few ulp for every
//             spelling and missing policy (tests/test_ema.cpp, values in tests/REFERENCES.md).
// Complexity: O(1) per sample (O(n) for vectors of n, in place, no allocation after the
//             first sample); O(1) memory (O(n) for vectors).
// Where:      ema_stream.hpp holds the article's form; ema_corrected.hpp pandas' two;
//             ema_seeded.hpp the trading one; ema_features.hpp the Boost features;
//             ema_batch.hpp the array functions. Including this header gives them all.
#ifndef SMOOTH_EMA_HPP
#define SMOOTH_EMA_HPP

#include <smooth/ema_stream.hpp>     // ema_stream: the article's form
#include <smooth/ema_corrected.hpp>  // ema_corrected_stream, ema_first_stream: pandas'
#include <smooth/ema_seeded.hpp>     // ema_seeded_stream: TA-Lib's and TTR's, Wilder's
#include <smooth/ema_features.hpp>   // tag::ema, tag::ema_corrected, ... (Boost.Accumulators)
#include <smooth/ema_batch.hpp>      // exponential_moving_average, zero_start_ema_blocked
#include <smooth/superaccumulator.hpp>

#include <cstddef>

// The four forms as a textbook writes them, for one scalar series without missing values: each
// a few lines. The streams above are these, plus missing values, vectors, min_periods and
// Boost.Accumulators; tests/test_ema.cpp holds them equal bit for bit.
namespace smooth::textbook {

/// The article's EMA: V_0 = 0, V_t = beta V_(t-1) + alpha S_t.
class ema {
public:
    explicit ema(decay d) : d_(d) {}
    void push(double x) { v_ = d_.beta == 0.0 ? x : d_.beta * v_ + d_.alpha * x; } // alpha 1: x, also after an inf
    [[nodiscard]] double value() const { return v_; }

private:
    decay d_;
    double v_ = 0.0;
};

/// pandas' ewm(adjust=True): the mean of all samples so far, the newest weighing 1 and each
/// older one beta times the next; kept as a running mean and the weight of the past.
class ema_corrected {
public:
    explicit ema_corrected(decay d) : beta_(d.beta) {}
    void push(double x)
    {
        if (n_++ == 0) {
            mean_ = x;
            return;
        }
        past_ *= beta_; // the past ages one step
        if (past_ == 0.0) {
            mean_ = x;
        } else if (mean_ != x) { // a constant series stays exact
            mean_ = (past_ * mean_ + x) / (past_ + 1.0);
        }
        past_ += 1.0; // the new sample joins the past
    }
    [[nodiscard]] double value() const { return mean_; } // NaN-free after the first push

private:
    double beta_;
    double mean_ = 0.0;
    double past_ = 1.0;
    std::size_t n_ = 0;
};

/// pandas' ewm(adjust=False): Y_1 = S_1, then Y_t = beta Y_(t-1) + alpha S_t, computed as the
/// weighted mean of the old value (weight beta) and the new sample (weight alpha).
class ema_first {
public:
    explicit ema_first(decay d) : d_(d) {}
    void push(double x)
    {
        if (n_++ == 0 || d_.beta == 0.0) {
            y_ = x;
        } else if (y_ != x) {
            y_ = (d_.beta * y_ + d_.alpha * x) / (d_.beta + d_.alpha);
        }
    }
    [[nodiscard]] double value() const { return y_; }

private:
    decay d_;
    double y_ = 0.0;
    std::size_t n_ = 0;
};

/// TA-Lib's EMA(N) and TTR's EMA(x, n): nothing for N - 1 samples, the mean of the first N
/// (their exact mean, rounded once) at the N-th, then Y_t = S_t alpha + Y_(t-1) beta.
class ema_seeded {
public:
    ema_seeded(std::size_t period, decay d) : period_(period), d_(d) {}
    void push(double x)
    {
        if (n_ < period_) {
            sum_.add(x); // finite samples: the seed is exact
            if (++n_ == period_) {
                y_ = sum_.mean(period_);
            }
            return;
        }
        y_ = d_.beta == 0.0 ? x : x * d_.alpha + y_ * d_.beta;
    }
    [[nodiscard]] bool ready() const { return n_ >= period_; }
    [[nodiscard]] double value() const { return y_; }

private:
    std::size_t period_;
    decay d_;
    superaccumulator sum_;
    double y_ = 0.0;
    std::size_t n_ = 0;
};

} // namespace smooth::textbook

#endif
