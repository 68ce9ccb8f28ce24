"""Each code path of the pooling kernel, at every SIMD level, against the
NumPy reference: rows wide enough for whole SIMD blocks and partial tails,
windows that do and do not overlap (the two row-fold loop orders), tall
windows (more than 32 rows or taps), short rows pooled a band at a time,
channels-last with whole and partial channel blocks, and strided channels."""
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

import resample
from helpers import at_baseline
from reference import avg_pool_ref, max_pool_ref

DTYPES = [np.float32, np.float64]
TOL = {np.float32: dict(rtol=2e-6, atol=2e-6), np.float64: dict(rtol=1e-12, atol=1e-12)}


def check(x, rank, kind, layout="NCHW", **window):
    f = getattr(resample, f"{kind}_pool{rank}d")
    ref = dict(window)
    ref["kernel"] = ref.pop("kernel_size")
    if kind == "max":
        values, indices = f(x, return_indices=True, layout=layout, **window)
        expected_values, expected_indices = max_pool_ref(x, rank, layout=layout, **ref)
        assert_array_equal(values, expected_values)
        assert_array_equal(indices, expected_indices)
        assert_array_equal(f(x, layout=layout, **window), expected_values)
    else:
        got = f(x, layout=layout, **window)
        assert_allclose(got, avg_pool_ref(x, rank, layout=layout, **ref), **TOL[x.dtype.type])


WINDOWS_2D = {  # name: (window, whether consecutive windows share input rows)
    "k2s2": dict(kernel_size=2, stride=2),
    "k3s3": dict(kernel_size=3, stride=3),
    "k3s1p1": dict(kernel_size=3, stride=1, padding=1),
    "k3s2p1": dict(kernel_size=3, stride=2, padding=1),
    "k2s1d2": dict(kernel_size=2, stride=1, dilation=2),
    "k3s5p1-ceil": dict(kernel_size=3, stride=5, padding=1, ceil_mode=True),
}


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("width", [15, 16, 17, 31, 33, 63, 65, 130])
@pytest.mark.parametrize("window", list(WINDOWS_2D), ids=str)
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_channels_first_rows(isa, kind, window, width, dtype, rng):
    x = rng.standard_normal((2, 7, width)).astype(dtype)
    params = dict(WINDOWS_2D[window])
    if kind == "avg" and "dilation" in params:
        params["count_include_pad"] = False
    check(x, 2, kind, **params)


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("rank,shape,window", [
    (2, (1, 40, 37), dict(kernel_size=(33, 2), stride=(1, 2))),           # 33 rows per window
    (2, (2, 45, 20), dict(kernel_size=(35, 3), stride=(4, 1), padding=(1, 1))),
    (3, (1, 6, 7, 41), dict(kernel_size=(4, 3, 3), stride=(2, 2, 1))),    # 36 rows
    (3, (2, 9, 9, 18), dict(kernel_size=(3, 4, 3), stride=1, padding=1)),  # 36 rows, padded
], ids=["2d-33rows", "2d-35rows-pad", "3d-36rows", "3d-36rows-pad"])
def test_tall_windows(isa, rank, shape, window, kind, dtype, rng):
    check(rng.standard_normal(shape).astype(dtype), rank, kind, **window)


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("channels", [1, 7, 8, 15, 16, 17, 33, 64, 65])
@pytest.mark.parametrize("window", ["k2s2", "k3s2p1", "k3s1p1"])
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_channels_last_cells(isa, kind, window, channels, dtype, rng):
    x = rng.standard_normal((2, 6, 9, channels)).astype(dtype)
    check(x, 2, kind, layout="NHWC", **WINDOWS_2D[window])


@pytest.mark.parametrize("kind", ["max", "avg"])
def test_channels_last_with_more_than_32_taps(isa, kind, rng):
    x = rng.standard_normal((1, 5, 6, 7, 20)).astype(np.float32)
    check(x, 3, kind, layout="NHWC", kernel_size=(2, 4, 5), stride=(1, 2, 2), padding=(0, 1, 2))


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("view", ["every-other-channel", "reversed-channels", "transposed-spatial"])
def test_channels_last_views(isa, kind, view, rng):
    base = rng.standard_normal((2, 8, 10, 40)).astype(np.float32)
    x = {"every-other-channel": base[..., ::2],
         "reversed-channels": base[..., ::-1],
         "transposed-spatial": base.transpose(0, 2, 1, 3)}[view]
    check(x, 2, kind, layout="NHWC", kernel_size=3, stride=2, padding=1)


def test_every_isa_gives_identical_bits_on_wide_inputs(rng):
    x = rng.standard_normal((3, 4, 37, 133)).astype(np.float32)
    x[0, 0, 5, 7] = np.nan
    calls = [
        lambda: resample.avg_pool2d(x, 3, 1, 1, count_include_pad=False),
        lambda: resample.avg_pool2d(x, 2),
        lambda: resample.max_pool2d(x, 3, 2, 1, return_indices=True),
        lambda: resample.avg_pool2d(np.moveaxis(x, 1, -1), 3, 2, 1, layout="NHWC"),
    ]
    previous = resample.get_isa()
    try:
        results = {}
        for level in resample.available_isas():
            resample.set_isa(level)
            results[level] = [c() for c in calls]
        for level, got in results.items():
            for a, b in zip(got, results["baseline"]):
                for u, v in zip(a if isinstance(a, tuple) else (a,), b if isinstance(b, tuple) else (b,)):
                    assert_array_equal(u, v, err_msg=level)
    finally:
        resample.set_isa(previous)


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("window", ["k3s1p1", "k2s2", "k3s2p1"])
def test_bands_of_short_rows(isa, nthreads, kind, window, rng):
    # Short rows are pooled 8 at a time (each row's window rows into its own
    # buffer, then each row's columns): runs of 1 to 23 output rows, bands
    # cut short at a plane's end and, with 2 threads, where a thread's share
    # starts or ends inside a plane.
    for height in (2, 3, 7, 16, 17, 23, 46):
        x = rng.standard_normal((3, height, 37)).astype(np.float32)
        check(x, 2, kind, **WINDOWS_2D[window])


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("window", ["k3s1p1", "k2s2", "k3s5p1-ceil"])
def test_rows_longer_than_one_chunk(isa, kind, window, rng):
    # Rows beyond 32 KiB are folded in chunks of outputs; float64 makes this
    # one 40 KiB, and the chunk borders fall inside windows.
    x = rng.standard_normal((1, 2, 5003)).astype(np.float64)
    with resample.threads(2):
        check(x, 2, kind, **WINDOWS_2D[window])


# Windows of 64 or more contiguous taps (256 bytes) are reduced output by
# output in a fixed order of 256 bytes of running values; a window that is a
# whole contiguous plane is pooled as one such run, read straight from the
# input. Every level must give the same bits, whatever its block size.
LONG_WINDOWS = [
    (1, (2, 3, 9000), dict(kernel_size=1000)),                            # few outputs, read from the input
    (1, (2, 700), dict(kernel_size=70, stride=3)),                        # many outputs
    (1, (1, 300), dict(kernel_size=100, stride=50, padding=40)),          # windows in the padding
    (1, (1, 300), dict(kernel_size=40, stride=40, dilation=2)),           # dilated: element by element
    (2, (2, 3, 60, 60), dict(kernel_size=60)),                            # global: the plane as one run
    (2, (2, 3, 9, 70), dict(kernel_size=(9, 70), stride=1)),
    (2, (2, 3, 9, 70), dict(kernel_size=(9, 70), padding=(1, 0))),       # whole plane plus padding
    (2, (2, 3, 11, 70), dict(kernel_size=(2, 70), stride=1, padding=(1, 0))),  # border rows from the input,
                                                                          # the rest buffered, in one band
    (3, (1, 2, 5, 6, 7), dict(kernel_size=(5, 6, 7))),                    # 210 elements
    (2, (4, 1, 1), dict(kernel_size=1)),                                  # single elements
]


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("rank,shape,window", LONG_WINDOWS, ids=str)
def test_long_windows(isa, rank, shape, window, kind, dtype, rng):
    x = rng.standard_normal(shape).astype(dtype)
    x.reshape(-1)[x.size // 3] = np.nan if kind == "max" else 1.0
    check(x, rank, kind, **window)
    f = getattr(resample, f"{kind}_pool{rank}d")
    assert_array_equal(f(x, **window), at_baseline(lambda: f(x, **window)))
    strided = np.zeros(shape[:-1] + (2 * shape[-1],), dtype)[..., ::2]  # the same values, not one run
    strided[...] = x
    check(strided, rank, kind, **window)


@pytest.mark.parametrize("kind", ["avg", "max"])
def test_global_pooling_of_every_plane(isa, nthreads, kind, rng):
    x = rng.standard_normal((2, 5, 33, 47)).astype(np.float32)
    got = getattr(resample, f"adaptive_{kind}_pool2d")(x, 1)
    want = x.mean(axis=(2, 3), keepdims=True) if kind == "avg" else x.max(axis=(2, 3), keepdims=True)
    assert_allclose(got, want, rtol=2e-6, atol=2e-6)
    if kind == "max":
        _, indices = resample.adaptive_max_pool2d(x, 1, return_indices=True)
        assert_array_equal(indices[..., 0, 0], x.reshape(2, 5, -1).argmax(axis=-1))


# Channels-last inputs with fewer channels than a 64-byte block (RGB images)
# are pooled as channels-first rows of W x C elements: stride 1 as one fold
# over elements, other strides and adaptive tables element by element, and
# windows too wide for the row buffer tap by tap from the input.
CELL_ROWS = [
    dict(kernel_size=2, stride=2),
    dict(kernel_size=3, stride=1, padding=1),
    dict(kernel_size=(2, 4), stride=1, dilation=(1, 2)),
    dict(kernel_size=3, stride=2, padding=1, ceil_mode=True),
    dict(kernel_size=(1, 3000), stride=(1, 50)),  # a row of 3000 cells: the direct path
]


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("channels", [2, 3, 5])
@pytest.mark.parametrize("window", CELL_ROWS, ids=str)
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_rows_of_cells(isa, kind, window, channels, dtype, rng):
    width = 3100 if window["kernel_size"] == (1, 3000) else 37
    x = rng.standard_normal((2, 5, width, channels)).astype(dtype)
    x[0, 1, 3, 0] = np.nan if kind == "max" else 7.0
    check(x, 2, kind, layout="NHWC", **window)
    f = getattr(resample, f"{kind}_pool2d")
    assert_array_equal(f(x, layout="NHWC", **window), at_baseline(lambda: f(x, layout="NHWC", **window)))
    if kind == "avg":
        check(x, 2, kind, layout="NHWC", count_include_pad=False, **window)
        if width < 100:  # (sums of 3000 taps exceed the float32 tolerance once not divided by their count)
            check(x[:, :, ::-1], 2, kind, layout="NHWC", divisor_override=3, **window)  # reversed columns


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("size", [(2, 5), (4, 3), (1, 1), (7, 40)])
def test_adaptive_rows_of_cells(isa, kind, size, rng):
    from reference_adaptive import adaptive_pool_ref

    x = rng.standard_normal((2, 9, 23, 3)).astype(np.float32)
    f = getattr(resample, f"adaptive_{kind}_pool2d")
    got = f(x, size, layout="NHWC")
    want = adaptive_pool_ref(x, 2, kind, size, "NHWC")
    assert_allclose(got, want[0] if kind == "max" else want, rtol=2e-6, atol=2e-6)
    assert_array_equal(got, at_baseline(lambda: f(x, size, layout="NHWC")))


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("width", [1536, 1538])  # output rows on whole cache lines, or not
def test_large_outputs_are_streamed(isa, nthreads, kind, width, rng):
    # Outputs over 8 MiB are written with non-temporal stores where a block is
    # aligned: the same values as plain stores (an output that starts off a
    # cache line gets none) and as the window's max or mean.
    x = rng.standard_normal((4, 1500, width)).astype(np.float32)
    f = getattr(resample, f"{kind}_pool2d")
    got = f(x, 2)
    assert got.nbytes > 8 << 20
    windows = x.reshape(4, 750, 2, width // 2, 2)
    want = windows.max(axis=(2, 4)) if kind == "max" else windows.mean(axis=(2, 4), dtype=np.float64)
    assert_allclose(got, want, rtol=1e-6, atol=1e-6)
    scratch = np.empty(got.size + 16, np.float32)
    start = (-scratch.ctypes.data // 4) % 16 + 4  # 16 bytes past a cache line
    unaligned = scratch[start:start + got.size].reshape(got.shape)
    f(x, 2, out=unaligned)
    assert_array_equal(got, unaligned)
