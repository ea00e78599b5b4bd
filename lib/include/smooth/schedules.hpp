// Schedules for the momentum coefficient beta and the step size alpha, as functions of the
// step number t = 1, 2, ... (the step about to be taken).
#ifndef SMOOTH_SCHEDULES_HPP
#define SMOOTH_SCHEDULES_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>

#include <smooth/decay.hpp>
#include <smooth/optimizers/optimizer.hpp>
#include <smooth/parameter_error.hpp>

namespace smooth::schedules {

namespace detail {
inline std::size_t checked_steps(std::size_t steps, char const* what)
{
    if (steps == 0) {
        throw_parameter_error(what, ">= 1", 0.0);
    }
    return steps;
}
} // namespace detail

/// The article's warm-up, straight: beta_t = from + (to - from) min((t - 1) / steps, 1):
/// from at t = 1, to from t = steps + 1 on.
struct linear {
    double from;
    double to;
    std::size_t steps;

    linear(double from_beta, double to_beta, std::size_t over_steps)
        : from(checked_beta(from_beta)), to(checked_beta(to_beta)),
          steps(detail::checked_steps(over_steps, "linear schedule steps"))
    {
    }
    double operator()(std::size_t t) const
    {
        const double progress = std::min(static_cast<double>(t - 1) / static_cast<double>(steps), 1.0);
        return from + (to - from) * progress;
    }
};

/// The article's warm-up in one jump: from before step `at`, to from step `at` on.
struct stepwise {
    double from;
    double to;
    std::size_t at;

    stepwise(double from_beta, double to_beta, std::size_t switch_at)
        : from(checked_beta(from_beta)), to(checked_beta(to_beta)),
          at(detail::checked_steps(switch_at, "stepwise schedule step"))
    {
    }
    double operator()(std::size_t t) const { return t < at ? from : to; }
};

/// Sutskever et al. (2013): mu_t = min(1 - 2^(-1 - log2(floor(t / 250) + 1)), mu_max):
/// 0.5 below t = 250, 0.75 from 250, 0.875 from 750, 0.9 from 1000, ...
struct sutskever {
    double mu_max;

    explicit sutskever(double max_beta) : mu_max(checked_beta(max_beta)) {}
    double operator()(std::size_t t) const
    {
        const double k = std::floor(static_cast<double>(t) / 250.0) + 1.0;
        return std::min(1.0 - std::pow(2.0, -1.0 - std::log2(k)), mu_max);
    }
};

/// Step size divided by `factor` every `every` steps: alpha_t = alpha_0 factor^-floor((t-1)/every).
struct step_decay {
    double alpha0;
    double factor;
    std::size_t every;

    step_decay(double alpha_0, double divide_by, std::size_t every_steps)
        : alpha0(checked_alpha(alpha_0)), factor(divide_by),
          every(detail::checked_steps(every_steps, "step_decay interval"))
    {
        if (!(factor >= 1.0) || std::isinf(factor)) {
            throw_parameter_error("step_decay factor", "finite and >= 1", factor);
        }
    }
    double operator()(std::size_t t) const
    {
        return alpha0 * std::pow(factor, -std::floor(static_cast<double>(t - 1) / static_cast<double>(every)));
    }
};

/// alpha_t = alpha_0 / (1 + decay (t - 1)): the Robbins-Monro kind of decay SGD needs to settle.
struct inverse_time {
    double alpha0;
    double decay;

    inverse_time(double alpha_0, double decay_rate) : alpha0(checked_alpha(alpha_0)), decay(decay_rate)
    {
        if (!(decay >= 0.0) || std::isinf(decay)) {
            throw_parameter_error("inverse_time decay", "finite and >= 0", decay);
        }
    }
    double operator()(std::size_t t) const { return alpha0 / (1.0 + decay * static_cast<double>(t - 1)); }
};

} // namespace smooth::schedules

#endif
