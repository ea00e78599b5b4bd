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
    # name,iterations,real_time,cpu_time,time_unit,bytes_per_second,items_per_second,...
    "$work/$side" --benchmark_format=csv 2>/dev/null |
      awk -F, -v side="$side" '$1 ~ /^"BM_/ { gsub(/"/, "", $1); print side, $1, 1e9 / $7 }' >>"$work/times"
  done
done

echo "revision $rev ($(git -C "$root" log -1 --format='%h %ad' --date=short "$rev")) against this tree; median of $runs runs, ns per sample"
echo "(a case the revision does not have is set against the revision's streaming BM_sma of the same window)"
printf '%-28s %8s %8s %10s\n' benchmark then now "now/then"
awk '{ t[$1 " " $2] = t[$1 " " $2] " " $3; names[$2] = 1; order[$2] = order[$2] ? order[$2] : NR }
     function median(list,   a, n, i, j, x) {
       n = split(list, a, " ")
       for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
       return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
     }
     END {
       n = 0; for (k in names) keys[++n] = k
       for (i = 2; i <= n; i++) { x = keys[i]; for (j = i - 1; j >= 1 && order[keys[j]] > order[x]; j--) keys[j + 1] = keys[j]; keys[j + 1] = x }
       for (i = 1; i <= n; i++) {
         then_key = keys[i]
         if (!(("then " then_key) in t)) { then_key = keys[i]; sub(/^BM_sma_batch/, "BM_sma", then_key) }
         a = median(t["then " then_key]); b = median(t["now " keys[i]])
         printf "%-28s %8.3f %8.3f %10.2f%s\n", keys[i], a, b, b / a, then_key == keys[i] ? "" : "  (then: " then_key ")"
       }
     }' "$work/times"
