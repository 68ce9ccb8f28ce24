"""FMA peak: the floating-point operations per second a core can do, the roofline
of compute-bound cases (transposed convolution) as bandwidth.py's copy is that of
memory-bound ones.

Measured with ``resample._core.fma_peak``: independent float32 fused
multiply-add chains at the selected SIMD level's vector width, on every thread
at once, long enough (about 0.1 s) for the clock to settle. As with bandwidth,
the roofline uses the median of every measurement so far at a thread count.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class FmaPeak:
    threads: int
    flops_per_s: float     # median so far at this thread count: the roofline's basis
    latest_per_s: float


class FmaMeter:
    def __init__(self, repeat: int = 5, seconds: float = 0.1):
        import resample

        self.probe = getattr(getattr(resample, "_core", None), "fma_peak", None)
        self.repeat = repeat
        self.seconds = seconds
        self.seen: dict[int, list] = {}

    @property
    def available(self) -> bool:
        return self.probe is not None

    def measure(self, threads: int) -> FmaPeak | None:
        if self.probe is None:
            return None
        import resample

        with resample.threads(threads):
            # Size the run from a short one, then take the median of repeats.
            start = time.perf_counter()
            self.probe(100_000)
            per_iteration = max(time.perf_counter() - start, 1e-6) / 100_000
            iterations = max(100_000, int(self.seconds / per_iteration))
            rates = [self.probe(iterations) for _ in range(self.repeat)]
        latest = statistics.median(rates)
        self.seen.setdefault(threads, []).append(latest)
        return FmaPeak(threads, statistics.median(self.seen[threads]), latest)
