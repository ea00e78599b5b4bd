// The SMA's benchmarks, written against the API it has had since issue 6 (the accumulator
// feature and sma_stream's push and value), so that sma_then_and_now.sh can build them
// against an earlier revision's headers too; the batch case only where the revision has it.
#ifndef SMOOTH_BENCH_SMA_STREAM_CASES_HPP
#define SMOOTH_BENCH_SMA_STREAM_CASES_HPP

#include <cstddef>

#include <benchmark/benchmark.h>
#include <boost/accumulators/accumulators.hpp>

#include <smooth/sma.hpp>

#include "stream_blocks.hpp"

namespace bench {

inline void BM_sma(benchmark::State& state)
{
    boost::accumulators::accumulator_set<double, boost::accumulators::features<smooth::tag::sma>> acc(
        smooth::tag::sma::window = static_cast<std::size_t>(state.range(0)));
    stream_blocks(state, [&](double x) { acc(x); }, [&] { return smooth::sma(acc); });
}

/// A streaming SMA as it is used: every sample pushed and its mean read (BM_sma reads once a
/// block, which leaves out the rounding decision and the division).
template <class Stream>
void every_mean(benchmark::State& state)
{
    Stream sma(static_cast<std::size_t>(state.range(0)));
    double total = 0.0;
    stream_blocks(
        state,
        [&](double x) {
            sma.push(x);
            total += sma.value().value_or(0.0);
        },
        [&] { return total; });
}

inline void BM_sma_every_mean(benchmark::State& state)
{
    every_mean<smooth::sma_stream<double>>(state);
}

#if __has_include(<smooth/stream_array.hpp>) // the batch SMA into caller storage, since issue 13
#define SMOOTH_BENCH_HAS_SMA_BATCH 1
/// The SMA into caller storage (the streaming arithmetic, bit for bit).
inline void BM_sma_batch(benchmark::State& state)
{
    auto& a = array_data();
    for (auto _ : state) {
        smooth::simple_moving_average<double>(a.x, a.out, static_cast<std::size_t>(state.range(0)));
        benchmark::DoNotOptimize(a.out.data());
        benchmark::ClobberMemory();
    }
    set_array_processed(state);
}
#endif

} // namespace bench

#endif
