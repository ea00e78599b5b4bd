// Test helper: compares an objective's gradient with central finite differences.
#ifndef SMOOTH_TESTS_GRADIENT_CHECK_HPP
#define SMOOTH_TESTS_GRADIENT_CHECK_HPP

#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

/// The largest |analytic - numeric| / max(1, |numeric|) over the coordinates of w.
template <typename F>
double gradient_error(F const& f, std::vector<double> w)
{
    std::vector<double> g(w.size());
    std::vector<double> scratch(w.size());
    f(std::span<const double>(w), std::span<double>(g));
    double worst = 0.0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        const double h = 1e-6 * std::max(1.0, std::abs(w[i]));
        const double keep = w[i];
        w[i] = keep + h;
        const double up = f(std::span<const double>(w), std::span<double>(scratch));
        w[i] = keep - h;
        const double down = f(std::span<const double>(w), std::span<double>(scratch));
        w[i] = keep;
        const double numeric = (up - down) / (2 * h);
        worst = std::max(worst, std::abs(g[i] - numeric) / std::max(1.0, std::abs(numeric)));
    }
    return worst;
}

#endif
