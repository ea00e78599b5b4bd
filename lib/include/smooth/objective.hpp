// What the optimizers minimise: anything that, at a point w, returns f(w) and writes the
// gradient into g. A lambda does; so does every class in smooth/problems/.
//
//   auto f = [](std::span<const double> w, std::span<double> g) { g[0] = w[0]; return 0.5 * w[0] * w[0]; };
#ifndef SMOOTH_OBJECTIVE_HPP
#define SMOOTH_OBJECTIVE_HPP

#include <cmath>
#include <concepts>
#include <span>

namespace smooth {

template <typename F>
concept objective = requires(F& f, std::span<const double> w, std::span<double> g) {
    { f(w, g) } -> std::convertible_to<double>;
};

/// Euclidean norm (scaled so that no square overflows before a gradient does).
inline double norm(std::span<const double> v)
{
    double scale = 0.0;
    for (const double x : v) {
        scale = std::fmax(scale, std::abs(x));
    }
    if (scale == 0.0 || !std::isfinite(scale)) {
        return scale;
    }
    double sum = 0.0;
    for (const double x : v) {
        sum += (x / scale) * (x / scale);
    }
    return scale * std::sqrt(sum);
}

} // namespace smooth

#endif
