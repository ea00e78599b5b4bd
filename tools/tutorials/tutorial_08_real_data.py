#!/usr/bin/python3
"""Tutorial 8 in Python: Mauna Loa's weekly CO2, read with pandas, smoothed with smooth.

    PYTHONPATH=build/default/python python3 tools/tutorials/tutorial_08_real_data.py [--plot FILE.png]

The same lesson as tutorial_08_real_data (docs/tutorials/08-real-data.md): a 52-week SMA keeps
the trend and drops the yearly cycle, an EMA of the same mean age lags the trend as much but
lets the cycle through. Then where smooth and pandas part: on the CO2 record they agree to an
ulp; on a series that mixes scales pandas' running sum drifts and smooth's exact one does
not. Every number printed is checked here (the script fails if one stops being true). With
--plot and matplotlib installed it draws the trend figure; without, it prints only.
"""
import argparse
import fractions
import math
import pathlib
import random

import numpy as np
import pandas as pd

import smooth

here = pathlib.Path(__file__).resolve().parents[2]
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--data", default=str(here / "data" / "co2_mauna_loa_weekly.csv"))
parser.add_argument("--plot", help="write the trend figure here (needs matplotlib)")
args = parser.parse_args()

# 1. Read: pandas parses the dates; smooth takes the column as a numpy array
co2 = pd.read_csv(args.data, parse_dates=["date"], index_col="date")["co2"]
x = co2.to_numpy()
print(f"{len(x)} weeks, {co2.index[0]:%Y-%m-%d} to {co2.index[-1]:%Y-%m-%d}, {int(np.isnan(x).sum())} missing")

# 2. Smooth: the 52-week SMA (a window needs 40 weeks present) and the EMA of the same mean age
sma = smooth.sma(x, 52, min_periods=40)
ema = smooth.ewm_mean(x, span=52)


def share_falling(y):
    """The share of weeks in which a curve goes down (weeks with a value and one before it)."""
    d = np.diff(y)
    d = d[~np.isnan(d)]
    return (d < 0).mean()


falls = {name: share_falling(y) for name, y in [("record", x), ("52-week SMA", sma), ("EMA span=52", ema)]}
for name, share in falls.items():
    print(f"  {name:12s} falls in {100 * share:4.1f} % of its weeks")
assert falls["52-week SMA"] < 0.05 < 0.30 < falls["EMA span=52"] < falls["record"]
print("the SMA drops the yearly cycle; the EMA of the same mean age lets it through")

# the same numbers as pandas: rolling for the SMA, ewm for the EMA
pandas_sma = co2.rolling(52, min_periods=40).mean().to_numpy()
pandas_ema = co2.ewm(span=52).mean().to_numpy()
assert np.array_equal(np.isnan(sma), np.isnan(pandas_sma)) and np.array_equal(np.isnan(ema), np.isnan(pandas_ema))
ok = ~np.isnan(sma)
sma_ulps = np.abs(sma[ok] - pandas_sma[ok]) / np.spacing(np.abs(sma[ok]))
ema_ulps = np.abs(ema - pandas_ema)[~np.isnan(ema)]
print(f"against pandas {pd.__version__}: SMA within {sma_ulps.max():.0f} ulp, EMA equal in every week "
      f"(largest difference {ema_ulps.max():g})")
assert sma_ulps.max() <= 4 and ema_ulps.max() == 0

# 3. Where pandas drifts: a meter that logs 1e30 on overload, about 1 in use, 1e-30 at rest.
#    Each SMA here is the window's exact mean rounded once (Python's fractions say what that is);
#    pandas' running sum keeps what the big values rounded away and is far off once they have left.
rng = random.Random(4)
meter = [rng.choice([1e30, 1.0, 1e-30]) * rng.random() for _ in range(2000)]
exact = np.array([math.nan] * 9 + [float(sum(map(fractions.Fraction, meter[t - 9:t + 1])) / 10)
                                   for t in range(9, len(meter))])
ours = smooth.sma(meter, 10)
theirs = pd.Series(meter).rolling(10).mean().to_numpy()
assert np.array_equal(ours[9:], exact[9:])  # bit for bit
relative = np.abs(theirs[9:] - exact[9:]) / np.abs(exact[9:])
worst = 9 + int(np.argmax(relative))
print(f"mixed scales, window 10: smooth is the exact mean rounded once in all {len(meter) - 9} windows;")
print(f"  pandas is off by up to {relative.max():.1e} times the mean (row {worst}: "
      f"{theirs[worst]:.6g} where the mean is {exact[worst]:.6g})")
assert relative.max() > 1

if args.plot:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("no figure: matplotlib is not installed (Debian python3-matplotlib)")
    else:
        fig, ax = plt.subplots(figsize=(8.8, 4.4), dpi=100)
        ax.plot(co2.index, x, color="0.7", linewidth=0.8, label="weekly CO2")
        ax.plot(co2.index, sma, linewidth=1.6, label="52-week SMA (smooth.sma)")
        ax.plot(co2.index, ema, linewidth=1.2, label="EMA span=52 (smooth.ewm_mean)")
        ax.set_ylabel("CO2 (ppm)")
        ax.set_title("Mauna Loa: the SMA keeps the trend, the EMA lets the cycle through")
        ax.legend(loc="upper left")
        fig.tight_layout()
        fig.savefig(args.plot)
        print(f"figure: {args.plot}")
