#!/usr/bin/python3
"""Issue 24's speed targets in one run, side by side: each ratio, its target, met or not.

    tests/benchmarks/issue24_targets.py [BUILD_DIR] [REPETITIONS]

Runs build/default/tests/benchmarks/smooth_bench once over every benchmark the targets name,
with interleaved repetitions (a noisy neighbour slows all of them alike), and divides the
medians. Baselines and their flaws: the plain ring and running sum drifts (it is the floor any
O(1) rolling mean starts from, not a peer); the fused loops are the same updates written by hand
with the options known to the compiler. The CLI's targets are smooth_two_cores.sh's.
After the targets it prints floors that are not targets: dd_floor, sma_stream's arithmetic
with none of its checks (wrong on ties, powers of two, a rounding in the low part and
non-finite values: the least a double-double design does), against the ring; the push alone
(BM_sma/W: every value pushed through the Boost feature, one read a block, N(0,1)) against
the ring's push and read; and the two-lane
batch's rounding pass alone (four means at a time with AVX2, the batch's path on a processor
without AVX-512; with it, eight lanes round their means in the sums' own pass) against the ring
batch; and the stream and the batch on data near 2^+-1000 (kind 3, means beyond the margins'
range, read on the sum scaled by a power of two) against the same form on the random walk.
"""
import json
import statistics
import subprocess
import sys

build = sys.argv[1] if len(sys.argv) > 1 else "build/default"
reps = sys.argv[2] if len(sys.argv) > 2 else "5"
pattern = ("BM_(sma/(10|100|100000)$|sma_push_read|ring_push_read|dd_floor_push_read|sma_batch_of|sma_rounding_pass_of|ring_batch_of|ema_corrected_stream|ema_corrected_batch|"
           "fast_corrected_ema|corrected_plain_loop|(pytorch_sgd|momentum|classic_momentum|gradient_descent)_"
           "(step|plain_loop)/)")
run = subprocess.run([f"{build}/tests/benchmarks/smooth_bench", f"--benchmark_filter={pattern}",
                      f"--benchmark_repetitions={reps}", "--benchmark_enable_random_interleaving=true",
                      "--benchmark_format=json"], check=True, capture_output=True, text=True)
runs = {}
for b in json.loads(run.stdout)["benchmarks"]:
    if b.get("run_type") != "iteration":
        continue
    per_item = 1e9 / b["items_per_second"] if "items_per_second" in b else b["real_time"]
    runs.setdefault(b["run_name"], []).append(per_item)
median = {name: statistics.median(v) for name, v in runs.items()}

rows = []


def ratio(what, a, b, target):
    if a not in median or b not in median:
        rows.append((what, "not measured", "", "", target, "?"))
        return
    r = median[a] / median[b]
    # the spread: the lowest and highest ratio any repetition of one over any of the other gives
    low, high = min(runs[a]) / max(runs[b]), max(runs[a]) / min(runs[b])
    rows.append((what, f"{median[a]:.3g} / {median[b]:.3g}", f"{r:.2f}", f"{low:.2f}-{high:.2f}", f"<= {target}",
                 "met" if r <= target else "NOT met"))


kinds = {0: "N(0,1)", 1: "random walk", 2: "1e15/1e-3 mix"}
for w in (10, 100, 100000):
    for k in (0, 1, 2):
        ratio(f"SMA push+read / ring, {kinds[k]}, W={w}", f"BM_sma_push_read/{k}/{w}", f"BM_ring_push_read/{k}/{w}",
              2.5)
    ratio(f"SMA push+read, mix / walk, W={w}", f"BM_sma_push_read/2/{w}", f"BM_sma_push_read/1/{w}", 2.0)
    for k in (1, 2):
        ratio(f"SMA batch / ring batch, {kinds[k]}, W={w}", f"BM_sma_batch_of/{k}/{w}", f"BM_ring_batch_of/{k}/{w}", 1.3)
for span in (19, 2000000000):
    ratio(f"corrected EMA batch / stream, span {span}", f"BM_ema_corrected_batch/{span}", f"BM_ema_corrected_stream/{span}",
          1.0)
    ratio(f"fast_corrected_ema / plain V/W loop, span {span}", f"BM_fast_corrected_ema/{span}",
          f"BM_corrected_plain_loop/{span}", 1.2)
for opt in ("pytorch_sgd", "momentum", "classic_momentum", "gradient_descent"):
    for n in (1000, 1000000, 10000000):
        ratio(f"{opt} step / fused loop, n={n}", f"BM_{opt}_step/{n}", f"BM_{opt}_plain_loop/{n}", 1.1)

# not targets: the floor under sma_stream's design (dd_floor: its arithmetic without a check,
# not correct) against the ring, and sma_stream against that floor
floor_rows = []
for w in (10, 100, 100000):
    for k in (0, 1, 2):
        f, r, m = (median.get(f"BM_{b}_push_read/{k}/{w}") for b in ("dd_floor", "ring", "sma"))
        if f and r and m:
            floor_rows.append(f"  {kinds[k]}, W={w}: dd_floor {f:.3g} ns = {f / r:.2f} x the ring; "
                              f"sma_stream {m / f:.2f} x dd_floor")

for w in (10, 100, 100000):
    p, r = median.get(f"BM_sma/{w}"), median.get(f"BM_ring_push_read/0/{w}")
    if p and r:
        floor_rows.append(f"  push alone, N(0,1), W={w}: {p:.3g} ns = {p / r:.2f} x the ring's push and read")

for w in (10, 100, 100000):
    for k in (1, 2):
        p, r = median.get(f"BM_sma_rounding_pass_of/{k}/{w}"), median.get(f"BM_ring_batch_of/{k}/{w}")
        if p and r:
            floor_rows.append(f"  two-lane batch, {kinds[k]}, W={w}: its rounding pass alone {p:.3g} ns = {p / r:.2f} x the ring batch")

# not targets: data near the range's ends (smooth_bench's kind 3: 2^1000, 2^940, 2^-1000 and 0
# in turn), against the same form on the random walk
for w in (10, 100):
    for form in ("push_read", "batch_of"):
        e, k = median.get(f"BM_sma_{form}/3/{w}"), median.get(f"BM_sma_{form}/1/{w}")
        if e and k:
            floor_rows.append(f"  near 2^+-1000, {form.replace('_', ' ')}, W={w}: {e:.3g} ns = {e / k:.1f} x the random walk's")

print(f"smooth_bench, medians of {reps} interleaved repetitions (ns a sample or a step); the ratio of the")
print("medians, then its spread (the lowest and highest ratio of any two repetitions: where it straddles")
print("the target, the run cannot tell met from not met)")
width = max(len(r[0]) for r in rows)
for what, times, r, spread, target, verdict in rows:
    print(f"  {what:{width}s}  {times:>22s}  {r:>6s}  {spread:>11s}  {target:>7s}  {verdict}")
met = sum(1 for r in rows if r[5] == "met")
print(f"{met} of {len(rows)} targets met")
if floor_rows:
    print("the floor under the SMA's design (dd_floor: the double-double sum and the margin read with no check or exact form), and the SMA near the range's ends")
    print("\n".join(floor_rows))
