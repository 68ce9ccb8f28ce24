"""Streaming-copy bandwidth: what the memory system delivers to a plain parallel copy.

Measured in the same run and at each thread count as the cases, because on a shared
machine it varies from run to run, and a pooling kernel cannot move its bytes faster
than a copy does. Bandwidth = (bytes read + bytes written) / time = 2 * nbytes / time.
"""

from __future__ import annotations

import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

# Far larger than any last-level cache, so the copy streams from and to DRAM.
COPY_BYTES = 256 * 2**20


@dataclass(frozen=True)
class Bandwidth:
    threads: int
    bytes_per_s: float
    method: str        # how it was measured, printed in the header


def measure(threads: int, repeat: int, nbytes: int = COPY_BYTES) -> Bandwidth:
    import resample

    count = nbytes // 4
    src = np.ones(count, dtype=np.float32)   # ones, not empty: fault the pages in now
    dst = np.zeros(count, dtype=np.float32)
    stream_copy = getattr(getattr(resample, "_core", None), "stream_copy", None)
    pool = None
    if stream_copy is not None:
        copy, method = (lambda: stream_copy(dst, src)), "resample._core.stream_copy"
    elif threads == 1:
        copy, method = (lambda: np.copyto(dst, src)), "np.copyto"
    else:
        # NumPy releases the GIL while copying, so Python threads copy in parallel.
        pool = ThreadPoolExecutor(threads)
        bounds = np.linspace(0, count, threads + 1).astype(int)
        chunks = [(dst[a:b], src[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
        copy = lambda: list(pool.map(lambda pair: np.copyto(*pair), chunks))  # noqa: E731
        method = f"np.copyto in {threads} Python threads"
    if stream_copy is None:
        method += " (resample._core.stream_copy is missing)"
    try:
        with resample.threads(threads):
            copy()  # warm-up: thread-pool start, TLB
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                copy()
                times.append(time.perf_counter() - start)
    finally:
        if pool is not None:
            pool.shutdown()
    if not np.array_equal(dst[:: 2**16], src[:: 2**16]):
        raise RuntimeError(f"streaming copy ({method}) did not copy")
    return Bandwidth(threads, 2 * count * 4 / statistics.median(times), method)
