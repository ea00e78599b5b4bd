#!/usr/bin/python3
"""smooth's Python module against pandas 1.5 and bottleneck, in one run, side by side.

    PYTHONPATH=build/default/python /usr/bin/python3 tests/benchmarks/python_bench.py [ROUNDS]

Data: a random walk of 1e7 float64 (a fresh seed: nothing repeats, no cache of a result helps),
the same array for every contender. Each round runs every contender once, in a new random
order (interleaved: a noisy neighbour slows all of them alike); the table shows medians over
the rounds and the ratios of the medians. Baselines and their flaws:
- pandas `Series(x).rolling(100).mean()`: a running sum that carries old roundings (it drifts);
  `Series(x).ewm(span=19).mean()`: the same arithmetic as smooth.ewm_mean; smooth.fast_ewm_mean
  does not do it (its own arithmetic, no division on the path: C++ fast_corrected_ema).
- bottleneck `move_mean(x, 100)`: a running sum as pandas' (it drifts; measured below, on the
  same data, against the exact mean: Python's fractions).
The per-call overhead is a 10-element array, timed over 100,000 calls (median of the rounds).
"""
import fractions
import random
import statistics
import sys
import time

import numpy as np
import pandas as pd

import smooth

try:
    import bottleneck
except ImportError:  # Debian python3-bottleneck; the row says it is missing
    bottleneck = None

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
n, window = 10_000_000, 100
x = np.cumsum(np.random.default_rng().normal(size=n))

contenders = {
    "smooth.sma(x, 100)": lambda: smooth.sma(x, window),
    "pandas rolling(100).mean()": lambda: pd.Series(x).rolling(window).mean().to_numpy(),
    "smooth.ewm_mean(x, span=19)": lambda: smooth.ewm_mean(x, span=19),
    "smooth.fast_ewm_mean(x, span=19)": lambda: smooth.fast_ewm_mean(x, span=19),
    "pandas ewm(span=19).mean()": lambda: pd.Series(x).ewm(span=19).mean().to_numpy(),
}
if bottleneck is not None:
    contenders["bottleneck move_mean(x, 100)"] = lambda: bottleneck.move_mean(x, window)
small = np.arange(10.0)
per_call = {
    "smooth.sma(10 values, 3)": lambda: smooth.sma(small, 3),
    "smooth.ewm_mean(10 values, span=3)": lambda: smooth.ewm_mean(small, span=3),
}

times = {name: [] for name in list(contenders) + list(per_call)}
results = {}
for _ in range(rounds):
    order = list(contenders.items())
    random.shuffle(order)
    for name, run in order:
        start = time.perf_counter()
        results[name] = run()
        times[name].append(time.perf_counter() - start)
    for name, run in per_call.items():
        start = time.perf_counter()
        for _ in range(100_000):
            run()
        times[name].append((time.perf_counter() - start) / 100_000)

median = {name: statistics.median(t) for name, t in times.items()}
print(f"{n:.0e} float64 (a random walk), {rounds} interleaved rounds, medians")
for name in contenders:
    print(f"  {name:32s} {median[name] * 1e3:8.1f} ms")
print("ratios (the target in brackets)")


def ratio(a, b, target):
    if a in median and b in median:
        print(f"  {b} / {a}: {median[b] / median[a]:.2f} ({target})")
    else:
        print(f"  {b} / {a}: not measured ({'bottleneck is not installed' if bottleneck is None else '?'})")


ratio("smooth.sma(x, 100)", "pandas rolling(100).mean()", ">= 3")
ratio("bottleneck move_mean(x, 100)", "smooth.sma(x, 100)", "<= 1.5")
ratio("smooth.ewm_mean(x, span=19)", "pandas ewm(span=19).mean()", ">= 3")
ratio("smooth.fast_ewm_mean(x, span=19)", "pandas ewm(span=19).mean()", ">= 3")
for name in per_call:
    print(f"  per call, {name}: {median[name] * 1e6:.2f} us (< 2)")

# How far each SMA is from the exact mean, on this data: the last 2000 windows, exactly
exact_rows = range(n - 2000, n)
frac = [fractions.Fraction(v) for v in x[n - 2000 - window + 1:]]
prefix = [fractions.Fraction(0)]
for v in frac:
    prefix.append(prefix[-1] + v)
print("error against the exact mean, last 2000 windows (in ulp of the mean: max, median)")
for name in ["smooth.sma(x, 100)", "pandas rolling(100).mean()", "bottleneck move_mean(x, 100)"]:
    if name not in results:
        continue
    errors = []
    for k, t in enumerate(exact_rows):
        exact = (prefix[k + window] - prefix[k]) / window
        got = results[name][t]
        errors.append(float(abs(fractions.Fraction(got) - exact)) / float(np.spacing(abs(got))))
    print(f"  {name:32s} {max(errors):12.1f} {statistics.median(errors):10.2f}")
ewm_ulps = np.abs(results["smooth.ewm_mean(x, span=19)"] - results["pandas ewm(span=19).mean()"]) / np.spacing(
    np.abs(results["pandas ewm(span=19).mean()"]))
print(f"smooth.ewm_mean against pandas' ewm, every row: max {ewm_ulps.max():.0f} ulp")
fast = results["smooth.fast_ewm_mean(x, span=19)"]
scale = pd.Series(np.abs(x)).ewm(span=19).mean().to_numpy()
fast_apart = np.abs(fast - results["pandas ewm(span=19).mean()"]) / np.spacing(scale)
print(f"smooth.fast_ewm_mean against pandas' ewm, every row: max {fast_apart.max():.1f} ulp of the EMA of |x| "
      "(both are off the exact value: tests/python/test_smooth.py)")
print(f"versions: numpy {np.__version__}, pandas {pd.__version__}, "
      f"bottleneck {bottleneck.__version__ if bottleneck else 'absent'}, python {sys.version.split()[0]}")
