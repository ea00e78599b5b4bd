// Where momentum's parameters put one eigen-direction (Goh, "Why Momentum Really Works",
// distill.pub 2017, the figure of regions): with x = alpha lambda (classic alpha) and beta,
// the two eigenvalues of R (theory.hpp) are real and positive below the lower border
// (1 - sqrt(beta))^2 (monotone), complex between the borders (ripples, rate sqrt(beta)), one of
// them negative and dominant above the upper border (1 + sqrt(beta))^2 (monotone oscillation),
// and the run diverges for x >= 2 + 2 beta. On the borders the eigenvalues meet: critically
// damped (a double root sqrt(beta)) or critically damped, alternating (-sqrt(beta)).
//
//   const auto r = smooth::theory::classify(alpha, beta, lambda, smooth::theory::form::ema);
//   std::cout << smooth::theory::to_string(r);   // "ripples", "critically damped", ...
#ifndef SMOOTH_THEORY_REGIONS_HPP
#define SMOOTH_THEORY_REGIONS_HPP

#include <cmath>
#include <string_view>

#include <smooth/parameter_error.hpp>
#include <smooth/theory.hpp>

namespace smooth::theory {

enum class region { monotone, critical, ripples, critical_alternating, monotone_oscillation, divergent };

inline std::string_view to_string(region r)
{
    switch (r) {
    case region::monotone:
        return "monotone";
    case region::critical:
        return "critically damped";
    case region::critical_alternating:
        return "critically damped, alternating";
    case region::ripples:
        return "ripples";
    case region::monotone_oscillation:
        return "monotone oscillation";
    case region::divergent:
        break;
    }
    return "divergent";
}

/// Where (alpha lambda, beta) lies: real positive eigenvalues (monotone), complex ones
/// (ripples, rate sqrt(beta)), a negative dominant one (monotone oscillation), or divergence;
/// on the borders between them, where the two eigenvalues meet (within 1e-9 relative: the
/// optimum puts both extreme eigenvalues there, and rounding must not decide the name),
/// critically damped (a double root sqrt(beta)) or critically damped, alternating (-sqrt(beta)).
inline region classify(double alpha, double beta, double lambda, form f = form::classic)
{
    checked_beta(beta);
    const double al = classic_alpha(alpha, beta, f) * lambda;
    const double sb = std::sqrt(beta);
    if (al <= 0.0 || al >= 2.0 + 2.0 * beta) {
        return region::divergent;
    }
    const double low = (1.0 - sb) * (1.0 - sb);
    const double high = (1.0 + sb) * (1.0 + sb);
    if (beta > 0.0 && std::abs(al - low) <= 1e-9 * low) {
        return region::critical;
    }
    if (beta > 0.0 && std::abs(al - high) <= 1e-9 * high) {
        return region::critical_alternating;
    }
    if (al <= low) {
        return region::monotone;
    }
    if (al < high) {
        return region::ripples;
    }
    return region::monotone_oscillation;
}

/// Critical damping: the beta at which the two eigenvalues meet, (1 - sqrt(alpha lambda))^2,
/// for alpha lambda <= 1 (classic alpha); its rate is 1 - sqrt(alpha lambda).
inline double critical_damping_beta(double alpha_lambda)
{
    if (!(alpha_lambda > 0.0 && alpha_lambda <= 1.0)) {
        throw_parameter_error("alpha lambda", "in (0, 1] for critical damping", alpha_lambda);
    }
    const double r = 1.0 - std::sqrt(alpha_lambda);
    return r * r;
}

inline double critical_damping_rate(double alpha_lambda)
{
    critical_damping_beta(alpha_lambda);
    return 1.0 - std::sqrt(alpha_lambda);
}

} // namespace smooth::theory

#endif
