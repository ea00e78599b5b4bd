// Test helper: the first iterates of an optimizer on f(w) = w^2 / 2 from w_0 = 1 (gradient
// g = w), the problem of tests/REFERENCES.md's PyTorch table.
#ifndef SMOOTH_TESTS_OPTIMIZER_CHECK_HPP
#define SMOOTH_TESTS_OPTIMIZER_CHECK_HPP

#include <span>
#include <vector>

template <typename O>
std::vector<double> first_iterates(O& opt, int steps = 3)
{
    std::vector<double> w{1.0};
    std::vector<double> g(1);
    std::vector<double> out;
    for (int k = 0; k < steps; ++k) {
        g[0] = w[0];
        opt.step(std::span<double>(w), std::span<const double>(g));
        out.push_back(w[0]);
    }
    return out;
}

#endif
