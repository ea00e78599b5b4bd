#include <smooth/plot/rates.hpp>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include <smooth/sweep.hpp>

namespace smooth::plot {

figure rate_line(method m, std::string const& parameter, std::vector<double> const& values,
                 std::vector<double> const& predicted, std::vector<double> const& measured)
{
    std::vector<double> shown = measured;
    for (double& v : shown) {
        if (v > 1.1) {
            v = NAN; // past the frame: the run blew up
        }
    }
    figure fig{fmt::format("{}: predicted and measured rate against {}", to_string(m), parameter), parameter,
               "rate per step (1: no progress)", false,
               {{"predicted (spectral radius)", values, predicted, style::lines, "#000000"},
                {"measured", values, shown, style::dashed, "#E69F00"}},
               {}};
    fig.references.push_back({1.0, "rate 1: the stability edge"});
    fig.y_range = std::pair{0.0, 1.1};
    // the fastest value on this line: the theory's optimum only when the other parameter is at
    // its optimum too, so the figure says what it found, not what it assumed
    std::size_t fastest = predicted.size();
    for (std::size_t i = 0; i < predicted.size() && i < values.size(); ++i) {
        if (!std::isnan(predicted[i]) && (fastest == predicted.size() || predicted[i] < predicted[fastest])) {
            fastest = i;
        }
    }
    if (fastest < predicted.size()) {
        fig.markers.push_back({values[fastest], fmt::format("fastest predicted: {} {:.4g}, rate {:.4g}", parameter,
                                                            values[fastest], predicted[fastest])});
    }
    return fig;
}

figure rate_map(method m, momentum_form f, std::span<const double> lambdas, std::vector<double> const& alphas,
                std::vector<double> const& betas, std::vector<double> const& measured)
{
    figure fig{fmt::format("Measured rate of {} over (alpha, beta), {} form: darker converges faster", to_string(m),
                           to_string(f)),
               "alpha", "beta", false, {}, {}};
    std::vector<double> shown = measured;
    double fastest = 1.0;
    for (double& v : shown) {
        if (!(v < 1.0)) {
            v = NAN; // diverged, or no faster than standing still: left blank
        } else {
            fastest = std::min(fastest, v);
        }
    }
    // the colour scale from the fastest rate measured (down to a tenth) to 1
    fig.image = heatmap{alphas, betas, shown, "rate per step", std::min(0.9, std::floor(fastest * 10.0) / 10.0), 1.0};
    std::vector<double> edge_a;
    std::vector<double> edge_b;
    for (const double b : betas) {
        if (const auto a = largest_stable_alpha(m, f, b, lambdas)) {
            if (*a >= alphas.front() && *a <= alphas.back()) {
                edge_a.push_back(*a);
                edge_b.push_back(b);
            }
        }
    }
    if (!edge_a.empty()) {
        fig.lines.push_back({"stability edge (predicted rate 1)", edge_a, edge_b, style::lines, "#D55E00"});
    }
    if (!lambdas.empty()) {
        const auto [lo, hi] = std::minmax_element(lambdas.begin(), lambdas.end());
        if (const auto best = optimal_parameters(m, f, *lo, *hi)) {
            fig.lines.push_back({fmt::format("the optimum, predicted rate {:.4g}", best->rate), {best->alpha},
                                 {best->beta}, style::markers, "#000000"});
        }
    }
    return fig;
}

} // namespace smooth::plot
