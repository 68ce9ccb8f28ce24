"""Every dtype users bring: integers and bool for max pooling and nearest;
uint8, uint16, int16 and int32 averages (rounded half up, saturated);
float16 and bfloat16 for every operator (computed in float32, rounded once).
Checked against the NumPy references, against the float kernels they are
defined by, and on every SIMD level."""

import ml_dtypes
import numpy as np
import pytest
from numpy.testing import assert_array_equal

import resample
from deconv_reference import conv_transpose_ref
from helpers import at_baseline
from reference import avg_pool_ref, is_valid_config, max_pool_ref
from reference_adaptive import adaptive_pool_ref, max_unpool_ref
from reference_interp import assert_linear_close, linear_ref, nearest_ref

INTEGERS = [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64]
AVERAGED = [np.uint8, np.uint16, np.int16, np.int32]
HALVES = [np.float16, ml_dtypes.bfloat16]
LAYOUTS = ["NCHW", "NHWC"]
name = lambda d: np.dtype(d).name  # noqa: E731


def integers(rng, shape, dtype, narrow=False):
    """Values over the type's whole range (both ends present), or a narrow
    range with many ties; bool is 0/1."""
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return rng.random(shape) < 0.5
    info = np.iinfo(dtype)
    lo, hi = (max(info.min, -3), min(info.max, 3)) if narrow else (info.min, info.max)
    x = rng.integers(lo, hi, shape, dtype=dtype, endpoint=True)
    if x.size >= 2 and not narrow:
        x.reshape(-1)[:2] = (info.min, info.max)
    return x


def halves(rng, shape, dtype):
    return rng.standard_normal(shape).astype(np.float32).astype(dtype)


def random_view(rng, x):
    """x, or the same values through a negative-stride or strided view."""
    kind = rng.integers(3)
    if kind == 1:
        return np.ascontiguousarray(x[..., ::-1])[..., ::-1]
    if kind == 2:
        big = np.zeros(x.shape[:-1] + (2 * x.shape[-1],), x.dtype)
        big[..., ::2] = x
        return big[..., ::2]
    return x


def shape_for(rng, rank, layout, wide=False):
    spatial = [int(rng.integers(1, 7)) for _ in range(rank - 1)] + [int(rng.integers(60, 140) if wide else
                                                                       rng.integers(1, 12))]
    lead = [int(rng.integers(1, 3)), int(rng.integers(1, 4))]
    return tuple(lead + spatial) if layout == "NCHW" else tuple(lead[:1] + spatial + lead[1:])


def window(rng, rank, spatial):
    """A random valid pooling window for these spatial sizes."""
    while True:
        k = tuple(int(rng.integers(1, 4)) for _ in range(rank))
        s = tuple(int(rng.integers(1, 4)) for _ in range(rank))
        p = tuple(int(rng.integers(0, kk // 2 + 1)) for kk in k)
        d = tuple(int(rng.integers(1, 3)) for _ in range(rank))
        ceil = bool(rng.integers(2))
        if is_valid_config(spatial, rank, k, s, p, d, ceil):
            return dict(kernel_size=k, stride=s, padding=p, dilation=d, ceil_mode=ceil)


def spatial_of(shape, rank, layout):
    return shape[-rank:] if layout == "NCHW" else shape[-rank - 1:-1]


def pool(kind, rank):
    return getattr(resample, f"{kind}_pool{rank}d")


# ----------------------------------------------------------------------------
# max pooling: every integer type and bool, exact, on every SIMD level
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", INTEGERS + [np.bool_], ids=name)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("rank", [1, 2, 3])
def test_max_pool_integers_match_the_reference(dtype, layout, rank, isa, rng):
    for trial in range(4):
        shape = shape_for(rng, rank, layout, wide=layout == "NCHW" and trial % 2 == 0)
        x = random_view(rng, integers(rng, shape, dtype, narrow=trial >= 2))
        w = window(rng, rank, spatial_of(shape, rank, layout))
        want_values, want_indices = max_pool_ref(x, rank, w["kernel_size"], w["stride"], w["padding"],
                                                 w["dilation"], w["ceil_mode"], layout)
        values, indices = pool("max", rank)(x, **w, return_indices=True, layout=layout)
        assert values.dtype == x.dtype
        assert_array_equal(values, want_values)
        assert_array_equal(indices, want_indices)  # ties keep the first element
        assert_array_equal(pool("max", rank)(x, **w, layout=layout), want_values)


@pytest.mark.parametrize("dtype", INTEGERS + [np.bool_], ids=name)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_adaptive_max_pool_integers_match_the_reference(dtype, layout, rng):
    x = integers(rng, (2, 3, 7, 10) if layout == "NCHW" else (2, 7, 10, 3), dtype)
    for size in [(3, 4), (7, 10), (1, 1), (9, 3)]:
        want_values, want_indices = adaptive_pool_ref(x, 2, "max", size, layout)
        values, indices = resample.adaptive_max_pool2d(x, size, return_indices=True, layout=layout)
        assert values.dtype == x.dtype
        assert_array_equal(values, want_values)
        assert_array_equal(indices, want_indices)


# ----------------------------------------------------------------------------
# averages of integers: rounded half up and saturated
# ----------------------------------------------------------------------------
def averaging_calls(rank, layout):
    """(name, f(x), float64 reference of f(x)) for the averaging operators."""
    lin = {1: "linear", 2: "bilinear", 3: "trilinear"}[rank]
    calls = [
        ("avg_pool", lambda x: pool("avg", rank)(x, 3, 2, 1, layout=layout),
         lambda x: avg_pool_ref(x.astype(np.float64), rank, 3, 2, 1, layout=layout)),
        ("avg_pool exclude pad", lambda x: pool("avg", rank)(x, 2, 1, 1, count_include_pad=False, layout=layout),
         lambda x: avg_pool_ref(x.astype(np.float64), rank, 2, 1, 1, count_include_pad=False, layout=layout)),
        ("adaptive_avg", lambda x: getattr(resample, f"adaptive_avg_pool{rank}d")(x, 3, layout=layout),
         lambda x: adaptive_pool_ref(x.astype(np.float64), rank, "avg", (3,) * rank, layout)),
        (lin, lambda x: getattr(resample, lin)(x, 1.7, layout=layout),
         lambda x: linear_ref(x, rank, 1.7, layout=layout)),
        (lin + " antialias", lambda x: getattr(resample, lin)(x, 0.6, antialias=True, layout=layout),
         lambda x: linear_ref(x, rank, 0.6, antialias=True, layout=layout)),
        (lin + " align_corners", lambda x: getattr(resample, lin)(x, size=(5,) * rank, align_corners=True,
                                                                  layout=layout),
         lambda x: linear_ref(x, rank, size=(5,) * rank, align_corners=True, layout=layout)),
    ]
    return calls


@pytest.mark.parametrize("dtype", AVERAGED, ids=name)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("rank", [1, 2, 3])
def test_integer_averages_round_the_float64_reference(dtype, layout, rank, rng):
    shape = (2, 2) + (7,) * rank if layout == "NCHW" else (2,) + (7,) * rank + (2,)
    x = random_view(rng, integers(rng, shape, dtype))
    for what, f, ref in averaging_calls(rank, layout):
        assert_linear_close(f(x), ref(x), x, dtype, what=f"{what} {name(dtype)}")


@pytest.mark.parametrize("dtype", AVERAGED, ids=name)
def test_integer_averages_are_the_float_kernel_rounded_half_up_and_saturated(dtype, rng):
    """The documented definition, exactly: computed in float32 (int32: float64),
    then floor(v + 0.5), clipped to the type's range."""
    compute = np.float64 if np.dtype(dtype) == np.int32 else np.float32
    info = np.iinfo(dtype)
    x = integers(rng, (2, 3, 9, 12), dtype)
    for what, f, _ in averaging_calls(2, "NCHW"):
        want = np.clip(np.floor(f(x.astype(compute)).astype(np.float64) + 0.5), info.min, info.max).astype(dtype)
        assert_array_equal(f(x), want, err_msg=what)
    # ties round half up, also below zero
    ties = np.array([1, 2, 5, 6] if info.min == 0 else [-3, -2, 1, 2], dtype)
    assert_array_equal(resample.avg_pool1d(ties, 2), np.array([2, 6] if info.min == 0 else [-2, 2], dtype))
    # a sum beyond the range saturates (divisor_override=1 makes the sum the result)
    ends = np.array([info.max, info.max, info.min, info.min], dtype)
    assert_array_equal(resample.avg_pool1d(ends, 2, divisor_override=1), np.array([info.max, info.min], dtype))


def test_uint8_interpolation_kernel_and_uint8_pooling_round_alike():
    x = np.array([[0, 1, 2, 3]], np.uint8)
    assert_array_equal(resample.avg_pool1d(x, 2), [[1, 3]])  # 0.5 -> 1, 2.5 -> 3
    assert_array_equal(resample.linear(x, size=2, coordinate_mode="half_pixel"), [[1, 3]])


# ----------------------------------------------------------------------------
# float16 and bfloat16: every operator, in float32, rounded once
# ----------------------------------------------------------------------------
def every_operator():
    """(name, f(x, dtype)) over every operator: f converts its own extra
    arrays (weights, indices) to dtype."""
    # weights that both half floats hold exactly, so every run multiplies by the same numbers
    w = np.random.default_rng(7).standard_normal((3, 2, 3, 3)).astype(ml_dtypes.bfloat16).astype(np.float32)
    b = np.arange(2, dtype=np.float32)
    return [
        ("max_pool2d", lambda x, dt: resample.max_pool2d(x, 3, 2, 1, return_indices=True)),
        ("avg_pool3d", lambda x, dt: resample.avg_pool3d(x[:, :, None].repeat(3, 2), 2, ceil_mode=True)),
        ("adaptive_avg_pool2d", lambda x, dt: resample.adaptive_avg_pool2d(x, (3, 5))),
        ("adaptive_max_pool1d", lambda x, dt: resample.adaptive_max_pool1d(x, 4, return_indices=True)),
        ("bilinear", lambda x, dt: resample.bilinear(x, 1.5, antialias=True)),
        ("trilinear", lambda x, dt: resample.trilinear(x[:, None], (2, 0.5, 2.5))),
        ("nearest", lambda x, dt: resample.nearest(x, 2.5, mode="nearest-exact")),
        ("interpolate area", lambda x, dt: resample.interpolate(x, size=(4, 5), mode="area")),
        ("conv_transpose2d", lambda x, dt: resample.conv_transpose2d(x, w.astype(dt), b.astype(dt), stride=2)),
        ("max_unpool2d", lambda x, dt: resample.max_unpool2d(*resample.max_pool2d(x, 2, return_indices=True), 2,
                                                             output_size=x.shape[-2:])),
    ]


@pytest.mark.parametrize("dtype", HALVES, ids=name)
@pytest.mark.parametrize("op", [op for op, _ in every_operator()])
def test_half_floats_are_computed_in_float32_and_rounded_once(dtype, op, rng):
    f = dict(every_operator())[op]
    x = halves(rng, (2, 3, 9, 11), dtype)
    got, in_float32 = f(x, dtype), f(x.astype(np.float32), np.float32)
    got = got if isinstance(got, tuple) else (got,)
    in_float32 = in_float32 if isinstance(in_float32, tuple) else (in_float32,)
    assert got[0].dtype == np.dtype(dtype)
    assert_array_equal(got[0].view(np.uint16), in_float32[0].astype(dtype).view(np.uint16))  # bit for bit
    for g, want in zip(got[1:], in_float32[1:]):  # indices
        assert_array_equal(g, want)


@pytest.mark.parametrize("dtype", HALVES, ids=name)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_half_floats_match_the_float64_references(dtype, layout, rng):
    shape = (2, 3, 8, 9) if layout == "NCHW" else (2, 8, 9, 3)
    x = random_view(rng, halves(rng, shape, dtype))
    assert_linear_close(resample.bilinear(x, 1.6, layout=layout), linear_ref(x, 2, 1.6, layout=layout), x, dtype)
    assert_linear_close(resample.avg_pool2d(x, 3, 2, 1, layout=layout),
                        avg_pool_ref(x.astype(np.float64), 2, 3, 2, 1, layout=layout), x, dtype)
    values, indices = resample.max_pool2d(x, 2, 1, 1, return_indices=True, layout=layout)
    want_values, want_indices = max_pool_ref(x.astype(np.float32), 2, 2, 1, 1, layout=layout)
    assert_array_equal(values.astype(np.float32), want_values)
    assert_array_equal(indices, want_indices)
    if layout == "NCHW":
        xt = x.astype(np.float64)
        w = rng.standard_normal((3, 2, 2, 2)).astype(dtype)
        assert_linear_close(resample.conv_transpose2d(x, w, stride=2), conv_transpose_ref(xt, w.astype(np.float64),
                                                                                          stride=2), x, dtype)
        pooled, where = resample.max_pool2d(x, 2, return_indices=True)
        assert_array_equal(resample.max_unpool2d(pooled, where, 2, output_size=(8, 9)).astype(np.float32),
                           max_unpool_ref(pooled.astype(np.float32), where, 2, (8, 9)))


def test_half_float_nan_and_inf_survive(rng):
    x = halves(rng, (1, 1, 4, 4), np.float16)
    x[0, 0, 0, 0], x[0, 0, 3, 3] = np.nan, np.inf
    got = resample.max_pool2d(x, 2)
    assert np.isnan(got[0, 0, 0, 0]) and got[0, 0, 1, 1] == np.inf


def test_float16_matches_torch(rng):
    """PyTorch computes float16 on CPU in float32 too, rounding once: the same
    bits, except where its float32 coordinates differ from ours (computed in
    float64), by one unit in the last place."""
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    x = halves(rng, (2, 3, 10, 13), np.float16)
    t = torch.from_numpy(x)
    for got, want in [(resample.max_pool2d(x, 3, 2, 1), F.max_pool2d(t, 3, 2, 1)),
                      (resample.avg_pool2d(x, 3, 2, 1), F.avg_pool2d(t, 3, 2, 1)),
                      (resample.adaptive_avg_pool2d(x, (3, 5)), F.adaptive_avg_pool2d(t, (3, 5))),
                      (resample.bilinear(x, 2), F.interpolate(t, scale_factor=2, mode="bilinear"))]:
        assert_array_equal(got.view(np.uint16), want.numpy().view(np.uint16))
    got = resample.bilinear(x, size=(7, 20), align_corners=True)
    want = F.interpolate(t, size=(7, 20), mode="bilinear", align_corners=True).numpy()
    ulps = np.abs(got.view(np.int16).astype(np.int32) - want.view(np.int16).astype(np.int32))
    assert ulps.max() <= 1 and np.mean(ulps == 0) > 0.95


# ----------------------------------------------------------------------------
# nearest: every dtype, exactly
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", INTEGERS + [np.bool_] + HALVES, ids=name)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("rank", [1, 2, 3])
def test_nearest_takes_every_dtype_exactly(dtype, layout, rank, rng):
    for mode, coordinate_mode in [("floor", None), ("nearest-exact", None), ("round_prefer_ceil", "align_corners"),
                                  ("floor", "half_pixel")]:
        shape = shape_for(rng, rank, layout)
        x = halves(rng, shape, dtype) if dtype in HALVES else integers(rng, shape, dtype)
        x = random_view(rng, x)
        scale = tuple(float(rng.choice([0.5, 0.7, 1.0, 1.5, 2.0, 3.0])) for _ in range(rank))
        kw = dict(mode=mode, coordinate_mode=coordinate_mode)
        if all(int(n * s) >= 1 for n, s in zip(spatial_of(shape, rank, layout), scale)):
            got = resample.nearest(x, scale, layout=layout, **kw)
            want = nearest_ref(x, scale, mode=mode, coordinate_mode=coordinate_mode, layout=layout)
            assert got.dtype == x.dtype
            assert_array_equal(got, want)
        size = tuple(int(rng.integers(1, 9)) for _ in range(rank))
        got = resample.nearest(x, size=size, layout=layout, **kw)
        assert_array_equal(got, nearest_ref(x, size=size, mode=mode, coordinate_mode=coordinate_mode, layout=layout))


@pytest.mark.parametrize("dtype", [np.int64, np.bool_, np.float16], ids=name)
def test_interpolate_nearest_takes_every_dtype(dtype, rng):
    x = integers(rng, (2, 3, 5, 6), dtype) if dtype != np.float16 else halves(rng, (2, 3, 5, 6), dtype)
    for mode in ["nearest", "nearest-exact"]:
        assert_array_equal(resample.interpolate(x, scale_factor=1.7, mode=mode),
                           resample.nearest(x, 1.7, mode="floor" if mode == "nearest" else mode))


# ----------------------------------------------------------------------------
# every SIMD level gives the same bits
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", AVERAGED + HALVES + [np.int64, np.bool_], ids=name)
def test_every_simd_level_gives_identical_results(dtype, isa, nthreads, rng):
    shape = (2, 3, 9, 70)
    x = halves(rng, shape, dtype) if dtype in HALVES else integers(rng, shape, dtype)
    calls = [lambda: resample.max_pool2d(x, 3, 1, 1, return_indices=True), lambda: resample.nearest(x, 1.3)]
    if dtype in AVERAGED + HALVES:
        calls += [lambda: resample.avg_pool2d(x, 3, 2, 1), lambda: resample.bilinear(x, 1.7),
                  lambda: resample.bilinear(x, 0.4, antialias=True), lambda: resample.adaptive_avg_pool2d(x, 5)]
    for call in calls:
        got, want = call(), at_baseline(call)
        for g, w in zip(got if isinstance(got, tuple) else (got,), want if isinstance(want, tuple) else (want,)):
            assert g.dtype == w.dtype
            assert_array_equal(g.view(np.uint8), w.view(np.uint8))


# ----------------------------------------------------------------------------
# views, byte order, out=
# ----------------------------------------------------------------------------
def test_big_endian_and_read_only_inputs(rng):
    x = integers(rng, (2, 3, 8, 8), np.int16)
    swapped = x.astype(">i2")
    swapped.setflags(write=False)
    assert_array_equal(resample.avg_pool2d(swapped, 2), resample.avg_pool2d(x, 2))
    assert_array_equal(resample.max_pool2d(swapped, 2), resample.max_pool2d(x, 2))
    assert_array_equal(resample.nearest(swapped, 2), resample.nearest(x, 2))
    h = halves(rng, (2, 3, 8, 8), np.float16)
    assert_array_equal(resample.bilinear(h.astype(">f2"), 2), resample.bilinear(h, 2))
    assert_array_equal(swapped, x)  # inputs untouched


@pytest.mark.parametrize("dtype", [np.uint16, np.float16, np.bool_, np.int8], ids=name)
def test_out_of_the_input_dtype(dtype, rng):
    x = halves(rng, (2, 3, 8, 8), dtype) if dtype == np.float16 else integers(rng, (2, 3, 8, 8), dtype)
    f = resample.max_pool2d if dtype in (np.bool_, np.int8) else resample.avg_pool2d
    want = f(x, 2)
    out = np.zeros((2, 3, 4, 8), dtype)[..., ::2]  # not contiguous
    assert f(x, 2, out=out) is out
    assert_array_equal(out, want)
    contiguous = np.zeros((2, 3, 4, 4), dtype)
    assert f(x, 2, out=contiguous) is contiguous
    assert_array_equal(contiguous, want)
    with pytest.raises(ValueError, match="out must have dtype"):
        f(x, 2, out=np.zeros((2, 3, 4, 4), np.float32))
    with pytest.raises(ValueError, match="overlap"):
        f(x, 2, out=x[:, :, :4, :4])
    near = np.zeros((2, 3, 16, 16), dtype)
    assert resample.nearest(x, 2, out=near) is near
    assert_array_equal(near, resample.nearest(x, 2))


def test_empty_and_single_element_inputs_of_converted_dtypes():
    for dtype in [np.float16, np.uint16, np.int64, np.bool_]:
        assert resample.max_pool2d(np.zeros((0, 3, 4, 4), dtype), 2).shape == (0, 3, 2, 2)
        assert resample.nearest(np.zeros((0, 3, 4, 4), dtype), 2).shape == (0, 3, 8, 8)
        assert_array_equal(resample.nearest(np.ones((1, 1), dtype), 3), np.ones((3, 3), dtype))
    assert resample.bilinear(np.zeros((2, 0, 4, 4), np.int16), 2).shape == (2, 0, 8, 8)
    assert_array_equal(resample.avg_pool2d(np.full((1, 1), 7, np.int32), 1), [[7]])


@pytest.mark.parametrize("dtype", HALVES, ids=name)
def test_bilinear_kernel_of_half_floats_upsamples_them(dtype, rng):
    k = resample.bilinear_kernel(2, channels=3, dtype=dtype)
    assert k.dtype == np.dtype(dtype)
    assert_array_equal(k.astype(np.float32), resample.bilinear_kernel(2, channels=3))  # quarters are exact
    x = halves(rng, (1, 3, 5, 6), dtype)
    up = resample.conv_transpose2d(x, k, stride=2, padding=1, groups=3)
    assert up.dtype == np.dtype(dtype) and up.shape == (1, 3, 10, 12)


def test_mixed_dtypes_of_conv_transpose_are_a_type_error():
    x = np.zeros((1, 3, 4, 4), np.float16)
    with pytest.raises(TypeError, match="weight must have the dtype of x"):
        resample.conv_transpose2d(x, np.zeros((3, 2, 2, 2), np.float32))
    with pytest.raises(TypeError, match="x must have dtype"):
        resample.conv_transpose2d(x.astype(np.int16), np.zeros((3, 2, 2, 2), np.int16))
