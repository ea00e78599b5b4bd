// Exponential moving average as Boost.Accumulators features, in the article's form
//
//     V_0 = 0,   V_t = beta V_{t-1} + (1 - beta) S_t
//
// and its two companions that pandas calls adjust=True and adjust=False:
//
//   tag::ema            V_t itself: starts low, because V_0 = 0 carries weight beta^t.
//   tag::ema_corrected  V_t / (1 - beta^t): the bias-corrected EMA (Adam), which is exactly
//                       pandas ewm(alpha=1-beta, adjust=True).mean().
//   tag::ema_first      Y_1 = S_1, Y_t = beta Y_{t-1} + (1 - beta) S_t: seeded with the first
//                       sample, pandas ewm(alpha=1-beta, adjust=False).mean().
//
//   accumulator_set<double, features<smooth::tag::ema_corrected>> acc(smooth::tag::ema::beta = 0.9);
//   acc(x); double v = smooth::ema_corrected(acc);
//
// Result:     the sample type (double, float, std::vector<T>, std::valarray<T>); NaN (or an
//             empty vector) before the first sample for ema_corrected and ema_first.
// Parameters: tag::ema::beta in [0, 1) (see decay.hpp for alpha, span, com, halflife);
//             tag::ema::missing, a missing_policy for NaN scalar samples (default decay,
//             pandas' default). Vector samples are never checked: a NaN element propagates.
// Complexity: O(1) per sample (O(n) for vectors of n, in place, no allocation after the
//             first sample); O(1) memory (O(n) for vectors).
#ifndef SMOOTH_EMA_HPP
#define SMOOTH_EMA_HPP

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

namespace smooth {

BOOST_PARAMETER_NESTED_KEYWORD(tag, ema_beta, beta)
BOOST_PARAMETER_NESTED_KEYWORD(tag, ema_missing, missing)

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
        const T vi = static_cast<T>(beta * v[i] + one_minus_beta * x[i]);
        v[i] = vi;
        visit(i, vi);
    }
}

/// v = beta v + (1 - beta) x, element by element for vectors, in place.
template <ema_sample Sample>
void blend(Sample& v, Sample const& x, double beta, double one_minus_beta)
{
    if constexpr (ema_scalar<Sample>) {
        v = static_cast<Sample>(beta * v + one_minus_beta * x);
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

namespace tag {
struct ema;
}

namespace impl {

/// The zero-started EMA V_t, plus the mass 1 - W_t that V_0 = 0 still holds, so that the
/// bias-corrected value V_t / W_t is one division away. W_t = 1 - beta^t without missing
/// samples; kept as a product (not 1 - beta^t by pow) so missing samples can be folded in.
template <typename Sample>
class ema_impl : public boost::accumulators::accumulator_base {
    static_assert(ema_sample<Sample>, "smooth::tag::ema needs float/double or a vector of them");

public:
    using result_type = Sample const&;

    template <typename Args>
    explicit ema_impl(Args const& args)
        : ema_impl(args[ema_beta], args[ema_missing | missing_policy::decay])
    {
    }

    explicit ema_impl(double beta, missing_policy missing = missing_policy::decay)
        : beta_(checked_beta(beta)), one_minus_beta_(1.0 - beta_), missing_(missing)
    {
        if constexpr (ema_scalar<Sample>) {
            value_ = Sample(0);
        }
    }

    template <typename Args>
    void operator()(Args const& args)
    {
        push(args[boost::accumulators::sample]);
    }

    void push(Sample const& x)
    {
        if constexpr (ema_scalar<Sample>) {
            if (missing_ != missing_policy::propagate && std::isnan(x)) {
                if (missing_ == missing_policy::decay) {
                    value_ = static_cast<Sample>(beta_ * value_);
                    unfilled_ = beta_ * unfilled_ + one_minus_beta_; // the step's weight is nobody's
                }
                return;
            }
        }
        age();
        detail::blend(value_, x, beta_, one_minus_beta_);
    }

    /// Vector samples given as a span: folds x in and calls visit(i, v_i) right after each
    /// element is updated; weight_sum() already counts this sample. The momentum step uses
    /// it to update the velocity and the parameters in one pass, without a copy.
    template <typename T, typename Visit>
        requires ema_vector<Sample> && std::same_as<T, typename Sample::value_type>
    void push_each(std::span<const T> x, Visit&& visit)
    {
        age();
        detail::blend_each(value_, x, beta_, one_minus_beta_, std::forward<Visit>(visit));
    }

    /// A new beta for the samples to come (a schedule); what is averaged so far stays.
    void set_beta(double beta)
    {
        beta_ = checked_beta(beta);
        one_minus_beta_ = 1.0 - beta_;
    }

    /// V_t, the article's EMA (0 before the first sample).
    [[nodiscard]] Sample const& value() const noexcept { return value_; }

    /// The weight V_0 = 0 (and any missing samples) still hold in V_t: beta^t without gaps.
    [[nodiscard]] double zero_start_weight() const noexcept { return unfilled_; }

    /// Sum of the weights the observed samples hold in V_t: 1 - beta^t without gaps.
    [[nodiscard]] double weight_sum() const noexcept { return 1.0 - unfilled_; }

    /// What weight_sum() will be once the next sample is folded in: 1 - beta^(t+1) without
    /// gaps. The bias-corrected momentum step needs it before it walks the vector.
    [[nodiscard]] double next_weight_sum() const noexcept { return 1.0 - unfilled_ * beta_; }

    /// V_t / weight_sum(): NaN (or empty) before the first observed sample.
    [[nodiscard]] Sample corrected() const
    {
        if (observed_ == 0) {
            return detail::nan_like(value_);
        }
        return detail::divided(value_, weight_sum());
    }

    [[nodiscard]] double beta() const noexcept { return beta_; }
    [[nodiscard]] std::size_t observed() const noexcept { return observed_; }

    template <typename Args>
    result_type result(Args const& /*args*/) const noexcept
    {
        return value_;
    }

private:
    /// One observed sample more: V_0's weight shrinks by beta.
    void age() noexcept
    {
        unfilled_ *= beta_;
        // beta^t would end stuck at the smallest subnormal (0.9 * 5e-324 rounds back up),
        // and arithmetic on subnormals is some hundred times slower. Far below 2^-53 it no
        // longer changes 1 - unfilled_, so it can be exactly 0.
        if (unfilled_ < 1e-300) {
            unfilled_ = 0.0;
        }
        ++observed_;
    }

    double beta_;
    double one_minus_beta_;
    missing_policy missing_;
    Sample value_{};
    double unfilled_ = 1.0; // weight still held by V_0 = 0 and by missing samples
    std::size_t observed_ = 0;
};

/// V_t / (1 - beta^t), read from the ema feature it depends on.
template <typename Sample>
struct ema_corrected_impl : boost::accumulators::accumulator_base {
    using result_type = Sample;

    explicit ema_corrected_impl(boost::accumulators::dont_care) {}

    template <typename Args>
    result_type result(Args const& args) const
    {
        return boost::accumulators::find_accumulator<smooth::tag::ema>(
                   args[boost::accumulators::accumulator])
            .corrected();
    }
};

/// Y_1 = S_1, then Y_t = beta Y_{t-1} + (1 - beta) S_t. After g missing samples under
/// missing_policy::decay the old value weighs beta^(g+1) against (1 - beta), as in pandas.
template <typename Sample>
class ema_first_impl : public boost::accumulators::accumulator_base {
    static_assert(ema_sample<Sample>, "smooth::tag::ema_first needs float/double or a vector of them");

public:
    using result_type = Sample const&;

    template <typename Args>
    explicit ema_first_impl(Args const& args)
        : ema_first_impl(args[ema_beta], args[ema_missing | missing_policy::decay])
    {
    }

    explicit ema_first_impl(double beta, missing_policy missing = missing_policy::decay)
        : beta_(checked_beta(beta)), one_minus_beta_(1.0 - beta_), missing_(missing),
          old_weight_(beta_)
    {
        value_ = detail::nan_like(Sample{});
    }

    template <typename Args>
    void operator()(Args const& args)
    {
        push(args[boost::accumulators::sample]);
    }

    void push(Sample const& x)
    {
        if constexpr (ema_scalar<Sample>) {
            if (missing_ != missing_policy::propagate && std::isnan(x)) {
                if (missing_ == missing_policy::decay && observed_ > 0) {
                    old_weight_ *= beta_;
                }
                return;
            }
        }
        if (observed_++ == 0) {
            value_ = x;
        } else if (old_weight_ == beta_) {
            detail::blend(value_, x, beta_, one_minus_beta_);
        } else {
            // after a gap: (w_old Y + (1 - beta) S) / (w_old + 1 - beta); scalars only
            if constexpr (ema_scalar<Sample>) {
                value_ = static_cast<Sample>((old_weight_ * value_ + one_minus_beta_ * x) /
                                             (old_weight_ + one_minus_beta_));
            }
            old_weight_ = beta_;
        }
    }

    [[nodiscard]] Sample const& value() const noexcept { return value_; }

    template <typename Args>
    result_type result(Args const& /*args*/) const noexcept
    {
        return value_;
    }

private:
    double beta_;
    double one_minus_beta_;
    missing_policy missing_;
    double old_weight_;
    Sample value_;
    std::size_t observed_ = 0;
};

} // namespace impl

namespace tag {
struct ema : boost::accumulators::depends_on<>, ema_beta, ema_missing {
    using impl = smooth::impl::ema_impl<boost::mpl::_1>;
};
struct ema_corrected : boost::accumulators::depends_on<ema> {
    using impl = smooth::impl::ema_corrected_impl<boost::mpl::_1>;
};
struct ema_first : boost::accumulators::depends_on<>, ema_beta, ema_missing {
    using impl = smooth::impl::ema_first_impl<boost::mpl::_1>;
};
} // namespace tag

namespace extract {
inline constexpr boost::accumulators::extractor<tag::ema> ema = {};
inline constexpr boost::accumulators::extractor<tag::ema_corrected> ema_corrected = {};
inline constexpr boost::accumulators::extractor<tag::ema_first> ema_first = {};
} // namespace extract
using extract::ema;
using extract::ema_corrected;
using extract::ema_first;

/// Which of the three EMAs a batch call computes.
enum class ema_form { zero_start, corrected, first_seeded };

/// The EMA of a whole scalar sequence, one value per sample, with the same arithmetic as the
/// streaming features (bit for bit).
template <ema_scalar T>
std::vector<T> exponential_moving_average(std::span<const T> series, double beta,
                                          ema_form form = ema_form::zero_start,
                                          missing_policy missing = missing_policy::decay)
{
    std::vector<T> out;
    out.reserve(series.size());
    if (form == ema_form::first_seeded) {
        impl::ema_first_impl<T> acc(beta, missing);
        for (const T x : series) {
            acc.push(x);
            out.push_back(acc.value());
        }
    } else {
        impl::ema_impl<T> acc(beta, missing);
        for (const T x : series) {
            acc.push(x);
            out.push_back(form == ema_form::corrected ? acc.corrected() : acc.value());
        }
    }
    return out;
}

} // namespace smooth

#endif
