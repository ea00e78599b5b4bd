// Which method runs with which parameters when the user gives none: each method at its own
// best where the theory gives it, and at documented, measured choices where it does not.
// Comparing methods at one shared alpha hides the article's point: in the EMA form momentum's
// steady step equals gradient descent's, so the two end up alike. Each at its best is the
// fair comparison.
//
//   auto gd = smooth::tuned_for_quadratic(smooth::method::gd, 1, 100);        // alpha 2/101
//   auto hb = smooth::tuned_for_quadratic(smooth::method::momentum, 1, 100);  // distill's optimum
//
// Quadratics (and the ravine): gradient descent at alpha = 2 / (lambda_min + lambda_max)
// (rate (kappa - 1) / (kappa + 1)); momentum at distill's optimum (theory::optimal_momentum);
// Nesterov at Lessard, Recht and Packard's (theory::optimal_nesterov). Alphas are given in
// the EMA form (the article's), and converted where a form needs it.
// Rosenbrock and banana: gradient descent just under 2 / lambda_max at the minimum (beyond it
// it cannot settle there); momentum and Nesterov at a step ten times that with beta 0.95
// (Rosenbrock) or 0.9 (banana). tests/test_tuning.cpp measures the steps each needs to reach
// a loss of 1e-6: at least 3 times fewer with momentum.
#ifndef SMOOTH_TUNING_HPP
#define SMOOTH_TUNING_HPP

#include <optional>
#include <string>
#include <string_view>

#include <smooth/methods.hpp> // method, momentum_form
#include <smooth/theory.hpp>

namespace smooth {


struct tuned_parameters {
    double alpha;       ///< the step, in the EMA form for momentum and Nesterov
    double beta;        ///< 0 for gradient descent
    std::string reason; ///< why these, in a few words
};

/// The best parameters of a method on a quadratic with eigenvalues in [lambda_min, lambda_max].
inline tuned_parameters tuned_for_quadratic(method m, double lambda_min, double lambda_max)
{
    switch (m) {
    case method::gd:
        return {theory::gd_optimal_alpha(lambda_min, lambda_max), 0.0,
                "optimal for GD: 2 / (lambda_min + lambda_max)"};
    case method::momentum: {
        const auto p = theory::optimal_momentum(lambda_min, lambda_max, theory::form::ema);
        return {p.alpha, p.beta, "distill's optimum"};
    }
    case method::nesterov: {
        const auto p = theory::optimal_nesterov(lambda_min, lambda_max, theory::form::ema);
        return {p.alpha, p.beta, "Nesterov's optimum on a quadratic (Lessard, Recht, Packard 2016)"};
    }
    }
    return {0.0, 0.0, ""};
}

/// Documented choices where no theory gives the best: Rosenbrock's valley. GD just under
/// 2 / 1001.6 (the largest curvature at the minimum).
inline tuned_parameters tuned_for_rosenbrock(method m)
{
    if (m == method::gd) {
        return {0.0019, 0.0, "just under GD's limit 2 / 1001.6 at the minimum"};
    }
    return {0.02, 0.95, "a measured choice: ten times GD's step, beta 0.95"};
}

/// distill's banana: GD just under 2 / 520.6 (the largest curvature at the minimum).
inline tuned_parameters tuned_for_banana(method m)
{
    if (m == method::gd) {
        return {0.0036, 0.0, "just under GD's limit 2 / 520.6 at the minimum"};
    }
    return {0.02, 0.9, "a measured choice: about five times GD's step, beta 0.9"};
}

} // namespace smooth

#endif
