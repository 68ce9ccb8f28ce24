"""Interpolation: linear, bilinear, trilinear and nearest resizing, with
PyTorch's results and ONNX Resize's coordinate conventions by name."""
from __future__ import annotations

import math
import numbers

import numpy as np

from . import _core
from ._args import as_input, channels_last, finish, flag, int_tuple, output_array, spatial_axes
from ._dtypes import LINEAR, NEAREST

COORDINATE_MODES = ("half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "half_pixel_symmetric")
NEAREST_MODES = ("floor", "nearest-exact", "round_prefer_floor", "round_prefer_ceil", "ceil")
_MAX_SIZE = 2**40


def _name(value, what: str, op: str, allowed: tuple) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{op}: {what} must be a str, one of {', '.join(map(repr, allowed))}; got {value!r}")
    if value == "tf_crop_and_resize" and what == "coordinate_mode":
        raise ValueError(f"{op}: coordinate_mode 'tf_crop_and_resize' needs a region of interest, which "
                         f"resample does not take; use one of {', '.join(map(repr, allowed))}")
    if value not in allowed:
        raise ValueError(f"{op}: {what} must be one of {', '.join(map(repr, allowed))}, got {value!r}")
    return value


def _scale_tuple(scale, rank: int, op: str, name: str) -> tuple:
    values = tuple(scale) if isinstance(scale, (tuple, list)) else (scale,) * rank
    if len(values) != rank:
        raise ValueError(f"{op}: {name} must be a number or a tuple of {rank} numbers, got {tuple(scale)!r}")
    for v in values:
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real):
            raise TypeError(f"{op}: {name} must be a number or a tuple of numbers, got {scale!r}")
        if not (math.isfinite(v) and v > 0):
            raise ValueError(f"{op}: {name} must be finite and positive, got {name}={scale!r}")
    return tuple(float(v) for v in values)


def _output_sizes(op, in_sizes, scale, size, rank, scale_name="scale", allow_empty=False):
    """(output sizes, per-axis scales for the coordinate transforms: the
    user's scale, or 0 when the size was given). Sizes are at least 1 unless
    `allow_empty` (mode "area", as PyTorch), and at most 2**40."""
    if (scale is None) == (size is None):
        got = "both" if scale is not None else "neither"
        raise ValueError(f"{op}: give exactly one of {scale_name} and size, got {got}")
    if size is not None:
        sizes = int_tuple(size, rank, "size", op, 0 if allow_empty else 1)
        return sizes, (0.0,) * rank
    scales = _scale_tuple(scale, rank, op, scale_name)
    sizes = []
    for axis, (length, s) in enumerate(zip(in_sizes, scales)):
        product = length * s
        if not product <= _MAX_SIZE:  # also a product that overflowed to inf
            raise ValueError(f"{op}: {scale_name}={s!r} makes spatial axis {axis} larger than {_MAX_SIZE}")
        resized = math.floor(product)
        if resized < 1 and length > 0 and not allow_empty:
            raise ValueError(f"{op}: {scale_name}={s!r} makes spatial axis {axis} (size {length}) empty; "
                             f"the output size floor(size * scale) must be at least 1")
        sizes.append(resized)
    return tuple(sizes), scales


def _resize(op, x, rank, scale, size, sampling, coordinate_mode, rounding, antialias, layout, out,
            scale_name="scale"):
    family = NEAREST if sampling == "nearest" else LINEAR
    x = as_input(x, op, family)
    last = channels_last(layout, op)
    axes = spatial_axes(x, rank, last, op)
    in_sizes = [x.shape[a] for a in axes]
    if 0 in in_sizes:
        raise ValueError(f"{op}: the spatial axes of x must not be empty, got shape {x.shape}")
    sizes, scales = _output_sizes(op, in_sizes, scale, size, rank, scale_name)
    shape = x.shape[: axes[0]] + tuple(sizes) + x.shape[axes[-1] + 1:]
    result, user_out = output_array(out, shape, x.dtype, (x,), op)
    if result.size == 0:
        return finish(result, user_out)

    def kernel(x, result):
        if not _rows_contiguous(x, last):
            x = np.ascontiguousarray(x)  # the kernels read each row (W x channels) as one run
        _core.interpolate(x, result, rank, last, list(sizes), list(scales), sampling, coordinate_mode, rounding,
                          antialias)

    if family is NEAREST and x.dtype not in NEAREST.native:
        # Any other dtype, exactly: nearest sampling is separable, so the
        # elements are taken at the per-axis indices the kernels would read,
        # one axis at a time (W first: the smaller array when upsampling),
        # the last into the result. (3x faster than one fancy index.)
        indices = _core.nearest_indices(in_sizes, list(sizes), list(scales), coordinate_mode, rounding)
        taken = x
        for k in reversed(range(rank)):
            index = np.asarray(indices[k], dtype=np.intp)
            if k > 0:
                taken = np.take(taken, index, axis=axes[k])
            else:  # mode="clip" (the indices are valid) writes `out` without buffering
                np.take(taken, index, axis=axes[k], out=result, mode="clip")
    else:
        family.run(x, result, kernel)
    return finish(result, user_out)


def _rows_contiguous(x, last):
    w_axis = x.ndim - (2 if last else 1)
    item = x.itemsize
    lanes = x.shape[-1] if last else 1
    if last and lanes > 1 and x.strides[-1] != item:
        return False
    return x.shape[w_axis] == 1 or x.strides[w_axis] == lanes * item


def _linear_family(op, rank, x, scale, size, align_corners, coordinate_mode, antialias, layout, out):
    align_corners = flag(align_corners, "align_corners", op)
    antialias = flag(antialias, "antialias", op)
    if coordinate_mode is None:
        coordinate_mode = "align_corners" if align_corners else "half_pixel"
    else:
        coordinate_mode = _name(coordinate_mode, "coordinate_mode", op, COORDINATE_MODES)
    return _resize(op, x, rank, scale, size, "linear", coordinate_mode, "torch_floor", antialias, layout, out)


def _nearest_rule(op, mode, coordinate_mode):
    """(coordinate mode, rounding rule) of a nearest mode; see the README."""
    mode = _name(mode, "mode", op, NEAREST_MODES)
    if coordinate_mode is not None:
        coordinate_mode = _name(coordinate_mode, "coordinate_mode", op, COORDINATE_MODES)
    if mode == "nearest-exact":
        if coordinate_mode not in (None, "half_pixel"):
            raise ValueError(f"{op}: mode 'nearest-exact' is defined with coordinate_mode 'half_pixel', "
                             f"got {coordinate_mode!r}; use mode='round_prefer_ceil' with other modes")
        return "half_pixel", "torch_exact"
    if mode == "floor":
        coordinate_mode = coordinate_mode or "asymmetric"
        return coordinate_mode, "torch_floor" if coordinate_mode == "asymmetric" else "floor"
    return coordinate_mode or "half_pixel", mode


_LINEAR_DOC = """Resizes the {n} spatial ax{es} of x by {kind} interpolation.

    Parameters
    ----------
    x : array_like, float32, float64, float16, bfloat16, uint8, uint16, int16 or int32
        Channels first (``layout="NCHW"``, or ``"{first}"``): shape
        ``(..., {spatial})``, every leading axis a batch axis. Channels last
        (``"NHWC"`` or ``"{last}"``): shape ``(..., {spatial}, C)``.
        Any strides; x is never modified.
    scale : float or tuple of {n} floats
        Output size ``floor(L * scale)`` per axis; the coordinate transform
        uses this scale (PyTorch's ``recompute_scale_factor=False``, ONNX
        Resize ``scales``). Give exactly one of scale and size.
    size : int or tuple of {n} ints
        Output size per axis; the scale is then ``size / L``.
    align_corners : bool
        PyTorch's meaning: False maps pixel centres (``half_pixel``), True
        maps the corner samples onto each other (``align_corners``).
    coordinate_mode : str, optional
        ONNX Resize's name, overriding align_corners: ``half_pixel``,
        ``pytorch_half_pixel``, ``align_corners``, ``asymmetric``,
        ``half_pixel_symmetric``.
    antialias : bool
        On downsampled axes, widen the triangle filter by the scale (PyTorch's
        and Pillow's antialias), so every input sample contributes.
    out : ndarray, optional
        Where to write the result (exact shape and dtype).

    Returns
    -------
    ndarray of x's dtype. float16 and bfloat16 are computed in float32 and
    rounded once; integers are computed in float32 (int32: float64), rounded
    half up and saturated.

    Example
    -------
{example}"""


def linear(x, scale=None, *, size=None, align_corners=False, coordinate_mode=None, antialias=False,
           layout="NCHW", out=None):
    return _linear_family("linear", 1, x, scale, size, align_corners, coordinate_mode, antialias, layout, out)


def bilinear(x, scale=None, *, size=None, align_corners=False, coordinate_mode=None, antialias=False,
             layout="NCHW", out=None):
    return _linear_family("bilinear", 2, x, scale, size, align_corners, coordinate_mode, antialias, layout, out)


def trilinear(x, scale=None, *, size=None, align_corners=False, coordinate_mode=None, antialias=False,
              layout="NCHW", out=None):
    return _linear_family("trilinear", 3, x, scale, size, align_corners, coordinate_mode, antialias, layout, out)


_LINEAR_EXAMPLES = {
    "linear": """    >>> resample.linear(np.array([0.0, 1.0, 4.0]), 2)
    array([0.  , 0.25, 0.75, 1.75, 3.25, 4.  ])
    >>> resample.linear(np.array([0.0, 1.0, 4.0]), size=5, align_corners=True)
    array([0. , 0.5, 1. , 2.5, 4. ])
""",
    "bilinear": """    >>> x = np.array([[0, 1], [2, 3]], dtype=np.float32)
    >>> resample.bilinear(x, 2)
    array([[0.  , 0.25, 0.75, 1.  ],
           [0.5 , 0.75, 1.25, 1.5 ],
           [1.5 , 1.75, 2.25, 2.5 ],
           [2.  , 2.25, 2.75, 3.  ]], dtype=float32)
    >>> image = np.zeros((480, 640, 3), np.uint8)
    >>> resample.bilinear(image, size=(240, 320), antialias=True, layout="NHWC").shape
    (240, 320, 3)
""",
    "trilinear": """    >>> volume = np.ones((1, 2, 4, 4, 4), np.float32)
    >>> resample.trilinear(volume, 2).shape
    (1, 2, 8, 8, 8)
""",
}
linear.__doc__ = _LINEAR_DOC.format(n=1, es="is", kind="linear", first="NCW", last="NWC", spatial="L",
                                    example=_LINEAR_EXAMPLES["linear"])
bilinear.__doc__ = _LINEAR_DOC.format(n=2, es="es", kind="bilinear", first="NCHW", last="NHWC", spatial="H, W",
                                      example=_LINEAR_EXAMPLES["bilinear"])
trilinear.__doc__ = _LINEAR_DOC.format(n=3, es="es", kind="trilinear", first="NCDHW", last="NDHWC",
                                       spatial="D, H, W", example=_LINEAR_EXAMPLES["trilinear"])


def nearest(x, scale=None, *, size=None, dims=None, mode="floor", coordinate_mode=None, layout="NCHW", out=None):
    """Resizes the spatial axes of x by nearest-neighbour sampling.

    The spatial rank is ``len(size)`` or ``len(scale)`` when one is a tuple,
    else ``dims`` (default 2). ``mode`` rounds the source coordinate:
    ``"floor"`` is PyTorch's ``nearest`` (with coordinate_mode
    ``asymmetric``, the default for it), ``"nearest-exact"`` is PyTorch's
    ``nearest-exact``; ``"round_prefer_floor"``, ``"round_prefer_ceil"``,
    ``"floor"`` and ``"ceil"`` are ONNX Resize's nearest modes on the
    coordinate of ``coordinate_mode`` (default ``half_pixel``). Coordinates
    are computed in float32, as PyTorch and onnxruntime do. Any float or
    integer dtype or bool, exactly (elements are only moved); the other
    parameters as in :func:`bilinear`.

    >>> x = np.array([[1, 2], [3, 4]], dtype=np.uint8)
    >>> resample.nearest(x, 2)
    array([[1, 1, 2, 2],
           [1, 1, 2, 2],
           [3, 3, 4, 4],
           [3, 3, 4, 4]], dtype=uint8)
    >>> resample.nearest(np.arange(5.0), (0.6,), mode="nearest-exact")
    array([0., 2., 4.])
    """
    op = "nearest"
    given = scale if scale is not None else size
    rank = len(given) if isinstance(given, (tuple, list)) else None
    if dims is not None:
        if isinstance(dims, (bool, np.bool_)) or not isinstance(dims, numbers.Integral):
            raise TypeError(f"{op}: dims must be an int, got {dims!r}")
        if dims not in (1, 2, 3):
            raise ValueError(f"{op}: dims must be 1, 2 or 3, got {dims!r}")
        if rank is not None and rank != dims:
            raise ValueError(f"{op}: dims={dims} disagrees with the {rank} entries of scale/size")
        rank = int(dims)
    rank = rank or 2
    if rank not in (1, 2, 3):
        raise ValueError(f"{op}: scale/size must have 1, 2 or 3 entries, got {given!r}")
    coordinate_mode, rounding = _nearest_rule(op, mode, coordinate_mode)
    return _resize(op, x, rank, scale, size, "nearest", coordinate_mode, rounding, False, layout, out)


_INTERPOLATE_MODES = {"nearest": None, "nearest-exact": None, "area": None, "linear": 1, "bilinear": 2,
                      "trilinear": 3}


def interpolate(x, size=None, scale_factor=None, mode="bilinear", align_corners=None, recompute_scale_factor=None,
                antialias=False, *, layout="NCHW"):
    """``torch.nn.functional.interpolate`` on NumPy arrays: the same
    parameters and results for the modes "nearest", "nearest-exact",
    "area", "linear", "bilinear" and "trilinear". x is ``(N, C, *spatial)``
    (``layout="NCHW"``) or ``(N, *spatial, C)`` (``layout="NHWC"``).
    Deviation: the default mode is "bilinear" (PyTorch's is "nearest").

    "area" is adaptive average pooling to the output size (see
    :func:`adaptive_avg_pool2d`), float32 and float64: with scale_factor the
    size is ``floor(L * scale_factor)`` (as PyTorch, which always recomputes
    it for this mode; 0 gives an empty axis); align_corners must be None and
    antialias False.

    >>> x = np.zeros((2, 21, 64, 64), np.float32)   # FCN-8s logits
    >>> resample.interpolate(x, scale_factor=8).shape
    (2, 21, 512, 512)
    >>> resample.interpolate(x, size=(100, 80), mode="nearest").shape
    (2, 21, 100, 80)
    """
    op = "interpolate"
    mode = _name(mode, "mode", op, tuple(_INTERPOLATE_MODES))
    x = as_input(x, op, NEAREST if mode in ("nearest", "nearest-exact") else LINEAR)
    rank = _INTERPOLATE_MODES[mode]
    if rank is None:
        rank = x.ndim - 2
        if rank not in (1, 2, 3):
            raise ValueError(f"{op}: mode {mode!r} takes x of 3, 4 or 5 dimensions (N, C, *spatial), "
                             f"got shape {x.shape}")
    elif x.ndim != rank + 2:
        raise ValueError(f"{op}: mode {mode!r} takes x of {rank + 2} dimensions (N, C, *spatial), "
                         f"got shape {x.shape}")
    last = channels_last(layout, op)
    antialias = flag(antialias, "antialias", op)
    if recompute_scale_factor is not None:
        recompute_scale_factor = flag(recompute_scale_factor, "recompute_scale_factor", op)
    if recompute_scale_factor and size is not None:
        raise ValueError(f"{op}: recompute_scale_factor is not meaningful with an explicit size")
    if mode == "area":  # always sizes from scale_factor, as recompute_scale_factor=True
        return _area(op, x, rank, size, scale_factor, align_corners, antialias, last, layout)
    if recompute_scale_factor and scale_factor is not None:
        axes = spatial_axes(x, rank, last, op)
        size, _ = _output_sizes(op, [x.shape[a] for a in axes], scale_factor, None, rank, "scale_factor")
        scale_factor = None
    if _INTERPOLATE_MODES[mode] is None:
        if align_corners is not None:
            raise ValueError(f"{op}: align_corners can only be set with the interpolating modes "
                             f"linear, bilinear and trilinear, got mode {mode!r}")
        if antialias:
            raise ValueError(f"{op}: antialias applies to the linear modes, not to mode {mode!r}")
        coordinate_mode, rounding = _nearest_rule(op, "floor" if mode == "nearest" else mode, None)
        return _resize(op, x, rank, scale_factor, size, "nearest", coordinate_mode, rounding, False, layout,
                       None, "scale_factor")
    align_corners = flag(False if align_corners is None else align_corners, "align_corners", op)
    coordinate_mode = "align_corners" if align_corners else "half_pixel"
    return _resize(op, x, rank, scale_factor, size, "linear", coordinate_mode, "torch_floor", antialias, layout,
                   None, "scale_factor")


def _area(op, x, rank, size, scale_factor, align_corners, antialias, last, layout):
    """mode="area": adaptive average pooling to the size (PyTorch's definition)."""
    from ._pool import _adaptive_pool  # the pooling module imports nothing from here

    if align_corners is not None:
        raise ValueError(f"{op}: align_corners can only be set with the interpolating modes "
                         f"linear, bilinear and trilinear, got mode 'area'")
    if antialias:
        raise ValueError(f"{op}: antialias applies to the linear modes, not to mode 'area'")
    axes = spatial_axes(x, rank, last, op)
    sizes, _ = _output_sizes(op, [x.shape[a] for a in axes], scale_factor, size, rank, "scale_factor",
                             allow_empty=True)
    return _adaptive_pool(op, "avg", rank, x, sizes, False, layout, None)
