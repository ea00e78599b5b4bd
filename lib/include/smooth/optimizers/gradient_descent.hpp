// Gradient descent:   w -= alpha g
#ifndef SMOOTH_OPTIMIZERS_GRADIENT_DESCENT_HPP
#define SMOOTH_OPTIMIZERS_GRADIENT_DESCENT_HPP

#include <cstddef>
#include <span>

#include <smooth/optimizers/optimizer.hpp>

namespace smooth {

class gradient_descent {
public:
    explicit gradient_descent(double alpha) : alpha_(checked_alpha(alpha)) {}

    void step(std::span<double> w, std::span<const double> g) const
    {
        check_step_sizes("gradient_descent", w.size(), g.size(), 0);
        const double alpha = alpha_; // a local: a write to w[i] could be a write to alpha_, for all
                                     // the compiler knows, and it would read alpha_ again each time
        for (std::size_t i = 0; i < w.size(); ++i) {
            w[i] -= alpha * g[i];
        }
    }

    [[nodiscard]] std::span<const double> velocity() const noexcept { return {}; }
    void set_alpha(double alpha) { alpha_ = checked_alpha(alpha); }
    [[nodiscard]] double alpha() const noexcept { return alpha_; }

private:
    double alpha_;
};

} // namespace smooth

#endif
