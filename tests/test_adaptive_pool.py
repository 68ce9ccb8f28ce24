"""Adaptive max and average pooling against the NumPy reference in
``reference_adaptive.py``: random shapes and output sizes (windows that tile
exactly, overlap and repeat), both layouts, strided inputs, every SIMD level
and thread count bit-identical, out=, and argument errors."""
import random
import zlib

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

import resample
from helpers import FEW_DIMS, UNAVERAGED_INTEGERS, UNSUPPORTED_DTYPES, at_baseline, make_data
from reference_adaptive import adaptive_pool_ref

DTYPES = [np.float32, np.float64]
TOL = {np.float32: dict(rtol=2e-6, atol=2e-6), np.float64: dict(rtol=1e-12, atol=1e-12)}
KINDS = ["max", "avg"]


def fn(kind, rank):
    return getattr(resample, f"adaptive_{kind}_pool{rank}d")


def check(x, rank, kind, output_size, layout="NCHW"):
    sizes = output_size if isinstance(output_size, tuple) else (output_size,) * rank
    f = fn(kind, rank)
    if kind == "max":
        ev, ei = adaptive_pool_ref(x, rank, "max", sizes, layout)
        v, i = f(x, output_size, True, layout=layout)
        assert v.dtype == x.dtype and i.dtype == np.int64
        assert_array_equal(v, ev)
        assert_array_equal(i, ei)
        assert_array_equal(f(x, output_size, layout=layout), ev)
    else:
        got = f(x, output_size, layout=layout)
        assert got.dtype == x.dtype
        assert_allclose(got, adaptive_pool_ref(x, rank, "avg", sizes, layout), **TOL[x.dtype.type])


def random_cases(n, seed):
    r = random.Random(seed)
    cases = []
    for _ in range(n):
        rank = r.randint(1, 3)
        limit = {1: 40, 2: 14, 3: 7}[rank]
        spatial = tuple(r.randint(1, limit) for _ in range(rank))
        out = tuple(r.choice([None, 1, r.randint(1, limit + 3), s // 2 or 1, s, 2 * s])
                    for s in spatial)
        layout = r.choice(["NCHW", "NHWC"])
        lead = tuple(r.randint(1, 3) for _ in range(r.randint(0, 2)))
        channels = r.choice([1, 3, 8, 17])
        shape = lead + ((channels,) + spatial if layout == "NCHW" else spatial + (channels,))
        kind = r.choice(KINDS)
        mode = "normal" if kind == "avg" else r.choice(["normal", "ties", "nan", "inf"])
        cases.append(pytest.param(rank, kind, shape, out, layout, mode,
                                  id=f"{rank}d-{kind}-{layout}-{shape}-to{out}-{mode}".replace(" ", "")))
    return cases


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("rank,kind,shape,out,layout,mode", random_cases(60, 4242))
def test_random_vs_reference(rank, kind, shape, out, layout, mode, dtype):
    rng = np.random.default_rng(zlib.crc32(repr((shape, out, mode)).encode()))
    check(make_data(rng, shape, dtype, mode), rank, kind, out, layout)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("length,size,expected", [
    (5, 3, [(0, 2), (1, 4), (3, 5)]),
    (7, 3, [(0, 3), (2, 5), (4, 7)]),
    (2, 4, [(0, 1), (0, 1), (1, 2), (1, 2)]),
    (6, 3, [(0, 2), (2, 4), (4, 6)]),
])
def test_windows_hand(kind, length, size, expected):
    x = np.arange(length, dtype=np.float64)[::-1].copy()  # descending: max at the window start
    got = fn(kind, 1)(x[None], size)[0]
    if kind == "max":
        assert_array_equal(got, [x[a] for a, _ in expected])
    else:
        assert_allclose(got, [x[a:b].mean() for a, b in expected], rtol=1e-15)


def test_max_ties_and_nan():
    x = np.array([[1.0, 3.0, 3.0, np.nan, 2.0, np.nan]])
    v, i = resample.adaptive_max_pool1d(x, 2, return_indices=True)
    assert_array_equal(i, [[1, 5]])  # first of the tie; the last NaN (PyTorch's rule)
    assert np.isnan(v[0, 1]) and v[0, 0] == 3.0


def test_none_keeps_size_and_int_equals_tuple(rng):
    x = rng.standard_normal((2, 3, 5, 7, 4)).astype(np.float32)
    a = resample.adaptive_avg_pool3d(x, (None, 3, None))
    assert a.shape == (2, 3, 5, 3, 4)
    assert_array_equal(resample.adaptive_avg_pool3d(x, (5, 3, 4)), a)
    assert_array_equal(resample.adaptive_max_pool3d(x, 2), resample.adaptive_max_pool3d(x, [2, 2, 2]))
    assert_array_equal(resample.adaptive_avg_pool2d(x[0, 0], (None, None)), x[0, 0])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
def test_zero_output_and_empty_batch(kind, layout):
    x = np.ones((2, 3, 4, 4), np.float32)
    assert fn(kind, 2)(x, (0, 2), layout=layout).shape == ((2, 3, 0, 2) if layout == "NCHW" else (2, 0, 2, 4))
    e = np.ones((0, 3, 4, 4), np.float32)
    assert fn(kind, 2)(e, 2, layout=layout).shape == ((0, 3, 2, 2) if layout == "NCHW" else (0, 2, 2, 4))
    if kind == "max":
        v, i = fn(kind, 2)(x, (2, 0), True, layout=layout)
        assert v.size == 0 and i.size == 0


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
def test_noncontiguous_inputs(kind, layout, rng):
    base = make_data(rng, (3, 12, 11, 10), np.float64)
    for view in (base[:, ::2, 1::2, ::3], base[::-1, :, ::-1], np.moveaxis(base, 1, 3), base[..., 3]):
        rank = 2 if view.ndim == 4 or layout == "NCHW" else 1
        check(view, rank, kind, (4, 3)[:rank] if rank == 2 else 3, layout)


# ----------------------------------------------------------------------------
# kernel paths: every SIMD level and thread count equals the baseline, bit for bit
# ----------------------------------------------------------------------------
PATH_CASES = [  # (rank, shape, output_size, layout)
    (2, (2, 3, 60, 60), 6, "NCHW"),             # exact tiling: the ordinary window paths
    (2, (2, 3, 61, 67), (6, 5), "NCHW"),        # per-output tables along both axes
    (2, (2, 3, 64, 67), (8, 5), "NCHW"),        # tables along W only
    (2, (2, 3, 67, 64), (5, 8), "NCHW"),        # tables along H only
    (2, (2, 5, 9), (13, 20), "NCHW"),           # upsampling: repeated windows
    (1, (2, 9000), 7, "NCHW"),                  # a row wider than any row buffer (direct)
    (1, (2, 9000), 9, "NCHW"),
    (2, (2, 13, 11, 33), (4, 3), "NHWC"),       # channels-last, partial channel blocks
    (2, (2, 12, 12, 16), (5, 6), "NHWC"),
    (3, (2, 3, 7, 9, 17), (3, 4, 5), "NCHW"),
    (3, (2, 7, 9, 10, 5), (3, 4, 5), "NHWC"),
]


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("rank,shape,size,layout", PATH_CASES, ids=lambda v: str(v).replace(" ", ""))
def test_paths_bit_identical(isa, nthreads, rank, shape, size, layout, kind, dtype, rng):
    x = make_data(rng, shape, dtype, "nan" if kind == "max" else "normal")
    f = fn(kind, rank)
    if kind == "max":
        ev, ei = at_baseline(lambda: f(x, size, True, layout=layout))
        v, i = f(x, size, True, layout=layout)
        assert_array_equal(v, ev)
        assert_array_equal(i, ei)
        assert_array_equal(f(x, size, layout=layout), ev)
    else:
        expected = at_baseline(lambda: f(x, size, layout=layout))
        assert_array_equal(f(x, size, layout=layout), expected)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("rank,shape,size,layout", PATH_CASES[:4] + PATH_CASES[7:9], ids=str)
def test_paths_vs_reference(rank, shape, size, layout, kind, rng):
    check(make_data(rng, shape, np.float32, "ties" if kind == "max" else "normal"), rank, kind, size, layout)


# ----------------------------------------------------------------------------
# out=
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
@pytest.mark.parametrize("style", ["contiguous", "strided"])
def test_out(style, layout, rng):
    x = make_data(rng, (2, 3, 7, 9), np.float32, "nan")
    ev, ei = adaptive_pool_ref(x, 2, "max", (3, 4), layout)
    ea = adaptive_pool_ref(x, 2, "avg", (3, 4), layout)

    def target(like):
        if style == "contiguous":
            return np.full(like.shape, -7, like.dtype)
        return np.full(like.shape[:-1] + (2 * like.shape[-1],), -7, like.dtype)[..., ::2]

    o = target(ea)
    assert resample.adaptive_avg_pool2d(x, (3, 4), layout=layout, out=o) is o
    assert_allclose(o, ea, rtol=2e-6, atol=2e-6)
    vo, io = target(ev), target(ei)
    res = resample.adaptive_max_pool2d(x, (3, 4), True, layout=layout, out=(vo, io))
    assert res[0] is vo and res[1] is io
    assert_array_equal(vo, ev)
    assert_array_equal(io, ei)
    o = target(ev)
    assert resample.adaptive_max_pool2d(x, (3, 4), layout=layout, out=o) is o
    assert_array_equal(o, ev)


# ----------------------------------------------------------------------------
# errors
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("kind, dtype", [("max", d) for d in UNSUPPORTED_DTYPES] +
                         [("avg", d) for d in UNSUPPORTED_DTYPES + UNAVERAGED_INTEGERS])
def test_bad_dtype(kind, dtype):
    with pytest.raises(TypeError, match=r"(?s)x must have dtype.*float32.*float64"):
        fn(kind, 2)(np.zeros((1, 4, 4), dtype), 2)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("rank,layout,shape", FEW_DIMS)
def test_too_few_dims(kind, rank, layout, shape):
    with pytest.raises(TypeError, match="dimensions"):
        fn(kind, rank)(np.zeros(shape, np.float32), 1, layout=layout)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("size,error", [
    (2.0, TypeError), ("2", TypeError), (True, TypeError), (None, TypeError), ((2, 2.5), TypeError),
    ((2,), ValueError), ((2, 2, 2), ValueError), (-1, ValueError), ((2, -3), ValueError), (2**41, ValueError),
])
def test_bad_output_size(kind, size, error):
    with pytest.raises(error, match="output_size"):
        fn(kind, 2)(np.zeros((1, 4, 4), np.float32), size)


@pytest.mark.parametrize("kind", KINDS)
def test_empty_spatial_axis(kind):
    with pytest.raises(ValueError, match="must not be empty"):
        fn(kind, 2)(np.zeros((1, 0, 4), np.float32), 2)


@pytest.mark.parametrize("kind", KINDS)
def test_bad_layout_and_out(kind):
    x = np.zeros((1, 4, 4), np.float32)
    with pytest.raises(ValueError, match="layout"):
        fn(kind, 2)(x, 2, layout="NCWH")
    with pytest.raises(ValueError, match="out must have shape"):
        fn(kind, 2)(x, 2, out=np.zeros((1, 3, 2), np.float32))
    with pytest.raises(ValueError, match="out must have dtype"):
        fn(kind, 2)(x, 2, out=np.zeros((1, 2, 2), np.float64))
    with pytest.raises(ValueError, match="overlap"):
        fn(kind, 2)(x, (4, 4), out=x)


def test_return_indices_errors():
    x = np.zeros((1, 4, 4), np.float32)
    with pytest.raises(TypeError, match="return_indices"):
        resample.adaptive_max_pool2d(x, 2, "yes")
    with pytest.raises(TypeError, match="out must be a tuple"):
        resample.adaptive_max_pool2d(x, 2, True, out=np.zeros((1, 2, 2), np.float32))
    with pytest.raises(TypeError):
        resample.adaptive_avg_pool2d(x, 2, True)  # no return_indices for avg
