// Curved valleys: Rosenbrock's (1-x)^2 + 100 (y-x^2)^2, the classic hard valley, and the
// milder "banana" (1-x)^2 + 20 (3y-x^2)^2 of distill.pub's "Why Momentum Really Works".
#ifndef SMOOTH_PROBLEMS_ROSENBROCK_HPP
#define SMOOTH_PROBLEMS_ROSENBROCK_HPP

#include <span>
#include <vector>

#include <smooth/parameter_error.hpp>

namespace smooth::problems {

/// f(x, y) = (1-x)^2 + 100 (y - x^2)^2; minimum 0 at (1, 1); start (-1.2, 1).
class rosenbrock {
public:
    double operator()(std::span<const double> w, std::span<double> g) const
    {
        check_problem_sizes("rosenbrock", 2, w.size(), g.size());
        const double x = w[0];
        const double r = w[1] - x * x;
        g[0] = -2.0 * (1.0 - x) - 400.0 * x * r;
        g[1] = 200.0 * r;
        return (1.0 - x) * (1.0 - x) + 100.0 * r * r;
    }
    [[nodiscard]] static constexpr std::size_t dimension() { return 2; }
    [[nodiscard]] std::vector<double> start() const { return {-1.2, 1.0}; }
    /// The step the tools use when given none (GD's limit at the minimum is 2 / 1001.6).
    [[nodiscard]] double default_alpha() const { return 0.001; }
    [[nodiscard]] std::vector<double> minimizer() const { return {1.0, 1.0}; }
    [[nodiscard]] double minimum() const { return 0.0; }
};

/// f(x, y) = (1-x)^2 + 20 (3y - x^2)^2; minimum 0 at (1, 1/3); start (-1, 1).
class banana {
public:
    double operator()(std::span<const double> w, std::span<double> g) const
    {
        check_problem_sizes("banana", 2, w.size(), g.size());
        const double x = w[0];
        const double r = 3.0 * w[1] - x * x;
        g[0] = -2.0 * (1.0 - x) - 80.0 * x * r;
        g[1] = 120.0 * r;
        return (1.0 - x) * (1.0 - x) + 20.0 * r * r;
    }
    [[nodiscard]] static constexpr std::size_t dimension() { return 2; }
    [[nodiscard]] std::vector<double> start() const { return {-1.0, 1.0}; }
    /// The step the tools use when given none (GD's limit at the minimum is 2 / 520.6).
    [[nodiscard]] double default_alpha() const { return 0.003; }
    [[nodiscard]] std::vector<double> minimizer() const { return {1.0, 1.0 / 3.0}; }
    [[nodiscard]] double minimum() const { return 0.0; }
};

} // namespace smooth::problems

#endif
