// The figures of a sweep (descend --sweep, tutorial 7): the predicted and the measured rate
// along one parameter, and distill's map of the rate over (alpha, beta).
#ifndef SMOOTH_PLOT_RATES_HPP
#define SMOOTH_PLOT_RATES_HPP

#include <span>
#include <string>
#include <vector>

#include <smooth/plot/figure.hpp>
#include <smooth/tuning.hpp>

namespace smooth::plot {

/// Predicted and measured rate against the swept parameter ("alpha" or "beta"), rate 1 (the
/// stability edge) as a reference line and the fastest predicted value marked.
figure rate_line(method m, std::string const& parameter, std::vector<double> const& values,
                 std::vector<double> const& predicted, std::vector<double> const& measured);

/// The measured rate as a colour image over (alpha, beta) (measured[j * alphas.size() + i] at
/// (alphas[i], betas[j])), blank where it is not below 1, with the stability edge the theory
/// predicts and the theory's optimum for these eigenvalues.
figure rate_map(method m, momentum_form f, std::span<const double> lambdas, std::vector<double> const& alphas,
                std::vector<double> const& betas, std::vector<double> const& measured);

} // namespace smooth::plot

#endif
