"""Randomised and targeted comparisons of resample's interpolation
(linear / bilinear / trilinear / nearest / interpolate) against the slow NumPy
reference in ``reference_interp.py`` (written from notes/interp_spec.md)."""

import functools
import math
import random
import zlib

import numpy as np
import pytest
from numpy.testing import assert_array_equal

import resample
from helpers import EMPTY_CASES, at_baseline
from reference_interp import (
    COORDINATE_MODES,
    assert_linear_close,
    interpolate_ref,
    linear_ref,
    nearest_ref,
    out_sizes,
    output_shape,
)

DTYPES = [np.float32, np.float64, np.uint8]
DTYPE_IDS = {np.float32: "f32", np.float64: "f64", np.uint8: "u8"}
LINEAR = {1: "linear", 2: "bilinear", 3: "trilinear"}
LAYOUT = {("first", 1): "NCW", ("first", 2): "NCHW", ("first", 3): "NCDHW",
          ("last", 1): "NWC", ("last", 2): "NHWC", ("last", 3): "NDHWC"}
# Awkward ratios of the issue and a few more.
AWKWARD = [1 / 3, 10 / 11, 251 / 256, 7.0, 0.5, 2.0, 1.5, 0.77, 3.3, 0.13, 1.05, 2.05]
NEAREST_ONNX = ["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"]


# ----------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------
def fmt(v):
    if v is None:
        return "None"
    if isinstance(v, tuple):
        return "(" + ",".join(fmt(e) for e in v) + ")"
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def make_data(rng, shape, dtype):
    dtype = np.dtype(dtype)
    if dtype == np.uint8:
        return rng.integers(0, 256, size=shape, dtype=np.uint8)
    return (rng.standard_normal(shape) * 3.0).astype(dtype)


def linear_fn(rank):
    return getattr(resample, LINEAR[rank])


def check_linear(rank, x, what="", **kw):
    """Library vs reference for the linear family; x must be left untouched."""
    before = np.array(x, copy=True)
    ref = linear_ref(x, rank, **kw)
    got = linear_fn(rank)(x, **kw)
    assert_linear_close(got, ref, x, what=f"{LINEAR[rank]}({what} {kw})")
    assert_array_equal(x, before)
    return got


def check_nearest(x, **kw):
    before = np.array(x, copy=True)
    ref = nearest_ref(x, **kw)
    got = resample.nearest(x, **kw)
    assert isinstance(got, np.ndarray)
    assert got.dtype == x.dtype
    assert got.shape == ref.shape, (got.shape, ref.shape, kw)
    assert_array_equal(got, ref, err_msg=f"nearest({kw}) x.shape={x.shape}")
    assert_array_equal(x, before)
    return got


def spatial_shape(lead, sp, channels, last):
    return lead + sp + (channels,) if last else lead + (channels,) + sp


def aa_undefined(sp, outs, mode, antialias, align_corners=False):
    """antialias + align_corners + an output length of 1 < input: r = (in-1)/0,
    not defined by the spec; those configurations are not tested."""
    ac = mode == "align_corners" or (mode is None and align_corners)
    return antialias and ac and any(o == 1 < L for o, L in zip(outs, sp))


# ----------------------------------------------------------------------------
# randomised configurations: linear family
# ----------------------------------------------------------------------------
MAX_SPATIAL = {1: 40, 2: 13, 3: 7}
LEADS = [(), (1,), (2,), (0,), (2, 3), (3, 1)]
CHANNELS = [1, 3, 4, 17]


def random_linear_cases(rank, n, seed):
    r = random.Random(seed)
    cases = []
    while len(cases) < n:
        sp = tuple(r.randint(1, MAX_SPATIAL[rank]) for _ in range(rank))
        last = r.random() < 0.5
        layout = LAYOUT[("last" if last else "first", rank)]
        if r.random() < 0.3:
            layout = "NHWC" if last else "NCHW"  # the names are interchangeable
        lead = r.choice(LEADS[:4] if rank == 3 else LEADS)
        ch = r.choice(CHANNELS)
        if r.random() < 0.5:
            sc = tuple(r.choice(AWKWARD + [r.uniform(0.2, 4.0)]) for _ in range(rank))
            if any(math.floor(L * s) < 1 for L, s in zip(sp, sc)):
                continue
            if len(set(sc)) == 1 and r.random() < 0.5:
                sc = sc[0]
            kw = dict(scale=sc)
        else:
            sz = tuple(r.choice([1, 2, 3, r.randint(1, 2 * MAX_SPATIAL[rank])]) for _ in range(rank))
            if len(set(sz)) == 1 and r.random() < 0.5:
                sz = sz[0]
            kw = dict(size=sz)
        style = r.choice(["default", "ac", "mode", "mode", "mode"])
        if style == "ac":
            kw["align_corners"] = True
        elif style == "mode":
            kw["coordinate_mode"] = r.choice(COORDINATE_MODES)
            if r.random() < 0.3:
                kw["align_corners"] = r.random() < 0.5  # overridden by coordinate_mode
        if r.random() < 0.4:
            kw["antialias"] = True
        outs, _, _ = out_sizes(sp, kw.get("scale"), kw.get("size"))
        if aa_undefined(sp, outs, kw.get("coordinate_mode"), kw.get("antialias", False),
                        kw.get("align_corners", False)):
            continue
        kw["layout"] = layout
        shape = spatial_shape(lead, sp, ch, last)
        cid = f"{rank}d-x{fmt(shape)}-" + "-".join(f"{k}={fmt(v)}" for k, v in kw.items())
        cases.append(pytest.param(rank, shape, kw, id=cid))
    return cases


LINEAR_CASES = []
for _rank in (1, 2, 3):
    LINEAR_CASES += random_linear_cases(_rank, n={1: 30, 2: 30, 3: 20}[_rank], seed=4100 + _rank)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
@pytest.mark.parametrize("rank,shape,kw", LINEAR_CASES)
def test_random_linear_vs_reference(rank, shape, kw, dtype, rng):
    x = make_data(rng, shape, dtype)
    got = check_linear(rank, x, **kw)
    assert got.shape == output_shape(shape, rank, kw.get("scale"), kw.get("size"),
                                     kw["layout"])


# ----------------------------------------------------------------------------
# randomised configurations: nearest
# ----------------------------------------------------------------------------
def random_nearest_cases(n, seed):
    r = random.Random(seed)
    cases = []
    while len(cases) < n:
        rank = r.choice([1, 2, 3])
        sp = tuple(r.randint(1, MAX_SPATIAL[rank]) for _ in range(rank))
        last = r.random() < 0.5
        layout = LAYOUT[("last" if last else "first", rank)]
        lead = r.choice(LEADS[:4])
        ch = r.choice(CHANNELS)
        kw = {}
        tuple_form = rank != 2 or r.random() < 0.7
        if r.random() < 0.5:
            sc = tuple(r.choice(AWKWARD + [r.uniform(0.2, 4.0)]) for _ in range(rank))
            if any(math.floor(L * s) < 1 for L, s in zip(sp, sc)):
                continue
            if not tuple_form:
                sc = sc[0]
                if any(math.floor(L * sc) < 1 for L in sp):
                    continue
            kw["scale"] = sc
        else:
            sz = tuple(r.choice([1, 2, r.randint(1, 2 * MAX_SPATIAL[rank])]) for _ in range(rank))
            kw["size"] = sz if tuple_form else sz[0]
        if not tuple_form and r.random() < 0.5:
            kw["dims"] = 2
        elif tuple_form and r.random() < 0.2:
            kw["dims"] = rank
        mode = r.choice(["floor", "floor", "nearest-exact"] + NEAREST_ONNX)
        kw["mode"] = mode
        if mode == "nearest-exact":
            if r.random() < 0.3:
                kw["coordinate_mode"] = "half_pixel"
        elif r.random() < 0.7:
            kw["coordinate_mode"] = r.choice(COORDINATE_MODES)
        kw["layout"] = layout
        shape = spatial_shape(lead, sp, ch, last)
        cid = f"{rank}d-x{fmt(shape)}-" + "-".join(f"{k}={fmt(v)}" for k, v in kw.items())
        cases.append(pytest.param(shape, kw, id=cid))
    return cases


NEAREST_CASES = random_nearest_cases(60, seed=4200)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
@pytest.mark.parametrize("shape,kw", NEAREST_CASES)
def test_random_nearest_vs_reference(shape, kw, dtype, rng):
    x = make_data(rng, shape, dtype)
    check_nearest(x, **kw)


MODE_PAIRS = [(m, c) for m in ["floor", "nearest-exact"] + NEAREST_ONNX[:2] + ["ceil"]
              for c in [None] + list(COORDINATE_MODES)
              if m != "nearest-exact" or c in (None, "half_pixel")]  # else an error


@pytest.mark.parametrize("mode,coordinate_mode", MODE_PAIRS, ids=[f"{m}-{c}" for m, c in MODE_PAIRS])
def test_nearest_every_mode_index_probe(mode, coordinate_mode):
    """Every (rounding mode, coordinate mode) on many lengths and ratios; the data is
    the index itself, so a wrong pick shows which index was taken."""
    r = random.Random(zlib.crc32(f"{mode}-{coordinate_mode}".encode()))
    for _ in range(40):
        L = r.choice([1, 2, 3, 5, 7, 12, 17, 28, 30, 33, 64, 100, 255])
        x = np.arange(L, dtype=np.float32).reshape(1, L)
        if r.random() < 0.5:
            s = r.choice(AWKWARD + [r.uniform(0.05, 9.0), 1.0])
            if math.floor(L * s) < 1:
                continue
            kw = dict(scale=(s,))
        else:
            kw = dict(size=(r.choice([1, 2, 3, L, 2 * L, L + 1, max(1, L - 1), r.randint(1, 3 * L)]),))
        check_nearest(x, mode=mode, coordinate_mode=coordinate_mode, **kw)


# ----------------------------------------------------------------------------
# awkward ratios, output length 1, input length 1, every convention
# ----------------------------------------------------------------------------
AWKWARD_1D = [
    # (L, scale or None, size or None)
    (12, 1 / 3, None),
    (13, 1 / 3, None),
    (3, 1 / 3, None),        # output length 1 via scale
    (11, 10 / 11, None),
    (22, 10 / 11, None),
    (256, 251 / 256, None),
    (5, 7.0, None),
    (1, 7.0, None),          # input length 1
    (1, None, 5),
    (9, None, 1),            # output length 1 via size
    (1, None, 1),
    (2, None, 1),
    (40, None, 3),
    (7, 1.0, None),
    (10, 1.05, None),        # out == in with a scale != 1: the scale is used
    (6, None, 6),
]
MODES_ALL = [(None, False), (None, True)] + [(m, False) for m in COORDINATE_MODES]


AWKWARD_LINEAR = [
    pytest.param(L, scale, size, mode, ac, aa,
                 id=f"L{L}-s{fmt(scale)}-n{size}-{mode}-ac{ac}-{'aa' if aa else 'plain'}")
    for (L, scale, size) in AWKWARD_1D for (mode, ac) in MODES_ALL for aa in (False, True)
    if not aa_undefined((L,), out_sizes((L,), scale, size)[0], mode, aa, ac)]


@pytest.mark.parametrize("L,scale,size,mode,ac,antialias", AWKWARD_LINEAR)
def test_awkward_ratios_linear(L, scale, size, mode, ac, antialias, rng):
    outs, _, _ = out_sizes((L,), scale, size)
    kw = dict(scale=scale, size=size, align_corners=ac, coordinate_mode=mode,
              antialias=antialias)
    for dtype in DTYPES:
        x = make_data(rng, (2, 3, L), dtype)
        got = check_linear(1, x, **kw)
        assert got.shape == (2, 3, outs[0])
    # the same axis as W of a 2d resize and as H (with the other axis fixed)
    x = make_data(rng, (2, 5, L), np.float64)
    kw2 = dict(kw)
    kw2["scale"] = None if scale is None else (1.0, scale)
    kw2["size"] = None if size is None else (5, size)
    check_linear(2, x, **kw2)
    xh = make_data(rng, (L, 3, 2), np.float32)  # (H, W, C) image
    kw3 = dict(kw)
    kw3["scale"] = None if scale is None else (scale, 1.0)
    kw3["size"] = None if size is None else (size, 3)
    check_linear(2, xh, layout="NHWC", **kw3)


@pytest.mark.parametrize("mode", ["floor", "nearest-exact"] + NEAREST_ONNX)
@pytest.mark.parametrize("L,scale,size", AWKWARD_1D,
                         ids=[f"L{c[0]}-s{fmt(c[1])}-n{c[2]}" for c in AWKWARD_1D])
def test_awkward_ratios_nearest(L, scale, size, mode, rng):
    cmodes = [None, "half_pixel"] if mode == "nearest-exact" else [None] + list(COORDINATE_MODES)
    for cm in cmodes:
        for dtype in DTYPES:
            x = make_data(rng, (2, L), dtype)
            check_nearest(x, scale=None if scale is None else (scale,),
                          size=None if size is None else (size,), mode=mode,
                          coordinate_mode=cm)


# ----------------------------------------------------------------------------
# output sizes, hand-computed
# ----------------------------------------------------------------------------
# (L, scale, expected floor(L * scale) in float64)
OUTPUT_SIZES = [(10, 1 / 3, 3), (3, 1 / 3, 1), (7, 0.5, 3), (5, 2.5, 12), (256, 251 / 256, 251),
                (11, 10 / 11, 10), (4, 7.0, 28), (1, 7.0, 7), (10, 1.05, 10), (9, 0.9, 8),
                (100, 0.29, 28), (3, 0.5, 1)]


@pytest.mark.parametrize("L,scale,expected", OUTPUT_SIZES,
                         ids=[f"L{c[0]}-s{fmt(c[1])}" for c in OUTPUT_SIZES])
def test_output_length(L, scale, expected):
    assert out_sizes((L,), scale=scale)[0] == (expected,)  # the reference agrees
    x = np.zeros((2, L), np.float32)
    assert resample.linear(x, scale).shape == (2, expected)
    assert resample.linear(x, scale=(scale,)).shape == (2, expected)
    assert resample.nearest(x, (scale,)).shape == (2, expected)
    assert resample.nearest(x, scale, dims=1).shape == (2, expected)
    xi = np.zeros((L, 3, 4), np.uint8)
    assert resample.bilinear(xi, (scale, 2.0), layout="NHWC").shape == (expected, 6, 4)
    assert resample.trilinear(np.zeros((1, L, 2, 1)), (scale, 1.0, 3.0)).shape == \
        (1, expected, 2, 3)


def test_size_forms():
    x = np.zeros((2, 3, 5, 7), np.float32)
    assert resample.bilinear(x, size=4).shape == (2, 3, 4, 4)
    assert resample.bilinear(x, size=(4, 9)).shape == (2, 3, 4, 9)
    assert resample.bilinear(x, size=[4, 9]).shape == (2, 3, 4, 9)
    assert resample.bilinear(x, size=(np.int64(4), np.int32(9))).shape == (2, 3, 4, 9)
    assert resample.linear(x, size=11).shape == (2, 3, 5, 11)
    assert resample.trilinear(x, size=(2, 3, 4)).shape == (2, 2, 3, 4)
    assert resample.nearest(x, size=4).shape == (2, 3, 4, 4)
    assert resample.nearest(x, size=(4,)).shape == (2, 3, 5, 4)
    assert resample.nearest(x, size=4, dims=3).shape == (2, 4, 4, 4)
    assert resample.nearest(x, size=(1, 2, 3)).shape == (2, 1, 2, 3)
    assert resample.nearest(x, size=(1, 2, 3), dims=3).shape == (2, 1, 2, 3)
    assert resample.nearest(x, scale=2.0, dims=1).shape == (2, 3, 5, 14)


# ----------------------------------------------------------------------------
# hand-checked values
# ----------------------------------------------------------------------------
def test_hand_bilinear_half_pixel_and_align_corners():
    x = np.array([[0.0, 1.0], [2.0, 3.0]])
    got = resample.bilinear(x, 2.0)
    row = np.array([0.0, 0.25, 0.75, 1.0])
    expected = np.array([row, row + 0.5, row + 1.5, row + 2.0])
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-15)
    got = resample.bilinear(x, size=3, align_corners=True)
    np.testing.assert_allclose(got, [[0, 0.5, 1], [1, 1.5, 2], [2, 2.5, 3]], rtol=0,
                               atol=1e-15)
    assert resample.bilinear(x.astype(np.float32), 2.0).dtype == np.float32


def test_hand_linear_coordinate_modes():
    v = np.array([0.0, 4.0])
    # asymmetric: x = o / 2 -> 0, 0.5, 1, 1.5 (clamped to 1)
    np.testing.assert_allclose(resample.linear(v, 2.0, coordinate_mode="asymmetric"),
                               [0, 2, 4, 4], atol=1e-15)
    # align_corners ignores the scale: 0, 1/3, 2/3, 1
    np.testing.assert_allclose(resample.linear(v, 2.0, align_corners=True),
                               [0, 4 / 3, 8 / 3, 4], atol=1e-14)
    # pytorch_half_pixel: out == 1 -> x = 0; half_pixel: x = (0.5)/0.5 - 0.5 = 0.5
    w = np.array([0.0, 1.0])
    assert resample.linear(w, size=1, coordinate_mode="pytorch_half_pixel").tolist() == [0.0]
    np.testing.assert_allclose(resample.linear(w, size=1), [0.5], atol=1e-15)
    np.testing.assert_allclose(resample.linear(w, size=1, coordinate_mode="half_pixel"),
                               [0.5], atol=1e-15)
    assert resample.linear(w, size=1, align_corners=True).tolist() == [0.0]
    # half_pixel_symmetric with scale 0.75 on L=4 -> out 3; adj = 3/3 = 1: as half_pixel
    u = np.arange(4.0)
    np.testing.assert_allclose(
        resample.linear(u, 0.75, coordinate_mode="half_pixel_symmetric"),
        resample.linear(u, 0.75, coordinate_mode="half_pixel"), atol=1e-14)
    # with scale 0.7 on L=4 -> out 2, adj = 2/2.8, offset = 2 * (1 - 2/2.8) = 4/7
    got = resample.linear(u, 0.7, coordinate_mode="half_pixel_symmetric")
    xs = [4 / 7 + (o + 0.5) / 0.7 - 0.5 for o in range(2)]
    np.testing.assert_allclose(got, xs, atol=1e-14)  # u is the identity ramp


def test_hand_antialias():
    v = np.array([0.0, 1.0, 4.0, 9.0])
    # size 2: r = 2, x = 0.5 and 2.5; triangle weights renormalised over 0..3
    got = resample.linear(v, size=2, antialias=True)
    np.testing.assert_allclose(got, [1.75 / 1.75, 10.0 / 1.75], rtol=1e-14)
    # upsampling with antialias = plain linear
    assert_array_equal(resample.linear(v, 2.5, antialias=True), resample.linear(v, 2.5))
    # align_corners antialias: r = (4-1)/(2-1) = 3, x = 0 and 3
    got = resample.linear(v, size=2, align_corners=True, antialias=True)
    w0 = np.array([1, 2 / 3, 1 / 3, 0])
    w1 = w0[::-1]
    np.testing.assert_allclose(got, [w0 @ v / w0.sum(), w1 @ v / w1.sum()], rtol=1e-14)


def test_hand_uint8_rounding_half_up():
    v = np.array([0, 1], np.uint8)
    # asymmetric x2: 0, 0.5, 1, 1 -> floor(v + 0.5): 0, 1, 1, 1
    assert resample.linear(v, 2.0, coordinate_mode="asymmetric").tolist() == [0, 1, 1, 1]
    # half_pixel x2: 0, 0.25, 0.75, 1 -> 0, 0, 1, 1
    assert resample.linear(v, 2.0).tolist() == [0, 0, 1, 1]
    w = np.array([254, 255], np.uint8)
    assert resample.linear(w, 2.0, coordinate_mode="asymmetric").tolist() == [254, 255, 255, 255]
    z = np.array([0, 255, 0], np.uint8)
    got = resample.linear(z, 4.0, align_corners=True)  # x = o * 2 / 11
    vals = [255 * (1 - abs(o * 2 / 11 - 1)) for o in range(12)]
    assert got.tolist() == [int(math.floor(t + 0.5)) for t in vals]
    assert got.dtype == np.uint8


def test_hand_nearest():
    v = np.arange(5.0)
    # floor: r = 5/3 -> 0, 1.67, 3.33 -> 0, 1, 3
    assert resample.nearest(v, size=(3,)).tolist() == [0, 1, 3]
    # nearest-exact: (o + 0.5) * 5/3 -> 0.83, 2.5, 4.17 -> 0, 2, 4
    assert resample.nearest(v, size=(3,), mode="nearest-exact").tolist() == [0, 2, 4]
    # ONNX half_pixel + round_prefer_floor: x = (o + 0.5) * 5/3 - 0.5 = 0.33, 2, 3.67
    assert resample.nearest(v, size=(3,), mode="round_prefer_floor").tolist() == [0, 2, 4]
    # a tie: L=2 -> 1 with half_pixel: x = 0.5 -> prefer floor 0, prefer ceil 1
    w = np.array([10, 20], np.uint8)
    assert resample.nearest(w, size=(1,), mode="round_prefer_floor").tolist() == [10]
    assert resample.nearest(w, size=(1,), mode="round_prefer_ceil").tolist() == [20]
    assert resample.nearest(w, size=(1,), mode="floor", coordinate_mode="half_pixel").tolist() == [10]
    assert resample.nearest(w, size=(1,), mode="ceil").tolist() == [20]
    # x2 upsampling floor picks each input twice
    assert resample.nearest(np.array([[1.0, 2.0]]), 2.0, dims=1).tolist() == [[1, 1, 2, 2]]
    # default rank 2
    x = np.arange(4.0).reshape(2, 2)
    assert resample.nearest(x, 2.0).tolist() == [[0, 0, 1, 1], [0, 0, 1, 1],
                                                  [2, 2, 3, 3], [2, 2, 3, 3]]


# ----------------------------------------------------------------------------
# defaults and equivalent spellings
# ----------------------------------------------------------------------------
def test_defaults_and_overrides(rng):
    x = make_data(rng, (2, 3, 9, 7), np.float32)
    base = resample.bilinear(x, (1.5, 0.6))
    assert_array_equal(base, resample.bilinear(x, (1.5, 0.6), coordinate_mode="half_pixel"))
    assert_array_equal(base, resample.bilinear(x, (1.5, 0.6), align_corners=True,
                                               coordinate_mode="half_pixel"))
    ac = resample.bilinear(x, (1.5, 0.6), align_corners=True)
    assert_array_equal(ac, resample.bilinear(x, (1.5, 0.6), coordinate_mode="align_corners"))
    assert not np.array_equal(ac, base)
    assert_array_equal(resample.bilinear(x, 1.5), resample.bilinear(x, (1.5, 1.5)))
    assert_array_equal(resample.bilinear(x, size=5), resample.bilinear(x, size=(5, 5)))
    assert_array_equal(resample.bilinear(x, 2), resample.bilinear(x, 2.0))  # int scale ok
    # nearest: floor with asymmetric by default; ONNX rounding modes default to half_pixel
    assert_array_equal(resample.nearest(x, 1.7),
                       resample.nearest(x, 1.7, mode="floor", coordinate_mode="asymmetric"))
    for m in NEAREST_ONNX[:2] + ["ceil"]:
        assert_array_equal(resample.nearest(x, 0.6, mode=m),
                           resample.nearest(x, 0.6, mode=m, coordinate_mode="half_pixel"))
    assert_array_equal(resample.nearest(x, 0.6, mode="nearest-exact"),
                       resample.nearest(x, 0.6, mode="nearest-exact",
                                        coordinate_mode="half_pixel"))
    # positional scale
    assert_array_equal(resample.linear(x, 0.5), resample.linear(x, scale=0.5))


def test_images_without_batch_axes(rng):
    img = make_data(rng, (11, 13, 3), np.uint8)
    got = check_linear(2, img, size=(20, 7), layout="NHWC")
    assert got.shape == (20, 7, 3)
    gray = make_data(rng, (11, 13), np.float32)
    assert check_linear(2, gray, scale=2.0).shape == (22, 26)
    assert check_nearest(gray, scale=2.0).shape == (22, 26)
    assert check_nearest(img, size=(5, 6), layout="NHWC").shape == (5, 6, 3)
    vol = make_data(rng, (4, 5, 6), np.float64)
    assert check_linear(3, vol, scale=(0.5, 1.0, 2.0)).shape == (2, 5, 12)
    sig = make_data(rng, (17,), np.float32)
    assert check_linear(1, sig, scale=3.3).shape == (56,)


# ----------------------------------------------------------------------------
# vector tails: widths 1..70, both layouts
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
def test_tail_widths(dtype, rng):
    for w in range(1, 71):
        x = make_data(rng, (1, 2, 3, w), dtype)
        check_linear(2, x, scale=(1.0, 2.0), what=f"W={w}")
        check_linear(2, x, size=(5, w + 1), what=f"W={w}")
        check_linear(1, x, size=max(1, w - 1), antialias=True, what=f"W={w}")
        check_nearest(x, size=(2, 2 * w + 1))
        xc = make_data(rng, (3, 2, w), dtype)  # NHWC, channels = w
        check_linear(2, xc, scale=1.5, layout="NHWC", what=f"C={w}")
        check_nearest(xc, scale=(1.5, 0.5), layout="NHWC", mode="round_prefer_ceil")


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
@pytest.mark.parametrize("channels", [1, 3, 4, 17, 64], ids=lambda c: f"C{c}")
@pytest.mark.parametrize("lead", [(), (2,), (2, 1)], ids=lambda t: f"lead{len(t)}")
def test_layouts_channels(lead, channels, dtype, rng):
    for rank in (1, 2, 3):
        sp = {1: (9,), 2: (5, 7), 3: (3, 4, 5)}[rank]
        xf = make_data(rng, lead + (channels,) + sp, dtype)
        xl = np.ascontiguousarray(np.moveaxis(xf, len(lead), -1))
        for kw in (dict(scale=1.7), dict(size=(4,) * rank, antialias=True),
                   dict(scale=0.5, coordinate_mode="asymmetric")):
            a = check_linear(rank, xf, layout=LAYOUT[("first", rank)], **kw)
            b = check_linear(rank, xl, layout=LAYOUT[("last", rank)], **kw)
            assert_linear_close(np.moveaxis(b, -1, len(lead)),
                                linear_ref(xf, rank, layout="NCHW", **kw), xf)
            assert a.shape == np.moveaxis(b, -1, len(lead)).shape
        kwn = dict(size=(3,) * rank, mode="nearest-exact")
        a = check_nearest(xf, layout="NCHW", **kwn)
        b = check_nearest(xl, layout="NHWC", **kwn)
        assert_array_equal(a, np.moveaxis(b, -1, len(lead)))


# ----------------------------------------------------------------------------
# empty batches
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
@pytest.mark.parametrize("rank,layout,shape", EMPTY_CASES,
                         ids=[f"{c[0]}d-{c[1]}-x{fmt(c[2])}" for c in EMPTY_CASES])
def test_empty_batch(rank, layout, shape, dtype):
    x = np.zeros(shape, dtype=dtype)
    for kw in (dict(scale=2.0), dict(size=3, antialias=True), dict(scale=0.5, align_corners=True)):
        got = linear_fn(rank)(x, layout=layout, **kw)
        assert got.shape == output_shape(shape, rank, kw.get("scale"), kw.get("size"), layout)
        assert got.dtype == dtype
    got = resample.nearest(x, size=(2,) * rank, layout=layout)
    assert got.shape == output_shape(shape, rank, None, 2, layout)
    assert got.dtype == dtype
    out = np.empty(output_shape(shape, rank, 2.0, None, layout), dtype)
    assert linear_fn(rank)(x, 2.0, layout=layout, out=out) is out


# ----------------------------------------------------------------------------
# views: non-contiguous, negative strides, read-only
# ----------------------------------------------------------------------------
def _views(base):
    return {
        "step": base[::2, :, ::2, ::3],
        "fortran": np.asfortranarray(base),
        "transposed": base.transpose(1, 0, 3, 2),
        "neg-spatial": base[:, :, ::-1, ::-2],
        "neg-batch": base[::-1, ::-1],
        "broadcast": np.broadcast_to(base[:1, :1], base.shape),
        "offset": base[1:, 1:, 2:-1, 1:-2],
        "zero-stride-spatial": np.broadcast_to(base[:, :, :1, :], base.shape),
    }


VIEW_NAMES = list(_views(np.zeros((4, 4, 6, 8))).keys())


@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
@pytest.mark.parametrize("view", VIEW_NAMES)
def test_noncontiguous_inputs(view, dtype, layout, rng):
    base = make_data(rng, (4, 5, 11, 13), dtype)
    x = _views(base)[view]
    for kw in (dict(scale=(1.5, 0.7)), dict(size=(4, 5), antialias=True),
               dict(scale=2.0, coordinate_mode="half_pixel_symmetric")):
        got = check_linear(2, x, layout=layout, **kw)
        assert_linear_close(got, linear_ref(np.ascontiguousarray(x), 2, layout=layout, **kw), x)
        assert_array_equal(got, resample.bilinear(np.ascontiguousarray(x), layout=layout, **kw))
    got = check_nearest(x, layout=layout, size=(5, 17), mode="round_prefer_ceil",
                        coordinate_mode="align_corners")
    assert_array_equal(got, resample.nearest(np.ascontiguousarray(x), layout=layout,
                                             size=(5, 17), mode="round_prefer_ceil",
                                             coordinate_mode="align_corners"))


@pytest.mark.parametrize("rank", [1, 3])
def test_noncontiguous_1d_3d(rank, rng):
    if rank == 1:
        x = make_data(rng, (3, 4, 30), np.float32)[::-1, 1::2, ::-3]
    else:
        x = np.asfortranarray(make_data(rng, (2, 3, 6, 8, 10), np.float64))[:, ::2, ::-1, 1::2, ::3]
    check_linear(rank, x, scale=1.7)
    check_linear(rank, x, size=(2,) * rank, antialias=True, coordinate_mode="asymmetric")
    check_nearest(x, size=(3,) * rank, mode="ceil")
    xh = np.moveaxis(x, 1, -1)  # a non-contiguous channels-last view
    check_linear(rank, xh, scale=1.7, layout="NHWC")
    check_nearest(xh, scale=(2.0,) * rank, layout="NHWC")


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
def test_readonly_input_unchanged(dtype, rng):
    x = make_data(rng, (2, 3, 8, 9), dtype)
    keep = x.copy()
    x.setflags(write=False)
    check_linear(2, x, scale=2.0)
    check_linear(2, x, size=(3, 4), antialias=True)
    check_nearest(x, scale=0.5)
    y = np.moveaxis(x, 1, -1)
    check_linear(2, y, scale=(0.5, 3.0), layout="NHWC")
    res = resample.interpolate(x, scale_factor=2.0)
    assert res.shape == (2, 3, 16, 18)
    assert not x.flags.writeable
    assert_array_equal(x, keep)


# ----------------------------------------------------------------------------
# interpolate
# ----------------------------------------------------------------------------
INTERP_CASES = [
    # (mode, shape, kwargs)
    ("bilinear", (2, 3, 7, 9), dict(scale_factor=1.5)),
    ("bilinear", (2, 3, 7, 9), dict(size=(4, 13), align_corners=True)),
    ("bilinear", (2, 3, 7, 9), dict(size=(4, 13), align_corners=False, antialias=True)),
    ("bilinear", (2, 3, 7, 9), dict(scale_factor=(0.5, 10 / 11), antialias=True)),
    ("bilinear", (2, 3, 7, 9), dict(scale_factor=1.05, recompute_scale_factor=True)),
    ("bilinear", (2, 3, 7, 9), dict(scale_factor=1.05, recompute_scale_factor=False)),
    ("bilinear", (1, 2, 7, 9), dict(scale_factor=(1 / 3, 2.5), recompute_scale_factor=True,
                                    align_corners=True)),
    ("linear", (2, 3, 17), dict(scale_factor=251 / 256 * 2)),
    ("linear", (2, 3, 17), dict(size=5, antialias=True)),
    ("linear", (2, 3, 17), dict(size=(40,), align_corners=True)),
    ("trilinear", (1, 2, 3, 4, 5), dict(scale_factor=(2.0, 0.5, 1.5))),
    ("trilinear", (1, 2, 3, 4, 5), dict(size=2, align_corners=True, antialias=True)),
    ("nearest", (2, 3, 7, 9), dict(scale_factor=1.7)),
    ("nearest", (2, 3, 7, 9), dict(size=(5, 20))),
    ("nearest", (2, 3, 7, 9), dict(scale_factor=0.6, recompute_scale_factor=True)),
    ("nearest", (2, 3, 17), dict(size=40)),
    ("nearest", (2, 3, 4, 5, 6), dict(scale_factor=(0.5, 2.0, 1 / 3))),
    ("nearest-exact", (2, 3, 7, 9), dict(scale_factor=1.7)),
    ("nearest-exact", (2, 3, 7, 9), dict(size=(5, 20))),
    ("nearest-exact", (2, 3, 4, 5, 6), dict(size=(3, 3, 3))),
]


@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
@pytest.mark.parametrize("mode,shape,kw", INTERP_CASES,
                         ids=[f"{c[0]}-x{fmt(c[1])}-" + "-".join(f"{k}={fmt(v)}" for k, v in c[2].items())
                              for c in INTERP_CASES])
def test_interpolate_vs_reference(mode, shape, kw, dtype, layout, rng):
    x = make_data(rng, shape, dtype)
    if layout == "NHWC":
        x = np.ascontiguousarray(np.moveaxis(x, 1, -1))
    before = x.copy()
    ref = interpolate_ref(x, mode=mode, layout=layout, **kw)
    got = resample.interpolate(x, mode=mode, layout=layout, **kw)
    if mode.startswith("nearest"):
        assert got.dtype == x.dtype
        assert_array_equal(got, ref)
    else:
        assert_linear_close(got, ref, x, what=f"interpolate({mode}, {kw})")
    assert_array_equal(x, before)


def test_interpolate_default_mode_bilinear(rng):
    x = make_data(rng, (2, 3, 6, 7), np.float32)
    assert_array_equal(resample.interpolate(x, scale_factor=2.0),
                       resample.bilinear(x, 2.0))
    assert_array_equal(resample.interpolate(x, size=(3, 4), mode="bilinear", align_corners=True),
                       resample.bilinear(x, size=(3, 4), align_corners=True))
    assert_array_equal(resample.interpolate(x, scale_factor=1.5, mode="nearest"),
                       resample.nearest(x, 1.5, mode="floor"))
    assert_array_equal(resample.interpolate(x, scale_factor=1.5, mode="nearest-exact"),
                       resample.nearest(x, 1.5, mode="nearest-exact"))
    # positional order of F.interpolate: (x, size, scale_factor, mode, align_corners)
    assert_array_equal(resample.interpolate(x, None, 0.5, "bilinear", True),
                       resample.bilinear(x, 0.5, align_corners=True))
    # align_corners=None is False
    assert_array_equal(resample.interpolate(x, (5, 5), None, "bilinear", None),
                       resample.bilinear(x, size=(5, 5)))


# ----------------------------------------------------------------------------
# out=
# ----------------------------------------------------------------------------
def _out_array(shape, dtype, style):
    fill = 7
    if style == "contiguous":
        return np.full(shape, fill, dtype=dtype)
    if style == "strided":
        big = np.full(shape[:-1] + (2 * shape[-1] + 1,), fill, dtype=dtype)
        return big[..., 1::2]
    if style == "fortran":
        return np.asfortranarray(np.full(shape, fill, dtype=dtype))
    if style == "negative":
        return np.full(shape, fill, dtype=dtype)[::-1, ..., ::-1]
    raise AssertionError(style)


@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
@pytest.mark.parametrize("style", ["contiguous", "strided", "fortran", "negative"])
def test_out(style, dtype, layout, rng):
    x = make_data(rng, (2, 3, 7, 8), dtype)
    for kw in (dict(scale=1.5), dict(size=(3, 5), antialias=True, coordinate_mode="asymmetric")):
        ref = linear_ref(x, 2, layout=layout, **kw)
        out = _out_array(ref.shape, dtype, style)
        res = resample.bilinear(x, layout=layout, out=out, **kw)
        assert res is out
        assert_linear_close(out, ref, x)
        assert_array_equal(out, resample.bilinear(x, layout=layout, **kw))
        if style == "strided":
            assert np.all(out.base[..., 0::2] == 7)
    ref = nearest_ref(x, size=(4, 9), mode="round_prefer_floor", layout=layout)
    out = _out_array(ref.shape, dtype, style)
    assert resample.nearest(x, size=(4, 9), mode="round_prefer_floor", layout=layout,
                            out=out) is out
    assert_array_equal(out, ref)
    if style == "strided":
        assert np.all(out.base[..., 0::2] == 7)


@pytest.mark.parametrize("rank", [1, 3])
def test_out_1d_3d(rank, rng):
    x = make_data(rng, (2, 9) if rank == 1 else (2, 3, 4, 5, 6), np.float32)
    ref = linear_ref(x, rank, scale=2.0)
    out = np.empty(ref.shape, np.float32)
    assert linear_fn(rank)(x, 2.0, out=out) is out
    assert_linear_close(out, ref, x)


def test_out_errors(rng):
    x = make_data(rng, (2, 3, 6, 6), np.float32)  # x2 -> (2, 3, 12, 12)
    for bad in [np.empty((2, 3, 12, 11), np.float32), np.empty((2, 3, 12), np.float32),
                np.empty((2, 3, 6, 6), np.float32)]:
        with pytest.raises(ValueError, match="out"):
            resample.bilinear(x, 2.0, out=bad)
        with pytest.raises(ValueError, match="out"):
            resample.nearest(x, 2.0, out=bad)
    for dt in (np.float64, np.uint8, np.float16):
        with pytest.raises(ValueError, match="out"):
            resample.bilinear(x, 2.0, out=np.empty((2, 3, 12, 12), dt))
        with pytest.raises(ValueError, match="out"):
            resample.nearest(x, 2.0, out=np.empty((2, 3, 12, 12), dt))
    ro = np.empty((2, 3, 12, 12), np.float32)
    ro.setflags(write=False)
    with pytest.raises(ValueError, match="out"):
        resample.bilinear(x, 2.0, out=ro)
    with pytest.raises(ValueError, match="out"):
        resample.nearest(x, 2.0, out=ro)
    for bad in ([0.0], "out", 3.0):
        with pytest.raises(TypeError, match="out"):
            resample.bilinear(x, 2.0, out=bad)
    # overlap: out is a view of x
    big = np.zeros((2, 3, 12, 12), np.float32)
    keep = big.copy()
    xv = big[:, :, :6, :6]
    with pytest.raises(ValueError, match="out"):
        resample.bilinear(xv, 2.0, out=big)
    with pytest.raises(ValueError, match="out"):
        resample.nearest(xv, 2.0, out=big)
    xs = np.zeros((2, 3, 12, 12), np.float64)
    with pytest.raises(ValueError, match="out"):  # same memory, downsampled view
        resample.bilinear(xs, 0.5, out=xs[:, :, ::2, ::2])
    assert_array_equal(big, keep)
    # an error leaves a good-looking out untouched
    out = np.full((2, 3, 12, 12), 5.0, np.float32)
    with pytest.raises(ValueError):
        resample.bilinear(x, 2.0, coordinate_mode="bogus", out=out)
    assert np.all(out == 5.0)


# ----------------------------------------------------------------------------
# ISAs and threads: bit-identical to the baseline level at one thread
# ----------------------------------------------------------------------------
ISA_CASES = [
    # (id, function, shape, kwargs)
    ("bilinear-x2-NCHW", "bilinear", (2, 3, 17, 37), dict(scale=2.0)),
    ("bilinear-ac-NCHW", "bilinear", (2, 3, 17, 37), dict(scale=2.0, align_corners=True)),
    ("bilinear-awk-NHWC", "bilinear", (2, 17, 23, 3),
     dict(scale=(10 / 11, 251 / 256), layout="NHWC")),
    ("bilinear-up-NHWC-C17", "bilinear", (1, 9, 11, 17), dict(scale=7.0, layout="NHWC")),
    ("bilinear-aa-NCHW", "bilinear", (2, 2, 40, 67), dict(size=(13, 21), antialias=True)),
    ("bilinear-aa-NHWC", "bilinear", (40, 67, 4), dict(scale=1 / 3, antialias=True,
                                                        layout="NHWC")),
    ("bilinear-hps-NCHW", "bilinear", (1, 3, 19, 45),
     dict(scale=(1.3, 0.7), coordinate_mode="half_pixel_symmetric")),
    ("linear-long", "linear", (3, 4, 301), dict(scale=2.5)),
    ("linear-aa-asym", "linear", (3, 4, 301), dict(size=97, antialias=True,
                                                   coordinate_mode="asymmetric")),
    ("trilinear-NCHW", "trilinear", (1, 2, 5, 9, 17), dict(scale=2.0)),
    ("trilinear-NHWC", "trilinear", (1, 5, 9, 17, 3), dict(scale=(0.5, 1.5, 10 / 11),
                                                            layout="NHWC", antialias=True)),
    ("nearest-NCHW", "nearest", (2, 3, 17, 37), dict(scale=1.7)),
    ("nearest-exact-NHWC", "nearest", (2, 17, 37, 5), dict(size=(40, 11), mode="nearest-exact",
                                                             layout="NHWC")),
    ("nearest-onnx-3d", "nearest", (2, 5, 7, 33), dict(size=(3, 9, 70), mode="round_prefer_ceil",
                                                        coordinate_mode="align_corners")),
]


@functools.lru_cache(maxsize=None)
def _isa_case_data(cid, dtype):
    case = next(c for c in ISA_CASES if c[0] == cid)
    _, fname, shape, kw = case
    rng = np.random.default_rng(zlib.crc32(f"{cid}-{np.dtype(dtype).name}".encode()))
    x = make_data(rng, shape, dtype)
    x.setflags(write=False)
    base = at_baseline(lambda: getattr(resample, fname)(x, **kw))
    base.setflags(write=False)
    return x, base


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
@pytest.mark.parametrize("cid,fname,shape,kw", ISA_CASES, ids=[c[0] for c in ISA_CASES])
def test_isa_threads_bit_identical(cid, fname, shape, kw, dtype, isa, nthreads):
    x, base = _isa_case_data(cid, dtype)
    assert resample.get_isa() == isa
    assert resample.get_num_threads() == nthreads
    got = getattr(resample, fname)(x, **kw)
    assert got.dtype == base.dtype and got.shape == base.shape
    assert_array_equal(got, base, err_msg=f"{cid} {isa} threads={nthreads}")  # bit-identical


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
@pytest.mark.parametrize("cid", [c[0] for c in ISA_CASES])
def test_isa_cases_vs_reference(cid, dtype):
    _, fname, shape, kw = next(c for c in ISA_CASES if c[0] == cid)
    x, base = _isa_case_data(cid, dtype)
    if fname == "nearest":
        assert_array_equal(base, nearest_ref(x, **kw))
    else:
        rank = {v: k for k, v in LINEAR.items()}[fname]
        assert_linear_close(base, linear_ref(x, rank, **kw), x, what=cid)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
def test_isa_random_small_cases(dtype, isa, rng):
    """Every ISA on small odd shapes, vs the reference."""
    for case in LINEAR_CASES[::7]:
        rank, shape, kw = case.values
        check_linear(rank, make_data(rng, shape, dtype), **kw)
    for case in NEAREST_CASES[::7]:
        shape, kw = case.values
        check_nearest(make_data(rng, shape, dtype), **kw)


# ----------------------------------------------------------------------------
# large rows: multi-block and threaded paths
# ----------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def _large(dtype, layout):
    rng = np.random.default_rng(zlib.crc32(f"large-{np.dtype(dtype).name}-{layout}".encode()))
    x = make_data(rng, (2, 3, 64, 200) if layout == "NCHW" else (2, 64, 200, 3), dtype)
    x.setflags(write=False)
    return x, linear_ref(x, 2, scale=2.0, layout=layout)


@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
def test_large_upsampling_threads(dtype, layout, nthreads):
    x, ref = _large(dtype, layout)
    got = resample.bilinear(x, 2.0, layout=layout)
    assert_linear_close(got, ref, x, what=f"large {layout} threads={nthreads}")
    if nthreads == 2:
        one = at_baseline(lambda: resample.bilinear(x, 2.0, layout=layout))
        assert_array_equal(got, one)


def test_large_uint8_image_threads(nthreads):
    rng = np.random.default_rng(11)
    img = make_data(rng, (120, 250, 3), np.uint8)
    for kw in (dict(size=(240, 500)), dict(size=(60, 125)), dict(size=(37, 91), antialias=True)):
        check_linear(2, img, layout="NHWC", **kw)


# ----------------------------------------------------------------------------
# the nearest formulas literally, on every rank
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("rank", [1, 2, 3])
@pytest.mark.parametrize("L,s", [(6, 2.05), (6, 2.1), (10, 1.05), (7, 2.0), (5, 1.0)])
def test_nearest_same_formula_every_rank(L, s, rank):
    """floor / nearest-exact use r = float32(1/scale) on every axis; 2-D "floor"
    alone copies when out == in and halves the index when out == 2 * in even
    when the scale is not 1 / 2, as PyTorch 2.13's 2-D kernel does (its 1-D and
    3-D kernels do not)."""
    x = np.broadcast_to(np.arange(L, dtype=np.float32), (2,) * (rank - 1) + (L,))
    sc = (1.0,) * (rank - 1) + (s,)
    for mode in ("floor", "nearest-exact"):
        got = resample.nearest(x, sc, mode=mode)
        ref = nearest_ref(x, sc, mode=mode)
        assert_array_equal(got, ref, err_msg=f"rank {rank} L={L} scale={s} mode={mode}")


def test_nearest_round_prefer_ceil_float32_edge():
    """round_prefer_ceil is floor(x + 0.5) in float32: with scale
    float32(6 + 2**-21), x = float32(3) / s32 = 0.49999997 and x + 0.5 rounds to
    1.0 in float32, so output 3 takes input 1 (std::round(x) would give 0;
    onnxruntime also gives 1)."""
    s = float(np.float32(6.0) + np.float32(2.0 ** -21))
    x = np.arange(2, dtype=np.float32)
    assert np.float32(3) / np.float32(s) == np.float32(0.49999997)
    got = resample.nearest(x, (s,), mode="round_prefer_ceil", coordinate_mode="asymmetric")
    assert got.tolist() == [0, 0, 0, 1] + [1] * 8


# ----------------------------------------------------------------------------
# outputs beyond 8 MiB: non-temporal stores (and, for uint8, grouped ones)
# ----------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def _streamed(dtype, layout, odd):
    rng = np.random.default_rng(zlib.crc32(f"streamed-{np.dtype(dtype).name}-{layout}-{odd}".encode()))
    # odd: rows whose length is not a multiple of the widest block, so rows start unaligned
    w = 1001 if odd else 1024
    shape = (1, 4, 700, w) if layout == "NCHW" else (700, w, 3)
    x = make_data(rng, shape, dtype)
    x.setflags(write=False)
    return x, linear_ref(x, 2, scale=2.0, layout=layout)


@pytest.mark.parametrize("odd", [False, True], ids=["aligned", "odd"])
@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
def test_streamed_outputs_every_isa(dtype, layout, odd, isa):
    x, ref = _streamed(dtype, layout, odd)
    assert ref.nbytes // 8 * np.dtype(dtype).itemsize > 8 << 20  # beyond the streaming threshold
    got = resample.bilinear(x, 2.0, layout=layout)
    assert_linear_close(got, ref, x, what=f"streamed {layout} isa={isa}")
    assert_array_equal(got, at_baseline(lambda: resample.bilinear(x, 2.0, layout=layout)))


# ----------------------------------------------------------------------------
# uint8 halved with half-pixel centres: the exact integer 2x2 box path
# ----------------------------------------------------------------------------
def _box(a, last):
    """(a + b + c + d + 2) >> 2 of each 2x2 cell: the float path's exact result."""
    a = a.astype(np.int32)
    if last:
        s = a[..., 0::2, 0::2, :] + a[..., 0::2, 1::2, :] + a[..., 1::2, 0::2, :] + a[..., 1::2, 1::2, :]
    else:
        s = a[..., 0::2, 0::2] + a[..., 0::2, 1::2] + a[..., 1::2, 0::2] + a[..., 1::2, 1::2]
    return ((s + 2) >> 2).astype(np.uint8)


@pytest.mark.parametrize("lanes", [1, 2, 3, 4, 5, 17, 40])
def test_uint8_halving_is_the_exact_2x2_box(lanes, isa, nthreads):
    rng = np.random.default_rng(lanes)
    for width in (2, 4, 6, 34, 66, 130, 1026):
        shape = (2, 10, width, lanes) if lanes > 1 else (2, 3, 10, width)
        layout = "NHWC" if lanes > 1 else "NCHW"
        x = rng.integers(0, 256, shape, dtype=np.uint8)
        got = resample.bilinear(x, 0.5, layout=layout)
        np.testing.assert_array_equal(got, _box(x, lanes > 1), err_msg=f"width {width}")
        sized = resample.interpolate(x, size=(5, width // 2), layout=layout) if lanes == 1 else got
        np.testing.assert_array_equal(sized, got)


# uint8 resized with every weight a multiple of 1/8 (x2, x4 upscales, halvings,
# 1/4 and 1/8 with half-pixel centres; asymmetric x2): the exact integer path,
# equal to the rounded float64 reference, on every level and thread count
EIGHTHS = [dict(scale=2.0), dict(scale=4.0), dict(scale=(2.0, 0.5)), dict(scale=(1.0, 2.0)), dict(scale=0.25),
           dict(scale=0.125), dict(scale=2.0, coordinate_mode="asymmetric"), dict(scale=(0.5, 4.0))]


@pytest.mark.parametrize("resize", EIGHTHS, ids=str)
@pytest.mark.parametrize("lanes", [1, 2, 3, 5, 17, 40])
def test_uint8_resizes_in_eighths_are_exact(lanes, resize, isa, nthreads):
    rng = np.random.default_rng(lanes)
    layout = "NHWC" if lanes > 1 else "NCHW"
    for width in (8, 16, 24, 72, 136, 520):
        shape = (2, 16, width, lanes) if lanes > 1 else (2, 3, 16, width)
        x = rng.integers(0, 256, shape, dtype=np.uint8)
        x[0, ..., :2] = 255  # the largest sums
        got = resample.bilinear(x, layout=layout, **resize)
        want = np.floor(linear_ref(x, 2, layout=layout, **resize) + 0.5)  # float64: exact for eighths
        np.testing.assert_array_equal(got, want.astype(np.uint8), err_msg=f"width {width}")


def test_uint8_1d_and_3d_resizes_in_eighths_are_exact(isa):
    rng = np.random.default_rng(8)
    x = rng.integers(0, 256, (3, 4, 77), dtype=np.uint8)
    np.testing.assert_array_equal(resample.linear(x, 2.0), np.floor(linear_ref(x, 1, 2.0) + 0.5).astype(np.uint8))
    v = rng.integers(0, 256, (1, 2, 3, 9, 40), dtype=np.uint8)
    np.testing.assert_array_equal(resample.trilinear(v, (1.0, 2.0, 0.5)),
                                  np.floor(linear_ref(v, 3, (1.0, 2.0, 0.5)) + 0.5).astype(np.uint8))


def test_uint8_halving_of_views_and_odd_sizes(isa):
    rng = np.random.default_rng(5)
    x = rng.integers(0, 256, (41, 77, 3), dtype=np.uint8)
    view = x[::-1, ::-1]  # reversed rows and columns: read through a copy
    np.testing.assert_array_equal(resample.bilinear(view, 0.5, layout="NHWC"), _box(view[:40, :76], True))
    # an odd input with scale 0.5 still averages the cells (2o, 2o+1)
    np.testing.assert_array_equal(resample.bilinear(x, 0.5, layout="NHWC"), _box(x[:40, :76], True))
    strided = np.ascontiguousarray(x[:, :, :2])[::1, :, :]
    np.testing.assert_array_equal(resample.bilinear(strided, 0.5, layout="NHWC"), _box(strided[:40, :76], True))
