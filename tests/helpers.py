"""Small helpers shared by the test modules."""

import numpy as np

import resample

# (rank, layout, shape): arrays with too few dimensions for the rank and layout.
FEW_DIMS = [
    (1, "NCHW", ()),
    (2, "NCHW", (6,)),
    (3, "NCHW", (6, 6)),
    (1, "NHWC", (6,)),
    (2, "NHWC", (6, 6)),
    (3, "NHWC", (6, 6, 6)),
]

# (rank, layout, shape): inputs with an empty batch or channel axis.
EMPTY_CASES = [
    (1, "NCHW", (0, 5)),
    (1, "NHWC", (0, 5, 3)),
    (2, "NCHW", (0, 3, 5, 6)),
    (2, "NCHW", (2, 0, 5, 6)),
    (2, "NHWC", (0, 5, 6, 3)),
    (2, "NHWC", (2, 5, 6, 0)),
    (3, "NCHW", (0, 2, 4, 5, 6)),
    (3, "NHWC", (0, 4, 5, 6, 2)),
]


# dtypes no operator takes (each raises a TypeError listing the supported ones).
UNSUPPORTED_DTYPES = [np.complex64, np.complex128, object, np.dtype("datetime64[s]"), np.dtype("U2"),
                      np.dtype("V4")]
# Integer types that max pooling and nearest take but averaging and linear
# interpolation do not.
UNAVERAGED_INTEGERS = [np.int8, np.uint32, np.int64, np.uint64, np.bool_]


def make_data(rng, shape, dtype, mode="normal"):
    """Float test data of a kind: "normal" values, "ties" (small integers),
    "nan" (a quarter NaN) or "inf" (mostly -inf, with inf, 0, 1 and NaN)."""
    if mode == "normal":
        x = rng.standard_normal(shape)
    elif mode == "ties":
        x = rng.integers(-2, 3, size=shape).astype(np.float64)
    elif mode == "nan":
        x = rng.standard_normal(shape)
        x[rng.random(shape) < 0.25] = np.nan
    elif mode == "inf":
        x = rng.choice(np.array([-np.inf, np.inf, 0.0, 1.0, np.nan]), size=shape, p=[0.5, 0.1, 0.2, 0.1, 0.1])
    else:
        raise AssertionError(mode)
    return x.astype(dtype)


def at_baseline(fn):
    """fn() run at the baseline SIMD level on one thread: the result every
    other level and thread count must reproduce bit for bit."""
    previous = resample.get_isa()
    resample.set_isa("baseline")
    try:
        with resample.threads(1):
            return fn()
    finally:
        resample.set_isa(previous)
