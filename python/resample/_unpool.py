"""Max-unpooling, 1D/2D/3D: the partial inverse of max pooling with indices,
with PyTorch's parameters and results."""
from __future__ import annotations

import numbers
import operator

import numpy as np

from . import _core
from ._args import as_input, channels_last, finish, int_tuple, output_array, spatial_axes
from ._dtypes import FLOAT

_SPATIAL = {1: "L", 2: "H, W", 3: "D, H, W"}


def _indices(indices, x, op):
    """indices as a native int64 array of x's shape (other integer dtypes are converted)."""
    arr = np.asarray(indices)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"{op}: indices must be an integer array (int64, as max pooling returns), got {arr.dtype}")
    if arr.shape != x.shape:
        raise ValueError(f"{op}: indices must have the shape of x {x.shape}, got {arr.shape}")
    if arr.dtype != np.dtype(np.int64) or not arr.flags.aligned:
        if arr.dtype.kind == "u" and arr.size and arr.max() > np.iinfo(np.int64).max:
            raise ValueError(f"{op}: indices: found an invalid index {arr.max()}")
        arr = arr.astype(np.int64)
    return arr


def _output_sizes(op, rank, x, axes, kernel, stride, padding, output_size):
    """PyTorch's rule: (L - 1)*stride - 2*padding + kernel_size per axis, or
    output_size (spatial sizes, or x's whole shape with the spatial sizes
    replaced) strictly within stride of it."""
    default = tuple((x.shape[a] - 1) * s - 2 * p + k for a, k, s, p in zip(axes, kernel, stride, padding))
    if output_size is None:
        for axis, size in enumerate(default):
            if size < 0:
                raise ValueError(f"{op}: the output size along spatial axis {axis} would be {size} "
                                 f"((L - 1)*stride - 2*padding + kernel_size); reduce padding")
        return default
    if not isinstance(output_size, (tuple, list)):
        raise TypeError(f"{op}: output_size must be a tuple of {rank} ints (or of x's {x.ndim} dimensions), "
                        f"got {output_size!r}")
    values = []
    for v in output_size:
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Integral):
            raise TypeError(f"{op}: output_size must be a tuple of ints, got {tuple(output_size)!r}")
        values.append(operator.index(v))
    if len(values) == x.ndim and len(values) != rank:
        others = [i for i in range(x.ndim) if i not in axes]
        if any(values[i] != x.shape[i] for i in others):
            raise ValueError(f"{op}: output_size {tuple(values)} as a whole shape must keep x's non-spatial "
                             f"sizes {x.shape}")
        values = [values[a] for a in axes]
    elif len(values) != rank:
        raise ValueError(f"{op}: output_size must have {rank} entries (or {x.ndim}, x's whole shape), "
                         f"got {tuple(values)!r}")
    for axis, (size, d, s) in enumerate(zip(values, default, stride)):
        if not d - s < size < d + s:
            raise ValueError(f"{op}: output_size {tuple(values)!r}: spatial axis {axis} must be between "
                             f"{d - s} and {d + s}, exclusive (the default size {d} plus or minus the stride)")
        if size < 0:
            raise ValueError(f"{op}: output_size must be non-negative, got {tuple(values)!r}")
    return tuple(values)


def _max_unpool(op, rank, x, indices, kernel_size, stride, padding, output_size, layout, out):
    x = as_input(x, op)
    last = channels_last(layout, op)
    axes = spatial_axes(x, rank, last, op)
    indices = _indices(indices, x, op)
    kernel = int_tuple(kernel_size, rank, "kernel_size", op, 1)
    stride = kernel if stride is None else int_tuple(stride, rank, "stride", op, 1)
    padding = int_tuple(padding, rank, "padding", op, 0)
    sizes = _output_sizes(op, rank, x, axes, kernel, stride, padding, output_size)
    shape = x.shape[: axes[0]] + tuple(sizes) + x.shape[axes[-1] + 1:]
    result, user_out = output_array(out, shape, x.dtype, (x, indices), op)
    FLOAT.run(x, result, lambda x, result: _core.max_unpool(op, x, indices, result, rank, last, list(sizes)))
    return finish(result, user_out)


_DOC = """{rank}D max-unpooling, as ``torch.nn.functional.max_unpool{rank}d``: the
    partial inverse of :func:`max_pool{rank}d` with ``return_indices=True``
    (SegNet-style upsampling).

    The output is zero except where an index points: each element of x is
    written to position ``indices`` (flat within its own output plane,
    ``(d*OH + h)*OW + w``, as max pooling returns them, in both layouts) of
    its plane. If indices repeat within a plane, the element last in raster
    order wins (what PyTorch's CPU kernel gives with one thread; with more
    threads its choice depends on the thread split). An index outside the
    output plane raises ValueError.

    Parameters
    ----------
    x : array_like, float32, float64, float16 or bfloat16
        ``layout="NCHW"``: shape ``(..., {spatial})``, every leading axis a
        batch axis; ``layout="NHWC"``: ``(..., {spatial}, C)``. Any strides.
    indices : array_like of integers, x's shape
        Usually the int64 indices of the max pooling that produced x.
    kernel_size, stride, padding : int or tuple of {rank} ints
        The max pooling's; stride defaults to kernel_size. Output size per
        axis: ``(L - 1)*stride - 2*padding + kernel_size``.
    output_size : tuple of {rank} ints, optional
        The spatial output size (or a whole shape: x's shape with the spatial
        sizes replaced), e.g. the pooled input's size when pooling dropped a
        remainder; each within ``stride`` of the default, exclusive.
    layout : "NCHW" or "NHWC" (also "NCW"/"NCDHW" and "NWC"/"NDHWC")
    out : ndarray, optional
        Written in place and returned; it must have the output's shape and dtype.

    Example
    -------
    >>> import numpy as np, resample
    >>> x = np.arange(16, dtype=np.float32).reshape(4, 4)
    >>> v, i = resample.max_pool2d(x, 2, return_indices=True)
    >>> resample.max_unpool2d(v, i, 2)
    array([[ 0.,  0.,  0.,  0.],
           [ 0.,  5.,  0.,  7.],
           [ 0.,  0.,  0.,  0.],
           [ 0., 13.,  0., 15.]], dtype=float32)
"""


def _make_max_unpool(rank):
    op = f"max_unpool{rank}d"

    def max_unpool(x, indices, kernel_size, stride=None, padding=0, output_size=None, *, layout="NCHW",
                   out=None):
        return _max_unpool(op, rank, x, indices, kernel_size, stride, padding, output_size, layout, out)

    max_unpool.__name__ = max_unpool.__qualname__ = op
    max_unpool.__doc__ = _DOC.format(rank=rank, spatial=_SPATIAL[rank])
    return max_unpool


max_unpool1d, max_unpool2d, max_unpool3d = (_make_max_unpool(r) for r in (1, 2, 3))
