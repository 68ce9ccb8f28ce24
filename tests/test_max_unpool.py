"""max_unpool1d/2d/3d against the NumPy reference in ``reference_adaptive.py``
and against torch: round trips through max pooling, random and duplicate
indices, both layouts, strided inputs, output_size, out=, every SIMD level
and thread count, and argument errors."""
import random

import numpy as np
import pytest
from numpy.testing import assert_array_equal

import resample
from helpers import FEW_DIMS, at_baseline
from reference_adaptive import max_unpool_ref, unpool_default_size

DTYPES = [np.float32, np.float64]


def fn(rank):
    return getattr(resample, f"max_unpool{rank}d")


def pool_cases(n, seed):
    r = random.Random(seed)
    cases = []
    while len(cases) < n:
        rank = r.randint(1, 3)
        spatial = tuple(r.randint(2, {1: 30, 2: 12, 3: 7}[rank]) for _ in range(rank))
        k = tuple(r.randint(1, 3) for _ in range(rank))
        s = tuple(r.randint(1, 3) for _ in range(rank))
        p = tuple(r.randint(0, kk // 2) for kk in k)
        if any(sp + 2 * pp < kk for sp, pp, kk in zip(spatial, p, k)):
            continue
        layout = r.choice(["NCHW", "NHWC"])
        lead = tuple(r.randint(1, 3) for _ in range(r.randint(0, 2)))
        ch = r.choice([1, 3, 8, 17])
        shape = lead + ((ch,) + spatial if layout == "NCHW" else spatial + (ch,))
        cases.append(pytest.param(rank, shape, k, s, p, layout, id=f"{rank}d-{shape}-k{k}s{s}p{p}-{layout}"
                                  .replace(" ", "")))
    return cases


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("rank,shape,k,s,p,layout", pool_cases(40, 31))
def test_round_trip_vs_reference(rank, shape, k, s, p, layout, dtype, rng):
    x = rng.standard_normal(shape).astype(dtype)
    v, i = getattr(resample, f"max_pool{rank}d")(x, k, s, p, return_indices=True, layout=layout)
    spatial_axes = range(x.ndim - rank - (layout == "NHWC"), x.ndim - (layout == "NHWC"))
    sizes = tuple(x.shape[a] for a in spatial_axes)
    got = fn(rank)(v, i, k, s, p, output_size=sizes, layout=layout)
    assert got.dtype == x.dtype
    assert_array_equal(got, max_unpool_ref(v, i, rank, sizes, layout))
    # the default size, whenever the pooled input covers it
    default = tuple(unpool_default_size(v.shape[a], kk, ss, pp) for a, kk, ss, pp in zip(spatial_axes, k, s, p))
    if all(d >= n for d, n in zip(default, sizes)):
        assert_array_equal(fn(rank)(v, i, k, s, p, layout=layout), max_unpool_ref(v, i, rank, default, layout))


@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
@pytest.mark.parametrize("rank", [1, 2, 3])
def test_random_indices_with_duplicates(rank, layout, rng):
    spatial = (5, 4, 3)[:rank]
    shape = (2, 3) + spatial if layout == "NCHW" else (2,) + spatial + (3,)
    x = rng.standard_normal(shape).astype(np.float32)
    out_spatial = tuple(2 * n for n in spatial)
    i = rng.integers(0, 4, size=shape)  # many duplicates: the last in raster order wins
    got = fn(rank)(x, i, 2, layout=layout)
    assert_array_equal(got, max_unpool_ref(x, i, rank, out_spatial, layout))


def test_duplicates_last_wins_hand():
    v = np.array([[1.0, 2.0, 3.0, 4.0]], np.float32)
    got = resample.max_unpool1d(v, np.array([[0, 0, 0, 1]]), 2)
    assert_array_equal(got, [[3, 4, 0, 0, 0, 0, 0, 0]])


def test_docstring_example():
    x = np.arange(16, dtype=np.float32).reshape(4, 4)
    v, i = resample.max_pool2d(x, 2, return_indices=True)
    expected = np.zeros((4, 4), np.float32)
    expected[1::2, 1::2] = x[1::2, 1::2]
    assert_array_equal(resample.max_unpool2d(v, i, 2), expected)


@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
def test_noncontiguous_and_other_index_dtypes(layout, rng):
    base = rng.standard_normal((4, 6, 10, 10))
    ibase = rng.integers(0, 30, size=(4, 6, 10, 10))
    for view, iview in ((base[::2, :, ::-1], ibase[1::2, :, ::-1]), (base[..., ::2], ibase[..., 1::2]),
                        (np.moveaxis(base, 1, 3), np.moveaxis(ibase, 1, 3).astype(np.int32))):
        got = resample.max_unpool2d(view, iview, (2, 3), padding=(1, 0), output_size=(
            view.shape[-2 - (layout == "NHWC")] * 2 - 2, view.shape[-1 - (layout == "NHWC")] * 3),
            layout=layout)
        sizes = got.shape[-2:] if layout == "NCHW" else got.shape[-3:-1]
        assert_array_equal(got, max_unpool_ref(view, iview, 2, sizes, layout))


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("rank,shape,layout", [
    (2, (2, 5, 33, 40), "NCHW"), (2, (3, 17, 20, 19), "NHWC"), (3, (2, 3, 6, 8, 10), "NCHW"),
    (1, (1, 1, 5000), "NCHW"), (3, (1, 4, 6, 6, 5), "NHWC"),
])
def test_bit_identical_every_level(isa, nthreads, rank, shape, layout, dtype, rng):
    x = rng.standard_normal(shape).astype(dtype)
    v, i = getattr(resample, f"max_pool{rank}d")(x, 2, return_indices=True, layout=layout)
    expected = at_baseline(lambda: fn(rank)(v, i, 2, layout=layout))
    assert_array_equal(fn(rank)(v, i, 2, layout=layout), expected)


@pytest.mark.parametrize("style", ["contiguous", "strided"])
def test_out(style, rng):
    x = rng.standard_normal((2, 3, 4, 5)).astype(np.float32)
    i = rng.integers(0, 80, size=x.shape)
    expected = max_unpool_ref(x, i, 2, (8, 10))
    o = np.full((2, 3, 8, 10), 7, np.float32) if style == "contiguous" else \
        np.full((2, 3, 8, 20), 7, np.float32)[..., ::2]
    assert resample.max_unpool2d(x, i, 2, out=o) is o
    assert_array_equal(o, expected)


def test_output_size_forms(rng):
    x = rng.standard_normal((2, 3, 4, 5)).astype(np.float32)
    i = np.zeros(x.shape, np.int64)
    assert resample.max_unpool2d(x, i, 2, output_size=(9, 11)).shape == (2, 3, 9, 11)
    assert resample.max_unpool2d(x, i, 2, output_size=[2, 3, 7, 9]).shape == (2, 3, 7, 9)
    assert resample.max_unpool2d(x, i, 2, output_size=(7, 9)).shape == (2, 3, 7, 9)
    xl = np.moveaxis(x, 1, -1)
    assert resample.max_unpool2d(xl, np.moveaxis(i, 1, -1), 2, output_size=(2, 9, 11, 3),
                                 layout="NHWC").shape == (2, 9, 11, 3)


def test_empty_batch():
    x = np.zeros((0, 3, 4), np.float32)
    assert resample.max_unpool1d(x, np.zeros(x.shape, np.int64), 2).shape == (0, 3, 8)


# ----------------------------------------------------------------------------
# errors
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("bad", [-1, 64, 2**40])
@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
def test_index_out_of_range(bad, layout, nthreads):
    x = np.ones((2, 4, 4, 4), np.float32)
    i = np.zeros(x.shape, np.int64)
    i[1, 2, 3, 1] = bad
    with pytest.raises(ValueError, match=rf"indices.*invalid index {bad}"):
        resample.max_unpool2d(x, i, 2, layout=layout)


def test_bad_types_and_shapes():
    x = np.ones((1, 2, 4), np.float32)
    i = np.zeros(x.shape, np.int64)
    with pytest.raises(TypeError, match="x must have dtype"):
        resample.max_unpool1d(x.astype(np.int32), i, 2)
    with pytest.raises(TypeError, match="indices must be an integer array"):
        resample.max_unpool1d(x, i.astype(np.float32), 2)
    with pytest.raises(ValueError, match="indices must have the shape of x"):
        resample.max_unpool1d(x, i[..., :3], 2)
    with pytest.raises(ValueError, match="kernel_size"):
        resample.max_unpool1d(x, i, 0)
    with pytest.raises(ValueError, match="stride"):
        resample.max_unpool1d(x, i, 2, 0)
    with pytest.raises(ValueError, match="padding"):
        resample.max_unpool1d(x, i, 2, 2, -1)
    with pytest.raises(ValueError, match="layout"):
        resample.max_unpool1d(x, i, 2, layout="bad")
    with pytest.raises(ValueError, match="out must have shape"):
        resample.max_unpool1d(x, i, 2, out=np.zeros((1, 2, 7), np.float32))


@pytest.mark.parametrize("rank,layout,shape", FEW_DIMS)
def test_too_few_dims(rank, layout, shape):
    x = np.zeros(shape, np.float32)
    with pytest.raises(TypeError, match="dimensions"):
        fn(rank)(x, np.zeros(shape, np.int64), 2, layout=layout)


@pytest.mark.parametrize("size,error,match", [
    ((6,), ValueError, "between 6 and 10"),       # default 8, stride 2: 7..9
    ((10,), ValueError, "between 6 and 10"),
    ((1, 3, 9), ValueError, "non-spatial"),
    ((9, 9), ValueError, "1 entries"),
    (9, TypeError, "output_size"),
    ((9.0,), TypeError, "output_size"),
])
def test_bad_output_size(size, error, match):
    x = np.ones((1, 2, 4), np.float32)
    with pytest.raises(error, match=match):
        resample.max_unpool1d(x, np.zeros(x.shape, np.int64), 2, output_size=size)


def test_negative_default_size():
    x = np.ones((1, 1), np.float32)
    with pytest.raises(ValueError, match="would be -1"):
        resample.max_unpool1d(x, np.zeros(x.shape, np.int64), 1, padding=1)
