// The SMA's benchmarks alone, for sma_then_and_now.sh: built against this tree's
// headers and against an earlier revision's, the two binaries run side by side.
#include <benchmark/benchmark.h>

#include "sma_stream_cases.hpp"

using bench::BM_sma;            // registered by their own names, as in smooth_bench
using bench::BM_sma_every_mean;
BENCHMARK(BM_sma)->Arg(10)->Arg(100)->Arg(1000)->Arg(100000);
BENCHMARK(BM_sma_every_mean)->Arg(10)->Arg(100)->Arg(1000)->Arg(100000);
#ifdef SMOOTH_BENCH_HAS_SMA_BATCH
using bench::BM_sma_batch;
BENCHMARK(BM_sma_batch)->Arg(10)->Arg(100)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);
#endif

BENCHMARK_MAIN();
