// The expanded-weight view of an EMA: unrolling V_t = beta V_{t-1} + (1 - beta) S_t from
// V_0 = 0 gives
//
//     V_t = sum_{i=0}^{t-1} w_i S_{t-i},   w_i = (1 - beta) beta^i   (i = 0 is the newest)
//
// so a sample i steps old counts beta^i as much as the newest, and the weights of t samples
// add up to 1 - beta^t (the rest, beta^t, sits on V_0 = 0: the low start).
#ifndef SMOOTH_EMA_WEIGHTS_HPP
#define SMOOTH_EMA_WEIGHTS_HPP

#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <vector>

#include <smooth/compensated_sum.hpp>
#include <smooth/decay.hpp>
#include <smooth/parameter_error.hpp>

namespace smooth {

/// w_i = (1 - beta) beta^i: the weight of the sample i steps before the newest.
inline double ema_weight(double beta, std::size_t i)
{
    checked_beta(beta);
    return (1.0 - beta) * std::pow(beta, static_cast<double>(i));
}

/// w_0 .. w_{terms-1}, newest first.
inline std::vector<double> ema_weights(double beta, std::size_t terms)
{
    checked_beta(beta);
    std::vector<double> w(terms);
    for (std::size_t i = 0; i < terms; ++i) {
        w[i] = (1.0 - beta) * std::pow(beta, static_cast<double>(i)); // pow: no drift over i
    }
    return w;
}

/// w_0 + ... + w_{terms-1} = 1 - beta^terms, computed without cancellation for beta near 1.
inline double ema_weight_sum(double beta, std::size_t terms)
{
    checked_beta(beta);
    if (terms == 0) {
        return 0.0;
    }
    if (beta == 0.0) {
        return 1.0;
    }
    return -std::expm1(static_cast<double>(terms) * std::log(beta));
}

/// The mass the newest k + 1 weights hold, for k = 0 .. terms - 1: 1 - beta^(k+1), each
/// without cancellation (the cumulative view of the weights).
inline std::vector<double> ema_cumulative_weights(double beta, std::size_t terms)
{
    std::vector<double> m(terms);
    for (std::size_t k = 0; k < terms; ++k) {
        m[k] = ema_weight_sum(beta, k + 1);
    }
    return m;
}

/// The fewest newest terms whose weights hold at least `mass` (in (0, 1)) of the total:
/// the smallest K with 1 - beta^K >= mass.
inline std::size_t ema_terms_for_mass(double beta, double mass)
{
    checked_beta(beta);
    if (!(mass > 0.0 && mass < 1.0)) {
        throw_parameter_error("mass", "in (0, 1)", mass);
    }
    if (beta == 0.0) {
        return 1;
    }
    // K = ceil(log(1 - mass) / log(beta)), then nudged so the defining inequality holds
    // exactly in floating point.
    auto k = static_cast<std::size_t>(std::ceil(std::log1p(-mass) / std::log(beta)));
    if (k == 0) {
        k = 1;
    }
    while (k > 1 && ema_weight_sum(beta, k - 1) >= mass) {
        --k;
    }
    while (ema_weight_sum(beta, k) < mass) {
        ++k;
    }
    return k;
}

/// Everything the weight view says about one beta, for `terms` kept terms.
struct ema_weight_summary {
    double beta;
    double alpha;            ///< 1 - beta, the newest sample's weight
    double effective_window; ///< 1 / (1 - beta)
    std::size_t terms_50;    ///< terms holding 50 % of the mass
    std::size_t terms_90;
    std::size_t terms_99;
    std::size_t terms;       ///< K, the number of terms summed below
    double weight_sum;       ///< w_0 + ... + w_{K-1} = 1 - beta^K
};

inline ema_weight_summary summarize_ema_weights(double beta, std::size_t terms)
{
    checked_beta(beta);
    return {beta,
            1.0 - beta,
            effective_window(beta),
            ema_terms_for_mass(beta, 0.5),
            ema_terms_for_mass(beta, 0.9),
            ema_terms_for_mass(beta, 0.99),
            terms,
            ema_weight_sum(beta, terms)};
}

/// Each sample's part of V_t: w_i S_{t-i} for i = 0 .. t-1, newest first.
inline std::vector<double> ema_contributions(std::span<const double> series, double beta)
{
    const std::vector<double> w = ema_weights(beta, series.size());
    std::vector<double> parts(series.size());
    for (std::size_t i = 0; i < series.size(); ++i) {
        parts[i] = w[i] * series[series.size() - 1 - i];
    }
    return parts;
}

/// V_t as the weighted sum of the whole history (compensated, so the sum itself adds no
/// error): equal to the recursive EMA after the same samples.
inline double expanded_ema(std::span<const double> series, double beta)
{
    compensated_sum sum;
    for (const double part : ema_contributions(series, beta)) {
        sum.add(part);
    }
    return sum.value();
}

} // namespace smooth

#endif
