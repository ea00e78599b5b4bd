// Speed of the streaming features against their baselines, per sample (items_processed).
//   BM_sma/W          smooth's exact SMA, window W, in an accumulator_set
//   BM_boost_rolling_mean/W   Boost's rolling_mean (inexact), the same windows
//   BM_ema            smooth's EMA in an accumulator_set
//   BM_ema_plain_loop the hand-written v = b*v + (1-b)*x over the same data
//   BM_momentum_step/N        one momentum step (EMA form) over N parameters
//   BM_momentum_plain_loop/N  the same arithmetic as a hand-written fused loop
// Each iteration streams one block of samples into an accumulator that lives across
// iterations, so large windows are full for nearly the whole run.
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>
#include <boost/accumulators/accumulators.hpp>
#include <boost/accumulators/statistics/rolling_mean.hpp>

#include <smooth/smooth.hpp>

namespace {

namespace ba = boost::accumulators;

std::vector<double> const& samples()
{
    static const std::vector<double> data = [] {
        std::mt19937_64 rng(42);
        std::normal_distribution<double> normal(0.0, 1.0);
        std::vector<double> xs(1 << 16);
        for (auto& x : xs) {
            x = normal(rng);
        }
        return xs;
    }();
    return data;
}

/// Streams the sample block into `push` once per iteration and reads `read()` after it.
template <typename Push, typename Read>
void stream_blocks(benchmark::State& state, Push push, Read read)
{
    auto const& xs = samples();
    for (auto _ : state) {
        for (const double x : xs) {
            push(x);
        }
        benchmark::DoNotOptimize(read());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(xs.size()));
}

void BM_sma(benchmark::State& state)
{
    ba::accumulator_set<double, ba::features<smooth::tag::sma>> acc(
        smooth::tag::sma::window = static_cast<std::size_t>(state.range(0)));
    stream_blocks(state, [&](double x) { acc(x); }, [&] { return smooth::sma(acc); });
}

void BM_boost_rolling_mean(benchmark::State& state)
{
    ba::accumulator_set<double, ba::features<ba::tag::rolling_mean>> acc(
        ba::tag::rolling_window::window_size = static_cast<std::size_t>(state.range(0)));
    stream_blocks(state, [&](double x) { acc(x); }, [&] { return ba::rolling_mean(acc); });
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

void set_parameters_processed(benchmark::State& state)
{
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

void BM_momentum_step(benchmark::State& state)
{
    parameters p(static_cast<std::size_t>(state.range(0)));
    smooth::momentum opt(1e-3, 0.9);
    for (auto _ : state) {
        opt.step(p.w, p.g);
        benchmark::DoNotOptimize(p.w.data());
        benchmark::ClobberMemory();
    }
    set_parameters_processed(state);
}

void BM_momentum_plain_loop(benchmark::State& state)
{
    parameters p(static_cast<std::size_t>(state.range(0)));
    std::vector<double> v(p.w.size(), 0.0);
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

} // namespace

BENCHMARK(BM_sma)->Arg(10)->Arg(1000)->Arg(100000);
BENCHMARK(BM_boost_rolling_mean)->Arg(10)->Arg(1000)->Arg(100000);
BENCHMARK(BM_ema);
BENCHMARK(BM_ema_plain_loop);
BENCHMARK(BM_momentum_step)->Arg(1000)->Arg(1000000)->Arg(10000000);
BENCHMARK(BM_momentum_plain_loop)->Arg(1000)->Arg(1000000)->Arg(10000000);

BENCHMARK_MAIN();
