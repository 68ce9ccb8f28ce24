"""Property-based fuzzing (hypothesis) of every operator against the NumPy
references: random ranks, shapes (0- and 1-sized axes included), parameters,
layouts, strides (negative, non-contiguous, Fortran order), dtypes and thread
counts; and random invalid arguments, which must raise TypeError or
ValueError and nothing else.

Bounded for CI: each property runs `max_examples` cases (the "ci" profile, 60).
A longer run: ``python -m pytest tests/test_fuzz.py --hypothesis-profile=long``
(1000 each), or any count with RESAMPLE_FUZZ_EXAMPLES=N.
"""
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import resample
from deconv_reference import conv_transpose_ref
from reference import avg_pool_ref, is_valid_config, max_pool_ref
from reference_interp import assert_linear_close, linear_ref, nearest_ref

_common = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
               derandomize=False)
settings.register_profile("ci", max_examples=int(os.environ.get("RESAMPLE_FUZZ_EXAMPLES", 60)), **_common)
settings.register_profile("long", max_examples=int(os.environ.get("RESAMPLE_FUZZ_EXAMPLES", 1000)), **_common)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

LAYOUTS = ("NCHW", "NHWC")


@st.composite
def arrays(draw, rank, dtypes=(np.float32, np.float64), max_side=9, min_side=0):
    """An input in a random layout with 0-2 batch axes, sizes 0..max_side, viewed
    through a random memory arrangement: contiguous, Fortran, strided or reversed."""
    layout = draw(st.sampled_from(LAYOUTS))
    batch = draw(st.lists(st.integers(0, 3), min_size=0, max_size=2))
    spatial = draw(st.lists(st.integers(min_side, max_side), min_size=rank, max_size=rank))
    channels = [draw(st.integers(0, 5))] if layout == "NHWC" else []
    shape = tuple(batch + spatial + channels)
    dtype = draw(st.sampled_from(dtypes))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    if np.dtype(dtype) == np.uint8:
        base = rng.integers(0, 256, size=shape, dtype=np.uint8)
    else:
        base = rng.standard_normal(shape).astype(dtype)
    view = draw(st.sampled_from(["contiguous", "fortran", "strided", "reversed"]))
    if view == "fortran":
        x = np.asfortranarray(base)
    elif view == "strided":
        big = np.zeros(tuple(2 * n + 1 for n in shape), dtype)
        big[tuple(slice(1, None, 2) for _ in shape)] = base
        x = big[tuple(slice(1, None, 2) for _ in shape)]
    elif view == "reversed":
        x = np.ascontiguousarray(base[tuple(slice(None, None, -1) for _ in shape)])[
            tuple(slice(None, None, -1) for _ in shape)]
    else:
        x = base
    np.testing.assert_array_equal(x, base)
    x.setflags(write=False)  # inputs are never written
    return x, layout


threads = st.sampled_from([1, 2])


@given(data=st.data(), rank=st.integers(1, 3), n=threads)
def test_fuzz_pooling(data, rank, n):
    x, layout = data.draw(arrays(rank, max_side=8))
    kind = data.draw(st.sampled_from(["max", "avg"]))
    k = data.draw(st.lists(st.integers(1, 4), min_size=rank, max_size=rank))
    s = data.draw(st.lists(st.integers(1, 3), min_size=rank, max_size=rank))
    p = data.draw(st.lists(st.integers(0, 2), min_size=rank, max_size=rank))
    d = data.draw(st.lists(st.integers(1, 2), min_size=rank, max_size=rank))
    ceil_mode = data.draw(st.booleans())
    spatial = x.shape[x.ndim - rank - (layout == "NHWC"): x.ndim - (layout == "NHWC")]
    assume(0 not in spatial)
    assume(is_valid_config(spatial, rank, k, s, p, d, ceil_mode))
    fn = getattr(resample, f"{kind}_pool{rank}d")
    with resample.threads(n):
        if kind == "max":
            got, idx = fn(x, k, s, p, d, ceil_mode, True, layout=layout)
            want, want_idx = max_pool_ref(x, rank, k, s, p, d, ceil_mode, layout)
            np.testing.assert_array_equal(got, want)
            np.testing.assert_array_equal(idx, want_idx)
        else:
            include = data.draw(st.booleans())
            got = fn(x, k, s, p, ceil_mode, include, dilation=d, layout=layout)
            want = avg_pool_ref(x, rank, k, s, p, d, ceil_mode, include, None, layout)
            np.testing.assert_allclose(got, want, rtol=1e-5 if x.dtype == np.float32 else 1e-12, atol=1e-6)


@given(data=st.data(), rank=st.integers(1, 3), n=threads)
def test_fuzz_linear_family(data, rank, n):
    x, layout = data.draw(arrays(rank, dtypes=(np.float32, np.float64, np.uint8), max_side=7, min_side=1))
    mode = data.draw(st.sampled_from([None, "half_pixel", "align_corners", "asymmetric", "pytorch_half_pixel",
                                      "half_pixel_symmetric"]))
    antialias = data.draw(st.booleans())
    if data.draw(st.booleans()):
        kw = dict(size=tuple(data.draw(st.lists(st.integers(1, 12), min_size=rank, max_size=rank))))
    else:
        spatial = x.shape[x.ndim - rank - (layout == "NHWC"): x.ndim - (layout == "NHWC")]
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
    x, layout = data.draw(arrays(rank, dtypes=(np.float32, np.float64, np.uint8), max_side=7, min_side=1))
    mode = data.draw(st.sampled_from(["floor", "nearest-exact", "round_prefer_floor", "round_prefer_ceil", "ceil"]))
    size = tuple(data.draw(st.lists(st.integers(1, 12), min_size=rank, max_size=rank)))
    with resample.threads(n):
        got = resample.nearest(x, size=size, mode=mode, layout=layout)
    np.testing.assert_array_equal(got, nearest_ref(x, size=size, mode=mode, layout=layout))


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
