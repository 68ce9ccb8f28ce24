"""Streaming-copy bandwidth: what the memory system delivers to a plain parallel copy.

A pooling kernel cannot move its bytes faster than a copy does, so this is the roofline
every case is held to. It is measured in the same run, at each thread count, and again
before each case's table: on a shared machine it drifts with what the neighbours do.
The roofline uses the median of all measurements so far at that thread count: one
moment of contention cannot make the bar easier, nor one lucky outlier harder (taking
the best once gave a 2-thread "bandwidth" 40% above every other measurement).

Bandwidth = (bytes read + bytes written) / time = 2 * nbytes / time, median of repeats.
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
    bytes_per_s: float     # median so far at this thread count: the roofline's basis
    latest_per_s: float    # the measurement just taken
    method: str            # how it was measured, printed in the report


class CopyMeter:
    """Holds the two copy buffers for the whole run (allocating 512 MB each time would
    measure page faults) and the bandwidths measured per thread count."""

    def __init__(self, repeat: int, nbytes: int = COPY_BYTES):
        import resample

        self.repeat = repeat
        count = nbytes // 4
        self.src = np.ones(count, dtype=np.float32)   # ones, not empty: fault pages in now
        self.dst = np.zeros(count, dtype=np.float32)
        self.stream_copy = getattr(getattr(resample, "_core", None), "stream_copy", None)
        self.seen: dict[int, list] = {}

    def measure(self, threads: int) -> Bandwidth:
        import resample

        copy, method, pool = self._copier(threads)
        try:
            with resample.threads(threads):
                copy()  # warm-up: thread-pool start, TLB
                times = []
                for _ in range(self.repeat):
                    start = time.perf_counter()
                    copy()
                    times.append(time.perf_counter() - start)
        finally:
            if pool is not None:
                pool.shutdown()
        if not np.array_equal(self.dst[:: 2**16], self.src[:: 2**16]):
            raise RuntimeError(f"streaming copy ({method}) did not copy")
        latest = 2 * self.src.nbytes / statistics.median(times)
        self.seen.setdefault(threads, []).append(latest)
        return Bandwidth(threads, statistics.median(self.seen[threads]), latest, method)

    def _copier(self, threads: int):
        dst, src = self.dst, self.src
        if self.stream_copy is not None:
            return (lambda: self.stream_copy(dst, src)), "resample._core.stream_copy", None
        missing = " (resample._core.stream_copy is missing)"
        if threads == 1:
            return (lambda: np.copyto(dst, src)), "np.copyto" + missing, None
        # NumPy releases the GIL while copying, so Python threads copy in parallel.
        pool = ThreadPoolExecutor(threads)
        bounds = np.linspace(0, src.size, threads + 1).astype(int)
        chunks = [(dst[a:b], src[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
        copy = lambda: list(pool.map(lambda pair: np.copyto(*pair), chunks))  # noqa: E731
        return copy, f"np.copyto in {threads} Python threads" + missing, pool
