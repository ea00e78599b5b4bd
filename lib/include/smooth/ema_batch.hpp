// EMAs of whole arrays: every form, into a new vector or into storage the caller owns, the
// streams' arithmetic bit for bit (pandas' two forms, on long arrays, in sixteen stretches at
// once: detail/ewm_lanes.hpp); and, under names of their own, two faster forms within a few
// ulp of the size of the data: the zero-start EMA as a blocked scan (about twice as fast), and
// the corrected EMA as two running sums and a division (for beta near 1 too, where the
// stretches do not pay).
#ifndef SMOOTH_EMA_BATCH_HPP
#define SMOOTH_EMA_BATCH_HPP

#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <span>
#include <vector>

#include <smooth/decay.hpp>
#include <smooth/detail/ema_scan.hpp>
#include <smooth/detail/fast_corrected_ema.hpp>
#include <smooth/ema_stream.hpp>
#include <smooth/ema_corrected.hpp>
#include <smooth/ema_seeded.hpp>
#include <smooth/missing.hpp>
#include <smooth/stream_array.hpp>

namespace smooth {

/// Which of the three EMAs a batch call computes.
enum class ema_form { zero_start, corrected, first_seeded };

/// The EMA of a scalar array into storage the caller owns (out.size() == series.size(), else
/// std::invalid_argument): no allocation, no page of a fresh vector touched for the first time.
/// Every form is the streaming types' own arithmetic, bit for bit; NaN where a stream has no
/// value yet. min_periods as the streams': NaN until that many samples were observed (0: each
/// form's default, 1 for corrected and first-seeded, none for zero-start, whose V_0 = 0 is a
/// value). pandas' two forms (corrected, first_seeded), once their weight has settled, take
/// the rest in sixteen stretches at once if it is long enough (55,000 samples at beta 0.9,
/// 566,000 at 0.99; never past a span of 380,000): 2.6 to 3 times the stream's speed, the same
/// numbers (detail/ewm_lanes.hpp).
template <ema_scalar T>
void exponential_moving_average(std::span<const T> series, std::span<T> out, decay d,
                                ema_form form = ema_form::zero_start, missing_policy missing = missing_policy::decay,
                                std::size_t min_periods = 0)
{
    detail::check_output_size("exponential_moving_average", series.size(), out.size());
    switch (form) {
    case ema_form::first_seeded:
        ema_first_stream<T>(d, missing, min_periods).push_into(series, out);
        break;
    case ema_form::corrected:
        ema_corrected_stream<T>(d, missing, min_periods).push_into(series, out);
        break;
    case ema_form::zero_start: {
        ema_stream<T> acc(d, missing);
        detail::stream_into(acc, series, out, 0, series.size(), [&](T v) {
            return acc.observed() < min_periods ? std::numeric_limits<T>::quiet_NaN() : v;
        });
        break;
    }
    }
}

/// The EMA of a whole scalar sequence, one value per sample, into a new vector: the overload
/// above's numbers, the streaming types' arithmetic bit for bit.
template <ema_scalar T>
std::vector<T> exponential_moving_average(std::span<const T> series, decay d, ema_form form = ema_form::zero_start,
                                          missing_policy missing = missing_policy::decay, std::size_t min_periods = 0)
{
    std::vector<T> out(series.size());
    exponential_moving_average<T>(series, std::span<T>(out), d, form, missing, min_periods);
    return out;
}

/// The zero-start EMA of an array as a blocked scan (detail::ema_scan), about 2x the serial
/// recursion's speed: NOT bit for bit the recursion, but within a few units in the last place
/// of it, relative to the size of the samples averaged (tested: 1e-15 up to beta 0.9; for beta
/// nearer 1 as close to the exact value as the recursion is). NaN and infinities follow the
/// streaming rules and land where streaming puts them. A name of its own, so that the same
/// call never gives two answers.
inline void zero_start_ema_blocked(std::span<const double> series, std::span<double> out, decay d,
                                   missing_policy missing = missing_policy::decay)
{
    detail::check_output_size("zero_start_ema_blocked", series.size(), out.size());
    double v = 0.0;
    detail::ema_scan(series, out, d.beta, d.alpha, missing, v);
}

/// The bias-corrected EMA (pandas' ewm(adjust=True).mean()), fast: the textbook's
///
///   V_t = beta V_(t-1) + x_t,   W_t = 1 + beta + ... + beta^(t-1),   out_t = V_t / W_t
///
/// with no division on the path from one sample to the next. pandas' arithmetic (ema_form::
/// corrected above) waits for a division at every sample, unless the array is long enough for
/// its sixteen stretches (not for beta near 1); this runs at the speed of the plain V / W loop
/// at every beta (docs/performance.md) and is as close to the exact value as pandas'
/// arithmetic, or closer. NOT pandas' numbers bit for bit: a name of its own, so that one call never gives
/// two answers. How (detail/fast_corrected_ema.hpp):
///   - W_t is 1 - beta^t = -expm1(t log beta) over 1 - beta, from a table every 64 steps, not
///     the recursion W = beta W + 1, which rounds the same way at every step near its limit and
///     ends up to about 1 / (2 (1 - beta)) ulp off (4,392 ulp at beta 0.9999, measured);
///   - V_t is kept as seen from the newest sample, sum beta^i (x_(t-i) - x_t), which is 0 for a
///     constant, where V itself would stall as W does (511 ulp at beta 0.999 for a constant).
///   (Both measured by test_batch's the_plain_recursions_would_be_hundreds_of_ulp_off.)
/// Accuracy, measured against long double (tests/test_batch.cpp; docs/reference/ema.md): at
/// most pandas' own error plus 4 ulp of the size of the samples averaged (sum beta^i |x_(t-i)|
/// / W_t), and within 64 of them, for beta up to 0.999 and every missing policy; near a zero
/// crossing both are many more ulp of the value itself.
/// Missing samples as the streams' (skip: as if absent; decay: they age the past; propagate:
/// NaN from there on), and NaN until min_periods samples (0: 1) were observed. After an
/// infinity, for |x| near DBL_MAX and for beta 0, the whole array is done with pandas'
/// arithmetic instead. out.size() == series.size(), else std::invalid_argument.
template <ema_scalar T>
void fast_corrected_ema(std::span<const T> series, std::span<T> out, decay d,
                        missing_policy missing = missing_policy::decay, std::size_t min_periods = 0)
{
    detail::check_output_size("fast_corrected_ema", series.size(), out.size());
    if (d.beta == 0.0 || !detail::fast_corrected_ema(series, out, d.beta, missing, min_periods)) {
        exponential_moving_average<T>(series, out, d, ema_form::corrected, missing, min_periods);
    }
}

/// The same, returning a new vector.
template <ema_scalar T>
std::vector<T> fast_corrected_ema(std::span<const T> series, decay d, missing_policy missing = missing_policy::decay,
                                  std::size_t min_periods = 0)
{
    std::vector<T> out(series.size());
    fast_corrected_ema<T>(series, std::span<T>(out), d, missing, min_periods);
    return out;
}

/// TA-Lib's EMA(N) or Wilder's smoothing of a whole array into storage the caller owns
/// (out.size() == series.size(), else std::invalid_argument): `seeded` is the stream to start
/// from, ema_seeded_stream<T>::ema(N) or ::wilder(N) (with its missing policy). Its arithmetic,
/// bit for bit: NaN before the N-th value present, then the seeded recursion.
template <std::floating_point T>
void exponential_moving_average(std::span<const T> series, std::span<T> out, ema_seeded_stream<T> seeded)
{
    detail::check_output_size("exponential_moving_average", series.size(), out.size());
    detail::stream_into(seeded, series, out);
}

/// The same, returning a new vector.
template <std::floating_point T>
std::vector<T> exponential_moving_average(std::span<const T> series, ema_seeded_stream<T> seeded)
{
    std::vector<T> out(series.size());
    exponential_moving_average<T>(series, std::span<T>(out), seeded);
    return out;
}

} // namespace smooth

#endif
