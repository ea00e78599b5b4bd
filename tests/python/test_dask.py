"""smooth.dask on a distributed.LocalCluster of worker processes (Debian's python3-dask and
python3-distributed, which tools/setup.sh installs): partitions of uneven sizes, NaN rows
across partition edges, against the in-memory functions."""
import decimal
import math

import numpy as np
import pandas as pd
import pytest

import smooth

import dask
import dask.array as da
import dask.dataframe as dd
import distributed


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       silence_logs=40)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def series_with_edges(seed):
    # a random walk with NaN runs placed across the partition edges below, a 1e15 level that
    # comes and goes (hard for a running sum), and partitions of 1 to 700 rows
    rng = np.random.default_rng(seed)
    x = np.cumsum(rng.normal(size=3000))
    x[900:1400] += 1e15
    sizes = [1, 700, 3, 250, 1, 1, 600, 444, 1000]
    edges = np.cumsum(sizes)[:-1]
    for e in edges:
        x[e - 2:e + 3] = np.nan  # NaN on both sides of each edge
    return x, sizes


def as_dask_series(x, sizes):
    divisions = [0]
    for n in sizes:
        divisions.append(divisions[-1] + n)
    parts = [pd.Series(x[a:b], index=pd.RangeIndex(a, b), name="x") for a, b in zip(divisions[:-1], divisions[1:])]
    return dd.from_delayed([dask.delayed(p) for p in parts], meta=parts[0].iloc[:0],
                           divisions=divisions[:-1] + [divisions[-1] - 1])


@pytest.mark.parametrize("window, min_periods", [(1, None), (5, None), (100, None), (100, 3)])
def test_sma_on_a_cluster_is_the_in_memory_sma_bit_for_bit(client, window, min_periods):
    x, sizes = series_with_edges(1)
    s = as_dask_series(x, sizes)
    assert s.npartitions == len(sizes)
    got = smooth.dask.sma(s, window, min_periods).compute()
    want = smooth.sma(x, window, min_periods)
    assert list(got.index) == list(range(len(x)))
    assert np.array_equal(got.to_numpy(), want, equal_nan=True)
    arr = da.from_array(x, chunks=(tuple(sizes),))
    assert np.array_equal(smooth.dask.sma(arr, window, min_periods).compute(), want, equal_nan=True)


def exact_ewm(x, beta, alpha, adjust, ignore_na):
    # pandas' mean in 50-digit decimal arithmetic, on the doubles beta and alpha both use;
    # adjust=False: y = (o y + alpha x) / (o + alpha), o = beta^(1 + the gap)
    ctx = decimal.Context(prec=50)
    b = decimal.Decimal(beta)
    a = decimal.Decimal(alpha)
    v = w = y = decimal.Decimal(0)
    o = decimal.Decimal(1)
    seen = 0
    out = np.full(len(x), np.nan)
    for t, xt in enumerate(x):
        present = not math.isnan(xt)
        if present or (not ignore_na and seen > 0):
            v, w, o = ctx.multiply(v, b), ctx.multiply(w, b), ctx.multiply(o, b)
        if present:
            d = decimal.Decimal(xt)
            v, w = ctx.add(v, d), ctx.add(w, 1)
            y = d if seen == 0 else ctx.divide(ctx.add(ctx.multiply(o, y), ctx.multiply(a, d)), ctx.add(o, a))
            o = decimal.Decimal(1)
            seen += 1
        if seen > 0:
            out[t] = float(ctx.divide(v, w) if adjust else y)
    return out


@pytest.mark.parametrize("spelling", [{"alpha": 0.3}, {"span": 19}, {"com": 200.0}, {"halflife": 7.5}])
@pytest.mark.parametrize("ignore_na", [False, True])
@pytest.mark.parametrize("adjust", [True, False])
def test_ewm_mean_on_a_cluster_is_as_close_to_the_exact_value_as_in_memory(client, spelling, ignore_na, adjust):
    # not the in-memory bits (a carry made by merging rounds differently), but at most twice
    # its error from the exact value plus 4 ulp of the data's size, as the C++ test_chunks holds
    x, sizes = series_with_edges(2)
    x[900:1400] -= 1e15  # the EWM's scale follows the data: keep it a walk here
    s = as_dask_series(x, sizes)
    got = smooth.dask.ewm_mean(s, adjust=adjust, ignore_na=ignore_na, min_periods=2, **spelling).compute().to_numpy()
    want = smooth.ewm_mean(x, adjust=adjust, ignore_na=ignore_na, min_periods=2, **spelling)
    assert np.array_equal(np.isnan(got), np.isnan(want))
    first = sizes[0]
    assert np.array_equal(got[:first], want[:first], equal_nan=True)  # the first partition: one pass's bits
    beta, alpha = smooth._smooth._ewm_summarize(np.empty(0), **spelling)[:2]  # the doubles the library uses
    exact = exact_ewm(x, beta, alpha, adjust, ignore_na)
    scale = exact_ewm(np.abs(x), beta, alpha, adjust, ignore_na)
    ok = ~np.isnan(want)
    u = np.spacing(scale[ok])
    err_in_memory = (np.abs(want[ok] - exact[ok]) / u).max()
    err_dask = (np.abs(got[ok] - exact[ok]) / u).max()
    assert err_dask <= 2 * err_in_memory + 4, (err_dask, err_in_memory)


@pytest.mark.parametrize("adjust", [True, False])
def test_an_outage_longer_than_the_weights_reach_across_an_edge_keeps_the_mean(client, adjust):
    # a sensor off for 80,000 rows with span 200: beta^80000 underflows to 0, and a summary
    # that carried V and W aged by the gap gave 0 / 0 after it (NaN where pandas has a mean)
    x = np.concatenate([np.linspace(1.0, 2.0, 50), np.full(80_000, np.nan), np.linspace(3.0, 4.0, 50)])
    sizes = [30, 40_000, 40_070]
    got = smooth.dask.ewm_mean(as_dask_series(x, sizes), span=200, adjust=adjust).compute().to_numpy()
    want = smooth.ewm_mean(x, span=200, adjust=adjust)
    assert np.array_equal(np.isnan(got), np.isnan(want))
    ok = ~np.isnan(want)
    assert np.allclose(got[ok], want[ok], rtol=1e-13, atol=0)
    assert want[-1] == pytest.approx(pd.Series(x).ewm(span=200, adjust=adjust).mean().iloc[-1], rel=1e-13)


def test_bad_input_is_refused_before_any_work():
    x = da.from_array(np.arange(10.0), chunks=3)
    with pytest.raises(ValueError, match="sma window"):
        smooth.dask.sma(x, 0)
    with pytest.raises(ValueError, match="smooth.dask.ewm_mean"):
        smooth.dask.ewm_mean(x, alpha=0.5, span=3)
    with pytest.raises(TypeError, match="dask"):
        smooth.dask.sma(np.arange(10.0), 3)
    with pytest.raises(ValueError, match="1-D"):
        smooth.dask.sma(da.zeros((4, 4), chunks=2), 3)
