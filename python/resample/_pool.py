"""Max and average pooling, 1D/2D/3D, with PyTorch's parameters and results."""
from __future__ import annotations

import numbers
import operator

import numpy as np

from . import _core
from ._args import as_input, channels_last, finish, flag, int_tuple, output_array, positive_int, spatial_axes
from ._dtypes import MAX, MEAN

_SPATIAL = {1: "L", 2: "H, W", 3: "D, H, W"}
_MAX_SIZE = 2**40


def _window(op, rank, kernel_size, stride, padding, dilation):
    kernel = int_tuple(kernel_size, rank, "kernel_size", op, 1)
    stride = kernel if stride is None else int_tuple(stride, rank, "stride", op, 1)
    padding = int_tuple(padding, rank, "padding", op, 0)
    dilation = int_tuple(dilation, rank, "dilation", op, 1)
    return kernel, stride, padding, dilation


def _pool(op, kind, rank, x, kernel_size, stride, padding, dilation, ceil_mode, layout, out,
          return_indices=False, count_include_pad=True, divisor_override=None):
    family = MAX if kind == "max" else MEAN
    x = as_input(x, op, family)
    last = channels_last(layout, op)
    axes = spatial_axes(x, rank, last, op)
    kernel, stride, padding, dilation = _window(op, rank, kernel_size, stride, padding, dilation)
    divisor = 0 if divisor_override is None else positive_int(divisor_override, "divisor_override", op)
    ceil_mode = flag(ceil_mode, "ceil_mode", op)
    return_indices = flag(return_indices, "return_indices", op)
    count_include_pad = flag(count_include_pad, "count_include_pad", op)
    sizes = _core.pool_output_sizes(op, rank, [x.shape[a] for a in axes], kernel, stride, padding,
                                    dilation, ceil_mode)
    shape = x.shape[: axes[0]] + tuple(sizes) + x.shape[axes[-1] + 1:]

    values, user_values, indices, user_indices = _outputs(op, x, shape, out, return_indices)
    family.run(x, values, lambda x, values: _core.pool(op, kind, x, values, indices, rank, last, kernel, stride,
                                                       padding, dilation, ceil_mode, count_include_pad, divisor))
    if return_indices:
        return finish(values, user_values), finish(indices, user_indices)
    return finish(values, user_values)


def _outputs(op, x, shape, out, return_indices):
    """(values, user's values out, indices, user's indices out): the arrays
    the kernel writes and the user's non-contiguous ones to copy them into."""
    if return_indices:
        if out is not None and not (isinstance(out, tuple) and len(out) == 2):
            raise TypeError(f"{op}: with return_indices=True, out must be a tuple (values, indices) or None, "
                            f"got {type(out).__name__}")
        values_out, indices_out = out if out is not None else (None, None)
        values, user_values = output_array(values_out, shape, x.dtype, (x,), op, "out[0]")
        written = (x, values) if user_values is None else (x, values, user_values)
        indices, user_indices = output_array(indices_out, shape, np.int64, written, op, "out[1]")
        return values, user_values, indices, user_indices
    values, user_values = output_array(out, shape, x.dtype, (x,), op)
    return values, user_values, None, None


def adaptive_output_size(output_size, in_sizes, op):
    """PyTorch's output_size of adaptive pooling: an int or one entry per
    spatial axis, each an int >= 0 or None (keep that axis's input size)."""
    rank = len(in_sizes)
    if isinstance(output_size, (tuple, list)):
        if len(output_size) != rank:
            raise ValueError(f"{op}: output_size must be an int or a tuple of {rank} ints (or None), "
                             f"got {tuple(output_size)!r}")
        values = tuple(output_size)
    else:
        if output_size is None:
            raise TypeError(f"{op}: output_size must be an int or a tuple of {rank} ints (or None), got None")
        values = (output_size,) * rank
    sizes = []
    for v, length in zip(values, in_sizes):
        if v is None:
            sizes.append(length)
            continue
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Integral):
            raise TypeError(f"{op}: output_size must be an int or a tuple of {rank} ints (or None), "
                            f"got {output_size!r}")
        if v < 0:
            raise ValueError(f"{op}: output_size must be non-negative, got output_size={output_size!r}")
        if v > _MAX_SIZE:
            raise ValueError(f"{op}: output_size must be at most {_MAX_SIZE}, got output_size={output_size!r}")
        sizes.append(operator.index(v))
    return tuple(sizes)


def _adaptive_pool(op, kind, rank, x, output_size, return_indices, layout, out):
    family = MAX if kind == "max" else MEAN
    x = as_input(x, op, family)
    last = channels_last(layout, op)
    axes = spatial_axes(x, rank, last, op)
    in_sizes = tuple(x.shape[a] for a in axes)
    sizes = adaptive_output_size(output_size, in_sizes, op)
    if 0 in in_sizes:
        raise ValueError(f"{op}: the spatial axes of x must not be empty, got shape {x.shape}")
    return_indices = flag(return_indices, "return_indices", op)
    shape = x.shape[: axes[0]] + sizes + x.shape[axes[-1] + 1:]
    values, user_values, indices, user_indices = _outputs(op, x, shape, out, return_indices)
    family.run(x, values, lambda x, values: _core.adaptive_pool(op, kind, x, values, indices, rank, last,
                                                                list(sizes)))
    if return_indices:
        return finish(values, user_values), finish(indices, user_indices)
    return finish(values, user_values)


_COMMON_DOC = """
    x : array_like, {dtypes}
        ``layout="NCHW"``: shape ``(..., {spatial})``; every leading axis is a
        batch axis, so an unbatched ``({spatial})`` array works.
        ``layout="NHWC"``: shape ``(..., {spatial}, C)``, channels last.
        Any strides; x is never modified.
    kernel_size, stride, padding, dilation : int or tuple of {rank} ints
        stride defaults to kernel_size. Output size per axis:
        ``floor((L + 2*padding - dilation*(kernel_size-1) - 1) / stride) + 1``
        (ceil with ``ceil_mode``, dropping a last window that would start in
        the right padding). Padding may exceed half the kernel, but every
        window must cover at least one input element.
    layout : "NCHW" or "NHWC" (also "NCW"/"NCDHW" and "NWC"/"NDHWC")
    out : ndarray, optional
        Written in place and returned; it must have the output's shape and dtype."""

_MAX_DOC = """{rank}D max pooling, as ``torch.nn.functional.max_pool{rank}d``.

    Each output is the largest element of its window; padding never wins. A
    window holding NaN gives NaN, and ties go to the first element in raster
    order (PyTorch's rule: an element replaces the best so far if it is
    larger or NaN).
{common}
    return_indices : bool
        Also return int64 indices of the maxima, flat within each element's
        own input plane (``(d*H + h)*W + w``; PyTorch's convention, in both
        layouts). ``out`` is then a tuple ``(values, indices)``.

    Example
    -------
    >>> import numpy as np, resample
    >>> x = np.arange(16, dtype=np.float32).reshape(4, 4)
    >>> resample.max_pool2d(x, 2)
    array([[ 5.,  7.],
           [13., 15.]], dtype=float32)
"""

_AVG_DOC = """{rank}D average pooling, as ``torch.nn.functional.avg_pool{rank}d``.

    Each output is the sum of its window's input elements divided by
    ``divisor_override`` if given, else, with ``count_include_pad=True``,
    by the number of window taps inside the padded input (taps in a
    ``ceil_mode`` overhang beyond the padding are not counted), else by the
    number of taps inside the input. PyTorch's positional order is kept;
    ``dilation`` (an ONNX extension) is keyword-only.
{common}

    Example
    -------
    >>> import numpy as np, resample
    >>> x = np.arange(16, dtype=np.float32).reshape(4, 4)
    >>> resample.avg_pool2d(x, 2)
    array([[ 2.5,  4.5],
           [10.5, 12.5]], dtype=float32)
"""


def _make_max_pool(rank):
    op = f"max_pool{rank}d"

    def max_pool(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                 return_indices=False, *, layout="NCHW", out=None):
        return _pool(op, "max", rank, x, kernel_size, stride, padding, dilation, ceil_mode, layout, out,
                     return_indices=return_indices)

    max_pool.__name__ = max_pool.__qualname__ = op
    common = _COMMON_DOC.format(rank=rank, spatial=_SPATIAL[rank], dtypes=MAX.summary)
    max_pool.__doc__ = _MAX_DOC.format(rank=rank, common=common)
    return max_pool


def _make_avg_pool(rank):
    op = f"avg_pool{rank}d"

    def avg_pool(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                 divisor_override=None, *, dilation=1, layout="NCHW", out=None):
        return _pool(op, "avg", rank, x, kernel_size, stride, padding, dilation, ceil_mode, layout, out,
                     count_include_pad=count_include_pad, divisor_override=divisor_override)

    avg_pool.__name__ = avg_pool.__qualname__ = op
    common = _COMMON_DOC.format(rank=rank, spatial=_SPATIAL[rank], dtypes=MEAN.summary)
    avg_pool.__doc__ = _AVG_DOC.format(rank=rank, common=common)
    return avg_pool


max_pool1d, max_pool2d, max_pool3d = (_make_max_pool(r) for r in (1, 2, 3))
avg_pool1d, avg_pool2d, avg_pool3d = (_make_avg_pool(r) for r in (1, 2, 3))


_ADAPTIVE_COMMON = """
    x : array_like, {dtypes}
        ``layout="NCHW"``: shape ``(..., {spatial})``; every leading axis is a
        batch axis. ``layout="NHWC"``: shape ``(..., {spatial}, C)``. Any
        strides; x is never modified. Spatial axes must not be empty.
    output_size : int or tuple of {rank} (int or None)
        Output size per spatial axis (>= 0); None keeps the input's size.
        Output ``o`` of an axis of input length ``L`` covers the input
        positions ``floor(o*L/out) <= i < ceil((o+1)*L/out)`` (PyTorch's
        windows: they tile the axis and overlap where L is not a multiple of
        out).
    layout : "NCHW" or "NHWC" (also "NCW"/"NCDHW" and "NWC"/"NDHWC")
    out : ndarray, optional
        Written in place and returned; it must have the output's shape and dtype."""

_ADAPTIVE_AVG_DOC = """{rank}D adaptive average pooling, as
    ``torch.nn.functional.adaptive_avg_pool{rank}d``: each output is the mean
    of its window (see output_size).
{common}

    Example
    -------
    >>> import numpy as np, resample
    >>> x = np.arange(16, dtype=np.float32).reshape(4, 4)
    >>> resample.adaptive_avg_pool2d(x, 1)
    array([[7.5]], dtype=float32)
"""

_ADAPTIVE_MAX_DOC = """{rank}D adaptive max pooling, as
    ``torch.nn.functional.adaptive_max_pool{rank}d``: each output is the
    largest element of its window (see output_size). NaN and ties as in
    :func:`max_pool{rank}d`: a window holding NaN gives NaN, ties go to the
    first element in raster order.
{common}
    return_indices : bool
        Also return int64 indices of the maxima, flat within each element's
        own input plane (``(d*H + h)*W + w``, in both layouts). ``out`` is
        then a tuple ``(values, indices)``.

    Example
    -------
    >>> import numpy as np, resample
    >>> x = np.arange(16, dtype=np.float32).reshape(4, 4)
    >>> resample.adaptive_max_pool2d(x, 2)
    array([[ 5.,  7.],
           [13., 15.]], dtype=float32)
"""


def _make_adaptive_avg_pool(rank):
    op = f"adaptive_avg_pool{rank}d"

    def adaptive_avg_pool(x, output_size, *, layout="NCHW", out=None):
        return _adaptive_pool(op, "avg", rank, x, output_size, False, layout, out)

    adaptive_avg_pool.__name__ = adaptive_avg_pool.__qualname__ = op
    common = _ADAPTIVE_COMMON.format(rank=rank, spatial=_SPATIAL[rank], dtypes=MEAN.summary)
    adaptive_avg_pool.__doc__ = _ADAPTIVE_AVG_DOC.format(rank=rank, common=common)
    return adaptive_avg_pool


def _make_adaptive_max_pool(rank):
    op = f"adaptive_max_pool{rank}d"

    def adaptive_max_pool(x, output_size, return_indices=False, *, layout="NCHW", out=None):
        return _adaptive_pool(op, "max", rank, x, output_size, return_indices, layout, out)

    adaptive_max_pool.__name__ = adaptive_max_pool.__qualname__ = op
    common = _ADAPTIVE_COMMON.format(rank=rank, spatial=_SPATIAL[rank], dtypes=MAX.summary)
    adaptive_max_pool.__doc__ = _ADAPTIVE_MAX_DOC.format(rank=rank, common=common)
    return adaptive_max_pool


adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d = (_make_adaptive_avg_pool(r) for r in (1, 2, 3))
adaptive_max_pool1d, adaptive_max_pool2d, adaptive_max_pool3d = (_make_adaptive_max_pool(r) for r in (1, 2, 3))
