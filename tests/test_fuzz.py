"""Property-based fuzzing (hypothesis) of every operator against the NumPy
references: random ranks, shapes (0- and 1-sized axes included), parameters,
layouts, strides (negative, non-contiguous, Fortran order), dtypes and thread
counts; and random invalid arguments, which must raise TypeError or
ValueError and nothing else.

Bounded for CI: each property runs `max_examples` cases (the "ci" profile, 60).
A longer run: ``python -m pytest tests/test_fuzz.py --hypothesis-profile=long``
(1000 each), or any count with RESAMPLE_FUZZ_EXAMPLES=N.
"""
import math
import os

import ml_dtypes
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import resample
from deconv_reference import conv_transpose_ref
from helpers import at_baseline
from reference import avg_pool_ref, is_valid_config, max_pool_ref
from reference_adaptive import adaptive_pool_ref, max_unpool_ref, unpool_default_size
from reference_interp import assert_linear_close, interpolate_ref, linear_ref, nearest_ref

_common = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
               derandomize=False)
settings.register_profile("ci", max_examples=int(os.environ.get("RESAMPLE_FUZZ_EXAMPLES", 60)), **_common)
settings.register_profile("long", max_examples=int(os.environ.get("RESAMPLE_FUZZ_EXAMPLES", 1000)), **_common)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

LAYOUTS = ("NCHW", "NHWC")


def _arranged(base, view):
    """base's values in another memory arrangement: contiguous, Fortran,
    strided (every other element of a larger array) or reversed (negative strides)."""
    if view == "fortran":
        return np.asfortranarray(base)
    if view == "strided":
        big = np.zeros(tuple(2 * n + 1 for n in base.shape), base.dtype)
        big[tuple(slice(1, None, 2) for _ in base.shape)] = base
        return big[tuple(slice(1, None, 2) for _ in base.shape)]
    if view == "reversed":
        flip = tuple(slice(None, None, -1) for _ in base.shape)
        return np.ascontiguousarray(base[flip])[flip]
    return base


VIEWS = ("contiguous", "fortran", "strided", "reversed")


@st.composite
def arrays(draw, rank, dtypes=(np.float32, np.float64), max_side=9, min_side=0, values=("normal",), nc=False,
           min_batch=0):
    """An input in a random layout with 0-2 batch axes (exactly N and C with
    `nc`, as interpolate takes) of sizes min_batch..3, spatial sizes
    min_side..max_side, viewed through a random memory arrangement:
    contiguous, Fortran, strided or reversed. Float values are drawn from
    `values`: "normal", "ties" (small integers) or "special" (NaN and
    infinities among them)."""
    layout = draw(st.sampled_from(LAYOUTS))
    if nc:
        batch = [draw(st.integers(min_batch, 2))] + ([draw(st.integers(min_batch, 3))] if layout == "NCHW" else [])
    else:
        batch = draw(st.lists(st.integers(min_batch, 3), min_size=0, max_size=2))
    spatial = draw(st.lists(st.integers(min_side, max_side), min_size=rank, max_size=rank))
    channels = [draw(st.integers(min_batch, 5))] if layout == "NHWC" else []
    shape = tuple(batch + spatial + channels)
    dtype = draw(st.sampled_from(dtypes))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    kind = draw(st.sampled_from(values))
    if np.dtype(dtype) == np.bool_:
        base = rng.random(shape) < 0.5
    elif np.dtype(dtype).kind in "iu":  # the whole range, or a narrow one full of ties
        info = np.iinfo(dtype)
        lo, hi = (max(info.min, -2), min(info.max, 2)) if kind == "ties" else (info.min, info.max)
        base = rng.integers(lo, hi, size=shape, dtype=dtype, endpoint=True)
    elif kind == "ties":
        base = rng.integers(-2, 3, size=shape).astype(dtype)
    elif kind == "special":
        base = rng.choice(np.array([-np.inf, np.inf, np.nan, 0.0, 1.0, -1.5]).astype(dtype), size=shape)
    else:
        base = rng.standard_normal(shape).astype(np.float32).astype(dtype)
    x = _arranged(base, draw(st.sampled_from(VIEWS)))
    np.testing.assert_array_equal(comparable(x), comparable(base))
    x.setflags(write=False)  # inputs are never written
    return x, layout


def comparable(a):
    """a for assert_array_equal: bfloat16 as float32, whose NaNs NumPy knows."""
    return a.astype(np.float32) if a.dtype == ml_dtypes.bfloat16 else a


def spatial_of(x, rank, layout):
    return x.shape[x.ndim - rank - (layout == "NHWC"): x.ndim - (layout == "NHWC")]


threads = st.sampled_from([1, 2])
# The dtypes of each family (README "dtypes").
HALVES = (np.float16, ml_dtypes.bfloat16)
INTEGERS = (np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64, np.bool_)
MAX_DTYPES = (np.float32, np.float64) + HALVES + INTEGERS
AVERAGED_DTYPES = (np.float32, np.float64) + HALVES + (np.uint8, np.uint16, np.int16, np.int32)
NEAREST_DTYPES = MAX_DTYPES
# A lower bound of sizes that is mostly 1: with 0 allowed, most cases hold an
# empty axis somewhere and compute nothing but a shape.
mostly_one = st.sampled_from([1, 1, 1, 0])


@given(data=st.data(), rank=st.integers(1, 3), n=threads)
def test_fuzz_pooling(data, rank, n):
    kind = data.draw(st.sampled_from(["max", "avg"]))
    x, layout = data.draw(arrays(rank, dtypes=MAX_DTYPES if kind == "max" else AVERAGED_DTYPES, max_side=8,
                                 values=("normal", "ties", "special")))
    k = data.draw(st.lists(st.integers(1, 4), min_size=rank, max_size=rank))
    s = data.draw(st.lists(st.integers(1, 3), min_size=rank, max_size=rank))
    p = data.draw(st.lists(st.integers(0, 2), min_size=rank, max_size=rank))
    d = data.draw(st.lists(st.integers(1, 2), min_size=rank, max_size=rank))
    ceil_mode = data.draw(st.booleans())
    spatial = spatial_of(x, rank, layout)
    assume(0 not in spatial)
    assume(is_valid_config(spatial, rank, k, s, p, d, ceil_mode))
    fn = getattr(resample, f"{kind}_pool{rank}d")
    with resample.threads(n):
        if kind == "max":
            got, idx = fn(x, k, s, p, d, ceil_mode, True, layout=layout)
            want, want_idx = max_pool_ref(x, rank, k, s, p, d, ceil_mode, layout)
            np.testing.assert_array_equal(comparable(got), comparable(want))
            np.testing.assert_array_equal(idx, want_idx)
        else:
            include = data.draw(st.booleans())
            got = fn(x, k, s, p, ceil_mode, include, dilation=d, layout=layout)
            want = avg_pool_ref(x.astype(np.float64), rank, k, s, p, d, ceil_mode, include, None, layout)
            assert_linear_close(got, want, x, what=f"avg_pool{rank}d {x.dtype}")


@given(data=st.data(), rank=st.integers(1, 3), n=threads)
def test_fuzz_linear_family(data, rank, n):
    x, layout = data.draw(arrays(rank, dtypes=AVERAGED_DTYPES, max_side=7, min_side=1))
    mode = data.draw(st.sampled_from([None, "half_pixel", "align_corners", "asymmetric", "pytorch_half_pixel",
                                      "half_pixel_symmetric"]))
    antialias = data.draw(st.booleans())
    if data.draw(st.booleans()):
        kw = dict(size=tuple(data.draw(st.lists(st.integers(1, 12), min_size=rank, max_size=rank))))
    else:
        spatial = spatial_of(x, rank, layout)
        scale = tuple(data.draw(st.lists(st.sampled_from([0.25, 1 / 3, 0.5, 0.9, 1.0, 1.5, 2.0, 2.7, 4.0]),
                                         min_size=rank, max_size=rank)))
        assume(all(int(L * s_) >= 1 for L, s_ in zip(spatial, scale)))
        kw = dict(scale=scale)
    fn = getattr(resample, {1: "linear", 2: "bilinear", 3: "trilinear"}[rank])
    with resample.threads(n):
        got = fn(x, coordinate_mode=mode, antialias=antialias, layout=layout, **kw)
    want = linear_ref(x, rank, coordinate_mode=mode, antialias=antialias, layout=layout, **kw)
    assert_linear_close(got, want, x, what=f"{fn.__name__} {kw} mode={mode} aa={antialias} {layout}")


@given(data=st.data(), rank=st.integers(1, 3), n=threads)
def test_fuzz_nearest(data, rank, n):
    x, layout = data.draw(arrays(rank, dtypes=NEAREST_DTYPES, max_side=7, min_side=1))
    mode = data.draw(st.sampled_from(["floor", "nearest-exact", "round_prefer_floor", "round_prefer_ceil", "ceil"]))
    size = tuple(data.draw(st.lists(st.integers(1, 12), min_size=rank, max_size=rank)))
    with resample.threads(n):
        got = resample.nearest(x, size=size, mode=mode, layout=layout)
    np.testing.assert_array_equal(comparable(got), comparable(nearest_ref(x, size=size, mode=mode, layout=layout)))


@given(data=st.data(), rank=st.integers(1, 3), n=threads)
def test_fuzz_conv_transpose(data, rank, n):
    layout = data.draw(st.sampled_from(LAYOUTS))
    groups = data.draw(st.integers(1, 3))
    cin = groups * data.draw(st.integers(1, 3))
    cout = groups * data.draw(st.integers(1, 3))
    batch = data.draw(st.integers(0, 2))
    spatial = data.draw(st.lists(st.integers(1, 5), min_size=rank, max_size=rank))
    kernel = data.draw(st.lists(st.integers(1, 4), min_size=rank, max_size=rank))
    stride = data.draw(st.lists(st.integers(1, 3), min_size=rank, max_size=rank))
    dilation = data.draw(st.lists(st.integers(1, 2), min_size=rank, max_size=rank))
    padding = [data.draw(st.integers(0, (dl * (k - 1)) // 2)) for k, dl in zip(kernel, dilation)]
    output_padding = [data.draw(st.integers(0, max(s, dl) - 1)) for s, dl in zip(stride, dilation)]
    dtype = data.draw(st.sampled_from([np.float32, np.float64]))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    shape = (batch, cin, *spatial) if layout == "NCHW" else (batch, *spatial, cin)
    x = rng.standard_normal(shape).astype(dtype)
    if data.draw(st.booleans()):  # a reversed, non-contiguous view
        x = x[..., ::-1].copy()[..., ::-1]
    w = rng.standard_normal((cin, cout // groups, *kernel)).astype(dtype)
    b = rng.standard_normal(cout).astype(dtype) if data.draw(st.booleans()) else None
    fn = getattr(resample, f"conv_transpose{rank}d")
    with resample.threads(n):
        got = fn(x, w, b, stride, padding, output_padding, groups, dilation, layout=layout)
    want = conv_transpose_ref(x, w, b, stride, padding, output_padding, groups, dilation, layout=layout)
    eps = np.finfo(dtype).eps
    depth = cin // groups * int(np.prod(kernel))
    np.testing.assert_allclose(got, want, rtol=100 * eps, atol=100 * eps * max(1.0, np.sqrt(depth)))


ADAPTIVE_SIDES = {1: 40, 2: 12, 3: 6}  # input sides per rank; output sizes reach 4 past them
ADAPTIVE_TOL = {np.float32: dict(rtol=2e-6, atol=2e-6), np.float64: dict(rtol=1e-12, atol=1e-12)}


@given(data=st.data(), rank=st.integers(1, 3), n=threads)
def test_fuzz_adaptive_pooling(data, rank, n):
    """Output sizes 0, smaller than, equal to and larger than the input, and
    None, as an int, tuple or list; NaN, infinities and ties for max."""
    side = ADAPTIVE_SIDES[rank]
    x, layout = data.draw(arrays(rank, max_side=side, min_side=data.draw(mostly_one),
                                 min_batch=data.draw(mostly_one), values=("normal", "ties", "special")))
    kind = data.draw(st.sampled_from(["max", "avg"]))
    entry = st.integers(0, side + 4)
    if data.draw(st.booleans()):
        output_size = data.draw(entry)
        sizes = (output_size,) * rank
    else:
        sizes = tuple(data.draw(st.lists(st.none() | entry, min_size=rank, max_size=rank)))
        output_size = data.draw(st.sampled_from([tuple, list]))(sizes)
    kw = dict(layout=layout)
    if kind == "max":
        kw.update(data.draw(st.sampled_from([{}, dict(return_indices=False), dict(return_indices=True)])))
    fn = getattr(resample, f"adaptive_{kind}_pool{rank}d")
    spatial = spatial_of(x, rank, layout)
    if 0 in spatial:  # nothing to pool from: refused, whatever the output size
        with resample.threads(n), pytest.raises(ValueError, match="must not be empty"):
            fn(x, output_size, **kw)
        return
    with resample.threads(n):
        got = fn(x, output_size, **kw)
    lead, trail = x.ndim - rank - (layout == "NHWC"), x.ndim - (layout == "NHWC")
    shape = x.shape[:lead] + tuple(L if o is None else o for L, o in zip(spatial, sizes)) + x.shape[trail:]
    if kind == "avg":
        with np.errstate(invalid="ignore"):  # inf - inf: a NaN mean, as intended
            want = adaptive_pool_ref(x, rank, "avg", sizes, layout)
        assert got.shape == want.shape == shape and got.dtype == x.dtype
        np.testing.assert_allclose(got, want, **ADAPTIVE_TOL[x.dtype.type])
        # sums in a fixed order: the same bits at every SIMD level and thread count
        np.testing.assert_array_equal(got, at_baseline(lambda: fn(x, output_size, **kw)))
        return
    want, want_idx = adaptive_pool_ref(x, rank, "max", sizes, layout)
    if kw.get("return_indices"):
        got, idx = got
        assert idx.shape == shape and idx.dtype == np.int64
        np.testing.assert_array_equal(idx, want_idx)
    assert isinstance(got, np.ndarray) and got.shape == shape and got.dtype == x.dtype
    np.testing.assert_array_equal(got, want)


@given(data=st.data(), rank=st.integers(1, 3), n=threads)
def test_fuzz_max_unpool(data, rank, n):
    """Unpooling of a max pooling's indices, or of other values at them
    (repeated indices: the last write wins), in any memory arrangement, to the
    default size or an output_size within stride of it (indices beyond a
    smaller output plane are a ValueError)."""
    x, layout = data.draw(arrays(rank, max_side=7, min_side=1, min_batch=data.draw(mostly_one)))
    spatial = spatial_of(x, rank, layout)
    k = data.draw(st.lists(st.integers(1, 4), min_size=rank, max_size=rank))
    s = data.draw(st.lists(st.integers(1, 3), min_size=rank, max_size=rank))
    p = [data.draw(st.integers(0, kk // 2)) for kk in k]  # PyTorch's limit: the default size is then >= 0
    ceil_mode = data.draw(st.booleans())
    assume(is_valid_config(spatial, rank, k, s, p, 1, ceil_mode))
    v, i = getattr(resample, f"max_pool{rank}d")(x, k, s, p, ceil_mode=ceil_mode, return_indices=True,
                                                 layout=layout)
    if data.draw(st.booleans()):
        v = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1))).standard_normal(v.shape).astype(v.dtype)
    v = _arranged(v, data.draw(st.sampled_from(VIEWS)))
    i = _arranged(i.astype(data.draw(st.sampled_from([np.int64, np.int32]))), data.draw(st.sampled_from(VIEWS)))
    lead, trail = v.ndim - rank - (layout == "NHWC"), v.ndim - (layout == "NHWC")
    default = tuple(unpool_default_size(v.shape[a], kk, ss, pp)
                    for a, kk, ss, pp in zip(range(lead, trail), k, s, p))
    # mostly the pooled input's size (as for a pooling that dropped a remainder), which every index fits
    rule = data.draw(st.sampled_from(["input", "input", "random", "default"]))
    if rule == "default":
        output_size, sizes = None, default
    else:
        ranges = [(max(0, dd - ss + 1), dd + ss - 1) for dd, ss in zip(default, s)]
        sizes = tuple(L if rule == "input" and lo <= L <= hi else data.draw(st.integers(lo, hi))
                      for L, (lo, hi) in zip(spatial, ranges))
        spelling = data.draw(st.sampled_from(["tuple", "list", "whole shape"]))
        output_size = {"tuple": sizes, "list": list(sizes),
                       "whole shape": v.shape[:lead] + sizes + v.shape[trail:]}[spelling]
    stride = None if s == k and data.draw(st.booleans()) else s
    fn = getattr(resample, f"max_unpool{rank}d")
    with resample.threads(n):
        if i.size and i.max() >= math.prod(sizes):  # an index beyond a smaller output plane
            with pytest.raises(ValueError, match="invalid"):
                fn(v, i, k, stride, p, output_size, layout=layout)
            return
        got = fn(v, i, k, stride, p, output_size, layout=layout)
    want = max_unpool_ref(v, i, rank, sizes, layout)
    assert got.shape == want.shape == v.shape[:lead] + tuple(sizes) + v.shape[trail:] and got.dtype == x.dtype
    np.testing.assert_array_equal(got, want)


AREA_SCALES = [0.1, 0.25, 1 / 3, 0.5, 0.9, 1.0, 1.5, 2.0, 2.7]


@given(data=st.data(), rank=st.integers(1, 3), n=threads)
def test_fuzz_interpolate_area(data, rank, n):
    """mode="area" is adaptive average pooling to size, or to
    floor(L * scale_factor) per axis (0: an empty axis)."""
    side = ADAPTIVE_SIDES[rank]
    x, layout = data.draw(arrays(rank, max_side=side, min_side=data.draw(mostly_one), nc=True,
                                 min_batch=data.draw(mostly_one)))
    spatial = spatial_of(x, rank, layout)
    per_axis = dict(min_size=rank, max_size=rank)
    if data.draw(st.booleans()):
        size = data.draw(st.integers(0, side + 4) | st.lists(st.integers(0, side + 4), **per_axis).map(tuple))
        sizes = size if isinstance(size, tuple) else (size,) * rank
        kw = dict(size=size)
    else:
        factor = st.sampled_from(AREA_SCALES)
        scale = data.draw(factor | st.lists(factor, **per_axis).map(tuple))
        scales = scale if isinstance(scale, tuple) else (scale,) * rank
        sizes = tuple(math.floor(L * f) for L, f in zip(spatial, scales))
        # "area" always computes the size from the scale, whatever recompute_scale_factor says
        kw = dict(scale_factor=scale, recompute_scale_factor=data.draw(st.sampled_from([None, False, True])))
    if 0 in spatial:
        with resample.threads(n), pytest.raises(ValueError, match="must not be empty"):
            resample.interpolate(x, mode="area", layout=layout, **kw)
        return
    with resample.threads(n):
        got = resample.interpolate(x, mode="area", layout=layout, **kw)
    want = adaptive_pool_ref(x, rank, "avg", sizes, layout)
    assert got.shape == want.shape and got.dtype == x.dtype
    np.testing.assert_allclose(got, want, **ADAPTIVE_TOL[x.dtype.type])
    np.testing.assert_array_equal(got, getattr(resample, f"adaptive_avg_pool{rank}d")(x, sizes, layout=layout))


@given(data=st.data(), n=threads)
def test_fuzz_interpolate(data, n):
    """interpolate's other modes: F.interpolate's parameters (size or
    scale_factor, align_corners, recompute_scale_factor, antialias) against
    the reference of the same call."""
    mode = data.draw(st.sampled_from(["nearest", "nearest-exact", "linear", "bilinear", "trilinear"]))
    rank = {"linear": 1, "bilinear": 2, "trilinear": 3}.get(mode) or data.draw(st.integers(1, 3))
    dtypes = NEAREST_DTYPES if mode.startswith("nearest") else AVERAGED_DTYPES
    x, layout = data.draw(arrays(rank, dtypes=dtypes, max_side=7, min_side=1, nc=True))
    spatial = spatial_of(x, rank, layout)
    kw = {}
    if not mode.startswith("nearest"):
        kw = dict(align_corners=data.draw(st.sampled_from([None, False, True])), antialias=data.draw(st.booleans()))
    if data.draw(st.booleans()):
        kw["size"] = data.draw(st.integers(1, 12) | st.lists(st.integers(1, 12), min_size=rank, max_size=rank)
                               .map(tuple))
    else:
        factor = st.sampled_from([0.5, 0.75, 1.0, 1.5, 2.0, 3.0])
        kw["scale_factor"] = data.draw(factor | st.lists(factor, min_size=rank, max_size=rank).map(tuple))
        kw["recompute_scale_factor"] = data.draw(st.sampled_from([None, False, True]))
        scales = kw["scale_factor"] if isinstance(kw["scale_factor"], tuple) else (kw["scale_factor"],) * rank
        assume(all(int(L * f) >= 1 for L, f in zip(spatial, scales)))
    with resample.threads(n):
        got = resample.interpolate(x, mode=mode, layout=layout, **kw)
    want = interpolate_ref(x, mode=mode, layout=layout, **kw)
    if mode.startswith("nearest"):
        np.testing.assert_array_equal(comparable(got), comparable(want))
    else:
        assert_linear_close(got, want, x, what=f"interpolate {mode} {kw} {layout}")


@given(factor=st.integers(1, 40), channels=st.none() | st.integers(1, 5),
       dtype=st.sampled_from([np.float32, np.float64, np.float16, ml_dtypes.bfloat16]))
def test_fuzz_bilinear_kernel(factor, channels, dtype):
    """FCN's filter: (1 - |i - c|/f)(1 - |j - c|/f), c the centre, size 2f - f%2."""
    size = 2 * factor - factor % 2
    centre = factor - 1 if size % 2 == 1 else factor - 0.5
    ramp = 1 - np.abs(np.arange(size) - centre) / factor
    want = np.outer(ramp, ramp)
    got = resample.bilinear_kernel(factor, channels, dtype=dtype)
    assert got.dtype == np.dtype(dtype)
    assert got.shape == (want.shape if channels is None else (channels, 1) + want.shape)
    eps = 2.0**-7 if np.dtype(dtype).itemsize == 2 else np.finfo(dtype).eps
    np.testing.assert_allclose(got.astype(np.float64), np.broadcast_to(want, got.shape), rtol=eps, atol=eps)


# ----------------------------------------------------------------------------
# invalid arguments: TypeError or ValueError, never anything else
# ----------------------------------------------------------------------------
# Numbers are small, or far beyond every limit (2**40): a mid-sized one can
# make a *valid* request for tens of GB, which the OS overcommits and then
# kills the process writing it, as it would for numpy.empty. Such requests are
# not invalid arguments; the huge-size tests in test_robustness.py cover sizes.
numbers = st.one_of(
    st.integers(-3, 64), st.integers(2**41, 2**70), st.integers(-2**70, -4),
    st.floats(-64, 64), st.floats(min_value=1e13), st.floats(max_value=-1e13),
    st.sampled_from([float("nan"), float("inf"), float("-inf"), 1e-300]),
)
junk = st.one_of(
    st.none(), st.booleans(), numbers,
    st.text(max_size=4), st.lists(st.integers(-3, 5), max_size=4).map(tuple), st.just(()), st.just(np.float32),
    st.just(object()), st.just(np.zeros((2, 2), np.int32)), st.complex_numbers(max_magnitude=4),
)

INVALID_TARGETS = {
    "max_pool2d": lambda x, a, b: resample.max_pool2d(x, a, b),
    "avg_pool1d": lambda x, a, b: resample.avg_pool1d(x, a, padding=b),
    "max_pool3d": lambda x, a, b: resample.max_pool3d(x, 2, dilation=a, ceil_mode=b),
    "bilinear": lambda x, a, b: resample.bilinear(x, a, size=b),
    "trilinear": lambda x, a, b: resample.trilinear(x, a, coordinate_mode=b),
    "linear": lambda x, a, b: resample.linear(x, size=a, antialias=b),
    "nearest": lambda x, a, b: resample.nearest(x, a, mode=b),
    "interpolate": lambda x, a, b: resample.interpolate(x, a, mode=b),
    # out (not layout, which is checked first) so that a junk output_size is looked at too
    "adaptive_avg_pool2d": lambda x, a, b: resample.adaptive_avg_pool2d(x, a, out=b),
    "adaptive_max_pool3d": lambda x, a, b: resample.adaptive_max_pool3d(x, a, b),
    "max_unpool2d": lambda x, a, b: resample.max_unpool2d(x, a, b),
    # valid indices (zeros): junk indices stop the call before kernel_size is looked at
    "max_unpool2d_sizes": lambda x, a, b: resample.max_unpool2d(x, np.zeros(np.shape(x), np.int64), a,
                                                                output_size=b),
    "interpolate_area": lambda x, a, b: resample.interpolate(x, a, mode="area"),
    # on the 5D sample, a 3D scale_factor of 64 would be a valid 1.5 GB request: x[0] is 4D
    "interpolate_area_scale": lambda x, a, b: resample.interpolate(x[0] if x.ndim == 5 else x, scale_factor=a,
                                                                   mode="area"),
    "conv_transpose2d": lambda x, a, b: resample.conv_transpose2d(x, np.ones((3, 2, 2, 2), np.float32), stride=a,
                                                                  groups=b),
    "bilinear_kernel": lambda x, a, b: resample.bilinear_kernel(a, b),
    "layout": lambda x, a, b: resample.avg_pool2d(x, 2, layout=a),
    "out": lambda x, a, b: resample.max_pool2d(x, 2, out=a),
}


@pytest.mark.parametrize("target", list(INVALID_TARGETS))
@given(a=junk, b=junk, x=st.sampled_from([np.ones((1, 3, 6, 6), np.float32), np.ones((2, 3, 4, 5, 6)),
                                          np.ones((3,), np.float32), np.ones((1, 3, 6, 6), np.int16)]))
def test_fuzz_invalid_arguments_raise_type_or_value_errors(target, a, b, x):
    try:
        INVALID_TARGETS[target](x, a, b)
    except (TypeError, ValueError):
        pass
    except MemoryError:  # a valid request too large for this machine
        pass
