// The trading convention's EMA, streaming: TA-Lib's EMA(N) and R's TTR::EMA(x, n), seeded
// with the SMA of the first N values, and Wilder's smoothing (RSI, ATR). The contract is
// ema.hpp's; the arithmetic is TTR's (x * ratio + previous * (1 - ratio)).
//
// For more information, see TTR's EMA (R package TTR, "MovingAverages": n, wilder, ratio),
// TA-Lib's TA_EMA (its seed: the SMA of the first N values) and J. W. Wilder, "New Concepts in
// Technical Trading Systems", 1978 (the smoothing with alpha = 1/N behind RSI and ATR).
#ifndef SMOOTH_EMA_SEEDED_HPP
#define SMOOTH_EMA_SEEDED_HPP

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include <smooth/decay.hpp>
#include <smooth/detail/on_demand.hpp>
#include <smooth/missing.hpp>
#include <smooth/parameter_error.hpp>
#include <smooth/superaccumulator.hpp>

namespace smooth {

/// The trading convention (TA-Lib, R's TTR): nothing for the first N - 1 values, the SMA of
/// the first N values at the N-th, then Y_t = alpha S_t + (1 - alpha) Y_{t-1}. EMA(N) has
/// alpha = 2 / (N + 1) (ema_seeded_stream::ema(N)); Wilder's smoothing (RSI, ATR) has
/// alpha = 1 / N (ema_seeded_stream::wilder(N)). Missing values: skipped while the seed
/// fills (the seed is the mean of the first N values present); after it, under decay, the
/// old value weighs beta^(g+1) against alpha after g missing samples, as pandas' adjust=False;
/// under skip they are dropped. The seed is the exact mean of the first N values, rounded once (superaccumulator).
template <std::floating_point T>
class ema_seeded_stream {
public:
    using value_type = T;

    /// A decay like every other stream's (a plain double is a beta); its alpha and beta are
    /// used as they are.
    /// min_periods: no value until that many samples were observed (0, or anything up to the
    /// period: the period, as TTR).
    ema_seeded_stream(std::size_t period, decay d, missing_policy missing = missing_policy::decay, std::size_t min_periods = 0)
        : period_(checked_period(period)), alpha_(d.alpha), beta_(d.beta), missing_(missing),
          min_periods_(std::max(min_periods, period_))
    {
    }

    /// EMA(N): alpha = 2 / (N + 1), TA-Lib's EMA and TTR's EMA(x, n).
    static ema_seeded_stream ema(std::size_t period, missing_policy missing = missing_policy::decay, std::size_t min_periods = 0)
    {
        return {checked_period(period), decay::from_alpha_exactly(2.0 / (static_cast<double>(period) + 1.0)), missing, min_periods};
    }
    /// Wilder's smoothing: alpha = 1 / N, TTR's EMA(x, n, wilder = TRUE).
    static ema_seeded_stream wilder(std::size_t period, missing_policy missing = missing_policy::decay, std::size_t min_periods = 0)
    {
        return {checked_period(period), decay::from_alpha_exactly(1.0 / static_cast<double>(checked_period(period))),
                missing, min_periods};
    }

    void push(T x)
    {
        const auto v = static_cast<double>(x);
        const bool observed = missing_ == missing_policy::propagate || !std::isnan(v);
        if (observed_ < period_) {
            if (observed) {
                if (std::isfinite(v)) {
                    seed_->add(v);
                } else {
                    non_finite_ += v; // inf, -inf, NaN: the seed is what IEEE makes of them
                }
                if (++observed_ == period_) {
                    value_ = seed_->mean(period_) + non_finite_;
                }
            }
            return;
        }
        if (observed || missing_ == missing_policy::decay) {
            old_weight_ *= beta_;
        }
        if (observed) {
            ++observed_;
            if (beta_ == 0.0) { // alpha 1 (a period of 1): the newest sample, also after an infinity
                value_ = v;
            } else if (old_weight_ == beta_) {
                value_ = v * alpha_ + value_ * beta_; // TTR's arithmetic
            } else {
                value_ = (old_weight_ * value_ + alpha_ * v) / (old_weight_ + alpha_);
            }
            old_weight_ = 1.0;
        }
    }

    /// nullopt until the seed is complete (and min_periods samples were observed).
    [[nodiscard]] std::optional<T> value() const noexcept
    {
        if (observed_ < min_periods_) {
            return std::nullopt;
        }
        return static_cast<T>(value_);
    }
    [[nodiscard]] std::size_t observed() const noexcept { return observed_; }
    [[nodiscard]] std::size_t period() const noexcept { return period_; }
    [[nodiscard]] double alpha() const noexcept { return alpha_; }

    /// Save and restore (docs/reference/api-rules.md): the seed's exact sum while it fills,
    /// the value and its weight after.
    struct state {
        std::size_t observed = 0;
        superaccumulator::words seed{};
        double non_finite = 0.0;
        double value = 0.0;
        double old_weight = 1.0;
    };
    [[nodiscard]] state saved() const
    {
        return {observed_, observed_ < period_ ? seed_->saved() : superaccumulator::words{}, non_finite_, value_,
                old_weight_};
    }
    void restore(state const& s)
    {
        if (s.observed < period_) {
            seed_->restore(s.seed);
        }
        observed_ = s.observed;
        non_finite_ = s.non_finite;
        value_ = s.value;
        old_weight_ = s.old_weight;
    }

private:
    static std::size_t checked_period(std::size_t period)
    {
        if (period == 0) {
            throw_parameter_error("seeded EMA period", ">= 1", 0.0);
        }
        return period;
    }

    std::size_t period_;
    double alpha_;
    double beta_;
    missing_policy missing_;
    std::size_t min_periods_;
    detail::on_demand<superaccumulator> seed_; // made when the seeding starts
    double non_finite_ = 0.0;
    double value_ = 0.0;
    double old_weight_ = 1.0;
    std::size_t observed_ = 0;
};


} // namespace smooth

#endif
