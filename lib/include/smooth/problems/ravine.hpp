// The ravine: the article's "pathological curvature". A 2-D quadratic that is steep across
// (curvature 100) and flat along (curvature 1), its axes turned 30 degrees off x and y so
// that no coordinate lines up with either. Gradient descent bounces between the walls;
// momentum's steps across cancel while those along add up.
//
//   f(w) = 1/2 (lambda_along u^2 + lambda_across v^2),  (u, v) = w rotated by -30 degrees
#ifndef SMOOTH_PROBLEMS_RAVINE_HPP
#define SMOOTH_PROBLEMS_RAVINE_HPP

#include <cmath>
#include <numbers>
#include <span>
#include <vector>

#include <smooth/parameter_error.hpp>

namespace smooth::problems {

class ravine {
public:
    static constexpr double lambda_along = 1.0;
    static constexpr double lambda_across = 100.0;
    static constexpr double angle = std::numbers::pi / 6; // of the valley floor against the x axis

    double operator()(std::span<const double> w, std::span<double> g) const
    {
        check_problem_sizes("ravine", 2, w.size(), g.size());
        const double u = c_ * w[0] + s_ * w[1];  // along the floor
        const double v = -s_ * w[0] + c_ * w[1]; // across it
        const double gu = lambda_along * u;
        const double gv = lambda_across * v;
        g[0] = c_ * gu - s_ * gv;
        g[1] = s_ * gu + c_ * gv;
        return 0.5 * (lambda_along * u * u + lambda_across * v * v);
    }

    /// The two components of a step: along the valley floor and across it.
    [[nodiscard]] double along(std::span<const double> d) const { return c_ * d[0] + s_ * d[1]; }
    [[nodiscard]] double across(std::span<const double> d) const { return -s_ * d[0] + c_ * d[1]; }

    [[nodiscard]] static constexpr std::size_t dimension() { return 2; }
    /// The documented start: 8 along the floor from the minimum, 0.5 up the wall.
    [[nodiscard]] std::vector<double> start() const { return {c_ * -8.0 - s_ * 0.5, s_ * -8.0 + c_ * 0.5}; }
    [[nodiscard]] std::vector<double> minimizer() const { return {0.0, 0.0}; }
    [[nodiscard]] double minimum() const { return 0.0; }
    [[nodiscard]] std::vector<double> eigenvalues() const { return {lambda_along, lambda_across}; }
    /// The step the tools use when given none: half of gradient descent's limit 2 / 100.
    [[nodiscard]] double default_alpha() const { return 0.01; }
    [[nodiscard]] double lambda_min() const { return lambda_along; }
    [[nodiscard]] double lambda_max() const { return lambda_across; }

private:
    double c_ = std::cos(angle);
    double s_ = std::sin(angle);
};

} // namespace smooth::problems

#endif
