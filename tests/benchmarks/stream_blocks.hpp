// The benchmarks' data and loop: each iteration streams the next block of 2^20 samples out
// of 2^22 normal values (32 MB, larger than any cache), so no branch predictor can learn a
// replayed block; the batch functions get 1e7 samples and storage of their own. Shared by
// smooth_bench and sma_then_and_now.
#ifndef SMOOTH_BENCH_STREAM_BLOCKS_HPP
#define SMOOTH_BENCH_STREAM_BLOCKS_HPP

#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include <benchmark/benchmark.h>

namespace bench {

inline constexpr std::size_t block = std::size_t{1} << 20;

inline std::vector<double> const& samples()
{
    static const std::vector<double> data = [] {
        std::mt19937_64 rng(42);
        std::normal_distribution<double> normal(0.0, 1.0);
        std::vector<double> xs(std::size_t{1} << 22);
        for (auto& x : xs) {
            x = normal(rng);
        }
        return xs;
    }();
    return data;
}

/// Streams the next block of samples (of `xs`: samples() by default) into `push` once per
/// iteration and reads `read()` after it.
template <typename Push, typename Read>
void stream_blocks(benchmark::State& state, Push push, Read read, std::vector<double> const& xs = samples())
{
    std::size_t start = 0;
    for (auto _ : state) {
        for (const double x : std::span<const double>(xs.data() + start, block)) {
            push(x);
        }
        benchmark::DoNotOptimize(read());
        start = (start + block) % xs.size();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(block));
}

/// 1e7 samples that do not repeat, and an output array reused across iterations (the caller's
/// storage: no first-touch page faults inside the timing).
struct array_case {
    std::vector<double> x;
    std::vector<double> out;
    array_case() : x(10'000'000), out(x.size())
    {
        std::mt19937_64 rng(7);
        std::normal_distribution<double> normal(0.0, 1.0);
        for (auto& v : x) {
            v = normal(rng);
        }
    }
};

inline array_case& array_data()
{
    static array_case data;
    return data;
}

inline void set_array_processed(benchmark::State& state)
{
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(array_data().x.size()));
}

} // namespace bench

#endif
