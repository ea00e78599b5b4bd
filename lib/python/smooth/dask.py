"""smooth over dask: the SMA and pandas' EWM mean of a series too long for one machine's memory,
partition by partition, with the in-memory functions' numbers.

    import dask.dataframe as dd, smooth
    s = dd.read_parquet("sensor/")["x"]              # any number of partitions
    smooth.dask.sma(s, 100).to_parquet("sma/")        # one pass's numbers, bit for bit

How (C++ <smooth/chunks.hpp>; docs/tutorials/04-expanded-weights.md derives it): each
partition is summarised on its own (the SMA: its last window - 1 rows; the EWM: beta^len, its
weighted sum and its weight), the summaries are scanned into each partition's carry (the merge
is associative), and each partition is smoothed from its carry. The data is read twice: once
when sma() or ewm_mean() is called (the summaries, computed at once: a pass in which each
partition is summarised and released), and once when the result is computed (each output needs
only its own partition and its carry). Neither pass holds more than a few partitions.

The SMA equals smooth.sma on the whole series bit for bit (its sum is exact). The EWM mean
(pandas' adjust=True or False) is not smooth.ewm_mean's bits (a carry made by merging is rounded
differently from one pass's state) but about as close to the exact value: at most twice its
error plus 4 ulp of the data's size (tests/python/test_dask.py).
"""
import numpy as np

from . import _smooth


# (Python functions: dask pickles them by name; the compiled ones do not pickle)
def _sma_merge(a, b):
    return _smooth._sma_merge(a, b)


def _sma_apply(carry, x):
    return _smooth._sma_apply(carry, x)


def _ewm_merge(a, b):
    return _smooth._ewm_merge(a, b)


def _ewm_apply(carry, x):
    return _smooth._ewm_apply(carry, x)


def _values(part):
    # a pandas Series or a numpy block, as contiguous float64
    return np.ascontiguousarray(np.asarray(part, dtype=np.float64))


def _blocks(series):
    """The partitions of a dask Series or 1-D dask array as delayed objects, in order, and a
    function that puts smoothed partitions back together in the same shape."""
    import dask
    import dask.array as da
    import dask.dataframe as dd

    if isinstance(series, dd.Series):
        parts = series.to_delayed()
        meta = series._meta.astype(np.float64)

        def rebuild(results):
            def as_series(values, part):
                return part.__class__(values, index=part.index, name=part.name)

            frames = [dask.delayed(as_series)(r, p) for r, p in zip(results, parts)]
            return dd.from_delayed(frames, meta=meta, divisions=series.divisions)

        return parts, rebuild
    if isinstance(series, da.Array):
        if series.ndim != 1:
            raise ValueError(f"smooth.dask: a dask array must be 1-D, got {series.ndim}-D")
        parts = list(series.to_delayed().ravel())
        sizes = series.chunks[0]

        def rebuild(results):
            return da.concatenate([da.from_delayed(r, shape=(n,), dtype=np.float64) for r, n in zip(results, sizes)])

        return parts, rebuild
    raise TypeError(f"smooth.dask: expected a dask.dataframe.Series or a dask.array, got {type(series).__name__}")


def _smoothed(series, summarize, merge, apply):
    """series smoothed partition by partition: summarize(x) of a partition's values, merge(a, b)
    of two summaries, apply(carry, x) a partition's output. The summaries are computed now, in
    one pass over the data (a few small numbers or rows each); the carries are their prefix
    merges, made here; each output task then needs only its own partition and its carry, so the
    second pass (when the result is computed) can load, smooth, write and release the
    partitions in turn."""
    import dask

    empty = summarize(np.empty(0))  # the parameters checked before any work
    parts, rebuild = _blocks(series)
    summaries = dask.compute(*[dask.delayed(lambda p: summarize(_values(p)))(p) for p in parts])
    carries = [empty]
    for s in summaries[:-1]:
        carries.append(merge(carries[-1], s))
    return rebuild([dask.delayed(lambda c, p: apply(c, _values(p)))(c, p) for c, p in zip(carries, parts)])


def sma(series, window, min_periods=None):
    """smooth.sma(series, window, min_periods) of a dask Series or 1-D dask array: a lazy dask
    object of the same shape (and index), equal to the in-memory result bit for bit. The
    partitions' summaries are computed now (a first pass over the data)."""
    return _smoothed(series, lambda x: _smooth._sma_summarize(x, window, min_periods), _sma_merge, _sma_apply)


def ewm_mean(series, *, alpha=None, span=None, com=None, halflife=None, adjust=True, ignore_na=False, min_periods=0):
    """smooth.ewm_mean(series, ...) of a dask Series or 1-D dask array (adjust True or False, as
    pandas'): a lazy dask object, about as close to the exact value as the in-memory result (see
    above); the summaries are computed now."""
    kw = dict(alpha=alpha, span=span, com=com, halflife=halflife, adjust=adjust, ignore_na=ignore_na,
              min_periods=min_periods)
    return _smoothed(series, lambda x: _smooth._ewm_summarize(x, **kw), _ewm_merge, _ewm_apply)
