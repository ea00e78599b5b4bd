#!/usr/bin/env bash
# smooth_bench against an earlier revision, side by side in one run: the earlier revision's
# smooth_bench built in a scratch worktree (Release, its own presets), this tree's from
# build/default, run alternately RUNS times on the benchmarks FILTER names (so both see the
# same machine load); prints a Markdown table of median CPU times and the ratio now / then.
# Not run by ctest (timings are not tests).
# Usage: tests/benchmarks/smooth_bench_then_and_now.sh REVISION [RUNS] [FILTER]
set -euo pipefail
rev=$1
runs=${2:-3}
filter=${3:-'BM_sma/|BM_sma_every_mean|BM_sma_batch|BM_ema'}
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/then" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$root" worktree add -q --detach "$work/then" "$rev"
cmake -S "$work/then" -B "$work/then-build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/then-build" --target smooth_bench >/dev/null
cmake --build "$root/build/default" --target smooth_bench >/dev/null
for _ in $(seq "$runs"); do
  for side in then now; do
    bench=$root/build/default/tests/benchmarks/smooth_bench
    [ "$side" = then ] && bench=$work/then-build/tests/benchmarks/smooth_bench
    "$bench" --benchmark_filter="$filter" --benchmark_min_time=0.3 --benchmark_format=csv 2>/dev/null |
      grep '^"BM' | awk -F, -v s="$side" '{ print s "," $1 "," $4 "," $5 }' >>"$work/runs.csv"
  done
done
python3 - "$work/runs.csv" "$rev" <<'PY'
import csv, statistics, sys
times, order = {}, []
for side, name, cpu, unit in csv.reader(open(sys.argv[1])):
    name = name.strip('"')
    if name not in order:
        order.append(name)
    times.setdefault((name, side), []).append(float(cpu))
    times[(name, "unit")] = [unit.strip('"')]
print(f"| benchmark | then ({sys.argv[2]}) | now | now / then |")
print("|---|---|---|---|")
for n in order:
    a, b = statistics.median(times[(n, "then")]), statistics.median(times[(n, "now")])
    print(f"| `{n}` | {a:.4g} {times[(n, 'unit')][0]} | {b:.4g} | {b / a:.2f} |")
PY
