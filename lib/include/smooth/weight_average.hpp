// An exponential moving average of the parameters themselves: Polyak-Ruppert averaging in
// the EMA form used in practice ("model EMA", PyTorch's swa_utils.AveragedModel with an EMA
// average). With noisy (stochastic) gradients, momentum at the same effective step leaves the
// weights about as noisy as plain SGD (Kidambi, Netrapalli, Jain, Kakade, ICLR 2018): what
// sets their noise is the effective step. Averaging the iterates is what reduces it (Polyak
// and Juditsky 1992; Ruppert 1988).
//
//   smooth::weight_average avg(0.99);
//   avg.push(w);                                    // after each optimizer step
//   std::span<const double> w_bar = avg.value();   // bias-corrected: starts at the first w
//
// Built on the same EMA accumulator as momentum's velocity (ema_stream over the vector),
// read bias-corrected (V_t / W_t) so the average does not start at zero.
#ifndef SMOOTH_WEIGHT_AVERAGE_HPP
#define SMOOTH_WEIGHT_AVERAGE_HPP

#include <cstddef>
#include <span>
#include <vector>

#include <smooth/decay.hpp>
#include <smooth/ema.hpp>

namespace smooth {

class weight_average {
public:
    explicit weight_average(decay d) : ema_(d, missing_policy::propagate) {}

    /// Folds the current parameters in: one pass over memory, the average's EMA and its
    /// bias-corrected value written together (a division each, as ema_stream::corrected).
    void push(std::span<const double> w)
    {
        if (averaged_.size() != w.size()) {
            averaged_ = std::vector<double>(w.size()); // (resize() trips a false GCC 12 warning here)
        }
        double* out = averaged_.data();
        const double weight = ema_.next_weight_sum(); // weight_sum() once w is folded in
        ema_.push_each(w, [out, weight](std::size_t i, double v) { out[i] = v / weight; });
    }

    /// The averaged parameters (empty before the first push).
    [[nodiscard]] std::span<const double> value() const noexcept { return averaged_; }
    [[nodiscard]] std::size_t count() const noexcept { return ema_.observed(); }

private:
    ema_stream<std::vector<double>> ema_;
    std::vector<double> averaged_;
};

} // namespace smooth

#endif
