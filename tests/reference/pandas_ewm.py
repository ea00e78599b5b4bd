#!/usr/bin/python3
"""Writes tests/data/pandas_ewm_{noisy,constant}.csv: series with runs of NaN at the start, middle and end,
and pandas' ewm(...).mean() over them for the four spellings of the decay, adjust True and
False, ignore_na True and False. The test (tests/test_ema.cpp) reads the series, runs the
library and compares with these columns to 4 ulp. Not part of the build: run by hand with
Debian's python3-pandas (1.5.3) and commit the output.

    /usr/bin/python3 tests/reference/pandas_ewm.py noisy > tests/data/pandas_ewm_noisy.csv
    /usr/bin/python3 tests/reference/pandas_ewm.py constant > tests/data/pandas_ewm_constant.csv
"""
import sys

import numpy as np
import pandas as pd

rng = np.random.default_rng(20261125)
n = 400
x = 50 + 10 * rng.standard_normal(n)
x[:5] = np.nan          # a run at the start
x[150:170] = np.nan     # twenty in the middle
x[260:263] = np.nan
x[-7:] = np.nan         # and at the end
constant = np.full(1500, 0.1)
constant[700:740] = np.nan

cases = {
    "noisy": (x, [("alpha", 0.62), ("span", 7.5), ("com", 3.3), ("halflife", 2.7), ("alpha", 0.001)]),
    "constant": (constant, [("alpha", 0.001), ("span", 1999.0)]),
}
which = sys.argv[1]
data, specs = cases[which]
s = pd.Series(data)
columns = {}
for key, value in specs:
    for adjust in (True, False):
        for ignore_na in (True, False):
            columns[f"{key}={value!r} adjust={adjust} ignore_na={ignore_na}"] = (
                s.ewm(**{key: value}, adjust=adjust, ignore_na=ignore_na).mean())
out = sys.stdout
out.write(f"# pandas {pd.__version__}, numpy {np.__version__}: tests/reference/pandas_ewm.py {which}\n")
out.write("x," + ",".join(columns) + "\n")
for i in range(len(s)):
    out.write(repr(s[i]) + "," + ",".join(repr(c[i]) for c in columns.values()) + "\n")
