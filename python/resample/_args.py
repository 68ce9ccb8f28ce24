"""Argument normalisation shared by every operator: arrays, int tuples,
layouts and ``out=`` arrays. Errors name the parameter, what was expected and
what was got (TypeError for types, ValueError for values)."""
from __future__ import annotations

import numbers
import operator

import numpy as np

from . import _core
from ._dtypes import FLOAT

# Window parameters stay far below 2**63 so that the C++ size arithmetic
# (sums and products of a few of them) cannot overflow.
_MAX_PARAM = 2**40

_CHANNELS_FIRST = {"NCHW", "NCW", "NCDHW"}
_CHANNELS_LAST = {"NHWC", "NWC", "NDHWC"}


def as_input(x, op: str, family=FLOAT) -> np.ndarray:
    """x as an ndarray the kernels can read: any strides are fine, but the
    dtype must be one the operator's family takes (see _dtypes.py), in
    native byte order, and aligned."""
    arr = np.asarray(x)
    family.check(arr.dtype, op)
    if not arr.dtype.isnative or not arr.flags.aligned:
        arr = arr.astype(arr.dtype.newbyteorder("="), order="C")
    return arr


def channels_last(layout, op: str) -> bool:
    """True for a channels-last layout name, False for channels-first."""
    if isinstance(layout, str):
        if layout in _CHANNELS_FIRST:
            return False
        if layout in _CHANNELS_LAST:
            return True
    raise ValueError(f"{op}: layout must be 'NCHW' (channels first) or 'NHWC' (channels last), got {layout!r}")


def spatial_axes(x: np.ndarray, rank: int, last: bool, op: str) -> tuple:
    """Axis numbers of the `rank` spatial axes of x in its layout."""
    need = rank + (1 if last else 0)
    if x.ndim < need:
        what = f"(..., {'spatial, ' * rank}C)" if last else f"(..., {', '.join(['spatial'] * rank)})"
        raise TypeError(f"{op}: x must have at least {need} dimensions {what}, got shape {x.shape}")
    first = x.ndim - need
    return tuple(range(first, first + rank))


def _as_int(value, name: str, op: str) -> int:
    if type(value) is int:  # the usual case, without the ABC check below (about 1 us each)
        return value
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{op}: {name} must be an int or a tuple of ints, got {value!r}")
    return operator.index(value)


def positive_int(value, name: str, op: str) -> int:
    """A single int >= 1 (not a tuple, not a bool)."""
    if type(value) is int and value >= 1:  # the usual case, quickly
        return value
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{op}: {name} must be an int, got {value!r}")
    if value < 1:
        raise ValueError(f"{op}: {name} must be positive, got {name}={value!r}")
    return operator.index(value)


def flag(value, name: str, op: str) -> bool:
    """A bool (Python or NumPy, or the ints 0 and 1 as PyTorch code passes
    them); anything else is a TypeError rather than a truth value."""
    if isinstance(value, (bool, np.bool_)) or (isinstance(value, numbers.Integral) and value in (0, 1)):
        return bool(value)
    raise TypeError(f"{op}: {name} must be a bool, got {value!r}")


def int_tuple(value, rank: int, name: str, op: str, minimum: int) -> tuple:
    """An int or a per-axis sequence of `rank` ints, each >= minimum."""
    if isinstance(value, (tuple, list)):
        if len(value) != rank:
            raise ValueError(f"{op}: {name} must be an int or a tuple of {rank} ints, got {tuple(value)!r}")
        values = tuple(_as_int(v, name, op) for v in value)
    else:
        values = (_as_int(value, name, op),) * rank
    for v in values:
        if v < minimum:
            what = "positive" if minimum == 1 else "non-negative"
            raise ValueError(f"{op}: {name} must be {what}, got {name}={value!r}")
        if v > _MAX_PARAM:
            raise ValueError(f"{op}: {name} must be at most {_MAX_PARAM}, got {name}={value!r}")
    return values


def output_array(out, shape: tuple, dtype, inputs: tuple, op: str, name: str = "out"):
    """The array a kernel writes, and the user's array to copy it into after.

    Kernels write C-contiguous arrays. A user's ``out`` that is one is used
    directly; any other valid ``out`` gets a scratch array that is copied into
    it after the kernel ran. Without ``out``, the result starts on a cache
    line (see csrc/bindings/output_pool.cpp)."""
    dtype = np.dtype(dtype)
    if out is None:
        return _core.empty_output(dtype, shape), None
    if not isinstance(out, np.ndarray):
        raise TypeError(f"{op}: {name} must be a numpy.ndarray or None, got {type(out).__name__}")
    if out.shape != tuple(shape):
        raise ValueError(f"{op}: {name} must have shape {tuple(shape)}, got {out.shape}")
    if out.dtype != dtype:
        raise ValueError(f"{op}: {name} must have dtype {dtype}, got {out.dtype}")
    if not out.flags.writeable:
        raise ValueError(f"{op}: {name} must be writable, got a read-only array")
    for x in inputs:
        if _overlap(out, x):
            raise ValueError(f"{op}: {name} must not overlap the input array")
    if out.flags.c_contiguous and out.flags.aligned and out.dtype.isnative:
        return out, None
    return _core.empty_output(dtype, shape), out


def _overlap(a: np.ndarray, b: np.ndarray) -> bool:
    if not np.may_share_memory(a, b):
        return False
    try:
        return bool(np.shares_memory(a, b, max_work=10**6))
    except getattr(np, "exceptions", np).TooHardError:  # too costly to prove disjoint: refuse
        return True


def finish(result: np.ndarray, user_out):
    """Copies a scratch result into the user's non-contiguous ``out``."""
    if user_out is None:
        return result
    user_out[...] = result
    return user_out
