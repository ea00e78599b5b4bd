# What the pandas comparison scripts share (sourced, not run): timing one command into a
# file of wall times, the median of such a file, and checking that two CSVs hold the same
# numbers. Needs Debian's python3-pandas and time.
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
