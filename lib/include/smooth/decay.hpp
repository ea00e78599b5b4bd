// The decay factor beta of an exponential moving average, and pandas' four other ways of
// naming it (alpha, span, center of mass, half-life). Every function validates its input.
//
// One rule: a decay is passed as a `decay`, which keeps both numbers as they were made, so
// that an alpha given as pandas' alpha stays pandas' alpha in every stream, bit for bit (a
// beta passed as a double would make alpha = 1 - beta again: alpha 0.3 would become
// 0.30000000000000004). A plain double is a beta, the article's spelling, everywhere.
#ifndef SMOOTH_DECAY_HPP
#define SMOOTH_DECAY_HPP

#include <cmath>
#include <cstddef>

#include <smooth/parameter_error.hpp>

namespace smooth {

/// beta itself: V_t = beta V_{t-1} + (1 - beta) S_t needs 0 <= beta < 1
/// (beta = 1 would freeze V at 0; NaN would poison every value).
inline double checked_beta(double beta)
{
    if (!(beta >= 0.0 && beta < 1.0)) {
        throw_parameter_error("beta", "in [0, 1)", beta);
    }
    return beta;
}

/// An EMA's decay: beta, the weight the past keeps at each step, and alpha, the weight of the
/// newest sample. Given as beta (the article's spelling, and the implicit conversion from a
/// double), alpha is 1 - beta. Given as pandas' alpha, span, com or halflife, both come from
/// pandas' own chain (pandas 1.5.3 get_center_of_mass, then ewm): the spec becomes a center
/// of mass c, alpha = 1 / (1 + c), beta = 1 - alpha, so that every EMA here does pandas'
/// arithmetic on pandas' numbers.
struct decay {
    double beta;
    double alpha;

    decay(double beta_value) // NOLINT: implicit, a beta is a decay
        : beta(checked_beta(beta_value)), alpha(1.0 - beta)
    {
    }

    /// pandas ewm(com=c): c >= 0.
    static decay from_com(double com)
    {
        if (!(com >= 0.0) || std::isinf(com)) {
            throw_parameter_error("com", "finite and >= 0", com);
        }
        const double alpha = 1.0 / (1.0 + com);
        return decay(1.0 - alpha, alpha);
    }

    /// pandas ewm(alpha=a): 0 < a <= 1, c = (1 - a) / a.
    static decay from_alpha(double alpha)
    {
        if (!(alpha > 0.0 && alpha <= 1.0)) {
            throw_parameter_error("alpha", "in (0, 1]", alpha);
        }
        return from_com_unchecked((1.0 - alpha) / alpha);
    }

    /// pandas ewm(span=s): s >= 1, c = (s - 1) / 2 (alpha = 2 / (s + 1): TA-Lib's N-period EMA).
    static decay from_span(double span)
    {
        if (!(span >= 1.0) || std::isinf(span)) {
            throw_parameter_error("span", "finite and >= 1", span);
        }
        return from_com_unchecked((span - 1.0) / 2.0);
    }

    /// pandas ewm(halflife=h): a weight halves every h samples, h > 0;
    /// c = 1 / (1 - exp(log(0.5) / h)) - 1.
    static decay from_halflife(double halflife)
    {
        if (!(halflife > 0.0) || std::isinf(halflife)) {
            throw_parameter_error("halflife", "finite and > 0", halflife);
        }
        const double d = 1.0 - std::exp(std::log(0.5) / halflife);
        if (!(d > 0.0)) { // exp rounds to 1: the half-life is past what a double can tell from 1
            throw_parameter_error("halflife", "small enough that a step loses weight (< about 6e15)", halflife);
        }
        return from_com_unchecked(1.0 / d - 1.0);
    }

    /// alpha exactly as given and beta = 1 - alpha: TTR's and TA-Lib's arithmetic (their
    /// ratio 2 / (N + 1) or 1 / N), 0 < a <= 1. (from_alpha goes through pandas' chain.)
    static decay from_alpha_exactly(double alpha)
    {
        if (!(alpha > 0.0 && alpha <= 1.0)) {
            throw_parameter_error("alpha", "in (0, 1]", alpha);
        }
        return decay(1.0 - alpha, alpha);
    }

private:
    decay(double beta_value, double alpha_value) : beta(checked_beta(beta_value)), alpha(alpha_value) {}

    static decay from_com_unchecked(double com)
    {
        const double alpha = 1.0 / (1.0 + com);
        return decay(1.0 - alpha, alpha);
    }
};

/// About how many samples an EMA averages over: 1 / (1 - beta) (10 for beta = 0.9).
inline double effective_window(double beta)
{
    return 1.0 / (1.0 - checked_beta(beta));
}

/// The mean age of the data in an EMA, sum_i i (1 - beta) beta^i = beta / (1 - beta): how many
/// samples it trails a ramp by (9 for beta = 0.9).
inline double ema_mean_age(double beta)
{
    return checked_beta(beta) / (1.0 - beta);
}

/// The mean age of the data in an SMA of `window` samples, (window - 1) / 2: its lag on a ramp.
inline double sma_mean_age(std::size_t window)
{
    return (static_cast<double>(window) - 1.0) / 2.0;
}

} // namespace smooth

#endif
