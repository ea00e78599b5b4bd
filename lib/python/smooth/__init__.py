"""Exact moving averages (SMA, EMAs) from the smooth C++ library: numpy in, numpy out.

The compiled module is smooth._smooth; everything in it is here. smooth.dask (imported on
first use, needs Debian's python3-dask) smooths a dask Series or array partition by partition
with the same numbers as the in-memory functions.
"""
from ._smooth import *  # noqa: F401,F403
from ._smooth import __doc__ as _compiled_doc  # noqa: F401
from . import _smooth


def __getattr__(name):
    # smooth.dask on first use, so that `import smooth` never needs dask
    if name == "dask":
        import importlib
        return importlib.import_module(".dask", __name__)
    raise AttributeError(f"module 'smooth' has no attribute {name!r}")
