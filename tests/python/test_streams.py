"""The streams (smooth.SMA, EWM, EMA, EMASeeded, Wilder) against the array functions, pandas and
pickle; hypothesis draws the arrays (Debian python3-hypothesis 6.67)."""
import math
import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

import smooth


def same(a, b):
    """NaN where NaN, and every other value equal bit for bit (-0.0 is not 0.0)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape or not np.array_equal(np.isnan(a), np.isnan(b)):
        return False
    ok = ~np.isnan(a)
    return np.array_equal(a[ok].view(np.uint64), b[ok].view(np.uint64))


def one_at_a_time(stream, xs):
    out = []
    for x in xs:
        stream.push(float(x))
        out.append(math.nan if stream.value is None else stream.value)
    return np.array(out)


# values of every kind: NaN rows, infinities, huge beside tiny, subnormals
values = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                   st.floats(-1e3, 1e3), st.sampled_from([1e15, -1e15, 1e-3, 5e-324, 0.0]))
series = arrays(np.float64, st.integers(0, 120), elements=values)
decays = st.one_of(st.builds(lambda a: {"alpha": a}, st.floats(0.01, 1.0)),
                   st.builds(lambda s: {"span": s}, st.floats(1.0, 50.0)),
                   st.builds(lambda c: {"com": c}, st.floats(0.0, 50.0)),
                   st.builds(lambda h: {"halflife": h}, st.floats(0.1, 50.0)))

# a stream, and the array function it must agree with, bit for bit
STREAMS = {
    "SMA": (lambda: smooth.SMA(7, 2), lambda x: smooth.sma(x, 7, 2)),
    "EWM": (lambda: smooth.EWM(span=9, min_periods=2), lambda x: smooth.ewm_mean(x, span=9, min_periods=2)),
    "EWM adjust=False ignore_na": (lambda: smooth.EWM(alpha=0.3, adjust=False, ignore_na=True),
                                   lambda x: smooth.ewm_mean(x, alpha=0.3, adjust=False, ignore_na=True)),
    "EMA": (lambda: smooth.EMA(0.9), lambda x: smooth.ema(x, 0.9)),
    "EMASeeded": (lambda: smooth.EMASeeded(5), lambda x: smooth.ema_seeded(x, 5)),
    "Wilder": (lambda: smooth.Wilder(4), lambda x: smooth.wilder(x, 4)),
}


@pytest.mark.parametrize("name", STREAMS)
@settings(max_examples=150, deadline=None)
@given(x=series)
def test_a_stream_gives_its_array_functions_numbers(name, x):
    make, array = STREAMS[name]
    want = array(x)
    assert same(one_at_a_time(make(), x), want)
    assert same(make().push_many(x), want)


@given(x=series, decay=decays, adjust=st.booleans(), ignore_na=st.booleans(), min_periods=st.integers(0, 4))
@settings(max_examples=300, deadline=None)
def test_the_ewm_stream_is_ewm_mean_for_every_spelling(x, decay, adjust, ignore_na, min_periods):
    s = smooth.EWM(adjust=adjust, ignore_na=ignore_na, min_periods=min_periods, **decay)
    assert same(s.push_many(x), smooth.ewm_mean(x, adjust=adjust, ignore_na=ignore_na, min_periods=min_periods, **decay))


@given(x=arrays(np.float64, st.integers(1, 80), elements=st.one_of(st.floats(-1e6, 1e6), st.just(math.nan))),
       decay=decays, adjust=st.booleans(), ignore_na=st.booleans())
@settings(max_examples=200, deadline=None)
def test_the_ewm_stream_is_pandas(x, decay, adjust, ignore_na):
    # pandas 1.5.3: the same NaN pattern, the values within 4 ulp (docs/python.md)
    got = smooth.EWM(adjust=adjust, ignore_na=ignore_na, **decay).push_many(x)
    want = pd.Series(x).ewm(adjust=adjust, ignore_na=ignore_na, **decay).mean().to_numpy()
    assert np.array_equal(np.isnan(got), np.isnan(want))
    ok = ~np.isnan(want)
    assert np.all(np.abs(got[ok] - want[ok]) <= 4 * np.spacing(np.maximum(np.abs(want[ok]), 1e-300)))


@pytest.mark.parametrize("name", STREAMS)
@given(x=series, cut=st.integers(0, 120), more=series)
@settings(max_examples=100, deadline=None)
def test_a_pickled_stream_goes_on_bit_for_bit(name, x, cut, more):
    make, _ = STREAMS[name]
    s = make()
    s.push_many(x[:cut])
    copy = pickle.loads(pickle.dumps(s))
    assert repr(copy) == repr(s)
    assert same(copy.push_many(more), s.push_many(more))


def test_a_seed_pickled_half_way_keeps_its_exact_sum():
    s = smooth.EMASeeded(3)
    s.push_many([1e300, 1.0])
    t = pickle.loads(pickle.dumps(s))
    t.push(-1e300)
    assert t.value == 1 / 3  # the 1 survived beside 1e300


def test_repr_says_the_parameters():
    assert repr(smooth.SMA(5)) == "smooth.SMA(window=5, min_periods=5)"
    assert repr(smooth.SMA(5, min_periods=2)) == "smooth.SMA(window=5, min_periods=2)"
    assert repr(smooth.EWM(span=19)) == "smooth.EWM(span=19.0, adjust=True, ignore_na=False, min_periods=0)"
    assert repr(smooth.EWM(alpha=0.1, adjust=False, ignore_na=True, min_periods=3)) == \
        "smooth.EWM(alpha=0.1, adjust=False, ignore_na=True, min_periods=3)"
    assert repr(smooth.EMA(0.9)) == "smooth.EMA(beta=0.9)"
    assert repr(smooth.EMASeeded(10)) == "smooth.EMASeeded(n=10)"
    assert repr(smooth.Wilder(14)) == "smooth.Wilder(n=14)"


def test_the_articles_ema_and_its_correction():
    s = smooth.EMA(0.9)
    assert s.value == 0.0 and s.corrected is None  # V_0 = 0, and no value to correct yet
    s.push_many([1.0, 1.0])
    assert s.value == pytest.approx(0.19, rel=1e-15)  # it starts low
    assert s.corrected == pytest.approx(1.0, rel=1e-15)  # V_t / (1 - beta^t)
    assert s.weight_sum == pytest.approx(0.19, rel=1e-15)


def test_bad_stream_parameters_raise_value_error():
    with pytest.raises(ValueError, match="sma window must be >= 1, got 0"):
        smooth.SMA(0)
    with pytest.raises(ValueError, match="exactly one of alpha, span, com, halflife"):
        smooth.EWM()
    with pytest.raises(ValueError, match="alpha"):
        smooth.EWM(alpha=1.5)
    with pytest.raises(ValueError, match="period"):
        smooth.Wilder(0)
    with pytest.raises(ValueError, match="1-D"):
        smooth.SMA(3).push_many(np.zeros((2, 2)))
