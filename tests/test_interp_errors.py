"""Argument validation of the interpolation functions: every error of
notes/interp_spec.md -> the right exception type, and a message naming the
offending parameter."""

import numpy as np
import pytest

import resample
from helpers import FEW_DIMS, UNAVERAGED_INTEGERS, UNSUPPORTED_DTYPES

LINEAR = {1: "linear", 2: "bilinear", 3: "trilinear"}
RANKS = [1, 2, 3]


def fn(rank):
    return getattr(resample, LINEAR[rank])


def good_input(rank, layout="NCHW", dtype=np.float32):
    shape = (2, 3) + (6,) * rank if layout == "NCHW" else (2,) + (6,) * rank + (3,)
    return np.zeros(shape, dtype=dtype)


def all_calls(rank):
    """(name, callable(x, **kw)) for the linear function of this rank and nearest."""
    return [(LINEAR[rank], fn(rank)),
            ("nearest", lambda x, *a, **kw: resample.nearest(x, *a, dims=rank, **kw))]


# ----------------------------------------------------------------------------
# scale / size: both, neither
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("rank", RANKS, ids=lambda r: f"{r}d")
def test_both_or_neither_scale_size(rank):
    x = good_input(rank)
    for name, f in all_calls(rank):
        with pytest.raises(ValueError, match=r"(?s)(?=.*scale)(?=.*size)"):
            f(x, 2.0, size=3)
        with pytest.raises(ValueError, match=r"(?s)(?=.*scale)(?=.*size)"):
            f(x)
        with pytest.raises(ValueError, match=r"(?s)(?=.*scale)(?=.*size)"):
            f(x, None, size=None)


# ----------------------------------------------------------------------------
# scale values and types
# ----------------------------------------------------------------------------
BAD_SCALE_VALUES = [0, 0.0, -1, -1.0, float("nan"), float("inf"), -float("inf"), np.float64("nan")]


def _with_tuple(value, rank):
    """value in the last position of a correct-length tuple."""
    return (2.0,) * (rank - 1) + (value,)


@pytest.mark.parametrize("rank", RANKS, ids=lambda r: f"{r}d")
@pytest.mark.parametrize("value", BAD_SCALE_VALUES, ids=repr)
@pytest.mark.parametrize("form", ["scalar", "tuple"])
def test_bad_scale_values(value, form, rank):
    x = good_input(rank)
    v = value if form == "scalar" else _with_tuple(value, rank)
    for name, f in all_calls(rank):
        with pytest.raises(ValueError, match="scale"):
            f(x, v)
        with pytest.raises(ValueError, match="scale"):
            f(x, scale=v)


@pytest.mark.parametrize("rank", RANKS, ids=lambda r: f"{r}d")
@pytest.mark.parametrize("value", [True, False, np.bool_(True), "2", "2.0", object()],
                         ids=lambda v: type(v).__name__ + "-" + str(v)[:8])
@pytest.mark.parametrize("form", ["scalar", "tuple"])
def test_bad_scale_types(value, form, rank):
    x = good_input(rank)
    v = value if form == "scalar" else _with_tuple(value, rank)
    for name, f in all_calls(rank):
        with pytest.raises(TypeError, match="scale"):
            f(x, v)


@pytest.mark.parametrize("rank", RANKS, ids=lambda r: f"{r}d")
def test_scale_output_length_zero(rank):
    x = good_input(rank)  # spatial 6: 6 * 0.1 -> 0
    for name, f in all_calls(rank):
        with pytest.raises(ValueError, match="scale"):
            f(x, 0.1)
        with pytest.raises(ValueError, match="scale"):
            f(x, _with_tuple(0.1, rank))


# ----------------------------------------------------------------------------
# size values and types
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("rank", RANKS, ids=lambda r: f"{r}d")
@pytest.mark.parametrize("value", [0, -3, -1, np.int64(0)], ids=repr)
@pytest.mark.parametrize("form", ["scalar", "tuple"])
def test_bad_size_values(value, form, rank):
    x = good_input(rank)
    v = value if form == "scalar" else (4,) * (rank - 1) + (value,)
    for name, f in all_calls(rank):
        with pytest.raises(ValueError, match="size"):
            f(x, size=v)


@pytest.mark.parametrize("rank", RANKS, ids=lambda r: f"{r}d")
@pytest.mark.parametrize("value", [2.5, 2.0, True, False, np.bool_(True), "3", np.float32(3.0)],
                         ids=lambda v: type(v).__name__ + "-" + str(v))
@pytest.mark.parametrize("form", ["scalar", "tuple"])
def test_bad_size_types(value, form, rank):
    x = good_input(rank)
    v = value if form == "scalar" else (4,) * (rank - 1) + (value,)
    for name, f in all_calls(rank):
        with pytest.raises(TypeError, match="size"):
            f(x, size=v)


# ----------------------------------------------------------------------------
# wrong tuple length
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("rank", RANKS, ids=lambda r: f"{r}d")
@pytest.mark.parametrize("delta", [-1, 1], ids=["short", "long"])
def test_wrong_tuple_length(delta, rank):
    n = rank + delta
    x = good_input(rank)
    if n >= 1:
        with pytest.raises(ValueError, match="scale"):
            fn(rank)(x, (2.0,) * n)
        with pytest.raises(ValueError, match="size"):
            fn(rank)(x, size=(3,) * n)
    with pytest.raises(ValueError, match="scale"):
        fn(rank)(x, ())
    with pytest.raises(ValueError, match="size"):
        fn(rank)(x, size=())


def test_nearest_dims_disagree():
    x = good_input(3)
    with pytest.raises(ValueError, match="dims"):
        resample.nearest(x, (2.0, 2.0), dims=3)
    with pytest.raises(ValueError, match="dims"):
        resample.nearest(x, size=(3, 3, 3), dims=2)
    with pytest.raises(ValueError, match="dims"):
        resample.nearest(x, size=(3,), dims=2)
    # agreeing dims are fine
    assert resample.nearest(x, size=(3, 3), dims=2).shape == (2, 3, 6, 3, 3)


# ----------------------------------------------------------------------------
# coordinate_mode / mode
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("rank", RANKS, ids=lambda r: f"{r}d")
@pytest.mark.parametrize("mode", ["tf_crop_and_resize", "bogus", "", "HALF_PIXEL", "tf_half_pixel_for_nn"])
def test_bad_coordinate_mode(mode, rank):
    x = good_input(rank)
    for name, f in all_calls(rank):
        with pytest.raises(ValueError, match="coordinate_mode"):
            f(x, 2.0, coordinate_mode=mode)


def test_tf_crop_and_resize_message():
    with pytest.raises(ValueError, match=r"(?s)coordinate_mode.*tf_crop_and_resize|tf_crop_and_resize.*coordinate_mode"):
        resample.bilinear(good_input(2), 2.0, coordinate_mode="tf_crop_and_resize")


@pytest.mark.parametrize("value", [1, 2.0, True, ("half_pixel",)], ids=repr)
def test_coordinate_mode_not_str(value):
    with pytest.raises((TypeError, ValueError), match="coordinate_mode"):
        resample.bilinear(good_input(2), 2.0, coordinate_mode=value)


@pytest.mark.parametrize("mode", ["bogus", "nearest", "linear", "round", "FLOOR", ""])
def test_nearest_unknown_mode(mode):
    with pytest.raises(ValueError, match="mode"):
        resample.nearest(good_input(2), 2.0, mode=mode)


@pytest.mark.parametrize("value", [None, 1, 0.5])
def test_nearest_mode_not_str(value):
    with pytest.raises(TypeError, match="mode"):
        resample.nearest(good_input(2), 2.0, mode=value)


@pytest.mark.parametrize("cm", ["asymmetric", "align_corners", "pytorch_half_pixel",
                                "half_pixel_symmetric"])
def test_nearest_exact_needs_half_pixel(cm):
    with pytest.raises(ValueError, match=r"(?s)(?=.*nearest-exact)(?=.*coordinate_mode)"):
        resample.nearest(good_input(2), 2.0, mode="nearest-exact", coordinate_mode=cm)


# ----------------------------------------------------------------------------
# interpolate
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["bicubic", "Area", "nearest_exact", "Bilinear", "cubic", "", "lanczos"])
def test_interpolate_unknown_mode(mode):
    with pytest.raises(ValueError, match="mode"):
        resample.interpolate(good_input(2), scale_factor=2.0, mode=mode)


@pytest.mark.parametrize("mode", ["nearest", "nearest-exact"])
@pytest.mark.parametrize("ac", [False, True])
def test_interpolate_align_corners_with_nearest(mode, ac):
    with pytest.raises(ValueError, match="align_corners"):
        resample.interpolate(good_input(2), scale_factor=2.0, mode=mode, align_corners=ac)


@pytest.mark.parametrize("mode", ["nearest", "nearest-exact"])
def test_interpolate_antialias_with_nearest(mode):
    with pytest.raises(ValueError, match="antialias"):
        resample.interpolate(good_input(2), scale_factor=0.5, mode=mode, antialias=True)


@pytest.mark.parametrize("mode,ndim", [("linear", 4), ("linear", 2), ("bilinear", 3),
                                       ("bilinear", 5), ("trilinear", 4), ("trilinear", 6)])
def test_interpolate_wrong_ndim(mode, ndim):
    x = np.zeros((2, 3, 4, 4, 4, 4)[:ndim], np.float32)
    with pytest.raises(ValueError, match=r"(?i)dim|ndim|shape"):
        resample.interpolate(x, scale_factor=2.0, mode=mode)


def test_interpolate_scale_size_errors():
    x = good_input(2)
    with pytest.raises(ValueError, match=r"(?s)(?=.*size)(?=.*scale_factor)"):
        resample.interpolate(x, size=3, scale_factor=2.0)
    with pytest.raises(ValueError, match=r"(?s)(?=.*size)(?=.*scale_factor)"):
        resample.interpolate(x)
    with pytest.raises(ValueError, match="scale_factor"):
        resample.interpolate(x, scale_factor=(2.0, 2.0, 2.0))
    with pytest.raises(ValueError, match="scale_factor"):
        resample.interpolate(x, scale_factor=-1.0)
    with pytest.raises(TypeError, match="scale_factor"):
        resample.interpolate(x, scale_factor="2")
    with pytest.raises(ValueError, match="size"):
        resample.interpolate(x, size=(3,))
    with pytest.raises(ValueError, match="size"):
        resample.interpolate(x, size=0)
    with pytest.raises(TypeError, match="size"):
        resample.interpolate(x, size=2.5)


def test_interpolate_mode_not_str():
    with pytest.raises(TypeError, match="mode"):
        resample.interpolate(good_input(2), scale_factor=2.0, mode=None)


# ----------------------------------------------------------------------------
# x: dimensions and dtype
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("rank,layout,shape", FEW_DIMS,
                         ids=[f"{r}d-{lay}-ndim{len(s)}" for r, lay, s in FEW_DIMS])
def test_too_few_dims(rank, layout, shape):
    x = np.zeros(shape, dtype=np.float64)
    with pytest.raises(TypeError, match=r"(?i)dim"):
        fn(rank)(x, 2.0, layout=layout)
    with pytest.raises(TypeError, match=r"(?i)dim"):
        resample.nearest(x, 2.0, dims=rank, layout=layout)


@pytest.mark.parametrize("rank", RANKS, ids=lambda r: f"{r}d")
@pytest.mark.parametrize("dtype", UNSUPPORTED_DTYPES + UNAVERAGED_INTEGERS, ids=lambda d: str(np.dtype(d)))
def test_bad_dtype(dtype, rank):
    x = np.zeros(good_input(rank).shape, dtype)
    for name, f in all_calls(rank):
        if name.startswith("nearest") and dtype in UNAVERAGED_INTEGERS:
            continue  # nearest takes every integer type and bool
        with pytest.raises(TypeError, match=r"(?s)(?=.*float32)(?=.*float64)(?=.*uint8)(?=.*int16).*got"):
            f(x, 2.0)
    if rank == 2:
        with pytest.raises(TypeError, match=r"(?s)(?=.*float32)"):
            resample.interpolate(x, scale_factor=2.0)


def test_int_list_input_rejected():
    with pytest.raises(TypeError):
        resample.linear([[0, 1]], 2.0)  # int64 data


# ----------------------------------------------------------------------------
# layout
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("layout", ["NCWH", "bogus", "", "nchw", "NHWC?", None, 3])
def test_bad_layout(layout):
    x = good_input(2)
    exc = ValueError if isinstance(layout, str) else (TypeError, ValueError)
    with pytest.raises(exc, match="layout"):
        resample.bilinear(x, 2.0, layout=layout)
    with pytest.raises(exc, match="layout"):
        resample.nearest(x, 2.0, layout=layout)
    with pytest.raises(exc, match="layout"):
        resample.interpolate(x, scale_factor=2.0, layout=layout)


# ----------------------------------------------------------------------------
# keyword-only parameters
# ----------------------------------------------------------------------------
def test_nearest_has_no_linear_options():
    x = good_input(2)
    with pytest.raises(TypeError):
        resample.nearest(x, 2.0, align_corners=True)
    with pytest.raises(TypeError):
        resample.nearest(x, 2.0, antialias=True)


def test_keyword_only():
    x = good_input(2)
    with pytest.raises(TypeError):
        resample.bilinear(x, None, 4)  # size is keyword-only
    with pytest.raises(TypeError):
        resample.bilinear(x, 2.0, False)  # align_corners is keyword-only
    with pytest.raises(TypeError):
        resample.nearest(x, None, 4)
    with pytest.raises(TypeError):
        resample.interpolate(x, None, 2.0, "bilinear", None, None, False, "NHWC")  # layout


def test_errors_leave_out_untouched():
    x = good_input(2)
    out = np.full((2, 3, 12, 12), 5.0, np.float32)
    with pytest.raises(ValueError):
        resample.bilinear(x, 2.0, coordinate_mode="tf_crop_and_resize", out=out)
    with pytest.raises(ValueError):
        resample.nearest(x, 2.0, mode="bogus", out=out)
    assert np.all(out == 5.0)


@pytest.mark.parametrize("mode", ["bilinear", "nearest", "area"])
def test_a_finite_scale_whose_product_overflows_is_a_value_error(mode):
    """6e307 is finite, but 6 * 6e307 is inf: a ValueError, not OverflowError."""
    x = np.ones((1, 2, 6, 6), np.float32)
    with pytest.raises(ValueError, match="scale_factor"):
        resample.interpolate(x, scale_factor=6e307, mode=mode)
    with pytest.raises(ValueError, match="scale"):
        resample.bilinear(x, 6e307)
