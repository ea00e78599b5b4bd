// Speed of the streaming features against their baselines, per sample (items_processed).
//   BM_sma/W          smooth's exact SMA, window W, in an accumulator_set
//   BM_boost_rolling_mean/W   Boost's rolling_mean (inexact), the same windows
//   BM_ema            smooth's EMA in an accumulator_set
//   BM_ema_plain_loop the hand-written v = b*v + (1-b)*x over the same data
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

} // namespace

BENCHMARK(BM_sma)->Arg(10)->Arg(1000)->Arg(100000);
BENCHMARK(BM_boost_rolling_mean)->Arg(10)->Arg(1000)->Arg(100000);
BENCHMARK(BM_ema);
BENCHMARK(BM_ema_plain_loop);

BENCHMARK_MAIN();
