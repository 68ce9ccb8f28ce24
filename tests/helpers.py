"""Small helpers shared by the test modules."""

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
