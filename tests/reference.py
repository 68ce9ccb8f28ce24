"""Slow, obviously-correct NumPy references for the pooling operators.

Written directly from the documented semantics (PyTorch's):

* output length per axis: floor/ceil((L + 2p - d*(k-1) - 1) / s) + 1, and with
  ceil_mode a last window that would start in the right padding is dropped;
* max: raster-order scan of the window taps (d, then h, then w); start from the
  first in-bounds tap, then ``if v > best or isnan(v): best, idx = v, flat``;
  the index is flat into the element's own spatial plane;
* avg: sum of in-bounds taps / divisor, where the divisor is divisor_override,
  or (count_include_pad) the number of taps inside the padded extent
  [-p, L + p) per axis (product over axes), or the number of in-bounds taps.

Everything is an explicit loop over output positions and window taps; the only
vectorisation is over the flattened batch (all non-spatial axes), which does not
change the per-element arithmetic order.
"""

import itertools
import math

import numpy as np

__all__ = [
    "as_tuple",
    "pool_output_size",
    "output_shape",
    "window_has_valid_tap",
    "is_valid_config",
    "max_pool_ref",
    "avg_pool_ref",
]


def as_tuple(v, rank):
    """An int or a per-axis tuple -> tuple of ``rank`` Python ints."""
    if isinstance(v, (tuple, list)):
        if len(v) != rank:
            raise ValueError(f"expected {rank} values, got {len(v)}")
        return tuple(int(e) for e in v)
    return (int(v),) * rank


def pool_output_size(length, kernel, stride, padding, dilation, ceil_mode):
    """Output length of one spatial axis (may be < 1 for invalid configs)."""
    num = length + 2 * padding - dilation * (kernel - 1) - 1
    if ceil_mode:
        out = -((-num) // stride) + 1  # ceil division
        # a window that would start inside the right padding is dropped
        if (out - 1) * stride >= length + padding:
            out -= 1
    else:
        out = num // stride + 1  # floor division
    return out


def _axis_taps(o, length, kernel, stride, padding, dilation):
    """Input coordinates of the taps of output position ``o`` along one axis."""
    start = o * stride - padding
    return [start + t * dilation for t in range(kernel)]


def window_has_valid_tap(length, kernel, stride, padding, dilation, ceil_mode):
    """True iff every output window along this axis has an in-bounds tap."""
    n = pool_output_size(length, kernel, stride, padding, dilation, ceil_mode)
    for o in range(n):
        taps = _axis_taps(o, length, kernel, stride, padding, dilation)
        if not any(0 <= c < length for c in taps):
            return False
    return True


def _normalize(x, rank, kernel, stride, padding, dilation, layout):
    x = np.asarray(x)
    k = as_tuple(kernel, rank)
    s = k if stride is None else as_tuple(stride, rank)
    p = as_tuple(padding, rank)
    d = as_tuple(dilation, rank)
    if layout == "NCHW":
        if x.ndim < rank:
            raise TypeError("too few dims")
        xc = x
    elif layout == "NHWC":
        if x.ndim < rank + 1:
            raise TypeError("too few dims")
        # (..., S..., C) -> (..., C, S...)
        xc = np.moveaxis(x, -1, x.ndim - rank - 1)
    else:
        raise ValueError(f"unknown layout {layout!r}")
    return xc, k, s, p, d


def output_shape(shape, rank, kernel, stride=None, padding=0, dilation=1,
                 ceil_mode=False, layout="NCHW"):
    """Shape of the pooled output for an input of ``shape``."""
    k = as_tuple(kernel, rank)
    s = k if stride is None else as_tuple(stride, rank)
    p = as_tuple(padding, rank)
    d = as_tuple(dilation, rank)
    shape = tuple(shape)
    if layout == "NCHW":
        lead, spatial, tail = shape[: len(shape) - rank], shape[len(shape) - rank:], ()
    else:
        lead = shape[: len(shape) - rank - 1]
        spatial = shape[len(shape) - rank - 1: -1]
        tail = shape[-1:]
    outsp = tuple(
        pool_output_size(spatial[a], k[a], s[a], p[a], d[a], ceil_mode)
        for a in range(rank)
    )
    return lead + outsp + tail


def is_valid_config(spatial, rank, kernel, stride=None, padding=0, dilation=1,
                    ceil_mode=False):
    """Would the operator accept this configuration (spatial = input extents)?"""
    k = as_tuple(kernel, rank)
    s = k if stride is None else as_tuple(stride, rank)
    p = as_tuple(padding, rank)
    d = as_tuple(dilation, rank)
    for a in range(rank):
        if k[a] < 1 or s[a] < 1 or d[a] < 1 or p[a] < 0:
            return False
        if pool_output_size(spatial[a], k[a], s[a], p[a], d[a], ceil_mode) < 1:
            return False
        if not window_has_valid_tap(spatial[a], k[a], s[a], p[a], d[a], ceil_mode):
            return False
    return True


def _loop(xc, rank, k, s, p, d, ceil_mode):
    """Yield (flat batch view, spatial shape, out spatial shape, iterator)."""
    spatial = xc.shape[xc.ndim - rank:]
    lead = xc.shape[: xc.ndim - rank]
    nb = int(math.prod(lead))
    xb = np.reshape(xc, (nb,) + tuple(spatial))
    osp = tuple(
        pool_output_size(spatial[a], k[a], s[a], p[a], d[a], ceil_mode)
        for a in range(rank)
    )
    for a in range(rank):
        if osp[a] < 1:
            raise ValueError("output size below 1")
        if not window_has_valid_tap(spatial[a], k[a], s[a], p[a], d[a], ceil_mode):
            raise ValueError("a window lies entirely in the padding")
    return xb, lead, tuple(spatial), osp


def _restore(res, lead, osp, rank, layout):
    res = np.reshape(res, tuple(lead) + osp)
    if layout == "NHWC":
        res = np.moveaxis(res, res.ndim - rank - 1, -1)
    return np.ascontiguousarray(res)


def max_pool_ref(x, rank, kernel, stride=None, padding=0, dilation=1,
                 ceil_mode=False, layout="NCHW"):
    """Reference max pooling -> (values, int64 indices)."""
    x = np.asarray(x)
    xc, k, s, p, d = _normalize(x, rank, kernel, stride, padding, dilation, layout)
    xb, lead, spatial, osp = _loop(xc, rank, k, s, p, d, ceil_mode)
    nb = xb.shape[0]
    vals = np.empty((nb,) + osp, dtype=x.dtype)
    idxs = np.empty((nb,) + osp, dtype=np.int64)
    for opos in itertools.product(*(range(n) for n in osp)):
        best = None
        best_idx = None
        # raster order over the window taps: first axis slowest
        for taps in itertools.product(*(range(kk) for kk in k)):
            coords = tuple(opos[a] * s[a] - p[a] + taps[a] * d[a] for a in range(rank))
            if not all(0 <= coords[a] < spatial[a] for a in range(rank)):
                continue
            flat = 0
            for a in range(rank):
                flat = flat * spatial[a] + coords[a]
            v = xb[(slice(None),) + coords]
            if best is None:
                best = v.copy()
                best_idx = np.full(nb, flat, dtype=np.int64)
            else:
                upd = (v > best) | np.isnan(v)
                best = np.where(upd, v, best)
                best_idx = np.where(upd, flat, best_idx)
        assert best is not None  # guaranteed by _loop's check
        vals[(slice(None),) + opos] = best
        idxs[(slice(None),) + opos] = best_idx
    return _restore(vals, lead, osp, rank, layout), _restore(idxs, lead, osp, rank, layout)


def avg_pool_ref(x, rank, kernel, stride=None, padding=0, dilation=1,
                 ceil_mode=False, count_include_pad=True, divisor_override=None,
                 layout="NCHW"):
    """Reference average pooling, computed in float64, cast to x.dtype."""
    x = np.asarray(x)
    xc, k, s, p, d = _normalize(x, rank, kernel, stride, padding, dilation, layout)
    xb, lead, spatial, osp = _loop(xc, rank, k, s, p, d, ceil_mode)
    xb = xb.astype(np.float64)
    nb = xb.shape[0]
    res = np.empty((nb,) + osp, dtype=np.float64)
    for opos in itertools.product(*(range(n) for n in osp)):
        acc = np.zeros(nb, dtype=np.float64)
        n_in = 0
        n_padded = 0
        for taps in itertools.product(*(range(kk) for kk in k)):
            coords = tuple(opos[a] * s[a] - p[a] + taps[a] * d[a] for a in range(rank))
            if all(-p[a] <= coords[a] < spatial[a] + p[a] for a in range(rank)):
                n_padded += 1
            if all(0 <= coords[a] < spatial[a] for a in range(rank)):
                n_in += 1
                with np.errstate(invalid="ignore"):  # inf + -inf is NaN, as it must be
                    acc = acc + xb[(slice(None),) + coords]
        if divisor_override is not None:
            div = divisor_override
        elif count_include_pad:
            div = n_padded
        else:
            div = n_in
        assert div > 0
        res[(slice(None),) + opos] = acc / div
    return _restore(res, lead, osp, rank, layout).astype(x.dtype)
