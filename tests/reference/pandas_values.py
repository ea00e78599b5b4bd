#!/usr/bin/python3
"""The single pandas values the tests quote (tests/REFERENCES.md lists each with this call).
Run by hand with Debian's python3-pandas 1.5.3:  /usr/bin/python3 tests/reference/pandas_values.py"""
import numpy as np
import pandas as pd

nan = np.nan
print("pandas", pd.__version__)
def show(label, s):
    print(label, "->", [repr(v) for v in s])

show("Series([1, 2] + [nan]*60).ewm(alpha=0.5, adjust=True, ignore_na=False).mean() last",
     [pd.Series([1.0, 2.0] + [nan] * 60).ewm(alpha=0.5).mean().iloc[-1]])
show("Series([1, nan, 2, nan]).ewm(alpha=1).mean()", pd.Series([1, nan, 2, nan]).ewm(alpha=1).mean())
for spec in ({"alpha": 1e-9}, {"span": 1e6}, {"halflife": 1e7}):
    show(f"Series([1, 2]).ewm({spec}).mean()", pd.Series([1.0, 2.0]).ewm(**spec).mean())
show("Series([0, 1, nan, 2, 4, 5]).ewm(com=0.5, min_periods=3).mean()",
     pd.Series([0, 1, nan, 2, 4, 5.0]).ewm(com=0.5, min_periods=3).mean())
show("Series([0, 1, nan, 2, 4, 5]).ewm(com=0.5, min_periods=3, adjust=False).mean()",
     pd.Series([0, 1, nan, 2, 4, 5.0]).ewm(com=0.5, min_periods=3, adjust=False).mean())
show("Series([1, nan, 2, 3, 4, 5]).rolling(2).mean()", pd.Series([1, nan, 2, 3, 4, 5.0]).rolling(2).mean())
show("Series([1, nan, 2, 3, 4, 5]).rolling(2, min_periods=1).mean()",
     pd.Series([1, nan, 2, 3, 4, 5.0]).rolling(2, min_periods=1).mean())
show("Series([1, inf, 2, 3, 4, 5]).rolling(2).mean()", pd.Series([1, np.inf, 2, 3, 4, 5.0]).rolling(2).mean())
# the first round's golden rows
show("Series([1, 2, 3]).ewm(alpha=0.5, adjust=True).mean()", pd.Series([1, 2, 3.0]).ewm(alpha=0.5).mean())
show("Series([1, 2, 3]).ewm(alpha=0.5, adjust=False).mean()", pd.Series([1, 2, 3.0]).ewm(alpha=0.5, adjust=False).mean())
for adjust in (True, False):
    for ignore_na in (False, True):
        show(f"Series([0, 1, 2, nan, 4]).ewm(com=0.5, adjust={adjust}, ignore_na={ignore_na}).mean()",
             pd.Series([0, 1, 2, nan, 4.0]).ewm(com=0.5, adjust=adjust, ignore_na=ignore_na).mean())
show("Series([1/3, 4, 0, 0, 0, 0, 0]).rolling(3).mean()", pd.Series([1 / 3, 4, 0, 0, 0, 0, 0.0]).rolling(3).mean())
show("Series([1e17] + [1]*6).rolling(4).mean()", pd.Series([1e17] + [1.0] * 6).rolling(4).mean())
# P12: duplicate header names, as read_csv renames them
import io
print("P12 read_csv(io.StringIO('x,x,x.1,x\\n1,2,3,4\\n')).columns:",
      list(pd.read_csv(io.StringIO("x,x,x.1,x\n1,2,3,4\n")).columns))
# P13: alpha 1 after an infinity (pandas' window functions read inf as missing)
print("P13 Series([1, inf, 2, 3]).ewm(alpha=1).mean():", pd.Series([1, np.inf, 2, 3.0]).ewm(alpha=1).mean().tolist())
# P14: an infinity in rolling is read as missing
print("P14 rolling(2):", pd.Series([1, np.inf, 2, 3, 4, 5.0]).rolling(2).mean().tolist(),
      "min_periods=1:", pd.Series([1, np.inf, 2, 3, 4, 5.0]).rolling(2, min_periods=1).mean().tolist())
# P15: the EMA tutorial's textbook snippet
print("P15 Series([3, 1, 4, 1, 5]).ewm(alpha=0.1).mean()[-1]:", repr(pd.Series([3, 1, 4, 1, 5.0]).ewm(alpha=0.1).mean().iloc[-1]))
