// What every optimizer offers the run loop: a step from the gradient, its velocity buffer
// (empty for gradient descent), and a step size a schedule can change.
#ifndef SMOOTH_OPTIMIZERS_OPTIMIZER_HPP
#define SMOOTH_OPTIMIZERS_OPTIMIZER_HPP

#include <cmath>
#include <concepts>
#include <span>

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
