// The batch SMA as eight streams at once, one per lane of an AVX-512 vector of eight doubles:
// sma_fast.hpp's arithmetic (a double-double sum whose every addition is checked to be exact,
// each mean rounded once as sma_mean_quickly rounds it, with fewer tests), written with AVX-512
// intrinsics: every test is a comparison into a mask register. The first form, generic vectors
// compiled for AVX-512 with sma_mean_quickly's eleven tests, took 1.65 ns a mean on data in the
// cache, a quarter of it in those tests; mean_quickly below asks four (docs/performance.md).
// Where two parts do not hold the window's sum (1e15 beside 1e-3 needs about 150 bits), the
// same tiles run with three (sma_seeds3, sma_tiles3): every rounding of the second part
// taken exactly into the third, each mean read by its margin (mean_by_margin, as the
// stream's sma_mean_by_margin, which test_sma holds it to).
// Every function here carries the target itself: sma_full_windows calls them only where the
// processor has AVX-512 F and DQ. No FMA contraction: the target does not include FMA, and the
// one fused operation (the remainder) is written as one. sma_fast.hpp's sma_full_windows
// calls it; tests/test_batch.cpp holds every mean here to the textbook form, and the
// rounding to the exact mean.
#ifndef SMOOTH_DETAIL_SMA_TILES_AVX512_HPP
#define SMOOTH_DETAIL_SMA_TILES_AVX512_HPP

#if defined(__x86_64__)

#include <immintrin.h>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <span>

#define SMOOTH_AVX512 [[gnu::target("avx512f,avx512dq")]]
#define SMOOTH_AVX512_INLINE [[gnu::target("avx512f,avx512dq"), gnu::always_inline]] inline

namespace smooth::detail::avx512 {

/// Lanes where sum != a + b exactly (lanes_differ): of a and b, the larger in magnitude comes
/// back exactly from sum - it, so a rounded sum fails one of the two comparisons (as bits: a
/// -0 against a +0 fails too, a false alarm handled like a rounding).
SMOOTH_AVX512_INLINE __mmask8 differ(__m512d a, __m512d b, __m512d sum) noexcept
{
    const __m512i sa = _mm512_castpd_si512(_mm512_sub_pd(sum, a));
    const __m512i sb = _mm512_castpd_si512(_mm512_sub_pd(sum, b));
    return static_cast<__mmask8>(_mm512_cmpneq_epi64_mask(sa, _mm512_castpd_si512(b)) |
                                 _mm512_cmpneq_epi64_mask(sb, _mm512_castpd_si512(a)));
}

/// a + b == sum + err exactly, lane by lane (TwoSum).
SMOOTH_AVX512_INLINE __m512d two_sum(__m512d a, __m512d b, __m512d& err) noexcept
{
    const __m512d sum = _mm512_add_pd(a, b);
    const __m512d bb = _mm512_sub_pd(sum, a);
    err = _mm512_add_pd(_mm512_sub_pd(a, _mm512_sub_pd(sum, bb)), _mm512_sub_pd(b, bb));
    return sum;
}

/// The double nearest S / n in eight lanes, for sums known exactly (S = s + t, s its
/// rounding), and the lanes left to the careful form: sma_mean_quickly's answer, with fewer
/// tests. As there, q = s / n, the remainder s - q n is a double (one FMA, exact), and r + r_err
/// = remainder + t exactly is n (S / n - q): the exact mean is past the half-way point to q's
/// neighbour on r's side when |r + r_err| > hw = n ulp(q) / 2. Since |r_err| <= ulp(r) / 2,
/// |r + r_err| - hw has the sign of d - hw (d = |r|) wherever |d - hw| >= 2 |r_err| as
/// rounded (the rounding of d - hw keeps its sign and costs less than a factor of two): then
/// the neighbour is taken where d > hw, and, when r_err = 0 and d = hw (a tie), where q is odd.
/// Left to the careful form: |d - hw| < 2 |r_err|; d past 2.9998 hw (q is within 1.5 ulp of
/// S / n, so d <= 3 hw, and d = 3 hw would be a tie between the neighbour and the next);
/// |q| outside [2^-960, 2^960]; and q a power of two with r towards zero, where the
/// neighbour is half as far. Each is one comparison into a mask, four in all with the
/// neighbour's (sma_mean_quickly's tests are eleven). Every mean returned
/// for a lane not left is the nearest double, so the same as sma_mean_quickly's.
SMOOTH_AVX512_INLINE __m512d mean_quickly(__m512d s, __m512d t, double n, __mmask8& careful) noexcept
{
    const __m512i magnitude = _mm512_set1_epi64(0x7fffffffffffffffLL);
    const __m512i sign = ~magnitude;
    const __m512d nv = _mm512_set1_pd(n);
    const __m512d q = _mm512_div_pd(s, nv);
    const __m512i q_bits = _mm512_castpd_si512(q);
    const __m512i bits = q_bits & magnitude;
    const __m512d remainder = _mm512_fnmadd_pd(q, nv, s); // s - q n, exactly
    __m512d r_err;
    const __m512d r = two_sum(remainder, t, r_err); // n (S / n - q) = r + r_err
    const __m512i r_bits = _mm512_castpd_si512(r);
    const __m512d d = _mm512_castsi512_pd(r_bits & magnitude);
    const __m512d ulp = _mm512_mul_pd(_mm512_castsi512_pd(bits & 0x7ff0000000000000LL), _mm512_set1_pd(0x1p-52));
    const __m512d half_way = _mm512_mul_pd(ulp, _mm512_set1_pd(n * 0.5));
    // near the half-way point, or far from q: the smaller margin below 0
    const __m512d off = _mm512_castsi512_pd(_mm512_castpd_si512(_mm512_sub_pd(d, half_way)) & magnitude);
    const __m512d err = _mm512_castsi512_pd(_mm512_castpd_si512(r_err) & magnitude);
    const __m512d margin = _mm512_maskz_min_pd(0xff, _mm512_sub_pd(off, _mm512_add_pd(err, err)), // (maskz: the
                                               _mm512_sub_pd(_mm512_mul_pd(half_way, _mm512_set1_pd(2.9998)), d)); // plain one warns in GCC 12)
    const __mmask8 undecided = _mm512_cmp_pd_mask(margin, _mm512_setzero_pd(), _CMP_LT_OQ);
    // |q| in [2^-960, 2^960): the exponent field in [63, 1983]
    const __mmask8 out_of_range =
        _mm512_cmpge_epu64_mask(bits - (63LL << 52), _mm512_set1_epi64(1921LL << 52));
    // a power of two (mantissa 0) stepping towards zero (r and q of opposite signs): 0 then
    const __m512i same_sign = ((r_bits ^ q_bits) & sign) ^ sign; // 0 where the signs differ
    const __m512i down = (bits & 0x000fffffffffffffLL) | same_sign;
    const __mmask8 power_of_two_down = _mm512_testn_epi64_mask(down, down);
    careful = static_cast<__mmask8>(undecided | out_of_range | power_of_two_down);
    // the neighbour where d > hw, or d >= hw for an odd q (compared as bits: d, hw >= 0)
    const __mmask8 up = _mm512_cmpgt_epi64_mask(_mm512_castpd_si512(d) + (q_bits & 1), _mm512_castpd_si512(half_way));
    const __m512d step = _mm512_castsi512_pd(_mm512_castpd_si512(ulp) | (r_bits & sign)); // ulp, r's sign
    return _mm512_add_pd(q, _mm512_maskz_mov_pd(up, step)); // +0 added elsewhere, as the scalar form
}

/// rows[i][j] becomes rows[j][i], for eight vectors of eight doubles: pairs, then pairs of
/// pairs, then halves (24 shuffles; written as vector shuffles, which GCC 12 compiles to the
/// same instructions as the intrinsics without their false -Wmaybe-uninitialized).
SMOOTH_AVX512_INLINE void transpose_8x8(__m512d* rows) noexcept
{
    __m512d u[8];
    for (int i = 0; i < 4; ++i) {
        u[2 * i] = __builtin_shufflevector(rows[2 * i], rows[2 * i + 1], 0, 8, 2, 10, 4, 12, 6, 14);
        u[2 * i + 1] = __builtin_shufflevector(rows[2 * i], rows[2 * i + 1], 1, 9, 3, 11, 5, 13, 7, 15);
    }
    __m512d v[8];
    for (int b = 0; b < 8; b += 4) {
        v[b] = __builtin_shufflevector(u[b], u[b + 2], 0, 1, 8, 9, 4, 5, 12, 13);
        v[b + 1] = __builtin_shufflevector(u[b + 1], u[b + 3], 0, 1, 8, 9, 4, 5, 12, 13);
        v[b + 2] = __builtin_shufflevector(u[b], u[b + 2], 2, 3, 10, 11, 6, 7, 14, 15);
        v[b + 3] = __builtin_shufflevector(u[b + 1], u[b + 3], 2, 3, 10, 11, 6, 7, 14, 15);
    }
    for (int i = 0; i < 4; ++i) {
        rows[i] = __builtin_shufflevector(v[i], v[i + 4], 0, 1, 2, 3, 8, 9, 10, 11);
        rows[i + 4] = __builtin_shufflevector(v[i], v[i + 4], 4, 5, 6, 7, 12, 13, 14, 15);
    }
}

/// A tile's values: in[t][j] = x[start[j] + k + t], the value that enters lane j's window at
/// its step k + t, and old[t][j] the one that leaves it (w before); eight rows of eight loaded
/// whole and transposed, the rows a few tiles ahead prefetched.
SMOOTH_AVX512_INLINE void load_tile(std::span<const double> x, std::size_t w, std::size_t const* start, std::size_t k,
                                    __m512d* in, __m512d* old) noexcept
{
    double const* base = x.data();
    for (int j = 0; j < 8; ++j) {
        in[j] = _mm512_loadu_pd(base + start[j] + k);
        old[j] = _mm512_loadu_pd(base + start[j] + k - w);
        _mm_prefetch(reinterpret_cast<char const*>(base + std::min(start[j] + k + 64, x.size() - 1)), _MM_HINT_T0);
        _mm_prefetch(reinterpret_cast<char const*>(base + std::min(start[j] + k + 64 - w, x.size() - 1)), _MM_HINT_T0);
    }
    transpose_8x8(in);
    transpose_8x8(old);
}

/// One step of every lane: in - old split exactly (TwoDiff) and added to h (TwoSum), the two
/// roundings added to l; r + rest is then h + l as a rounded sum and its rest. `unsure` gains
/// the lanes where an addition to l was not exact or r is not finite.
SMOOTH_AVX512_INLINE void step(__m512d in, __m512d old, __m512d& h, __m512d& l, __m512d& r, __m512d& rest,
                               __mmask8& unsure) noexcept
{
    const __m512d d = _mm512_sub_pd(in, old); // TwoDiff: d + d_err = in - old
    const __m512d db = _mm512_sub_pd(d, in);
    const __m512d d_err = _mm512_sub_pd(_mm512_sub_pd(in, _mm512_sub_pd(d, db)), _mm512_add_pd(old, db));
    __m512d s_err;
    const __m512d hs = two_sum(h, d, s_err);
    const __m512d e = _mm512_add_pd(s_err, d_err);
    const __m512d nl = _mm512_add_pd(l, e);
    r = two_sum(hs, nl, rest); // where e and nl were exact, hs + nl is the window's sum
    unsure = static_cast<__mmask8>(unsure | differ(s_err, d_err, e) | differ(l, e, nl) |
                                   _mm512_fpclass_pd_mask(r, 0x99)); // NaN or infinite
    h = hs;
    l = nl;
}

/// The windows that end at start[j] + k, k < steps (a multiple of 8), in lane j, from its seed:
/// lane_hi[j] + lane_lo[j] is exactly the sum of the window that ends at start[j] - 1. Eight
/// steps of all lanes at a time (a tile): a tile's values come in as eight rows of eight and
/// are transposed, so that each load is whole; the means go out the same way. The few means
/// the quick rounding leaves go to `careful(r, rest, i)`, the mean of the window that ends at i
/// from its exact sum r + rest (sma_fast.hpp's careful form, then the exact window). Where any
/// lane's step is not exact (a rounding in lo, a value that is not finite, a -0 meeting a +0),
/// the tile is dropped unwritten and the lanes stop: returns the steps every lane completed.
/// They stop too, after a tile that sent some mean to `careful`, where `over_budget(k)` says
/// that too many windows were summed from scratch for k steps (the caller counts them in
/// `careful`): streaming keeps its exact sum where this would rebuild it.
/// On return lane_hi and lane_lo hold the lanes' sums at the steps completed.
template <class Careful, class OverBudget>
SMOOTH_AVX512 std::size_t sma_tiles(std::span<const double> x, double* out, std::size_t w, std::size_t const* start,
                                    std::size_t steps, double* lane_hi, double* lane_lo, Careful const& careful_mean,
                                    OverBudget const& over_budget)
{
    constexpr int lanes = 8;
    __m512d hi = _mm512_loadu_pd(lane_hi);
    __m512d lo = _mm512_loadu_pd(lane_lo);
    const double count = static_cast<double>(w);
    std::size_t k = 0;
    for (; k < steps; k += lanes) {
        __m512d in[lanes];
        __m512d old[lanes];
        load_tile(x, w, start, k, in, old);
        if ((k & 63U) == 0U) { // now and then: lo folded into hi, exactly
            __m512d rest;
            hi = two_sum(hi, lo, rest);
            lo = rest;
        }
        __m512d h = hi;
        __m512d l = lo;
        __mmask8 unsure = 0;
        __mmask8 careful_any = w >= (std::size_t{1} << 26) ? 0xff : 0; // (as sma_mean_quickly)
        __m512d means[lanes];
#pragma GCC unroll 8
        for (int t = 0; t < lanes; ++t) {
            __m512d r;
            __m512d rest;
            step(in[t], old[t], h, l, r, rest, unsure);
            __mmask8 careful;
            means[t] = mean_quickly(r, rest, count, careful);
            careful_any = static_cast<__mmask8>(careful_any | careful);
        }
        if (unsure != 0) [[unlikely]] {
            break;
        }
        transpose_8x8(means); // means[j][t]: lane j's window that ends at start[j] + k + t
        for (int j = 0; j < lanes; ++j) {
            _mm512_storeu_pd(out + start[j] + k, means[j]);
        }
        if (careful_any != 0) [[unlikely]] {
            // the tile's steps again, to find the means the quick rounding left and their sums
            __m512d h2 = hi;
            __m512d l2 = lo;
            for (int t = 0; t < lanes; ++t) {
                __m512d r;
                __m512d rest;
                __mmask8 ignored = 0;
                step(in[t], old[t], h2, l2, r, rest, ignored);
                __mmask8 careful;
                (void)mean_quickly(r, rest, count, careful);
                alignas(64) double rs[lanes];
                alignas(64) double rests[lanes];
                _mm512_store_pd(rs, r);
                _mm512_store_pd(rests, rest);
                for (int j = 0; j < lanes; ++j) {
                    const std::size_t i = start[j] + k + static_cast<std::size_t>(t);
                    if (((careful >> j) & 1U) != 0U) {
                        out[i] = careful_mean(rs[j], rests[j], i);
                    }
                }
            }
            if (over_budget(k + lanes)) {
                hi = h;
                lo = l;
                k += lanes;
                break;
            }
        }
        hi = h;
        lo = l;
    }
    _mm512_storeu_pd(lane_hi, hi);
    _mm512_storeu_pd(lane_lo, lo);
    return std::min(k, steps);
}

/// One step of every lane with the window's sum in three parts, h + l + ll, for data whose
/// sums two parts do not hold (1e15 beside 1e-3: about 150 bits): in - old split exactly
/// (TwoDiff) and added to h (TwoSum); h's rounding and the split's go to l, each by a TwoSum
/// (exact); l's two roundings go to ll, and those two additions are checked to be exact (as
/// step checks lo's). `unsure` gains the lanes where one was not, or h or ll is not finite.
SMOOTH_AVX512_INLINE void step3(__m512d in, __m512d old, __m512d& h, __m512d& l, __m512d& ll,
                                __mmask8& unsure) noexcept
{
    const __m512d d = _mm512_sub_pd(in, old); // TwoDiff: d + d_err = in - old
    const __m512d db = _mm512_sub_pd(d, in);
    const __m512d d_err = _mm512_sub_pd(_mm512_sub_pd(in, _mm512_sub_pd(d, db)), _mm512_add_pd(old, db));
    __m512d e1;
    h = two_sum(h, d, e1);
    __m512d e2;
    l = two_sum(l, e1, e2);
    __m512d e3;
    l = two_sum(l, d_err, e3);
    const __m512d e = _mm512_add_pd(e2, e3);
    const __m512d nll = _mm512_add_pd(ll, e);
    unsure = static_cast<__mmask8>(unsure | differ(e2, e3, e) | differ(ll, e, nll) |
                                   _mm512_fpclass_pd_mask(h, 0x99) | _mm512_fpclass_pd_mask(nll, 0x99));
    ll = nll;
}

/// sma_mean_by_margin (sma_fast.hpp) in eight lanes, bound 0: the double nearest S / n for
/// S = hi + lo0 + lo1 exactly, where the margin proves it; `undecided` gets the lanes it
/// cannot (a tie or near one, |q| outside [2^-960, 2^960]; the caller checks n < 2^26). The
/// same operations in the same order; the two roundings the argument counts (c and m) are
/// written with explicit rounding, so that no compiler fuses them into one.
SMOOTH_AVX512_INLINE __m512d mean_by_margin(__m512d hi, __m512d lo0, __m512d lo1, double n, double one_over_n,
                                            __mmask8& undecided) noexcept
{
    constexpr int nearest = _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC;
    const __m512i magnitude = _mm512_set1_epi64(0x7fffffffffffffffLL);
    const __m512d nv = _mm512_set1_pd(n);
    const __m512d inv = _mm512_set1_pd(one_over_n);
    const __m512d q = _mm512_maskz_mul_round_pd(0xff, hi, inv, nearest);
    const __m512i q_bits = _mm512_castpd_si512(q);
    const __m512d q_high = _mm512_castsi512_pd(q_bits & _mm512_set1_epi64(~0x3ffffffLL));
    const __m512d q_low = _mm512_sub_pd(q, q_high);                                     // q's last 26 bits
    const __m512d remainder = _mm512_sub_pd(_mm512_sub_pd(hi, _mm512_mul_pd(q_high, nv)), // hi - q n, exact
                                            _mm512_mul_pd(q_low, nv));
    const __m512d t = _mm512_add_pd(remainder, lo0);
    const __m512d r = _mm512_add_pd(t, lo1);
    const __m512d c = _mm512_maskz_mul_round_pd(0xff, r, inv, nearest);
    const __m512d m = _mm512_maskz_add_round_pd(0xff, q, c, nearest);
    const __m512d e = _mm512_sub_pd(c, _mm512_sub_pd(m, q)); // q + c - m
    const __m512i m_bits = _mm512_castpd_si512(m);
    const __m512d exponent = _mm512_castsi512_pd(m_bits & 0x7ff0000000000000LL);
    const __mmask8 power_of_two = _mm512_testn_epi64_mask(m_bits, _mm512_set1_epi64(0x000fffffffffffffLL));
    const __m512d half_gap = _mm512_mul_pd(
        exponent, _mm512_mask_blend_pd(power_of_two, _mm512_set1_pd(0x1p-53), _mm512_set1_pd(0x1p-54)));
    const __m512d size = _mm512_add_pd(_mm512_castsi512_pd(_mm512_castpd_si512(t) & magnitude),
                                       _mm512_castsi512_pd(_mm512_castpd_si512(r) & magnitude));
    const __m512d delta = _mm512_mul_pd(_mm512_mul_pd(size, _mm512_set1_pd(0x1p-50)), inv);
    const __m512d e_abs = _mm512_castsi512_pd(_mm512_castpd_si512(e) & magnitude);
    const __m512d worst = _mm512_maskz_add_round_pd(0xff, e_abs, delta, nearest); // not fused with delta's product
    // as bits (for doubles >= 0 the same order; a NaN's bits above any number's)
    const __mmask8 decided = _mm512_cmplt_epu64_mask(_mm512_castpd_si512(worst), _mm512_castpd_si512(half_gap));
    const __mmask8 in_range = _mm512_cmple_epu64_mask(((q_bits >> 52) & 0x7ffLL) - 63, _mm512_set1_epi64(1920));
    undecided = static_cast<__mmask8>(~(decided & in_range));
    return m;
}

/// sma_tiles for data whose window sums need three parts (the 1e15/1e-3 mix), from lane j's
/// sum lane_hi[j] + lane_lo[j] + lane_lo2[j] at step `begin` (where sma_tiles stopped at a
/// rounding in lo, lane_lo2 all 0): the same tiles, with step3's sum and each mean read by
/// its margin (mean_by_margin). A mean the margin cannot decide (a tie, common where a
/// window's values share a last bit: at W = 10, a mean of 1e15-sized values alone is a tie
/// one time in twenty) is
/// `careful(h, l, ll)`, from the window's exact sum in its three parts. Stops where a lane's
/// step is not exact (an addition to ll, a value that is not finite); returns the steps every
/// lane completed, and the lanes' sums there in lane_hi, lane_lo and lane_lo2.
template <class Careful>
SMOOTH_AVX512 std::size_t sma_tiles3(std::span<const double> x, double* out, std::size_t w, std::size_t const* start,
                                     std::size_t begin, std::size_t steps, double* lane_hi, double* lane_lo,
                                     double* lane_lo2, Careful const& careful_mean)
{
    constexpr int lanes = 8;
    __m512d hi = _mm512_loadu_pd(lane_hi);
    __m512d lo = _mm512_loadu_pd(lane_lo);
    __m512d lo2 = _mm512_loadu_pd(lane_lo2);
    const double count = static_cast<double>(w);
    const double one_over_count = 1.0 / count;
    std::size_t k = begin;
    for (; k < steps; k += lanes) {
        __m512d in[lanes];
        __m512d old[lanes];
        load_tile(x, w, start, k, in, old);
        if (((k - begin) & 63U) == 0U) { // now and then: ll folded into l, and l into h, exactly
            lo = two_sum(lo, lo2, lo2);
            hi = two_sum(hi, lo, lo);
        }
        __m512d h = hi;
        __m512d l = lo;
        __m512d ll = lo2;
        __mmask8 unsure = 0;
        __mmask8 undecided[lanes];
        __mmask8 any_undecided = w >= (std::size_t{1} << 26) ? 0xff : 0; // (as sma_mean_by_margin)
        __m512d means[lanes];
        __m512d parts[3][lanes]; // each step's h, l, ll, for the means the margin leaves
#pragma GCC unroll 8
        for (int t = 0; t < lanes; ++t) {
            step3(in[t], old[t], h, l, ll, unsure);
            // read from h + l renormalised (TwoSum, exact; off the sums' chain): where large
            // values left the window, h and l cancel, and a small mean read from them as they
            // are could not be decided
            __m512d rest;
            const __m512d sum = two_sum(h, l, rest);
            means[t] = mean_by_margin(sum, rest, ll, count, one_over_count, undecided[t]);
            any_undecided = static_cast<__mmask8>(any_undecided | undecided[t]);
            parts[0][t] = sum;
            parts[1][t] = rest;
            parts[2][t] = ll;
        }
        if (unsure != 0) [[unlikely]] {
            break;
        }
        transpose_8x8(means); // means[j][t]: lane j's window that ends at start[j] + k + t
        for (int j = 0; j < lanes; ++j) {
            _mm512_storeu_pd(out + start[j] + k, means[j]);
        }
        if (any_undecided != 0) [[unlikely]] {
            for (int t = 0; t < lanes; ++t) {
                // the lanes left at step t, one bit each (all where n >= 2^26)
                for (unsigned left = w >= (std::size_t{1} << 26) ? 0xffU : undecided[t]; left != 0U; left &= left - 1U) {
                    const int j = std::countr_zero(left);
                    out[start[j] + k + static_cast<std::size_t>(t)] =
                        careful_mean(parts[0][t][j], parts[1][t][j], parts[2][t][j]);
                }
            }
        }
        hi = h;
        lo = l;
        lo2 = ll;
    }
    _mm512_storeu_pd(lane_hi, hi);
    _mm512_storeu_pd(lane_lo, lo);
    _mm512_storeu_pd(lane_lo2, lo2);
    return std::min(k, steps);
}

/// h + l gains v, as sma_seed adds a value (TwoSum into h, its rounding into l); `inexact`
/// gains the lanes where the addition to l was not exact.
SMOOTH_AVX512_INLINE void seed_add(__m512d v, __m512d& h, __m512d& l, __mmask8& inexact) noexcept
{
    __m512d e;
    h = two_sum(h, v, e);
    const __m512d l2 = _mm512_add_pd(l, e);
    inexact = static_cast<__mmask8>(inexact | differ(l, e, l2));
    l = l2;
}

/// The eight lanes' seeds at once: lane_hi[j] + lane_lo[j] becomes exactly the sum of the w
/// values from first[j] on (lane_hi[j] its rounding), added as sma_seed adds them, eight
/// values of every lane at a time. False when some addition to lo was not exact or a value
/// is not finite: the caller seeds the lanes one by one then (sma_seed), as it did before.
SMOOTH_AVX512 inline bool sma_seeds(std::span<const double> x, std::size_t w, std::size_t const* first,
                                    double* lane_hi, double* lane_lo) noexcept
{
    constexpr int lanes = 8;
    double const* base = x.data();
    __m512d h = _mm512_setzero_pd();
    __m512d l = _mm512_setzero_pd();
    __mmask8 inexact = 0;
    std::size_t i = 0;
    for (; i + lanes <= w; i += lanes) {
        if (inexact != 0) { // a rounding in lo: no need to add the rest (the mix, in three parts)
            return false;
        }
        __m512d v[lanes];
        for (int j = 0; j < lanes; ++j) {
            v[j] = _mm512_loadu_pd(base + first[j] + i);
        }
        transpose_8x8(v); // v[t][j] = x[first[j] + i + t]
#pragma GCC unroll 8
        for (int t = 0; t < lanes; ++t) {
            seed_add(v[t], h, l, inexact);
        }
    }
    for (; i < w; ++i) {
        alignas(64) double v[lanes];
        for (int j = 0; j < lanes; ++j) {
            v[j] = base[first[j] + i];
        }
        seed_add(_mm512_load_pd(v), h, l, inexact);
    }
    __m512d lo;
    const __m512d hi = two_sum(h, l, lo);
    const __mmask8 not_finite = static_cast<__mmask8>(_mm512_fpclass_pd_mask(h, 0x99) |
                                                      _mm512_fpclass_pd_mask(l, 0x99) |
                                                      _mm512_fpclass_pd_mask(hi, 0x99));
    _mm512_storeu_pd(lane_hi, hi);
    _mm512_storeu_pd(lane_lo, lo);
    return (inexact | not_finite) == 0;
}

/// sma_seeds in three parts, for sma_tiles3: lane_hi[j] + lane_lo[j] + lane_lo2[j] becomes
/// exactly the sum of the w values from first[j] on, each value added as step3 adds in - old
/// (old = 0). False when some addition to the third part was not exact or a value is not
/// finite; then nothing is written (a third part left behind would join a two-part seed
/// taken after: found by a helper's differential fuzzing, test_batch replays it).
SMOOTH_AVX512 inline bool sma_seeds3(std::span<const double> x, std::size_t w, std::size_t const* first,
                                     double* lane_hi, double* lane_lo, double* lane_lo2) noexcept
{
    constexpr int lanes = 8;
    double const* base = x.data();
    const __m512d zero = _mm512_setzero_pd();
    __m512d h = zero;
    __m512d l = zero;
    __m512d ll = zero;
    __mmask8 unsure = 0;
    std::size_t i = 0;
    for (; i + lanes <= w; i += lanes) {
        __m512d v[lanes];
        for (int j = 0; j < lanes; ++j) {
            v[j] = _mm512_loadu_pd(base + first[j] + i);
        }
        transpose_8x8(v); // v[t][j] = x[first[j] + i + t]
        if ((i & 63U) == 0U) { // as sma_tiles3: ll folded into l, and l into h, exactly
            l = two_sum(l, ll, ll);
            h = two_sum(h, l, l);
        }
#pragma GCC unroll 8
        for (int t = 0; t < lanes; ++t) {
            step3(v[t], zero, h, l, ll, unsure);
        }
    }
    for (; i < w; ++i) {
        alignas(64) double v[lanes];
        for (int j = 0; j < lanes; ++j) {
            v[j] = base[first[j] + i];
        }
        step3(_mm512_load_pd(v), zero, h, l, ll, unsure);
    }
    if (unsure != 0) {
        return false;
    }
    _mm512_storeu_pd(lane_hi, h);
    _mm512_storeu_pd(lane_lo, l);
    _mm512_storeu_pd(lane_lo2, ll);
    return true;
}

} // namespace smooth::detail::avx512

#undef SMOOTH_AVX512
#undef SMOOTH_AVX512_INLINE

#endif // __x86_64__
#endif // SMOOTH_DETAIL_SMA_TILES_AVX512_HPP
