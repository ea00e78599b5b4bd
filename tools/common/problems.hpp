// The lab's problems and optimizers (smooth/lab/problems.hpp) under the names the tools used
// before they moved there.
#ifndef SMOOTH_CLI_PROBLEMS_HPP
#define SMOOTH_CLI_PROBLEMS_HPP

#include <smooth/lab/problems.hpp>

namespace smooth::cli {

using lab::contours_for;
using lab::default_alpha;
using lab::make_optimizer;
using lab::make_problem;
using lab::minimizer_of;
using lab::named_path;
using lab::optimizer;
using lab::optimizer_choice;
using lab::path_animation;
using lab::path_figures;
using lab::problem;
using lab::spectrum;
using lab::start_of;
using lab::tuned;
using lab::uses_momentum;

} // namespace smooth::cli

#endif
