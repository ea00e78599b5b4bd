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
//   ema.push(x); double v = ema.value();
//
//   accumulator_set<double, features<smooth::tag::ema_corrected>> acc(smooth::tag::ema::beta = 0.9);
//   acc(x); double v = smooth::ema_corrected(acc);      // the same, as a Boost feature
//
// Result:     the sample type (double, float, std::vector<T>, std::valarray<T>); NaN (or an
//             empty vector) before the first observed sample for the corrected and
//             first-seeded forms, before the N-th for the seeded ones.
// Parameters: a decay (decay.hpp: beta, or pandas' alpha, span, com, halflife), validated;
//             a missing_policy for NaN scalar samples (default decay, pandas' default).
//             Vector samples are never checked: a NaN element propagates.
// Agreement:  scalar corrected and first-seeded EMAs do pandas' own arithmetic on pandas'
//             own alpha and beta, so they agree with pandas 1.5.3 to a few ulp for every
//             spelling and missing policy (tests/test_ema.cpp, values in tests/REFERENCES.md).
// Complexity: O(1) per sample (O(n) for vectors of n, in place, no allocation after the
//             first sample); O(1) memory (O(n) for vectors).
#ifndef SMOOTH_EMA_HPP
#define SMOOTH_EMA_HPP

#include <smooth/ieee_check.hpp>

#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <iterator>
#include <valarray>
#include <vector>

#include <boost/accumulators/framework/accumulator_base.hpp>
#include <boost/accumulators/framework/accumulator_set.hpp>
#include <boost/accumulators/framework/depends_on.hpp>
#include <boost/accumulators/framework/extractor.hpp>
#include <boost/accumulators/framework/features.hpp>
#include <boost/accumulators/framework/parameters/sample.hpp>
#include <boost/parameter/keyword.hpp>

#include <smooth/decay.hpp>
#include <smooth/missing.hpp>
#include <smooth/parameter_error.hpp>
#include <smooth/stream_array.hpp>
#include <smooth/stream_feature.hpp>
#include <smooth/detail/on_demand.hpp>
#include <smooth/superaccumulator.hpp>

namespace smooth {

BOOST_PARAMETER_NESTED_KEYWORD(tag, ema_beta, beta)
BOOST_PARAMETER_NESTED_KEYWORD(tag, ema_missing, missing)
BOOST_PARAMETER_NESTED_KEYWORD(tag, ema_seeded_period, period)
BOOST_PARAMETER_NESTED_KEYWORD(tag, wilder_period, period) // its own: one set may hold both with different N

/// What an EMA can average: a floating-point scalar or a vector of them.
template <typename T>
concept ema_scalar = std::floating_point<T>;

template <typename T>
concept ema_vector = (std::same_as<T, std::vector<typename T::value_type>> ||
                      std::same_as<T, std::valarray<typename T::value_type>>) &&
                     std::floating_point<typename T::value_type>;

template <typename T>
concept ema_sample = ema_scalar<T> || ema_vector<T>;

namespace detail {

template <ema_sample Sample>
Sample nan_like(Sample const& shape)
{
    if constexpr (ema_scalar<Sample>) {
        (void)shape;
        return std::numeric_limits<Sample>::quiet_NaN();
    } else {
        return Sample{};
    }
}

/// Calls nothing: the default visitor of blend_each.
struct no_visit {
    void operator()(std::size_t /*i*/, double /*v_i*/) const noexcept {}
};

/// v = beta v + (1 - beta) x element by element, in place, calling visit(i, v_i) right after
/// element i is updated (so a caller can use it in the same pass over memory).
template <ema_vector Sample, typename Visit>
void blend_each(Sample& v, std::span<const typename Sample::value_type> x, double beta,
                double one_minus_beta, Visit&& visit)
{
    if (v.size() != x.size()) {
        if (v.size() == 0) {
            v.resize(x.size()); // the first sample fixes the length; V_0 = 0
        } else {
            throw std::invalid_argument("ema: sample has " + std::to_string(x.size()) +
                                        " elements, expected " + std::to_string(v.size()));
        }
    }
    using T = typename Sample::value_type;
    const std::size_t n = x.size();
    for (std::size_t i = 0; i < n; ++i) {
        // beta 0 (alpha 1): the newest sample, also after an infinity (0 * inf would be NaN)
        const T vi = beta == 0.0 ? x[i] : static_cast<T>(beta * v[i] + one_minus_beta * x[i]);
        v[i] = vi;
        visit(i, vi);
    }
}

/// v = beta v + (1 - beta) x, element by element for vectors, in place.
template <ema_sample Sample>
void blend(Sample& v, Sample const& x, double beta, double one_minus_beta)
{
    if constexpr (ema_scalar<Sample>) {
        // beta 0 (alpha 1): the newest sample, also after an infinity (0 * inf would be NaN)
        v = beta == 0.0 ? x : static_cast<Sample>(beta * v + one_minus_beta * x);
    } else {
        using T = typename Sample::value_type;
        blend_each(v, std::span<const T>(std::begin(x), x.size()), beta, one_minus_beta, no_visit{});
    }
}

/// v / divisor, element by element (a division, not a reciprocal: one rounding, not two).
template <ema_sample Sample>
Sample divided(Sample const& v, double divisor)
{
    if constexpr (ema_scalar<Sample>) {
        return static_cast<Sample>(v / divisor);
    } else {
        Sample out(v);
        for (auto& e : out) {
            e = static_cast<typename Sample::value_type>(e / divisor);
        }
        return out;
    }
}

} // namespace detail

namespace detail {
/// The element type of a sample: T for a scalar T, T for std::vector<T> and std::valarray<T>.
/// (A requires-clause that named Sample::value_type directly would not compile for double
/// under clang.)
template <typename S>
struct element {
    using type = S;
};
template <typename T>
struct element<std::vector<T>> {
    using type = T;
};
template <typename T>
struct element<std::valarray<T>> {
    using type = T;
};
} // namespace detail

/// The article's EMA, V_0 = 0, V_t = beta V_{t-1} + alpha S_t (alpha = 1 - beta), streaming,
/// plus W_t, the weight the observed samples hold in V_t, kept by its own recursion
/// W_t = beta W_{t-1} + alpha (W_t = beta W_{t-1} for a missing sample under decay): the
/// bias-corrected value V_t / W_t needs no 1 - beta^t, so there is no cancellation however
/// close beta is to 1 and however long a run of missing samples.
template <typename Sample>
class ema_stream {
    static_assert(ema_sample<Sample>, "smooth::ema_stream needs float/double or a vector of them");

public:
    using value_type = Sample;

    explicit ema_stream(decay d, missing_policy missing = missing_policy::decay)
        : beta_(d.beta), alpha_(d.alpha), missing_(missing)
    {
        if constexpr (ema_scalar<Sample>) {
            value_ = Sample(0);
        }
    }

    void push(Sample const& x)
    {
        if constexpr (ema_scalar<Sample>) {
            if (missing_ != missing_policy::propagate && std::isnan(x)) {
                if (missing_ == missing_policy::decay) {
                    value_ = beta_ == 0.0 ? Sample(0) : static_cast<Sample>(beta_ * value_);
                    weight_ *= beta_; // the step's weight is nobody's
                }
                return;
            }
        }
        observe();
        detail::blend(value_, x, beta_, alpha_);
    }

    /// Vector samples given as a span: folds x in and calls visit(i, v_i) right after each
    /// element is updated; weight_sum() already counts this sample. The momentum step uses
    /// it to update the velocity and the parameters in one pass, without a copy.
    template <typename T, typename Visit>
        requires ema_vector<Sample> && std::same_as<T, typename detail::element<Sample>::type>
    void push_each(std::span<const T> x, Visit&& visit)
    {
        observe();
        detail::blend_each(value_, x, beta_, alpha_, std::forward<Visit>(visit));
    }

    /// A new decay for the samples to come (a schedule); what is averaged so far stays.
    void set_beta(decay d)
    {
        beta_ = d.beta;
        alpha_ = d.alpha;
    }

    /// V_t, the article's EMA (0 before the first sample).
    [[nodiscard]] Sample const& value() const noexcept { return value_; }

    /// W_t: the weight the observed samples hold in V_t (1 - beta^t without gaps).
    [[nodiscard]] double weight_sum() const noexcept { return weight_; }

    /// The weight V_0 = 0 and any missing samples still hold: 1 - W_t (beta^t without gaps;
    /// for display: it is a difference, so its relative precision drops as W_t nears 1).
    [[nodiscard]] double zero_start_weight() const noexcept { return 1.0 - weight_; }

    /// What weight_sum() will be once the next sample is folded in. The bias-corrected
    /// momentum step needs it before it walks the vector.
    [[nodiscard]] double next_weight_sum() const noexcept { return beta_ * weight_ + alpha_; }

    /// V_t / W_t: NaN (or empty) before the first observed sample.
    [[nodiscard]] Sample corrected() const
    {
        if (observed_ == 0) {
            return detail::nan_like(value_);
        }
        return detail::divided(value_, weight_);
    }

    [[nodiscard]] double beta() const noexcept { return beta_; }
    [[nodiscard]] double alpha() const noexcept { return alpha_; }
    [[nodiscard]] std::size_t observed() const noexcept { return observed_; }

private:
    void observe() noexcept
    {
        weight_ = beta_ * weight_ + alpha_; // settles within about 2^-53 / alpha of 1
        ++observed_;
    }

    double beta_;
    double alpha_;
    missing_policy missing_;
    Sample value_{};
    double weight_ = 0.0;
    std::size_t observed_ = 0;
};

namespace detail {

/// pandas' exponentially weighted mean (pandas/_libs/window/aggregations.pyx, ewm), on a
/// scalar stream: the running mean and the running weight of the past relative to the newest
/// sample's weight `new_weight`, with `reset_weight` = false for adjust=True (the weight
/// accumulates) and true for adjust=False (the past always weighs beta against alpha).
template <std::floating_point T>
class pandas_ewm {
public:
    pandas_ewm(decay d, missing_policy missing, bool adjust)
        : beta_(d.beta), new_weight_(adjust ? 1.0 : d.alpha), adjust_(adjust), missing_(missing)
    {
    }

    void push(T x)
    {
        const bool observed = missing_ == missing_policy::propagate || !std::isnan(x);
        if (observed_ == 0) {
            if (observed) {
                mean_ = static_cast<double>(x);
                ++observed_;
            }
            return;
        }
        if (observed || missing_ == missing_policy::decay) {
            old_weight_ *= beta_;
        }
        if (observed) {
            ++observed_;
            const auto v = static_cast<double>(x);
            if (old_weight_ == 0.0) { // beta 0 (alpha 1): the newest sample, also after an infinity
                mean_ = v;
            } else if (mean_ != v) { // pandas: keeps a constant series exact
                mean_ = (old_weight_ * mean_ + new_weight_ * v) / (old_weight_ + new_weight_);
            }
            old_weight_ = adjust_ ? old_weight_ + new_weight_ : 1.0;
        }
    }

    /// The mean, NaN before the first observed sample.
    [[nodiscard]] T value() const noexcept
    {
        return observed_ == 0 ? std::numeric_limits<T>::quiet_NaN() : static_cast<T>(mean_);
    }
    [[nodiscard]] std::size_t observed() const noexcept { return observed_; }

private:
    double beta_;
    double new_weight_;
    bool adjust_;
    missing_policy missing_;
    double mean_ = 0.0;
    double old_weight_ = 1.0;
    std::size_t observed_ = 0;
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

    explicit ema_corrected_stream(decay d, missing_policy missing = missing_policy::decay)
        : state_(make(d, missing))
    {
    }

    void push(Sample const& x) { state_.push(x); }

    /// NaN (or empty) before the first observed sample.
    [[nodiscard]] Sample value() const
    {
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
    static state_type make(decay d, missing_policy missing)
    {
        if constexpr (ema_scalar<Sample>) {
            return state_type(d, missing, true);
        } else {
            return state_type(d, missing);
        }
    }
    state_type state_;
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

    explicit ema_first_stream(decay d, missing_policy missing = missing_policy::decay)
        : d_(d), state_(make(d, missing))
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

    /// NaN (or empty) before the first observed sample.
    [[nodiscard]] Sample value() const
    {
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
};

/// The trading convention (TA-Lib, R's TTR): nothing for the first N - 1 values, the SMA of
/// the first N values at the N-th, then Y_t = alpha S_t + (1 - alpha) Y_{t-1}. EMA(N) has
/// alpha = 2 / (N + 1) (ema_seeded_stream::ema(N)); Wilder's smoothing (RSI, ATR) has
/// alpha = 1 / N (ema_seeded_stream::wilder(N)). Missing values: skipped while the seed
/// fills (the seed is the mean of the first N values present); after it, under decay, the
/// old value weighs beta^(g+1) against alpha after g missing samples, as pandas' adjust=False;
/// under skip they are dropped. The seed's sum is exact (superaccumulator), then divided by N.
template <std::floating_point T>
class ema_seeded_stream {
public:
    using value_type = T;

    /// A decay like every other stream's (a plain double is a beta); its alpha and beta are
    /// used as they are.
    ema_seeded_stream(std::size_t period, decay d, missing_policy missing = missing_policy::decay)
        : period_(checked_period(period)), alpha_(d.alpha), beta_(d.beta), missing_(missing)
    {
    }

    /// EMA(N): alpha = 2 / (N + 1), TA-Lib's EMA and TTR's EMA(x, n).
    static ema_seeded_stream ema(std::size_t period, missing_policy missing = missing_policy::decay)
    {
        return {checked_period(period), decay::from_alpha_exactly(2.0 / (static_cast<double>(period) + 1.0)), missing};
    }
    /// Wilder's smoothing: alpha = 1 / N, TTR's EMA(x, n, wilder = TRUE).
    static ema_seeded_stream wilder(std::size_t period, missing_policy missing = missing_policy::decay)
    {
        return {checked_period(period), decay::from_alpha_exactly(1.0 / static_cast<double>(checked_period(period))),
                missing};
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

    /// NaN until the seed is complete.
    [[nodiscard]] T value() const noexcept
    {
        return observed_ < period_ ? std::numeric_limits<T>::quiet_NaN() : static_cast<T>(value_);
    }
    [[nodiscard]] std::size_t observed() const noexcept { return observed_; }
    [[nodiscard]] std::size_t period() const noexcept { return period_; }
    [[nodiscard]] double alpha() const noexcept { return alpha_; }

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
    detail::on_demand<superaccumulator> seed_; // made when the seeding starts
    double non_finite_ = 0.0;
    double value_ = 0.0;
    double old_weight_ = 1.0;
    std::size_t observed_ = 0;
};

namespace impl {

/// The Boost.Accumulators features: thin wrappers around the streams above.
template <typename Sample>
struct ema_impl : stream_feature<ema_stream<Sample>> {
    template <typename Args>
    explicit ema_impl(Args const& args)
        : stream_feature<ema_stream<Sample>>(ema_stream<Sample>(args[ema_beta], args[ema_missing | missing_policy::decay]))
    {
    }
};

template <typename Sample>
struct ema_corrected_impl : stream_feature<ema_corrected_stream<Sample>> {
    template <typename Args>
    explicit ema_corrected_impl(Args const& args)
        : stream_feature<ema_corrected_stream<Sample>>(
              ema_corrected_stream<Sample>(args[ema_beta], args[ema_missing | missing_policy::decay]))
    {
    }
};

template <typename Sample>
struct ema_first_impl : stream_feature<ema_first_stream<Sample>> {
    template <typename Args>
    explicit ema_first_impl(Args const& args)
        : stream_feature<ema_first_stream<Sample>>(
              ema_first_stream<Sample>(args[ema_beta], args[ema_missing | missing_policy::decay]))
    {
    }
};

// one type parameter each, as Boost.MPL's placeholders need
template <typename Sample>
struct ema_seeded_impl : stream_feature<ema_seeded_stream<Sample>> {
    template <typename Args>
    explicit ema_seeded_impl(Args const& args)
        : stream_feature<ema_seeded_stream<Sample>>(
              ema_seeded_stream<Sample>::ema(args[ema_seeded_period], args[ema_missing | missing_policy::decay]))
    {
    }
};

template <typename Sample>
struct wilder_impl : stream_feature<ema_seeded_stream<Sample>> {
    template <typename Args>
    explicit wilder_impl(Args const& args)
        : stream_feature<ema_seeded_stream<Sample>>(
              ema_seeded_stream<Sample>::wilder(args[wilder_period], args[ema_missing | missing_policy::decay]))
    {
    }
};

} // namespace impl

namespace tag {
struct ema : boost::accumulators::depends_on<>, ema_beta, ema_missing {
    using impl = smooth::impl::ema_impl<boost::mpl::_1>;
};
struct ema_corrected : boost::accumulators::depends_on<ema> { // keeps tag::ema in the set, as before
    using impl = smooth::impl::ema_corrected_impl<boost::mpl::_1>;
};
struct ema_first : boost::accumulators::depends_on<>, ema_beta, ema_missing {
    using impl = smooth::impl::ema_first_impl<boost::mpl::_1>;
};
struct ema_seeded : boost::accumulators::depends_on<>, ema_seeded_period, ema_missing {
    using impl = smooth::impl::ema_seeded_impl<boost::mpl::_1>;
};
struct wilder : boost::accumulators::depends_on<>, wilder_period, ema_missing {
    using impl = smooth::impl::wilder_impl<boost::mpl::_1>;
};
} // namespace tag

namespace extract {
inline constexpr boost::accumulators::extractor<tag::ema> ema = {};
inline constexpr boost::accumulators::extractor<tag::ema_corrected> ema_corrected = {};
inline constexpr boost::accumulators::extractor<tag::ema_first> ema_first = {};
inline constexpr boost::accumulators::extractor<tag::ema_seeded> ema_seeded = {};
inline constexpr boost::accumulators::extractor<tag::wilder> wilder = {};
} // namespace extract
using extract::ema;
using extract::ema_corrected;
using extract::ema_first;
using extract::ema_seeded;
using extract::wilder;

/// Which of the three EMAs a batch call computes.
enum class ema_form { zero_start, corrected, first_seeded };

/// The EMA of a whole scalar sequence, one value per sample, with the same arithmetic as the
/// streaming types (bit for bit).
template <ema_scalar T>
std::vector<T> exponential_moving_average(std::span<const T> series, decay d, ema_form form = ema_form::zero_start,
                                          missing_policy missing = missing_policy::decay)
{
    std::vector<T> out(series.size());
    const auto run = [&](auto acc) { detail::stream_into(acc, series, std::span<T>(out)); };
    switch (form) {
    case ema_form::first_seeded:
        run(ema_first_stream<T>(d, missing));
        break;
    case ema_form::corrected:
        run(ema_corrected_stream<T>(d, missing));
        break;
    case ema_form::zero_start:
        run(ema_stream<T>(d, missing));
        break;
    }
    return out;
}

namespace detail {

/// The zero-start EMA V_t = beta V_(t-1) + alpha x_t over an array, into out, continuing from
/// v (updated). Blocks of 8 samples whose values (and the carry) are finite are a blocked scan:
/// u = alpha x, a log-step decayed scan inside the block (shifts 1, 2, 4), then one carry per
/// block, V_(k+i) = p_i + beta^(i+1) V_(k-1): the only dependency between blocks is one fused
/// multiply-add, where the serial loop has one per sample. A block with a NaN or an infinity
/// (or a non-finite carry) runs serially with the streaming rules.
inline void ema_scan(std::span<const double> x, std::span<double> out, double beta, double alpha, missing_policy missing,
                     double& v)
{
    constexpr std::size_t B = 8;
    // beta^i rounded once (from long double), not compounded: the carry's factor beta^8
    // touches every value, and its error would live on for 1/(1 - beta^8) blocks
    double powers[B + 1];
    long double power = 1.0L;
    for (std::size_t i = 0; i <= B; ++i) {
        powers[i] = static_cast<double>(power);
        power *= static_cast<long double>(beta);
    }
    const double b1 = powers[1];
    const double b2 = powers[2];
    const double b4 = powers[4];
    // the carry in a local: through the reference it would live in memory (out could alias it)
    double carry = v;
    const auto serial = [&](std::size_t from, std::size_t to) {
        for (std::size_t t = from; t < to; ++t) {
            const double xt = x[t];
            if (missing != missing_policy::propagate && std::isnan(xt)) {
                if (missing == missing_policy::decay) {
                    carry = beta == 0.0 ? 0.0 : beta * carry;
                }
            } else {
                carry = beta == 0.0 ? xt : beta * carry + alpha * xt; // ema_stream's arithmetic
            }
            out[t] = carry;
        }
    };
    // two doubles a vector (SSE2 everywhere on x86-64; GCC and clang vector extensions): the
    // block is four vectors w0..w3 of (x_2k, x_2k+1), named, not an array: with an array
    // -march=native builds kept the block in memory and ran a loop over it (1.4x slower)
    using d2 = double __attribute__((vector_size(16)));
    const d2 zero = {0.0, 0.0};
    const d2 c0 = {powers[1], powers[2]};
    const d2 c1 = {powers[3], powers[4]};
    const d2 c2 = {powers[5], powers[6]};
    const d2 c3 = {powers[7], powers[8]};
    const auto load = [&](std::size_t at) {
        d2 r;
        __builtin_memcpy(&r, x.data() + at, sizeof r);
        return r;
    };
    const auto store = [&](std::size_t at, d2 r) { __builtin_memcpy(out.data() + at, &r, sizeof r); };
    const std::size_t n = x.size();
    std::size_t t = 0;
    for (; t + B <= n; t += B) {
        d2 w0 = load(t);
        d2 w1 = load(t + 2);
        d2 w2 = load(t + 4);
        d2 w3 = load(t + 6);
        const d2 probe = (w0 * 0.0 + w1 * 0.0) + (w2 * 0.0 + w3 * 0.0) + carry * 0.0;
        if (probe[0] != 0.0 || probe[1] != 0.0) { // NaN: a value or the carry is not finite
            serial(t, t + B);
            continue;
        }
        w0 = alpha * w0;
        w1 = alpha * w1;
        w2 = alpha * w2;
        w3 = alpha * w3;
        // shift 1: each element takes beta times its left neighbour, across vectors too;
        // from the top down, so each reads the old value
        w3 = w3 + b1 * __builtin_shufflevector(w2, w3, 1, 2);
        w2 = w2 + b1 * __builtin_shufflevector(w1, w2, 1, 2);
        w1 = w1 + b1 * __builtin_shufflevector(w0, w1, 1, 2);
        w0 = w0 + b1 * __builtin_shufflevector(zero, w0, 0, 2);
        // shift 2 is one vector, shift 4 two: from the top down, so each reads the old value
        w3 = w3 + b2 * w2;
        w2 = w2 + b2 * w1;
        w1 = w1 + b2 * w0;
        w3 = w3 + b4 * w1;
        w2 = w2 + b4 * w0;
        w0 = w0 + c0 * carry;
        w1 = w1 + c1 * carry;
        w2 = w2 + c2 * carry;
        w3 = w3 + c3 * carry;
        store(t, w0);
        store(t + 2, w1);
        store(t + 4, w2);
        store(t + 6, w3);
        carry = w3[1];
    }
    serial(t, n);
    v = carry;
}

} // namespace detail

/// The EMA of a scalar array into storage the caller owns (out.size() == series.size(), else
/// std::invalid_argument): no allocation, no page of a fresh vector touched for the first time.
/// Every form is the streaming types' own arithmetic, bit for bit, as the vector overload.
template <ema_scalar T>
void exponential_moving_average(std::span<const T> series, std::span<T> out, decay d,
                                ema_form form = ema_form::zero_start, missing_policy missing = missing_policy::decay)
{
    detail::check_output_size("exponential_moving_average", series.size(), out.size());
    const auto run = [&](auto acc) { detail::stream_into(acc, series, out); };
    switch (form) {
    case ema_form::first_seeded:
        run(ema_first_stream<T>(d, missing));
        break;
    case ema_form::corrected:
        run(ema_corrected_stream<T>(d, missing));
        break;
    case ema_form::zero_start:
        run(ema_stream<T>(d, missing));
        break;
    }
}

/// The zero-start EMA of an array as a blocked scan (detail::ema_scan), about 2x the serial
/// recursion's speed: NOT bit for bit the recursion, but within a few units in the last place
/// of it, relative to the size of the samples averaged (tested: 1e-15 up to beta 0.9; for beta
/// nearer 1 as close to the exact value as the recursion is). NaN and infinities follow the
/// streaming rules and land where streaming puts them. A name of its own, so that the same
/// call never gives two answers.
inline void zero_start_ema_blocked(std::span<const double> series, std::span<double> out, decay d,
                                   missing_policy missing = missing_policy::decay)
{
    detail::check_output_size("zero_start_ema_blocked", series.size(), out.size());
    double v = 0.0;
    detail::ema_scan(series, out, d.beta, d.alpha, missing, v);
}

/// TA-Lib's EMA(N) or Wilder's smoothing of a whole array into storage the caller owns
/// (out.size() == series.size(), else std::invalid_argument): `seeded` is the stream to start
/// from, ema_seeded_stream<T>::ema(N) or ::wilder(N) (with its missing policy). Its arithmetic,
/// bit for bit: NaN before the N-th value present, then the seeded recursion.
template <std::floating_point T>
void exponential_moving_average(std::span<const T> series, std::span<T> out, ema_seeded_stream<T> seeded)
{
    detail::check_output_size("exponential_moving_average", series.size(), out.size());
    detail::stream_into(seeded, series, out);
}

/// The same, returning a new vector.
template <std::floating_point T>
std::vector<T> exponential_moving_average(std::span<const T> series, ema_seeded_stream<T> seeded)
{
    std::vector<T> out(series.size());
    exponential_moving_average<T>(series, std::span<T>(out), seeded);
    return out;
}

} // namespace smooth

#endif
