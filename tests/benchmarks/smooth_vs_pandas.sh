#!/usr/bin/env bash
# Times `smooth` against the equivalent pandas pipeline on the same file, side by side in one
# run, checks that both wrote the same numbers, and measures smooth's peak memory on a long
# input. Not run by ctest (timings are not tests). Needs Debian's python3-pandas and time:
#   apt-get install python3-pandas time
# Usage: tests/benchmarks/smooth_vs_pandas.sh [BIN_DIR] [LINES] [REPETITIONS] [LONG_LINES]
set -euo pipefail
bin=${1:-build/default/bin}
lines=${2:-2000000}
reps=${3:-5}
long_lines=${4:-20000000}
. "$(dirname "$0")/common.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

awk -v n="$lines" 'BEGIN { srand(1); for (i = 0; i < n; i++) printf "%.17g\n", 100 + 10 * (rand() - 0.5) }' >"$work/in.txt"

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
out.to_csv(sys.argv[2], index=False, float_format="%.17g")
PY

for ((i = 0; i < reps; i++)); do # alternate, so both see the same machine load
  timed "$work/smooth.times" "$bin/smooth" --sma 100 --ema-corrected 0.9 -o "$work/smooth.csv" "$work/in.txt"
  timed "$work/pandas.times" "$python" "$work/pandas_pipeline.py" "$work/in.txt" "$work/pandas.csv"
done
ts=$(median <"$work/smooth.times")
tp=$(median <"$work/pandas.times")
same_numbers "$work/smooth.csv" "$work/pandas.csv"

echo "input: $lines lines; $reps runs each, alternating; medians of wall time"
echo "  smooth --sma 100 --ema-corrected 0.9 -o out.csv: ${ts} s"
echo "  pandas read_csv, rolling(100).mean(), ewm(alpha=0.1, adjust=True).mean(), to_csv: ${tp} s"
awk -v s="$ts" -v p="$tp" 'BEGIN { printf "  smooth is %.1fx faster\n", p / s }'

awk -v n="$long_lines" 'BEGIN { srand(2); for (i = 0; i < n; i++) printf "%.17g\n", rand() }' >"$work/long.txt"
/usr/bin/time -f "%M" -o "$work/rss" "$bin/smooth" --sma 100 --ema-corrected 0.9 -o "$work/long.csv" "$work/long.txt"
echo "peak RSS of smooth on $long_lines lines (plotting off): $(($(cat "$work/rss") / 1024)) MiB"
