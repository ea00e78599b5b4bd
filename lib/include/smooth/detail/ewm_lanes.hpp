// pandas' exponentially weighted mean over a long array, sixteen stretches at once, bit for bit
// the one-sample-at-a-time recursion (smooth::detail::pandas_ewm in ema_corrected.hpp).
//
// The readable form (RN(): rounded to the nearest double), once the running weight W has
// stopped changing. It does: W = RN(RN(W beta) + w_new) only grows and is bounded, so it
// reaches a fixed point, after 18 to 33 / (1 - beta) samples (328 at beta 0.9); adjust=False's
// W is 1 after every observed sample. Then with c = RN(W beta) and d = RN(c + w_new):
//
//     m_t = m_(t-1)                                    if m_(t-1) == x_t (pandas keeps a
//                                                      constant series exact)
//     m_t = RN(RN(RN(c m_(t-1)) + RN(w_new x_t)) / d)   otherwise
//
// Each mean waits for the last one's multiply, add and division: about 20 cycles a sample,
// most of it the division. So the array is cut into 16 stretches, run side by side (what is
// left over, fewer than 16 samples, is done one at a time at the end):
//   - stretch 0 starts from the true mean;
//   - every stretch after it starts from a guess, the sample L places before its start, and
//     runs the recursion from there to its start (the first step leaves the guess as it is);
//   - the recursion forgets where it started. Two runs of it over the same samples draw
//     together by c / d (beta, to a few ulp) a sample. Within an ulp of each other, the
//     roundings usually send both to the same double within a few samples, and from then on
//     they are one run. They need not: two runs can stay an ulp apart for a while;
//   - so it is checked, not assumed. When the true run reaches the start of stretch k (the
//     end of stretch k - 1, exact by then), its mean is compared bit for bit with the guessed
//     run's there. Equal: the same state (W and the count of samples are the same in every
//     run), so stretch k's values are the true run's. Not equal: stretch k is done again from
//     the true mean, one sample at a time.
// So every value written is the recursion's, whatever the data; the guesses only decide how
// fast. (Running a machine from guessed states and keeping the runs that meet the true one is
// the idea of T. Mytkowicz, M. Musuvathi and W. Schulte, "Data-parallel finite-state
// machines", ASPLOS 2014; here the contraction is what makes the runs meet.)
// L is where beta^L falls below 2^-128, plus 16: 859 samples at beta 0.9. A guess off by
// about the data's size is within an ulp of the true mean after about 350 of them, leaving
// 500 to meet; one off by 2^70 times the mean's size leaves about 50. The sixteen runs are
// independent, so their divisions overlap (two to an SSE2 instruction): smooth_bench's
// BM_ema_corrected_batch against BM_ema_corrected_stream, docs/performance.md.
// Not used (the caller, pandas_ewm::push_into, goes on one sample at a time):
//   - where a stretch would be shorter than 4 L (arrays shorter than 64 L: 54,976 samples at
//     beta 0.9, 566,016 at 0.99; never past beta 1 - 5.3e-6, a span of 380,000);
//   - across a sample that is not finite (a NaN under decay changes the weight, and under skip
//     the runs could not leave it out; after a NaN under propagate or an infinity the mean is
//     not finite, and no guess meets it): it comes back once the weight has settled again and
//     the mean is finite;
//   - where the output is written over the series (a stretch done again would read it);
//   - after a block with 4 or more stretches done again (ewm_lanes below gives up).
// The equality needs the same roundings in the runs as in pandas_ewm: no FMA contraction. The
// project builds for baseline x86-64, which has no FMA; built for a target with FMA
// (-march=native), GCC and clang fuse c m + w x in both, in C++ even with -std=c++20, and
// neither is pandas' arithmetic then (-ffp-contract=off keeps it). NaN rows are NaN, not
// always with the same sign bit: which NaN operand goes first is the compiler's choice.
#ifndef SMOOTH_DETAIL_EWM_LANES_HPP
#define SMOOTH_DETAIL_EWM_LANES_HPP

#include <algorithm>
#include <bit>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace smooth::detail {

/// One step of pandas' recursion, with c the past's weight already times beta and d = c +
/// w_new: pandas_ewm::advance's step at every weight, and the stretches' at the settled one.
inline double ewm_fixed_step(double m, double v, double c, double w_new, double d)
{
    return m == v ? m : (c * m + w_new * v) / d;
}

/// The samples a guessed run is given before its stretch: beta^L < 2^-128 (beta = c / d),
/// plus 16; SIZE_MAX past 2^24 (beta above 1 - 5.3e-6: an array would need 2^30 samples).
inline std::size_t ewm_warm_up(double c, double d)
{
    const double per_sample = -std::log2(c / d); // bits forgotten a sample
    if (!(per_sample > 0.0) || 128.0 / per_sample > 16777216.0) {
        return static_cast<std::size_t>(-1);
    }
    return static_cast<std::size_t>(std::ceil(128.0 / per_sample)) + 16;
}

inline constexpr std::size_t ewm_lane_count = 16;

/// Two doubles in one value, with the arithmetic of each (GCC's and clang's vector types:
/// each lane's operations are the scalar IEEE ones; one SSE2 operation on x86-64). A
/// comparison gives each lane all ones or 0; a cast between the two types keeps the bits.
typedef double ewm_two __attribute__((vector_size(2 * sizeof(double))));
typedef std::int64_t ewm_two_mask __attribute__((vector_size(2 * sizeof(std::int64_t))));

/// The fewest samples ewm_lanes takes at this c and d: 16 stretches of at least 4 L (64 L,
/// at most 2^30 + 1024, so a 32-bit size_t holds it too); SIZE_MAX when beta is too near 1.
inline std::size_t ewm_lanes_min_length(double c, double d)
{
    const std::size_t warm = ewm_warm_up(c, d);
    return warm == static_cast<std::size_t>(-1) ? warm : ewm_lane_count * 4 * warm;
}

/// What ewm_lanes did, for the tests, added up over the calls: whether it ran, the stretches
/// whose guessed run had not met the true one by its start (done again one sample at a time),
/// and whether it gave up (a block with 4 or more of those: the rest to the caller's loop,
/// and the caller should not try again on the same data).
struct ewm_lanes_report {
    bool used = false;
    std::size_t redone = 0;
    bool gave_up = false;
};

/// out[t] = the recursion's mean after x[t], converted to T, for every t of one block of 16
/// stretches (x.size() >= ewm_lanes_min_length(c, d)), starting from the mean m (the state
/// after the sample before x[0]; c, w_new, d as above, c != 0); m becomes the mean after the
/// last sample. Returns the number of stretches done again.
template <std::floating_point T>
std::size_t ewm_lanes_block(std::span<const T> x, std::span<T> out, double c, double w_new, double d, double& m)
{
    constexpr std::size_t K = ewm_lane_count;
    const std::size_t warm = ewm_warm_up(c, d);
    const std::size_t stretch = x.size() / K;
    double lane[K];     // each run's mean (a run is a lane of the vectors below)
    double at_start[K]; // each run's mean at its stretch's start
    // the guessed runs, over the L samples before their stretches (run 0's is thrown away)
    for (std::size_t k = 0; k < K; ++k) {
        lane[k] = static_cast<double>(x[std::max<std::size_t>(k, 1) * stretch - warm]);
    }
    constexpr std::size_t tile = 32;
    constexpr std::size_t ahead = 4 * tile;
    double v[tile][K];
    const auto run = [&](std::size_t first_of_lane0, std::size_t offset, std::size_t steps, bool write) {
        // a tile of `steps` samples of each run: gathered into rows of K, stepped a row at
        // a time (the K runs side by side, two to a vector), written back
        for (std::size_t k = 0; k < K; ++k) {
            const std::size_t from = (k == 0 ? first_of_lane0 : k * stretch - (write ? 0 : warm)) + offset;
            if (write && offset + ahead + tile <= stretch) { // (lines within the stretch)
                // 32 streams in and out are more than the hardware's prefetchers follow: ask
                // for each stretch's lines four tiles ahead (2.8-3.7 ns a sample without, 1.6-1.9
                // with, on 2^22 values)
                for (std::size_t j = 0; j < tile; j += 8) {
                    __builtin_prefetch(&x[from + ahead + j]);
                    __builtin_prefetch(&out[from + ahead + j], 1);
                }
            }
            for (std::size_t j = 0; j < steps; ++j) {
                v[j][k] = static_cast<double>(x[from + j]);
            }
        }
        for (std::size_t j = 0; j < steps; ++j) {
            for (std::size_t h = 0; h < K; h += 2) { // ewm_fixed_step on two runs at once
                ewm_two m2;
                ewm_two x2;
                std::memcpy(&m2, lane + h, sizeof m2);
                std::memcpy(&x2, &v[j][h], sizeof x2);
                const ewm_two q2 = (c * m2 + w_new * x2) / d;
                const ewm_two_mask same = m2 == x2; // keep m (all ones) or take q (zeros)
                const ewm_two_mask kept = (same & (ewm_two_mask)m2) | (~same & (ewm_two_mask)q2);
                std::memcpy(lane + h, &kept, sizeof kept);
                std::memcpy(&v[j][h], &kept, sizeof kept);
            }
        }
        if (write) {
            for (std::size_t k = 0; k < K; ++k) {
                for (std::size_t j = 0; j < steps; ++j) {
                    out[k * stretch + offset + j] = static_cast<T>(v[j][k]);
                }
            }
        }
    };
    for (std::size_t j = 0; j < warm; j += tile) {
        run(stretch - warm, j, std::min(tile, warm - j), false);
    }
    lane[0] = m; // run 0 starts from the truth
    std::copy(lane, lane + K, at_start);
    for (std::size_t j = 0; j < stretch; j += tile) {
        run(0, j, std::min(tile, stretch - j), true);
    }
    // the true run, stretch by stretch: it carries on where a guessed run did not meet it
    double truth = lane[0];
    std::size_t redone = 0;
    for (std::size_t k = 1; k < K; ++k) {
        if (std::bit_cast<std::uint64_t>(truth) == std::bit_cast<std::uint64_t>(at_start[k])) {
            truth = lane[k];
            continue;
        }
        ++redone;
        for (std::size_t t = k * stretch; t < (k + 1) * stretch; ++t) {
            truth = ewm_fixed_step(truth, static_cast<double>(x[t]), c, w_new, d);
            out[t] = static_cast<T>(truth);
        }
    }
    for (std::size_t t = K * stretch; t < x.size(); ++t) { // what is left past the last stretch
        truth = ewm_fixed_step(truth, static_cast<double>(x[t]), c, w_new, d);
        out[t] = static_cast<T>(truth);
    }
    m = truth;
    return redone;
}

/// out[t] = the recursion's mean after x[t], converted to T, from the start of x, block by
/// block (2^20 samples, or 64 L if more: the last block takes what is left), starting from
/// the mean m; m becomes the mean after the last sample done. Every x[t] must be a sample the
/// recursion observes (not a NaN under the skip and decay policies: the caller's to check),
/// and out must not overlap x (a stretch done again reads x after the runs wrote out).
/// Returns how many samples it did: 0 if x is too short; fewer than x.size() if a block had 4
/// or more stretches done again (data on which the guesses do not meet the true run: a
/// constant after a level change, where the true mean stalls a few ulp from the constant that
/// a guess sits on; periodic data, whose runs fall into different cycles of roundings; an
/// infinite or NaN mean). Such data would take the stretches and the one-at-a-time loop both,
/// 1.2 to 1.3 times the loop alone: one block of it is the most this costs.
template <std::floating_point T>
std::size_t ewm_lanes(std::span<const T> x, std::span<T> out, double c, double w_new, double d, double& m,
                      ewm_lanes_report* report = nullptr)
{
    const std::size_t least = ewm_lanes_min_length(c, d);
    const std::size_t block = std::max<std::size_t>(std::size_t{1} << 20, least);
    std::size_t done = 0;
    while (x.size() - done >= least) {
        const std::size_t left = x.size() - done;
        const std::size_t n = left < 2 * block ? left : block;
        const std::size_t redone = ewm_lanes_block<T>(x.subspan(done, n), out.subspan(done, n), c, w_new, d, m);
        done += n;
        if (report != nullptr) {
            report->used = true;
            report->redone += redone;
        }
        if (redone >= 4) {
            if (report != nullptr) {
                report->gave_up = true;
            }
            break;
        }
    }
    return done;
}

} // namespace smooth::detail

#endif
