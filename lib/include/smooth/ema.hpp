// Exponential moving averages, streaming, in the article's form
//
//     V_0 = 0,   V_t = beta V_{t-1} + alpha S_t      (alpha = 1 - beta)
//
// and the companions that pandas, TA-Lib and R's TTR compute:
//
//   ema_stream / tag::ema                   V_t itself: starts low, because V_0 = 0 still
//                                           holds weight beta^t.
//   ema_corrected_stream / tag::ema_corrected  V_t / W_t, W_t = 1 - beta^t kept by its own
//                                           recursion: the bias-corrected EMA (Adam), pandas'
//                                           ewm(adjust=True).mean().
//   ema_first_stream / tag::ema_first       Y_1 = S_1, then the recursion: pandas'
//                                           ewm(adjust=False).mean().
//   ema_seeded_stream / tag::ema_seeded, tag::wilder   seeded with the SMA of the first N
//                                           values: TA-Lib's EMA(N), TTR's EMA(x, n) and
//                                           Wilder's smoothing (alpha = 1/N).
//
//   smooth::ema_corrected_stream<double> ema(smooth::decay::from_span(19));
//   ema.push(x); std::optional<double> v = ema.value();
//
//   accumulator_set<double, features<smooth::tag::ema_corrected>> acc(smooth::tag::ema::beta = 0.9);
//   acc(x); std::optional<double> v = smooth::ema_corrected(acc);   // the same, as a Boost feature
//
// Result:     std::optional of the sample type (double, float, std::vector<T>,
//             std::valarray<T>) for the corrected, first-seeded and seeded forms: nullopt
//             before min_periods observed samples (default 1; the seeded ones at least N);
//             ema_stream's V_t is the sample type itself (V_0 = 0 is a value). The array
//             functions (ema_batch.hpp) write NaN where a stream has none.
// Parameters: a decay (decay.hpp: beta, or pandas' alpha, span, com, halflife), validated;
//             a missing_policy for NaN scalar samples (default decay, pandas' default).
//             Vector samples are never checked: a NaN element propagates.
// Agreement:  scalar corrected and first-seeded EMAs do pandas' own arithmetic on pandas'
//             own alpha and beta, so they agree with pandas 1.5.3 to a few ulp for every
//             spelling and missing policy (tests/test_ema.cpp, values in tests/REFERENCES.md).
// Complexity: O(1) per sample (O(n) for vectors of n, in place, no allocation after the
//             first sample); O(1) memory (O(n) for vectors).
// Where:      ema_stream.hpp holds the article's form; ema_corrected.hpp pandas' two;
//             ema_seeded.hpp the trading one; ema_features.hpp the Boost features;
//             ema_batch.hpp the array functions. Including this header gives them all.
#ifndef SMOOTH_EMA_HPP
#define SMOOTH_EMA_HPP

#include <smooth/ema_stream.hpp>     // ema_stream: the article's form
#include <smooth/ema_corrected.hpp>  // ema_corrected_stream, ema_first_stream: pandas'
#include <smooth/ema_seeded.hpp>     // ema_seeded_stream: TA-Lib's and TTR's, Wilder's
#include <smooth/ema_features.hpp>   // tag::ema, tag::ema_corrected, ... (Boost.Accumulators)
#include <smooth/ema_batch.hpp>      // exponential_moving_average, zero_start_ema_blocked

#endif
