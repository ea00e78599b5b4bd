// pandas' two exponentially weighted means, streaming, with pandas' own arithmetic:
//
//   ema_corrected_stream   V_t / W_t: the zero-start EMA divided by the weight its samples
//                          hold (1 - beta^t without gaps), the bias-corrected EMA of Adam and
//                          pandas' ewm(adjust=True).mean()
//   ema_first_stream       Y_1 = S_1, Y_t = beta Y_(t-1) + alpha S_t: pandas'
//                          ewm(adjust=False).mean()
//
// Scalars run pandas' recursion (pandas/_libs/window/aggregations.pyx, ewm: a running mean and
// the running weight of the past), so they agree with pandas 1.5.3 to a few ulp for every
// decay spelling and missing policy (tests/test_ema.cpp); vectors use ema_stream. The contract
// (result, parameters, missing values) is ema.hpp's.
#ifndef SMOOTH_EMA_CORRECTED_HPP
#define SMOOTH_EMA_CORRECTED_HPP

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include <smooth/decay.hpp>
#include <smooth/detail/ewm_lanes.hpp>
#include <smooth/ema_stream.hpp>
#include <smooth/missing.hpp>

namespace smooth {

namespace detail {

/// pandas' exponentially weighted mean (pandas/_libs/window/aggregations.pyx, ewm), on a
/// scalar stream: the running mean and the running weight of the past relative to the newest
/// sample's weight `new_weight`, with `reset_weight` = false for adjust=True (the weight
/// accumulates) and true for adjust=False (the past always weighs beta against alpha).
template <std::floating_point T>
class pandas_ewm {
public:
    pandas_ewm(decay d, missing_policy missing, bool adjust)
        : p_{d.beta, adjust ? 1.0 : d.alpha, adjust, missing}
    {
    }

    /// What the stream has learnt: the running mean and weight, the samples observed.
    struct state {
        double mean = 0.0;
        double old_weight = 1.0;
        std::size_t observed = 0;
    };

    void push(T x) { advance(p_, s_, x); }

    /// push for every sample of `series`, out[t] the value after series[t] (NaN while fewer
    /// than min_periods were observed): push's arithmetic, bit for bit, kept in locals (a
    /// write to out[t] could be a write to a member, for all the compiler knows, so a loop of
    /// push and value would store and reload the mean at every sample).
    ///
    /// Once the running weight has settled (and min_periods is reached), a long run of samples
    /// goes to detail::ewm_lanes: sixteen stretches at once, the same numbers bit for bit.
    void push_into(std::span<const T> series, std::span<T> out, std::size_t min_periods,
                   ewm_lanes_report* report = nullptr)
    {
        const params p = p_;
        state s = s_;
        const std::size_t first = min_periods == 0 ? 1 : min_periods;
        const std::size_t n = series.size();
        std::size_t t = 0;
        // the shortest array the stretches take, from beta for c / d (what it is, to a few
        // ulp, once the weight has settled): shorter, and the loop below does it all
        const std::size_t worth = ewm_lanes_min_length(p.beta, 1.0);
        // out written over the series (allowed: each sample is read before its value is
        // written) would be read again by a stretch done again: then no stretches
        const T* const in_begin = series.data();
        const T* const out_begin = out.data();
        bool lanes_pay = n == 0 || std::less<const T*>{}(out_begin + n, in_begin + 1) ||
                         std::less<const T*>{}(in_begin + n, out_begin + 1);
        while (lanes_pay && t < n && n - t >= worth) {
            if (settled(p, s, first)) {
                const double c = s.old_weight * p.beta;
                const double d = c + p.new_weight;
                const std::size_t least = ewm_lanes_min_length(c, d);
                if (n - t < least) {
                    break;
                }
                // the next samples the stretches can take: a chunk of two of their blocks (all
                // that is left, if that is less than a chunk and least), up to a sample that is not
                // finite (a NaN under decay changes the weight, and under skip the runs could
                // not leave it out; after a NaN under propagate, or an infinity, the mean is
                // not finite, and no guess meets it). A chunk at a time, so that data they give
                // up on is not read twice.
                const std::size_t chunk = 2 * std::max<std::size_t>(std::size_t{1} << 20, least);
                const std::size_t stop = n - t < chunk + least ? n : t + chunk;
                std::size_t end = t;
                while (end < stop && std::isfinite(series[end])) {
                    ++end;
                }
                double mean = s.mean;
                ewm_lanes_report did;
                const std::size_t done =
                    ewm_lanes<T>(series.subspan(t, end - t), out.subspan(t, end - t), c, p.new_weight, d, mean, &did);
                s.mean = mean;
                s.observed += done;
                t += done;
                lanes_pay = !did.gave_up; // data on which guesses do not meet: not again
                if (report != nullptr) {
                    report->used = report->used || did.used;
                    report->redone += did.redone;
                    report->gave_up = report->gave_up || did.gave_up;
                }
                for (; t < end; ++t) { // what they left (too short, or given up): one at a time
                    advance(p, s, series[t]);
                    out[t] = static_cast<T>(s.mean);
                }
                if (end == stop) {
                    continue; // the next chunk
                }
            }
            advance(p, s, series[t]); // a sample before the weight settles, or one not finite
            out[t] = s.observed < first ? std::numeric_limits<T>::quiet_NaN() : static_cast<T>(s.mean);
            ++t;
        }
        for (; t < n; ++t) { // the recursion, one sample at a time
            advance(p, s, series[t]);
            out[t] = s.observed < first ? std::numeric_limits<T>::quiet_NaN() : static_cast<T>(s.mean);
        }
        s_ = s;
    }

    /// The mean, NaN before the first observed sample.
    [[nodiscard]] T value() const noexcept
    {
        return s_.observed == 0 ? std::numeric_limits<T>::quiet_NaN() : static_cast<T>(s_.mean);
    }
    [[nodiscard]] std::size_t observed() const noexcept { return s_.observed; }

    [[nodiscard]] state saved() const noexcept { return s_; }
    void restore(state const& s) noexcept { s_ = s; }

private:
    struct params {
        double beta;
        double new_weight;
        bool adjust;
        missing_policy missing;
    };

    /// Whether the next observed sample leaves the weight as it is (and its mean is a value):
    /// then the recursion is ewm_lanes' (a fixed c and d).
    static bool settled(params const& p, state const& s, std::size_t first)
    {
        if (s.observed == 0 || s.observed < first) {
            return false;
        }
        const double c = s.old_weight * p.beta;
        // W' = W, and a finite mean (a NaN or infinite one stays so: no run of guesses meets it)
        return c != 0.0 && (p.adjust ? c + p.new_weight : 1.0) == s.old_weight && std::isfinite(s.mean);
    }

    static void advance(params const& p, state& s, T x)
    {
        const bool observed = p.missing == missing_policy::propagate || !std::isnan(x);
        if (s.observed == 0) {
            if (observed) {
                s.mean = static_cast<double>(x);
                ++s.observed;
            }
            return;
        }
        if (observed || p.missing == missing_policy::decay) {
            s.old_weight *= p.beta;
        }
        if (observed) {
            ++s.observed;
            const auto v = static_cast<double>(x);
            if (s.old_weight == 0.0) { // beta 0 (alpha 1): the newest sample, also after an infinity
                s.mean = v;
            } else { // (w m + w_new v) / (w + w_new), the mean kept where it equals v (pandas
                     // keeps a constant series exact): ewm_lanes' step, one formula for both
                s.mean = ewm_fixed_step(s.mean, v, s.old_weight, p.new_weight, s.old_weight + p.new_weight);
            }
            s.old_weight = p.adjust ? s.old_weight + p.new_weight : 1.0;
        }
    }

    params p_;
    state s_;
};

} // namespace detail

/// The bias-corrected EMA V_t / W_t, which is pandas' ewm(adjust=True).mean(). Scalars do
/// pandas' own arithmetic (the running mean and weight), so they agree with pandas to the
/// last bits whatever the decay spelling and missing policy; vectors are V_t / W_t from an
/// ema_stream.
template <typename Sample>
class ema_corrected_stream {
    static_assert(ema_sample<Sample>, "smooth::ema_corrected_stream needs float/double or a vector of them");

public:
    using value_type = Sample;

    /// min_periods, as pandas': no value until that many samples were observed (0: 1).
    explicit ema_corrected_stream(decay d, missing_policy missing = missing_policy::decay, std::size_t min_periods = 0)
        : state_(make(d, missing)), min_periods_(min_periods == 0 ? 1 : min_periods)
    {
    }

    void push(Sample const& x) { state_.push(x); }

    /// For scalars: push every sample of `series`, out[t] the value after series[t] as an
    /// array holds it (NaN for none). The batch form's loop: push's arithmetic, bit for bit.
    void push_into(std::span<const Sample> series, std::span<Sample> out)
        requires ema_scalar<Sample>
    {
        state_.push_into(series, out, min_periods_);
    }

    /// V_t / W_t; nullopt while fewer than min_periods samples were observed.
    [[nodiscard]] std::optional<Sample> value() const
    {
        if (observed() < min_periods_) {
            return std::nullopt;
        }
        if constexpr (ema_scalar<Sample>) {
            return state_.value();
        } else {
            return state_.corrected();
        }
    }
    [[nodiscard]] std::size_t observed() const noexcept { return state_.observed(); }

private:
    using state_type =
        std::conditional_t<ema_scalar<Sample>, detail::pandas_ewm<typename detail::element<Sample>::type>,
                           ema_stream<Sample>>;

public:
    /// Save and restore (docs/reference/api-rules.md): a stream of the same parameters given
    /// state() by restore() continues bit for bit as this one would.
    using state = typename state_type::state;
    [[nodiscard]] state saved() const { return state_.saved(); }
    void restore(state const& s) { state_.restore(s); }

private:
    static state_type make(decay d, missing_policy missing)
    {
        if constexpr (ema_scalar<Sample>) {
            return state_type(d, missing, true);
        } else {
            return state_type(d, missing);
        }
    }
    state_type state_;
    std::size_t min_periods_;
};

/// The EMA seeded with the first sample: Y_1 = S_1, Y_t = beta Y_{t-1} + alpha S_t, which is
/// pandas' ewm(adjust=False).mean(). After g missing samples under missing_policy::decay the
/// old value weighs beta^(g+1) against alpha, as in pandas. Scalars do pandas' arithmetic;
/// vectors blend element by element (no missing-value handling).
template <typename Sample>
class ema_first_stream {
    static_assert(ema_sample<Sample>, "smooth::ema_first_stream needs float/double or a vector of them");

public:
    using value_type = Sample;

    /// min_periods, as pandas': no value until that many samples were observed (0: 1).
    explicit ema_first_stream(decay d, missing_policy missing = missing_policy::decay, std::size_t min_periods = 0)
        : d_(d), state_(make(d, missing)), min_periods_(min_periods == 0 ? 1 : min_periods)
    {
    }

    void push(Sample const& x)
    {
        if constexpr (ema_scalar<Sample>) {
            state_.push(x);
        } else {
            if (observed_++ == 0) {
                state_ = x;
            } else {
                detail::blend(state_, x, d_.beta, d_.alpha);
            }
        }
    }

    /// For scalars: push every sample of `series`, out[t] the value after series[t] as an
    /// array holds it (NaN for none). The batch form's loop: push's arithmetic, bit for bit.
    void push_into(std::span<const Sample> series, std::span<Sample> out)
        requires ema_scalar<Sample>
    {
        state_.push_into(series, out, min_periods_);
    }

    /// Y_t; nullopt while fewer than min_periods samples were observed.
    [[nodiscard]] std::optional<Sample> value() const
    {
        if (observed() < min_periods_) {
            return std::nullopt;
        }
        if constexpr (ema_scalar<Sample>) {
            return state_.value();
        } else {
            return state_;
        }
    }
    [[nodiscard]] std::size_t observed() const noexcept
    {
        if constexpr (ema_scalar<Sample>) {
            return state_.observed();
        } else {
            return observed_;
        }
    }

    /// Save and restore, for scalar samples (as ema_corrected_stream's).
    [[nodiscard]] auto saved() const
        requires ema_scalar<Sample>
    {
        return state_.saved();
    }
    template <typename State>
        requires ema_scalar<Sample>
    void restore(State const& s)
    {
        state_.restore(s);
    }

private:
    using state_type =
        std::conditional_t<ema_scalar<Sample>, detail::pandas_ewm<typename detail::element<Sample>::type>, Sample>;
    static state_type make(decay d, missing_policy missing)
    {
        if constexpr (ema_scalar<Sample>) {
            return state_type(d, missing, false);
        } else {
            return Sample{};
        }
    }
    decay d_;
    state_type state_;
    std::size_t observed_ = 0;
    std::size_t min_periods_;
};


} // namespace smooth

#endif
