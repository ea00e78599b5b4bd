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
//         The first chunk's outputs are one pass's bit for bit.
//
// Forms: the SMA (sma_spec), the zero-start EMA and pandas' corrected EMA (ema_spec with
// ema_form::zero_start or ::corrected), each with min_periods and the missing policies. pandas'
// adjust=False form and the seeded forms (TA-Lib, Wilder) have no summary yet.
#ifndef SMOOTH_CHUNKS_HPP
#define SMOOTH_CHUNKS_HPP

#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <stdexcept>
#include <vector>

#include <smooth/ema.hpp>
#include <smooth/sma.hpp>
#include <smooth/stream_array.hpp>

namespace smooth {

/// The SMA over `window` rows; min_periods as sma_stream's (0: the window).
struct sma_spec {
    std::size_t window = 1;
    std::size_t min_periods = 0;
};

/// An EMA: the zero-start form (ema_stream) or pandas' corrected form (ema_corrected_stream).
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
/// propagate, the present ones under skip). observed: the samples present.
struct ema_summary {
    ema_spec spec;
    double kept = 1.0;
    double kept_rest = 0.0; ///< what kept misses (beta^steps as a double-double)
    double v = 0.0;
    double w = 0.0;
    double v_rest = 0.0; ///< what v misses: merges keep v + v_rest to about 2^-106 (double-double)
    double w_rest = 0.0;
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
    const double s = p + rh;
    const double bb = s - p;
    const double s_err = (p - (s - bb)) + (rh - bb); // p + rh = s + s_err exactly
    const double rest = s_err + (p_err + rl);
    hi = s + rest;
    lo = rest - (hi - s);
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

/// The summary of a chunk for an EMA: its own V and W from zero, beta^(its steps).
inline ema_summary summarize(std::span<const double> chunk, ema_spec spec)
{
    if (spec.form != ema_form::zero_start && spec.form != ema_form::corrected) {
        throw std::invalid_argument("smooth::summarize: an EMA summary needs ema_form::zero_start or ::corrected");
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
        ema_corrected_stream<double> stream(spec.d, spec.missing);
        for (const double x : chunk) {
            stream.push(x);
        }
        const auto state = stream.saved(); // pandas' running mean and the weight of the past
        s.observed = state.observed;
        s.w = state.observed == 0 ? 0.0 : state.old_weight;
        s.v = state.observed == 0 ? 0.0 : state.mean * state.old_weight;
        if (std::isinf(state.mean) || std::isnan(state.mean)) {
            s.v = state.mean; // an infinity or NaN, whatever the weight
        }
    }
    return s;
}

/// Two chunks' summaries as one (left came first): the right map after the left one.
inline ema_summary merge(ema_summary const& left, ema_summary const& right)
{
    detail::check_same(left.spec.d.beta == right.spec.d.beta && left.spec.form == right.spec.form &&
                       left.spec.missing == right.spec.missing && left.spec.min_periods == right.spec.min_periods);
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
    ema_corrected_stream<double> stream(spec.d, spec.missing, spec.min_periods);
    if (before.observed > 0) {
        double mean = before.v;
        if (std::isfinite(before.v)) { // (v + v_rest) / (w + w_rest), to the last bit or so
            mean = before.v / before.w;
            const double remainder = std::fma(-mean, before.w, before.v); // v - mean w, exactly
            mean += (remainder + (before.v_rest - mean * before.w_rest)) / before.w;
        }
        stream.restore({mean, before.w + before.w_rest, before.observed});
    }
    stream.push_into(chunk, out);
}

} // namespace smooth

#endif
