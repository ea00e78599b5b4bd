// What every optimizer offers the run loop: a step from the gradient, its velocity buffer
// (empty for gradient descent), and a step size a schedule can change.
#ifndef SMOOTH_OPTIMIZERS_OPTIMIZER_HPP
#define SMOOTH_OPTIMIZERS_OPTIMIZER_HPP

#include <cmath>
#include <concepts>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>

#include <smooth/parameter_error.hpp>

namespace smooth {

template <typename O>
concept optimizer = requires(O& o, O const& co, std::span<double> w, std::span<const double> g, double a) {
    o.step(w, g);
    { co.velocity() } -> std::convertible_to<std::span<const double>>;
    o.set_alpha(a);
};

/// Optimizers with a momentum coefficient a schedule can change.
template <typename O>
concept momentum_optimizer = optimizer<O> && requires(O& o, double b) { o.set_beta(b); };

/// A step's sizes: the parameters w and the gradient g have as many elements, and, once the
/// optimizer holds a velocity (size `velocity`, 0 before the first step), as many as it.
/// std::invalid_argument naming the sizes otherwise (a mismatch would read and write past
/// the end of a buffer).
inline void check_step_sizes(char const* optimizer, std::size_t w, std::size_t g, std::size_t velocity)
{
    if (w != g) {
        throw std::invalid_argument(std::string(optimizer) + " step: w has " + std::to_string(w) + " elements and g " +
                                    std::to_string(g) + "; they must be equal");
    }
    if (velocity != 0 && velocity != g) {
        throw std::invalid_argument(std::string(optimizer) + " step: g has " + std::to_string(g) +
                                    " elements and the velocity " + std::to_string(velocity) +
                                    " (from the first step); they must be equal");
    }
}

/// A step size must be finite and > 0.
inline double checked_alpha(double alpha)
{
    if (!(alpha > 0.0) || std::isinf(alpha)) {
        throw_parameter_error("alpha", "finite and > 0", alpha);
    }
    return alpha;
}

} // namespace smooth

#endif
