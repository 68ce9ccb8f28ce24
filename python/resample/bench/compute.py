"""FMA peak: the floating-point operations per second a core can do, the roofline
of compute-bound cases (transposed convolution) as bandwidth.py's copy is that of
memory-bound ones.

Measured with ``resample._core.fma_peak``: independent float32 fused
multiply-add chains at the selected SIMD level's vector width, on every thread
at once. Before the run and before each case, long enough (about 0.1 s) for the
clock to settle; the median of every such measurement so far at a thread count
is the run's peak. The roofline of a case uses the probe timed in the case's own
interleaved rounds (``RoundProbe``), as one more contender: the machine's speed
moves by up to 2x for seconds at a time (a busy neighbour on the same physical
core halves what FMA-bound code gets), and a peak measured minutes earlier
held a case timed in a slow spell to what the machine could do in a fast one.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class FmaPeak:
    threads: int
    flops_per_s: float     # the roofline's basis: the run's median so far, or the case's rounds'
    latest_per_s: float
    run_median_per_s: float | None = None   # for a case's rounds: the run's median at the time
    in_rounds: bool = False


class RoundProbe:
    """The FMA probe as a contender in a case's rounds: each call runs the
    chains for about as long as it was sized for and returns the rate the
    probe reports (which leaves out waking the threads). The timing loop keeps
    what the timed calls return (``Measurement.values``): the warm-up calls
    that start each turn, slow after the pause between turns, do not count."""

    def __init__(self, probe: Callable[[int], float], iterations: int):
        self._probe = probe
        self._iterations = iterations

    def run(self) -> float:
        return float(self._probe(self._iterations))

    @staticmethod
    def peak(threads: int, rates: list[float], run_peak: FmaPeak | None) -> FmaPeak | None:
        """The timed calls' median ``rates`` as the peak; ``run_peak``, the run's, is kept beside it."""
        if not rates:
            return None
        rate = statistics.median(rates)
        return FmaPeak(threads, rate, rate, run_peak.flops_per_s if run_peak else None, in_rounds=True)


class FmaMeter:
    def __init__(self, repeat: int = 5, seconds: float = 0.1):
        import resample

        self.probe = getattr(getattr(resample, "_core", None), "fma_peak", None)
        self.repeat = repeat
        self.seconds = seconds
        self.seen: dict[int, list] = {}
        self.per_iteration: dict[int, float] = {}   # seconds per probe iteration, by thread count

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
            self.per_iteration[threads] = per_iteration
            iterations = max(100_000, int(self.seconds / per_iteration))
            rates = [self.probe(iterations) for _ in range(self.repeat)]
        latest = statistics.median(rates)
        self.seen.setdefault(threads, []).append(latest)
        return FmaPeak(threads, statistics.median(self.seen[threads]), latest)

    def round_probe(self, threads: int, seconds: float = 0.02) -> RoundProbe | None:
        """A probe of about ``seconds`` per call for a case's rounds at ``threads``
        (sized by the last measure(); it runs on the thread count in force when
        called)."""
        if self.probe is None or threads not in self.per_iteration:
            return None
        return RoundProbe(self.probe, max(10_000, int(seconds / self.per_iteration[threads])))
