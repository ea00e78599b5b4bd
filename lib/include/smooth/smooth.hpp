// Everything in the core library.
#ifndef SMOOTH_SMOOTH_HPP
#define SMOOTH_SMOOTH_HPP

#include <smooth/compensated_sum.hpp>
#include <smooth/decay.hpp>
#include <smooth/ema.hpp>
#include <smooth/ema_weights.hpp>
#include <smooth/missing.hpp>
#include <smooth/sma.hpp>

#endif
