"""Run-time configuration: SIMD level, threads, and a summary of the build."""
from __future__ import annotations

import contextlib
import numbers
import os
import warnings

import numpy as np

from . import _core

_MAX_THREADS = 1024  # far beyond any machine; keeps a typo from starting a huge team
_forked_child = False


def _serial_after_fork():
    # GNU OpenMP's thread team does not survive fork(): a child that starts a
    # parallel region hangs. Forked children (multiprocessing's default on
    # Linux) therefore run every kernel on one thread.
    global _forked_child
    _forked_child = True
    _core.set_num_threads(1)


def available_isas() -> list:
    """SIMD levels compiled in that this CPU can run, lowest first
    (a subset of ``["baseline", "avx2", "avx512"]``).

    >>> resample.available_isas()[0]
    'baseline'
    """
    return list(_core.available_isas())


def get_isa() -> str:
    """The SIMD level kernels run at.

    >>> resample.get_isa() in resample.available_isas()
    True
    """
    return _core.get_isa()


def set_isa(isa: str) -> None:
    """Run every later call at SIMD level `isa` (process-wide). All levels give
    bit-identical results; this exists to test each path and to pin speed.
    The environment variable ``RESAMPLE_ISA`` sets the level at import.

    >>> previous = resample.get_isa()
    >>> resample.set_isa("baseline"); resample.get_isa()
    'baseline'
    >>> resample.set_isa(previous)
    """
    if not isinstance(isa, str):
        raise TypeError(f"set_isa: isa must be a str, got {isa!r}")
    if isa not in available_isas():
        raise ValueError(f"set_isa: isa must be one of {available_isas()}, got {isa!r}")
    _core.set_isa(isa)


def get_num_threads() -> int:
    """Threads a call may use (OpenMP's default, so ``OMP_NUM_THREADS``, until
    set_num_threads changes it). Small calls run on one thread regardless.

    >>> resample.get_num_threads() >= 1
    True
    """
    return _core.get_num_threads()


def set_num_threads(n: int) -> None:
    """Let later calls use up to n threads (process-wide).

    >>> previous = resample.get_num_threads()
    >>> resample.set_num_threads(1); resample.get_num_threads()
    1
    >>> resample.set_num_threads(previous)
    """
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral):
        raise TypeError(f"set_num_threads: n must be an int, got {n!r}")
    if not 1 <= n <= _MAX_THREADS:
        raise ValueError(f"set_num_threads: n must be between 1 and {_MAX_THREADS}, got {n}")
    if _forked_child and n > 1:
        warnings.warn("set_num_threads: this process was forked, and OpenMP cannot start threads in a "
                      "forked child; kernels run on one thread (use the 'spawn' start method for more)",
                      RuntimeWarning, stacklevel=2)
        n = 1
    _core.set_num_threads(int(n))


@contextlib.contextmanager
def threads(n: int):
    """``with resample.threads(n):`` runs the block's calls on up to n threads,
    then restores the previous count.

    >>> with resample.threads(1):
    ...     resample.get_num_threads()
    1
    """
    previous = get_num_threads()
    set_num_threads(n)
    try:
        yield
    finally:
        _core.set_num_threads(previous)


def show_config() -> None:
    """Print the version, the SIMD levels compiled and in use, OpenMP, threads.

    >>> resample.show_config()  # doctest: +ELLIPSIS
    resample ...
      SIMD levels compiled : baseline...
    """
    lines = [
        f"resample {_core.__version__}",
        f"  SIMD levels compiled : {', '.join(_core.compiled_isas())}",
        f"  SIMD levels usable   : {', '.join(available_isas())}",
        f"  SIMD level in use    : {get_isa()}"
        + (f" (RESAMPLE_ISA={os.environ['RESAMPLE_ISA']})" if "RESAMPLE_ISA" in os.environ else ""),
        f"  OpenMP               : {'on' if _core.have_openmp() else 'off'}",
        f"  threads              : {get_num_threads()}",
    ]
    print("\n".join(lines))


def _check_isa_environment() -> None:
    wanted = os.environ.get("RESAMPLE_ISA")
    if wanted and wanted not in available_isas():
        warnings.warn(f"RESAMPLE_ISA={wanted!r} is not one of the usable levels {available_isas()}; "
                      f"using {get_isa()!r}", RuntimeWarning, stacklevel=3)
