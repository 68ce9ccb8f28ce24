"""Transposed convolution against the NumPy reference in deconv_reference.py:
randomised geometry (strides, paddings, output_padding, dilation, groups,
kernels smaller and larger than the stride, 1x1 inputs), both layouts, both
kernel paths (packed GEMM and direct), every SIMD level, 1 and 2 threads,
views, out=, unbatched input and output_size."""

import random
import zlib

import numpy as np
import pytest
from numpy.testing import assert_allclose

import resample
from resample._conv_transpose import _conv_transpose
from deconv_reference import conv_transpose_ref, output_size

DTYPES = [np.float32, np.float64]
PATHS = ["gemm", "direct"]
MAX_SPATIAL = {1: 13, 2: 7, 3: 4}
MAX_KERNEL = {1: 6, 2: 4, 3: 3}


def tol(dtype, depth):
    """Sums of `depth` products of N(0,1) numbers: errors grow with sqrt(depth)."""
    eps = np.finfo(dtype).eps
    scale = max(1.0, np.sqrt(depth))
    return dict(rtol=50 * eps, atol=50 * eps * scale)


def random_case(r, rank):
    """One valid geometry: returns (x_shape NCHW, weight_shape, params)."""
    while True:
        groups = r.choice([1, 1, 1, 2, 3])
        cin = groups * r.randint(1, 3)
        cout_g = r.choice([1, 2, 3, 5, 9])
        sp = tuple(r.choice([1, r.randint(1, MAX_SPATIAL[rank])]) for _ in range(rank))
        k = tuple(r.randint(1, MAX_KERNEL[rank]) for _ in range(rank))
        s = tuple(r.randint(1, 4) for _ in range(rank))
        d = tuple(r.choice([1, 1, 2, 3]) for _ in range(rank))
        p = tuple(r.randint(0, (kk * dd) // 2 + 1) for kk, dd in zip(k, d))
        op = tuple(r.randint(0, max(ss, dd) - 1) for ss, dd in zip(s, d))
        sizes = [output_size(*a) for a in zip(sp, k, s, p, op, d)]
        if min(sizes) >= 1:
            params = dict(stride=s, padding=p, output_padding=op, groups=groups, dilation=d)
            return (r.randint(1, 2), cin) + sp, (cin, cout_g) + k, params


def make(rng, x_shape, w_shape, groups, dtype, bias=True):
    x = rng.standard_normal(x_shape).astype(dtype)
    w = rng.standard_normal(w_shape).astype(dtype)
    b = rng.standard_normal(w_shape[1] * groups).astype(dtype) if bias else None
    return x, w, b


def make_case(rng, case, dtype=np.float32):
    """x, weight, bias and params of a table's (x_shape, w_shape, params)."""
    x_shape, w_shape, params = case
    return (*make(rng, x_shape, w_shape, params.get("groups", 1), dtype), params)


def check(x, w, b, params, layout="NCHW", path="auto", out=None):
    rank = w.ndim - 2
    op = f"conv_transpose{rank}d"
    got = _conv_transpose(op, rank, x, w, b, params.get("stride", 1), params.get("padding", 0),
                          params.get("output_padding", 0), params.get("groups", 1), params.get("dilation", 1),
                          None, layout, out, path)
    ref = conv_transpose_ref(x if x.ndim == rank + 2 else x[None], w, b, layout=layout, **params)
    if x.ndim == rank + 1:
        ref = ref[0]
    depth = w.shape[0] * np.prod(w.shape[2:])
    assert got.dtype == x.dtype and got.shape == ref.shape
    assert_allclose(got, ref, **tol(x.dtype, depth))
    return got


def check_layouts(x, w, b, params, path="auto"):
    """check() on x, then on the same values channels-last."""
    check(x, w, b, params, path=path)
    check(np.ascontiguousarray(np.moveaxis(x, 1, -1)), w, b, params, "NHWC", path)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
@pytest.mark.parametrize("rank", [1, 2, 3])
@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
def test_random_vs_reference(rank, layout, path, dtype, rng):
    r = random.Random(zlib.crc32(f"{rank}{layout}{path}{dtype.__name__}".encode()))
    for _ in range(12):
        x_shape, w_shape, params = random_case(r, rank)
        x, w, b = make(rng, x_shape, w_shape, params["groups"], dtype, bias=r.random() < 0.7)
        if layout == "NHWC":
            x = np.ascontiguousarray(np.moveaxis(x, 1, -1))
        check(x, w, b, params, layout, path)


# Kernel larger than, equal to and smaller than the stride; 1x1 inputs;
# k == s without padding (U-Net), k = 2s with padding (FCN), a phase with no
# taps at all (k*d < s), dilation sharing a factor with the stride.
GEOMETRIES = [
    ((1, 3, 1, 1), (3, 4, 1, 1), dict(stride=3)),
    ((2, 3, 1, 1), (3, 5, 3, 3), dict(stride=2, padding=1, output_padding=1)),
    ((1, 4, 5, 6), (4, 8, 2, 2), dict(stride=2)),
    ((1, 4, 5, 6), (4, 7, 4, 4), dict(stride=2, padding=1)),
    ((1, 2, 5, 4), (2, 6, 16, 16), dict(stride=8, padding=4)),
    ((1, 2, 4, 5), (2, 3, 1, 2), dict(stride=3, output_padding=2)),
    ((1, 2, 4, 5), (2, 5, 3, 3), dict(stride=4, dilation=2, padding=2, output_padding=1)),
    ((1, 2, 6, 5), (2, 5, 3, 2), dict(stride=1, padding=1)),
    ((2, 6, 5, 5), (6, 1, 4, 4), dict(stride=2, padding=1, groups=6)),
    ((2, 6, 5, 5), (6, 4, 3, 3), dict(stride=(2, 3), padding=(1, 0), groups=3, dilation=(1, 2))),
    ((1, 3, 4, 5), (3, 4, 2, 2), dict(stride=2, padding=3)),  # padding eats into the input's taps
]


@pytest.mark.parametrize("path", ["auto"] + PATHS)
@pytest.mark.parametrize("case", range(len(GEOMETRIES)))
def test_geometries(case, path, rng):
    x, w, b, params = make_case(rng, GEOMETRIES[case])
    check_layouts(x, w, b, params, path)


@pytest.mark.parametrize("path", PATHS)
def test_every_isa(isa, path, rng):
    # Widths around every level's tile (4/8/16 lanes, 2-3 blocks per panel)
    # and channel counts around its rows (6 or 8).
    for width, cout in [(1, 1), (7, 5), (8, 6), (9, 8), (23, 9), (24, 13), (49, 17)]:
        x, w, b = make(rng, (2, 5, 3, width), (5, cout, 3, 4), 1, np.float32)
        check(x, w, b, dict(stride=2, padding=1), path=path)
        x, w, b = make(rng, (1, 4, 2, width), (4, cout, 2, 3), 1, np.float64)
        check(x, w, b, dict(stride=(1, 3)), path=path)


@pytest.mark.parametrize("path", PATHS)
def test_threads(nthreads, path, rng):
    # Large enough to be split between threads, deep enough for several
    # packed depth blocks (C_in x taps > 128).
    x, w, b = make(rng, (3, 40, 9, 23), (40, 12, 4, 4), 1, np.float32)
    check(x, w, b, dict(stride=2, padding=1), path=path)
    x, w, b = make(rng, (2, 8, 300), (8, 16, 8), 1, np.float32)
    check(x, w, b, dict(stride=4, padding=2), path=path)


# Rows of at most 16 outputs per W phase are packed from a zero-padded copy
# of the input, longer ones from the input itself: views of both kinds.
@pytest.mark.parametrize("width", [10, 70])
@pytest.mark.parametrize("view", ["transposed", "step", "negative", "channels"])
@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
def test_views(view, layout, width, rng):
    base = rng.standard_normal((3, 8, 9, width)).astype(np.float32)
    x = {"transposed": base.transpose(0, 1, 3, 2), "step": base[:, :, ::2, 1::3],
         "negative": base[::-1, :, ::-1, ::-2], "channels": base[:, ::2]}[view]
    if layout == "NHWC":
        x = np.moveaxis(x, 1, -1)   # a channels-last view, not a copy
    cin = x.shape[-1] if layout == "NHWC" else x.shape[1]
    w = rng.standard_normal((cin, 5, 3, 3)).astype(np.float32)
    before = x.copy()
    check(x, w, None, dict(stride=2, padding=1, output_padding=1), layout)
    np.testing.assert_array_equal(x, before)


def test_unbatched_and_out(rng):
    x, w, b = make(rng, (1, 3, 4, 5), (3, 6, 3, 3), 1, np.float32)
    params = dict(stride=2, padding=1)
    full = check(x, w, b, params)
    got = resample.conv_transpose2d(x[0], w, b, **params)
    assert got.shape == full.shape[1:]
    np.testing.assert_array_equal(got, full[0])
    out = np.full(full.shape[1:], np.nan, np.float32)
    assert resample.conv_transpose2d(x[0], w, b, **params, out=out) is out
    np.testing.assert_array_equal(out, full[0])
    # A non-contiguous out (every other column of a wider array) is filled too.
    wide = np.zeros(full.shape[:-1] + (2 * full.shape[-1],), np.float32)
    resample.conv_transpose2d(x, w, b, **params, out=wide[..., ::2])
    np.testing.assert_array_equal(wide[..., ::2], full)
    np.testing.assert_array_equal(wide[..., 1::2], 0)
    # NHWC unbatched: (H, W, C) in, (H', W', C_out) out.
    xl = np.ascontiguousarray(np.moveaxis(x[0], 0, -1))
    np.testing.assert_array_equal(resample.conv_transpose2d(xl, w, b, **params, layout="NHWC"),
                                  np.moveaxis(full[0], 0, -1))


def test_output_size_picks_output_padding(rng):
    x, w, b = make(rng, (2, 3, 5, 6), (3, 4, 3, 3), 1, np.float64)
    for size in [(9, 11), (10, 12), (2, 4, 10, 11)]:
        got = resample.conv_transpose2d(x, w, b, stride=2, padding=1, output_size=size)
        op = tuple(sz - mn for sz, mn in zip(size[-2:], (9, 11)))
        np.testing.assert_allclose(got, conv_transpose_ref(x, w, b, 2, 1, op), rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError, match="output_size"):
        resample.conv_transpose2d(x, w, stride=2, padding=1, output_size=(11, 11))
    with pytest.raises(ValueError, match="not both"):
        resample.conv_transpose2d(x, w, stride=2, padding=1, output_padding=1, output_size=(10, 12))


def test_empty_batch_and_no_input_channels(rng):
    w = rng.standard_normal((3, 4, 2, 2)).astype(np.float32)
    y = resample.conv_transpose2d(np.zeros((0, 3, 4, 4), np.float32), w, stride=2)
    assert y.shape == (0, 4, 8, 8)
    b = np.arange(4, dtype=np.float32)
    y = resample.conv_transpose2d(np.zeros((1, 0, 2, 2), np.float32), np.zeros((0, 4, 2, 2), np.float32), b)
    np.testing.assert_array_equal(y, np.broadcast_to(b[:, None, None], (1, 4, 3, 3)))


def test_linear_in_x(rng):
    x1, w, _ = make(rng, (2, 4, 5, 5), (4, 6, 3, 3), 1, np.float64)
    x2 = rng.standard_normal(x1.shape)
    f = lambda x: resample.conv_transpose2d(x, w, stride=2, padding=1)  # noqa: E731
    np.testing.assert_allclose(f(2 * x1 - 3 * x2), 2 * f(x1) - 3 * f(x2), atol=1e-12)


# Phases that read the same input share packed B blocks (kernel = stride, and
# kernel = 2 x stride without padding, as FCN's layers): D, H and W shared,
# with several depth blocks (C_in > 128) and odd sizes. Along W, phases
# whose taps read different offsets share a B packed for the union of the
# offsets (kernel 8, stride 4, padding 2 as the 1D audio layer: offsets
# {0, -1} and {1, 0}), each phase using a range of its depths that depth
# blocks cut anywhere; with dilation the offsets need not be consecutive.
@pytest.mark.parametrize("x_shape, w_shape, params", [
    ((2, 5, 3, 4, 5), (5, 7, 2, 2, 2), dict(stride=2)),
    ((1, 130, 2, 3, 3), (130, 9, 2, 3, 2), dict(stride=(2, 3, 2))),
    ((1, 6, 5, 7), (6, 11, 16, 16), dict(stride=8)),
    ((2, 140, 3, 5), (140, 10, 4, 4), dict(stride=2)),
    ((2, 70, 50), (70, 9, 8), dict(stride=4, padding=2)),
    ((2, 70, 50), (70, 9, 8), dict(stride=4, padding=3, output_padding=1)),
    ((1, 50, 3, 40), (50, 9, 3, 5), dict(stride=(1, 3), padding=(1, 1))),
    ((1, 50, 3, 40), (50, 9, 3, 5), dict(stride=2, dilation=(1, 3), padding=2)),
    ((2, 150, 4, 4), (150, 12, 4, 4), dict(stride=2, padding=1)),  # DCGAN-like, short rows
])
@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
def test_shared_phases(x_shape, w_shape, params, layout, rng):
    x, w, b = make(rng, x_shape, w_shape, 1, np.float32)
    if layout == "NHWC":
        x = np.ascontiguousarray(np.moveaxis(x, 1, -1))
    check(x, w, b, params, layout, path="gemm")


# The GEMM path keeps the packed weights of recent calls, found again by the
# weights' contents: a weight array mutated in place, a new array with the
# same values, a different geometry or ISA with the same weights must each
# give their own correct result.
def test_packed_weight_cache(rng):
    x, w, b = make(rng, (2, 9, 5, 6), (9, 10, 4, 4), 1, np.float32)
    params = dict(stride=2, padding=1)
    first = check(x, w, b, params, path="gemm")
    w[3, 2, 1, 1] += 1.0                  # in place: same address, shape and strides
    second = check(x, w, b, params, path="gemm")
    assert not np.array_equal(first, second)
    w[...] = rng.standard_normal(w.shape)  # every value
    check(x, w, b, params, path="gemm")
    check(x, w.copy(), b, params, path="gemm")  # equal contents at another address
    check(x, w, b, dict(stride=2, padding=0), path="gemm")  # same weights, other phases
    check(x, w, b, dict(stride=3, padding=1, dilation=2), path="gemm")
    for isa in resample.available_isas():
        with_isa = resample.get_isa()
        try:
            resample.set_isa(isa)
            check(x, w, b, params, path="gemm")
            w[0, 0, 0, 0] -= 0.5
            check(x, w, b, params, path="gemm")
        finally:
            resample.set_isa(with_isa)
    w64 = w.astype(np.float64)
    check(x.astype(np.float64), w64, b.astype(np.float64), params, path="gemm")
    w64 *= 2
    check(x.astype(np.float64), w64, b.astype(np.float64), params, path="gemm")
    # More layers than the cache holds, then the first again.
    weights = [rng.standard_normal((9, 10, 4, 4)).astype(np.float32) for _ in range(12)]
    for wi in weights + weights[:2]:
        check(x, wi, b, params, path="gemm")


# Weights of 256 KiB and more are compared with the cached copy while the
# GEMM runs, one part per thread, after a probe of their first and last 256
# bytes: a change in either thread's part (found during the GEMM, which then
# runs again with new packed weights) or at either end (found by the probe)
# is seen.
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("dtype", DTYPES)
def test_packed_weight_cache_large(threads, dtype, rng):
    x, w, b = make(rng, (2, 64, 6, 6), (64, 64, 8, 8), 1, dtype)
    assert w.nbytes >= 1 << 20
    params = dict(stride=4, padding=2)
    with resample.threads(threads):
        previous = check(x, w, b, params, path="gemm")
        for index in [(0, 0, 0, 0), (20, 3, 2, 1), (40, 3, 2, 1), (63, 63, 7, 7), (63, 63, 0, 0)]:
            w[index] += 1.0
            got = check(x, w, b, params, path="gemm")
            assert not np.array_equal(got, previous)
            previous = got


# Layers whose weights agree at both ends (the probe) but not in between,
# called in turn: each call must find out during its GEMM that the cached
# packing is the other layer's, whichever is cached first. Just above the
# size from which the check runs during the GEMM, and the same layers with
# the difference in a single element.
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("spot", ["everywhere", "one"])
def test_packed_weight_cache_probe_alike(threads, spot, rng):
    x, w, b = make(rng, (1, 32, 5, 5), (32, 64, 6, 6), 1, np.float32)
    assert w.nbytes >= 256 << 10
    other = w.copy()
    if spot == "one":
        other[16, 30, 2, 3] += 0.5
    else:
        other.reshape(-1)[64:-64] = rng.standard_normal(w.size - 128)
    params = dict(stride=3, padding=1)
    with resample.threads(threads):
        for weights in [w, other, w, w, other, other, w]:
            check(x, weights, b, params, path="gemm")


# Output rows are written a SIMD block at a time for W strides 1, 2, 4, 8
# and 16 (the W phases interleaved with shuffles), element by element for
# others: rows long enough for several blocks of every level, with a tail.
@pytest.mark.parametrize("sw", [1, 2, 3, 4, 8, 16])
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_row_stores(sw, path, dtype, isa, rng):
    x, w, b = make(rng, (1, 3, 2, 37), (3, 4, 2, sw + 1), 1, dtype)
    check(x, w, b, dict(stride=(1, sw), padding=(0, sw // 2)), path=path)


# Rows shorter than a SIMD block whose length divides it (small images, as
# DCGAN's 4x4 inputs) are written a block of each W phase at a time: several
# rows per block, rows that cross into the next image, a tail of rows that
# fills no block, every W stride that interleaves with shuffles, and 3-wide
# rows, which go row by row.
@pytest.mark.parametrize("sw", [1, 2, 4, 8, 16])
@pytest.mark.parametrize("cols", [1, 2, 3, 4, 8])
@pytest.mark.parametrize("dtype", DTYPES)
def test_short_rows(sw, cols, dtype, isa, rng):
    x, w, b = make(rng, (3, 5, 5, cols), (5, 9, 4, 2 * sw), 1, dtype)
    check(x, w, b, dict(stride=(2, sw), padding=(1, sw // 2)), path="gemm")
    x, w, b = make(rng, (2, 3, 7, cols), (3, 8, 2, sw), 1, dtype)
    check(x, w, b, dict(stride=(2, sw)), path="gemm")


# Input planes of exactly one SIMD block (2 to 16 elements: some level's
# block of float32 or float64) whose phase pairs give one block of outputs
# per image (DCGAN's 4x4 with kernel 4, stride 2, padding 1) are packed a
# plane at a time, each tap a shifted copy of it with zeros where it reads
# outside. Taps that leave the plane on either side of every axis, 1D and
# 3D, batches that fill panels or leave a tail, more depths than a packed
# block (taps of one W offset spanning two), groups, phases that share B
# along H and along D and H (work items cut at whole images), W phases of
# unequal counts (output_padding), dilation, more tap combinations than one
# packed block's table (packed from a padded copy instead); batch and
# channel strides other than the contiguous ones; a channels-last input and
# a strided view (their planes are not contiguous).
BLOCK_PLANES = [
    ((4, 6, 4, 4), (6, 5, 4, 4), dict(stride=2, padding=1)),
    ((3, 5, 2, 4), (5, 7, 4, 4), dict(stride=2, padding=1)),
    ((5, 4, 2, 2), (4, 6, 4, 4), dict(stride=2, padding=1)),
    ((2, 3, 1, 2), (3, 4, 3, 4), dict(stride=(1, 2), padding=(1, 1))),
    ((7, 4, 4, 4), (4, 9, 2, 2), dict(stride=2)),
    ((8, 4, 4, 4), (4, 9, 2, 2), dict(stride=2)),
    ((4, 3, 2, 2, 4), (3, 4, 2, 2, 2), dict(stride=2)),
    ((2, 3, 16), (3, 8, 5), dict(padding=2)),
    ((3, 2, 8), (2, 6, 4), dict(stride=2, padding=1)),
    ((2, 3, 8), (3, 4, 2), dict(stride=2, padding=1, output_padding=1)),
    ((2, 3, 16), (3, 4, 3), dict(dilation=2, padding=2)),
    ((2, 3, 2, 2, 4), (3, 4, 3, 3, 3), dict(padding=1)),
    ((3, 200, 2, 4), (200, 8, 4, 4), dict(stride=2, padding=1)),
    ((2, 6, 4, 4), (6, 4, 4, 4), dict(stride=2, padding=1, groups=3)),
    ((1, 5, 4, 4), (5, 3, 4, 4), dict(stride=2, padding=1)),
    ((1, 1, 4, 4), (1, 3, 9, 9), dict(padding=4)),
]


@pytest.mark.parametrize("case", range(len(BLOCK_PLANES)))
@pytest.mark.parametrize("dtype", DTYPES)
def test_block_planes(case, dtype, isa, nthreads, rng):
    x, w, b, params = make_case(rng, BLOCK_PLANES[case], dtype)
    check_layouts(x, w, b, params, path="gemm")
    check(np.repeat(x, 2, axis=1)[:, ::2], w, b, params, path="gemm")  # channels two planes apart
    check(x[::-1], w, b, params, path="gemm")  # images in reverse, a negative batch stride
    check(np.repeat(x, 2, axis=-1)[..., ::2], w, b, params, path="gemm")


# W phases of 17 or more outputs whose zero-padded input copy is at most
# 1 MiB and at most 1/8 wider than the rows (FCN's score maps): B is read
# in place from the copy, rows a pitch apart, with the columns between rows
# computed and dropped. Rows that fill a panel or not, several blocks per
# (image, D) plane, batches and D planes (blocks must not cross them), W
# phases with no tap, W phases that read their own B (dilation 3: phase 0
# reads offsets 0 and -3, phase 1 offset -1, not a run of their union),
# long rows cut into panels, a channels-last output, groups.
IN_PLACE = [
    ((1, 5, 9, 17), (5, 7, 4, 4), dict(stride=2)),
    ((2, 4, 12, 33), (4, 21, 4, 4), dict(stride=2, padding=1)),
    ((1, 3, 5, 40), (3, 9, 3, 5), dict(stride=(1, 3), padding=(1, 2), output_padding=(0, 1))),
    ((2, 3, 6, 26), (3, 8, 2, 3), dict(stride=2, dilation=(1, 2), padding=(0, 1))),
    ((1, 3, 5, 30), (3, 7, 2, 3), dict(stride=2, dilation=(1, 3))),
    ((1, 2, 3, 300), (2, 10, 2, 3), dict(stride=(1, 1), padding=(0, 1))),
    ((2, 6, 7, 21), (6, 5, 4, 4), dict(stride=2, groups=2)),
]


# Huge paddings or dilations would make the zero-padded copy mostly zeros
# (or overflow its size): B is then packed from the input, long rows and
# short ones alike.
@pytest.mark.parametrize("width", [4, 20])
def test_no_copy_for_huge_padding(width, rng):
    x, w, b = make(rng, (1, 2, 2, width), (2, 4, 2, 4), 1, np.float32)
    check(x, w, b, dict(stride=(1, 2), dilation=(1000, 1), padding=(0, 1)), path="gemm")
    # Copy sizes that overflow: D and H (dilation 2^32 - 1, padding 2^31)
    # give one output that no tap reaches, so it is the bias alone (the
    # reference cannot allocate its uncropped output here).
    x, w, b = make(rng, (1, 2, 2, 2, width), (2, 4, 2, 2, 4), 1, np.float32)
    got = _conv_transpose("conv_transpose3d", 3, x, w, b, (1, 1, 2), (2**31, 2**31, 1), 0, 1,
                          (2**32 - 1, 2**32 - 1, 1), None, "NCHW", None, "gemm")
    assert got.shape == (1, 4, 1, 1, 2 * width)
    assert_allclose(got, np.broadcast_to(b[None, :, None, None, None], got.shape))


@pytest.mark.parametrize("case", range(len(IN_PLACE)))
@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
@pytest.mark.parametrize("dtype", DTYPES)
def test_b_read_in_place(case, layout, dtype, isa, nthreads, rng):
    x, w, b, params = make_case(rng, IN_PLACE[case], dtype)
    if layout == "NHWC":
        x = np.ascontiguousarray(np.moveaxis(x, 1, -1))
    check(x, w, b, params, layout, path="gemm")


@pytest.mark.parametrize("dtype", DTYPES)
def test_b_read_in_place_3d(dtype, isa, nthreads, rng):
    x, w, b = make(rng, (2, 3, 4, 5, 19), (3, 6, 2, 4, 4), 1, dtype)
    check(x, w, b, dict(stride=(1, 2, 2), padding=(0, 1, 1)), path="gemm")
    x, w, b = make(rng, (1, 4, 3, 4, 24), (4, 9, 2, 2, 2), 1, dtype)
    check(x, w, b, dict(stride=2), path="gemm")


# Phases that read every depth of a shared B, with channel counts that are
# not a multiple of the tile's rows (6 or 8), stack their rows in one packed
# matrix: FCN's x2 and x8 (21 channels), 1D and 3D, groups, a D/H axis
# whose phases stop sharing B (output_padding: unequal counts) with the
# same weights (the cache must not hand over the other layout), channel
# counts of one and two tile rows.
STACKED = [
    ((1, 3, 6, 7), (3, 21, 4, 4), dict(stride=2)),
    ((1, 2, 3, 4), (2, 21, 16, 16), dict(stride=8)),
    ((2, 4, 11), (4, 5, 4), dict(stride=2)),
    ((1, 3, 3, 4, 5), (3, 7, 2, 2, 2), dict(stride=2)),
    ((2, 4, 5, 6), (4, 9, 4, 4), dict(stride=2, groups=2)),
    ((1, 3, 5, 19), (3, 13, 2, 3), dict(stride=(2, 3))),
]


@pytest.mark.parametrize("case", range(len(STACKED)))
@pytest.mark.parametrize("dtype", DTYPES)
def test_stacked_phases(case, dtype, isa, nthreads, rng):
    x, w, b, params = make_case(rng, STACKED[case], dtype)
    check_layouts(x, w, b, params, path="gemm")
    rank = x.ndim - 2
    for output_padding in [(1,) * rank, (0,) * (rank - 1) + (1,), (0,) * rank]:
        check(x, w, b, dict(params, output_padding=output_padding), path="gemm")


@pytest.mark.parametrize("cout", [1, 6, 8, 16])
def test_stacked_phases_channels(cout, isa, rng):
    x, w, b = make(rng, (2, 3, 5, 9), (3, cout, 4, 4), 1, np.float32)
    check(x, w, b, dict(stride=2), path="gemm")


# Deep layers: the packed weights lie in chunks of depths, those of B's
# blocks (256 deep); a W phase whose depths start part-way into B's (the
# union of the W phases' taps, as in DCGAN's and the audio layer's) has
# chunks that start part-way too. 1D; 2D with H phases of unequal tap
# counts; 3D; stacked phases (3 channels stack at every level's tile rows);
# groups; the audio layer's four W phases. All but the stacked case have W
# phases whose depths start part-way (kernel 4, stride 2, padding 1 along W).
DEEP = [
    ((2, 300, 9), (300, 10, 4), dict(stride=2, padding=1)),
    ((1, 70, 5, 6), (70, 9, 3, 4), dict(stride=2, padding=1)),
    ((1, 40, 3, 3, 4), (40, 10, 3, 3, 4), dict(stride=2, padding=(0, 0, 1))),
    ((1, 130, 4, 5), (130, 3, 4, 4), dict(stride=2)),
    ((1, 260, 3, 7), (260, 12, 2, 4), dict(stride=(1, 2), padding=(0, 1), groups=2)),
    ((1, 200, 10), (200, 8, 8), dict(stride=4, padding=2)),
]


@pytest.mark.parametrize("case", range(len(DEEP)))
@pytest.mark.parametrize("dtype", DTYPES)
def test_deep_layers(case, dtype, isa, nthreads, rng):
    x, w, b, params = make_case(rng, DEEP[case], dtype)
    check_layouts(x, w, b, params, path="gemm")


# Outputs over 4 MiB are written with non-temporal stores where a row's
# start is aligned for them: an aligned output, and one (out=) that is not.
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_streamed_output(path, dtype, isa, nthreads, rng):
    x, w, b = make(rng, (1, 4, 128, 260), (4, 8, 2, 2), 1, dtype)
    shape = (1, 8, 256, 520)
    assert np.prod(shape) * np.dtype(dtype).itemsize > 4 << 20
    check(x, w, b, dict(stride=2), path=path)
    buffer = np.empty(np.prod(shape) + 1, dtype)
    out = buffer[1:].reshape(shape)  # 4 or 8 bytes past an allocation's start
    assert out.ctypes.data % 64 != 0
    check(x, w, b, dict(stride=2), path=path, out=out)
