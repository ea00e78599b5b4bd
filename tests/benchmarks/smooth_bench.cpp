// Speed of the streaming features against their baselines, per sample (items_processed).
//   BM_sma/W          smooth's exact SMA (correctly rounded), window W, in an accumulator_set
//   BM_boost_rolling_mean/W       Boost's rolling_mean: a plain running sum, drifts
//   BM_boost_lazy_rolling_mean/W  Boost's lazy_rolling_mean: re-adds the window on each read
//                                 (read once per block here, so its cost is the ring only)
//   BM_sma_textbook_every_mean/W  sma.hpp's textbook SMA (ring + exact superaccumulator), the
//                                 same numbers as BM_sma_every_mean's, bit for bit
//   BM_ring_running_sum/W         a hand-written ring buffer and running sum: the floor
//                                 any O(1) rolling mean starts from; drifts like Boost's
//   BM_sma_push_read/K/W, BM_ring_push_read/K/W, BM_dd_floor_push_read/K/W   push, then read,
//                     at every sample, on data kind K (N(0,1), random walk, 1e15/1e-3 mix;
//                     3, near 2^+-1000, for sma_stream and the batch only):
//                     sma_stream, the plain ring, and dd_floor (sma_stream's arithmetic with
//                     none of its checks: not correct, the floor under its design)
//   BM_sma_batch_hidden_ties/W   the batch SMA where no bound decides any window
//   BM_sma_batch_of/K/W, BM_ring_batch_of/K/W, BM_sma_rounding_pass_of/K/W   the batch SMA,
//                     the plain ring over the same array, and the batch's rounding pass alone
//   BM_ema            smooth's EMA in an accumulator_set
//   BM_ema_plain_loop the hand-written v = b*v + (1-b)*x over the same data
//   BM_ema_corrected_stream/S, BM_ema_corrected_batch/S   pandas' adjust=True at span S, as a
//                     stream read at every sample and as the batch form (the same arithmetic)
//   BM_ema_first_stream/S, BM_ema_first_batch/S   the same for adjust=False (ema_first_stream)
//   BM_ema_corrected_batch_hard/K, BM_ema_corrected_loop_hard/K   the batch against the
//                     stream's loop on data where its sixteen stretches give up (K: 0
//                     periodic, 1 a level change)
//   BM_fast_corrected_ema/S, BM_corrected_plain_loop/S    the fast form and the plain V / W
//                     loop it is measured against
//   BM_momentum_step/N        one momentum step (EMA form) over N parameters
//   BM_momentum_plain_loop/N  the same arithmetic as a hand-written fused loop
//   BM_pytorch_sgd_step/N, BM_classic_momentum_step/N, BM_gradient_descent_step/N and the
//   plain loops beside them: the other optimizers against their fused loops. A step and its
//   loop run over the same arrays (the loop writes the optimizer's own velocity), and the
//   first step, which allocates the velocity, is never timed.
// Honest data (stream_blocks.hpp): each iteration streams the next block of 2^20 samples out
// of 2^22 normal values, so no branch predictor can learn a replayed block. The accumulator
// lives across iterations, so large windows are full for nearly the run. BM_sma and
// BM_sma_every_mean live in sma_stream_cases.hpp (sma_then_and_now.sh builds them against an
// earlier revision too).
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <span>
#include <vector>

#include <benchmark/benchmark.h>
#include <boost/accumulators/accumulators.hpp>
#include <boost/accumulators/statistics/rolling_mean.hpp>

#include <smooth/smooth.hpp>

#include "sma_stream_cases.hpp"
#include "stream_blocks.hpp"

namespace {

namespace ba = boost::accumulators;
using namespace bench;

/// Boost's rolling mean read at every sample too.
void BM_boost_rolling_mean_every_mean(benchmark::State& state)
{
    ba::accumulator_set<double, ba::features<ba::tag::rolling_mean>> acc(
        ba::tag::rolling_window::window_size = static_cast<std::size_t>(state.range(0)));
    double total = 0.0;
    stream_blocks(
        state,
        [&](double x) {
            acc(x);
            total += ba::rolling_mean(acc);
        },
        [&] { return total; });
}

void BM_boost_rolling_mean(benchmark::State& state)
{
    ba::accumulator_set<double, ba::features<ba::tag::rolling_mean>> acc(
        ba::tag::rolling_window::window_size = static_cast<std::size_t>(state.range(0)));
    stream_blocks(state, [&](double x) { acc(x); }, [&] { return ba::rolling_mean(acc); });
}

void BM_boost_lazy_rolling_mean(benchmark::State& state)
{
    ba::accumulator_set<double, ba::features<ba::tag::lazy_rolling_mean>> acc(
        ba::tag::rolling_window::window_size = static_cast<std::size_t>(state.range(0)));
    stream_blocks(state, [&](double x) { acc(x); }, [&] { return ba::lazy_rolling_mean(acc); });
}

/// sma.hpp's textbook form (ring + superaccumulator), every mean read: what the fast form buys.
void BM_sma_textbook_every_mean(benchmark::State& state)
{
    bench::every_mean<smooth::textbook::sma_stream<double>>(state);
}

/// A plain ring and running sum: the floor any O(1) rolling mean starts from (it drifts).
struct plain_ring {
    std::vector<double> ring;
    std::size_t next = 0;
    std::size_t count = 0;
    double sum = 0.0;
    explicit plain_ring(std::size_t window) : ring(window, 0.0) {}
    void push(double x)
    {
        sum += x - ring[next];
        ring[next] = x;
        next = next + 1 == ring.size() ? 0 : next + 1;
        count += count < ring.size() ? 1 : 0;
    }
    [[nodiscard]] double mean() const { return sum / static_cast<double>(count); }
};

void BM_ring_running_sum(benchmark::State& state)
{
    plain_ring r(static_cast<std::size_t>(state.range(0)));
    stream_blocks(state, [&](double x) { r.push(x); }, [&] { return r.mean(); });
}

void BM_ema(benchmark::State& state)
{
    ba::accumulator_set<double, ba::features<smooth::tag::ema>> acc(smooth::tag::ema::beta = 0.9);
    stream_blocks(state, [&](double x) { acc(x); }, [&] { return smooth::ema(acc); });
}

void BM_ema_plain_loop(benchmark::State& state)
{
    const double b = 0.9;
    double v = 0.0;
    stream_blocks(state, [&](double x) { v = b * v + (1 - b) * x; }, [&] { return v; });
}

/// The batch EMA into caller storage (the blocked scan).
void BM_ema_batch(benchmark::State& state)
{
    auto& a = array_data();
    for (auto _ : state) {
        smooth::zero_start_ema_blocked(a.x, a.out, smooth::decay(0.9));
        benchmark::DoNotOptimize(a.out.data());
        benchmark::ClobberMemory();
    }
    set_array_processed(state);
}

/// The serial recursion over the same array into the same storage: the same memory traffic,
/// one dependent multiply-add per sample.
void BM_ema_serial_array(benchmark::State& state)
{
    auto& a = array_data();
    const double b = 0.9;
    for (auto _ : state) {
        double v = 0.0;
        for (std::size_t i = 0; i < a.x.size(); ++i) {
            v = b * v + (1 - b) * a.x[i];
            a.out[i] = v;
        }
        benchmark::DoNotOptimize(a.out.data());
        benchmark::ClobberMemory();
    }
    set_array_processed(state);
}

/// The corrected EMA (pandas' adjust=True) at span state.range(0): 19 (beta 0.9, whose weight
/// reaches 1 within the first thousand samples), 2e9 (beta 1 - 1e-9: the weight never does in
/// 1e7 samples, so the fast form divides at every one).
smooth::decay corrected_decay(benchmark::State const& state)
{
    return smooth::decay::from_span(static_cast<double>(state.range(0)));
}

/// A stream of pandas' arithmetic pushed and read at every sample, and the batch form of the
/// same arithmetic into caller storage (bit for bit; in sixteen stretches where it can).
template <class Stream>
void pandas_stream_benchmark(benchmark::State& state)
{
    Stream s(corrected_decay(state));
    double total = 0.0;
    stream_blocks(
        state,
        [&](double x) {
            s.push(x);
            total += *s.value();
        },
        [&] { return total; });
}

void pandas_batch_benchmark(benchmark::State& state, smooth::ema_form form)
{
    auto& a = array_data();
    const auto d = corrected_decay(state);
    for (auto _ : state) {
        smooth::exponential_moving_average<double>(a.x, a.out, d, form);
        benchmark::DoNotOptimize(a.out.data());
        benchmark::ClobberMemory();
    }
    set_array_processed(state);
}

/// pandas' adjust=True (ema_corrected_stream) and adjust=False (ema_first_stream).
void BM_ema_corrected_stream(benchmark::State& state)
{
    pandas_stream_benchmark<smooth::ema_corrected_stream<double>>(state);
}
void BM_ema_corrected_batch(benchmark::State& state) { pandas_batch_benchmark(state, smooth::ema_form::corrected); }
void BM_ema_first_stream(benchmark::State& state) { pandas_stream_benchmark<smooth::ema_first_stream<double>>(state); }
void BM_ema_first_batch(benchmark::State& state) { pandas_batch_benchmark(state, smooth::ema_form::first_seeded); }

/// Data on which the batch's guessed runs do not meet the true one (detail/ewm_lanes.hpp), 1e7
/// samples: kind 0 is 0, 1, 0, 1, ... (the runs fall into different cycles of roundings),
/// kind 1 is 1e6 for 1,000 samples, then 0.1 (the true mean stalls a few ulp from 0.1, where a
/// guess sits). The batch gives up after one block; the loop is the stream's arithmetic over
/// the same array (push, then value, into the same storage): what the batch costs over it there.
std::vector<double> const& hard_ema_data(std::int64_t kind)
{
    static const std::vector<double> periodic = [] {
        std::vector<double> x(10'000'000);
        for (std::size_t t = 0; t < x.size(); ++t) {
            x[t] = static_cast<double>(t % 2);
        }
        return x;
    }();
    static const std::vector<double> level = [] {
        std::vector<double> x(10'000'000, 0.1);
        std::fill(x.begin(), x.begin() + 1'000, 1e6);
        return x;
    }();
    return kind == 0 ? periodic : level;
}

void BM_ema_corrected_batch_hard(benchmark::State& state)
{
    auto const& x = hard_ema_data(state.range(0));
    auto& out = array_data().out;
    for (auto _ : state) {
        smooth::exponential_moving_average<double>(x, out, smooth::decay(0.9), smooth::ema_form::corrected);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    set_array_processed(state);
}

void BM_ema_corrected_loop_hard(benchmark::State& state)
{
    auto const& x = hard_ema_data(state.range(0));
    auto& out = array_data().out;
    for (auto _ : state) {
        smooth::ema_corrected_stream<double> s(smooth::decay(0.9));
        for (std::size_t t = 0; t < x.size(); ++t) {
            s.push(x[t]);
            out[t] = *s.value();
        }
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    set_array_processed(state);
}

/// fast_corrected_ema into the same storage.
void BM_fast_corrected_ema(benchmark::State& state)
{
    auto& a = array_data();
    const auto d = corrected_decay(state);
    for (auto _ : state) {
        smooth::fast_corrected_ema<double>(a.x, a.out, d);
        benchmark::DoNotOptimize(a.out.data());
        benchmark::ClobberMemory();
    }
    set_array_processed(state);
}

/// The plain loop it is measured against: V = beta V + x, W = beta W + 1, V / W (no missing
/// values, no min_periods; W off by thousands of ulp at beta near 1: test_batch).
void BM_corrected_plain_loop(benchmark::State& state)
{
    auto& a = array_data();
    const double beta = corrected_decay(state).beta;
    for (auto _ : state) {
        double v = 0.0;
        double w = 0.0;
        for (std::size_t i = 0; i < a.x.size(); ++i) {
            v = beta * v + a.x[i];
            w = beta * w + 1.0;
            a.out[i] = v / w;
        }
        benchmark::DoNotOptimize(a.out.data());
        benchmark::ClobberMemory();
    }
    set_array_processed(state);
}

/// The SMA on three kinds of data (state.range(0)): 0 N(0, 1), 1 a random walk, 2 the oracle's
/// hard family (runs of 1e15 (1 + u) and of 1e-3 u, then both mixed), and a fourth, 3, for the
/// stream and the batch only: values near 2^1000, 2^940 and 2^-1000 and zeros in turn (some
/// 2000 bits; means beyond the margins' range), 2^22 values each
/// (32 MB), streamed in blocks of 2^20 that do not repeat soon; window state.range(1). Beside
/// each, a plain ring and running sum doing the same work (it drifts: the floor, not a peer).
std::vector<double> make_kind(std::int64_t kind)
{
    std::mt19937_64 rng(43 + static_cast<std::uint64_t>(kind));
    std::normal_distribution<double> normal(0.0, 1.0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<double> x(std::size_t{1} << 22);
    double level = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (kind == 0) {
            x[i] = normal(rng);
        } else if (kind == 1) {
            level += normal(rng);
            x[i] = level;
        } else if (kind == 2) {
            const bool big = (i / 37) % 3 == 0 ? true : (i / 37) % 3 == 1 ? false : unit(rng) < 0.5;
            x[i] = big ? 1e15 * (1 + unit(rng)) : 1e-3 * unit(rng);
        } else {
            // near the range's ends, in turn: 2^1000 (1 + u), +-2^940 (1 + u), +-2^-1000 (1 + u), 0
            const double sign = unit(rng) < 0.5 ? -1.0 : 1.0;
            const double scale[4] = {0x1p1000, sign * 0x1p940, sign * 0x1p-1000, 0.0};
            x[i] = scale[i % 4] * (1 + unit(rng));
        }
    }
    return x;
}

std::vector<double> const& data_of(std::int64_t kind)
{
    static const std::vector<double> kinds[3] = {make_kind(0), make_kind(1), make_kind(2)};
    if (kind == 3) { // made only when asked for
        static const std::vector<double> ends = make_kind(3);
        return ends;
    }
    return kinds[kind];
}

template <typename Push, typename Read>
void stream_kind(benchmark::State& state, Push push, Read read)
{
    stream_blocks(state, push, read, data_of(state.range(0)));
}

/// sma_stream: push, then read the mean, at every sample.
void BM_sma_push_read(benchmark::State& state)
{
    smooth::sma_stream<double> sma(static_cast<std::size_t>(state.range(1)));
    double total = 0.0;
    stream_kind(
        state,
        [&](double x) {
            sma.push(x);
            total += sma.value().value_or(0.0);
        },
        [&] { return total; });
}

/// A ring-like type (push, mean) on data kind range(0), window range(1): push, then read the
/// mean, at every sample.
template <class Ring>
void push_read_every_sample(benchmark::State& state)
{
    Ring r(static_cast<std::size_t>(state.range(1)));
    double total = 0.0;
    stream_kind(
        state,
        [&](double x) {
            r.push(x);
            total += r.mean();
        },
        [&] { return total; });
}

/// A plain ring and running sum, its mean read at every sample (drifts: the floor).
void BM_ring_push_read(benchmark::State& state)
{
    push_read_every_sample<plain_ring>(state);
}

/// The arithmetic a correctly rounded streaming mean of a double-double sum cannot do
/// without, and nothing else: in - out split exactly (TwoDiff), added to hi exactly (TwoSum),
/// both roundings added to lo; at a read, the library's sma_mean_by_margin (q = hi times 1 / n,
/// its remainder exact without an FMA, c = (remainder + lo) / n, m = q + c and the margin
/// test), whose answer picks m or q without a branch. It checks nothing else and has no exact
/// form to fall back on (a rounding in lo, a tie, a value that is not finite: all silently
/// wrong), so it is no mean to use: it is the floor under sma_stream's design, to say how much
/// of its time the rest takes. (Until 2026-12-07 it was the older read: hi + lo as a rounded
/// sum, a division, the remainder and the neighbour.)
struct dd_floor {
    std::vector<double> ring;
    std::size_t next = 0;
    std::size_t count = 0;
    double one_over = 0.0;
    double hi = 0.0;
    double lo = 0.0;
    explicit dd_floor(std::size_t window) : ring(window, 0.0) {}
    void push(double x)
    {
        const double out = ring[next];
        ring[next] = x;
        next = next + 1 == ring.size() ? 0 : next + 1;
        if (count < ring.size()) {
            ++count;
            one_over = 1.0 / static_cast<double>(count);
        }
        double d_err = 0.0;
        const double d = smooth::detail::two_diff(x, out, d_err);
        double s_err = 0.0;
        hi = smooth::compensated_sum::two_sum(hi, d, s_err);
        lo += s_err + d_err;
    }
    [[nodiscard]] double mean() const
    {
        double m = 0.0;
        const bool sure = smooth::sma_mean_by_margin(hi, lo, 0.0, 0.0, static_cast<double>(count), one_over, m);
        const double q = hi * one_over;
        const std::uint64_t take = 0U - static_cast<std::uint64_t>(sure); // all ones where sure
        return std::bit_cast<double>((std::bit_cast<std::uint64_t>(m) & take) | (std::bit_cast<std::uint64_t>(q) & ~take));
    }
};

void BM_dd_floor_push_read(benchmark::State& state)
{
    push_read_every_sample<dd_floor>(state);
}

/// The batch SMA over the first 2^22 values of a kind, into caller storage; and the plain
/// ring writing the same array.
void BM_sma_batch_of(benchmark::State& state)
{
    auto const& xs = data_of(state.range(0));
    static std::vector<double> out(xs.size());
    for (auto _ : state) {
        smooth::simple_moving_average<double>(xs, out, static_cast<std::size_t>(state.range(1)));
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(xs.size()));
}

/// The batch SMA over hidden ties (test_batch's family, a helper's attack): period W,
/// [3, W 2^-53, 2^-300, 1 x (W - 3)], 4 W + 6024 values, every window's mean a hair above a
/// half-way point, so no bound decides one. Summing each window again made this W times the
/// length; streaming past a budget keeps it linear.
void BM_sma_batch_hidden_ties(benchmark::State& state)
{
    const auto w = static_cast<std::size_t>(state.range(0));
    std::vector<double> x(4 * w + 6024);
    for (std::size_t t = 0; t < x.size(); ++t) {
        const std::size_t at = t % w;
        x[t] = at == 0 ? 3.0 : at == 1 ? static_cast<double>(w) * 0x1p-53 : at == 2 ? 0x1p-300 : 1.0;
    }
    std::vector<double> out(x.size());
    for (auto _ : state) {
        smooth::simple_moving_average<double>(x, out, w);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(x.size()));
}

/// The batch SMA's rounding pass alone (detail::sma_round_means, four means at a time): every
/// window's exact sum as a rounded sum and its rest (made before the timing, from the textbook
/// stream's superaccumulator), copied in and rounded to the mean. The part of the batch a
/// faster sum cannot remove.
void BM_sma_rounding_pass_of(benchmark::State& state)
{
    auto const& xs = data_of(state.range(0));
    const auto window = static_cast<std::size_t>(state.range(1));
    std::vector<double> sums;
    std::vector<double> rests;
    smooth::superaccumulator exact;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        exact.add(xs[i]);
        if (i >= window) {
            exact.subtract(xs[i - window]);
        }
        if (i + 1 >= window) {
            double hi = 0.0;
            double lo = 0.0;
            double bound = 0.0;
            smooth::sma_split(exact, hi, lo, bound);
            sums.push_back(hi);
            rests.push_back(lo);
        }
    }
    std::vector<double> work(sums.size());
    std::vector<std::uint32_t> careful(sums.size());
    for (auto _ : state) {
        std::copy(sums.begin(), sums.end(), work.begin());
        const std::size_t unsure = smooth::detail::sma_round_means(work.data(), rests.data(), work.size(),
                                                                   static_cast<double>(window), careful.data());
        benchmark::DoNotOptimize(unsure);
        benchmark::DoNotOptimize(work.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(sums.size()));
}

void BM_ring_batch_of(benchmark::State& state)
{
    auto const& xs = data_of(state.range(0));
    static std::vector<double> out(xs.size());
    const auto window = static_cast<std::size_t>(state.range(1));
    std::vector<double> ring(window, 0.0);
    for (auto _ : state) {
        double sum = 0.0;
        std::size_t next = 0;
        for (std::size_t i = 0; i < xs.size(); ++i) {
            sum += xs[i] - ring[next];
            ring[next] = xs[i];
            next = next + 1 == window ? 0 : next + 1;
            out[i] = i + 1 < window ? NAN : sum / static_cast<double>(window);
        }
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(xs.size()));
}

/// n parameters and a gradient for the momentum step benchmarks.
struct parameters {
    std::vector<double> w;
    std::vector<double> g;
    explicit parameters(std::size_t n) : w(n, 1.0), g(n)
    {
        auto const& xs = samples();
        for (std::size_t i = 0; i < n; ++i) {
            g[i] = xs[i % xs.size()];
        }
    }
};

/// One set of parameters per n, shared by a step and its plain loop, and each optimizer's own
/// velocity, which its plain loop writes too: at n = 1e7 the same loop over arrays placed
/// elsewhere in memory takes anywhere from 4.0 to 7.9 ms here (measured: only the arrays'
/// offsets changed), so a step and a loop over different arrays compare placements, not code.
parameters& shared_parameters(std::size_t n)
{
    static std::map<std::size_t, std::unique_ptr<parameters>> cases;
    auto& c = cases[n];
    if (!c) {
        c = std::make_unique<parameters>(n);
    }
    return *c;
}

template <class Optimizer>
Optimizer& shared_optimizer(std::size_t n, Optimizer make())
{
    static std::map<std::size_t, std::unique_ptr<Optimizer>> cases;
    auto& c = cases[n];
    if (!c) {
        c = std::make_unique<Optimizer>(make());
        auto& p = shared_parameters(n);
        c->step(p.w, p.g); // the first step allocates the velocity: never timed
    }
    return *c;
}

smooth::momentum make_momentum() { return smooth::momentum(1e-3, 0.9); }
smooth::pytorch_sgd make_pytorch_sgd() { return smooth::pytorch_sgd(1e-3, {.momentum = 0.9}); }
smooth::classic_momentum make_classic_momentum() { return smooth::classic_momentum(1e-3, 0.9); }

/// The optimizer's velocity as the plain loop writes it (the same memory the step uses).
template <class Optimizer>
std::span<double> velocity_of(Optimizer& opt)
{
    const auto v = opt.velocity();
    return {const_cast<double*>(v.data()), v.size()};
}

void set_parameters_processed(benchmark::State& state)
{
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

template <class Optimizer>
void step_benchmark(benchmark::State& state, Optimizer make())
{
    const auto n = static_cast<std::size_t>(state.range(0));
    auto& p = shared_parameters(n);
    auto& opt = shared_optimizer(n, make);
    for (auto _ : state) {
        opt.step(p.w, p.g);
        benchmark::DoNotOptimize(p.w.data());
        benchmark::ClobberMemory();
    }
    set_parameters_processed(state);
}

void BM_momentum_step(benchmark::State& state) { step_benchmark(state, make_momentum); }

void BM_momentum_plain_loop(benchmark::State& state)
{
    const auto n = static_cast<std::size_t>(state.range(0));
    auto& p = shared_parameters(n);
    const auto v = velocity_of(shared_optimizer(n, make_momentum));
    const double a = 1e-3;
    const double b = 0.9;
    for (auto _ : state) {
        for (std::size_t i = 0; i < v.size(); ++i) {
            v[i] = b * v[i] + (1 - b) * p.g[i];
            p.w[i] -= a * v[i];
        }
        benchmark::DoNotOptimize(p.w.data());
        benchmark::ClobberMemory();
    }
    set_parameters_processed(state);
}

/// torch.optim.SGD's step (momentum 0.9, no dampening, no weight decay) and the same update as
/// a hand-written fused loop: what checking the options inside the loop costs.
void BM_pytorch_sgd_step(benchmark::State& state) { step_benchmark(state, make_pytorch_sgd); }

void BM_pytorch_sgd_plain_loop(benchmark::State& state)
{
    const auto n = static_cast<std::size_t>(state.range(0));
    auto& p = shared_parameters(n);
    const auto b = velocity_of(shared_optimizer(n, make_pytorch_sgd));
    const double lr = 1e-3;
    const double mu = 0.9;
    for (auto _ : state) {
        for (std::size_t i = 0; i < b.size(); ++i) {
            b[i] = mu * b[i] + p.g[i];
            p.w[i] -= lr * b[i];
        }
        benchmark::DoNotOptimize(p.w.data());
        benchmark::ClobberMemory();
    }
    set_parameters_processed(state);
}

/// The classic form's step (b = beta b + g; w -= alpha b) and its plain loop, and gradient
/// descent's.
void BM_classic_momentum_step(benchmark::State& state) { step_benchmark(state, make_classic_momentum); }

void BM_classic_momentum_plain_loop(benchmark::State& state)
{
    const auto n = static_cast<std::size_t>(state.range(0));
    auto& p = shared_parameters(n);
    const auto b = velocity_of(shared_optimizer(n, make_classic_momentum));
    const double alpha = 1e-3;
    const double beta = 0.9;
    for (auto _ : state) {
        for (std::size_t i = 0; i < b.size(); ++i) {
            b[i] = beta * b[i] + p.g[i];
            p.w[i] -= alpha * b[i];
        }
        benchmark::DoNotOptimize(p.w.data());
        benchmark::ClobberMemory();
    }
    set_parameters_processed(state);
}

void BM_gradient_descent_step(benchmark::State& state)
{
    auto& p = shared_parameters(static_cast<std::size_t>(state.range(0)));
    const smooth::gradient_descent opt(1e-3);
    for (auto _ : state) {
        opt.step(p.w, p.g);
        benchmark::DoNotOptimize(p.w.data());
        benchmark::ClobberMemory();
    }
    set_parameters_processed(state);
}

void BM_gradient_descent_plain_loop(benchmark::State& state)
{
    auto& p = shared_parameters(static_cast<std::size_t>(state.range(0)));
    const double a = 1e-3;
    for (auto _ : state) {
        for (std::size_t i = 0; i < p.w.size(); ++i) {
            p.w[i] -= a * p.g[i];
        }
        benchmark::DoNotOptimize(p.w.data());
        benchmark::ClobberMemory();
    }
    set_parameters_processed(state);
}

/// The momentum step and an EMA of the weights (Polyak-Ruppert averaging, descend
/// --average-weights): one more stream over the parameters.
void BM_momentum_step_averaged(benchmark::State& state)
{
    const auto n = static_cast<std::size_t>(state.range(0));
    auto& p = shared_parameters(n);
    auto& opt = shared_optimizer(n, make_momentum);
    smooth::weight_average average(smooth::decay(0.99));
    average.push(p.w); // the first push allocates; the timed ones do not
    for (auto _ : state) {
        opt.step(p.w, p.g);
        average.push(p.w);
        benchmark::DoNotOptimize(average.value().data());
        benchmark::ClobberMemory();
    }
    set_parameters_processed(state);
}

/// STREAM's triad, a[i] = b[i] + s c[i] (24 bytes a value): what the machine's memory gives a
/// simple loop, the reference for the step's 40 bytes a parameter.
void BM_triad(benchmark::State& state)
{
    const auto n = static_cast<std::size_t>(state.range(0));
    std::vector<double> a(n, 0.0);
    std::vector<double> b(n, 1.0);
    std::vector<double> c(n, 2.0);
    for (auto _ : state) {
        for (std::size_t i = 0; i < n; ++i) {
            a[i] = b[i] + 0.5 * c[i];
        }
        benchmark::DoNotOptimize(a.data());
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n) * 24);
}

} // namespace

BENCHMARK(BM_sma)->Arg(10)->Arg(100)->Arg(1000)->Arg(100000);
BENCHMARK(BM_sma_every_mean)->Arg(10)->Arg(100)->Arg(1000)->Arg(100000);
BENCHMARK(BM_sma_textbook_every_mean)->Arg(10)->Arg(1000)->Arg(100000);
BENCHMARK(BM_boost_rolling_mean_every_mean)->Arg(10)->Arg(1000)->Arg(100000);
BENCHMARK(BM_boost_rolling_mean)->Arg(10)->Arg(1000)->Arg(100000);
BENCHMARK(BM_boost_lazy_rolling_mean)->Arg(10)->Arg(1000)->Arg(100000);
BENCHMARK(BM_ring_running_sum)->Arg(10)->Arg(1000)->Arg(100000);
BENCHMARK(BM_ema);
BENCHMARK(BM_ema_plain_loop);
BENCHMARK(BM_ema_batch)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ema_serial_array)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ema_corrected_stream)->Arg(19)->Arg(2000000000);
BENCHMARK(BM_ema_corrected_batch)->Arg(19)->Arg(2000000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ema_corrected_batch_hard)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ema_corrected_loop_hard)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ema_first_stream)->Arg(19);
BENCHMARK(BM_ema_first_batch)->Arg(19)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_fast_corrected_ema)->Arg(19)->Arg(2000000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_corrected_plain_loop)->Arg(19)->Arg(2000000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_sma_push_read)->ArgsProduct({{0, 1, 2}, {10, 100, 100000}});
BENCHMARK(BM_ring_push_read)->ArgsProduct({{0, 1, 2}, {10, 100, 100000}});
BENCHMARK(BM_dd_floor_push_read)->ArgsProduct({{0, 1, 2}, {10, 100, 100000}});
BENCHMARK(BM_sma_batch_of)->ArgsProduct({{0, 1, 2}, {10, 100, 100000}})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_sma_push_read)->ArgsProduct({{3}, {10, 100}});
BENCHMARK(BM_sma_batch_of)->ArgsProduct({{3}, {10, 100}})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ring_batch_of)->ArgsProduct({{0, 1, 2}, {10, 100, 100000}})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_sma_rounding_pass_of)->ArgsProduct({{0, 1, 2}, {10, 100, 100000}})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_sma_batch_hidden_ties)->Arg(1000)->Arg(16000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_sma_batch)->Arg(10)->Arg(100)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_momentum_step)->Arg(1000)->Arg(1000000)->Arg(10000000);
BENCHMARK(BM_momentum_plain_loop)->Arg(1000)->Arg(1000000)->Arg(10000000);
BENCHMARK(BM_momentum_step_averaged)->Arg(1000)->Arg(1000000)->Arg(10000000);
BENCHMARK(BM_pytorch_sgd_step)->Arg(1000)->Arg(1000000)->Arg(10000000);
BENCHMARK(BM_pytorch_sgd_plain_loop)->Arg(1000)->Arg(1000000)->Arg(10000000);
BENCHMARK(BM_classic_momentum_step)->Arg(1000)->Arg(1000000)->Arg(10000000);
BENCHMARK(BM_classic_momentum_plain_loop)->Arg(1000)->Arg(1000000)->Arg(10000000);
BENCHMARK(BM_gradient_descent_step)->Arg(1000)->Arg(1000000)->Arg(10000000);
BENCHMARK(BM_gradient_descent_plain_loop)->Arg(1000)->Arg(1000000)->Arg(10000000);
BENCHMARK(BM_triad)->Arg(1000)->Arg(1000000)->Arg(10000000);

BENCHMARK_MAIN();
