// The run loop: step an optimizer on an objective until a stopping rule holds, telling an
// observer about every step, and stopping with "diverged at step k" (never a NaN row) when
// the run blows up.
#ifndef SMOOTH_RUN_HPP
#define SMOOTH_RUN_HPP

#include <cmath>
#include <cstddef>
#include <algorithm>
#include <functional>
#include <optional>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <smooth/objective.hpp>
#include <smooth/optimizers/optimizer.hpp>
#include <smooth/parameter_error.hpp>
#include <smooth/step_record.hpp>

namespace smooth {

struct run_options {
    std::size_t max_steps = 1000;
    /// Stop once the gradient norm is at most this (0: only at an exact stationary point).
    double gradient_tolerance = 0.0;
    /// Stop once the loss is at most this.
    double loss_target = -std::numeric_limits<double>::infinity();
    /// Diverged: a non-finite loss or weight, or loss > loss_0 + ratio * max(|loss_0|, 1).
    double divergence_ratio = 1e12;
    /// beta_t and alpha_t for step t = 1, 2, ...; empty: constant.
    std::function<double(std::size_t)> beta_schedule;
    std::function<double(std::size_t)> alpha_schedule;
};

enum class run_status { max_steps, gradient_tolerance, loss_target, diverged };

inline std::string_view to_string(run_status s)
{
    switch (s) {
    case run_status::gradient_tolerance:
        return "gradient_tolerance";
    case run_status::loss_target:
        return "loss_target";
    case run_status::diverged:
        return "diverged";
    case run_status::max_steps:
        break;
    }
    return "max_steps";
}

struct run_result {
    run_status status;
    std::size_t steps; ///< steps taken (for diverged: the step that blew up)
    double loss;       ///< last finite loss observed
    double grad_norm;
    std::vector<double> w; ///< last weights observed (before the blow-up)

    [[nodiscard]] bool diverged() const { return status == run_status::diverged; }
    [[nodiscard]] std::string message() const
    {
        switch (status) {
        case run_status::diverged:
            return "diverged at step " + std::to_string(steps) + " (loss " + shortest(blowup_loss) + ")";
        case run_status::gradient_tolerance:
            return "gradient norm below tolerance after " + std::to_string(steps) + " steps";
        case run_status::loss_target:
            return "loss reached the target after " + std::to_string(steps) + " steps";
        case run_status::max_steps:
            break;
        }
        return "stopped after " + std::to_string(steps) + " steps";
    }
    double blowup_loss = 0.0; ///< the loss at the step that diverged (may be inf or nan)
};

namespace detail {

inline bool all_finite(std::span<const double> v)
{
    for (const double x : v) {
        if (!std::isfinite(x)) {
            return false;
        }
    }
    return true;
}

/// Divergence, as run_options::divergence_ratio describes it.
inline bool blew_up(double loss, double loss0, std::span<const double> w, double ratio)
{
    return !std::isfinite(loss) || !all_finite(w) ||
           loss > loss0 + ratio * std::fmax(std::abs(loss0), 1.0);
}

template <typename O>
void apply_schedules(O& opt, run_options const& options, std::size_t t)
{
    if (options.alpha_schedule) {
        opt.set_alpha(options.alpha_schedule(t));
    }
    if (options.beta_schedule) {
        if constexpr (momentum_optimizer<O>) {
            opt.set_beta(options.beta_schedule(t));
        } else {
            throw std::invalid_argument("a beta schedule needs a momentum optimizer");
        }
    }
}

} // namespace detail

namespace detail {

/// What both run loops keep: the weights, the full gradient there, the loss, and the weights
/// before the latest step (reported when that step blew up).
struct run_state {
    std::vector<double> w;
    std::vector<double> g;
    std::vector<double> last_w;
    double loss0 = 0.0;
    double loss = 0.0;
    double grad_norm = 0.0;

    template <typename F>
    run_state(F& f, std::vector<double> start) : w(std::move(start)), g(w.size()), last_w(w)
    {
        loss = f(std::span<const double>(w), std::span<double>(g));
        loss0 = loss;
        grad_norm = norm(g);
        if (!std::isfinite(loss) || !all_finite(w)) {
            throw std::invalid_argument("the start point gives a non-finite loss (" + shortest(loss) + ")");
        }
    }

    template <typename O>
    [[nodiscard]] step_record record(std::size_t t, O const& opt) const
    {
        return {t, w, loss, grad_norm, opt.velocity()};
    }

    run_result finish(run_status status, std::size_t steps)
    {
        return {status, steps, loss, grad_norm, std::move(w)};
    }

    /// Step t: the optimizer moves w along `direction`, then f is evaluated there. Returns
    /// the diverged result if that blew up (keeping the last finite weights and loss).
    template <typename F, typename O>
    std::optional<run_result> step(F& f, O& opt, std::span<const double> direction, std::size_t t, double ratio)
    {
        std::copy(w.begin(), w.end(), last_w.begin());
        opt.step(w, direction);
        const double new_loss = f(std::span<const double>(w), std::span<double>(g));
        if (blew_up(new_loss, loss0, w, ratio)) {
            run_result r{run_status::diverged, t, loss, grad_norm, std::move(last_w)};
            r.blowup_loss = new_loss;
            return r;
        }
        loss = new_loss;
        grad_norm = norm(g);
        return std::nullopt;
    }
};

} // namespace detail

template <typename F, optimizer O, typename Observer = no_observer>
    requires objective<std::remove_reference_t<F>>
run_result minimize(F&& f, O& opt, std::vector<double> w, run_options const& options = {}, Observer&& observe = {})
{
    detail::run_state s(f, std::move(w));
    observe(s.record(0, opt));
    for (std::size_t k = 0;; ++k) {
        if (s.grad_norm <= options.gradient_tolerance) {
            return s.finish(run_status::gradient_tolerance, k);
        }
        if (s.loss <= options.loss_target) {
            return s.finish(run_status::loss_target, k);
        }
        if (k >= options.max_steps) {
            return s.finish(run_status::max_steps, k);
        }
        detail::apply_schedules(opt, options, k + 1);
        if (auto blown = s.step(f, opt, s.g, k + 1, options.divergence_ratio)) {
            return std::move(*blown);
        }
        observe(s.record(k + 1, opt));
    }
}

} // namespace smooth

#endif
