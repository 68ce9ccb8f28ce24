"""resample: pooling, interpolation and transposed convolution for NumPy arrays,
with PyTorch's semantics, in a compiled SIMD + OpenMP core."""
import os as _os

try:
    from . import _core
except ImportError as exc:  # pragma: no cover - a broken install, not a code path
    raise ImportError("resample's compiled extension is missing: install the package with "
                      "'pip install .' rather than importing it from the source tree") from exc

from . import _config
from ._config import (available_isas, get_isa, get_num_threads, set_isa, set_num_threads,
                      show_config, threads, _check_isa_environment)
from ._interp import bilinear, interpolate, linear, nearest, trilinear
from ._conv_transpose import conv_transpose1d, conv_transpose2d, conv_transpose3d
from ._filters import bilinear_kernel
from ._unpool import max_unpool1d, max_unpool2d, max_unpool3d
from ._pool import (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d, adaptive_max_pool1d,
                    adaptive_max_pool2d, adaptive_max_pool3d, avg_pool1d, avg_pool2d, avg_pool3d, max_pool1d,
                    max_pool2d, max_pool3d)

__version__ = _core.__version__
__all__ = [
    "max_pool1d", "max_pool2d", "max_pool3d", "avg_pool1d", "avg_pool2d", "avg_pool3d",
    "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d",
    "adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d",
    "max_unpool1d", "max_unpool2d", "max_unpool3d",
    "linear", "bilinear", "trilinear", "nearest", "interpolate",
    "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "bilinear_kernel",
    "get_num_threads", "set_num_threads", "threads", "available_isas", "get_isa", "set_isa",
    "show_config",
]

_check_isa_environment()
del _check_isa_environment


def _register_with_threadpoolctl():
    import importlib.util

    if importlib.util.find_spec("threadpoolctl") is not None:
        from . import _threadpoolctl

        _threadpoolctl.register()


_register_with_threadpoolctl()

if hasattr(_os, "register_at_fork"):
    _os.register_at_fork(after_in_child=_config._serial_after_fork)
