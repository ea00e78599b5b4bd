// Momentum in the article's EMA form: the velocity is an exponential moving average of the
// gradients, held by the library's EMA accumulator (smooth::ema_stream).
//
//   v = beta v + (1 - beta) g                    (V_0 = 0)
//   w -= alpha v                                 (bias_correction: the step divided by 1 - beta^t)
//   Nesterov:  w -= alpha (beta v + (1 - beta) g)   (v first updated as above)
//
// The same iterates as the classic form b = beta b + g, w -= alpha' b with
// alpha' = alpha (1 - beta) while beta and alpha stay constant (see conversions.hpp).
// When beta changes mid-run, v stays an average of past gradients (its size does not jump);
// when alpha changes, the whole next step scales at once.
//
// For more information, see the article ("Momentum: a simple yet efficient optimizing
// technique", docs/README.md#sources), which builds this form from the EMA, and:
//   B. T. Polyak, "Some methods of speeding up the convergence of iteration methods", USSR
//     Computational Mathematics and Mathematical Physics 4(5), 1964 (the heavy ball);
//   Y. Nesterov, "A method for solving the convex programming problem with convergence rate
//     O(1/k^2)", Soviet Mathematics Doklady 27, 1983;
//   I. Sutskever, J. Martens, G. Dahl, G. Hinton, "On the importance of initialization and
//     momentum in deep learning", ICML 2013 (Nesterov's method written as a momentum step);
//   G. Goh, "Why Momentum Really Works", Distill, 2017 (rates and regions: theory.hpp).
#ifndef SMOOTH_OPTIMIZERS_MOMENTUM_HPP
#define SMOOTH_OPTIMIZERS_MOMENTUM_HPP

#include <cstddef>
#include <span>
#include <vector>

#include <smooth/decay.hpp>
#include <smooth/ema_stream.hpp>
#include <smooth/optimizers/optimizer.hpp>

namespace smooth {

struct momentum_options {
    bool nesterov = false;
    bool bias_correction = false;
};

class momentum {
public:
    momentum(double alpha, double beta, momentum_options options = {})
        : alpha_(checked_alpha(alpha)), options_(options), velocity_(beta, missing_policy::propagate)
    {
    }

    /// One pass over memory: each velocity element is updated and used at once; no allocation
    /// after the first step.
    void step(std::span<double> w, std::span<const double> g)
    {
        check_step_sizes("momentum", w.size(), g.size(), velocity_.value().size());
        const double scale = options_.bias_correction ? alpha_ / velocity_.next_weight_sum() : alpha_;
        if (options_.nesterov) {
            const double beta = velocity_.beta();
            const double one_minus_beta = 1.0 - beta;
            // captured by value: a reference to a double could alias the velocity being written,
            // which would stop the compiler from vectorising the loop
            velocity_.push_each(g, [w, g, scale, beta, one_minus_beta](std::size_t i, double v) {
                w[i] -= scale * (beta * v + one_minus_beta * g[i]);
            });
        } else {
            velocity_.push_each(g, [w, scale](std::size_t i, double v) { w[i] -= scale * v; });
        }
    }

    [[nodiscard]] std::span<const double> velocity() const noexcept { return velocity_.value(); }
    void set_alpha(double alpha) { alpha_ = checked_alpha(alpha); }
    void set_beta(double beta) { velocity_.set_beta(beta); }
    [[nodiscard]] double alpha() const noexcept { return alpha_; }
    [[nodiscard]] double beta() const noexcept { return velocity_.beta(); }

private:
    double alpha_;
    momentum_options options_;
    ema_stream<std::vector<double>> velocity_;
};

} // namespace smooth

namespace smooth::textbook {

/// The article's momentum step as written, two lines a parameter:
///   v = beta v + (1 - beta) g;   w -= alpha v
/// smooth::momentum above is this (plus Nesterov, bias correction, schedules), updating v
/// through the library's EMA accumulator in one pass; tests/test_momentum.cpp holds them
/// equal bit for bit.
class momentum {
public:
    momentum(double alpha, decay beta) : alpha_(checked_alpha(alpha)), d_(beta) {}
    void step(std::span<double> w, std::span<const double> g)
    {
        if (v_.empty()) {
            v_.assign(w.size(), 0.0); // V_0 = 0
        }
        check_step_sizes("momentum", w.size(), g.size(), v_.size());
        for (std::size_t i = 0; i < w.size(); ++i) {
            v_[i] = d_.beta == 0.0 ? g[i] : d_.beta * v_[i] + d_.alpha * g[i];
            w[i] -= alpha_ * v_[i];
        }
    }
    [[nodiscard]] std::span<const double> velocity() const noexcept { return v_; }

private:
    double alpha_;
    decay d_;
    std::vector<double> v_;
};

} // namespace smooth::textbook

#endif
