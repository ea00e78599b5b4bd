#!/usr/bin/env bash
# smooth_bench from two builds of the same source, side by side in one run: the default
# build and one configured with -DCMAKE_CXX_FLAGS=-march=native, run alternately RUNS times
# (so both see the same machine load). Prints the median ns per sample of each and the ratio
# native / default. Not run by ctest (timings are not tests).
# Usage: tests/benchmarks/native_and_default.sh DEFAULT_BUILD NATIVE_BUILD [RUNS] [FILTER]
#   e.g. tests/benchmarks/native_and_default.sh build/default build/native 5 'BM_sma|BM_ema'
set -euo pipefail
default=${1:?the default build directory}
native=${2:?the -march=native build directory}
runs=${3:-5}
filter=${4:-BM_sma|BM_ema}
. "$(dirname "$0")/common.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for _ in $(seq "$runs"); do
  for side in default native; do
    dir=$default
    [ "$side" = native ] && dir=$native
    "$dir/tests/benchmarks/smooth_bench" --benchmark_filter="$filter" --benchmark_format=csv 2>/dev/null |
      per_sample "$side" >>"$work/times"
  done
done
echo "median of $runs runs, ns per sample"
side_by_side "$work/times" default native
