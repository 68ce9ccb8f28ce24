"""Slow, obviously-correct NumPy references for adaptive pooling and
max-unpooling (PyTorch's semantics).

* adaptive pooling: output o of an axis of length L and output size n covers
  input positions floor(o*L/n) <= i < ceil((o+1)*L/n); max scans the window in
  raster order from its first element, ``if v > best or isnan(v)``, and records
  the flat index in the element's own spatial plane; avg is the window's sum
  (in float64) divided by its element count.
* max-unpooling: a zero output of the given spatial size; every input element,
  in raster order, is written to output position indices[...] of its own
  plane (later writes win).
"""

import itertools
import math

import numpy as np


def _channels_first(x, rank, layout):
    return x if layout == "NCHW" else np.moveaxis(x, -1, x.ndim - rank - 1)


def _back(res, rank, layout):
    return np.ascontiguousarray(res if layout == "NCHW" else np.moveaxis(res, res.ndim - rank - 1, -1))


def adaptive_windows(length, size):
    return [(o * length // size, -(-((o + 1) * length) // size)) for o in range(size)]


def adaptive_pool_ref(x, rank, kind, output_size, layout="NCHW"):
    """(values, indices) for max (indices int64), values for avg."""
    x = np.asarray(x)
    xc = _channels_first(x, rank, layout)
    spatial = xc.shape[xc.ndim - rank:]
    lead = xc.shape[: xc.ndim - rank]
    nb = math.prod(lead)
    xb = np.reshape(xc, (nb,) + tuple(spatial))
    osp = tuple(spatial[a] if output_size[a] is None else output_size[a] for a in range(rank))
    windows = [adaptive_windows(spatial[a], osp[a]) for a in range(rank)]
    vals = np.empty((nb,) + osp, dtype=np.float64 if kind == "avg" else x.dtype)
    idxs = np.empty((nb,) + osp, dtype=np.int64)
    for opos in itertools.product(*(range(n) for n in osp)):
        ranges = [range(*windows[a][opos[a]]) for a in range(rank)]
        best = best_idx = None
        acc = np.zeros(nb)
        count = 0
        for coords in itertools.product(*ranges):
            flat = 0
            for a in range(rank):
                flat = flat * spatial[a] + coords[a]
            v = xb[(slice(None),) + coords]
            count += 1
            if kind == "avg":
                acc = acc + v.astype(np.float64)
            if best is None:
                best, best_idx = v.copy(), np.full(nb, flat, dtype=np.int64)
            else:
                upd = (v > best) | np.isnan(v)
                best = np.where(upd, v, best)
                best_idx = np.where(upd, flat, best_idx)
        vals[(slice(None),) + opos] = acc / count if kind == "avg" else best
        idxs[(slice(None),) + opos] = best_idx
    shape = tuple(lead) + osp
    values = _back(np.reshape(vals, shape), rank, layout).astype(x.dtype)
    if kind == "avg":
        return values
    return values, _back(np.reshape(idxs, shape), rank, layout)


def unpool_default_size(length, kernel, stride, padding):
    return (length - 1) * stride - 2 * padding + kernel


def max_unpool_ref(x, indices, rank, out_spatial, layout="NCHW"):
    x = np.asarray(x)
    xc = _channels_first(x, rank, layout)
    ic = _channels_first(np.asarray(indices), rank, layout)
    lead = xc.shape[: xc.ndim - rank]
    nb = math.prod(lead)
    plane = math.prod(xc.shape[xc.ndim - rank:])  # not -1: an empty batch leaves it undetermined
    xb = np.reshape(xc, (nb, plane))
    ib = np.reshape(ic, (nb, plane))
    size = math.prod(out_spatial)
    res = np.zeros((nb, size), dtype=x.dtype)
    for b in range(nb):
        for j in range(xb.shape[1]):
            k = int(ib[b, j])
            if not 0 <= k < size:
                raise ValueError(f"index {k} out of range")
            res[b, k] = xb[b, j]
    return _back(np.reshape(res, tuple(lead) + tuple(out_spatial)), rank, layout)
