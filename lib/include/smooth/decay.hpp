// The decay factor beta of an exponential moving average, and pandas' four other ways of
// naming it (alpha, span, center of mass, half-life). Every function validates its input.
#ifndef SMOOTH_DECAY_HPP
#define SMOOTH_DECAY_HPP

#include <cmath>

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

/// pandas ewm(alpha=a): the weight of the newest sample, beta = 1 - a, 0 < a <= 1.
inline double beta_from_alpha(double alpha)
{
    if (!(alpha > 0.0 && alpha <= 1.0)) {
        throw_parameter_error("alpha", "in (0, 1]", alpha);
    }
    return 1.0 - alpha;
}

/// pandas ewm(span=s): alpha = 2 / (s + 1), s >= 1 (TA-Lib's "N-period EMA").
inline double beta_from_span(double span)
{
    if (!(span >= 1.0) || std::isinf(span)) {
        throw_parameter_error("span", "finite and >= 1", span);
    }
    return 1.0 - 2.0 / (span + 1.0);
}

/// pandas ewm(com=c): alpha = 1 / (1 + c), c >= 0.
inline double beta_from_com(double com)
{
    if (!(com >= 0.0) || std::isinf(com)) {
        throw_parameter_error("com", "finite and >= 0", com);
    }
    return 1.0 - 1.0 / (1.0 + com);
}

/// pandas ewm(halflife=h): a weight halves every h samples, beta = 0.5^(1/h), h > 0.
inline double beta_from_halflife(double halflife)
{
    if (!(halflife > 0.0) || std::isinf(halflife)) {
        throw_parameter_error("halflife", "finite and > 0", halflife);
    }
    // pandas: alpha = 1 - exp(log(0.5) / h)
    return std::exp(std::log(0.5) / halflife);
}

/// About how many samples an EMA averages over: 1 / (1 - beta) (10 for beta = 0.9).
inline double effective_window(double beta)
{
    return 1.0 / (1.0 - checked_beta(beta));
}

} // namespace smooth

#endif
