# What the benchmark scripts share (sourced, not run): timing one command into a file of
# wall times, the median of such a file, checking that two CSVs hold the same numbers (needs
# Debian's python3-pandas), and a side-by-side table of two builds' medians.
python=/usr/bin/python3 # Debian's, where python3-pandas lives

# timed FILE COMMAND...: runs COMMAND (its stderr dropped), appends its wall time to FILE
timed() {
  local file=$1
  shift
  /usr/bin/time -f "%e" -a -o "$file" "$@" 2>/dev/null
}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# same_numbers A.csv B.csv: same columns, same missing values; the largest relative
# difference per column (or over all columns when there are many)
same_numbers() {
  "$python" - "$1" "$2" <<'PY'
import sys
import numpy as np
import pandas as pd
a = pd.read_csv(sys.argv[1])
b = pd.read_csv(sys.argv[2])
assert list(a.columns) == list(b.columns), (list(a.columns), list(b.columns))
worst = {}
for c in a.columns[1:]:
    x, y = a[c].to_numpy(), b[c].to_numpy()
    assert (np.isnan(x) == np.isnan(y)).all(), c
    m = ~np.isnan(x)
    worst[c] = np.max(np.abs(x[m] - y[m]) / np.abs(y[m]))
if len(worst) <= 5:
    for c, w in worst.items():
        print(f"  column {c}: largest relative difference {w:.3g}")
else:
    print(f"  same columns and missing values; largest relative difference over all columns {max(worst.values()):.3g}")
PY
}

# per_sample SIDE: reads Google Benchmark's CSV (name,iterations,real_time,cpu_time,time_unit,
# bytes_per_second,items_per_second,...) and prints "SIDE NAME NS" for each run, NS the time
# per item
per_sample() {
  awk -F, -v side="$1" '$1 ~ /^"BM_/ { gsub(/"/, "", $1); print side, $1, 1e9 / $7 }'
}

# side_by_side FILE A B: FILE holds lines "SIDE NAME NS" from runs of two builds; prints, per
# NAME in first-seen order, the median ns of side A, of side B, and B / A. A NAME that side A
# lacks is set against A's NAME with `instead_of` replaced by `use` (awk -v, optional).
side_by_side() {
  awk -v A="$2" -v B="$3" -v instead_of="${4:-}" -v use="${5:-}" '
    { t[$1 " " $2] = t[$1 " " $2] " " $3; if (!($2 in order)) { order[$2] = ++n; keys[n] = $2 } }
    function median(list,   a, m, i, j, x) {
      m = split(list, a, " ")
      for (i = 2; i <= m; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
      return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
    }
    END {
      printf "%-30s %9s %9s %9s\n", "benchmark", A, B, B "/" A
      for (i = 1; i <= n; i++) {
        k = keys[i]; ka = k
        if (!((A " " k) in t) && instead_of != "") sub(instead_of, use, ka)
        if (!((A " " ka) in t) || !((B " " k) in t)) continue
        a = median(t[A " " ka]); b = median(t[B " " k])
        printf "%-30s %9.3f %9.3f %9.2f%s\n", k, a, b, b / a, ka == k ? "" : "  (" A ": " ka ")"
      }
    }' "$1"
}