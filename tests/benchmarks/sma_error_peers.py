#!/usr/bin/python3
"""How far each peer's simple moving average is from the exact mean, on the same data.

    PYTHONPATH=build/default/python /usr/bin/python3 tests/benchmarks/sma_error_peers.py [BUILD]

BUILD (default build/default) holds boost_rolling_mean_dump. Two series of 1e6 values, window
100, drawn afresh each run:
- a random walk (prices, levels: values of one size that wander);
- a level of 1e8 for the first half, then N(0, 1) around 0 (a level that leaves: a running sum
  keeps the roundings of the big values).
Peers: smooth.sma; pandas 1.5 rolling(100).mean(); bottleneck move_mean; R data.table 1.14
frollmean, algo "fast" (its default) and "exact"; Boost.Accumulators rolling_mean. Each is
compared, over the last 2,000 windows, with the exact mean (Python's fractions), in ulp of the
exact mean: the largest and the median error. A peer that is not installed is named as such.
Not run by ctest (a measurement of peers, not a test of smooth; the tests hold smooth to the
exact mean on every window).
"""
import fractions
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd

import smooth

build = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "build/default")
n, window, checked = 1_000_000, 100, 2000
rng = np.random.default_rng()
series = {
    "random walk": np.cumsum(rng.normal(size=n)),
    "1e8 level, then N(0, 1)": np.concatenate([1e8 + rng.normal(size=n // 2), rng.normal(size=n - n // 2)]),
}


def boost(x):
    dump = build / "tests/benchmarks/boost_rolling_mean_dump"
    if not dump.exists():
        return None
    out = subprocess.run([str(dump), str(window)], input=x.tobytes(), capture_output=True, check=True).stdout
    return np.frombuffer(out, dtype=np.float64)


def data_table(x, algo):
    if shutil.which("Rscript") is None:
        return None
    with tempfile.TemporaryDirectory() as d:
        src, dst = os.path.join(d, "x.bin"), os.path.join(d, "m.bin")
        x.tofile(src)
        code = (f'suppressMessages(library(data.table)); x <- readBin("{src}", "double", {len(x)}); '
                f'writeBin(frollmean(x, {window}, algo = "{algo}"), "{dst}")')
        if subprocess.run(["Rscript", "-e", code], capture_output=True).returncode != 0:
            return None
        return np.fromfile(dst, dtype=np.float64)


def bottleneck_mean(x):
    try:
        import bottleneck
    except ImportError:
        return None
    return bottleneck.move_mean(x, window)


peers = {
    "smooth.sma": lambda x: smooth.sma(x, window),
    "pandas rolling().mean()": lambda x: pd.Series(x).rolling(window).mean().to_numpy(),
    "bottleneck move_mean": bottleneck_mean,
    'data.table frollmean "fast"': lambda x: data_table(x, "fast"),
    'data.table frollmean "exact"': lambda x: data_table(x, "exact"),
    "Boost rolling_mean": boost,
}

print(f"window {window}, the last {checked} of {n:,} windows; error in ulp of the exact mean: largest, median")
for name, x in series.items():
    values = [fractions.Fraction(v) for v in x[n - checked - window + 1:]]
    prefix = [fractions.Fraction(0)]
    for v in values:
        prefix.append(prefix[-1] + v)
    exact = [(prefix[k + window] - prefix[k]) / window for k in range(checked)]
    print(name)
    for peer, run in peers.items():
        got = run(x)
        if got is None:
            print(f"  {peer:30s} not installed")
            continue
        errors = []
        for k, e in enumerate(exact):
            g = got[n - checked + k]
            errors.append(float(abs(fractions.Fraction(g) - e)) / float(np.spacing(abs(float(e)))))
        print(f"  {peer:30s} {max(errors):14.2f} {statistics.median(errors):10.2f}")
print(f"versions: numpy {np.__version__}, pandas {pd.__version__}, python {sys.version.split()[0]}")
