#!/usr/bin/env bash
# The `smooth` tool end to end on a long file, side by side in one run (alternating, so all
# see the same machine load): an earlier build of smooth (optional, the baseline), smooth
# --threads 1, smooth on two threads (the default on a two-core machine), the pandas pipeline,
# (writing %.17g, and again with pandas' default float format), and data.table's fread +
# frollmean(algo="fast") + an EMA + fwrite on 2 threads. Checks that the smooth runs wrote
# the same bytes and that pandas and data.table wrote the same numbers; reports smooth's CPU
# time (user + sys) beside the wall time, and its peak memory on one thread and on two. Not
# run by ctest (timings are not tests).
# Needs Debian's python3-pandas, r-cran-data.table and time; the project itself never does.
# Usage: tests/benchmarks/smooth_two_cores.sh [BIN_DIR] [LINES] [REPETITIONS] [BASELINE_SMOOTH]
set -euo pipefail
bin=${1:-build/default/bin}
lines=${2:-20000000}
reps=${3:-3}
baseline=${4:-}
. "$(dirname "$0")/common.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

awk -v n="$lines" 'BEGIN { srand(2); for (i = 0; i < n; i++) printf "%.17g\n", rand() }' >"$work/in.txt"

cat >"$work/pandas_pipeline.py" <<'PY'
import sys
import pandas as pd
s = pd.read_csv(sys.argv[1], header=None, names=["x"])["x"]
out = pd.DataFrame({
    "t": range(1, len(s) + 1),
    "x": s,
    "sma_100": s.rolling(100).mean(),
    "ema_corrected_0.9": s.ewm(alpha=0.1, adjust=True).mean(),
})
if len(sys.argv) > 3:  # pandas' default float format (repr: the shortest round-trip digits)
    out.to_csv(sys.argv[2], index=False)
else:
    out.to_csv(sys.argv[2], index=False, float_format="%.17g")
PY

# data.table has no EMA: stats::filter's recursive filter (C code) gives V_t = 0.1 x_t +
# 0.9 V_{t-1}, divided by 1 - 0.9^t for pandas' adjust=True. Its flaws, in its favour:
# frollmean(algo="fast") is a running sum that drifts, and fwrite writes 15 significant
# digits, not a round-trip form (less text, and not the same doubles read back).
cat >"$work/datatable_pipeline.R" <<'R'
suppressMessages(library(data.table))
args <- commandArgs(trailingOnly = TRUE)
setDTthreads(2)
d <- fread(args[1], header = FALSE, col.names = "x")
d[, t := seq_len(.N)]
d[, sma_100 := frollmean(x, 100, algo = "fast")]
d[, `ema_corrected_0.9` := as.numeric(stats::filter(0.1 * x, 0.9, method = "recursive")) / (1 - 0.9^seq_len(.N))]
setcolorder(d, c("t", "x", "sma_100", "ema_corrected_0.9"))
fwrite(d, args[2])
R
have_r=1
Rscript -e 'suppressMessages(library(data.table))' >/dev/null 2>&1 || have_r=0

args=(--sma 100 --ema-corrected 0.9)
for ((i = 0; i < reps; i++)); do
  if [[ -n "$baseline" ]]; then
    timed "$work/baseline.times" "$baseline" "${args[@]}" -o "$work/baseline.csv" "$work/in.txt"
  fi
  timed "$work/one.times" "$bin/smooth" --threads 1 "${args[@]}" -o "$work/one.csv" "$work/in.txt"
  /usr/bin/time -f "%U %S" -a -o "$work/one.cpu" "$bin/smooth" --threads 1 "${args[@]}" -o "$work/one.csv" "$work/in.txt" 2>/dev/null
  timed "$work/two.times" "$bin/smooth" "${args[@]}" -o "$work/two.csv" "$work/in.txt"
  timed "$work/pandas.times" "$python" "$work/pandas_pipeline.py" "$work/in.txt" "$work/pandas.csv"
  timed "$work/pandas_default.times" "$python" "$work/pandas_pipeline.py" "$work/in.txt" "$work/pandas_default.csv" default
  if ((have_r)); then
    timed "$work/dt.times" Rscript "$work/datatable_pipeline.R" "$work/in.txt" "$work/dt.csv"
  fi
done
cmp "$work/one.csv" "$work/two.csv"
[[ -z "$baseline" ]] || cmp "$work/baseline.csv" "$work/two.csv"
echo "input: $lines lines of numbers; $reps runs each, alternating; medians of wall time"
echo "smooth --threads 1 and two threads wrote the same bytes${baseline:+, as did the baseline}"
echo "pandas against smooth:"
same_numbers "$work/two.csv" "$work/pandas.csv"
t2=$(median <"$work/two.times")
t1=$(median <"$work/one.times")
tp=$(median <"$work/pandas.times")
tpd=$(median <"$work/pandas_default.times")
cpu1=$(awk '{ print $1 + $2 }' "$work/one.cpu" | median)
if [[ -n "$baseline" ]]; then
  tb=$(median <"$work/baseline.times")
  echo "  baseline ($baseline): ${tb} s"
fi
echo "  smooth --threads 1: ${t1} s (CPU time, user + sys: ${cpu1} s)"
echo "  smooth (two threads): ${t2} s"
echo "  pandas read_csv, rolling(100).mean(), ewm(alpha=0.1, adjust=True).mean(), to_csv %.17g: ${tp} s"
echo "  the same with to_csv's default float format: ${tpd} s"
[[ -z "$baseline" ]] || awk -v a="$t2" -v b="$tb" 'BEGIN { printf "  two threads / baseline: %.2f\n", a / b }'
awk -v a="$t2" -v b="$t1" 'BEGIN { printf "  two threads / one: %.2f\n", a / b }'
awk -v a="$t2" -v p="$tp" 'BEGIN { printf "  smooth is %.1fx faster than pandas (%%.17g)\n", p / a }'
awk -v a="$t2" -v p="$tpd" 'BEGIN { printf "  smooth is %.1fx faster than pandas (its default format)\n", p / a }'
if ((have_r)); then
  echo "data.table against smooth:"
  same_numbers "$work/two.csv" "$work/dt.csv"
  td=$(median <"$work/dt.times")
  echo "  data.table fread, frollmean(algo=\"fast\"), stats::filter EMA, fwrite (2 threads): ${td} s"
  awk -v a="$t2" -v d="$td" 'BEGIN { printf "  smooth is %.2fx faster than data.table\n", d / a }'
else
  echo "data.table: not measured (apt-get install r-cran-data.table)"
fi
/usr/bin/time -f "%M" -o "$work/rss" "$bin/smooth" "${args[@]}" -o "$work/two.csv" "$work/in.txt"
echo "peak RSS of smooth (two threads) on $lines lines, plotting off: $(($(cat "$work/rss") / 1024)) MiB"
/usr/bin/time -f "%M" -o "$work/rss1" "$bin/smooth" --threads 1 "${args[@]}" -o "$work/one.csv" "$work/in.txt"
echo "peak RSS of smooth --threads 1: $(($(cat "$work/rss1") / 1024)) MiB"
