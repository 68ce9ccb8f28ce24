"""Slow, obviously-correct NumPy references for resample's interpolation
(linear / bilinear / trilinear / nearest / interpolate), written directly from
the formulas of notes/interp_spec.md, not from the implementation.

Structure: every spatial axis gets a table, built with plain Python scalar
arithmetic, one output position at a time:

* linear family: for each output index o a list of (input index, weight)
  pairs, in float64 (2 taps for plain linear sampling, the whole in-range
  triangle support for antialias);
* nearest: for each output index o one input index, computed in IEEE single
  precision with np.float32 scalars, every step rounded as the spec says.

The tables are then applied separably, one spatial axis after the other
(np.take along the axis + weighted sum), to the data converted to float64,
which is exact up to float64 rounding for every output dtype. Any number of
leading batch axes, both layouts, ranks 1..3.

The linear references return float64; ``expected_linear`` / ``assert_linear_close``
turn that into the per-dtype comparison of the test suite (float32 and float64 with
tolerances, uint8 within 1 and exact away from .5 ties). The nearest references
return the chosen input elements themselves (exact, input dtype).
"""

import math

import numpy as np

__all__ = [
    "CHANNELS_FIRST",
    "CHANNELS_LAST",
    "COORDINATE_MODES",
    "NEAREST_MODES",
    "out_sizes",
    "source_coordinate",
    "linear_axis_table",
    "nearest_axis_indices",
    "linear_ref",
    "nearest_ref",
    "interpolate_ref",
    "output_shape",
    "expected_linear",
    "assert_linear_close",
]

CHANNELS_FIRST = ("NCHW", "NCW", "NCDHW")
CHANNELS_LAST = ("NHWC", "NWC", "NDHWC")
COORDINATE_MODES = ("half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric",
                    "half_pixel_symmetric")
NEAREST_MODES = ("floor", "nearest-exact", "round_prefer_floor", "round_prefer_ceil", "ceil")

f32 = np.float32


# ----------------------------------------------------------------------------
# axes and sizes
# ----------------------------------------------------------------------------
def _per_axis(v, rank):
    if isinstance(v, (tuple, list)):
        if len(v) != rank:
            raise ValueError(f"expected {rank} values, got {len(v)}")
        return tuple(v)
    return (v,) * rank


def _is_last(layout):
    if layout in CHANNELS_FIRST:
        return False
    if layout in CHANNELS_LAST:
        return True
    raise ValueError(f"unknown layout {layout!r}")


def _spatial_axes(ndim, rank, layout):
    """Axis numbers of the spatial axes of an ndim-dimensional array."""
    last = _is_last(layout)
    need = rank + (1 if last else 0)
    if ndim < need:
        raise TypeError("too few dims")
    first = ndim - need
    return tuple(range(first, first + rank))


def out_sizes(in_sizes, scale=None, size=None):
    """(output lengths, per-axis scale s of the coordinate formulas, scale_given).

    Output length = floor(L * scale) computed in float64 when scale is given
    (s = the given scale), else size (s = out / in)."""
    rank = len(in_sizes)
    if (scale is None) == (size is None):
        raise ValueError("exactly one of scale and size")
    if scale is not None:
        sc = tuple(float(v) for v in _per_axis(scale, rank))
        outs = tuple(int(math.floor(L * s)) for L, s in zip(in_sizes, sc))
        if any(o < 1 for o in outs):
            raise ValueError("output length 0")
        return outs, sc, True
    outs = tuple(int(v) for v in _per_axis(size, rank))
    sc = tuple(o / L for o, L in zip(outs, in_sizes))
    return outs, sc, False


def output_shape(shape, rank, scale=None, size=None, layout="NCHW"):
    axes = _spatial_axes(len(shape), rank, layout)
    outs, _, _ = out_sizes(tuple(shape[a] for a in axes), scale, size)
    shape = list(shape)
    for a, o in zip(axes, outs):
        shape[a] = o
    return tuple(shape)


# ----------------------------------------------------------------------------
# linear family: float64 tables
# ----------------------------------------------------------------------------
def source_coordinate(o, in_len, out_len, s, mode):
    """Source position of output index o, float64, not clamped (spec formulas)."""
    if mode == "half_pixel":
        return (o + 0.5) / s - 0.5
    if mode == "pytorch_half_pixel":
        return (o + 0.5) / s - 0.5 if out_len > 1 else 0.0
    if mode == "align_corners":
        return o * (in_len - 1) / (out_len - 1) if out_len > 1 else 0.0
    if mode == "asymmetric":
        return o / s
    if mode == "half_pixel_symmetric":
        adj = out_len / (s * in_len)
        offset = in_len / 2 * (1 - adj)
        return offset + (o + 0.5) / s - 0.5
    raise ValueError(f"unknown coordinate_mode {mode!r}")


def _resolve_coordinate_mode(align_corners, coordinate_mode):
    if coordinate_mode is not None:
        return coordinate_mode
    return "align_corners" if align_corners else "half_pixel"


def linear_axis_table(in_len, out_len, s, mode, antialias=False):
    """[(indices, weights)] per output index, float64 weights summing to 1."""
    table = []
    if out_len == in_len:  # copied, whatever the scale (as PyTorch and onnxruntime do)
        return [([o], [1.0]) for o in range(out_len)]
    use_aa = antialias and out_len < in_len
    if mode == "align_corners" and out_len == 1:
        use_aa = False  # r = (in-1)/0: the single output reads the first sample (x = 0)
    if use_aa:
        if mode == "align_corners":
            r = (in_len - 1) / (out_len - 1)
        else:
            r = 1.0 / s
    for o in range(out_len):
        x = source_coordinate(o, in_len, out_len, s, mode)
        if use_aa:
            idx, w = [], []
            for j in range(in_len):
                wj = max(0.0, 1.0 - abs(j - x) / r)
                if wj > 0.0:
                    idx.append(j)
                    w.append(wj)
            total = sum(w)
            assert total > 0.0, (in_len, out_len, s, mode, o, x)
            table.append((idx, [wj / total for wj in w]))
        else:
            x = min(max(x, 0.0), in_len - 1.0)
            i0 = int(math.floor(x))
            i1 = min(i0 + 1, in_len - 1)
            lam = x - i0
            table.append(([i0, i1], [1.0 - lam, lam]))
    return table


def _apply_axis(data, axis, table):
    """Separable application: out[..., o, ...] = sum_k w[o,k] * data[..., idx[o,k], ...]."""
    width = max(len(idx) for idx, _ in table)
    idx = np.zeros((len(table), width), dtype=np.intp)
    w = np.zeros((len(table), width), dtype=np.float64)
    for o, (ii, ww) in enumerate(table):
        idx[o, : len(ii)] = ii
        w[o, : len(ww)] = ww
    shape = [1] * data.ndim
    shape[axis] = len(table)
    res = np.zeros(data.shape[:axis] + (len(table),) + data.shape[axis + 1:], np.float64)
    for k in range(width):
        res = res + np.take(data, idx[:, k], axis=axis) * w[:, k].reshape(shape)
    return res


def linear_ref(x, rank, scale=None, size=None, align_corners=False, coordinate_mode=None,
               antialias=False, layout="NCHW"):
    """Reference linear / bilinear / trilinear, float64 result (any input dtype)."""
    x = np.asarray(x)
    axes = _spatial_axes(x.ndim, rank, layout)
    in_sizes = tuple(x.shape[a] for a in axes)
    outs, sc, _ = out_sizes(in_sizes, scale, size)
    mode = _resolve_coordinate_mode(align_corners, coordinate_mode)
    data = x.astype(np.float64)
    for a, ax in enumerate(axes):
        table = linear_axis_table(in_sizes[a], outs[a], sc[a], mode, antialias)
        data = _apply_axis(data, ax, table)
    return data


# ----------------------------------------------------------------------------
# nearest: float32 index arithmetic
# ----------------------------------------------------------------------------
def _clamp(i, in_len):
    return min(max(int(i), 0), in_len - 1)


def nearest_axis_indices(in_len, out_len, scale_given, mode="floor", coordinate_mode=None, shortcuts=False):
    """Input index of each output index along one axis.

    scale_given: the float scale passed by the user for this axis, or None when
    the output length was given as a size. shortcuts: PyTorch's 2-D nearest
    (only 2-D) copies when out == in and halves the index when out == 2 in,
    whatever the scale."""
    if mode == "nearest-exact":
        if coordinate_mode not in (None, "half_pixel"):
            raise ValueError("nearest-exact needs coordinate_mode None or half_pixel")
    pytorch_formula = mode == "nearest-exact" or (
        mode == "floor" and coordinate_mode in (None, "asymmetric"))
    if pytorch_formula:
        # PyTorch's nearest / nearest-exact
        if scale_given is not None:
            r = f32(1.0 / float(scale_given))
        else:
            r = f32(in_len) / f32(out_len)
        if shortcuts and mode == "floor" and out_len == in_len:
            return list(range(out_len))
        if shortcuts and mode == "floor" and out_len == 2 * in_len:
            return [o // 2 for o in range(out_len)]
        res = []
        for o in range(out_len):
            if mode == "floor":
                v = f32(o) * r
            else:
                v = (f32(o) + f32(0.5)) * r
            assert isinstance(v, np.float32)
            res.append(min(int(math.floor(v)), in_len - 1))
        return res
    if mode not in ("floor", "round_prefer_floor", "round_prefer_ceil", "ceil"):
        raise ValueError(f"unknown nearest mode {mode!r}")
    cm = "half_pixel" if coordinate_mode is None else coordinate_mode
    s32 = f32(scale_given) if scale_given is not None else f32(out_len) / f32(in_len)
    half = f32(0.5)
    res = []
    for o in range(out_len):
        of = f32(o)
        if cm == "half_pixel":
            xs = (of + half) / s32 - half
        elif cm == "pytorch_half_pixel":
            xs = (of + half) / s32 - half if out_len > 1 else f32(0.0)
        elif cm == "align_corners":
            xs = of * f32(in_len - 1) / f32(out_len - 1) if out_len > 1 else f32(0.0)
        elif cm == "asymmetric":
            xs = of / s32
        elif cm == "half_pixel_symmetric":
            adj = f32(out_len) / (s32 * f32(in_len))
            offset = f32(in_len) / f32(2) * (f32(1) - adj)
            xs = offset + (of + half) / s32 - half  # left to right, as written
        else:
            raise ValueError(f"unknown coordinate_mode {cm!r}")
        assert isinstance(xs, np.float32), type(xs)
        if mode == "round_prefer_floor":
            i = math.ceil(xs - half)
        elif mode == "round_prefer_ceil":
            i = math.floor(xs + half)
        elif mode == "floor":
            i = math.floor(xs)
        else:
            i = math.ceil(xs)
        res.append(_clamp(i, in_len))
    return res


def _nearest_rank(scale, size, dims):
    t = size if size is not None else scale
    if isinstance(t, (tuple, list)):
        if dims is not None and dims != len(t):
            raise ValueError("dims disagrees with the tuple length")
        return len(t)
    return 2 if dims is None else dims


def nearest_ref(x, scale=None, size=None, dims=None, mode="floor", coordinate_mode=None,
                layout="NCHW"):
    """Reference nearest: the chosen input elements (exact, input dtype)."""
    x = np.asarray(x)
    rank = _nearest_rank(scale, size, dims)
    axes = _spatial_axes(x.ndim, rank, layout)
    in_sizes = tuple(x.shape[a] for a in axes)
    outs, _, given = out_sizes(in_sizes, scale, size)
    scales = _per_axis(scale, rank) if given else (None,) * rank
    res = x
    for a, ax in enumerate(axes):
        idx = nearest_axis_indices(in_sizes[a], outs[a], scales[a], mode, coordinate_mode, shortcuts=rank == 2)
        res = np.take(res, np.asarray(idx, dtype=np.intp), axis=ax)
    return np.ascontiguousarray(res)


# ----------------------------------------------------------------------------
# interpolate
# ----------------------------------------------------------------------------
_LINEAR_RANK = {"linear": 1, "bilinear": 2, "trilinear": 3}


def interpolate_ref(x, size=None, scale_factor=None, mode="bilinear", align_corners=None,
                    recompute_scale_factor=None, antialias=False, layout="NCHW"):
    """Reference F.interpolate on NumPy arrays: float64 for linear modes, exact
    elements for nearest modes."""
    x = np.asarray(x)
    if mode in ("nearest", "nearest-exact"):
        rank = x.ndim - 2
    elif mode in _LINEAR_RANK:
        rank = _LINEAR_RANK[mode]
        if x.ndim != rank + 2:
            raise ValueError("x.ndim must be rank + 2")
    else:
        raise ValueError(f"unsupported mode {mode!r}")
    scale, sz = scale_factor, size
    if recompute_scale_factor and scale_factor is not None:
        axes = _spatial_axes(x.ndim, rank, layout)
        outs, _, _ = out_sizes(tuple(x.shape[a] for a in axes), scale_factor, None)
        scale, sz = None, outs
    if mode in ("nearest", "nearest-exact"):
        if sz is not None and not isinstance(sz, (tuple, list)):
            sz = (sz,) * rank
        if scale is not None and not isinstance(scale, (tuple, list)):
            scale = (scale,) * rank
        return nearest_ref(x, scale=scale, size=sz, mode="floor" if mode == "nearest"
                           else "nearest-exact", layout=layout)
    return linear_ref(x, rank, scale=scale, size=sz, align_corners=bool(align_corners),
                      antialias=antialias, layout=layout)


# ----------------------------------------------------------------------------
# comparison of a library result with a float64 linear reference
# ----------------------------------------------------------------------------
def expected_linear(ref64, dtype):
    """(expected array in dtype, mask of elements that must match exactly or None).

    Integers: floor(v + 0.5) saturated to the type's range; elements whose
    float64 value is near a .5 tie may differ by 1 (the library computes 8-
    and 16-bit integers in float32, int32 in float64): within 1e-3, or 16
    rounding errors of the compute type at the largest magnitude."""
    dtype = np.dtype(dtype)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        e = np.clip(np.floor(ref64 + 0.5), info.min, info.max)
        eps = np.finfo(np.float64 if dtype.itemsize >= 4 else np.float32).eps
        band = max(1e-3, 16 * eps * float(np.max(np.abs(ref64), initial=0.0)))
        frac = ref64 - np.floor(ref64)
        exact = np.abs(frac - 0.5) > band
        return e.astype(dtype), exact
    return ref64.astype(dtype), None


def assert_linear_close(got, ref64, x, dtype=None, what=""):
    """The test suite's tolerance rule for the linear family."""
    dtype = np.dtype(dtype if dtype is not None else np.asarray(x).dtype)
    assert isinstance(got, np.ndarray), f"{what}: not an ndarray: {type(got)}"
    assert got.dtype == dtype, f"{what}: dtype {got.dtype} != {dtype}"
    assert got.shape == ref64.shape, f"{what}: shape {got.shape} != {ref64.shape}"
    if got.size == 0:
        return
    if dtype.kind in "iu":
        e, exact = expected_linear(ref64, dtype)
        diff = np.abs(got.astype(np.int64) - e.astype(np.int64))
        bad = (diff > 1) | ((diff > 0) & exact)
        if bad.any():
            pos = tuple(int(p[0]) for p in np.nonzero(bad))
            raise AssertionError(
                f"{what}: {dtype} mismatch at {np.count_nonzero(bad)} of {bad.size} "
                f"elements; first at {pos}: got {got[pos]}, expected {e[pos]} "
                f"(float64 reference {ref64[pos]!r})")
        return
    magnitudes = np.abs(np.asarray(x, dtype=np.float64))
    xm = float(np.max(magnitudes[np.isfinite(magnitudes)], initial=0.0))  # NaN and inf set no scale
    if dtype.itemsize == 2:  # float16, bfloat16: computed in float32, rounded once
        rtol = 2 * float(np.finfo(dtype).eps) if dtype == np.float16 else 2**-7
        atol = rtol * xm
    elif dtype == np.float32:
        rtol, atol = 1e-5, 1e-5 * xm
    else:
        rtol, atol = 1e-12, 1e-12 * max(xm, 1.0)
    np.testing.assert_allclose(got.astype(np.float64), ref64, rtol=rtol, atol=atol,
                               err_msg=what)
