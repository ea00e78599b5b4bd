// The lab: the test problems by the names people type (quadratic:1,100, ravine, rosenbrock,
// banana, linreg), the methods in their forms made into optimizers, and what a run on a
// problem is asked: the library's default step, eigenvalues, minimiser and tuned parameters,
// the loss contours and the path figures. descend, explore, the tutorials and the tests use it.
//
//   auto p = smooth::lab::make_problem("quadratic:1,100");
//   auto opt = smooth::lab::make_optimizer({smooth::method::momentum, smooth::momentum_form::ema, 0.1, 0.9});
//
// A name or parameter that does not make a problem or an optimizer throws choice_error (a
// std::invalid_argument) with the library's reason; the tools show it as a usage error.
#ifndef SMOOTH_LAB_PROBLEMS_HPP
#define SMOOTH_LAB_PROBLEMS_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include <smooth/optimizers/classic_momentum.hpp>
#include <smooth/optimizers/gradient_descent.hpp>
#include <smooth/optimizers/momentum.hpp>
#include <smooth/optimizers/pytorch_sgd.hpp>
#include <smooth/plot/figure.hpp>
#include <smooth/problems/linear_regression.hpp>
#include <smooth/problems/quadratic.hpp>
#include <smooth/problems/ravine.hpp>
#include <smooth/problems/rosenbrock.hpp>
#include <smooth/run.hpp>
#include <smooth/tuning.hpp>

namespace smooth::lab {

/// A problem or optimizer that cannot be made from what was chosen: the reason, worded for the
/// person who chose.
class choice_error : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

using problem = std::variant<problems::diagonal_quadratic, problems::ravine, problems::rosenbrock, problems::banana,
                             problems::linear_regression>;

/// quadratic:L1,L2,..., ravine, rosenbrock, banana or linreg (with its examples and seed);
/// choice_error naming --problem otherwise.
problem make_problem(std::string const& text, std::size_t samples = 256, std::uint64_t seed = 1);

/// The names people type: a method (gd, momentum, nesterov), a form (ema, classic, pytorch),
/// a comma-separated list of methods; choice_error naming `option` otherwise.
method method_from(std::string const& text, std::string const& option = "--method");
momentum_form form_from(std::string const& text);
std::vector<method> methods_from(std::string const& list, std::string const& option = "--compare");

/// The start point: the problem's, or `given` when it is not empty (choice_error when its
/// size is not the problem's).
std::vector<double> start_for(problem const& p, std::vector<double> const& given);

/// Each problem's default step in the EMA form (what GD would use as well): the library's.
double default_alpha(problem const& p);

/// The eigenvalues, for the problems the theory covers: the library's.
std::optional<std::vector<double>> spectrum(problem const& p);

std::vector<double> minimizer_of(problem const& p);

std::vector<double> start_of(problem const& p);

inline bool uses_momentum(method m)
{
    return m != method::gd;
}

/// The library's best parameters for a method on this problem, where it has them. A quadratic
/// whose spectrum the formulas cannot take (past double's range) has none; `refused`, when
/// given, then receives the library's reason.
std::optional<tuned_parameters> tuned(problem const& p, method m, std::string* refused = nullptr);

using optimizer = std::variant<gradient_descent, momentum, classic_momentum, pytorch_sgd>;

/// A method in a form with its parameters (and torch's extras for the pytorch form).
struct optimizer_choice {
    method m;
    momentum_form form;
    double alpha;
    double beta;
    bool bias_correction = false;
    double dampening = 0.0;
    double weight_decay = 0.0;
    bool maximize = false;
};

/// The library's optimizer for the choice; choice_error with the library's message for a bad
/// value.
optimizer make_optimizer(optimizer_choice const& c);

/// Loss contours of a 2-D problem around the minimiser and the paths, with a margin.
plot::contours contours_for(problem const& p, std::vector<trajectory const*> const& paths);

/// A run to draw: its name (the method) and its rows.
struct named_path {
    std::string name;
    trajectory const* rows;
};

/// The path over the loss contours (2-D problems; equal axes, the minimum marked) and the loss
/// against the step (log scale), titled "TITLE: ...".
std::vector<plot::figure> path_figures(std::string const& title, problem const& p, std::vector<named_path> const& paths);

/// path_figures as an animation: `frames` frames, the k-th showing the steps up to k/frames of
/// the longest run, its step in the title; the axes fixed to the whole run's.
plot::animation path_animation(std::string const& title, problem const& p, std::vector<named_path> const& paths,
                               std::size_t frames = 60);

} // namespace smooth::lab

#endif
