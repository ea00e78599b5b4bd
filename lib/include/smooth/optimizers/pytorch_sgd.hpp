// torch.optim.SGD(lr, momentum=mu, dampening=tau, weight_decay=lambda, nesterov, maximize), to
// the letter of torch/optim/sgd.py (torch 1.13, Debian 12's python3-torch):
//
//   d = maximize ? -g : g
//   d = d + lambda w                                  (coupled L2 weight decay)
//   b = d                on the first step            (dampening NOT applied then)
//   b = mu b + (1 - tau) d   afterwards
//   d = nesterov ? d + mu b : b                       (only when mu != 0)
//   w -= lr d
//
// Equal to the classic form when tau = lambda = 0. Accepted and refused as torch 1.13 does:
// lr >= 0 (0 is accepted: nothing moves), momentum >= 0, weight_decay >= 0, any dampening
// (torch checks none: 2 or -0.5 are accepted), nesterov only with mu > 0 and tau = 0. One
// difference, on purpose: torch accepts NaN and infinite values (NaN < 0 is false); they can
// only make NaN parameters, so here they are refused.
// Rounding: each operation rounds as sgd.py writes it, which is torch's plain CPU kernels bit
// for bit (ATEN_CPU_CAPABILITY=default). torch's AVX2 kernels compute a + alpha * b as a fused
// multiply-add, rounding once: on such a machine torch's parameters differ from these in the
// last bits (within 16 ulp of the largest |w| over 200 steps: tests/python/test_optim.py).
#ifndef SMOOTH_OPTIMIZERS_PYTORCH_SGD_HPP
#define SMOOTH_OPTIMIZERS_PYTORCH_SGD_HPP

#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include <smooth/optimizers/optimizer.hpp>
#include <smooth/parameter_error.hpp>

namespace smooth {

struct pytorch_sgd_options {
    double momentum = 0.0;
    double dampening = 0.0;
    double weight_decay = 0.0;
    bool nesterov = false;
    bool maximize = false; ///< step up the gradient (torch's maximize=True)
};

class pytorch_sgd {
public:
    pytorch_sgd(double lr, pytorch_sgd_options options = {}) : lr_(checked_lr(lr)), o_(options)
    {
        if (!(o_.momentum >= 0.0) || std::isinf(o_.momentum)) {
            throw_parameter_error("momentum", "finite and >= 0", o_.momentum);
        }
        if (!std::isfinite(o_.dampening)) {
            throw_parameter_error("dampening", "finite", o_.dampening);
        }
        if (!(o_.weight_decay >= 0.0) || std::isinf(o_.weight_decay)) {
            throw_parameter_error("weight_decay", "finite and >= 0", o_.weight_decay);
        }
        if (o_.nesterov && (o_.momentum <= 0.0 || o_.dampening != 0.0)) {
            throw std::invalid_argument("Nesterov momentum requires a momentum and zero dampening (got momentum " +
                                        shortest(o_.momentum) + ", dampening " + shortest(o_.dampening) + ")");
        }
    }

    void step(std::span<double> w, std::span<const double> g)
    {
        check_step_sizes("pytorch_sgd", w.size(), g.size(), buffer_.size());
        const bool first = buffer_.size() != g.size();
        if (first && o_.momentum != 0.0) {
            buffer_.assign(g.size(), 0.0);
        }
        // the loop specialised for the options, so that none is tested per element; its numbers
        // passed by value (a write to w[i] could be a write to a member or to a variable a
        // lambda holds by reference, for all the compiler knows, and it would read it again at
        // every element instead of vectorising)
        const pytorch_sgd_options o = o_;
        const numbers k{lr_, o.momentum, 1.0 - o.dampening, o.weight_decay};
        double* const buffer = buffer_.data();
        const auto with = [](bool flag, auto then) {
            return flag ? then(std::true_type{}) : then(std::false_type{});
        };
        with(o.maximize, [&](auto maximize) {
            with(o.weight_decay != 0.0, [&](auto decay) {
                with(o.momentum != 0.0, [&](auto momentum) {
                    with(o.dampening != 0.0, [&](auto damped) {
                        with(o.nesterov, [&](auto nesterov) {
                            with(first, [&](auto first_step) {
                                run<maximize, decay, momentum, damped, nesterov, first_step>(w.data(), g.data(), buffer,
                                                                                            w.size(), k);
                            });
                        });
                    });
                });
            });
        });
    }

    [[nodiscard]] std::span<const double> velocity() const noexcept { return buffer_; }
    void set_alpha(double lr) { lr_ = checked_lr(lr); }
    void set_beta(double momentum)
    {
        if (!(momentum >= 0.0) || std::isinf(momentum)) {
            throw_parameter_error("momentum", "finite and >= 0", momentum);
        }
        o_.momentum = momentum;
    }
    [[nodiscard]] double alpha() const noexcept { return lr_; }
    [[nodiscard]] double beta() const noexcept { return o_.momentum; }

private:
    struct numbers {
        double lr;
        double mu;
        double keep; // 1 - dampening
        double weight_decay;
    };

    /// torch's update, element by element: d = +-g (+ weight_decay w); b = mu b + (1 -
    /// dampening) d (b = d at the first step); d = b, or d + mu b (Nesterov); w -= lr d.
    /// (Undamped, (1 - dampening) d is d: the multiplication by 1 is left out, same bits.)
    template <bool maximize, bool decay, bool momentum, bool damped, bool nesterov, bool first>
    static void run(double* w, double const* g, double* buffer, std::size_t n, numbers k)
    {
        for (std::size_t i = 0; i < n; ++i) {
            double d = maximize ? -g[i] : g[i];
            if constexpr (decay) {
                d += k.weight_decay * w[i];
            }
            if constexpr (momentum) {
                const double b = first ? d : k.mu * buffer[i] + (damped ? k.keep * d : d);
                buffer[i] = b;
                d = nesterov ? d + k.mu * b : b;
            }
            w[i] -= k.lr * d;
        }
    }

    /// torch: lr >= 0 (0 included); here also finite
    static double checked_lr(double lr)
    {
        if (!(lr >= 0.0) || std::isinf(lr)) {
            throw_parameter_error("lr", "finite and >= 0", lr);
        }
        return lr;
    }

    double lr_;
    pytorch_sgd_options o_;
    std::vector<double> buffer_;
};

} // namespace smooth

#endif
