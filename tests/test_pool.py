"""Randomised and targeted comparisons of resample's pooling against the
slow NumPy reference in ``reference.py``."""

import functools
import random
import zlib

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

import resample
from helpers import EMPTY_CASES, at_baseline
from reference import (
    avg_pool_ref,
    is_valid_config,
    max_pool_ref,
    output_shape,
    pool_output_size,
)

DTYPES = [np.float32, np.float64]
DTYPE_IDS = {np.float32: "f32", np.float64: "f64"}
TOL = {np.float32: dict(rtol=1e-6, atol=1e-6), np.float64: dict(rtol=1e-12, atol=1e-12)}
# Widths around typical SIMD vector lengths (4/8/16 lanes): tails and exact fits.
TAIL_WIDTHS = [1, 3, 7, 8, 9, 15, 16, 17, 31, 33]


# ----------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------
def pool_fn(kind, rank):
    return getattr(resample, f"{kind}_pool{rank}d")


def run(kind, rank, x, kernel, stride=None, padding=0, dilation=1, ceil_mode=False,
        count_include_pad=True, divisor_override=None, return_indices=False,
        layout="NCHW", out=None):
    """Call the library with PyTorch's positional order (dilation keyword for avg)."""
    f = pool_fn(kind, rank)
    if kind == "max":
        return f(x, kernel, stride, padding, dilation, ceil_mode, return_indices,
                 layout=layout, out=out)
    assert not return_indices
    return f(x, kernel, stride, padding, ceil_mode, count_include_pad,
             divisor_override, dilation=dilation, layout=layout, out=out)


def reference(kind, rank, x, kernel, stride=None, padding=0, dilation=1,
              ceil_mode=False, count_include_pad=True, divisor_override=None,
              layout="NCHW"):
    if kind == "max":
        return max_pool_ref(x, rank, kernel, stride, padding, dilation, ceil_mode, layout)
    return avg_pool_ref(x, rank, kernel, stride, padding, dilation, ceil_mode,
                        count_include_pad, divisor_override, layout)


def check_against_reference(kind, rank, x, layout="NCHW", **params):
    """Run the library (with and without indices for max) and compare.

    Also asserts the input is left untouched. Returns the library result.
    """
    before = np.array(x, copy=True)
    expected = reference(kind, rank, x, layout=layout, **params)
    if kind == "max":
        ev, ei = expected
        got = run(kind, rank, x, return_indices=True, layout=layout, **params)
        assert isinstance(got, tuple) and len(got) == 2
        v, i = got
        assert isinstance(v, np.ndarray) and isinstance(i, np.ndarray)
        assert v.dtype == x.dtype
        assert i.dtype == np.int64
        assert v.shape == ev.shape
        assert i.shape == ei.shape
        assert_array_equal(v, ev)  # max is exact; NaNs compare equal here
        assert_array_equal(i, ei)
        v2 = run(kind, rank, x, return_indices=False, layout=layout, **params)
        assert isinstance(v2, np.ndarray)
        assert v2.dtype == x.dtype
        assert_array_equal(v2, ev)
        result = (v, i)
    else:
        v = run(kind, rank, x, layout=layout, **params)
        assert isinstance(v, np.ndarray)
        assert v.dtype == x.dtype
        assert v.shape == expected.shape
        assert_allclose(v, expected, **TOL[x.dtype.type])
        result = v
    assert_array_equal(x, before)  # input never modified
    return result


def fmt(v):
    if v is None:
        return "None"
    if isinstance(v, tuple):
        return "(" + ",".join(str(e) for e in v) + ")"
    return str(v)


def make_data(rng, shape, dtype, mode="normal"):
    if mode == "normal":
        x = rng.standard_normal(shape)
    elif mode == "ties":  # few distinct values -> many ties
        x = rng.integers(-2, 3, size=shape).astype(np.float64)
    elif mode == "nan":
        x = rng.standard_normal(shape)
        x[rng.random(shape) < 0.2] = np.nan
    elif mode == "inf":
        x = rng.choice(np.array([-np.inf, np.inf, 0.0, 1.0, -1.0, np.nan]), size=shape,
                       p=[0.45, 0.1, 0.15, 0.1, 0.1, 0.1])
    else:
        raise AssertionError(mode)
    return np.ascontiguousarray(x.astype(dtype))


# ----------------------------------------------------------------------------
# randomised configurations
# ----------------------------------------------------------------------------
MAX_SPATIAL = {1: 23, 2: 11, 3: 6}
MAX_KERNEL = {1: 5, 2: 4, 3: 3}
LEADS = [(), (1,), (2,), (3,), (2, 3), (1, 2, 2)]


def _maybe_scalar(r, t):
    if len(set(t)) == 1 and r.random() < 0.5:
        return t[0]
    return t


def random_cases(rank, kind, layout, n, seed):
    r = random.Random(seed)
    cases = []
    while len(cases) < n:
        sp = tuple(r.randint(1, MAX_SPATIAL[rank]) for _ in range(rank))
        k = tuple(r.randint(1, MAX_KERNEL[rank]) for _ in range(rank))
        d = tuple(r.choice([1, 1, 2, 3]) for _ in range(rank))
        s = None if r.random() < 0.25 else tuple(r.randint(1, 3) for _ in range(rank))
        # padding up to the effective kernel - 1: includes padding > k/2
        p = tuple(r.randint(0, d[a] * (k[a] - 1)) for a in range(rank))
        ceil = r.random() < 0.5
        if not is_valid_config(sp, rank, k, s, p, d, ceil):
            continue
        lead = r.choice(LEADS)
        if layout == "NHWC":
            shape = lead + sp + (r.choice([1, 2, 3, 5, 8, 9]),)
        else:
            shape = lead + sp
        params = dict(kernel=_maybe_scalar(r, k),
                      stride=None if s is None else _maybe_scalar(r, s),
                      padding=_maybe_scalar(r, p), dilation=_maybe_scalar(r, d),
                      ceil_mode=ceil)
        if kind == "avg":
            params["count_include_pad"] = r.random() < 0.5
            if r.random() < 0.25:
                params["divisor_override"] = r.randint(1, 12)
            mode = "normal"
        else:
            mode = r.choice(["normal", "normal", "ties", "nan", "inf"])
        cid = (f"{rank}d-{kind}-{layout}-x{fmt(shape)}-k{fmt(params['kernel'])}"
               f"-s{fmt(params['stride'])}-p{fmt(params['padding'])}"
               f"-d{fmt(params['dilation'])}" + ("-ceil" if ceil else ""))
        if kind == "avg":
            cid += "-cip" if params["count_include_pad"] else "-nocip"
            if "divisor_override" in params:
                cid += f"-div{params['divisor_override']}"
        else:
            cid += f"-{mode}"
        cases.append(pytest.param(rank, kind, layout, shape, params, mode, id=cid))
    return cases


RANDOM_CASES = []
_seed = 1234
for _rank in (1, 2, 3):
    for _kind in ("max", "avg"):
        for _layout in ("NCHW", "NHWC"):
            _seed += 1
            RANDOM_CASES += random_cases(_rank, _kind, _layout, n=10, seed=_seed)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
@pytest.mark.parametrize("rank,kind,layout,shape,params,mode", RANDOM_CASES)
def test_random_vs_reference(rank, kind, layout, shape, params, mode, dtype, rng):
    x = make_data(rng, shape, dtype, mode)
    check_against_reference(kind, rank, x, layout=layout, **params)


# ----------------------------------------------------------------------------
# output sizes (hand-computed, independent of the reference's formula)
# ----------------------------------------------------------------------------
# (L, k, s, p, d, ceil_mode, expected L_out)
OUTPUT_SIZES = [
    (6, 3, 2, 0, 1, False, 2),
    (6, 3, 2, 0, 1, True, 3),    # ceil: last window overhangs the end
    (5, 2, 2, 1, 1, False, 3),
    (5, 2, 2, 1, 1, True, 3),    # ceil would give 4; that window starts in the right pad
    (7, 3, 3, 1, 1, True, 3),
    (10, 3, 1, 0, 2, False, 6),  # effective kernel 5
    (10, 3, 4, 2, 2, True, 3),
    (1, 1, 1, 0, 1, False, 1),
    (1, 3, 1, 1, 1, False, 1),
    (4, 3, 2, 2, 1, False, 3),   # padding > k/2
    (9, 2, 3, 0, 1, True, 3),
    (8, 2, 3, 0, 1, True, 3),    # ceil: window starting at 6 covers 6,7
    # ceil_mode with a dilated window longer than the input: the numerator is
    # negative, ceil(-1/3) = 0 -> one window (PyTorch agrees: taps 0, 3, [6])
    (6, 3, 3, 0, 3, True, 1),
    (4, 3, 2, 1, 3, True, 1),
]


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize(
    "L,k,s,p,d,ceil,expected", OUTPUT_SIZES,
    ids=[f"L{c[0]}-k{c[1]}-s{c[2]}-p{c[3]}-d{c[4]}" + ("-ceil" if c[5] else "")
         for c in OUTPUT_SIZES])
def test_output_length(kind, L, k, s, p, d, ceil, expected, rng):
    assert pool_output_size(L, k, s, p, d, ceil) == expected  # the reference agrees
    x = make_data(rng, (2, L), np.float64)
    res = run(kind, 1, x, k, s, p, d, ceil)
    vals = res
    assert vals.shape == (2, expected)
    check_against_reference(kind, 1, x, kernel=k, stride=s, padding=p, dilation=d,
                            ceil_mode=ceil)
    # the same axis as the W (and H) axis of a 2d pool
    res2 = run(kind, 2, make_data(rng, (1, 3, L), np.float32), (1, k), (1, s),
               (0, p), (1, d), ceil)
    assert res2.shape == (1, 3, expected)


# ----------------------------------------------------------------------------
# hand-checked values
# ----------------------------------------------------------------------------
def test_max_first_tie_wins():
    x = np.array([1.0, 3.0, 3.0, 2.0, 3.0])
    v, i = resample.max_pool1d(x, 5, return_indices=True)
    assert v.tolist() == [3.0]
    assert i.tolist() == [1]
    # 2d: ties across rows -> first in raster order (row-major)
    x2 = np.array([[0.0, 5.0, 1.0],
                   [5.0, 2.0, 5.0]], dtype=np.float32)
    v, i = resample.max_pool2d(x2, (2, 3), return_indices=True)
    assert v.tolist() == [[5.0]]
    assert i.tolist() == [[1]]


def test_max_nan_propagates_last_nan_index():
    x = np.array([1.0, np.nan, 5.0, np.nan, 2.0])
    v, i = resample.max_pool1d(x, 5, return_indices=True)
    assert np.isnan(v[0])
    assert i.tolist() == [3]  # PyTorch: index of the last NaN in scan order
    # a NaN followed by larger values still wins
    x = np.array([np.nan, 7.0, 9.0], dtype=np.float32)
    v, i = resample.max_pool1d(x, 3, return_indices=True)
    assert np.isnan(v[0]) and i.tolist() == [0]
    # 2d raster order: the NaN at (1, 0) comes after the NaN at (0, 2)
    x2 = np.array([[1.0, 2.0, np.nan],
                   [np.nan, 9.0, 3.0]])
    v, i = resample.max_pool2d(x2, (2, 3), return_indices=True)
    assert np.isnan(v[0, 0]) and i.tolist() == [[3]]
    # NHWC: per-channel decision, index excludes the channel
    xh = np.stack([x2, np.arange(6.0).reshape(2, 3)], axis=-1)  # (2, 3, 2)
    v, i = resample.max_pool2d(xh, (2, 3), return_indices=True, layout="NHWC")
    assert v.shape == (1, 1, 2)
    assert np.isnan(v[0, 0, 0]) and v[0, 0, 1] == 5.0
    assert i.tolist() == [[[3, 5]]]


def test_max_padding_never_wins_and_neg_inf():
    x = -np.arange(1.0, 6.0)  # all negative: padding must not produce 0
    v, i = resample.max_pool1d(x, 3, 1, 1, return_indices=True)
    assert v.tolist() == [-1.0, -1.0, -2.0, -3.0, -4.0]
    assert i.tolist() == [0, 0, 1, 2, 3]
    # all -inf: value -inf and index of the first in-bounds tap (not padding)
    x = np.full(4, -np.inf, dtype=np.float32)
    v, i = resample.max_pool1d(x, 3, 2, 2, 1, True, return_indices=True)
    expected_len = pool_output_size(4, 3, 2, 2, 1, True)
    assert v.shape == (expected_len,)
    assert np.all(np.isneginf(v))
    assert i.tolist() == [0, 0, 2]
    x2 = np.full((3, 3), -np.inf)
    v, i = resample.max_pool2d(x2, 3, 2, 1, return_indices=True)
    assert np.all(np.isneginf(v))
    assert i.tolist() == [[0, 1], [3, 4]]  # first in-bounds tap of each window


def test_max_pos_inf_and_dilation_hand():
    x = np.array([0.0, 10.0, 1.0, np.inf, 2.0, -1.0, 3.0])
    # k=3, d=2: taps i, i+2, i+4
    v, i = resample.max_pool1d(x, 3, 1, 0, 2, return_indices=True)
    assert v.tolist() == [2.0, np.inf, 3.0]
    assert i.tolist() == [4, 3, 6]


def test_avg_count_include_pad_hand():
    x = np.ones((1, 1, 3, 3), dtype=np.float64)
    inc = resample.avg_pool2d(x, 3, 1, 1, False, True)
    exc = resample.avg_pool2d(x, 3, 1, 1, False, False)
    assert_allclose(inc[0, 0], np.array([[4, 6, 4], [6, 9, 6], [4, 6, 4]]) / 9.0,
                    rtol=1e-15)
    assert_allclose(exc[0, 0], np.ones((3, 3)), rtol=1e-15)


def test_avg_ceil_overhang_divisor_hand():
    # L=5, k=2, s=2, p=0, ceil: windows [0,1], [2,3], [4,(5)]: the last one
    # overhangs beyond the padded extent, so it is divided by 1 either way.
    x = np.array([1.0, 3.0, 5.0, 7.0, 9.0])
    for cip in (True, False):
        v = resample.avg_pool1d(x, 2, 2, 0, True, cip)
        assert_allclose(v, [2.0, 6.0, 9.0], rtol=1e-15)
    # with padding 1: windows [-1,0], [1,2], [3,4]; the first includes padding
    v = resample.avg_pool1d(x, 2, 2, 1, True, True)
    assert_allclose(v, [0.5, 4.0, 8.0], rtol=1e-15)
    v = resample.avg_pool1d(x, 2, 2, 1, True, False)
    assert_allclose(v, [1.0, 4.0, 8.0], rtol=1e-15)


def test_avg_divisor_override_hand():
    x = np.arange(16.0, dtype=np.float32).reshape(1, 4, 4)
    v = resample.avg_pool2d(x, 2, 2, 0, False, True, 3)
    sums = np.array([[0 + 1 + 4 + 5, 2 + 3 + 6 + 7], [8 + 9 + 12 + 13, 10 + 11 + 14 + 15]])
    assert_allclose(v[0], sums / 3.0, rtol=1e-6)
    # divisor_override wins over count_include_pad with padding too
    v = resample.avg_pool2d(x, 2, 2, 1, False, False, 2)
    assert v[0, 0, 0] == np.float32(0.0 / 2)
    assert v[0, 1, 1] == np.float32((5 + 6 + 9 + 10) / 2.0)


def test_avg_dilation_hand():
    x = np.arange(7.0)
    v = resample.avg_pool1d(x, 3, 1, 0, dilation=2)  # taps i, i+2, i+4
    assert_allclose(v, [2.0, 3.0, 4.0], rtol=1e-15)
    # count_include_pad counts only taps inside [-p, L+p)
    v = resample.avg_pool1d(x, 3, 3, 2, True, True, dilation=2)
    # windows start at -2, 1, 4 (7 would start in the right padding)
    # taps: {-2,0,2}: 3 taps in [-2,9) sum 2 -> 2/3; {1,3,5}: 9/3; {4,6,8}: 8 is
    # padding (inside [-2,9)) -> 3 taps, sum 10 -> 10/3
    assert_allclose(v, [2 / 3, 3.0, 10 / 3], rtol=1e-15)
    v = resample.avg_pool1d(x, 3, 3, 2, True, False, dilation=2)
    assert_allclose(v, [1.0, 3.0, 5.0], rtol=1e-15)


def test_stride_none_means_kernel(rng):
    x = make_data(rng, (2, 3, 9, 10), np.float32)
    for kind in ("max", "avg"):
        a = run(kind, 2, x, (2, 3))
        b = run(kind, 2, x, (2, 3), (2, 3))
        assert a.shape == (2, 3, 4, 3)
        assert_array_equal(a, b)


def test_int_equals_tuple(rng):
    x = make_data(rng, (2, 5, 6, 7), np.float64)
    a = resample.max_pool3d(x, 2, 1, 1, 2, True, True)
    b = resample.max_pool3d(x, (2, 2, 2), (1, 1, 1), (1, 1, 1), (2, 2, 2), True, True)
    assert_array_equal(a[0], b[0])
    assert_array_equal(a[1], b[1])
    c = resample.avg_pool3d(x, 2, 1, 1, True, False, None, dilation=2)
    d = resample.avg_pool3d(x, [2, 2, 2], [1, 1, 1], [1, 1, 1], True, False, None,
                            dilation=[2, 2, 2])
    assert_array_equal(c, d)


def test_keyword_arguments(rng):
    x = make_data(rng, (1, 2, 8, 9), np.float64)
    v, i = resample.max_pool2d(x, kernel_size=3, stride=2, padding=1, dilation=1,
                               ceil_mode=True, return_indices=True, layout="NCHW",
                               out=None)
    ev, ei = max_pool_ref(x, 2, 3, 2, 1, 1, True, "NCHW")
    assert_array_equal(v, ev)
    assert_array_equal(i, ei)
    a = resample.avg_pool2d(x, kernel_size=3, stride=2, padding=1, ceil_mode=True,
                            count_include_pad=False, divisor_override=None, dilation=1,
                            layout="NCHW", out=None)
    assert_allclose(a, avg_pool_ref(x, 2, 3, 2, 1, 1, True, False, None, "NCHW"),
                    rtol=1e-12)


# ----------------------------------------------------------------------------
# shapes: size-1 axes, empty batches, no / many leading axes, tail widths
# ----------------------------------------------------------------------------
SHAPE_CASES = [
    # (rank, layout, shape, kernel, stride, padding)
    (1, "NCHW", (1,), 1, 1, 0),
    (1, "NCHW", (7,), 3, 2, 1),
    (1, "NHWC", (7, 3), 3, 2, 1),
    (2, "NCHW", (1, 1), 1, 1, 0),
    (2, "NCHW", (1, 1, 1, 1), 1, 1, 0),
    (2, "NCHW", (5, 7), (2, 3), (1, 2), (1, 1)),
    (2, "NHWC", (5, 7, 2), (2, 3), (1, 2), (1, 1)),
    (2, "NCHW", (2, 3, 1, 9), (1, 3), 1, (0, 1)),
    (2, "NCHW", (2, 3, 9, 1), (3, 1), 2, (1, 0)),
    (2, "NHWC", (2, 1, 9, 1), (1, 3), 1, (0, 1)),
    (2, "NCHW", (1, 3), 3, 1, 1),      # padding = k/2 on a size-1 axis
    (2, "NCHW", (2, 1, 3, 2, 5, 6), 2, 1, 1),   # many leading axes
    (2, "NHWC", (2, 1, 3, 5, 6, 2), 2, 1, 1),
    (3, "NCHW", (4, 5, 6), 2, 2, 1),
    (3, "NHWC", (4, 5, 6, 3), 2, 2, 1),
    (3, "NCHW", (1, 1, 1, 1, 1), 1, 1, 0),
    (3, "NCHW", (2, 1, 1, 4, 5), (1, 2, 3), (1, 2, 1), (0, 1, 1)),
    (3, "NCHW", (3, 2, 1, 2, 3, 4, 5), 2, 1, 1),  # many leading axes
    (3, "NHWC", (2, 2, 1, 3, 4, 5, 3), 2, 1, 1),
    (1, "NCHW", (2, 2, 2, 2, 9), 3, 1, 1),
]


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
@pytest.mark.parametrize(
    "rank,layout,shape,kernel,stride,padding", SHAPE_CASES,
    ids=[f"{c[0]}d-{c[1]}-x{fmt(c[2])}-k{fmt(c[3])}" for c in SHAPE_CASES])
def test_shapes(rank, layout, shape, kernel, stride, padding, dtype, kind, rng):
    x = make_data(rng, shape, dtype)
    res = check_against_reference(kind, rank, x, layout=layout, kernel=kernel,
                                  stride=stride, padding=padding)
    vals = res[0] if kind == "max" else res
    assert vals.shape == output_shape(shape, rank, kernel, stride, padding, 1,
                                      False, layout)
    assert vals.ndim == len(shape)




@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
@pytest.mark.parametrize("rank,layout,shape", EMPTY_CASES,
                         ids=[f"{c[0]}d-{c[1]}-x{fmt(c[2])}" for c in EMPTY_CASES])
def test_empty_batch(rank, layout, shape, dtype, kind):
    x = np.zeros(shape, dtype=dtype)
    expected = output_shape(shape, rank, 2, 1, 1, 1, False, layout)
    if kind == "max":
        v, i = run(kind, rank, x, 2, 1, 1, return_indices=True, layout=layout)
        assert i.shape == expected and i.dtype == np.int64
    else:
        v = run(kind, rank, x, 2, 1, 1, layout=layout)
    assert v.shape == expected
    assert v.dtype == dtype


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
@pytest.mark.parametrize("width", TAIL_WIDTHS, ids=lambda w: f"W{w}")
def test_tail_widths_nchw(width, dtype, kind, rng):
    # output width == width (k=3, s=1, p=1) and output width == width with stride 2
    x = make_data(rng, (2, 3, width), dtype, "nan" if kind == "max" else "normal")
    check_against_reference(kind, 1, x, kernel=3, stride=1, padding=1)
    x = make_data(rng, (1, 2, 3, 2 * width + 1), dtype)
    check_against_reference(kind, 2, x, kernel=(2, 3), stride=(1, 2), padding=(1, 1),
                            ceil_mode=True)
    x = make_data(rng, (2, width), dtype)
    check_against_reference(kind, 2, x, kernel=(1, 1), stride=1)


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
@pytest.mark.parametrize("channels", TAIL_WIDTHS, ids=lambda c: f"C{c}")
def test_tail_channels_nhwc(channels, dtype, kind, rng):
    x = make_data(rng, (2, 5, 4, channels), dtype, "nan" if kind == "max" else "normal")
    check_against_reference(kind, 2, x, layout="NHWC", kernel=(3, 2), stride=(2, 1),
                            padding=(1, 1), ceil_mode=True)
    x = make_data(rng, (7, channels), dtype)
    check_against_reference(kind, 1, x, layout="NHWC", kernel=3, stride=2, padding=1,
                            dilation=2)


# ----------------------------------------------------------------------------
# padding corner cases: windows starting in padding, padding > k/2, dilation
# ----------------------------------------------------------------------------
PAD_CASES = [
    # (rank, shape(NCHW), kernel, stride, padding, dilation, ceil_mode)
    (1, (2, 5), 3, 1, 2, 1, False),          # padding == k - 1 > k/2
    (1, (2, 5), 4, 3, 3, 1, True),
    (1, (1, 1), 5, 1, 4, 1, False),         # size-1 axis, huge padding
    (1, (2, 6), 3, 2, 3, 2, True),          # dilation with padding > k/2
    (2, (1, 2, 4, 5), 3, 2, 2, 1, True),
    (2, (1, 2, 4, 5), (2, 4), (3, 1), (1, 3), (2, 1), False),
    (2, (2, 1, 3, 3), 2, 1, 1, 3, False),   # taps straddle the axis
    (3, (1, 1, 3, 4, 5), 3, 2, 2, 1, True),
    (3, (1, 2, 3, 3, 3), 2, 1, 1, 2, False),
]


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
@pytest.mark.parametrize(
    "rank,shape,kernel,stride,padding,dilation,ceil", PAD_CASES,
    ids=[f"{c[0]}d-x{fmt(c[1])}-k{fmt(c[2])}-s{fmt(c[3])}-p{fmt(c[4])}-d{fmt(c[5])}"
         + ("-ceil" if c[6] else "") for c in PAD_CASES])
def test_padding_cases(rank, shape, kernel, stride, padding, dilation, ceil, layout,
                       kind, rng):
    assert is_valid_config(shape[-rank:], rank, kernel, stride, padding, dilation, ceil)
    x = make_data(rng, shape, np.float64, "normal")
    if layout == "NHWC":
        x = np.ascontiguousarray(np.moveaxis(x, -rank - 1, -1))
    params = dict(kernel=kernel, stride=stride, padding=padding, dilation=dilation,
                  ceil_mode=ceil)
    if kind == "avg":
        for cip in (True, False):
            check_against_reference(kind, rank, x, layout=layout, count_include_pad=cip,
                                    **params)
        check_against_reference(kind, rank, x, layout=layout, divisor_override=5,
                                **params)
    else:
        check_against_reference(kind, rank, x, layout=layout, **params)
        x = -np.abs(x) - 1.0  # all negative: padding must never win
        v, _ = check_against_reference(kind, rank, x, layout=layout, **params)
        assert np.all(v <= -1.0)


# ----------------------------------------------------------------------------
# strides and memory: non-contiguous, Fortran, negative, broadcast, read-only
# ----------------------------------------------------------------------------
def _views(base):
    """Non-contiguous views of an (N, C, H, W)-like base with room to spare."""
    return {
        "step": base[::2, :, ::2, ::3],
        "fortran": np.asfortranarray(base),
        "transposed": base.transpose(1, 0, 3, 2),
        "neg-spatial": base[:, :, ::-1, ::-2],
        "neg-batch": base[::-1, ::-1],
        "swap-spatial": np.swapaxes(base, -1, -2),
        "broadcast": np.broadcast_to(base[:1, :1], base.shape),
        "offset": base[1:, 1:, 2:-1, 1:-2],
    }


VIEW_NAMES = list(_views(np.zeros((4, 4, 6, 8))).keys())


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
@pytest.mark.parametrize("view", VIEW_NAMES)
def test_noncontiguous_inputs(view, dtype, layout, kind, rng):
    base = make_data(rng, (4, 5, 11, 13), dtype, "ties" if kind == "max" else "normal")
    x = _views(base)[view]
    params = dict(kernel=(3, 2), stride=(2, 1), padding=1, dilation=(1, 2),
                  ceil_mode=True)
    res = check_against_reference(kind, 2, x, layout=layout, **params)
    # same as on a contiguous copy
    res_c = run(kind, 2, np.ascontiguousarray(x), layout=layout,
                return_indices=(kind == "max"), **params)
    if kind == "max":
        assert_array_equal(res[0], res_c[0])
        assert_array_equal(res[1], res_c[1])
    else:
        assert_allclose(res, res_c, **TOL[dtype])


@pytest.mark.parametrize("rank", [1, 3])
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_noncontiguous_1d_3d(rank, kind, rng):
    if rank == 1:
        base = make_data(rng, (3, 4, 30), np.float32)
        x = base[::-1, 1::2, ::-3]
    else:
        base = make_data(rng, (2, 3, 6, 8, 10), np.float64)
        x = np.asfortranarray(base)[:, ::2, ::-1, 1::2, ::3]
    check_against_reference(kind, rank, x, kernel=2, stride=1, padding=1, ceil_mode=True)
    xh = np.moveaxis(x, 1, -1)  # non-contiguous NHWC view
    check_against_reference(kind, rank, xh, layout="NHWC", kernel=2, stride=1,
                            padding=1, ceil_mode=True)


@pytest.mark.parametrize("kind", ["max", "avg"])
def test_readonly_input_unchanged(kind, rng):
    x = make_data(rng, (2, 3, 8, 9), np.float32, "nan" if kind == "max" else "normal")
    keep = x.copy()
    x.setflags(write=False)
    check_against_reference(kind, 2, x, kernel=3, stride=2, padding=1)
    assert not x.flags.writeable
    assert_array_equal(x, keep)
    # a read-only non-contiguous NHWC view
    y = np.moveaxis(x, 1, -1)
    check_against_reference(kind, 2, y, layout="NHWC", kernel=2, padding=1)
    assert_array_equal(x, keep)


# ----------------------------------------------------------------------------
# out=
# ----------------------------------------------------------------------------
def _out_arrays(shape, dtype, style):
    if style == "contiguous":
        return np.full(shape, np.nan, dtype=dtype) if dtype != np.int64 else \
            np.full(shape, -7, dtype=dtype)
    if style == "strided":
        big = np.full(shape[:-1] + (2 * shape[-1] + 1,), -7, dtype=dtype)
        return big[..., 1::2]
    if style == "fortran":
        return np.asfortranarray(np.full(shape, -7, dtype=dtype))
    if style == "negative":
        return np.full(shape, -7, dtype=dtype)[::-1, ..., ::-1]
    raise AssertionError(style)


OUT_STYLES = ["contiguous", "strided", "fortran", "negative"]


@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
@pytest.mark.parametrize("style", OUT_STYLES)
def test_out_avg(style, dtype, layout, rng):
    x = make_data(rng, (2, 3, 7, 8), dtype)
    params = dict(kernel=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)
    expected = avg_pool_ref(x, 2, 3, 2, 1, 1, True, False, None, layout)
    out = _out_arrays(expected.shape, dtype, style)
    res = run("avg", 2, x, layout=layout, out=out, **params)
    assert res is out
    assert_allclose(out, expected, **TOL[dtype])
    if style == "strided":  # the gaps between the written elements are untouched
        assert np.all(out.base[..., 0::2] == -7)


@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
@pytest.mark.parametrize("style", OUT_STYLES)
def test_out_max(style, dtype, layout, rng):
    x = make_data(rng, (2, 3, 7, 8), dtype, "nan")
    params = dict(kernel=(2, 3), stride=(2, 1), padding=1, dilation=(2, 1))
    ev, ei = max_pool_ref(x, 2, layout=layout, **params)
    # values only
    out = _out_arrays(ev.shape, dtype, style)
    res = run("max", 2, x, layout=layout, out=out, **params)
    assert res is out
    assert_array_equal(out, ev)
    # values and indices
    vo = _out_arrays(ev.shape, dtype, style)
    io = _out_arrays(ei.shape, np.int64, style)
    res = run("max", 2, x, layout=layout, out=(vo, io), return_indices=True, **params)
    assert isinstance(res, tuple) and len(res) == 2
    assert res[0] is vo and res[1] is io
    assert_array_equal(vo, ev)
    assert_array_equal(io, ei)
    if style == "strided":
        assert np.all(vo.base[..., 0::2] == -7)
        assert np.all(io.base[..., 0::2] == -7)


@pytest.mark.parametrize("rank", [1, 3])
def test_out_1d_3d(rank, rng):
    shape = (2, 9) if rank == 1 else (2, 3, 4, 5, 6)
    x = make_data(rng, shape, np.float32)
    ev, ei = max_pool_ref(x, rank, 2, 1, 1, 1, False, "NCHW")
    vo, io = np.empty_like(ev), np.empty_like(ei)
    res = pool_fn("max", rank)(x, 2, 1, 1, return_indices=True, out=(vo, io))
    assert res[0] is vo and res[1] is io
    assert_array_equal(vo, ev)
    assert_array_equal(io, ei)
    ea = avg_pool_ref(x, rank, 2, 1, 1, 1, False, True, None, "NCHW")
    ao = np.empty_like(ea)
    assert pool_fn("avg", rank)(x, 2, 1, 1, out=ao) is ao
    assert_allclose(ao, ea, **TOL[np.float32])


# ----------------------------------------------------------------------------
# threads and ISAs: results must be bit-identical to baseline / 1 thread
# ----------------------------------------------------------------------------
def test_isa_api():
    isas = resample.available_isas()
    assert isinstance(isas, list) and len(isas) >= 1
    assert isas[0] == "baseline"
    assert len(set(isas)) == len(isas)
    assert resample.get_isa() in isas
    previous = resample.get_isa()
    try:
        for name in isas:
            resample.set_isa(name)
            assert resample.get_isa() == name
    finally:
        resample.set_isa(previous)
    assert resample.get_isa() == previous


def test_set_isa_unknown_rejected():
    previous = resample.get_isa()
    with pytest.raises((ValueError, RuntimeError)):
        resample.set_isa("no-such-isa")
    assert resample.get_isa() == previous


def test_threads_api():
    previous = resample.get_num_threads()
    assert isinstance(previous, int) and previous >= 1
    with resample.threads(2):
        assert resample.get_num_threads() == 2
        with resample.threads(1):
            assert resample.get_num_threads() == 1
        assert resample.get_num_threads() == 2
    assert resample.get_num_threads() == previous
    try:
        resample.set_num_threads(1)
        assert resample.get_num_threads() == 1
        resample.set_num_threads(2)
        assert resample.get_num_threads() == 2
    finally:
        resample.set_num_threads(previous)
    assert resample.get_num_threads() == previous
    # the context manager restores even when the body raises
    with pytest.raises(KeyError):
        with resample.threads(2):
            raise KeyError("boom")
    assert resample.get_num_threads() == previous


ISA_CASES = [
    # (id, rank, kind, layout, shape, params, data mode)
    ("2d-max-NCHW-big", 2, "max", "NCHW", (2, 3, 40, 50),
     dict(kernel=3, stride=1, padding=1), "nan"),
    ("2d-avg-NCHW-big", 2, "avg", "NCHW", (2, 3, 40, 50),
     dict(kernel=3, stride=1, padding=1, count_include_pad=False), "normal"),
    ("2d-max-NHWC-big", 2, "max", "NHWC", (2, 40, 50, 3),
     dict(kernel=(3, 2), stride=(2, 1), padding=1, ceil_mode=True), "ties"),
    ("2d-avg-NHWC-big", 2, "avg", "NHWC", (2, 20, 25, 17),
     dict(kernel=3, stride=2, padding=1, ceil_mode=True), "normal"),
    ("2d-max-NCHW-b1-dil", 2, "max", "NCHW", (1, 1, 37, 45),
     dict(kernel=(2, 3), stride=(1, 2), padding=(1, 2), dilation=(2, 1)), "inf"),
    ("2d-avg-NCHW-b1-dil-div", 2, "avg", "NCHW", (1, 1, 37, 45),
     dict(kernel=(2, 3), stride=1, padding=2, dilation=2, divisor_override=4), "normal"),
    ("1d-max-NCHW-long", 1, "max", "NCHW", (3, 301),
     dict(kernel=4, stride=3, padding=2, ceil_mode=True), "nan"),
    ("1d-avg-NHWC", 1, "avg", "NHWC", (2, 67, 19),
     dict(kernel=5, stride=2, padding=3), "normal"),
    ("3d-max-NCHW", 3, "max", "NCHW", (2, 2, 6, 9, 17),
     dict(kernel=2, stride=1, padding=1, dilation=(1, 2, 1)), "ties"),
    ("3d-avg-NHWC", 3, "avg", "NHWC", (2, 5, 7, 9, 16),
     dict(kernel=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False),
     "normal"),
    ("2d-max-NCHW-manybatch", 2, "max", "NCHW", (16, 8, 5, 6),
     dict(kernel=2, stride=1, padding=1), "nan"),
    ("2d-avg-NHWC-manybatch", 2, "avg", "NHWC", (3, 4, 5, 6, 9),
     dict(kernel=3, stride=1, padding=1, count_include_pad=False), "normal"),
]


@functools.lru_cache(maxsize=None)
def _isa_case_data(cid, dtype):
    case = next(c for c in ISA_CASES if c[0] == cid)
    _, rank, kind, layout, shape, params, mode = case
    rng = np.random.default_rng(zlib.crc32(f"{cid}-{np.dtype(dtype).name}".encode()))
    x = make_data(rng, shape, dtype, mode)
    x.setflags(write=False)
    ret = kind == "max"
    base = at_baseline(lambda: run(kind, rank, x, layout=layout, return_indices=ret,
                                 **params))
    return x, base


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
@pytest.mark.parametrize("cid,rank,kind,layout,shape,params,mode", ISA_CASES,
                         ids=[c[0] for c in ISA_CASES])
def test_isa_threads_bit_identical(cid, rank, kind, layout, shape, params, mode, dtype,
                                   isa, nthreads):
    x, base = _isa_case_data(cid, dtype)
    assert resample.get_isa() == isa
    assert resample.get_num_threads() == nthreads
    got = run(kind, rank, x, layout=layout, return_indices=(kind == "max"), **params)
    if kind == "max":
        assert_array_equal(got[0], base[0])
        assert_array_equal(got[1], base[1])
    else:
        assert_array_equal(got, base)  # bit-identical, not just close


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
@pytest.mark.parametrize("cid", [c[0] for c in ISA_CASES[:2] + ISA_CASES[4:6]])
def test_big_vs_reference_parallel(cid, dtype, nthreads):
    """The larger cases exercise the threaded path; check them against the reference."""
    case = next(c for c in ISA_CASES if c[0] == cid)
    _, rank, kind, layout, shape, params, mode = case
    x, _ = _isa_case_data(cid, dtype)
    check_against_reference(kind, rank, x, layout=layout, **params)


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
def test_isa_random_small_cases(kind, dtype, isa, rng):
    """Every ISA on many small odd shapes, vs the reference."""
    for layout in ("NCHW", "NHWC"):
        for case in random_cases(2, kind, layout, n=4, seed=99 + len(layout)):
            rank, _, _, shape, params, mode = case.values
            x = make_data(rng, shape, dtype, mode)
            check_against_reference(kind, rank, x, layout=layout, **params)
