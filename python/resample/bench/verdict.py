"""The bar resample is held to, per case and thread count.

resample passes when it is clearly faster than the best real competitor, or close to
the memory roofline (where no implementation can be much faster, so beating a peer
that is also at the roofline by 1.5x is impossible and not asked for):

    resample_time <= max(fastest_peer_time / PEER_FACTOR, roofline_time / ROOFLINE_FRACTION)

roofline_time = bytes moved / streaming-copy bandwidth. Only peers with
``counts_for_bar`` (PyTorch, onnxruntime, OpenCV) set the bar, not the NumPy peer.
"""

from __future__ import annotations

from dataclasses import dataclass

PEER_FACTOR = 1.5
ROOFLINE_FRACTION = 0.8


@dataclass(frozen=True)
class Verdict:
    bar_s: float
    roofline_s: float
    fastest_peer: str | None          # name of the fastest bar peer, if any ran
    fastest_peer_s: float | None
    resample_s: float | None          # None when resample failed or was wrong
    problem: str | None = None        # why resample has no valid time

    @property
    def passed(self) -> bool:
        return self.resample_s is not None and self.resample_s <= self.bar_s

    @property
    def label(self) -> str:
        if self.problem:
            return f"FAIL ({self.problem})"
        return "PASS" if self.passed else "FAIL"


def judge(resample_s: float | None, bar_peer_times: dict[str, float], roofline_s: float,
          problem: str | None = None) -> Verdict:
    fastest = min(bar_peer_times, key=bar_peer_times.get) if bar_peer_times else None
    fastest_s = bar_peer_times[fastest] if fastest else None
    bar = roofline_s / ROOFLINE_FRACTION
    if fastest_s is not None:
        bar = max(bar, fastest_s / PEER_FACTOR)
    return Verdict(bar, roofline_s, fastest, fastest_s, None if problem else resample_s, problem)
