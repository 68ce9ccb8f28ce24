"""Transposed convolution ("deconvolution"), 1D/2D/3D, with PyTorch's
parameters, shapes and results, computed without zero insertion."""
from __future__ import annotations

import numbers

import numpy as np

from . import _core
from ._args import as_input, channels_last, finish, int_tuple, output_array, positive_int
from ._dtypes import FLOAT

_SPATIAL = {1: "L", 2: "H, W", 3: "D, H, W"}


def _same_dtype(a, name: str, dtype: np.dtype, op: str) -> np.ndarray:
    """`a` as a C-contiguous native array of x's dtype; mixed dtypes are a TypeError
    (as in PyTorch: nothing is converted silently)."""
    arr = np.asarray(a)
    if arr.dtype.newbyteorder("=") != dtype:
        raise TypeError(f"{op}: {name} must have the dtype of x ({dtype}), got {arr.dtype}")
    return np.ascontiguousarray(arr, dtype=dtype)


def _output_padding_for(op, rank, output_size, unbatched, in_sizes, kernel, stride, padding, dilation):
    """PyTorch's ConvTranspose module rule: the output_padding that gives
    `output_size`, which must lie within [smallest, smallest + stride - 1]."""
    if isinstance(output_size, (numbers.Integral, np.integer)) and not isinstance(output_size, bool):
        output_size = (output_size,) * rank
    if not isinstance(output_size, (tuple, list)):
        raise TypeError(f"{op}: output_size must be a tuple of ints or None, got {output_size!r}")
    leading = 1 if unbatched else 2
    sizes = tuple(output_size)
    if len(sizes) == rank + leading:
        sizes = sizes[leading:]
    if len(sizes) != rank:
        raise ValueError(f"{op}: output_size must have {rank} (or {rank + leading}) entries, got {tuple(output_size)!r}")
    sizes = int_tuple(sizes, rank, "output_size", op, 0)
    result = []
    for axis, size in enumerate(sizes):
        smallest = ((in_sizes[axis] - 1) * stride[axis] - 2 * padding[axis]
                    + dilation[axis] * (kernel[axis] - 1) + 1)
        largest = smallest + stride[axis] - 1
        if not smallest <= size <= largest:
            raise ValueError(f"{op}: requested output_size {sizes}, but axis {axis} can only be "
                             f"{smallest} to {largest} for an input of spatial size {tuple(in_sizes)}")
        result.append(size - smallest)
    return tuple(result)


def _conv_transpose(op, rank, x, weight, bias, stride, padding, output_padding, groups, dilation,
                    output_size, layout, out, path="auto"):
    x = as_input(x, op)
    last = channels_last(layout, op)
    if x.ndim not in (rank + 1, rank + 2):
        shape = f"(N, {_SPATIAL[rank]}, C)" if last else f"(N, C, {_SPATIAL[rank]})"
        raise ValueError(f"{op}: x must have shape {shape}, with or without N, got shape {x.shape}")
    unbatched = x.ndim == rank + 1
    batched = x[np.newaxis] if unbatched else x
    weight = _same_dtype(weight, "weight", x.dtype, op)
    if weight.ndim != rank + 2:
        raise ValueError(f"{op}: weight must have shape (C_in, C_out/groups, {'k, ' * rank}) "
                         f"({rank + 2} dimensions), got shape {weight.shape}")
    groups = positive_int(groups, "groups", op)
    in_channels = batched.shape[-1] if last else batched.shape[1]
    if weight.shape[0] != in_channels:
        raise ValueError(f"{op}: x has {in_channels} input channels but weight.shape[0] is "
                         f"{weight.shape[0]} (weight is (C_in, C_out/groups, k...))")
    if in_channels % groups != 0:
        raise ValueError(f"{op}: the input channels ({in_channels}) must be divisible by groups ({groups})")
    out_channels = weight.shape[1] * groups
    if bias is not None:
        bias = _same_dtype(bias, "bias", x.dtype, op)
        if bias.shape != (out_channels,):
            raise ValueError(f"{op}: bias must have shape (C_out,) = ({out_channels},), got {bias.shape}")

    kernel = weight.shape[2:]
    stride = int_tuple(stride, rank, "stride", op, 1)
    padding = int_tuple(padding, rank, "padding", op, 0)
    dilation = int_tuple(dilation, rank, "dilation", op, 1)
    output_padding = int_tuple(output_padding, rank, "output_padding", op, 0)
    in_sizes = batched.shape[1:-1] if last else batched.shape[2:]
    if output_size is not None:
        if any(output_padding):
            raise ValueError(f"{op}: give output_size or output_padding, not both")
        output_padding = _output_padding_for(op, rank, output_size, unbatched, in_sizes, kernel, stride,
                                             padding, dilation)
    sizes = tuple(_core.conv_transpose_output_sizes(op, rank, list(in_sizes), list(kernel), stride, padding,
                                                    output_padding, dilation))
    shape = (batched.shape[0],) + ((*sizes, out_channels) if last else (out_channels, *sizes))
    user_shape = shape[1:] if unbatched else shape
    result, user_out = output_array(out, user_shape, x.dtype, (x, weight) if bias is None else (x, weight, bias), op)

    def kernel(x, result):  # weight and bias in the kernel's type too (float16 runs in float32)
        w = weight.astype(x.dtype, copy=False)
        b = None if bias is None else bias.astype(x.dtype, copy=False)
        _core.conv_transpose(op, x, w, b, result, rank, last, stride, padding, output_padding, groups, dilation, path)

    FLOAT.run(batched, result[np.newaxis] if unbatched else result, kernel)
    return finish(result, user_out)


_DOC = """{rank}D transposed convolution, as ``torch.nn.functional.conv_transpose{rank}d``.

    Input element ``x[n, ci, i]`` times ``weight[ci, co, k]`` is added to output
    ``[n, g*C_out/groups + co, i*stride - padding + k*dilation]`` (g = the group of
    ci), for every tap k; then ``bias`` is added. It is computed per output phase
    (outputs o with the same ``o mod stride`` see the same taps), as a packed
    matrix multiply or, for groups with fewer than 4 output channels (depthwise
    layers), directly: never by inserting zeros. Sums run in the input's dtype,
    with fused multiply-add where the CPU has it, so results match PyTorch within
    floating-point rounding, not bit for bit.

    Parameters
    ----------
    x : array_like, float32, float64, float16 or bfloat16 (computed in float32, rounded once)
        ``layout="NCHW"``: ``(N, C_in, {spatial})`` or unbatched ``(C_in, {spatial})``.
        ``layout="NHWC"``: ``(N, {spatial}, C_in)`` or ``({spatial}, C_in)``; the result
        is then channels-last too. Any strides; x is never modified.
    weight : array_like, x's dtype
        ``(C_in, C_out/groups, {kernel})``, PyTorch's layout in either ``layout``.
    bias : array_like of shape (C_out,), x's dtype, optional
    stride, padding, output_padding, dilation : int or tuple of {rank} ints
        Output size per axis: ``(L-1)*stride - 2*padding + dilation*(k-1) +
        output_padding + 1``; output_padding must be smaller than stride or
        dilation.
    groups : int
        C_in and C_out are split into ``groups`` independent groups.
    output_size : tuple of {rank} ints, optional
        Picks output_padding as ``torch.nn.ConvTranspose{rank}d(...)(x, output_size)``
        does (the batch and channel sizes may lead the tuple).
    layout : "NCHW" or "NHWC" (also "NCW"/"NCDHW" and "NWC"/"NDHWC")
    out : ndarray, optional
        Written in place and returned; it must have the output's shape and dtype.

    Example
    -------
    >>> import numpy as np, resample
    >>> x = np.array([[[1.0, 2.0]]], dtype=np.float32)          # (C_in=1, H=1, W=2)
    >>> w = np.ones((1, 1, 1, 3), dtype=np.float32)              # (C_in, C_out, 1, 3)
    >>> resample.conv_transpose2d(x, w, stride=2)
    array([[[1., 1., 3., 2., 2.]]], dtype=float32)
"""


def _make(rank):
    op = f"conv_transpose{rank}d"

    def conv_transpose(x, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1, *,
                       output_size=None, layout="NCHW", out=None):
        return _conv_transpose(op, rank, x, weight, bias, stride, padding, output_padding, groups, dilation,
                               output_size, layout, out)

    conv_transpose.__name__ = conv_transpose.__qualname__ = op
    conv_transpose.__doc__ = _DOC.format(rank=rank, spatial=_SPATIAL[rank],
                                         kernel=", ".join(f"k{a}" for a in "dhw"[3 - rank:]))
    return conv_transpose


conv_transpose1d, conv_transpose2d, conv_transpose3d = (_make(r) for r in (1, 2, 3))
