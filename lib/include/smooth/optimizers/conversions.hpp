// Converting a step size between the two spellings of the same momentum method:
//   EMA form      v = beta v + (1 - beta) g;  w -= alpha_ema v
//   classic form  b = beta b + g;             w -= alpha_classic b     (= PyTorch's lr)
// b = v / (1 - beta) at every step when beta is constant, so the iterates agree exactly when
//   alpha_classic = alpha_ema (1 - beta).
// Once beta changes during a run the two forms differ: no constant factor maps one onto the
// other (see momentum.hpp and classic_momentum.hpp).
#ifndef SMOOTH_OPTIMIZERS_CONVERSIONS_HPP
#define SMOOTH_OPTIMIZERS_CONVERSIONS_HPP

#include <smooth/decay.hpp>
#include <smooth/optimizers/optimizer.hpp>

namespace smooth {

inline double classic_alpha_from_ema(double alpha_ema, double beta)
{
    return checked_alpha(alpha_ema) * (1.0 - checked_beta(beta));
}

inline double ema_alpha_from_classic(double alpha_classic, double beta)
{
    return checked_alpha(alpha_classic) / (1.0 - checked_beta(beta));
}

} // namespace smooth

#endif
