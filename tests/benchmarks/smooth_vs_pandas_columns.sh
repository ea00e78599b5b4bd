#!/usr/bin/env bash
# Several columns at once: times `smooth --all-columns` against the pandas pipeline doing the
# same (read_csv, rolling and ewm on every column, to_csv), side by side in one run, checks
# that both wrote the same numbers, and measures smooth's peak memory on a wide input. Not
# run by ctest (timings are not tests). Needs Debian's python3-pandas and time.
# Usage: tests/benchmarks/smooth_vs_pandas_columns.sh [BIN_DIR] [ROWS] [COLUMNS] [REPETITIONS]
set -euo pipefail
bin=${1:-build/default/bin}
rows=${2:-2000000}
cols=${3:-10}
reps=${4:-3}
. "$(dirname "$0")/common.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_table() { # rows columns seed file: a date index, then columns of numbers
  awk -v n="$1" -v c="$2" -v seed="$3" 'BEGIN {
    srand(seed); printf "date"; for (j = 1; j <= c; j++) printf ",c%d", j; printf "\n";
    for (i = 0; i < n; i++) { printf "%d", 20000000 + i; for (j = 1; j <= c; j++) printf ",%.17g", 100 * j + 10 * (rand() - 0.5); printf "\n" } }' >"$4"
}
make_table "$rows" "$cols" 1 "$work/in.csv"

cat >"$work/pandas_pipeline.py" <<'PY'
import sys
import pandas as pd
d = pd.read_csv(sys.argv[1])
out = pd.DataFrame({"date": d["date"]})
for c in d.columns[1:]:
    s = d[c]
    out[c] = s
    out[f"{c}_sma_100"] = s.rolling(100).mean()
    out[f"{c}_ema_corrected_0.9"] = s.ewm(alpha=0.1, adjust=True).mean()
out.to_csv(sys.argv[2], index=False, float_format="%.17g")
PY

for ((i = 0; i < reps; i++)); do # alternate, so both see the same machine load
  timed "$work/smooth.times" "$bin/smooth" --all-columns --sma 100 --ema-corrected 0.9 -o "$work/smooth.csv" "$work/in.csv"
  timed "$work/pandas.times" "$python" "$work/pandas_pipeline.py" "$work/in.csv" "$work/pandas.csv"
done
ts=$(median <"$work/smooth.times")
tp=$(median <"$work/pandas.times")
same_numbers "$work/smooth.csv" "$work/pandas.csv"

echo "input: $rows rows x $cols columns; $reps runs each, alternating; medians of wall time"
echo "  smooth --all-columns --sma 100 --ema-corrected 0.9 -o out.csv: ${ts} s"
echo "  pandas read_csv, rolling(100).mean() and ewm(alpha=0.1).mean() per column, to_csv: ${tp} s"
awk -v s="$ts" -v p="$tp" 'BEGIN { printf "  smooth is %.1fx faster\n", p / s }'

make_table 200000 100 2 "$work/wide.csv"
/usr/bin/time -f "%M" -o "$work/rss" "$bin/smooth" --all-columns --sma 100 --ema-corrected 0.9 -o "$work/wide.out" "$work/wide.csv" 2>/dev/null
echo "peak RSS of smooth on 200,000 rows x 100 columns (plotting off): $(($(cat "$work/rss") / 1024)) MiB"
