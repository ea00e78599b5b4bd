"""The Python module against exact arithmetic (fractions), pandas 1.5 and R's TTR.

Run by ctest (the `python` test) with the module on PYTHONPATH; the golden numbers' sources are
named in tests/REFERENCES.md ([P..], [R1], [R2]).
"""
import decimal
import fractions
import math
import os
import random
import sys
import threading
import time
import tracemalloc

import numpy as np
import pandas as pd
import pytest

import smooth


def adversarial(kind, n, seed):
    """The families the C++ oracle uses (tests/test_sma.cpp): sums that round, cancel, overflow."""
    rng = random.Random(seed)
    if kind == "1e15 and 1e-3":
        return [1e15 * (1 + rng.random()) if (i // 50) % 2 == 0 or rng.random() < 0.3 else 1e-3 * rng.random()
                for i in range(n)]
    if kind == "1e-300 to 1e300":
        return [rng.choice([-1, 1]) * 10.0 ** rng.uniform(-300, 300) for _ in range(n)]
    if kind == "subnormals":
        return [rng.randint(-9, 9) * 5e-324 for _ in range(n)]
    if kind == "alternating huge signs":
        return [(1 if i % 2 else -1) * 1e308 * rng.random() for i in range(n)]
    if kind == "cancelling ramps":
        return [(i % 7) * 1e16 - (i % 5) * 1e16 + rng.random() for i in range(n)]
    raise ValueError(kind)


def exact_means(xs, window):
    """Each window's exact mean rounded once (Python's int / int is correctly rounded)."""
    out = []
    for t in range(len(xs)):
        if t + 1 < window:
            out.append(math.nan)
            continue
        mean = sum(fractions.Fraction(v) for v in xs[t + 1 - window:t + 1]) / window
        try:
            out.append(mean.numerator / mean.denominator)
        except OverflowError:  # the mean itself past the range
            out.append(math.copysign(math.inf, mean))
    return out


@pytest.mark.parametrize("kind", ["1e15 and 1e-3", "1e-300 to 1e300", "subnormals", "alternating huge signs",
                                  "cancelling ramps"])
@pytest.mark.parametrize("window", [3, 20, 100])
def test_sma_is_the_exact_mean_rounded_once(kind, window):
    xs = adversarial(kind, 2000, window)
    got = smooth.sma(xs, window)
    want = exact_means(xs, window)
    for t, (g, w) in enumerate(zip(got, want)):
        if math.isnan(w):
            assert math.isnan(g), t
        else:
            assert g == w, (t, g, w)


def test_the_exact_mean_is_not_fsum_divided():
    # fsum(window) / 3 rounds twice: [1 + 2^-52, 2^-53, 0] sums to 1 + 3 2^-53, a tie that
    # fsum rounds up to 1 + 2^-51; a third of that rounds up again
    xs = [1 + 2 ** -52, 2 ** -53, 0.0]
    exact = fractions.Fraction(1) + fractions.Fraction(3, 2 ** 53)
    assert smooth.sma(xs, 3)[2] == float(exact / 3) == float.fromhex("0x1.5555555555557p-2")
    assert math.fsum(xs) / 3 == float.fromhex("0x1.5555555555558p-2")


def test_sma_where_pandas_drifts():
    # [P4]: pandas' running sum keeps 1/3's rounding; the exact mean of [1/3, 4, 0] is 13/9
    xs = [1 / 3, 4, 0, 0, 0, 0, 0]
    assert smooth.sma(xs, 3)[2] == float(sum(map(fractions.Fraction, xs[:3])) / 3) == 1.4444444444444444
    assert pd.Series(xs).rolling(3).mean().iloc[2] == 1.4444444444444446  # pandas 1.5.3, one ulp above


def test_sma_nan_rows_and_min_periods_as_pandas():
    rng = np.random.default_rng(3)
    x = rng.normal(size=500)
    x[[0, 1, 50, 51, 52, 200, 499]] = np.nan
    for window, min_periods in [(5, None), (5, 1), (5, 3), (30, 10)]:
        got = smooth.sma(x, window, min_periods)
        want = pd.Series(x).rolling(window, min_periods=min_periods).mean().to_numpy()
        assert np.array_equal(np.isnan(got), np.isnan(want))
        np.testing.assert_allclose(got, want, rtol=1e-12, equal_nan=True)


SPELLINGS = [{"alpha": 0.1}, {"alpha": 0.3}, {"span": 19}, {"com": 0.5}, {"halflife": 7.5}]


@pytest.mark.parametrize("spelling", SPELLINGS, ids=lambda s: "%s=%s" % next(iter(s.items())))
@pytest.mark.parametrize("adjust", [True, False])
@pytest.mark.parametrize("ignore_na", [False, True])
@pytest.mark.parametrize("min_periods", [0, 3])
def test_ewm_mean_is_pandas(spelling, adjust, ignore_na, min_periods):
    rng = np.random.default_rng(7)
    x = rng.normal(10, 3, size=2000)
    x[:3] = np.nan        # a run at the start
    x[500:540] = np.nan   # in the middle
    x[-5:] = np.nan       # at the end
    got = smooth.ewm_mean(x, adjust=adjust, ignore_na=ignore_na, min_periods=min_periods, **spelling)
    want = pd.Series(x).ewm(adjust=adjust, ignore_na=ignore_na, min_periods=min_periods, **spelling).mean().to_numpy()
    assert np.array_equal(np.isnan(got), np.isnan(want))
    ok = ~np.isnan(want)
    ulps = np.abs(got[ok] - want[ok]) / np.spacing(np.abs(want[ok]))
    assert ulps.max() <= 4, ulps.max()


@pytest.mark.parametrize("adjust", [True, False])
@pytest.mark.parametrize("ignore_na", [False, True])
def test_ewm_mean_on_a_long_array_is_pandas_in_every_row(adjust, ignore_na):
    # 300,000 values: long enough for the C++ batch to run sixteen stretches at once
    # (detail/ewm_lanes.hpp), across a run of NaN too; still pandas' numbers in every row
    rng = np.random.default_rng(8)
    x = np.cumsum(rng.normal(0, 1, size=300_000))
    x[150_000:150_010] = np.nan
    got = smooth.ewm_mean(x, span=19, adjust=adjust, ignore_na=ignore_na)
    want = pd.Series(x).ewm(span=19, adjust=adjust, ignore_na=ignore_na).mean().to_numpy()
    assert np.array_equal(got, want, equal_nan=True)


@pytest.mark.parametrize("spelling", SPELLINGS + [{"span": 1999}], ids=lambda s: "%s=%s" % next(iter(s.items())))
@pytest.mark.parametrize("ignore_na", [False, True])
@pytest.mark.parametrize("data", ["walk", "level"])
def test_fast_ewm_mean_is_as_close_as_pandas(spelling, ignore_na, data):
    # The fast form against pandas and against the exact value (decimal at 50 digits, on the
    # double beta pandas and smooth both decay by): at most pandas' own error plus 4, in ulp of
    # the size of the data (the EMA of |x|); NaN exactly where pandas has NaN.
    rng = np.random.default_rng(11)
    n = 3000
    x = np.cumsum(rng.normal(0, 1, size=n)) if data == "walk" else rng.normal(50, 10, size=n)
    x[:3] = np.nan
    x[500:540] = np.nan
    x[-5:] = np.nan
    got = smooth.fast_ewm_mean(x, ignore_na=ignore_na, min_periods=2, **spelling)
    want = pd.Series(x).ewm(adjust=True, ignore_na=ignore_na, min_periods=2, **spelling).mean().to_numpy()
    assert np.array_equal(np.isnan(got), np.isnan(want))
    ctx = decimal.Context(prec=50)
    beta = decimal.Decimal(1.0 - _alpha(spelling))  # the double pandas and smooth decay by, exactly
    scale = pd.Series(np.abs(x)).ewm(adjust=True, ignore_na=ignore_na, min_periods=2, **spelling).mean().to_numpy()
    v = w = decimal.Decimal(0)
    seen = 0
    worst_fast = worst_pandas = 0.0
    for t, xt in enumerate(x):
        present = not math.isnan(xt)
        if present or (not ignore_na and seen > 0):
            v, w = ctx.multiply(v, beta), ctx.multiply(w, beta)
        if present:
            v, w, seen = ctx.add(v, decimal.Decimal(xt)), ctx.add(w, 1), seen + 1
        if seen >= 2:
            exact = ctx.divide(v, w)
            u = np.spacing(scale[t])
            worst_fast = max(worst_fast, float(abs(decimal.Decimal(got[t]) - exact)) / u)
            worst_pandas = max(worst_pandas, float(abs(decimal.Decimal(want[t]) - exact)) / u)
    assert worst_fast <= worst_pandas + 4, (worst_fast, worst_pandas)


def _alpha(spelling):
    # pandas' alpha as a double: its com (pandas/core/window/ewm.py, get_center_of_mass), then
    # 1 / (1 + com), numpy's exp for a half-life
    (key, value), = spelling.items()
    if key == "alpha":
        com = 1.0 / value - 1.0
    elif key == "span":
        com = (value - 1) / 2.0
    elif key == "com":
        com = value
    else:
        com = 1.0 / (1.0 - float(np.exp(np.log(0.5) / value))) - 1.0
    return 1.0 / (1.0 + com)


def test_fast_ewm_mean_refuses_what_ewm_mean_refuses():
    with pytest.raises(ValueError, match="smooth.fast_ewm_mean"):
        smooth.fast_ewm_mean([1.0, 2.0], alpha=0.1, span=3)
    with pytest.raises(TypeError):
        smooth.fast_ewm_mean([1.0, 2.0], alpha=0.1, adjust=False)  # pandas' adjust=True only


def test_ewm_mean_small_cases_from_pandas():
    # [P1], [P2]: pandas 1.5.3
    assert list(smooth.ewm_mean([1, 2, 3], alpha=0.5)) == [1, 1.6666666666666667, 2.4285714285714284]
    assert list(smooth.ewm_mean([1, 2, 3], alpha=0.5, adjust=False)) == [1, 1.5, 2.25]
    # [P15]
    assert smooth.ewm_mean([3, 1, 4, 1, 5], alpha=0.1)[-1] == 2.8906009621254665


def test_ema_is_the_articles_recursion():
    x = np.random.default_rng(5).normal(size=1000)
    v, want = 0.0, []
    for s in x:
        v = 0.9 * v + (1 - 0.9) * s
        want.append(v)
    assert np.array_equal(smooth.ema(x, 0.9), np.array(want))


TTR_X = [22.27, 22.19, 22.08, 22.17, 22.18, 22.13, 22.23, 22.43, 22.24, 22.29,
         22.15, 22.39, 22.38, 22.61, 23.36, 24.05, 23.75, 23.83, 23.95, 23.63]


def test_ema_seeded_and_wilder_are_ttr():
    # [R1], [R2]: R 4.2.2, TTR 0.24.3: EMA(x, n = 5) and EMA(x, n = 5, wilder = TRUE)
    ema5 = [22.178000000000001, 22.162000000000003, 22.184666666666672, 22.266444444444449]
    wilder5 = [22.178000000000001, 22.168399999999998, 22.180720000000001, 22.230576000000003]
    e = smooth.ema_seeded(TTR_X, 5)
    w = smooth.wilder(TTR_X, 5)
    assert np.isnan(e[:4]).all() and np.isnan(w[:4]).all()
    np.testing.assert_allclose(e[4:8], ema5, rtol=1e-13)
    np.testing.assert_allclose(w[4:8], wilder5, rtol=1e-13)


def test_two_dimensional_input_is_smoothed_column_by_column():
    x = np.random.default_rng(9).normal(size=(300, 4))
    got = smooth.sma(x, 7)
    for c in range(4):
        assert np.array_equal(got[:, c], smooth.sma(x[:, c], 7), equal_nan=True)
    got = smooth.ewm_mean(pd.DataFrame(x).values, span=10)
    for c in range(4):
        assert np.array_equal(got[:, c], smooth.ewm_mean(x[:, c], span=10))


def test_the_stream_gives_the_arrays_numbers():
    x = np.random.default_rng(11).normal(size=200)
    s = smooth.SMA(5)
    assert repr(s) == "smooth.SMA(window=5, min_periods=5)"
    got = []
    for v in x:
        s.push(v)
        got.append(math.nan if s.value is None else s.value)
    assert np.array_equal(np.array(got), smooth.sma(x, 5), equal_nan=True)
    t = smooth.SMA(5, 2)
    t.push_many(x[:1])
    assert t.value is None  # one value, two wanted
    t.push_many(x[1:2])
    assert t.value == (x[0] + x[1]) / 2


def test_weights():
    w = smooth.ema_weights(0.9, 5)
    assert np.allclose(w, [0.1 * 0.9 ** i for i in range(5)], rtol=1e-15)
    s = smooth.ema_weight_summary(0.9)
    assert (s.terms_50, s.terms_90, s.terms_99) == (7, 22, 44)  # smallest K with 1 - 0.9^K >= p


def test_bad_parameters_raise_value_error_with_the_librarys_message():
    with pytest.raises(ValueError, match="sma window must be >= 1, got 0"):
        smooth.sma([1.0, 2.0], 0)
    with pytest.raises(ValueError, match="exactly one of alpha, span, com, halflife"):
        smooth.ewm_mean([1.0], alpha=0.5, span=3)
    with pytest.raises(ValueError, match="alpha"):
        smooth.ewm_mean([1.0], alpha=1.5)
    with pytest.raises(ValueError, match="1-D or 2-D"):
        smooth.sma(np.zeros((2, 2, 2)), 2)


def test_a_contiguous_float64_input_is_not_copied():
    x = np.random.default_rng(1).normal(size=2_000_000)
    tracemalloc.start()
    out = smooth.sma(x, 100)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert out.nbytes <= peak < 1.5 * out.nbytes  # the output only: no copy of the 16 MB input


def resident_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)


def test_a_million_calls_leak_nothing():
    # every array function and stream, a million calls in all: no Python object left behind
    # (tracemalloc), no C++ memory (the resident size), no reference kept to the input
    x = np.arange(10.0)
    s, e = smooth.SMA(3), smooth.EWM(span=3)
    calls = [lambda: smooth.sma(x, 3), lambda: smooth.ewm_mean(x, span=3), lambda: smooth.ema(x, 0.9),
             lambda: smooth.ema_seeded(x, 3), lambda: smooth.wilder(x, 3), lambda: smooth.ema_weights(0.9, 10),
             lambda: s.push_many(x), lambda: e.push_many(x), lambda: s.push(1.0), lambda: e.value]
    for _ in range(10_000):  # warm up the allocators
        for call in calls:
            call()
    refs = sys.getrefcount(x)
    rss = resident_kb()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for _ in range(100_000):
        for call in calls:
            call()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(s.size_diff for s in after.compare_to(before, "filename"))
    assert grown < 64 * 1024, grown
    assert resident_kb() - rss < 2048  # a leak of 2 bytes a call would be 2 MB
    assert sys.getrefcount(x) == refs


def test_the_gil_is_released_while_the_library_works():
    # one thread smooths 10 million values; this one keeps running Python meanwhile: it is seen
    # running in the middle half of the call (holding the GIL, the call would let it run only
    # before and after)
    x = np.random.default_rng(2).normal(size=10_000_000)
    span = []
    def smooth_it():
        t0 = time.perf_counter()
        smooth.ewm_mean(x, span=10)
        span.extend([t0, time.perf_counter()])
    worker = threading.Thread(target=smooth_it)
    seen = []
    worker.start()
    while worker.is_alive():
        seen.append(time.perf_counter())
    worker.join()
    t0, t1 = span
    quarter = (t1 - t0) / 4
    inside = [t for t in seen if t0 + quarter < t < t1 - quarter]
    assert len(inside) > 100, (len(inside), t1 - t0)


def test_readmes_python_command_prints_what_it_says():
    import os
    import pathlib
    import re
    import subprocess
    readme = (pathlib.Path(__file__).resolve().parents[2] / "README.md").read_text()
    found = re.search(r'`(PYTHONPATH=build/default/python python3 -c "[^`]*")`\nprints `([^`]*)`', readme)
    assert found, "README shows the command and what it prints"
    module_dir = os.environ["PYTHONPATH"]  # the build tree this test runs against
    import sys
    # README's python3 is Debian's, the interpreter running these tests (a pyenv shim may come
    # first on PATH here)
    command = found.group(1).replace("build/default/python", module_dir).replace("python3 -c", sys.executable + " -c")
    out = subprocess.run(["sh", "-c", command], capture_output=True, text=True, check=True).stdout
    assert out.strip() == found.group(2)


def test_the_python_tutorial_prints_what_docs_python_md_says():
    import pathlib
    import subprocess
    root = pathlib.Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, str(root / "tools/tutorials/tutorial_08_real_data.py")],
                         capture_output=True, text=True, check=True).stdout
    docs = (root / "docs/python.md").read_text()
    section = docs[docs.index("## Tutorial 8 in Python"):docs.index("## Speed")]
    for said, printed in [("falls in 3.8 %", "falls in  3.8 %"), ("age in 35.9 %", "falls in 35.9 %"),
                          ("within 1 ulp", "within 1 ulp"), ("7.5e13 times", "7.5e+13 times"),
                          ("equal in every week", "EMA equal in every week")]:
        assert said in " ".join(section.split()), said
        assert printed in out, printed


def test_halflife_is_pandas_bit_for_bit_through_numpys_exp():
    # pandas 1.5.3 turns a half-life into alpha with numpy's exp; numpy's and the C library's
    # exp differ in the last bit for most half-lives, and 1 - exp magnifies that: the module
    # takes numpy's, so alpha, and every mean, is pandas' own
    x = np.array([0.0, 1.0, 5.0, np.nan, 2.0])
    differs = 0
    for h in np.concatenate([np.arange(1, 401) * 0.25, [1e3, 1e5, 1e7]]):
        for adjust in (True, False):
            got = smooth.ewm_mean(x, halflife=h, adjust=adjust)
            want = pd.Series(x).ewm(halflife=h, adjust=adjust).mean().to_numpy()
            assert np.array_equal(got, want, equal_nan=True), (h, adjust, got - want)
        differs += 1 - math.exp(math.log(0.5) / h) != 1 - np.exp(np.log(0.5) / h)
    print(f"numpy's and the C library's exp give different alphas for {differs} of 403 half-lives")


def test_the_c_librarys_halflife_is_a_few_hundred_ulp_from_pandas():
    # docs/reference/decay.md: C++'s from_halflife takes the C library's exp (math.exp here);
    # through com, the module runs that alpha: on N(10, 3) data it is up to 218 ulp from pandas
    x = np.random.default_rng(3).normal(10, 3, 3000)
    worst = 0
    for h in list(np.arange(1, 201) * 0.5) + [500, 1000, 1e4]:
        com = 1 / (1 - math.exp(math.log(0.5) / h)) - 1  # decay::from_halflife's chain
        for adjust in (True, False):
            got = smooth.ewm_mean(x, com=com, adjust=adjust)
            want = pd.Series(x).ewm(halflife=h, adjust=adjust).mean().to_numpy()
            worst = max(worst, (np.abs(got - want) / np.spacing(np.abs(want))).max())
    assert 4 < worst <= 218, worst
