# Type stubs of the public API (PEP 561; the package ships py.typed).
# tests/test_stubs.py checks that every public function appears here with the
# parameters, kinds and defaults it has at run time.
from contextlib import AbstractContextManager
from typing import Literal, Optional, Sequence, Tuple, Union, overload

import numpy as np
from numpy.typing import ArrayLike, DTypeLike, NDArray

__version__: str
__all__: list[str]

IntOrTuple = Union[int, Sequence[int]]
FloatOrTuple = Union[float, Sequence[float]]
Layout = Literal["NCW", "NCHW", "NCDHW", "NWC", "NHWC", "NDHWC"]
CoordinateMode = Literal["half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "half_pixel_symmetric"]
NearestMode = Literal["floor", "nearest-exact", "round_prefer_floor", "round_prefer_ceil", "ceil"]
InterpolateMode = Literal["nearest", "nearest-exact", "linear", "bilinear", "trilinear", "area"]
OptionalIntOrTuple = Union[Optional[int], Sequence[Optional[int]]]

# Pooling -----------------------------------------------------------------
@overload
def max_pool1d(x: ArrayLike, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
               dilation: IntOrTuple = 1, ceil_mode: bool = False, return_indices: Literal[False] = False, *,
               layout: Layout = "NCHW", out: Optional[NDArray] = None) -> NDArray: ...
@overload
def max_pool1d(x: ArrayLike, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
               dilation: IntOrTuple = 1, ceil_mode: bool = False, return_indices: Literal[True] = ..., *,
               layout: Layout = "NCHW", out: Optional[Tuple[NDArray, NDArray[np.int64]]] = None
               ) -> Tuple[NDArray, NDArray[np.int64]]: ...
@overload
def max_pool2d(x: ArrayLike, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
               dilation: IntOrTuple = 1, ceil_mode: bool = False, return_indices: Literal[False] = False, *,
               layout: Layout = "NCHW", out: Optional[NDArray] = None) -> NDArray: ...
@overload
def max_pool2d(x: ArrayLike, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
               dilation: IntOrTuple = 1, ceil_mode: bool = False, return_indices: Literal[True] = ..., *,
               layout: Layout = "NCHW", out: Optional[Tuple[NDArray, NDArray[np.int64]]] = None
               ) -> Tuple[NDArray, NDArray[np.int64]]: ...
@overload
def max_pool3d(x: ArrayLike, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
               dilation: IntOrTuple = 1, ceil_mode: bool = False, return_indices: Literal[False] = False, *,
               layout: Layout = "NCHW", out: Optional[NDArray] = None) -> NDArray: ...
@overload
def max_pool3d(x: ArrayLike, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
               dilation: IntOrTuple = 1, ceil_mode: bool = False, return_indices: Literal[True] = ..., *,
               layout: Layout = "NCHW", out: Optional[Tuple[NDArray, NDArray[np.int64]]] = None
               ) -> Tuple[NDArray, NDArray[np.int64]]: ...
def avg_pool1d(x: ArrayLike, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
               ceil_mode: bool = False, count_include_pad: bool = True, divisor_override: Optional[int] = None, *,
               dilation: IntOrTuple = 1, layout: Layout = "NCHW", out: Optional[NDArray] = None) -> NDArray: ...
def avg_pool2d(x: ArrayLike, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
               ceil_mode: bool = False, count_include_pad: bool = True, divisor_override: Optional[int] = None, *,
               dilation: IntOrTuple = 1, layout: Layout = "NCHW", out: Optional[NDArray] = None) -> NDArray: ...
def avg_pool3d(x: ArrayLike, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
               ceil_mode: bool = False, count_include_pad: bool = True, divisor_override: Optional[int] = None, *,
               dilation: IntOrTuple = 1, layout: Layout = "NCHW", out: Optional[NDArray] = None) -> NDArray: ...

# Adaptive pooling and max-unpooling ---------------------------------------
def adaptive_avg_pool1d(x: ArrayLike, output_size: OptionalIntOrTuple, *, layout: Layout = "NCHW",
                        out: Optional[NDArray] = None) -> NDArray: ...
def adaptive_avg_pool2d(x: ArrayLike, output_size: OptionalIntOrTuple, *, layout: Layout = "NCHW",
                        out: Optional[NDArray] = None) -> NDArray: ...
def adaptive_avg_pool3d(x: ArrayLike, output_size: OptionalIntOrTuple, *, layout: Layout = "NCHW",
                        out: Optional[NDArray] = None) -> NDArray: ...
@overload
def adaptive_max_pool1d(x: ArrayLike, output_size: OptionalIntOrTuple, return_indices: Literal[False] = False, *,
                        layout: Layout = "NCHW", out: Optional[NDArray] = None) -> NDArray: ...
@overload
def adaptive_max_pool1d(x: ArrayLike, output_size: OptionalIntOrTuple, return_indices: Literal[True] = ..., *,
                        layout: Layout = "NCHW", out: Optional[Tuple[NDArray, NDArray[np.int64]]] = None
                        ) -> Tuple[NDArray, NDArray[np.int64]]: ...
@overload
def adaptive_max_pool2d(x: ArrayLike, output_size: OptionalIntOrTuple, return_indices: Literal[False] = False, *,
                        layout: Layout = "NCHW", out: Optional[NDArray] = None) -> NDArray: ...
@overload
def adaptive_max_pool2d(x: ArrayLike, output_size: OptionalIntOrTuple, return_indices: Literal[True] = ..., *,
                        layout: Layout = "NCHW", out: Optional[Tuple[NDArray, NDArray[np.int64]]] = None
                        ) -> Tuple[NDArray, NDArray[np.int64]]: ...
@overload
def adaptive_max_pool3d(x: ArrayLike, output_size: OptionalIntOrTuple, return_indices: Literal[False] = False, *,
                        layout: Layout = "NCHW", out: Optional[NDArray] = None) -> NDArray: ...
@overload
def adaptive_max_pool3d(x: ArrayLike, output_size: OptionalIntOrTuple, return_indices: Literal[True] = ..., *,
                        layout: Layout = "NCHW", out: Optional[Tuple[NDArray, NDArray[np.int64]]] = None
                        ) -> Tuple[NDArray, NDArray[np.int64]]: ...
def max_unpool1d(x: ArrayLike, indices: ArrayLike, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None,
                 padding: IntOrTuple = 0, output_size: Optional[Sequence[int]] = None, *, layout: Layout = "NCHW",
                 out: Optional[NDArray] = None) -> NDArray: ...
def max_unpool2d(x: ArrayLike, indices: ArrayLike, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None,
                 padding: IntOrTuple = 0, output_size: Optional[Sequence[int]] = None, *, layout: Layout = "NCHW",
                 out: Optional[NDArray] = None) -> NDArray: ...
def max_unpool3d(x: ArrayLike, indices: ArrayLike, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None,
                 padding: IntOrTuple = 0, output_size: Optional[Sequence[int]] = None, *, layout: Layout = "NCHW",
                 out: Optional[NDArray] = None) -> NDArray: ...

# Interpolation -----------------------------------------------------------
def linear(x: ArrayLike, scale: Optional[FloatOrTuple] = None, *, size: Optional[IntOrTuple] = None,
           align_corners: bool = False, coordinate_mode: Optional[CoordinateMode] = None, antialias: bool = False,
           layout: Layout = "NCHW", out: Optional[NDArray] = None) -> NDArray: ...
def bilinear(x: ArrayLike, scale: Optional[FloatOrTuple] = None, *, size: Optional[IntOrTuple] = None,
             align_corners: bool = False, coordinate_mode: Optional[CoordinateMode] = None, antialias: bool = False,
             layout: Layout = "NCHW", out: Optional[NDArray] = None) -> NDArray: ...
def trilinear(x: ArrayLike, scale: Optional[FloatOrTuple] = None, *, size: Optional[IntOrTuple] = None,
              align_corners: bool = False, coordinate_mode: Optional[CoordinateMode] = None, antialias: bool = False,
              layout: Layout = "NCHW", out: Optional[NDArray] = None) -> NDArray: ...
def nearest(x: ArrayLike, scale: Optional[FloatOrTuple] = None, *, size: Optional[IntOrTuple] = None,
            dims: Optional[int] = None, mode: NearestMode = "floor", coordinate_mode: Optional[CoordinateMode] = None,
            layout: Layout = "NCHW", out: Optional[NDArray] = None) -> NDArray: ...
def interpolate(x: ArrayLike, size: Optional[IntOrTuple] = None, scale_factor: Optional[FloatOrTuple] = None,
                mode: InterpolateMode = "bilinear", align_corners: Optional[bool] = None,
                recompute_scale_factor: Optional[bool] = None, antialias: bool = False, *,
                layout: Layout = "NCHW") -> NDArray: ...

# Transposed convolution --------------------------------------------------
def conv_transpose1d(x: ArrayLike, weight: ArrayLike, bias: Optional[ArrayLike] = None, stride: IntOrTuple = 1,
                     padding: IntOrTuple = 0, output_padding: IntOrTuple = 0, groups: int = 1,
                     dilation: IntOrTuple = 1, *, output_size: Optional[Sequence[int]] = None,
                     layout: Layout = "NCHW", out: Optional[NDArray] = None) -> NDArray: ...
def conv_transpose2d(x: ArrayLike, weight: ArrayLike, bias: Optional[ArrayLike] = None, stride: IntOrTuple = 1,
                     padding: IntOrTuple = 0, output_padding: IntOrTuple = 0, groups: int = 1,
                     dilation: IntOrTuple = 1, *, output_size: Optional[Sequence[int]] = None,
                     layout: Layout = "NCHW", out: Optional[NDArray] = None) -> NDArray: ...
def conv_transpose3d(x: ArrayLike, weight: ArrayLike, bias: Optional[ArrayLike] = None, stride: IntOrTuple = 1,
                     padding: IntOrTuple = 0, output_padding: IntOrTuple = 0, groups: int = 1,
                     dilation: IntOrTuple = 1, *, output_size: Optional[Sequence[int]] = None,
                     layout: Layout = "NCHW", out: Optional[NDArray] = None) -> NDArray: ...
def bilinear_kernel(factor: int, channels: Optional[int] = None, dtype: DTypeLike = np.float32) -> NDArray: ...

# Configuration -----------------------------------------------------------
def get_num_threads() -> int: ...
def set_num_threads(n: int) -> None: ...
def threads(n: int) -> AbstractContextManager[None]: ...
def available_isas() -> list[str]: ...
def get_isa() -> str: ...
def set_isa(isa: str) -> None: ...
def show_config() -> None: ...
