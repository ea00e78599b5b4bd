#!/usr/bin/env bash
# The SMA against an earlier revision of it, side by side in one run: the same benchmark
# source (sma_then_and_now.cpp) built twice with the Release build's flags, once against this
# tree's lib/include and once against REVISION's, then run alternately RUNS times (so both see
# the same machine load). Prints the median ns per sample of each and the ratio now / then;
# the batch SMA (this tree only) is set against the revision's streaming SMA. Default REVISION: 3f0dc78^, the SMA that issue 13 measured as "today"
# (its push estimated the bound on its roundings; the exact measurement came in 3f0dc78).
# Not run by ctest (timings are not tests). CXXFLAGS adds flags, e.g. CXXFLAGS=-march=native.
# Usage: tests/benchmarks/sma_then_and_now.sh [REVISION] [RUNS]
set -euo pipefail
rev=${1:-3f0dc78^}
runs=${2:-5}
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
. "$(dirname "$0")/common.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/then-tree"
git -C "$root" archive "$rev" lib/include | tar -x -C "$work/then-tree"
for side in then now; do
  include=$root/lib/include
  [ "$side" = then ] && include=$work/then-tree/lib/include
  # shellcheck disable=SC2086 # CXXFLAGS may hold several flags
  g++ -std=c++20 -O3 -DNDEBUG ${CXXFLAGS:-} -I"$include" "$root/tests/benchmarks/sma_then_and_now.cpp" \
    -o "$work/$side" -lbenchmark -lpthread
done

for _ in $(seq "$runs"); do
  for side in then now; do
    "$work/$side" --benchmark_format=csv 2>/dev/null |
      per_sample "$side" >>"$work/times"
  done
done

echo "revision $rev ($(git -C "$root" log -1 --format='%h %ad' --date=short "$rev")) against this tree; median of $runs runs, ns per sample"
echo "(the batch SMA, which the revision does not have, is set against its streaming BM_sma of the same window)"
side_by_side "$work/times" then now BM_sma_batch BM_sma
