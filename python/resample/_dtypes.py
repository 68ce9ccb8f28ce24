"""Which element types each family of operators takes, and how the ones
without a kernel of their own are computed.

The kernels run on float32 and float64 (and uint8 for linear interpolation,
every integer type for max pooling). Everything else is computed in a kernel
type and converted once on output:

- float16 and bfloat16 (the ``ml_dtypes`` dtype, when the user has it) are
  computed in float32 and rounded once to nearest even;
- uint8, uint16 and int16 averages are computed in float32, int32 averages in
  float64 (exact for every int32), then rounded half up (``floor(v + 0.5)``,
  as the uint8 kernels do) and saturated to the type's range. The float
  kernels give bit-identical results on every SIMD level (their reduction
  orders are fixed and nothing is contracted into FMAs), so these do too;
- bool max pooling runs on the same bytes as uint8.

Nearest resizing moves elements without arithmetic, so it takes every
integer type, bool and the half floats exactly (see _interp.py).
"""
from __future__ import annotations

import numpy as np

F32, F64, U8 = np.dtype(np.float32), np.dtype(np.float64), np.dtype(np.uint8)
FLOATS = (F32, F64)
INTEGERS = tuple(np.dtype(t) for t in (np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
                                       np.uint64))
BOOL = np.dtype(np.bool_)
# The integer types averaging operators take, and the float type each is computed in.
_AVERAGED_INTEGERS = {np.dtype(np.uint8): F32, np.dtype(np.uint16): F32, np.dtype(np.int16): F32,
                      np.dtype(np.int32): F64}


def _is_half(dtype: np.dtype) -> bool:
    """float16, or ml_dtypes' bfloat16 (recognised by name: an array of it
    means the user has ml_dtypes, which resample itself never imports)."""
    return dtype == np.float16 or dtype.name == "bfloat16"


class Family:
    """The dtypes a family of operators takes: `native` ones straight to the
    kernels, plus the half floats and the `averaged` integer types computed in
    float, and bool if `booleans` (as uint8 bytes)."""

    def __init__(self, summary, native, averaged=(), booleans=False, also=()):
        self.summary = summary  # for the docstrings
        self.native = tuple(native)
        self.averaged = tuple(averaged)
        self.booleans = booleans
        self.also = tuple(also)  # taken by a path of the operator's own (nearest's gather)

    def takes(self, dtype: np.dtype) -> bool:
        return (dtype in self.native or dtype in self.averaged or _is_half(dtype) or (self.booleans and dtype == BOOL)
                or dtype in self.also)

    def names(self) -> str:
        others = dict.fromkeys(self.native + self.averaged + self.also + ((BOOL,) if self.booleans else ()))
        others = sorted((d for d in others if d not in FLOATS), key=lambda d: (d.kind, d.itemsize))
        return ", ".join(["float32", "float64", "float16", "bfloat16 (ml_dtypes)"] + [str(d) for d in others])

    def check(self, dtype: np.dtype, op: str) -> None:
        if not self.takes(dtype.newbyteorder("=")):
            raise TypeError(f"{op}: x must have dtype {self.names()}; got {dtype}")

    def run(self, x: np.ndarray, result: np.ndarray, kernel) -> None:
        """kernel(x, result) for a native x; otherwise on x converted to the
        kernel type, its result converted into `result` (x's dtype)."""
        dtype = x.dtype
        if dtype in self.native:
            kernel(x, result)
        elif self.booleans and dtype == BOOL:
            kernel(x.view(U8), result.view(U8))
        else:
            compute = F32 if _is_half(dtype) else _AVERAGED_INTEGERS[dtype]
            computed = np.empty(result.shape, compute)
            kernel(x.astype(compute), computed)
            store(computed, result)


def store(computed: np.ndarray, result: np.ndarray) -> None:
    """Float results into `result`'s dtype: floats rounded to nearest even,
    integers rounded half up and saturated. `computed` is overwritten."""
    if result.dtype.kind in "iu":
        info = np.iinfo(result.dtype)
        computed += 0.5
        np.floor(computed, out=computed)
        np.clip(computed, info.min, info.max, out=computed)
    np.copyto(result, computed, casting="unsafe")


_HALVES = "float16 or bfloat16 (computed in float32, rounded once)"
_ROUNDED = "uint8, uint16, int16 or int32 (rounded half up, saturated)"
MAX = Family(f"float32, float64, {_HALVES}, any integer type or bool",
             FLOATS + INTEGERS, booleans=True)  # max pooling, adaptive max pooling
MEAN = Family(f"float32, float64, {_HALVES}, {_ROUNDED}",
              FLOATS, averaged=tuple(_AVERAGED_INTEGERS))  # average pooling, adaptive, area
LINEAR = Family(MEAN.summary, FLOATS + (U8,), averaged=tuple(_AVERAGED_INTEGERS))  # linear interpolation
NEAREST = Family("float32, float64, float16, bfloat16, any integer type or bool (exact)",
                 FLOATS + (U8,), also=INTEGERS + (BOOL,))
FLOAT = Family(f"float32, float64, {_HALVES}", FLOATS)  # transposed convolution, max_unpool
