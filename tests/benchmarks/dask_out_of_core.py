#!/usr/bin/python3
"""smooth.dask.sma on a directory of CSV files, out of core: peak memory against the data's size.

    MALLOC_MMAP_THRESHOLD_=131072 PYTHONPATH=build/default/python \\
        /usr/bin/python3 tests/benchmarks/dask_out_of_core.py FILES [DIR]

Writes FILES CSV files of a million rows each (a random walk, %.17g) into DIR (default: a
temporary directory), smooths them with smooth.dask.sma(s, 100) on dask's threaded scheduler
(2 workers), writes the result as CSV files, prints the time and the peak RSS (and the RSS after
the imports), then checks the result against smooth.sma on the whole series, bit for bit.
Run it with two sizes: a peak that does not grow with FILES is memory bounded by the
partitions in flight, not by the data. glibc's malloc raises its mmap threshold after large
frees, so freed partitions may stay in the heap; MALLOC_MMAP_THRESHOLD_ fixes the threshold,
and the run without it is worth a look too.
"""
import os
import resource
import sys
import tempfile
import time

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd

import smooth

files = int(sys.argv[1]) if len(sys.argv) > 1 else 20
root = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp()
os.makedirs(f"{root}/sensor", exist_ok=True)
rng = np.random.default_rng(5)
level = 0.0
for k in range(files):
    x = level + np.cumsum(rng.normal(size=1_000_000))
    level = x[-1]
    pd.DataFrame({"x": x}).to_csv(f"{root}/sensor/part-{k:03d}.csv", index=False, float_format="%.17g")
del x

base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
start = time.perf_counter()
s = dd.read_csv(f"{root}/sensor/*.csv", usecols=["x"])["x"]
out = smooth.dask.sma(s, 100).to_frame("sma_100")
with dask.config.set(scheduler="threads", num_workers=2):
    out.to_csv(f"{root}/sma/part-*.csv", index=False)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{files} files, {s.npartitions} partitions, {elapsed:.1f} s, peak RSS {peak:.0f} MiB "
      f"({base:.0f} MiB before the files were read)")
names = sorted(os.listdir(f"{root}/sensor"))
x = pd.concat(pd.read_csv(f"{root}/sensor/{n}")["x"] for n in names).to_numpy()
outs = sorted(os.listdir(f"{root}/sma"), key=lambda n: int(n.split("-")[1].split(".")[0]))
got = pd.concat(pd.read_csv(f"{root}/sma/{n}", float_precision="round_trip")["sma_100"] for n in outs).to_numpy()
print(f"the data as doubles: {x.nbytes / 2**20:.0f} MiB; equal to smooth.sma in memory, bit for bit:",
      np.array_equal(got, smooth.sma(x, 100), equal_nan=True))
