// Mini-batch gradient descent: each epoch reshuffles the examples and takes one step per
// batch of m of them (m = 1: stochastic; m = n: batch). The observer sees the full-data
// loss and gradient norm after every step, so curves for different m compare directly.
#ifndef SMOOTH_MINIBATCH_HPP
#define SMOOTH_MINIBATCH_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <span>
#include <vector>

#include <smooth/objective.hpp>
#include <smooth/run.hpp>

namespace smooth {

/// A problem made of examples: its full loss and gradient, and those of a batch.
template <typename P>
concept minibatch_problem =
    objective<P const> && requires(P const& p, std::span<const double> w, std::span<double> g,
                                   std::span<const std::size_t> batch) {
        { p.examples() } -> std::convertible_to<std::size_t>;
        { p.batch_gradient(w, g, batch) } -> std::convertible_to<double>;
    };

struct minibatch_options {
    std::size_t batch_size = 32;
    std::size_t epochs = 10;
    std::uint64_t seed = 1;
    /// How a run stops and what it schedules, as minimize() takes them: run.max_steps stops
    /// even within an epoch (no limit by default: the epochs end the run), the tolerance and
    /// the loss target are checked on the full-data gradient and loss.
    run_options run = unlimited();

private:
    static run_options unlimited()
    {
        run_options r;
        r.max_steps = std::numeric_limits<std::size_t>::max();
        return r;
    }
};

template <minibatch_problem P, optimizer O, typename Observer = no_observer>
run_result minimize_minibatch(P const& problem, O& opt, std::vector<double> w, minibatch_options const& options,
                              Observer&& observe = {})
{
    const std::size_t n = problem.examples();
    if (options.batch_size == 0 || options.batch_size > n) {
        throw_parameter_error("batch size", "between 1 and the number of examples",
                              static_cast<double>(options.batch_size));
    }
    run_options const& run = options.run;
    detail::run_state s(problem, std::move(w));
    std::vector<double> batch_g(s.w.size());
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::mt19937_64 rng(options.seed);
    observe(s.record(0, opt));
    std::size_t t = 0;
    if (s.grad_norm <= run.gradient_tolerance) {
        return s.finish(run_status::gradient_tolerance, t);
    }
    for (std::size_t epoch = 0; epoch < options.epochs && t < run.max_steps; ++epoch) {
        std::shuffle(order.begin(), order.end(), rng);
        // the last, shorter batch of an epoch is dropped when m does not divide n
        for (std::size_t first = 0; first + options.batch_size <= n && t < run.max_steps;
             first += options.batch_size) {
            ++t;
            detail::apply_schedules(opt, run, t);
            problem.batch_gradient(s.w, batch_g, std::span<const std::size_t>(order.data() + first, options.batch_size));
            if (auto blown = s.step(problem, opt, batch_g, t, run.divergence_ratio)) {
                return std::move(*blown);
            }
            observe(s.record(t, opt));
            if (s.grad_norm <= run.gradient_tolerance) {
                return s.finish(run_status::gradient_tolerance, t);
            }
            if (s.loss <= run.loss_target) {
                return s.finish(run_status::loss_target, t);
            }
        }
    }
    return s.finish(run_status::max_steps, t);
}

} // namespace smooth

#endif
