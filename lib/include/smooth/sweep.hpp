// The theory's curves, measured: the rate a method is predicted to converge at on a convex
// quadratic, the rate a run of it actually shows, and the parameter grids a sweep walks
// (descend --sweep, tutorial 7's rate map).
#ifndef SMOOTH_SWEEP_HPP
#define SMOOTH_SWEEP_HPP

#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <smooth/parameter_error.hpp>
#include <smooth/run.hpp>
#include <smooth/theory.hpp>
#include <smooth/methods.hpp> // predicted_rate
#include <smooth/tuning.hpp>

namespace smooth {

/// The values a swept parameter takes: `count` values from `from` to `to` inclusive, evenly
/// spaced or (log) evenly spaced in log. count 1 gives `from`.
struct sweep_axis {
    double from;
    double to;
    std::size_t count;
    bool log = false;

    [[nodiscard]] std::vector<double> values() const
    {
        if (count == 0 || count > 100'000) {
            throw_parameter_error("sweep count", "in 1 .. 100000", static_cast<double>(count));
        }
        if (!std::isfinite(from) || !std::isfinite(to)) {
            throw_parameter_error("sweep end", "finite", std::isfinite(from) ? to : from);
        }
        if (log && !(from > 0.0 && to > 0.0)) {
            throw_parameter_error("log sweep end", "> 0", from > 0.0 ? to : from);
        }
        std::vector<double> v(count);
        for (std::size_t i = 0; i < count; ++i) {
            const double t = count == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(count - 1);
            v[i] = log ? std::exp(std::log(from) + t * (std::log(to) - std::log(from))) : from + t * (to - from);
        }
        if (count > 1) {
            v.back() = to; // exactly the end asked for
        }
        return v;
    }
};

/// The largest stable step for a method at this beta on these eigenvalues, in the form's own
/// spelling of alpha: where the predicted rate reaches 1 (classic alpha lambda_max = 2 + 2 beta
/// for momentum, (2 + 2 beta) / (1 + 2 beta) for Nesterov, 2 for gradient descent). Empty for
/// the pytorch form.
inline std::optional<double> largest_stable_alpha(method m, momentum_form f, double beta,
                                                  std::span<const double> lambdas)
{
    if (lambdas.empty() || (m != method::gd && f == momentum_form::pytorch)) {
        return std::nullopt;
    }
    double lmax = 0.0;
    for (const double l : lambdas) {
        lmax = std::max(lmax, l);
    }
    if (m == method::gd) {
        return 2.0 / lmax;
    }
    const double classic = (m == method::nesterov ? (2.0 + 2.0 * beta) / (1.0 + 2.0 * beta) : 2.0 + 2.0 * beta) / lmax;
    return theory::alpha_in(classic, beta, f == momentum_form::ema ? theory::form::ema : theory::form::classic);
}

/// The theory's best (alpha in the form's spelling, beta, rate) for a method on eigenvalues
/// in [lambda_min, lambda_max]: GD's 2 / (lambda_min + lambda_max), distill's optimum for
/// momentum, Lessard-Recht-Packard's for Nesterov. Empty for the pytorch form.
inline std::optional<theory::momentum_parameters> optimal_parameters(method m, momentum_form f, double lambda_min,
                                                                     double lambda_max)
{
    if (f == momentum_form::pytorch && m != method::gd) {
        return std::nullopt;
    }
    const theory::form tf = f == momentum_form::ema ? theory::form::ema : theory::form::classic;
    switch (m) {
    case method::gd:
        return theory::momentum_parameters{theory::gd_optimal_alpha(lambda_min, lambda_max), 0.0,
                                           theory::gd_optimal_rate(lambda_min, lambda_max)};
    case method::momentum:
        return theory::optimal_momentum(lambda_min, lambda_max, tf);
    case method::nesterov:
        return theory::optimal_nesterov(lambda_min, lambda_max, tf);
    }
    return std::nullopt;
}

/// The per-step rate of a sequence of distances to the minimum: (D_K / D_(K/2))^(1 / (K -
/// K/2)), K the last index whose distance is a normal number (an error that reached 0 or
/// underflowed says nothing more) and D_k the largest distance over the K/8 entries up to k:
/// the envelope, so that an error spiralling in (complex eigenvalues: w_k = r^k cos(k theta))
/// is not measured where the cosine happens to be small. NaN with fewer than 2 such entries.
inline double envelope_rate(std::span<const double> distances)
{
    std::size_t last = distances.size();
    while (last > 0 && !(std::isnormal(distances[last - 1]))) {
        --last;
    }
    if (last < 2) {
        return NAN;
    }
    const std::size_t to = last - 1;
    const std::size_t from = to / 2;
    const std::size_t width = std::max<std::size_t>(1, (to - from) / 4);
    const auto peak = [&](std::size_t end) {
        double m = 0.0;
        for (std::size_t k = end + 1 - std::min(width, end + 1); k <= end; ++k) {
            m = std::max(m, distances[k]);
        }
        return m;
    };
    const double a = peak(from);
    return a > 0.0 ? std::pow(peak(to) / a, 1.0 / static_cast<double>(to - from)) : NAN;
}

/// What one run shows about its rate.
struct rate_measurement {
    /// envelope_rate of the distances to the minimizer.
    double measured = NAN;
    /// The first step whose gradient norm is at most the tolerance (the run goes on: the rate
    /// is measured over all of it).
    std::optional<std::size_t> steps_to_tolerance;
    /// The step where the run blew up (loss or weights not finite, or loss 1e12 above start).
    std::optional<std::size_t> diverged_at;
};

/// Runs `opt` on `f` from `start` for `steps` steps (fewer if it blows up or lands exactly on
/// a stationary point), notes the first step whose gradient norm is at most `tolerance`, and
/// measures the rate of the distance to `minimizer`.
template <typename F, optimizer O>
rate_measurement measure_rate(F const& f, O& opt, std::vector<double> start, std::vector<double> const& minimizer,
                              std::size_t steps, double tolerance)
{
    distance_recorder d{minimizer, {}};
    rate_measurement out;
    run_options options;
    options.max_steps = steps;
    const auto result = minimize(f, opt, std::move(start), options, [&](step_record const& r) {
        d(r);
        if (!out.steps_to_tolerance && r.grad_norm <= tolerance) {
            out.steps_to_tolerance = r.step;
        }
    });
    if (result.diverged()) {
        out.diverged_at = result.steps;
        out.steps_to_tolerance.reset();
    }
    out.measured = envelope_rate(d.distances);
    return out;
}

} // namespace smooth

#endif
