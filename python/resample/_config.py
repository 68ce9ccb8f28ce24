"""Run-time configuration: SIMD level, threads, and a summary of the build."""
from __future__ import annotations

import contextlib
import os
import warnings

from . import _core


def available_isas() -> list:
    """SIMD levels compiled in that this CPU can run, lowest first
    (a subset of ``["baseline", "avx2", "avx512"]``)."""
    return list(_core.available_isas())


def get_isa() -> str:
    """The SIMD level kernels run at."""
    return _core.get_isa()


def set_isa(isa: str) -> None:
    """Run every later call at SIMD level `isa` (process-wide). All levels give
    bit-identical results; this exists to test each path and to pin speed.
    The environment variable ``RESAMPLE_ISA`` sets the level at import."""
    if isa not in available_isas():
        raise ValueError(f"set_isa: isa must be one of {available_isas()}, got {isa!r}")
    _core.set_isa(isa)


def get_num_threads() -> int:
    """Threads a call may use (OpenMP's default, so ``OMP_NUM_THREADS``, until
    set_num_threads changes it). Small calls run on one thread regardless."""
    return _core.get_num_threads()


def set_num_threads(n: int) -> None:
    """Let later calls use up to n threads (process-wide)."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"set_num_threads: n must be an int, got {n!r}")
    if n < 1:
        raise ValueError(f"set_num_threads: n must be at least 1, got {n}")
    _core.set_num_threads(n)


@contextlib.contextmanager
def threads(n: int):
    """``with resample.threads(n):`` runs the block's calls on up to n threads,
    then restores the previous count."""
    previous = get_num_threads()
    set_num_threads(n)
    try:
        yield
    finally:
        _core.set_num_threads(previous)


def show_config() -> None:
    """Print the version, the SIMD levels compiled and in use, OpenMP, threads."""
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
