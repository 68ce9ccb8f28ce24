"""Fixed filters for learnable upsampling layers."""
from __future__ import annotations

import numpy as np

from ._args import positive_int


def bilinear_kernel(factor, channels=None, dtype=np.float32):
    """The FCN upsampling filter: the weights that make a stride-``factor``
    transposed convolution interpolate bilinearly.

    Its size is ``k = 2*factor - factor % 2``; entry ``(i, j)`` is
    ``(1 - |i - c| / f) * (1 - |j - c| / f)`` with ``f = (k + 1) // 2`` and
    centre ``c = f - 1`` (odd k) or ``f - 0.5`` (even k), as in FCN's
    ``upsample_filt``. Returns the ``(k, k)`` filter, or with ``channels=C`` the
    ``(C, 1, k, k)`` weight of a depthwise layer (``groups=C``)::

        w = resample.bilinear_kernel(f, channels=C)
        y = resample.conv_transpose2d(x, w, stride=f, padding=f // 2, groups=C)

    maps ``(N, C, H, W)`` to ``(N, C, f*H, f*W)``, and equals
    ``bilinear(x, f)`` with ``align_corners=False`` (half-pixel centres, source
    ``(o + 0.5)/f - 0.5``) everywhere except the ``f // 2`` outermost rows and
    columns on each side. There bilinear interpolation clamps to the edge
    pixel while the transposed convolution sees zeros beyond the input, so the
    border is darker: its weights sum to less than one (for f=2, the outermost
    output row is ``0.75 * x[0]`` instead of ``x[0]``). FCN crops those borders.

    >>> resample.bilinear_kernel(2)
    array([[0.0625, 0.1875, 0.1875, 0.0625],
           [0.1875, 0.5625, 0.5625, 0.1875],
           [0.1875, 0.5625, 0.5625, 0.1875],
           [0.0625, 0.1875, 0.1875, 0.0625]], dtype=float32)
    >>> resample.bilinear_kernel(3, channels=21).shape
    (21, 1, 5, 5)
    """
    op = "bilinear_kernel"
    factor = positive_int(factor, "factor", op)
    if channels is not None:
        channels = positive_int(channels, "channels", op)
    try:
        dtype = np.dtype(dtype)
    except TypeError as error:
        raise TypeError(f"{op}: dtype must be a floating-point dtype, got {dtype!r}") from error
    if dtype.kind != "f" and dtype.name != "bfloat16":  # ml_dtypes' bfloat16 has kind "V"
        raise TypeError(f"{op}: dtype must be a floating-point dtype, got {dtype}")
    size = 2 * factor - factor % 2
    f = (size + 1) // 2
    centre = f - 1 if size % 2 == 1 else f - 0.5
    ramp = 1 - np.abs(np.arange(size) - centre) / f
    kernel = np.outer(ramp, ramp).astype(dtype)
    if channels is None:
        return kernel
    return np.ascontiguousarray(np.broadcast_to(kernel, (channels, 1, size, size)))

