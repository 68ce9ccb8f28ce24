"""Argument validation: every rule -> the right exception type and a message
naming the offending parameter."""

import numpy as np
import pytest

import resample
from helpers import FEW_DIMS, UNAVERAGED_INTEGERS, UNSUPPORTED_DTYPES

RANKS = [1, 2, 3]
KINDS = ["max", "avg"]


def pool_fn(kind, rank):
    return getattr(resample, f"{kind}_pool{rank}d")


def good_input(rank, layout="NCHW", dtype=np.float32):
    shape = (2, 3) + (6,) * rank if layout == "NCHW" else (2,) + (6,) * rank + (3,)
    return np.zeros(shape, dtype=dtype)


def call(kind, rank, x, kernel_size=2, **kw):
    return pool_fn(kind, rank)(x, kernel_size, **kw)


# ----------------------------------------------------------------------------
# TypeError: dtype
# ----------------------------------------------------------------------------
BAD_DTYPES = [("max", d) for d in UNSUPPORTED_DTYPES] + [("avg", d) for d in UNSUPPORTED_DTYPES + UNAVERAGED_INTEGERS]


@pytest.mark.parametrize("rank", RANKS, ids=lambda r: f"{r}d")
@pytest.mark.parametrize("kind, dtype", BAD_DTYPES, ids=lambda d: str(np.dtype(d)) if not isinstance(d, str) else d)
def test_bad_dtype(kind, dtype, rank):
    x = good_input(rank, dtype=dtype)
    # the message lists the supported dtypes
    with pytest.raises(TypeError, match=r"(?s)(?=.*float32)(?=.*float64)(?=.*float16)(?=.*int16).*got"):
        call(kind, rank, x)


# ----------------------------------------------------------------------------
# TypeError: too few dimensions
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("rank,layout,shape", FEW_DIMS,
                         ids=[f"{r}d-{lay}-ndim{len(s)}" for r, lay, s in FEW_DIMS])
def test_too_few_dims(rank, layout, shape, kind):
    x = np.zeros(shape, dtype=np.float64)
    with pytest.raises(TypeError, match=r"(?i)dim"):
        call(kind, rank, x, 1, layout=layout)


# ----------------------------------------------------------------------------
# TypeError: non-int / bool parameters
# ----------------------------------------------------------------------------
NON_INT = [1.0, "1", True, False, None, 1.5, object(), np.float64(1.0), 1 + 0j,
           ("tuple", 1.0), ("tuple", True), ("tuple", "1"), ("tuple", None)]


def _nonint_id(v):
    if isinstance(v, tuple):
        return "tuple-with-" + type(v[1]).__name__
    return type(v).__name__


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("rank", RANKS, ids=lambda r: f"{r}d")
@pytest.mark.parametrize("name", ["kernel_size", "stride", "padding", "dilation"])
@pytest.mark.parametrize("value", NON_INT, ids=_nonint_id)
def test_non_int_params(value, name, rank, kind):
    if value is None and name == "stride":  # valid: stride=None means stride = kernel_size
        f, x = pool_fn(kind, rank), good_input(rank)
        np.testing.assert_array_equal(f(x, kernel_size=2, stride=None), f(x, kernel_size=2, stride=2))
        return
    if isinstance(value, tuple):  # a correct-length tuple with one bad element
        value = (1,) * (rank - 1) + (value[1],)
    x = good_input(rank)
    kw = dict(kernel_size=2)
    kw[name] = value
    with pytest.raises(TypeError, match=name):
        pool_fn(kind, rank)(x, **kw)


# ----------------------------------------------------------------------------
# ValueError: non-positive kernel/stride/dilation, negative padding
# ----------------------------------------------------------------------------
BAD_VALUES = [
    ("kernel_size", 0),
    ("kernel_size", -1),
    ("kernel_size", "tuple0"),
    ("stride", 0),
    ("stride", -2),
    ("stride", "tuple0"),
    ("dilation", 0),
    ("dilation", -1),
    ("dilation", "tuple0"),
    ("padding", -1),
    ("padding", "tuple-1"),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("rank", RANKS, ids=lambda r: f"{r}d")
@pytest.mark.parametrize("name,value", BAD_VALUES, ids=[f"{n}={v}" for n, v in BAD_VALUES])
def test_bad_values(name, value, rank, kind):
    if value == "tuple0":
        value = (1,) * (rank - 1) + (0,)
    elif value == "tuple-1":
        value = (-1,) + (0,) * (rank - 1)
    x = good_input(rank)
    kw = dict(kernel_size=2)
    kw[name] = value
    with pytest.raises(ValueError, match=name):
        pool_fn(kind, rank)(x, **kw)


# ----------------------------------------------------------------------------
# ValueError: wrong tuple length
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("rank", RANKS, ids=lambda r: f"{r}d")
@pytest.mark.parametrize("name", ["kernel_size", "stride", "padding", "dilation"])
@pytest.mark.parametrize("delta", [-1, 1], ids=["short", "long"])
def test_wrong_tuple_length(delta, name, rank, kind):
    n = rank + delta
    x = good_input(rank)
    kw = dict(kernel_size=2)
    kw[name] = (2 if name == "kernel_size" else 1 if name != "padding" else 0,) * n
    with pytest.raises(ValueError, match=name):
        pool_fn(kind, rank)(x, **kw)


# ----------------------------------------------------------------------------
# ValueError: output size below 1, windows entirely in padding
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("rank", RANKS, ids=lambda r: f"{r}d")
@pytest.mark.parametrize(
    "kw", [dict(kernel_size=7), dict(kernel_size=3, dilation=3),
           dict(kernel_size=9, padding=1)],
    ids=["kernel>input", "dilated>input", "kernel>input+2p"])
def test_output_too_small(kw, rank, kind):
    x = good_input(rank)  # spatial extent 6
    with pytest.raises(ValueError, match=r"(?i)output|kernel_size"):
        pool_fn(kind, rank)(x, **kw)


def test_output_too_small_one_axis_only():
    x = np.zeros((1, 4, 8), dtype=np.float32)
    with pytest.raises(ValueError, match=r"(?i)output|kernel_size"):
        resample.max_pool2d(x, (5, 2))
    with pytest.raises(ValueError, match=r"(?i)output|kernel_size"):
        resample.avg_pool2d(x, (2, 9))


ALL_PADDING = [
    # (rank, spatial, kw) -- each has an output window without in-bounds taps
    (1, (6,), dict(kernel_size=1, padding=1)),
    (1, (6,), dict(kernel_size=2, stride=1, padding=2)),
    (1, (5,), dict(kernel_size=3, stride=1, padding=3, dilation=1)),
    (1, (2,), dict(kernel_size=2, stride=1, padding=1, dilation=3)),  # taps straddle
    (2, (6, 6), dict(kernel_size=(2, 2), stride=1, padding=(0, 2))),
    (2, (6, 6), dict(kernel_size=(1, 3), padding=(1, 0))),
    (3, (4, 4, 2), dict(kernel_size=(1, 1, 2), padding=(0, 0, 1), dilation=(1, 1, 3),
                        stride=1)),
    (3, (4, 4, 4), dict(kernel_size=2, padding=(0, 2, 0), stride=1)),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("ceil_mode", [False, True], ids=["floor", "ceil"])
@pytest.mark.parametrize("rank,spatial,kw", ALL_PADDING,
                         ids=[f"{r}d-{i}" for i, (r, _, _) in enumerate(ALL_PADDING)])
def test_window_entirely_in_padding(rank, spatial, kw, ceil_mode, kind):
    x = np.zeros((2,) + spatial, dtype=np.float64)
    with pytest.raises(ValueError, match="padding"):
        pool_fn(kind, rank)(x, ceil_mode=ceil_mode, **kw)
    xh = np.zeros((2,) + spatial + (3,), dtype=np.float64)
    with pytest.raises(ValueError, match="padding"):
        pool_fn(kind, rank)(xh, ceil_mode=ceil_mode, layout="NHWC", **kw)


# ----------------------------------------------------------------------------
# ValueError: layout
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("layout", ["NCWH", "bogus", "", "NDHWC?"])
def test_unknown_layout(layout, kind):
    x = good_input(2)
    with pytest.raises(ValueError, match="layout"):
        call(kind, 2, x, layout=layout)


# ----------------------------------------------------------------------------
# out=
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("bad", [[0.0], "out", 3.0, np.float32(1)],
                         ids=["list", "str", "float", "npscalar"])
def test_out_not_ndarray(bad, kind):
    x = good_input(2)
    with pytest.raises(TypeError, match="out"):
        call(kind, 2, x, out=bad)


def test_out_tuple_elements_not_ndarray():
    x = good_input(2)
    with pytest.raises(TypeError, match="out"):
        resample.max_pool2d(x, 2, return_indices=True,
                            out=(np.empty((2, 3, 3, 3), np.float32), [0]))
    with pytest.raises(TypeError, match="out"):
        resample.max_pool2d(x, 2, return_indices=True,
                            out=("values", np.empty((2, 3, 3, 3), np.int64)))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("shape", [(2, 3, 3, 4), (2, 3, 3), (1, 3, 3, 3), (2, 3, 3, 3, 1)],
                         ids=lambda s: "x".join(map(str, s)))
def test_out_wrong_shape(shape, kind):
    x = good_input(2)  # -> (2, 3, 3, 3)
    with pytest.raises(ValueError, match="out"):
        call(kind, 2, x, out=np.empty(shape, np.float32))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("dtype", [np.float64, np.int64, np.float16])
def test_out_wrong_dtype(dtype, kind):
    x = good_input(2, dtype=np.float32)
    with pytest.raises(ValueError, match="out"):
        call(kind, 2, x, out=np.empty((2, 3, 3, 3), dtype))


def test_out_indices_wrong():
    x = good_input(2)
    vo = np.empty((2, 3, 3, 3), np.float32)
    with pytest.raises(ValueError, match="out"):
        resample.max_pool2d(x, 2, return_indices=True,
                            out=(vo, np.empty((2, 3, 3, 3), np.int32)))
    with pytest.raises(ValueError, match="out"):
        resample.max_pool2d(x, 2, return_indices=True,
                            out=(vo, np.empty((2, 3, 3, 3), np.float64)))
    with pytest.raises(ValueError, match="out"):
        resample.max_pool2d(x, 2, return_indices=True,
                            out=(vo, np.empty((2, 3, 3, 2), np.int64)))


@pytest.mark.parametrize("kind", KINDS)
def test_out_not_writable(kind):
    x = good_input(2)
    out = np.empty((2, 3, 3, 3), np.float32)
    out.setflags(write=False)
    with pytest.raises(ValueError, match="out"):
        call(kind, 2, x, out=out)
    bo = np.broadcast_to(np.empty((1, 1, 1, 1), np.float32), (2, 3, 3, 3))
    with pytest.raises(ValueError, match="out"):
        call(kind, 2, x, out=bo)


def test_out_indices_not_writable():
    x = good_input(2)
    io = np.empty((2, 3, 3, 3), np.int64)
    io.setflags(write=False)
    with pytest.raises(ValueError, match="out"):
        resample.max_pool2d(x, 2, return_indices=True,
                            out=(np.empty((2, 3, 3, 3), np.float32), io))


@pytest.mark.parametrize("kind", KINDS)
def test_out_overlaps_input(kind):
    x = np.arange(2 * 3 * 6 * 6, dtype=np.float64).reshape(2, 3, 6, 6)
    keep = x.copy()
    out = x[:, :, :3, :3]  # output shape for k=2 is (2, 3, 3, 3)
    with pytest.raises(ValueError, match="out"):
        call(kind, 2, x, out=out)
    out = x[:, :, ::2, 1::2]
    with pytest.raises(ValueError, match="out"):
        call(kind, 2, x, out=out)
    np.testing.assert_array_equal(x, keep)  # nothing was written


# ----------------------------------------------------------------------------
# divisor_override and avg's keyword-only dilation
# ----------------------------------------------------------------------------
@pytest.mark.parametrize("rank", RANKS, ids=lambda r: f"{r}d")
@pytest.mark.parametrize("value", [0, -1, -7])
def test_divisor_override_nonpositive(value, rank):
    x = good_input(rank)
    with pytest.raises(ValueError, match="divisor_override"):
        pool_fn("avg", rank)(x, 2, divisor_override=value)


@pytest.mark.parametrize("rank", RANKS, ids=lambda r: f"{r}d")
def test_avg_dilation_keyword_only(rank):
    x = good_input(rank)
    with pytest.raises(TypeError):
        pool_fn("avg", rank)(x, 2, 2, 0, False, True, None, 1)
    # but as a keyword it is accepted
    res = pool_fn("avg", rank)(x, 2, 2, 0, False, True, None, dilation=1)
    assert res.shape == (2, 3) + (3,) * rank


def test_errors_leave_out_untouched():
    x = good_input(2)
    out = np.full((2, 3, 3, 3), 5.0, np.float32)
    with pytest.raises(ValueError):
        resample.avg_pool2d(x, 2, divisor_override=0, out=out)
    assert np.all(out == 5.0)
