#!/usr/bin/python3
"""smooth.dask.sma on a directory of CSV files, out of core: peak memory against the data's size.

    MALLOC_MMAP_THRESHOLD_=131072 PYTHONPATH=build/default/python \\
        /usr/bin/python3 tests/benchmarks/dask_out_of_core.py FILES [DIR] [--rows N]
        [--generator build/default/tests/benchmarks/random_walk_csv] [--sink csv|npy] [--keep]

Writes FILES CSV files of N rows each (default a million; one random walk, continued from file
to file) into DIR (default: a temporary directory, removed at the end unless --keep), smooths
them with smooth.dask.sma(s, 100) on dask's threaded scheduler (2 workers) and writes the result
(--sink csv: dask's to_csv; npy: each partition as a .npy file, for runs where to_csv's
formatting would take most of the time). Prints the time and the peak RSS (and the RSS after the
imports), then checks every row of the result against smooth.sma, bit for bit, a file at a time:
each file's rows, behind the previous file's last 99, smoothed in memory. The check holds one
file at a time, so it also runs on a series bigger than memory.

--generator: random_walk_csv (built beside smooth_bench) writes the files at the disk's speed;
without it numpy and pandas write them (about 50 s per 20 million rows).

Run it with two sizes: a peak that does not grow with FILES is memory bounded by the
partitions in flight, not by the data. glibc's malloc raises its mmap threshold after large
frees, so freed partitions may stay in the heap; MALLOC_MMAP_THRESHOLD_ fixes the threshold,
and the run without it is worth a look too.
"""
import argparse
import os
import resource
import shutil
import subprocess
import tempfile
import time

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd

import smooth

parser = argparse.ArgumentParser()
parser.add_argument("files", type=int, nargs="?", default=20)
parser.add_argument("dir", nargs="?")
parser.add_argument("--rows", type=int, default=1_000_000)
parser.add_argument("--generator")
parser.add_argument("--sink", choices=["csv", "npy"], default="csv")
parser.add_argument("--keep", action="store_true")
args = parser.parse_args()
root = args.dir or tempfile.mkdtemp()
window = 100

os.makedirs(f"{root}/sensor", exist_ok=True)
start = time.perf_counter()
if args.generator:
    subprocess.run([args.generator, f"{root}/sensor", str(args.files), str(args.rows)], check=True)
else:
    rng = np.random.default_rng(5)
    level = 0.0
    for k in range(args.files):
        x = level + np.cumsum(rng.normal(size=args.rows))
        level = x[-1]
        pd.DataFrame({"x": x}).to_csv(f"{root}/sensor/part-{k:05d}.csv", index=False, float_format="%.17g")
    del x
written = time.perf_counter() - start
names = sorted(os.listdir(f"{root}/sensor"))
text_bytes = sum(os.path.getsize(f"{root}/sensor/{n}") for n in names)

base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
start = time.perf_counter()
s = dd.read_csv(f"{root}/sensor/*.csv", usecols=["x"])["x"]
out = smooth.dask.sma(s, window)
summarized = time.perf_counter() - start
with dask.config.set(scheduler="threads", num_workers=2):
    if args.sink == "csv":
        out.to_frame(f"sma_{window}").to_csv(f"{root}/sma/part-*.csv", index=False)
    else:
        os.makedirs(f"{root}/sma", exist_ok=True)

        def save(part, k):
            np.save(f"{root}/sma/part-{k:05d}.npy", part.to_numpy())
            return len(part)

        dask.compute(*[dask.delayed(save)(p, k) for k, p in enumerate(out.to_delayed())])
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
rows = args.files * args.rows
print(f"{args.files} files of {args.rows:,} rows ({rows:,} rows, {text_bytes / 1e9:.1f} GB of CSV, "
      f"{rows * 8 / 2**30:.2f} GiB as doubles), written in {written:.0f} s")
print(f"{s.npartitions} partitions; smooth.dask.sma(s, {window}) and the {args.sink} files: {elapsed:.0f} s "
      f"(the summaries' pass {summarized:.0f} s); peak RSS {peak:.0f} MiB ({base:.0f} MiB before the files were read)")


def outputs():
    """The result's rows in order, a part file at a time."""
    parts = sorted(os.listdir(f"{root}/sma"), key=lambda n: int(n.split("-")[1].split(".")[0]))
    for n in parts:
        if args.sink == "csv":
            yield pd.read_csv(f"{root}/sma/{n}", float_precision="round_trip")[f"sma_{window}"].to_numpy()
        else:
            yield np.load(f"{root}/sma/{n}")


start = time.perf_counter()
stream = outputs()
pending = np.empty(0)
tail = np.empty(0)
same = True
checked = 0
for n in names:
    x = pd.read_csv(f"{root}/sensor/{n}", usecols=["x"])["x"].to_numpy()
    want = smooth.sma(np.concatenate([tail, x]), window)[len(tail):]
    while len(pending) < len(x):
        pending = np.concatenate([pending, next(stream)])
    got, pending = pending[: len(x)], pending[len(x):]
    same = same and np.array_equal(got, want, equal_nan=True)
    checked += len(x)
    tail = x[-(window - 1):]
same = same and len(pending) == 0 and next(stream, None) is None
print(f"every row ({checked:,}) equal to smooth.sma, bit for bit, a file at a time: {same} "
      f"(checked in {time.perf_counter() - start:.0f} s)")
if not args.keep and not args.dir:
    shutil.rmtree(root)
raise SystemExit(0 if same else 1)
