// Averages that merge: a series smoothed in chunks (in parallel, on other machines, file by
// file) gives the numbers of one pass from front to back.
//
//   auto a = smooth::summarize(chunk_a, spec);      // each chunk on its own, in any order
//   auto b = smooth::summarize(chunk_b, spec);
//   auto before_c = smooth::merge(a, b);             // associative: any grouping
//   smooth::apply(before_c, chunk_c, out);           // chunk c's outputs, given what came before
//
// Why it works (docs/tutorials/04-expanded-weights.md, "Averages that merge", derives it):
//
//   SMA   a window needs only the last N - 1 rows before it. A chunk's summary is its last
//         N - 1 rows; merging keeps the last N - 1 of the two. apply() pushes them into a fresh
//         stream, then the chunk. The SMA's sum is exact, so the numbers are one pass's, bit
//         for bit, whatever the split and the grouping.
//   EMA   in the expanded-weight view V_t = sum_i beta^i (1 - beta) x_(t-i), a chunk of k
//         steps contributes its own V (computed from zero) and multiplies what came before by
//         beta^k:  V(a + b) = beta^k(b) V(a) + V(b), and the same for the weight W. A summary
//         is (beta^k, V, W); merging composes the two maps. beta^k, V and W are rounded (kept
//         and merged as double-doubles), so the outputs after a merged carry are not one
//         pass's bits but about as close to the exact value: at most twice one pass's own
//         error plus 4 ulp of the data's size (tests/test_chunks.cpp, against long double).
//         The first chunk's outputs are one pass's bit for bit. pandas' corrected form keeps
//         its own state instead, the mean V / W and W (V itself overflows for a mean near the
//         largest double), and merges the two means weighed by their shares of W, computed
//         with exponents kept apart (beta^age can be far below the smallest double while its
//         product with a mean of 1e300 is not).
//
//   pandas' adjust=False form (ema_form::first_seeded) is no weighted sum of its own (its first
//         sample weighs beta^(t-1), the others alpha beta^i), but each sample maps the mean to
//         c1 mean + c2 x: a summary is the chunk's first sample, the gaps at its ends, and the
//         composed map (a, b). Not one pass's bits after a merged carry (measured likewise).
//
//   seeded TA-Lib's EMA(N) and Wilder's smoothing start from the exact mean of the series' first
//         N samples: a summary keeps its chunk's first N samples as they are (which of them
//         complete the seed depends on what came before) and the adjust=False map of the rest.
//         Every row up to the seed's is one pass's bit for bit; after it, as adjust=False.
//
// Forms: the SMA (sma_spec), the three EMAs of ema_spec (zero_start, corrected, first_seeded)
// and the seeded ones (seeded_spec), each with min_periods and the missing policies; and any
// smoother of smoother.hpp (smoother_spec), summarised as its form.
//
// Long gaps: under missing_policy::decay one pass multiplies its weight of the past by beta
// at every row, each product rounded; over a gap of thousands of rows it underflows. For
// beta <= 1/2 it reaches 0 and the next sample forgets the past (pandas' arithmetic; the
// seeded forms' makes an infinity there NaN); for beta > 1/2 it never reaches 0 (the
// smallest subnormal times beta rounds back to itself), so an infinity stays. The summaries
// redo the weight step by step where it decides (detail::decay_weight), keep the corrected
// form's mean and W at the chunk's last sample (W aged only when applied: a gap longer than
// the weights reach leaves the mean, not 0 / 0), and keep its first reset with the weight there,
// because what came before the chunk adds to that weight and can move the underflow by a
// step (tests/test_chunks.cpp cuts series around such gaps, one and two of them, for every
// form and grouping: every row that is not finite lands where one pass puts it).
#ifndef SMOOTH_CHUNKS_HPP
#define SMOOTH_CHUNKS_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <stdexcept>
#include <variant>
#include <vector>

#include <smooth/compensated_sum.hpp>
#include <smooth/ema.hpp>
#include <smooth/sma.hpp>
#include <smooth/smoother.hpp>
#include <smooth/stream_array.hpp>

namespace smooth {

/// The SMA over `window` rows; min_periods as sma_stream's (0: the window).
struct sma_spec {
    std::size_t window = 1;
    std::size_t min_periods = 0;
};

/// An EMA: the zero-start form (ema_stream), pandas' corrected form (ema_corrected_stream) or
/// its adjust=False form (ema_first_stream).
struct ema_spec {
    decay d{0.0};
    ema_form form = ema_form::corrected;
    missing_policy missing = missing_policy::decay;
    std::size_t min_periods = 0;
};

/// What the rows of a chunk (or of several, merged) leave to the rows after them: the last
/// window - 1 rows, oldest first.
struct sma_summary {
    sma_spec spec;
    std::vector<double> tail;
};

/// What the rows of a chunk (or of several) do to an EMA's state (V, W): V -> kept V + v,
/// W -> kept W + w, with kept = beta^steps (the steps they take: every row under decay and
/// propagate, the present ones under skip). observed: the samples present. For pandas'
/// corrected form, the summary is pandas' own state instead, its running mean (mean, not
/// v = mean w, which overflows for a mean near the largest double) and w, both taken at the
/// last sample present; the trail_gap rows after it age w when the summary is applied (aged
/// by a long gap, v and w would underflow to 0 / 0 where one pass keeps its mean).
struct ema_summary {
    ema_spec spec;
    double kept = 1.0;
    double kept_rest = 0.0; ///< what kept misses (beta^steps as a double-double)
    double v = 0.0;
    double w = 0.0;
    double v_rest = 0.0; ///< what v misses: merges keep v + v_rest to about 2^-106 (double-double)
    double w_rest = 0.0;
    double mean = 0.0; ///< the corrected form's running mean (a double-double with mean_rest)
    double mean_rest = 0.0;
    // pandas' adjust=False form (ema_form::first_seeded), whose weights are not a sum's: its mean
    // after the chunk is a * m + b, m its mean right after `first`, the chunk's first sample
    // present, which enters through the gap before it (lead_gap rows that age the past).
    double first = 0.0;
    std::size_t lead_gap = 0;  ///< missing rows before the first sample present (decay: they age the past)
    std::size_t trail_gap = 0; ///< missing rows after the last sample present (decay)
    /// One pass's weight of the past reached 0 at a sample (beta^gap underflowed over a long gap,
    /// beta <= 1/2): what came before the summary is forgotten there, as pandas' arithmetic
    /// forgets it (corrected and adjust=False forms; the seeded forms' turns an infinity or
    /// NaN there into NaN).
    bool reset = false;
    bool seeded = false; ///< the map of a seeded EMA after its seed (ema_seeded_stream's arithmetic)
    // The corrected form's weight after a sample is this summary's own plus what came before,
    // aged: its first reset holds for one pass only if their sum still reaches 0 over the gap.
    // So the first reset is kept as: the weight right after the sample before the gap
    // (reset_w), the rows from the summary's start to it that age what came before
    // (reset_age), the rows from it to the sample where the weight reached 0 (reset_gap), and
    // the mean there forgotten (an infinity or NaN in it stays where one pass does not forget).
    // A reset after the first one holds whatever came before (what came before weighs less
    // than 2^-1074 by then): reset_again says there is one, reset_certain that the first is one.
    double reset_w = 0.0;
    std::size_t reset_age = 0;
    std::size_t reset_gap = 0;
    double forgotten = 0.0;
    bool reset_again = false;
    bool reset_certain = false;
    double a = 1.0;
    double a_rest = 0.0;
    double b = 0.0;
    double b_rest = 0.0;
    std::size_t steps = 0;
    std::size_t observed = 0;
};

namespace detail {

inline void check_same(bool same)
{
    if (!same) {
        throw std::invalid_argument("smooth::merge: the two summaries were made with different parameters");
    }
}

/// (ah + al)(bh + bl) as a double-double (hi, lo), the leading product exact (an FMA).
inline void dd_times(double ah, double al, double bh, double bl, double& hi, double& lo)
{
    const double p = ah * bh;
    const double e = std::fma(ah, bh, -p) + (ah * bl + al * bh);
    hi = p + e;
    lo = e - (hi - p);
}

/// (ah + al) + (bh + bl) as a double-double: the leading sum exact (TwoSum).
inline void dd_plus(double ah, double al, double bh, double bl, double& hi, double& lo)
{
    double s_err = 0.0;
    const double s = compensated_sum::two_sum(ah, bh, s_err);
    const double rest = s_err + (al + bl);
    hi = s + rest;
    lo = rest - (hi - s);
}

/// beta^steps as a double-double (hi + lo, to about 2^-100), by repeated squaring. Not the
/// betas multiplied step by step, which gains half an ulp a factor (a 430-step chunk at beta
/// 0.999: about 100 ulp of the carry it multiplies), nor pow, whose last-bit error a carry
/// made of many merges picks up once a merge (30 ulp after a thousand merges, measured).
inline void kept_after(double beta, std::size_t steps, double& hi, double& lo)
{
    double rh = 1.0;
    double rl = 0.0;
    double bh = beta;
    double bl = 0.0;
    for (std::size_t n = steps; n != 0; n >>= 1U) {
        if ((n & 1U) != 0U) {
            dd_times(rh, rl, bh, bl, rh, rl);
        }
        if (n > 1) {
            dd_times(bh, bl, bh, bl, bh, bl);
        }
    }
    hi = rh;
    lo = rl;
}

/// (kh + kl)(h + l) + (rh + rl) as a double-double (hi, lo): the product by dd_times, the sum
/// by TwoSum. A merge so rounds about 2^-100 of the carry, where plain doubles round 2^-53 a
/// merge and a carry made of a thousand merges drifted 3 times one pass's error (measured).
inline void kept_plus(double kh, double kl, double h, double l, double rh, double rl, double& hi, double& lo)
{
    double p = 0.0;
    double p_err = 0.0;
    dd_times(kh, kl, h, l, p, p_err);
    dd_plus(p, p_err, rh, rl, hi, lo);
}

/// v kept by `kept` (beta^steps): an infinity or NaN stays as it is (their arithmetic keeps it
/// for ever, and kept may have underflowed to 0); beta 0 forgets everything after one step.
inline double kept_part(double v, double kept, std::size_t steps, double beta)
{
    if (steps == 0) {
        return v;
    }
    if (beta == 0.0) {
        return 0.0;
    }
    return std::isfinite(v) ? kept * v : v;
}

/// One pass's weight of the past after k rows of decay from w: w multiplied by beta k times,
/// each product rounded (pandas' old_wt *= beta). Step by step for k <= 4096: one pass's bits.
/// Further on, w beta^k, except where that underflows: step by step the weight never reaches
/// 0 for beta > 1/2 (the smallest subnormal times beta rounds back to itself), and for
/// beta <= 1/2 it has (a weight below 2 at least halves a step: 0 within 1076 steps).
inline double decay_weight(double w, double beta, std::size_t k)
{
    if (k <= 4096) {
        for (; k > 0 && w != 0.0; --k) {
            w *= beta;
        }
        return w;
    }
    if (beta <= 0.5) {
        return 0.0;
    }
    const double p = w * std::pow(beta, static_cast<double>(k));
    return p > 0.0 ? p : std::numeric_limits<double>::denorm_min();
}

} // namespace detail

/// The summary of a chunk for the SMA: its last window - 1 rows.
inline sma_summary summarize(std::span<const double> chunk, sma_spec spec)
{
    (void)sma_stream<double>(spec.window, spec.min_periods); // the parameters checked
    const std::size_t keep = std::min(chunk.size(), spec.window - 1);
    return {spec, std::vector<double>(chunk.end() - static_cast<std::ptrdiff_t>(keep), chunk.end())};
}

/// Two chunks' summaries as one (left came first): the last window - 1 rows of both.
inline sma_summary merge(sma_summary const& left, sma_summary const& right)
{
    detail::check_same(left.spec.window == right.spec.window && left.spec.min_periods == right.spec.min_periods);
    std::vector<double> rows = left.tail;
    rows.insert(rows.end(), right.tail.begin(), right.tail.end());
    const std::size_t keep = std::min(rows.size(), left.spec.window - 1);
    rows.erase(rows.begin(), rows.end() - static_cast<std::ptrdiff_t>(keep));
    return {left.spec, std::move(rows)};
}

/// The SMA of `chunk` given what came before it (`before`: the merged summary of every earlier
/// chunk, or an empty one for the first): one pass's numbers, bit for bit.
inline void apply(sma_summary const& before, std::span<const double> chunk, std::span<double> out)
{
    detail::check_output_size("smooth::apply", chunk.size(), out.size());
    sma_stream<double> stream(before.spec.window, before.spec.min_periods);
    for (const double x : before.tail) {
        stream.push(x);
    }
    detail::stream_into(stream, chunk, out);
}

namespace detail {

/// (ah + al) / (bh + bl) as a double-double.
inline void dd_divided(double ah, double al, double bh, double bl, double& hi, double& lo)
{
    const double q = ah / bh;
    const double r = (std::fma(-q, bh, ah) + al) - q * bl; // (a - q b), to about 2^-106 of a
    const double q2 = r / bh;
    hi = q + q2;
    lo = q2 - (hi - q);
}

/// pandas' adjust=False step for a sample x after a gap of g missing rows that aged the past:
/// mean -> c1 mean + c2 x, c1 = o / (o + alpha), c2 = alpha / (o + alpha), o = beta^(g + 1),
/// each as a double-double (c1's product over a chunk's samples multiplies the carry).
struct step_coefficients {
    double c1 = 0.0;
    double c1_rest = 0.0;
    double c2 = 0.0;
    double c2_rest = 0.0;
    bool reset = false; ///< one pass's o is 0 (decay_weight): c1 = 0, c2 = 1, the past forgotten
};
inline step_coefficients first_seeded_step(double beta, double alpha, std::size_t gap)
{
    double oh = 0.0;
    double ol = 0.0;
    kept_after(beta, gap + 1, oh, ol);
    if (oh < 0x1p-1000 && decay_weight(1.0, beta, gap + 1) == 0.0) {
        return {0.0, 0.0, 1.0, 0.0, true};
    }
    double sh = 0.0;
    double sl = 0.0;
    dd_plus(oh, ol, alpha, 0.0, sh, sl); // o + alpha
    step_coefficients c;
    dd_divided(oh, ol, sh, sl, c.c1, c.c1_rest);
    dd_divided(alpha, 0.0, sh, sl, c.c2, c.c2_rest);
    return c;
}

/// c1 (ah + al) + c2 (xh + xl), as a double-double.
inline void dd_step(step_coefficients const& c, double ah, double al, double xh, double xl, double& hi, double& lo)
{
    double p = 0.0;
    double pl = 0.0;
    dd_times(c.c1, c.c1_rest, ah, al, p, pl);
    double q = 0.0;
    double ql = 0.0;
    dd_times(c.c2, c.c2_rest, xh, xl, q, ql);
    dd_plus(p, pl, q, ql, hi, lo);
}

/// a m + b, for the mean m right after a summary's first sample: an infinity or NaN stays (for
/// beta > 0 pandas keeps it for ever, and a may have underflowed to 0), and one in m meets one
/// in b as IEEE adds them (-inf, then +inf: NaN); unless a step forgot m (s.reset).
inline double first_seeded_mean(ema_summary const& s, double m)
{
    if (std::isfinite(m)) {
        if (!std::isfinite(s.b)) {
            return s.b;
        }
        double hi = 0.0;
        double lo = 0.0;
        dd_times(s.a, s.a_rest, m, 0.0, hi, lo);
        return hi + (lo + s.b_rest) + s.b;
    }
    if (s.spec.d.beta == 0.0 && s.observed > 1) {
        return s.b;
    }
    if (s.reset) { // 0 m: pandas takes the newest sample, the seeded forms' arithmetic makes NaN
        return s.seeded ? std::numeric_limits<double>::quiet_NaN() : s.b;
    }
    return m + s.b;
}

/// The step c into sample x from the mean u (a double-double), as one pass takes it: an
/// infinity or NaN stays, unless the step forgot the past (c.reset).
inline void step_into(step_coefficients const& c, bool seeded, double uh, double ul, double x, double& hi, double& lo)
{
    if (std::isfinite(uh) && std::isfinite(x)) {
        dd_step(c, uh, ul, x, 0.0, hi, lo);
        return;
    }
    lo = 0.0;
    if (!c.reset) {
        hi = uh + x; // c1, c2 > 0: an infinity stays, +inf and -inf make NaN
        return;
    }
    hi = seeded && !std::isfinite(uh) ? std::numeric_limits<double>::quiet_NaN() : x;
}

/// One more sample x of pandas' adjust=False form, after `gap` missing rows (decay: they age the
/// past), added to a summary: the chunk's first sample is kept as it is, later ones compose the
/// summary's map with their step.
inline void first_seeded_add(ema_summary& s, double x, std::size_t gap, step_coefficients const& no_gap)
{
    const double beta = s.spec.d.beta;
    if (s.spec.missing == missing_policy::decay) {
        (s.observed == 0 ? s.lead_gap : s.trail_gap) += gap;
    }
    if (s.observed++ == 0) {
        s.first = x;
        return;
    }
    const auto c = s.trail_gap == 0 ? no_gap : first_seeded_step(beta, s.spec.d.alpha, s.trail_gap);
    dd_times(c.c1, c.c1_rest, s.a, s.a_rest, s.a, s.a_rest);
    if (beta == 0.0) {
        s.b = x;
        s.b_rest = 0.0;
    } else {
        step_into(c, s.seeded, s.b, s.b_rest, x, s.b, s.b_rest);
    }
    s.reset = s.reset || c.reset;
    s.trail_gap = 0;
}

inline ema_summary summarize_first_seeded(std::span<const double> chunk, ema_spec spec, bool seeded = false)
{
    ema_summary s{spec};
    s.seeded = seeded;
    const auto no_gap = first_seeded_step(spec.d.beta, spec.d.alpha, 0);
    std::size_t gap = 0;
    for (const double x : chunk) {
        if (spec.missing != missing_policy::propagate && std::isnan(x)) {
            ++gap;
            continue;
        }
        first_seeded_add(s, x, gap, no_gap);
        gap = 0;
    }
    if (spec.missing == missing_policy::decay) {
        (s.observed == 0 ? s.lead_gap : s.trail_gap) += gap;
    }
    return s;
}

inline ema_summary merge_first_seeded(ema_summary const& left, ema_summary const& right)
{
    const bool decay = left.spec.missing == missing_policy::decay;
    if (right.observed == 0) {
        ema_summary s = left;
        (left.observed == 0 ? s.lead_gap : s.trail_gap) += decay ? right.lead_gap : 0;
        return s;
    }
    if (left.observed == 0) {
        ema_summary s = right;
        s.lead_gap += left.lead_gap;
        return s;
    }
    ema_summary s = left;
    s.trail_gap = right.trail_gap;
    s.observed = left.observed + right.observed;
    if (left.spec.d.beta == 0.0) { // only the newest sample counts
        s.a = 0.0;
        s.a_rest = 0.0;
        s.b = right.observed > 1 ? right.b : right.first;
        s.b_rest = right.observed > 1 ? right.b_rest : 0.0;
        return s;
    }
    // the left map, the step into right's first sample, the right map
    const auto c = first_seeded_step(left.spec.d.beta, left.spec.d.alpha, left.trail_gap + right.lead_gap);
    double ch = 0.0;
    double cl = 0.0;
    dd_times(c.c1, c.c1_rest, left.a, left.a_rest, ch, cl);
    dd_times(right.a, right.a_rest, ch, cl, s.a, s.a_rest);
    s.reset = left.reset || c.reset || right.reset;
    double ih = 0.0; // the mean right after right's first sample, for a finite one before left's map
    double il = 0.0;
    step_into(c, left.seeded, left.b, left.b_rest, right.first, ih, il);
    if (!std::isfinite(ih) || !std::isfinite(right.b)) { // an infinity or NaN stays, unless forgotten
        s.b = first_seeded_mean(right, ih);
        s.b_rest = std::isfinite(s.b) ? right.b_rest : 0.0;
        return s;
    }
    double ph = 0.0;
    double pl = 0.0;
    dd_times(right.a, right.a_rest, ih, il, ph, pl);
    dd_plus(ph, pl, right.b, right.b_rest, s.b, s.b_rest);
    return s;
}

/// A double-double with an exponent of its own, (hi + lo) 2^e with |hi| in [1/2, 1) or 0: the
/// corrected form's merge multiplies a mean near the largest double by beta^age far below the
/// smallest, and either product alone would overflow or underflow where theirs is a plain number.
struct scaled {
    double hi = 0.0;
    double lo = 0.0;
    long long e = 0;
};
inline scaled normalized(double hi, double lo, long long e)
{
    if (hi == 0.0 || !std::isfinite(hi)) {
        return {hi, 0.0, 0};
    }
    int k = 0;
    const double h = std::frexp(hi, &k);
    return {h, std::ldexp(lo, -k), e + k};
}
inline scaled scaled_times(scaled const& a, scaled const& b)
{
    double hi = 0.0;
    double lo = 0.0;
    dd_times(a.hi, a.lo, b.hi, b.lo, hi, lo);
    return normalized(hi, lo, a.e + b.e);
}
inline scaled scaled_plus(scaled const& a, scaled const& b)
{
    if (a.hi == 0.0) {
        return b;
    }
    if (b.hi == 0.0) {
        return a;
    }
    scaled const& big = a.e >= b.e ? a : b;
    scaled const& small = a.e >= b.e ? b : a;
    const long long shift = big.e - small.e;
    if (shift > 1200) {
        return big; // the small one is below the big one's last bit
    }
    double hi = 0.0;
    double lo = 0.0;
    const auto k = static_cast<int>(shift);
    dd_plus(big.hi, big.lo, std::ldexp(small.hi, -k), std::ldexp(small.lo, -k), hi, lo);
    return normalized(hi, lo, big.e);
}
/// beta^steps as a scaled double-double, by repeated squaring (kept_after without its underflow).
inline scaled scaled_kept_after(double beta, std::size_t steps)
{
    scaled r{0.5, 0.0, 1};
    scaled b = normalized(beta, 0.0, 0);
    for (std::size_t n = steps; n != 0; n >>= 1U) {
        if ((n & 1U) != 0U) {
            r = scaled_times(r, b);
        }
        if (n > 1) {
            b = scaled_times(b, b);
        }
        if (r.e < -100000 || b.hi == 0.0) {
            return {}; // far below anything a double holds
        }
        b.e = std::max(b.e, -(1LL << 40)); // (b's exponent only grows more negative; r's stops it)
    }
    return r;
}
/// A scaled double-double as the nearest double (or close to it).
inline double scaled_value(scaled const& v)
{
    if (v.e > 2000) {
        return std::copysign(std::numeric_limits<double>::infinity(), v.hi);
    }
    if (v.e < -2000) {
        return 0.0 * v.hi;
    }
    return std::ldexp(v.hi + v.lo, static_cast<int>(v.e));
}

/// Of two means where one is not finite: that one, which stays (one pass's arithmetic keeps an
/// infinity or NaN); where both are not: IEEE's sum (+inf and -inf: NaN).
inline double staying(double a, double b)
{
    return std::isfinite(a) ? b : std::isfinite(b) ? a : a + b;
}

/// The corrected form's first reset, where a summary keeps it (see ema_summary); `again`: one
/// more follows it.
inline void first_reset(ema_summary& s, double w, std::size_t age, std::size_t gap, double forgotten, bool again = false)
{
    s.reset = true;
    s.reset_w = w;
    s.reset_age = age;
    s.reset_gap = gap;
    s.forgotten = forgotten;
    s.reset_again = again;
    s.reset_certain = false;
}
/// s's resets are `from`'s, and one more follows them if `again`.
inline void first_reset_of(ema_summary& s, ema_summary const& from, bool again = false)
{
    s.reset = from.reset;
    s.reset_w = from.reset_w;
    s.reset_age = from.reset_age;
    s.reset_gap = from.reset_gap;
    s.forgotten = from.forgotten;
    s.reset_again = from.reset && (from.reset_again || again);
    s.reset_certain = from.reset_certain;
}

/// pandas' corrected form: (mean, W) at the last sample present, the left's W aged by the rows
/// from its last sample to the right's last sample; or the right's alone where one pass forgets
/// the left (its weight of the past reaches 0 at the right's first sample, or at the right's
/// own first reset with the left's weight in it).
inline ema_summary merge_corrected(ema_summary const& left, ema_summary const& right)
{
    const double beta = left.spec.d.beta;
    ema_summary s = right.observed == 0 ? left : right;
    s.steps = left.steps + right.steps;
    kept_after(beta, s.steps, s.kept, s.kept_rest);
    s.observed = left.observed + right.observed;
    if (right.observed == 0 || left.observed == 0) { // rows without a sample: they only age
        if (right.observed == 0) {
            (left.observed == 0 ? s.lead_gap : s.trail_gap) += right.lead_gap;
        } else {
            s.lead_gap += left.lead_gap;
            s.reset_age += left.steps; // the left's rows come first
        }
        return s;
    }
    s.lead_gap = left.lead_gap;
    const std::size_t step = left.trail_gap + right.lead_gap + 1;
    if (decay_weight(left.w + left.w_rest, beta, step) == 0.0) {
        // one pass's weight of the left reaches 0 at the right's first sample: the right's numbers
        first_reset(s, left.w, left.steps - left.trail_gap, step, left.mean, right.reset);
        if (left.reset) {
            first_reset_of(s, left, true);
        }
        return s;
    }
    if (right.reset) { // the right's first reset, with the left's weight in one pass's weight there
        double kh = 0.0;
        double kl = 0.0;
        kept_after(beta, left.trail_gap + right.reset_age, kh, kl);
        const double w = right.reset_w + (left.w + left.w_rest) * kh;
        // the mean one pass forgets there, or keeps
        const double before = std::isfinite(left.mean) ? right.forgotten : staying(left.mean, right.forgotten);
        if (right.reset_certain || decay_weight(w, beta, right.reset_gap) == 0.0) {
            first_reset(s, w, left.steps + right.reset_age, right.reset_gap, before, right.reset_again); // the right's numbers
            s.reset_certain = right.reset_certain;
            if (left.reset) {
                first_reset_of(s, left, true);
            }
            return s;
        }
        // one pass keeps it: what it kept weighs less than 2^-1074 against the right's samples
        // after it, so only an infinity or NaN there shows; it stays until the right's next
        // reset, which holds (after it, the right's numbers are one pass's)
        if (right.reset_again) {
            s.reset_certain = true; // (the right's numbers, and a reset that holds)
            s.reset_again = false;
            s.reset_age = left.steps + right.reset_age;
            if (left.reset) {
                first_reset_of(s, left, true);
            }
            return s;
        }
        first_reset_of(s, left);
        if (!std::isfinite(before)) {
            s.mean = staying(before, right.mean);
            s.mean_rest = 0.0;
        }
        return s;
    }
    first_reset_of(s, left);
    // W = beta^age W(left) + W(right) (at least W(right), at least 1: the left's part may
    // underflow, it is then below W's last bit)
    const scaled aged_w = scaled_times(scaled_kept_after(beta, left.trail_gap + right.steps - right.trail_gap),
                                       normalized(left.w, left.w_rest, 0));
    const auto e = static_cast<int>(std::max<long long>(aged_w.e, -2000));
    dd_plus(std::ldexp(aged_w.hi, e), std::ldexp(aged_w.lo, e), right.w, right.w_rest, s.w, s.w_rest);
    if (!std::isfinite(left.mean) || !std::isfinite(right.mean)) {
        s.mean = staying(left.mean, right.mean);
        s.mean_rest = 0.0;
        return s;
    }
    // the mean, (beta^age W(left) mean(left) + W(right) mean(right)) / W, with exponents kept
    // apart: a mean near the largest double times its weight would overflow, and beta^age may
    // be far below the smallest double while its product with a large mean is not
    const scaled left_part = scaled_times(aged_w, normalized(left.mean, left.mean_rest, 0));
    const scaled right_part = scaled_times(normalized(right.w, right.w_rest, 0), normalized(right.mean, right.mean_rest, 0));
    const scaled sum = scaled_plus(left_part, right_part);
    double qh = 0.0;
    double ql = 0.0;
    dd_divided(sum.hi, sum.lo, s.w, s.w_rest, qh, ql);
    const scaled mean = normalized(qh, ql, sum.e);
    s.mean = scaled_value(mean);
    s.mean_rest = 0.0;
    if (std::isfinite(s.mean) && std::abs(s.mean) >= std::numeric_limits<double>::min()) {
        s.mean_rest = std::ldexp(mean.hi, static_cast<int>(mean.e)) - s.mean + std::ldexp(mean.lo, static_cast<int>(mean.e));
    }
    return s;
}

} // namespace detail

/// The summary of a chunk for an EMA: its own V and W from zero, beta^(its steps) (the
/// zero-start and corrected forms), or the map its samples make of the mean (first-seeded).
inline ema_summary summarize(std::span<const double> chunk, ema_spec spec)
{
    if (spec.form == ema_form::first_seeded) {
        return detail::summarize_first_seeded(chunk, spec);
    }
    ema_summary s{spec};
    const double beta = spec.d.beta;
    for (const double x : chunk) { // the steps: every row under decay and propagate, present ones under skip
        s.steps += spec.missing != missing_policy::skip || !std::isnan(x) ? 1 : 0;
    }
    detail::kept_after(beta, s.steps, s.kept, s.kept_rest);
    if (spec.form == ema_form::zero_start) {
        ema_stream<double> stream(spec.d, spec.missing);
        for (const double x : chunk) {
            stream.push(x);
        }
        const auto state = stream.saved();
        s.v = state.value;
        s.w = state.weight_sum;
        s.observed = state.observed;
    } else {
        // pandas' running mean and the weight of the past, taken at the last sample present;
        // the rows before the first and after the last counted apart (they age the past)
        ema_corrected_stream<double> stream(spec.d, spec.missing);
        double at_last = 0.0;
        std::size_t aged = 0;    // rows so far that age what came before the chunk
        std::size_t aged_at = 0; // ... up to the last sample present
        for (const double x : chunk) {
            const bool present = spec.missing == missing_policy::propagate || !std::isnan(x);
            aged += present || spec.missing == missing_policy::decay ? 1 : 0;
            if (!present) {
                (stream.observed() == 0 ? s.lead_gap : s.trail_gap) += spec.missing == missing_policy::decay ? 1 : 0;
                stream.push(x);
                continue;
            }
            if (stream.observed() > 0 && stream.saved().old_weight * beta == 0.0) {
                // one pass forgets what came before here (pandas_ewm), if nothing before moves it
                s.reset_again = s.reset;
                if (!s.reset) {
                    detail::first_reset(s, at_last, aged_at, aged - aged_at, stream.saved().mean);
                }
            }
            stream.push(x);
            at_last = stream.saved().old_weight;
            aged_at = aged;
            s.trail_gap = 0;
        }
        const auto state = stream.saved();
        s.observed = state.observed;
        if (state.observed > 0) {
            s.w = at_last;
            s.mean = state.mean;
        }
    }
    return s;
}

/// Two chunks' summaries as one (left came first): the right map after the left one.
inline ema_summary merge(ema_summary const& left, ema_summary const& right)
{
    detail::check_same(left.spec.d.beta == right.spec.d.beta && left.spec.d.alpha == right.spec.d.alpha &&
                       left.spec.form == right.spec.form && left.spec.missing == right.spec.missing &&
                       left.spec.min_periods == right.spec.min_periods && left.seeded == right.seeded);
    if (left.spec.form == ema_form::first_seeded) {
        return detail::merge_first_seeded(left, right);
    }
    if (left.spec.form == ema_form::corrected) {
        return detail::merge_corrected(left, right);
    }
    const double beta = left.spec.d.beta;
    ema_summary s{left.spec};
    s.steps = left.steps + right.steps;
    detail::kept_after(beta, s.steps, s.kept, s.kept_rest);
    s.observed = left.observed + right.observed;
    const bool plain = right.steps == 0 || beta == 0.0 || !std::isfinite(left.v) || !std::isfinite(right.v) ||
                       !std::isfinite(left.w) || !std::isfinite(right.w);
    if (plain) { // nothing kept, or an infinity or NaN that stays: plain doubles
        s.v = detail::kept_part(left.v, right.kept, right.steps, beta) + right.v;
        s.w = detail::kept_part(left.w, right.kept, right.steps, beta) + right.w;
        if (right.steps == 0 && std::isfinite(s.v)) { // keep the left's rest: nothing was multiplied
            s.v_rest = left.v_rest + right.v_rest;
            s.w_rest = left.w_rest + right.w_rest;
        }
        return s;
    }
    detail::kept_plus(right.kept, right.kept_rest, left.v, left.v_rest, right.v, right.v_rest, s.v, s.v_rest);
    detail::kept_plus(right.kept, right.kept_rest, left.w, left.w_rest, right.w, right.w_rest, s.w, s.w_rest);
    return s;
}

/// The EMA of `chunk` given what came before it: the stream started from the state the
/// summary gives, then one pass over the chunk. Bit for bit one pass's numbers when `before`
/// is empty; within a few ulp of them after a merged carry.
inline void apply(ema_summary const& before, std::span<const double> chunk, std::span<double> out)
{
    detail::check_output_size("smooth::apply", chunk.size(), out.size());
    const ema_spec& spec = before.spec;
    if (spec.form == ema_form::zero_start) {
        ema_stream<double> stream(spec.d, spec.missing);
        stream.restore({before.v, before.w, before.observed});
        detail::stream_into(stream, chunk, out, 0, chunk.size(), [&](double v) {
            return stream.observed() < spec.min_periods ? std::numeric_limits<double>::quiet_NaN() : v;
        });
        return;
    }
    if (spec.form == ema_form::first_seeded) {
        ema_first_stream<double> stream(spec.d, spec.missing, spec.min_periods);
        if (before.observed > 0) {
            const double old_weight =
                spec.missing == missing_policy::decay ? detail::decay_weight(1.0, spec.d.beta, before.trail_gap) : 1.0;
            stream.restore(detail::pandas_ewm<double>::state{detail::first_seeded_mean(before, before.first), old_weight,
                                                             before.observed});
        }
        stream.push_into(chunk, out);
        return;
    }
    ema_corrected_stream<double> stream(spec.d, spec.missing, spec.min_periods);
    if (before.observed > 0) {
        const double mean = std::isfinite(before.mean) ? before.mean + before.mean_rest : before.mean;
        stream.restore({mean, detail::decay_weight(before.w + before.w_rest, spec.d.beta, before.trail_gap),
                        before.observed});
    }
    stream.push_into(chunk, out);
}

/// TA-Lib's/TTR's SMA-seeded EMA(N) (alpha 2/(N+1)) or Wilder's smoothing (alpha 1/N), as
/// ema_seeded_stream::ema and ::wilder; min_periods as theirs (0: the period).
struct seeded_spec {
    std::size_t period = 1;
    bool wilder = false;
    missing_policy missing = missing_policy::decay;
    std::size_t min_periods = 0;

    [[nodiscard]] decay the_decay() const
    {
        (void)ema_seeded_stream<double>::ema(period); // the period checked
        return decay::from_alpha_exactly(wilder ? 1.0 / static_cast<double>(period)
                                                : 2.0 / (static_cast<double>(period) + 1.0));
    }
};

/// What the rows of a chunk (or several) leave for the seeded EMA. The seed is the exact mean
/// of the first N samples of the whole series, so a chunk keeps its first N samples as they
/// are (`head`): which of them complete the seed and which are already steps depends on how
/// many came before. After the seed each sample is pandas' adjust=False step, so the rows
/// after the head are summarised as that form's map (`rest`, ema_form::first_seeded).
struct seeded_summary {
    seeded_spec spec;
    struct sample {
        double x = 0.0;
        std::size_t gap = 0; ///< missing rows before it, since the head's previous sample (decay)
    };
    std::vector<sample> head; ///< the chunk's first N samples present (fewer if it has fewer)
    ema_summary rest;         ///< the rows after the head's last sample (all rows if no sample)
};

namespace detail {

inline ema_summary seeded_rest(seeded_spec const& spec)
{
    ema_summary s{ema_spec{spec.the_decay(), ema_form::first_seeded, spec.missing, 0}};
    s.seeded = true;
    return s;
}

/// Samples taken as steps after the seed, summarised as pandas' adjust=False map.
inline ema_summary seeded_steps(seeded_spec const& spec, std::span<const seeded_summary::sample> samples)
{
    ema_summary s = seeded_rest(spec);
    const auto no_gap = first_seeded_step(s.spec.d.beta, s.spec.d.alpha, 0);
    for (auto const& one : samples) {
        first_seeded_add(s, one.x, one.gap, no_gap);
    }
    return s;
}

} // namespace detail

/// The summary of a chunk for the seeded EMA: its first N samples and the map of the rest.
inline seeded_summary summarize(std::span<const double> chunk, seeded_spec spec)
{
    seeded_summary s{spec, {}, detail::seeded_rest(spec)};
    std::size_t at = 0;
    std::size_t gap = 0;
    for (; at < chunk.size() && s.head.size() < spec.period; ++at) {
        if (spec.missing != missing_policy::propagate && std::isnan(chunk[at])) {
            gap += spec.missing == missing_policy::decay ? 1 : 0;
            continue;
        }
        s.head.push_back({chunk[at], gap});
        gap = 0;
    }
    s.rest = detail::summarize_first_seeded(chunk.subspan(at), s.rest.spec, true);
    s.rest.lead_gap += gap; // a head cut short by the chunk's end: the rows after its last sample
    return s;
}

/// Two chunks' summaries as one (left came first).
inline seeded_summary merge(seeded_summary const& left, seeded_summary const& right)
{
    detail::check_same(left.spec.period == right.spec.period && left.spec.wilder == right.spec.wilder &&
                       left.spec.missing == right.spec.missing && left.spec.min_periods == right.spec.min_periods);
    const std::size_t need = left.spec.period - left.head.size();
    const std::size_t take = std::min(need, right.head.size());
    seeded_summary s{left.spec, left.head, left.rest};
    s.head.insert(s.head.end(), right.head.begin(), right.head.begin() + static_cast<std::ptrdiff_t>(take));
    if (need > 0) { // left is all seed: its rest is the gap after its last sample, which right's first sample follows
        if (take > 0) {
            s.head[left.head.size()].gap += left.rest.lead_gap;
        }
        if (take == right.head.size()) {
            s.rest = right.rest; // the seed completes at right's last head sample, or not yet
            s.rest.lead_gap += take == 0 ? left.rest.lead_gap : 0;
            return s;
        }
    }
    // the rest of right's head are steps after the seed, then right's rest
    const auto steps = detail::seeded_steps(left.spec, std::span(right.head).subspan(take));
    const ema_summary before = need > 0 ? detail::seeded_rest(left.spec) : left.rest;
    s.rest = detail::merge_first_seeded(detail::merge_first_seeded(before, steps), right.rest);
    return s;
}

/// The seeded EMA of `chunk` given what came before it: the head pushed into a fresh stream
/// (its seed exact, so one pass's bits while the seed fills), then the map of the rest applied
/// to the seed. Bit for bit one pass's numbers when `before` holds at most the seed; within a
/// few ulp after a carry that ran on (tests/test_chunks.cpp).
inline void apply(seeded_summary const& before, std::span<const double> chunk, std::span<double> out)
{
    detail::check_output_size("smooth::apply", chunk.size(), out.size());
    auto const& spec = before.spec;
    auto stream = spec.wilder ? ema_seeded_stream<double>::wilder(spec.period, spec.missing, spec.min_periods)
                              : ema_seeded_stream<double>::ema(spec.period, spec.missing, spec.min_periods);
    for (auto const& one : before.head) {
        stream.push(one.x);
    }
    if (before.head.size() == spec.period) {
        auto state = stream.saved();
        ema_summary after = before.rest;
        std::size_t gap = before.rest.lead_gap;
        if (after.observed > 0) { // the seed, then every step of the rest
            ema_summary seed = detail::seeded_rest(spec);
            seed.first = state.value;
            seed.observed = 1;
            after = detail::merge_first_seeded(seed, before.rest);
            state.value = detail::first_seeded_mean(after, after.first);
            gap = after.trail_gap;
        }
        state.observed += before.rest.observed;
        state.old_weight = spec.missing == missing_policy::decay ? detail::decay_weight(1.0, after.spec.d.beta, gap) : 1.0;
        stream.restore(state);
    }
    detail::stream_into(stream, chunk, out);
}

/// Any smoother of smoother.hpp (its kind, window or decay, missing policy and min_periods),
/// summarised as its form is: the SMA's tail, an EMA's (V, W) or map, the seeded EMA's head
/// and map. apply() writes NaN where the smoother has no value yet (smoother::value() is
/// nullopt), the numbers of the form's own apply().
struct smoother_summary {
    smoother_spec spec;
    std::variant<sma_summary, ema_summary, seeded_summary> state;
};

namespace detail {

inline ema_spec ema_spec_of(smoother_spec const& spec, ema_form form)
{
    // the zero-start EMA's 0 means 1, as smoother's: V_0 = 0 is a value, but not one to show
    const std::size_t min_periods = form == ema_form::zero_start ? std::max<std::size_t>(spec.min_periods, 1) : spec.min_periods;
    return {spec.ema_decay, form, spec.missing, min_periods};
}

} // namespace detail

inline smoother_summary summarize(std::span<const double> chunk, smoother_spec const& spec)
{
    switch (spec.kind) {
    case average::sma:
        return {spec, summarize(chunk, sma_spec{spec.window, spec.min_periods})};
    case average::ema:
        return {spec, summarize(chunk, detail::ema_spec_of(spec, ema_form::zero_start))};
    case average::ema_corrected:
        return {spec, summarize(chunk, detail::ema_spec_of(spec, ema_form::corrected))};
    case average::ema_first:
        return {spec, summarize(chunk, detail::ema_spec_of(spec, ema_form::first_seeded))};
    case average::ema_seeded:
    case average::wilder:
        return {spec, summarize(chunk, seeded_spec{spec.window, spec.kind == average::wilder, spec.missing, spec.min_periods})};
    }
    throw_parameter_error("smoother kind", "one of the enum's values", static_cast<double>(spec.kind));
}

inline smoother_summary merge(smoother_summary const& left, smoother_summary const& right)
{
    detail::check_same(left.spec.kind == right.spec.kind && left.state.index() == right.state.index());
    // (by alternative, not std::visit with a lambda: clang 14's frontend crashed on that one)
    smoother_summary s{left.spec, left.state};
    if (auto const* sma = std::get_if<sma_summary>(&left.state)) {
        s.state = merge(*sma, std::get<sma_summary>(right.state));
    } else if (auto const* ema = std::get_if<ema_summary>(&left.state)) {
        s.state = merge(*ema, std::get<ema_summary>(right.state));
    } else {
        s.state = merge(std::get<seeded_summary>(left.state), std::get<seeded_summary>(right.state));
    }
    return s;
}

inline void apply(smoother_summary const& before, std::span<const double> chunk, std::span<double> out)
{
    std::visit([&](auto const& s) { apply(s, chunk, out); }, before.state);
}

} // namespace smooth

#endif
