// Momentum in the classic form (distill.pub, Polyak's heavy ball; PyTorch without its extras):
//
//   b = beta b + g                  (b_0 = 0: a decaying sum, not an average)
//   w -= alpha b
//   Nesterov:  w -= alpha (g + beta b)   (b first updated as above)
//
// b grows to about g / (1 - beta) on a steady slope, so raising beta mid-run makes the steps
// grow gradually (b catches up); changing alpha scales the next step at once.
//
// For more information, see B. T. Polyak, "Some methods of speeding up the convergence of
// iteration methods", USSR Computational Mathematics and Mathematical Physics 4(5), 1964; the
// Nesterov step as I. Sutskever, J. Martens, G. Dahl, G. Hinton write it ("On the importance
// of initialization and momentum in deep learning", ICML 2013) and torch.optim.SGD computes it
// (nesterov=True); G. Goh, "Why Momentum Really Works", Distill, 2017, uses this form.
#ifndef SMOOTH_OPTIMIZERS_CLASSIC_MOMENTUM_HPP
#define SMOOTH_OPTIMIZERS_CLASSIC_MOMENTUM_HPP

#include <cstddef>
#include <span>
#include <vector>

#include <smooth/decay.hpp>
#include <smooth/optimizers/optimizer.hpp>

namespace smooth {

class classic_momentum {
public:
    classic_momentum(double alpha, double beta, bool nesterov = false)
        : alpha_(checked_alpha(alpha)), beta_(checked_beta(beta)), nesterov_(nesterov)
    {
    }

    void step(std::span<double> w, std::span<const double> g)
    {
        check_step_sizes("classic_momentum", w.size(), g.size(), buffer_.size());
        if (buffer_.size() != g.size()) {
            buffer_.assign(g.size(), 0.0);
        }
        // locals: a write to w[i] could be a write to a member, for all the compiler knows
        const double alpha = alpha_;
        const double beta = beta_;
        double* const buffer = buffer_.data();
        if (nesterov_) {
            for (std::size_t i = 0; i < w.size(); ++i) {
                const double b = beta * buffer[i] + g[i];
                buffer[i] = b;
                w[i] -= alpha * (g[i] + beta * b);
            }
        } else {
            for (std::size_t i = 0; i < w.size(); ++i) {
                const double b = beta * buffer[i] + g[i];
                buffer[i] = b;
                w[i] -= alpha * b;
            }
        }
    }

    [[nodiscard]] std::span<const double> velocity() const noexcept { return buffer_; }
    void set_alpha(double alpha) { alpha_ = checked_alpha(alpha); }
    void set_beta(double beta) { beta_ = checked_beta(beta); }
    [[nodiscard]] double alpha() const noexcept { return alpha_; }
    [[nodiscard]] double beta() const noexcept { return beta_; }

private:
    double alpha_;
    double beta_;
    bool nesterov_;
    std::vector<double> buffer_;
};

} // namespace smooth

#endif
