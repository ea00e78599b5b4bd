// The article's exponential moving average, streaming: V_0 = 0, V_t = beta V_(t-1) + alpha S_t
// (alpha = 1 - beta), in one multiply-add a sample (detail::blend), and W_t, the weight its
// samples hold, by the same recursion. The overview and the contract: ema.hpp.
//
// For more information, see the article ("Momentum: a simple yet efficient optimizing
// technique", docs/README.md#sources: the EMA, its expanded weights beta^i (1 - beta) and its
// low start) and D. P. Kingma, J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015
// (dividing by 1 - beta^t, which W_t generalises to missing samples).
#ifndef SMOOTH_EMA_STREAM_HPP
#define SMOOTH_EMA_STREAM_HPP

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

#include <smooth/decay.hpp>
#include <smooth/missing.hpp>
#include <smooth/parameter_error.hpp>

namespace smooth {

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

    /// Save and restore (docs/reference/api-rules.md): V_t, W_t and the samples observed.
    struct state {
        Sample value{};
        double weight_sum = 0.0;
        std::size_t observed = 0;
    };
    [[nodiscard]] state saved() const { return {value_, weight_, observed_}; }
    void restore(state const& s)
    {
        value_ = s.value;
        weight_ = s.weight_sum;
        observed_ = s.observed;
    }

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

} // namespace smooth

#endif
