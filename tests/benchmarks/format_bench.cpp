// format_bench: writing a double as its shortest round-trip text, the `smooth` tool's largest
// cost (about half its CPU time on one column). Run by hand, never by ctest.
//   BM_write_shortest/K   smooth::io::write_shortest (fmt's Dragonbox digits, our placing of
//                         them; fmt's "{}" byte for byte), the form the tools use
//   BM_to_chars/K         std::to_chars (libstdc++'s shortest form), what tests/benchmarks/
//                         lean_floor.cpp writes with: not always the same bytes as fmt's "{}"
//                         (1e+16 against 10000000000000000), the same on K = 0
//   BM_fmt_format_to/K    fmt::format_to(FMT_COMPILE("{}")), the reference write_shortest copies
//   BM_digits_sse2, BM_digits_swar   the 1 to 17 digits of a significand alone, the two forms
//                         write_shortest chooses between (SSE2 where the processor has it)
// K: 0 uniform(0, 1) (15-17 digits, as the tool's random input), 1 N(0, 1) times 1000 (mixed
// exponents), 2 N(0, 1) times 100 rounded to two decimals (prices: few digits). 2^16 values
// that each iteration writes in turn into one buffer.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/compile.h>

#include <smooth/io/number_format.hpp>

namespace {

std::vector<double> values(std::int64_t kind)
{
    std::mt19937_64 rng(1 + static_cast<std::uint64_t>(kind));
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::vector<double> v(std::size_t{1} << 16);
    for (auto& x : v) {
        x = kind == 0 ? unit(rng) : kind == 1 ? normal(rng) * 1000 : std::round(normal(rng) * 10000) / 100;
    }
    return v;
}

template <class Write>
void write_each(benchmark::State& state, Write write)
{
    const auto v = values(state.range(0));
    char buffer[64];
    std::size_t bytes = 0;
    for (auto _ : state) {
        for (const double x : v) {
            bytes += static_cast<std::size_t>(write(buffer, x) - buffer);
        }
        benchmark::DoNotOptimize(bytes);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(v.size()));
}

void BM_write_shortest(benchmark::State& state)
{
    write_each(state, [](char* p, double x) { return smooth::io::write_shortest(p, x); });
}

void BM_to_chars(benchmark::State& state)
{
    write_each(state, [](char* p, double x) { return std::to_chars(p, p + 64, x).ptr; });
}

void BM_fmt_format_to(benchmark::State& state)
{
    write_each(state, [](char* p, double x) { return fmt::format_to(p, FMT_COMPILE("{}"), x); });
}

template <class Digits>
void digits_each(benchmark::State& state, Digits digits)
{
    std::mt19937_64 rng(5);
    std::vector<std::uint64_t> significands(std::size_t{1} << 16);
    std::vector<int> counts;
    for (auto& s : significands) {
        s = 1 + rng() % 99999999999999999ULL;
        counts.push_back(smooth::io::detail::decimal_count(s));
    }
    char buffer[32];
    std::size_t sum = 0;
    for (auto _ : state) {
        for (std::size_t i = 0; i < significands.size(); ++i) {
            digits(significands[i], counts[i]).store(buffer);
            sum += static_cast<unsigned char>(buffer[3]);
        }
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(significands.size()));
}

#if defined(__SSE2__)
void BM_digits_sse2(benchmark::State& state)
{
    digits_each(state, [](std::uint64_t v, int n) { return smooth::io::detail::digits_of_sse2(v, n); });
}
BENCHMARK(BM_digits_sse2);
#endif

void BM_digits_swar(benchmark::State& state)
{
    digits_each(state, [](std::uint64_t v, int n) { return smooth::io::detail::digits_of_swar(v, n); });
}

} // namespace

BENCHMARK(BM_digits_swar);
BENCHMARK(BM_write_shortest)->Arg(0)->Arg(1)->Arg(2);
BENCHMARK(BM_to_chars)->Arg(0)->Arg(1)->Arg(2);
BENCHMARK(BM_fmt_format_to)->Arg(0)->Arg(1)->Arg(2);

BENCHMARK_MAIN();
