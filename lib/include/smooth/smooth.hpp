// Everything in the core library.
#ifndef SMOOTH_SMOOTH_HPP
#define SMOOTH_SMOOTH_HPP

#include <smooth/chunks.hpp>
#include <smooth/compensated_sum.hpp>
#include <smooth/decay.hpp>
#include <smooth/ema.hpp>
#include <smooth/ema_weights.hpp>
#include <smooth/methods.hpp>
#include <smooth/minibatch.hpp>
#include <smooth/missing.hpp>
#include <smooth/objective.hpp>
#include <smooth/optimizers/classic_momentum.hpp>
#include <smooth/optimizers/conversions.hpp>
#include <smooth/optimizers/gradient_descent.hpp>
#include <smooth/optimizers/momentum.hpp>
#include <smooth/optimizers/optimizer.hpp>
#include <smooth/optimizers/pytorch_sgd.hpp>
#include <smooth/problems/linear_regression.hpp>
#include <smooth/problems/quadratic.hpp>
#include <smooth/problems/ravine.hpp>
#include <smooth/problems/rosenbrock.hpp>
#include <smooth/run.hpp>
#include <smooth/step_record.hpp>
#include <smooth/schedules.hpp>
#include <smooth/sma.hpp>
#include <smooth/stream_array.hpp>
#include <smooth/stream_feature.hpp>
#include <smooth/smoother.hpp>
#include <smooth/superaccumulator.hpp>
#include <smooth/sweep.hpp>
#include <smooth/theory.hpp>
#include <smooth/theory_regions.hpp>
#include <smooth/tuning.hpp>
#include <smooth/weight_average.hpp>

#endif
