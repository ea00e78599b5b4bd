// What theory predicts for gradient descent and momentum on a convex quadratic with
// eigenvalues lambda_min .. lambda_max (Goh, "Why Momentum Really Works", distill.pub 2017).
//
// Everything here is in the classic form (b = beta b + g; w -= alpha b). For the article's
// EMA form pass form::ema: alpha_classic = alpha_ema (1 - beta) is applied first.
//
// Per eigen-direction with eigenvalue lambda, the state (b, w) advances by
//     R = [[beta, lambda], [-alpha beta, 1 - alpha lambda]]
// whose eigenvalues are sigma = ((1 - alpha lambda + beta) +- sqrt((1 - alpha lambda + beta)^2 - 4 beta)) / 2.
// The rate of convergence is the largest |sigma| over the eigenvalues.
#ifndef SMOOTH_THEORY_HPP
#define SMOOTH_THEORY_HPP

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string_view>
#include <utility>

#include <smooth/decay.hpp>
#include <smooth/parameter_error.hpp>

namespace smooth::theory {

enum class form { classic, ema };

/// alpha as the classic form spells it.
inline double classic_alpha(double alpha, double beta, form f)
{
    return f == form::ema ? alpha * (1.0 - beta) : alpha;
}

/// alpha as form f spells it, from the classic one.
inline double alpha_in(double alpha_classic, double beta, form f)
{
    return f == form::ema ? alpha_classic / (1.0 - beta) : alpha_classic;
}

inline void check_spectrum(double lambda_min, double lambda_max)
{
    if (!(lambda_min > 0.0) || std::isinf(lambda_min)) {
        throw_parameter_error("lambda_min", "finite and > 0", lambda_min);
    }
    if (!(lambda_max >= lambda_min) || std::isinf(lambda_max)) {
        throw_parameter_error("lambda_max", "finite and >= lambda_min", lambda_max);
    }
    if (std::isinf(lambda_max / lambda_min)) { // the formulas would give NaN: the theory does not apply
        throw_parameter_error("the condition number lambda_max / lambda_min", "finite", lambda_max / lambda_min);
    }
    // the best steps divide by 3 lambda_max + lambda_min and by sqrt(lambda_min lambda_max):
    // past double's range they come out 0 or infinite, so the spectrum itself is refused
    if (std::isinf(3.0 * lambda_max + lambda_min) || std::isinf(lambda_min * lambda_max)) {
        throw std::invalid_argument("the spectrum is out of range: lambda_max = " + shortest(lambda_max) +
                                    " makes the best steps' formulas overflow (3 lambda_max + lambda_min or "
                                    "lambda_min lambda_max past 1.8e308); scale the problem below 1e150");
    }
    if (lambda_min * lambda_max == 0.0) {
        throw std::invalid_argument("the spectrum is out of range: lambda_min = " + shortest(lambda_min) +
                                    " makes lambda_min lambda_max underflow to 0 (the best momentum step would be "
                                    "infinite); scale the problem above 1e-150");
    }
}

// ---- gradient descent --------------------------------------------------------------------

/// GD's best step 2 / (lambda_min + lambda_max).
inline double gd_optimal_alpha(double lambda_min, double lambda_max)
{
    check_spectrum(lambda_min, lambda_max);
    return 2.0 / (lambda_min + lambda_max);
}

/// GD's rate at step alpha: max |1 - alpha lambda| (converges iff < 1, i.e. alpha lambda < 2).
inline double gd_rate(double alpha, double lambda_min, double lambda_max)
{
    return std::max(std::abs(1.0 - alpha * lambda_min), std::abs(1.0 - alpha * lambda_max));
}

/// GD's best rate (kappa - 1) / (kappa + 1).
inline double gd_optimal_rate(double lambda_min, double lambda_max)
{
    check_spectrum(lambda_min, lambda_max);
    const double kappa = lambda_max / lambda_min;
    return (kappa - 1.0) / (kappa + 1.0);
}

// ---- momentum, one eigen-direction --------------------------------------------------------

/// R as row-major [r00, r01, r10, r11], classic form.
struct iteration_matrix {
    double r00, r01, r10, r11;
};

inline iteration_matrix momentum_matrix(double alpha, double beta, double lambda, form f = form::classic)
{
    const double a = classic_alpha(alpha, beta, f);
    return {beta, lambda, -a * beta, 1.0 - a * lambda};
}

inline std::pair<std::complex<double>, std::complex<double>> momentum_eigenvalues(double alpha, double beta,
                                                                                  double lambda,
                                                                                  form f = form::classic)
{
    const double a = classic_alpha(alpha, beta, f);
    const double trace = 1.0 - a * lambda + beta;
    const std::complex<double> root = std::sqrt(std::complex<double>(trace * trace - 4.0 * beta, 0.0));
    return {(trace + root) / 2.0, (trace - root) / 2.0};
}

/// The spectral radius of R: the per-step rate of this direction.
inline double momentum_direction_rate(double alpha, double beta, double lambda, form f = form::classic)
{
    const auto [s1, s2] = momentum_eigenvalues(alpha, beta, lambda, f);
    return std::max(std::abs(s1), std::abs(s2));
}

/// Nesterov's momentum (b = beta b + g; w -= alpha (g + beta b), torch's nesterov=True, or
/// the EMA form with alpha (1 - beta)) on one direction: the state advances by
/// [[beta, lambda], [-alpha beta^2, 1 - alpha lambda (1 + beta)]], whose characteristic
/// polynomial is sigma^2 - (1 + beta)(1 - alpha lambda) sigma + beta (1 - alpha lambda).
/// Its spectral radius.
inline double nesterov_direction_rate(double alpha, double beta, double lambda, form f = form::classic)
{
    const double c = 1.0 - classic_alpha(alpha, beta, f) * lambda;
    const double trace = (1.0 + beta) * c;
    const std::complex<double> root = std::sqrt(std::complex<double>(trace * trace - 4.0 * beta * c, 0.0));
    return std::max(std::abs((trace + root) / 2.0), std::abs((trace - root) / 2.0));
}

/// Converges iff 0 < alpha lambda < 2 + 2 beta (classic alpha), for 0 <= beta < 1.
inline bool momentum_converges(double alpha, double beta, double lambda, form f = form::classic)
{
    const double al = classic_alpha(alpha, beta, f) * lambda;
    return beta >= 0.0 && beta < 1.0 && al > 0.0 && al < 2.0 + 2.0 * beta;
}

// ---- momentum, the whole spectrum ---------------------------------------------------------

/// Nesterov's rate over a set of eigenvalues: the slowest direction.
inline double nesterov_rate(double alpha, double beta, std::span<const double> lambdas, form f = form::classic)
{
    double rate = 0.0;
    for (const double l : lambdas) {
        rate = std::max(rate, nesterov_direction_rate(alpha, beta, l, f));
    }
    return rate;
}

/// The rate over a set of eigenvalues: the slowest direction.
inline double momentum_rate(double alpha, double beta, std::span<const double> lambdas, form f = form::classic)
{
    double rate = 0.0;
    for (const double l : lambdas) {
        rate = std::max(rate, momentum_direction_rate(alpha, beta, l, f));
    }
    return rate;
}

struct momentum_parameters {
    double alpha; ///< in the requested form
    double beta;
    double rate;
};

/// The best alpha and beta, and the rate they give:
///   classic alpha* = (2 / (sqrt(lambda_min) + sqrt(lambda_max)))^2, EMA alpha* = 1 / sqrt(lambda_min lambda_max),
///   beta* = ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))^2, rate (sqrt(kappa) - 1) / (sqrt(kappa) + 1).
inline momentum_parameters optimal_momentum(double lambda_min, double lambda_max, form f = form::classic)
{
    check_spectrum(lambda_min, lambda_max);
    const double sk = std::sqrt(lambda_max / lambda_min);
    const double rate = (sk - 1.0) / (sk + 1.0);
    const double beta = rate * rate;
    const double s = 2.0 / (std::sqrt(lambda_min) + std::sqrt(lambda_max));
    const double alpha = f == form::ema ? 1.0 / std::sqrt(lambda_min * lambda_max) : s * s;
    return {alpha, beta, rate};
}

/// Nesterov's method on a quadratic (L. Lessard, B. Recht, A. Packard, "Analysis and design of
/// optimization algorithms via integral quadratic constraints", SIAM J. Optim. 2016, section
/// 4.5): classic alpha = 4 / (3 lambda_max + lambda_min), beta = (sqrt(3 kappa + 1) - 2) /
/// (sqrt(3 kappa + 1) + 2), rate 1 - 2 / sqrt(3 kappa + 1). Heavy-ball's optimum would be
/// unstable for Nesterov: its step is about 4 / lambda_max.
inline momentum_parameters optimal_nesterov(double lambda_min, double lambda_max, form f = form::classic)
{
    check_spectrum(lambda_min, lambda_max);
    const double r = std::sqrt(3.0 * lambda_max / lambda_min + 1.0);
    const double beta = (r - 2.0) / (r + 2.0);
    const double alpha_classic = 4.0 / (3.0 * lambda_max + lambda_min);
    return {alpha_in(alpha_classic, beta, f), beta, 1.0 - 2.0 / r};
}

// ---- measuring ----------------------------------------------------------------------------

/// The per-step rate between steps `from` and `to` of a sequence of distances to the
/// minimum (or of losses, with power 0.5): (d_to / d_from)^(1 / (to - from)).
inline double measured_rate(std::span<const double> distances, std::size_t from, std::size_t to)
{
    if (!(from < to && to < distances.size())) {
        throw std::invalid_argument("measured_rate: need from < to < the number of steps recorded");
    }
    return std::pow(distances[to] / distances[from], 1.0 / static_cast<double>(to - from));
}

} // namespace smooth::theory

// the regions of (alpha lambda, beta): their own header, included here for every user of theory.hpp
#include <smooth/theory_regions.hpp>

#endif
