"""Slow, obviously-correct NumPy reference for transposed convolution.

Written from the definition (PyTorch's): input element x[n, ci, i] times
weight w[ci, co_g, k] is added to output y[n, g*C_out_g + co_g, o] with
o = i*stride - padding + k*dilation, for every tap k and every ci of group g;
outputs outside [0, out_size) are dropped. Per tap that is one strided slice
``+=`` of an einsum over the group's input channels: no phase decomposition,
no matrix packing, nothing shared with the C++ kernels.
"""

import itertools

import numpy as np


def as_tuple(v, rank):
    return tuple(int(e) for e in v) if isinstance(v, (tuple, list)) else (int(v),) * rank


def output_size(length, kernel, stride, padding, output_padding, dilation):
    return (length - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1


def conv_transpose_ref(x, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1,
                       layout="NCHW"):
    """x: (N, C_in, *spatial) or (N, *spatial, C_in) with layout="NHWC"; returns the
    output in the same layout, accumulated in float64 and cast to x's dtype."""
    x = np.asarray(x)
    weight = np.asarray(weight)
    rank = weight.ndim - 2
    if layout == "NHWC":
        x = np.moveaxis(x, -1, 1)
    s, p, op, d = (as_tuple(v, rank) for v in (stride, padding, output_padding, dilation))
    n, cin = x.shape[:2]
    spatial_in = x.shape[2:]
    kernel = weight.shape[2:]
    cin_g, cout_g = cin // groups, weight.shape[1]
    spatial_out = tuple(output_size(*args) for args in zip(spatial_in, kernel, s, p, op, d))
    # Accumulate into an output padded by `padding` on both sides (plus room for
    # the widest tap), then crop: every tap is then an in-range strided slice.
    full = tuple(so + 2 * pp + dd * (kk - 1) + ss for so, pp, dd, kk, ss in zip(spatial_out, p, d, kernel, s))
    acc = np.zeros((n, groups * cout_g) + full, dtype=np.float64)
    xg = x.astype(np.float64).reshape((n, groups, cin_g) + spatial_in)
    wg = weight.astype(np.float64).reshape((groups, cin_g, cout_g) + tuple(kernel))
    for taps in itertools.product(*(range(kk) for kk in kernel)):
        w_tap = wg[(Ellipsis,) + taps]  # (groups, cin_g, cout_g)
        contrib = np.einsum("ngc...,gco->ngo...", xg, w_tap).reshape((n, groups * cout_g) + spatial_in)
        index = (slice(None), slice(None)) + tuple(
            slice(t * dd, t * dd + (li - 1) * ss + 1, ss) for t, dd, li, ss in zip(taps, d, spatial_in, s))
        acc[index] += contrib
    crop = (slice(None), slice(None)) + tuple(slice(pp, pp + so) for pp, so in zip(p, spatial_out))
    y = acc[crop]
    if bias is not None:
        y = y + np.asarray(bias, dtype=np.float64).reshape((1, -1) + (1,) * rank)
    if layout == "NHWC":
        y = np.moveaxis(y, 1, -1)
    return np.ascontiguousarray(y.astype(x.dtype))
