// The fast SMA behind smooth::sma_stream, the batch simple_moving_average and the Boost
// feature tag::sma: the same numbers as the textbook form in <smooth/sma.hpp>, bit for bit
// (tests/test_sma.cpp runs both over the exact oracle's adversarial families, NaN and
// infinite rows and a million values), 13 to 15 times faster with every mean read
// (smooth_bench: BM_sma_every_mean against BM_sma_textbook_every_mean).
//
// How: a double-double running sum whose every addition is checked for exactness (Fast2Sum),
// with a rigorous bound on what it may miss. A read first asks whether a margin proves the
// nearest double (sma_mean_by_margin: multiplications, no division); ties and means near one
// go on to the exact remainder (sma_mean_quickly), then the careful forms; means beyond
// 2^+-900, where the margins give up, are decided on the sum scaled into range by a power of
// two (sma_mean_scaled). When the bound cannot decide the rounding of the window's sum, the
// exact superaccumulator does, built from the window once and then kept for at least a
// window's worth of values (its O(N) start paid at most once per N values).
// The batch form runs eight streams at once in the lanes of an AVX-512 vector where the
// processor has one (sma_tiles_avx512.hpp; with the sum in three parts where two do not hold
// it, as on the 1e15/1e-3 mix), two in the lanes of an SSE2 vector elsewhere and for what
// the eight leave. The contract is
// sma.hpp's; read that first.
#ifndef SMOOTH_DETAIL_SMA_FAST_HPP
#define SMOOTH_DETAIL_SMA_FAST_HPP

#include <smooth/ieee_check.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <optional>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/accumulators/framework/accumulator_base.hpp>
#include <boost/accumulators/framework/accumulator_set.hpp>
#include <boost/accumulators/framework/depends_on.hpp>
#include <boost/accumulators/framework/extractor.hpp>
#include <boost/accumulators/framework/features.hpp>
#include <boost/accumulators/framework/parameters/sample.hpp>
#include <boost/parameter/keyword.hpp>

#include <smooth/compensated_sum.hpp>
#include <smooth/parameter_error.hpp>
#include <smooth/stream_array.hpp>
#include <smooth/stream_feature.hpp>
#include <smooth/detail/on_demand.hpp>
#include <smooth/detail/relaxed.hpp>
#include <smooth/detail/sma_tiles_avx512.hpp>
#include <smooth/superaccumulator.hpp>

namespace smooth {

BOOST_PARAMETER_NESTED_KEYWORD(tag, sma_window, window)
BOOST_PARAMETER_NESTED_KEYWORD(tag, sma_min_periods, min_periods)

/// Whether every value within `bound` of r + r_err rounds to r: r_err + bound stays short of
/// the half-way points to r's neighbours (the one towards zero is nearer when r is a power of
/// two). False for a bound that is not finite, r not finite, zero or subnormal.
inline bool sma_rounding_is_certain(double r, double r_err, double bound) noexcept
{
    const double a = std::abs(r);
    if (!(bound < std::numeric_limits<double>::infinity()) || !std::isfinite(r) ||
        a < std::numeric_limits<double>::min()) {
        return false; // overflowed, NaN bound, or zero/subnormal: ask the exact sum
    }
    const auto bits = std::bit_cast<std::uint64_t>(a);
    const double ulp = std::bit_cast<double>(bits & 0x7ff0000000000000U) * 0x1p-52;
    const double ulp_below = (bits & 0x000fffffffffffffU) == 0U ? ulp / 2 : ulp;
    const double away = r > 0 ? r_err : -r_err; // r_err measured away from zero
    constexpr double safety = 1.0 - 0x1p-50;
    return bound < (ulp / 2 - away) * safety && bound < (ulp_below / 2 + away) * safety;
}

/// The double nearest S / n (ties to even), where S = s + t exactly (give or take `bound`) and
/// s is S rounded: q = s / n is S / n rounded twice, within 1.5 ulp of it. The remainder
/// s - q n of a correctly rounded quotient is a double, computed here exactly (an FMA); plus t
/// it is r = n (S / n - q), which says on which side of the half-way point to q's neighbour
/// the exact mean lies: exactly when r is a double (a tie goes to the even one), else with a
/// margin for r's rounding and the bound. False when the margin cannot tell, or q is a power
/// of two (its neighbours are not evenly spaced), tiny or huge: the exact sum decides then.
/// The careful form, for the windows sma_mean_quickly leaves.
[[gnu::noinline]] inline bool sma_nearest_mean(double s, double t, double bound, double n, double& mean) noexcept
{
    const double q = s / n;
    const double a = std::abs(q);
    const auto bits = std::bit_cast<std::uint64_t>(a);
    if (t == 0.0 && bound == 0.0) {
        mean = q; // S is s: q is S / n rounded once
        return true;
    }
    if (!(a >= 0x1p-960 && a <= 0x1p960) || (bits & 0x000fffffffffffffU) == 0U ||
        !(bound < std::numeric_limits<double>::infinity())) {
        return false;
    }
    const double ulp = std::bit_cast<double>(bits & 0x7ff0000000000000U) * 0x1p-52;
    const double half_way = ulp * n * 0.5; // exact: a power of two times an integer
    double r_err = 0.0;
    const double r = compensated_sum::two_sum(std::fma(-q, n, s), t, r_err); // n (S / n - q)
    const double d = std::abs(r);
    const bool exact = r_err == 0.0 && bound == 0.0;
    const double slack = exact ? 0.0 : bound + std::abs(r_err) + d * 0x1p-50;
    // the neighbour on the exact mean's side, or q, or neither (within slack of the half-way
    // point, or not within the 1.5 ulp a double rounding allows: the bound is too wide);
    // decided without a branch, as the side is a coin toss on hard data (a branch on it was
    // a quarter of the stream's time on the 1e15/1e-3 mix)
    const bool tie = exact & (d == half_way);
    const bool up = (d - slack > half_way) | (tie & ((bits & 1U) != 0U));
    const bool stay = (d + slack < half_way) | tie;
    const std::uint64_t take = up ? ~std::uint64_t{0} : 0U;
    mean = q + std::bit_cast<double>(std::bit_cast<std::uint64_t>(std::copysign(ulp, r)) & take);
    return (up | stay) & (d + slack < 3.0 * half_way);
}

/// sma_nearest_mean's answer for a sum known exactly (S = s + t, s its rounding), quickly where
/// the exact mean is not near a half-way point (most windows): the remainder s - q n exactly
/// without an FMA (q cut into a high part of 26 bits and the rest, each times n exact for
/// n < 2^26), r = remainder + t rounded once, and the neighbour taken, without a branch, when
/// |r| is past half of n ulp by more than r's rounding. The rest go to the careful form.
inline bool sma_mean_quickly(double s, double t, double n, double& mean) noexcept
{
    const double q = s / n;
    const auto bits = std::bit_cast<std::uint64_t>(q) & 0x7fffffffffffffffU;
    const double q_high = std::bit_cast<double>(std::bit_cast<std::uint64_t>(q) & ~std::uint64_t{0x3ffffff});
    const double q_low = q - q_high;                                 // exact: q's last 26 bits
    const double remainder = (s - q_high * n) - q_low * n;           // s - q n, exactly
    double r_err = 0.0;
    const double r = compensated_sum::two_sum(remainder, t, r_err);  // n (S / n - q) = r + r_err
    const double d = std::abs(r);
    const double ulp = std::bit_cast<double>(bits & 0x7ff0000000000000U) * 0x1p-52;
    const double half_way = ulp * n * 0.5;
    // a tie (r exact and on the half-way point) goes to the even one; r inexact and near the
    // half-way point, q a power of two stepping towards zero (where its neighbour is half an
    // ulp away: r and q of opposite signs, for a negative q too), or q outside the range where
    // the parts are exact: the careful form
    const bool exact = r_err == 0.0;
    const bool tie = exact & (d == half_way);
    const std::uint64_t exponent = bits >> 52U;
    const bool towards_zero = ((std::bit_cast<std::uint64_t>(r) ^ std::bit_cast<std::uint64_t>(q)) >> 63U) != 0U;
    const bool careful = ((!exact) & (std::abs(d - half_way) <= d * 0x1p-51)) | (exponent < 63U) |
                         (exponent > 1983U) | (n >= 0x1p26) |
                         (((bits & 0x000fffffffffffffU) == 0U) & towards_zero & (t != 0.0)) | (d >= 3.0 * half_way);
    if (careful) [[unlikely]] {
        return sma_nearest_mean(s, t, 0.0, n, mean);
    }
    const bool up = (d > half_way) | (tie & ((bits & 1U) != 0U));
    const std::uint64_t take = up ? ~std::uint64_t{0} : 0U;
    mean = q + std::bit_cast<double>(std::bit_cast<std::uint64_t>(std::copysign(ulp, r)) & take);
    return true;
}

/// An exact sum as a double-double: hi its rounding, lo the rounding of the rest, bound what
/// the two still miss (rounded up). False when the sum is past double's range (hi not finite).
inline bool sma_split(superaccumulator rest, double& hi, double& lo, double& bound) noexcept
{
    hi = rest.rounded();
    if (!std::isfinite(hi)) {
        return false;
    }
    rest.subtract(hi);
    lo = rest.rounded();
    rest.subtract(lo);
    bound = std::abs(rest.rounded()) * (1.0 + 0x1p-50);
    return true;
}

namespace detail {

// Two doubles side by side (GCC's and Clang's vector extensions): SSE2 on x86-64.
using d2 = double __attribute__((vector_size(16)));
using i2 = long long __attribute__((vector_size(16)));

/// a + b == sum + err exactly, lane by lane (TwoSum; round to nearest, no overflow).
inline d2 lanes_two_sum(d2 a, d2 b, d2& err) noexcept
{
    const d2 sum = a + b;
    const d2 bb = sum - a;
    err = (a - (sum - bb)) + (b - bb);
    return sum;
}

/// a - b == d + err exactly (TwoSum of a and -b, without forming -b).
inline double two_diff(double a, double b, double& err) noexcept
{
    const double d = a - b;
    const double bb = d - a;
    err = (a - (d - bb)) - (b + bb);
    return d;
}

inline d2 lanes_two_diff(d2 a, d2 b, d2& err) noexcept
{
    const d2 d = a - b;
    const d2 bb = d - a;
    err = (a - (d - bb)) - (b + bb);
    return d;
}

/// Per lane, 0 where v is finite (v - v is +0), not 0 where it is an infinity or a NaN (v - v
/// is a NaN). One subtraction, no constant to load.
inline i2 lanes_not_finite(d2 v) noexcept
{
    return reinterpret_cast<i2>(v - v);
}

/// Not 0 where sum != a + b exactly (lanes_inexact's test without the one for a finite sum),
/// for a sum that goes on into one that is tested (a NaN or an infinity carries through
/// additions). The scalar form first.
inline std::uint64_t differs(double a, double b, double sum) noexcept
{
    return (std::bit_cast<std::uint64_t>(sum - a) ^ std::bit_cast<std::uint64_t>(b)) |
           (std::bit_cast<std::uint64_t>(sum - b) ^ std::bit_cast<std::uint64_t>(a));
}

inline i2 lanes_differ(d2 a, d2 b, d2 sum) noexcept
{
    return (reinterpret_cast<i2>(sum - a) ^ reinterpret_cast<i2>(b)) |
           (reinterpret_cast<i2>(sum - b) ^ reinterpret_cast<i2>(a));
}

/// Per lane, 0 where sum == a + b exactly and is finite, not 0 elsewhere. Of a and b, the
/// one larger in magnitude comes back exactly from sum - it (the lemma behind Fast2Sum): so
/// when the sum was rounded, one of sum - a == b and sum - b == a fails. Compared as bits (a
/// -0 against +0 fails too: a false alarm, handled like a rounding); a NaN or an infinity in
/// the sum fails the finiteness test. Three subtractions and integer work, where TwoSum's
/// error takes five floating-point operations and still needs a test against zero.
inline i2 lanes_inexact(d2 a, d2 b, d2 sum) noexcept
{
    return lanes_differ(a, b, sum) | lanes_not_finite(sum);
}

inline bool any_lane(i2 v) noexcept { return (v[0] | v[1]) != 0; }

/// An exact window's mean (finite values): the superaccumulator's, rounded once. What the
/// lanes fall back to where their quick rounding cannot decide and the careful form cannot either.
[[gnu::noinline]] inline double sma_window_mean_exactly(std::span<const double> x, std::size_t i, std::size_t w)
{
    superaccumulator exact;
    for (std::size_t j = i + 1 - w; j <= i; ++j) {
        exact.add(x[j]);
    }
    return exact.mean(w);
}

/// sma_mean_quickly in every lane of a vector at once (D: doubles, I: 64-bit integers of the
/// same width), for sums known exactly (s + t): the means, and a mask of the lanes it could not
/// decide (near a half-way point, a power of two stepping towards zero, q or n outside the range where
/// the parts are exact), which the caller gives to the careful form. The same arithmetic as
/// sma_mean_quickly, operation for operation (test_batch holds the two-lane batch and the
/// four-lane rounding pass, which use this, to the stream, which uses that, bit for bit; the
/// eight lanes round with fewer tests, sma_tiles_avx512.hpp); the scalar form stays a twin because this one in a
/// vector of one or two lanes made a stream's read 20-60 % slower (measured).
/// (Vectors by reference: a 32-byte vector passed by value has an ABI that depends on AVX.)
template <class D, class I>
[[gnu::always_inline]] inline void lanes_mean_quickly(D const& s, D const& t, double n, D& mean, I& careful) noexcept
{
    const I sign = I{} | static_cast<long long>(0x8000000000000000U);
    const D q = s / n;
    const I q_bits = reinterpret_cast<I>(q);
    const I bits = q_bits & ~sign;
    const D q_high = reinterpret_cast<D>(q_bits & ~0x3ffffffLL);
    const D q_low = q - q_high;
    const D remainder = (s - q_high * n) - q_low * n; // s - q n, exactly (n < 2^26)
    const D r = remainder + t;                          // TwoSum: r + r_err = remainder + t
    const D bb = r - remainder;
    const D r_err = (remainder - (r - bb)) + (t - bb);
    const D d = reinterpret_cast<D>(reinterpret_cast<I>(r) & ~sign);
    const D ulp = reinterpret_cast<D>(bits & 0x7ff0000000000000LL) * 0x1p-52;
    const D half_way = ulp * (n * 0.5);
    const I exact = r_err == D{};
    const I tie = exact & (d == half_way);
    const I exponent = bits >> 52;
    const D off = d - half_way;
    const D off_abs = reinterpret_cast<D>(reinterpret_cast<I>(off) & ~sign);
    const I mantissa_zero = (bits & 0x000fffffffffffffLL) == I{};
    const I towards_zero = (reinterpret_cast<I>(r) ^ q_bits) < 0; // r and q of opposite signs
    careful = (~exact & (off_abs <= d * 0x1p-51)) | (exponent < 63) | (exponent > 1983) |
              (mantissa_zero & towards_zero & (t != D{})) | (d >= half_way * 3.0) | (I{} + (n >= 0x1p26 ? -1LL : 0LL));
    const I up = (d > half_way) | (tie & ((bits & 1) != 0));
    const D step = reinterpret_cast<D>((reinterpret_cast<I>(ulp) & ~sign) | (reinterpret_cast<I>(r) & sign));
    mean = q + reinterpret_cast<D>(reinterpret_cast<I>(step) & up);
}


using d4 = double __attribute__((vector_size(32)));
using i4 = long long __attribute__((vector_size(32)));

/// The block pass of the batch SMA: sums[k] holds a window's sum rounded, rests[k] the rest
/// (the sum is exactly sums[k] + rests[k]); each becomes the mean rounded once, four at a time.
/// Those it cannot decide keep their sum and are listed in `careful` (returns how many).
[[gnu::always_inline]] inline std::size_t sma_round_means_body(double* sums, double const* rests, std::size_t m,
                                                               double n, std::uint32_t* careful) noexcept
{
    std::size_t found = 0;
    std::size_t k = 0;
    for (; k + 4 <= m; k += 4) {
        d4 s;
        d4 t;
        std::memcpy(&s, sums + k, sizeof s);
        std::memcpy(&t, rests + k, sizeof t);
        d4 mean;
        i4 unsure;
        lanes_mean_quickly<d4, i4>(s, t, n, mean, unsure);
        const d4 kept = reinterpret_cast<d4>((reinterpret_cast<i4>(mean) & ~unsure) | (reinterpret_cast<i4>(s) & unsure));
        std::memcpy(sums + k, &kept, sizeof kept);
        if (((unsure[0] | unsure[1]) | (unsure[2] | unsure[3])) != 0) [[unlikely]] {
            for (std::size_t j = 0; j < 4; ++j) {
                if (unsure[j] != 0) {
                    careful[found++] = static_cast<std::uint32_t>(k + j);
                }
            }
        }
    }
    for (; k < m; ++k) {
        double mean = 0.0;
        if (sma_mean_quickly(sums[k], rests[k], n, mean)) {
            sums[k] = mean;
        } else {
            careful[found++] = static_cast<std::uint32_t>(k);
        }
    }
    return found;
}

/// The same, with AVX2 where the processor has it (chosen once, at the first call): the body
/// is the same source, so the numbers are the same bits.
[[gnu::target("avx2")]] inline std::size_t sma_round_means_avx2(double* sums, double const* rests, std::size_t m,
                                                               double n, std::uint32_t* careful) noexcept
{
    return sma_round_means_body(sums, rests, m, n, careful);
}
inline std::size_t sma_round_means_generic(double* sums, double const* rests, std::size_t m, double n,
                                           std::uint32_t* careful) noexcept
{
    return sma_round_means_body(sums, rests, m, n, careful);
}
inline std::size_t sma_round_means(double* sums, double const* rests, std::size_t m, double n,
                                   std::uint32_t* careful) noexcept
{
    static const bool avx2 = __builtin_cpu_supports("avx2");
    return avx2 ? sma_round_means_avx2(sums, rests, m, n, careful) : sma_round_means_generic(sums, rests, m, n, careful);
}

/// The sum of `values` as hi + lo exactly (hi its rounding), when a double-double holds it:
/// each value added to h by TwoSum, each rounding to l, every addition to l checked to be
/// exact (as push checks it). False when one was not, or a value or the sum is not finite.
inline bool sma_sum_quickly(std::span<const double> values, double& hi, double& lo) noexcept
{
    double h = 0.0;
    double l = 0.0;
    std::uint64_t inexact = 0; // not 0 once an addition to l was not exact
    for (const double v : values) {
        double e = 0.0;
        h = compensated_sum::two_sum(h, v, e);
        const double l2 = l + e;
        inexact |= differs(l, e, l2);
        l = l2;
    }
    if (inexact != 0 || !std::isfinite(h) || !std::isfinite(l)) { // a NaN or inf in it would show
        return false;
    }
    hi = compensated_sum::two_sum(h, l, lo);
    return std::isfinite(hi);
}

/// A bound grown by measured roundings e (their magnitudes summed, a NaN included), rounded
/// up; the bound itself when there were none.
inline double grown_bound(double bound, double e) noexcept
{
    return e != 0.0 ? (bound + e) * (1.0 + 0x1p-50) : bound;
}

} // namespace detail

/// The double nearest S / n, for S = hi + lo0 + lo1 give or take `bound`, where a margin
/// proves it (most reads: no division, no TwoSum); false leaves it to sma_mean_quickly and
/// the careful forms. With one_over_n = 1 / n rounded:
///   q = hi one_over_n, within 2 ulp of hi / n;
///   hi - q n exactly: q cut in two as in sma_mean_quickly (each part times n exact for n <
///     2^26), hi - q_high n exact by Sterbenz, and the remainder is a multiple of q's ulp
///     below 2^53 of them, so a double;
///   c = (that + lo0 + lo1) one_over_n, three roundings; m = q + c rounded; e = q + c - m
///     (Fast2Sum: exact where |c| <= |q|, else within 2^-53 |c|).
/// The exact mean lies within |e| + delta of m: delta = (|t| + |r|) 2^-50 / n covers the
/// roundings in c and e (at most (2^-53 |t| + 2^-51 |r|) / n) twice over, plus bound / n.
/// Short of half the gap to m's neighbours (a quarter of m's ulp when m is a power of two,
/// the gap below being half), m is the nearest double. Never for a tie, nor for a mean within
/// delta of a half-way point, nor where a NaN or an infinity shows, nor for |q| outside
/// [2^-960, 2^960] (as sma_mean_quickly): near the subnormals c and delta would round on a
/// fixed grid that no relative bound covers (test_sma's cases found such a mean 1 ulp off).
/// Those go to the exact forms.
inline bool sma_mean_by_margin(double hi, double lo0, double lo1, double bound, double n, double one_over_n,
                               double& mean) noexcept
{
    const double q = hi * one_over_n;
    const auto q_bits = std::bit_cast<std::uint64_t>(q);
    const double q_high = std::bit_cast<double>(q_bits & ~std::uint64_t{0x3ffffff});
    const double q_low = q - q_high;                        // exact: q's last 26 bits
    const double remainder = (hi - q_high * n) - q_low * n; // hi - q n, exact
    const double t = remainder + lo0;
    const double r = t + lo1;
    const double c = r * one_over_n;
    const double m = q + c;
    const double e = c - (m - q); // q + c - m
    const auto m_bits = std::bit_cast<std::uint64_t>(m);
    const double half_gap = std::bit_cast<double>(m_bits & 0x7ff0000000000000U) *
                            ((m_bits & 0x000fffffffffffffU) == 0U ? 0x1p-54 : 0x1p-53);
    const double delta = ((std::abs(t) + std::abs(r)) * 0x1p-50 + bound * (1.0 + 0x1p-40)) * one_over_n;
    const std::uint64_t exponent = (q_bits >> 52U) & 0x7ffU; // |q| in [2^-960, 2^960]: in [63, 1983]
    mean = m;
    // compared as bits (integer work, off the adders): for doubles >= 0 the order is the
    // same, and a NaN's bits are above any number's
    return (std::bit_cast<std::uint64_t>(std::abs(e) + delta) < std::bit_cast<std::uint64_t>(half_gap)) &
           (exponent - 63U <= 1920U) & (n < 0x1p26);
}

/// What sma_mean_by_margin leaves, decided from the fast sum S = hi + lo0 + lo1 (give or
/// take bound) over n rows, or false for the exact sum to decide. lo's lanes added (m + e,
/// exactly); where the sum is known exactly (bound 0, e 0), sma_mean_quickly's exact
/// remainder (most often a tie); else S rounded with what it misses added to the bound,
/// and sma_nearest_mean's margin.
inline bool sma_mean_of_parts(double hi, double lo0, double lo1, double bound, double n, double& mean) noexcept
{
    const detail::d2 lo{lo0, lo1};
    detail::d2 e2{};
    const detail::d2 m2 = detail::lanes_two_sum(lo, __builtin_shufflevector(lo, lo, 1, 0), e2);
    const double m = m2[0];
    const double e = e2[0];
    const double r = hi + m;
    // bound 0, e +-0 and r finite (tested on the bits: integer work, off the adders)
    const std::uint64_t zero_or_not = (std::bit_cast<std::uint64_t>(bound) | std::bit_cast<std::uint64_t>(e)) << 1U;
    if (zero_or_not == 0U && (std::bit_cast<std::uint64_t>(r) << 1U) < 0xffe0000000000000U) [[likely]] {
        // hi + m is the exact sum, r its rounding, r_err the rest: the mean rounded once
        double r_err = 0.0;
        const double sum = compensated_sum::two_sum(hi, m, r_err); // sum == r
        return sma_mean_quickly(sum, r_err, n, mean);
    }
    double u_err = 0.0;
    const double u = compensated_sum::two_sum(hi, m, u_err);
    double w_err = 0.0;
    const double w = compensated_sum::two_sum(u_err, e, w_err);
    double s_err = 0.0;
    const double s = compensated_sum::two_sum(u, w, s_err);
    return sma_nearest_mean(s, s_err, detail::grown_bound(bound, std::abs(w_err)), n, mean);
}

/// Means outside [2^-900, 2^900] (the margins above give up outside [2^-960, 2^960]: near
/// the subnormals their relative bounds meet a fixed grid, near 2^1024 the range ends):
/// the same decision for the sum times 2^1000 (a tiny mean) or 2^-128 (a huge one), which
/// brings the mean within [2^-100, 2^900], and its answer scaled back. A product with a
/// power of two is exact, except where it would land among the subnormals (a small part of
/// a huge sum, scaled down): such a part is dropped, and 2^-1022 goes into the bound.
/// Rounding to nearest commutes with the scaling wherever the answer is a normal double at
/// both scales; a mean that would be subnormal at either (or infinite) goes to the exact
/// sum. Without this, data near 2^1000 or 2^-1000 went to the exact sum at every read
/// (480-600 ns a value, 100 to 300 times a random walk's time; tests/test_sma.cpp holds it to
/// the exact oracle, docs/performance.md has the measurements).
[[gnu::noinline]] inline bool sma_mean_scaled(double hi, double lo0, double lo1, double bound, double n,
                                              double& mean) noexcept
{
    if (!std::isfinite(hi) || hi == 0.0) {
        return false;
    }
    // the mean's exponent, give or take 1 (a subnormal hi reads as 2^-1023: tiny either way)
    const auto exponent_of = [](double v) {
        return static_cast<int>((std::bit_cast<std::uint64_t>(v) >> 52U) & 0x7ffU) - 1023;
    };
    const int e = exponent_of(hi) - exponent_of(n);
    if (e >= -900 && e <= 900) {
        return false; // within the margins' range: scaling would not change their answer
    }
    const double up = e < 0 ? 0x1p1000 : 0x1p-128;
    const double down = e < 0 ? 0x1p-1000 : 0x1p128;
    // a part that would land among the subnormals (below 2^-894, scaled down) is dropped and
    // its size, under 2^-1022 once scaled, goes into the bound: a product that rounds into the
    // subnormals is exact no more, and slow (a microcode assist: a third of the time here)
    const double smallest = e < 0 ? 0.0 : 0x1p-894;
    double lost = 0.0;
    bool finite = true;
    const auto scaled = [up, smallest, &lost, &finite](double part) {
        if (std::abs(part) < smallest) {
            lost += part != 0.0 ? 0x1p-1022 : 0.0;
            return 0.0;
        }
        const double p = part * up; // exact: it lands among the normal doubles (or past them)
        finite = finite && std::isfinite(p);
        return p;
    };
    const double h = scaled(hi);
    const double l0 = scaled(lo0);
    const double l1 = scaled(lo1);
    const double b0 = scaled(bound);
    if (!finite) {
        return false; // a part far larger than hi (they cancel): past the range once scaled up
    }
    const double b = detail::grown_bound(b0, lost);
    double m = 0.0;
    if (!sma_mean_by_margin(h, l0, l1, b, n, 1.0 / n, m) && !sma_mean_of_parts(h, l0, l1, b, n, m)) {
        return false;
    }
    // m * down is exact and the nearest double to the exact mean where |m| >= 2^-22 (a tiny
    // mean: m * 2^-1000 is then normal; just below, the unscaled grid is the subnormals',
    // coarser than the scaled one) or |m| >= 2^-1021 (a huge sum: where its parts cancel, the
    // scaled mean can fall among the subnormals, whose grid is coarser than the unscaled one,
    // and at 2^-1022 it may have been rounded up from there)
    if (!(std::abs(m) >= (e < 0 ? 0x1p-22 : 0x1p-1021))) {
        return false;
    }
    mean = m * down;
    return std::isfinite(mean);
}

/// The streaming simple moving average (see the top of this header for its contract).
template <std::floating_point T>
class sma_stream {
public:
    using value_type = T;

    /// min_periods = 0 means "the window": no value until the window holds `window` values.
    explicit sma_stream(std::size_t window, std::size_t min_periods = 0)
        : window_(checked_window(window)),
          min_periods_(checked_min_periods(min_periods == 0 ? window : min_periods, window))
    {
    }

    /// A copy is a stream of its own: its ring pointers point into its own ring.
    sma_stream(sma_stream const& other)
        : window_(other.window_), min_periods_(other.min_periods_), ring_(other.ring_), slot_(rebased(other, other.slot_)),
          end_(rebased(other, other.end_.load())), rows_(other.rows_), wraps_to_fold_(other.wraps_to_fold_),
          nan_(other.nan_), pos_inf_(other.pos_inf_), neg_inf_(other.neg_inf_),
          one_over_present_(other.one_over_present_), hi_(other.hi_), bound_(other.bound_),
          lo_(other.lo_), exact_(other.exact_), exact_pushes_left_(other.exact_pushes_left_),
          refresh_wanted_(other.refresh_wanted_)
    {
    }
    sma_stream& operator=(sma_stream const& other)
    {
        if (this != &other) {
            sma_stream copy(other);
            *this = std::move(copy);
        }
        return *this;
    }
    sma_stream(sma_stream&&) noexcept = default; // a moved vector keeps its buffer, so the pointers stay right
    sma_stream& operator=(sma_stream&&) noexcept = default;
    ~sma_stream() = default;

    void push(T x)
    {
        double in = static_cast<double>(x);
        double out = 0.0;
        if (slot_ == end_.load() && (rows_ < window_ || exact_pushes_left_ > 0 || refresh_wanted_.load())) [[unlikely]] {
            const edge e = at_edge(x); // the ring fills, or the exact sum is kept
            in = e.in;
            out = e.out;
        } else {
            if (slot_ == end_.load()) [[unlikely]] {
                wrap();
            }
            out = static_cast<double>(*slot_);
            *slot_ = x;
            ++slot_;
            if ((std::bit_cast<std::uintptr_t>(slot_) & (64 * sizeof(T) - 1)) == 0U) [[unlikely]] {
                fold(); // every 64 slots (a small ring: about every 64 values, in wrap)
            }
        }
        // hi + lo[0] + lo[1] (+ an error <= bound) is the exact sum of the finite values in the
        // window. in - out is split exactly (TwoSum) and added to hi, whose rounding is
        // measured exactly too; the two roundings go to lo, one to each lane of a vector.
        // Most often both lanes add exactly (the values are doubles of like size) and the
        // bound stays 0: the mean of a window whose exact sum lies half-way between two
        // doubles (common: one bit past 53) is then decided at once, where an estimated bound
        // could not and sent 1 value in 13 to the exact sum. Otherwise the rounded step
        // measures lo's rounding and adds it to the bound. A non-finite value, or a sum past
        // the range, makes an error NaN: it goes to the rounded step too.
        double d_err = 0.0;
        const double d = detail::two_diff(in, out, d_err);
        double s_err = 0.0;
        const double hi = compensated_sum::two_sum(hi_, d, s_err);
        const d2 lo = lo_ + d2{s_err, d_err};
        if (detail::any_lane(detail::lanes_inexact(lo_, d2{s_err, d_err}, lo))) [[unlikely]] {
            rounded_step(in, out);
        } else {
            hi_ = hi;
            lo_ = lo;
        }
    }

    /// The mean of the values present in the window, or nullopt while fewer than min_periods.
    [[nodiscard]] std::optional<T> value() const
    {
        const std::size_t present = rows_ - nan_;
        if (present < min_periods_ || present == 0) {
            return std::nullopt;
        }
        if (pos_inf_ != 0 || neg_inf_ != 0) [[unlikely]] {
            if (pos_inf_ != 0 && neg_inf_ != 0) {
                return std::numeric_limits<T>::quiet_NaN();
            }
            return pos_inf_ != 0 ? std::numeric_limits<T>::infinity() : -std::numeric_limits<T>::infinity();
        }
        // lo_ read whole: the push wrote it whole, and a read of half of it would wait for
        // the write to reach the cache. Most reads end at the margin; the rest are mostly
        // ties (about one read in ten on a random walk at window 10, where the mean often has
        // few bits past 53), which the exact remainder decides (sma_mean_of_parts).
        const d2 lo = lo_;
        const auto n = static_cast<double>(present);
        double mean = 0.0;
        if (sma_mean_by_margin(hi_, lo[0], lo[1], bound_, n, one_over_present_, mean)) [[likely]] {
            return static_cast<T>(mean);
        }
        // a sum beyond 2^+-900 tries the scaled form first (a tiny one would otherwise go
        // through sma_mean_of_parts' arithmetic among the subnormals, which is slow)
        const bool far = !(std::abs(hi_) >= 0x1p-900 && std::abs(hi_) <= 0x1p900);
        if ((far && sma_mean_scaled(hi_, lo[0], lo[1], bound_, n, mean)) ||
            sma_mean_of_parts(hi_, lo[0], lo[1], bound_, n, mean)) [[likely]] {
            return static_cast<T>(mean);
        }
        return static_cast<T>(exact_mean(present));
    }

    /// Rows in the window (at most the window), present values among them, the window.
    [[nodiscard]] std::size_t count() const noexcept { return rows_; }
    [[nodiscard]] std::size_t present() const noexcept { return rows_ - nan_; }
    [[nodiscard]] std::size_t window() const noexcept { return window_; }
    [[nodiscard]] std::size_t min_periods() const noexcept { return min_periods_; }

    /// The rows in the window, oldest first: all the state there is, since the sum is exact.
    /// A stream of the same parameters that is given them by push has the same value, bit
    /// for bit (how a stream is saved: docs/reference/api-rules.md).
    [[nodiscard]] std::vector<T> rows() const
    {
        if (ring_.size() < window_) {
            return ring_;
        }
        const auto next = static_cast<std::size_t>(slot_ - ring_.data()) % window_; // the oldest
        std::vector<T> out(ring_.begin() + static_cast<std::ptrdiff_t>(next), ring_.end());
        out.insert(out.end(), ring_.begin(), ring_.begin() + static_cast<std::ptrdiff_t>(next));
        return out;
    }

    /// The parameter rules (std::invalid_argument naming the value), shared with the
    /// textbook form.
    static std::size_t checked_window(std::size_t window)
    {
        if (window == 0) {
            throw_parameter_error("sma window", ">= 1", 0.0);
        }
        return window;
    }
    static std::size_t checked_min_periods(std::size_t min_periods, std::size_t window)
    {
        if (min_periods > window) {
            throw_parameter_error("sma min_periods", "between 1 and the window",
                                  static_cast<double>(min_periods));
        }
        return min_periods;
    }

private:

    using d2 = detail::d2;

    /// p, a pointer into other's ring (or nullptr), as a pointer into this one's copy.
    T* rebased(sma_stream const& other, T* p) noexcept { return p == nullptr ? nullptr : ring_.data() + (p - other.ring_.data()); }

    /// The ring's edge, when it is not a plain wrap. While the ring fills, x is appended and
    /// nothing leaves. While the exact sum is kept (end_ == slot_ brings every push here), it
    /// takes the value in and the value out. Returns both (what enters, what leaves).
    struct edge {
        double in;
        double out;
    };
    [[gnu::noinline]] edge at_edge(T x)
    {
        if (refresh_wanted_.load()) {
            refresh(); // a read asked: the fast sum from the exact one, before this value enters
        }
        double out = 0.0;
        if (ring_.size() < window_) {
            ring_.push_back(x); // grows with what is read, never with the parameter alone
            ++rows_;
            count_changed();
            slot_ = ring_.size() == window_ ? ring_.data() + window_ : nullptr;
            end_ = slot_;
        } else {
            T* const first = ring_.data();
            if (slot_ == first + window_) {
                wrap();
            }
            out = static_cast<double>(*slot_);
            *slot_ = x;
            ++slot_;
            end_ = first + window_;
        }
        const double in = static_cast<double>(x);
        if (exact_pushes_left_ > 0) {
            exact_->add(std::isfinite(in) ? in : 0.0);
            exact_->subtract(std::isfinite(out) ? out : 0.0);
            if (--exact_pushes_left_ > 0) {
                end_ = slot_;
            }
        }
        return {in, out};
    }

    /// Back to the ring's first slot; lo folded into hi about every 64 values on a small ring
    /// (a large one folds every 64 slots, in push).
    void wrap() noexcept
    {
        slot_ = ring_.data();
        if (--wraps_to_fold_ == 0) {
            wraps_to_fold_ = std::max<std::size_t>(64 / window_, 1);
            fold();
        }
    }

    /// Folds lo into hi exactly (no rounding, so no change to the bound), keeping lo small.
    void fold() noexcept
    {
        const d2 lo = lo_; // read whole, as push wrote it
        double e0 = 0.0;
        const double h = compensated_sum::two_sum(hi_, lo[0], e0);
        double e1 = 0.0;
        hi_ = compensated_sum::two_sum(h, lo[1], e1);
        lo_ = d2{e0, e1};
    }

    /// push's arithmetic when a rounding was not exact: its error goes into the bound, and a
    /// value that is not finite is counted and left out of the sum.
    [[gnu::noinline, gnu::cold]] void rounded_step(double in, double out) noexcept
    {
        double d_err = 0.0;
        double d = detail::two_diff(in, out, d_err);
        if (!std::isfinite(d)) { // a non-finite value, or a difference past the range
            count_non_finite(in, +1);
            count_non_finite(out, -1);
            in = std::isfinite(in) ? in : 0.0;
            out = std::isfinite(out) ? out : 0.0;
            d = detail::two_diff(in, out, d_err);
        }
        double s_err = 0.0;
        hi_ = compensated_sum::two_sum(hi_, d, s_err);
        d2 lo_err{};
        lo_ = detail::lanes_two_sum(lo_, d2{s_err, d_err}, lo_err);
        bound_ = detail::grown_bound(bound_, std::abs(lo_err[0]) + std::abs(lo_err[1]));
    }

    /// Whether the window may be summed again in a double-double (sma_sum_quickly, which
    /// refuses a NaN or an infinite row) rather than the superaccumulator (for doubles): at
    /// most 64 rows (so at most 64 additions a push, if every read asked), and no exact sum
    /// being kept.
    [[nodiscard]] bool small_exact_sum() const noexcept { return ring_.size() <= 64 && exact_pushes_left_ == 0; }

    /// Keeps 1 / present up to date (rows_ or nan_ changed).
    void count_changed() noexcept
    {
        const std::size_t present = rows_ - nan_;
        one_over_present_ = present == 0 ? 0.0 : 1.0 / static_cast<double>(present);
    }

    void count_non_finite(double v, int sign) noexcept
    {
        if (std::isnan(v)) {
            nan_ += static_cast<std::size_t>(sign);
            count_changed();
        } else if (v == std::numeric_limits<double>::infinity()) {
            pos_inf_ += static_cast<std::size_t>(sign);
        } else if (v == -std::numeric_limits<double>::infinity()) {
            neg_inf_ += static_cast<std::size_t>(sign);
        }
    }

    /// The slow path, a read: the exact sum's mean (kept by push while exact_pushes_left_ > 0,
    /// else summed here from the ring), changing nothing a caller can see. It asks the next
    /// push (through end_) to refresh the fast sum from the exact one and keep the exact one
    /// for a window's worth of values: a relaxed atomic store, so two threads may read at once.
    [[nodiscard]] double exact_mean(std::size_t present) const
    {
        refresh_wanted_.store(true);
        end_.store(slot_); // the next push goes to at_edge
        if (exact_pushes_left_ > 0) {
            return exact_->mean(present);
        }
        if constexpr (std::is_same_v<T, double>) {
            // a small window whose exact sum a double-double holds: decided from that (and
            // refresh will do the same), with no superaccumulator. On the 1e15/1e-3 mix at
            // W = 10 the exact path was about a quarter of the time: ties in windows of like
            // values, undecidable while the bound left by earlier mixed windows is not 0.
            double hi = 0.0;
            double lo = 0.0;
            double mean = 0.0;
            const auto n = static_cast<double>(present);
            if (small_exact_sum() && detail::sma_sum_quickly(ring_, hi, lo) &&
                (sma_mean_quickly(hi, lo, n, mean) || sma_nearest_mean(hi, lo, 0.0, n, mean))) {
                return mean;
            }
        }
        superaccumulator sum;
        for (const T v : ring_) {
            if (std::isfinite(static_cast<double>(v))) {
                sum.add(static_cast<double>(v));
            }
        }
        return sum.mean(present); // the exact mean, rounded once
    }

    /// What a read asked for: the exact sum (rebuilt from the ring unless push keeps it) kept
    /// for at least a window's worth of values from now, and the fast sum made exact again
    /// from it (or handed over to it, while the sum is past the range).
    void refresh()
    {
        refresh_wanted_ = false;
        if constexpr (std::is_same_v<T, double>) {
            double hi = 0.0;
            double lo = 0.0;
            if (small_exact_sum() && detail::sma_sum_quickly(ring_, hi, lo)) { // exact: nothing to keep
                hi_ = hi;
                lo_ = d2{lo, 0.0};
                bound_ = 0.0;
                return;
            }
        }
        if (exact_pushes_left_ == 0) {
            exact_->reset();
            for (const T v : ring_) {
                if (std::isfinite(static_cast<double>(v))) {
                    exact_->add(static_cast<double>(v));
                }
            }
        }
        exact_pushes_left_ = window_; // a rebuild costs a window of additions: kept as long
        double lo = 0.0;
        const bool fits = sma_split(*exact_, hi_, lo, bound_);
        lo_ = d2{lo, 0.0};
        if (!fits) {
            hi_ = 0.0; // the fast sum cannot hold it: ask the exact one until it fits again
            lo_ = d2{};
            bound_ = std::numeric_limits<double>::infinity();
        }
    }

    std::size_t window_;
    std::size_t min_periods_;
    std::vector<T> ring_;
    T* slot_ = nullptr;          // where the next value goes; nullptr while the ring fills
    detail::relaxed<T*> end_ = nullptr; // the ring's end, or slot_ to bring the next push to at_edge
    std::size_t rows_ = 0;
    std::size_t wraps_to_fold_ = 1;
    std::size_t nan_ = 0;
    std::size_t pos_inf_ = 0;
    std::size_t neg_inf_ = 0;
    double one_over_present_ = 0.0; // 1 / (rows_ - nan_), rounded; kept by whatever changes either
    // the fast sum hi_ + lo_[0] + lo_[1] and the bound on what it misses; push refreshes them
    // from the exact sum when a read asked for it
    double hi_ = 0.0;
    double bound_ = 0.0;
    d2 lo_ = {};
    detail::on_demand<superaccumulator> exact_; // made when a window first needs it
    std::size_t exact_pushes_left_ = 0;
    detail::relaxed<bool> refresh_wanted_ = false; // set by a read, done by the next push
};

namespace impl {

/// The Boost.Accumulators feature: a thin wrapper around sma_stream.
template <typename Sample>
struct sma_impl : stream_feature<sma_stream<Sample>> {
    template <typename Args>
    explicit sma_impl(Args const& args)
        : stream_feature<sma_stream<Sample>>(sma_stream<Sample>(args[sma_window], args[sma_min_periods | std::size_t{0}]))
    {
    }
};

} // namespace impl

namespace tag {
struct sma : boost::accumulators::depends_on<>, sma_window, sma_min_periods {
    using impl = smooth::impl::sma_impl<boost::mpl::_1>;
};
} // namespace tag

namespace extract {
inline constexpr boost::accumulators::extractor<tag::sma> sma = {};
} // namespace extract
using extract::sma;


namespace detail {

/// The exact sum of a window of finite doubles as hi + lo, with what they miss at most bound;
/// false when a value is not finite or the sum is past double's range. Most windows add up
/// in a double-double whose low part takes every rounding exactly (checked as in push):
/// then hi is the sum's rounding and lo the rest, bound 0. Otherwise the superaccumulator.
inline bool sma_seed(std::span<const double> window, double& hi, double& lo, double& bound)
{
    if (sma_sum_quickly(window, hi, lo)) {
        bound = 0.0;
        return true;
    }
    superaccumulator exact;
    for (const double v : window) {
        if (!std::isfinite(v)) {
            return false;
        }
        exact.add(v);
    }
    return sma_split(exact, hi, lo, bound);
}

/// The SMA over an array, full windows only (those that end at t in [from, to), from >=
/// window - 1), as two streams at once: one
/// lane of a vector of two doubles runs the first half, the other the second half, each with
/// a double-double as sma_stream's (in - out split exactly and added to hi, the two roundings
/// added to lo and checked to add exactly; a rounding there is measured and bounded). The
/// array itself is the ring. Where a lane meets what the fast arithmetic does not cover (a
/// value that is not finite, a sum the bound cannot round), the exact sum decides that
/// window, or the rest runs as streaming (`scalar(from, to)`). Every mean is the window's
/// exact mean rounded once: the streaming result, bit for bit.
template <class Scalar>
void sma_lanes(std::span<const double> x, std::span<double> out, std::size_t window, Scalar const& scalar,
               std::size_t from, std::size_t to)
{
    const std::size_t n = to;
    const std::size_t w = window;
    const std::size_t s0 = from + 1;            // lane 0's first step (the window at `from` is its seed)
    const std::size_t half = s0 + (n - s0) / 2; // lane 0: [s0, half), lane 1: [half, n)
    const std::size_t steps = half - s0;        // lane 1 has one more when n - s0 is odd
    double h0 = 0.0;
    double l0 = 0.0;
    double b0 = 0.0;
    double h1 = 0.0;
    double l1 = 0.0;
    double b1 = 0.0;
    if (!sma_seed(x.subspan(s0 - w, w), h0, l0, b0) || !sma_seed(x.subspan(half - w, w), h1, l1, b1)) {
        scalar(from, n);
        return;
    }
    const double count = static_cast<double>(w);
    // the mean of the window that ends at i, from its sum s + t (give or take b), rounded once;
    // near a half-way point, the window summed exactly decides
    // windows summed again from scratch (O(w) each): a reseed, or a mean the bound could not
    // round; past 16 + k / w of them the rest streams, whose exact sum is kept, not rebuilt
    // (a series of hidden ties, every window undecided, took time in w times its length)
    std::size_t exact_windows = 0;
    const double one_over_count = 1.0 / count;
    const auto write_mean = [&](std::size_t i, double s, double t, double b) {
        const bool rounded = b == 0.0 ? sma_mean_quickly(s, t, count, out[i])
                                      : sma_mean_by_margin(s, t, 0.0, b, count, one_over_count, out[i]) ||
                                            sma_nearest_mean(s, t, b, count, out[i]);
        if (!rounded) {
            out[i] = sma_window_mean_exactly(x, i, w); // finite: the lanes stop at the first value that is not
            ++exact_windows;
        }
    };
    write_mean(from, h0, l0, b0); // the first window: its seed
    // the window's exact sum is hi + lo (+ an error <= bound), lane by lane
    d2 hi = {h0, h1};
    d2 lo = {l0, l1};
    d2 bound = {b0, b1};
    // in - out split one step ahead (it does not depend on the sums), so that the step's
    // long chain starts from values already there
    const auto split = [&](std::size_t k, d2& err) {
        return lanes_two_diff(d2{x[s0 + k], x[half + k]}, d2{x[s0 + k - w], x[half + k - w]}, err);
    };
    d2 next_err{};
    d2 next = steps > 0 ? split(0, next_err) : d2{};
    // both lanes' means, a block at a time: the sums go to out and their rests to a buffer;
    // a full block is rounded once in one pass (sma_round_means: four at a time, out of the
    // sums' long chain); the rare sum known only within a bound waits in `pending`
    constexpr std::size_t block = 256;
    double rests[2][block];
    std::uint32_t careful[block];
    struct pending_mean {
        std::size_t i;
        double s;
        double t;
        double b;
    };
    pending_mean pending[2 * block];
    std::size_t pending_count = 0;
    std::size_t filled = 0;
    std::size_t first[2] = {0, 0};
    const auto flush = [&] {
        for (std::size_t lane = 0; lane < 2 && filled > 0; ++lane) {
            double* sums = out.data() + first[lane];
            const std::size_t unsure = sma_round_means(sums, rests[lane], filled, count, careful);
            for (std::size_t u = 0; u < unsure; ++u) {
                const std::size_t k = careful[u];
                write_mean(first[lane] + k, sums[k], rests[lane][k], 0.0);
            }
        }
        for (std::size_t p = 0; p < pending_count; ++p) {
            write_mean(pending[p].i, pending[p].s, pending[p].t, pending[p].b);
        }
        filled = 0;
        pending_count = 0;
    };
    const auto write_means = [&](std::size_t i, std::size_t j, d2 s, d2 t, d2 b) {
        if (filled == 0) {
            first[0] = i;
            first[1] = j;
        }
        out[i] = s[0];
        out[j] = s[1];
        rests[0][filled] = t[0];
        rests[1][filled] = t[1];
        if (any_lane(reinterpret_cast<i2>(b))) [[unlikely]] { // rounded in the pass, then again here
            pending[pending_count++] = {i, s[0], t[0], b[0]};
            pending[pending_count++] = {j, s[1], t[1], b[1]};
        }
        if (++filled == block) {
            flush();
        }
    };
    // the step's sum: its rounding, the rest, and what the two may miss; divided and written
    // one step later
    d2 last_sum{};
    d2 last_rest{};
    d2 last_bound{};
    std::size_t k = 0;
    std::size_t rounded_steps = 0; // steps where a lane's sum was not exact
    for (; k < steps; ++k) {
        if (exact_windows > 16 + k / w) [[unlikely]] {
            break; // many windows summed from scratch: streaming
        }
        if (rounded_steps * 4 > k && k >= 1024) [[unlikely]] {
            break; // a quarter of the steps redone lane by lane: the stream is faster (the mix)
        }
        const std::size_t i0 = s0 + k;
        const std::size_t i1 = half + k;
        const d2 d = next;
        const d2 d_err = next_err;
        if (k + 1 < steps) [[likely]] {
            next = split(k + 1, next_err);
        }
        if ((k & 63U) == 63U) { // now and then: lo folded into hi, exactly
            d2 err;
            hi = lanes_two_sum(hi, lo, err);
            lo = err;
        }
        d2 s_err;
        const d2 h = lanes_two_sum(hi, d, s_err);
        const d2 t = s_err + d_err;
        const d2 l = lo + t;
        const d2 r = h + l;
        // sure where t and lo + t were exact (then h + l is the exact sum and r its rounding),
        // the bound is 0 and r is finite; a value that is not finite makes an error NaN
        const i2 unsure = lanes_differ(s_err, d_err, t) | lanes_differ(lo, t, l) | lanes_not_finite(r) |
                          reinterpret_cast<i2>(bound);
        // where h + l is the exact sum (a sure lane), r is its rounding and this the rest (TwoSum)
        const d2 bb = r - h;
        d2 rest = (h - (r - bb)) + (l - bb);
        d2 sum = r;
        d2 sum_bound{};
        if (any_lane(unsure)) [[unlikely]] {
            ++rounded_steps;
            bool stop = false;
            for (int lane = 0; lane < 2 && !stop; ++lane) {
                if (unsure[lane] == 0) {
                    hi[lane] = h[lane];
                    lo[lane] = l[lane];
                    continue;
                }
                // the step again with each rounding measured (TwoSum) and added to the bound
                double t_err = 0.0;
                const double tt = compensated_sum::two_sum(s_err[lane], d_err[lane], t_err);
                double l_err = 0.0;
                double new_lo = compensated_sum::two_sum(lo[lane], tt, l_err);
                double b = grown_bound(bound[lane], std::abs(t_err) + std::abs(l_err));
                double new_hi = h[lane];
                double r_err = 0.0;
                const double rr = compensated_sum::two_sum(new_hi, new_lo, r_err);
                if (sma_rounding_is_certain(rr, r_err, b)) {
                    sum[lane] = rr;
                    rest[lane] = r_err;
                    sum_bound[lane] = b;
                } else {
                    // the exact sum decides, and the lane goes on from it
                    const std::size_t i = lane == 0 ? i0 : i1;
                    if (++exact_windows > 16 + k / w || !sma_seed(x.subspan(i + 1 - w, w), new_hi, new_lo, b)) {
                        stop = true; // many undecided sums (or one past the range, or not finite): streaming
                        break;
                    }
                    sum[lane] = new_hi;
                    rest[lane] = new_lo;
                    sum_bound[lane] = b;
                }
                hi[lane] = new_hi;
                lo[lane] = new_lo;
                bound[lane] = b;
            }
            if (stop) {
                break;
            }
        } else {
            hi = h;
            lo = l;
        }
        if (k > 0) [[likely]] {
            write_means(i0 - 1, i1 - 1, last_sum, last_rest, last_bound);
        }
        last_sum = sum;
        last_rest = rest;
        last_bound = sum_bound;
    }
    if (k > 0) {
        write_means(s0 + k - 1, half + k - 1, last_sum, last_rest, last_bound);
    }
    flush();
    scalar(s0 + k, half);
    scalar(half + k, n);
}

/// The windows that end at from, from + 1, ... as one stream of the lanes' arithmetic, scalar,
/// from hi + lo, the exact sum of the window that ends at from - 1: the few (< 64) after the
/// eight lanes, where a stream would first refill its ring with w values. Returns where it
/// stopped: x.size(), or the first window whose step was not exact (a rounding in lo, a value
/// that is not finite), which is left to the caller.
inline std::size_t sma_carry_on(std::span<const double> x, std::span<double> out, std::size_t w, double hi, double lo,
                                std::size_t from)
{
    const double count = static_cast<double>(w);
    for (std::size_t i = from; i < x.size(); ++i) {
        double d_err = 0.0;
        const double d = two_diff(x[i], x[i - w], d_err);
        double s_err = 0.0;
        const double hs = compensated_sum::two_sum(hi, d, s_err);
        const double e = s_err + d_err;
        const double nl = lo + e;
        double rest = 0.0;
        const double r = compensated_sum::two_sum(hs, nl, rest);
        if ((differs(s_err, d_err, e) | differs(lo, e, nl)) != 0U || !std::isfinite(r)) {
            return i;
        }
        hi = hs;
        lo = nl;
        if (!sma_mean_quickly(r, rest, count, out[i])) {
            out[i] = sma_window_mean_exactly(x, i, w);
        }
    }
    return x.size();
}

/// sma_carry_on in three parts, after sma_tiles3: the windows that end at from, from + 1, ...
/// from h + l + ll, the exact sum of the window that ends at from - 1, by sma_tiles3's step
/// (step3) and read (sma_mean_by_margin, else `careful(h, l, ll)`), one lane in scalars; h + l
/// is renormalised in the sum itself, at every step (the tail has no fold every 64 steps).
/// Returns x.size(), or the first window whose step was not exact, left to the caller.
template <class Careful>
std::size_t sma_carry_on3(std::span<const double> x, std::span<double> out, std::size_t w, double h, double l,
                          double ll, std::size_t from, Careful const& careful)
{
    const auto count = static_cast<double>(w);
    const double one_over_count = 1.0 / count;
    for (std::size_t i = from; i < x.size(); ++i) {
        double d_err = 0.0;
        const double d = two_diff(x[i], x[i - w], d_err);
        double e1 = 0.0;
        const double hs = compensated_sum::two_sum(h, d, e1);
        double e2 = 0.0;
        double ls = compensated_sum::two_sum(l, e1, e2);
        double e3 = 0.0;
        ls = compensated_sum::two_sum(ls, d_err, e3);
        const double e = e2 + e3;
        const double lls = ll + e;
        if ((differs(e2, e3, e) | differs(ll, e, lls)) != 0U || !std::isfinite(hs) || !std::isfinite(lls)) {
            return i;
        }
        ll = lls;
        h = compensated_sum::two_sum(hs, ls, l);
        if (!sma_mean_by_margin(h, l, ll, 0.0, count, one_over_count, out[i])) {
            out[i] = careful(h, l, ll);
        }
    }
    return x.size();
}

/// Whether the batch SMA runs eight lanes at once here (x86-64 with AVX-512F and DQ; the
/// processor is asked once).
inline bool sma_eight_lanes_available() noexcept
{
#if defined(__x86_64__)
    static const bool wide = __builtin_cpu_supports("avx512f") != 0 && __builtin_cpu_supports("avx512dq") != 0;
    return wide;
#else
    return false;
#endif
}

/// The batch SMA's full windows, those that end at t in [window - 1, x.size()): eight lanes at
/// once (sma_tiles, AVX-512) where the processor has it and the series is long enough for
/// eight seeds, two (sma_lanes) for what they leave or everywhere else. Every mean is the
/// window's exact mean rounded once, whichever ran it.
template <class Scalar>
void sma_full_windows(std::span<const double> x, std::span<double> out, std::size_t window, Scalar const& scalar)
{
    const std::size_t w = window;
    const std::size_t n = x.size();
    const auto finish = [&](std::size_t from, std::size_t to) {
        if (to - from >= 2 * w + 1024) {
            sma_lanes(x, out, w, scalar, from, to);
        } else {
            scalar(from, to);
        }
    };
    std::size_t from = w - 1;
#if defined(__x86_64__)
    const std::size_t steps = (n - w) / 64 * 8; // windows per lane, a multiple of a tile's 8
    if (sma_eight_lanes_available() && steps >= 2 * w + 512) {
        std::size_t start[8];
        std::size_t first[8];
        double hi[8];
        double lo[8];
        for (std::size_t j = 0; j < 8; ++j) {
            start[j] = w + j * steps; // lane j: the windows that end at start[j] + k, k < steps
            first[j] = start[j] - w;  // its seed: the window that ends at start[j] - 1
        }
        double lo2[8] = {}; // 0 unless sma_seeds3 succeeds (it writes nothing when it fails)
        // all eight at once; else in three parts (the 1e15/1e-3 mix: about 150 bits); else
        // one by one, each exactly or not at all
        bool seeded = avx512::sma_seeds(x, w, first, hi, lo);
        const bool three_seeded = !seeded && avx512::sma_seeds3(x, w, first, hi, lo, lo2);
        if (!seeded && !three_seeded) {
            seeded = true;
            for (std::size_t j = 0; j < 8 && seeded; ++j) {
                double bound = 0.0;
                seeded = sma_seed(x.subspan(first[j], w), hi[j], lo[j], bound) && bound == 0.0;
            }
        }
        // windows summed from scratch; as in sma_lanes, past 16 + 8 k / w of them (k steps
        // of each of the eight lanes) the rest streams
        std::size_t exact_windows = 0;
        const auto over_budget = [&](std::size_t k) { return exact_windows > 16 + 8 * k / w; };
        const auto careful = [&](double r, double rest, std::size_t i) { // a mean the lanes left
            double mean = 0.0;
            if (sma_mean_quickly(r, rest, static_cast<double>(w), mean)) {
                return mean;
            }
            ++exact_windows;
            return sma_window_mean_exactly(x, i, w);
        };
        // a mean the three parts' margin left, from the window's exact sum h + l + ll: where
        // l + ll is a double m, from h + m as the stream reads a tie; else the superaccumulator
        const auto careful3 = [w](double h, double l, double ll) {
            double e = 0.0;
            const double m = compensated_sum::two_sum(l, ll, e);
            double mean = 0.0;
            if (e == 0.0) {
                double t = 0.0;
                const double s = compensated_sum::two_sum(h, m, t); // S = s + t, s its rounding
                if (std::isfinite(s) && sma_mean_quickly(s, t, static_cast<double>(w), mean)) {
                    return mean;
                }
            }
            superaccumulator sum;
            sum.add(h);
            sum.add(l);
            sum.add(ll);
            return sum.mean(w);
        };
        if (seeded || three_seeded) {
            out[w - 1] = careful3(hi[0], lo[0], lo2[0]); // the first window: lane 0's seed
            std::size_t done = 0;
            if (seeded) {
                done = avx512::sma_tiles(x, out.data(), w, start, steps, hi, lo, careful, over_budget);
            }
            const bool streaming = over_budget(done);
            bool three_parts = false;
            if (done < steps && !streaming) {
                // a rounding in some lane's lo (or a value that is not finite): the sums in
                // three parts from there on, which hold most such data
                done = avx512::sma_tiles3(x, out.data(), w, start, done, steps, hi, lo, lo2, careful3);
                three_parts = true;
            }
            for (std::size_t j = 0; j < 8 && done < steps; ++j) {
                if (streaming) {
                    scalar(start[j] + done, start[j] + steps);
                } else {
                    finish(start[j] + done, start[j] + steps); // where the lanes stopped
                }
            }
            from = w + 8 * steps;
            if (done == steps && !streaming) { // the last lane's sum, on to the end
                from = three_parts ? sma_carry_on3(x, out, w, hi[7], lo[7], lo2[7], from, careful3)
                                   : sma_carry_on(x, out, w, hi[7], lo[7], from);
            }
        }
    }
#endif
    if (from < n) {
        finish(from, n);
    }
}

} // namespace detail

/// The SMA of a whole sequence into storage the caller owns (out.size() == series.size(),
/// else std::invalid_argument), NaN where there is no mean yet; without allocating beyond the
/// streaming type's ring. Every value is the streaming one, bit for bit (each is the window's
/// exact mean rounded once). For doubles, long series of full
/// windows run as eight streams at once (AVX-512) or two (detail::sma_full_windows).
template <std::floating_point T>
void simple_moving_average(std::span<const T> series, std::span<T> out, std::size_t window, std::size_t min_periods = 0)
{
    detail::check_output_size("simple_moving_average", series.size(), out.size());
    // streaming over [from, to), its window first filled with the values before `from`
    const auto scalar = [&](std::size_t from, std::size_t to) {
        if (from >= to) {
            return;
        }
        sma_stream<T> acc(window, min_periods);
        for (std::size_t t = from >= window ? from - (window - 1) : 0; t < from; ++t) {
            acc.push(series[t]);
        }
        detail::stream_into(acc, series, out, from, to,
                            [](std::optional<T> v) { return v.value_or(std::numeric_limits<T>::quiet_NaN()); });
    };
    if constexpr (std::same_as<T, double>) {
        if (series.size() >= 4 * window + 1024) {
            if (min_periods == 0 || min_periods == window) {
                std::fill_n(out.begin(), window - 1, std::numeric_limits<T>::quiet_NaN()); // no full window yet
            } else {
                scalar(0, window - 1); // the partial windows
            }
            detail::sma_full_windows(series, out, window, scalar);
            return;
        }
    }
    scalar(0, series.size());
}

/// The SMA of a whole sequence into a new vector, one entry per sample, NaN where there is no
/// value yet (as every array result; a stream says it with std::optional): the numbers of the
/// overload above, bit for bit the streaming ones.
template <std::floating_point T>
std::vector<T> simple_moving_average(std::span<const T> series, std::size_t window, std::size_t min_periods = 0)
{
    std::vector<T> out(series.size());
    simple_moving_average<T>(series, std::span<T>(out), window, min_periods);
    return out;
}

} // namespace smooth

#endif
