"""Timing on a shared, noisy machine.

* Each contender is warmed up (first-touch page faults, lazy initialisation, thread-pool
  start) and its warm-up output is kept for the result check.
* The repeat count is capped by a per-contender time budget, so a slow peer costs
  seconds, not minutes.
* Repeats are split into rounds that visit the contenders in turn, so a burst of noise
  from a neighbour hits every contender instead of one.
* Between contenders we sleep: idle OpenMP (and onnxruntime) workers keep spinning for
  a while after a parallel call and would steal cores from whoever runs next. We also
  sleep before the first turn: the contenders were just built, and a new onnxruntime
  session's workers spin for about 70 ms (the DCGAN layer at two threads took 10-16 ms
  instead of 6 in the first calls after it, whoever ran them: the first turn's).
* After that sleep, and after the other contenders' turns, the first calls of a turn
  run slow on the development machine, whoever the contender: a 0.3 ms call took 0.9,
  0.8, 0.5, 0.4 ms, then 0.37; the DCGAN layer (5.5 ms) took 7.0, 6.4, 5.8, 5.6 ms
  before it ran at 5.5, after a pause or after three calls of another layer alike.
  The other contenders' data has pushed its own (24 MB, with its cached weights) out
  of the caches, which hold about 16-32 MB here. So each turn of a short contender
  starts with untimed calls for at least ``rewarm_min_s``, as long as one call of the
  roofline's FMA probe, which is itself a contender (and as the first turn does).
"""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class TimingPlan:
    repeat: int = 15          # repeats for contenders that fit the budget
    slow_repeat: int = 2      # cap for contenders marked slow (the NumPy peer)
    budget_s: float = 2.5     # total timed seconds per contender, warm-up excluded
    rounds: int = 3           # interleaved rounds the repeats are split into
    warmup: int = 1           # untimed calls before the first timed one
    settle_s: float = 0.3     # sleep after each contender's turn
    rewarm_s: float = 0.05    # contenders faster than this start each turn with untimed calls,
    rewarm_min_s: float = 0.02  # for at least this long (one call at least)


@dataclass
class Measurement:
    times: list[float] = field(default_factory=list)
    # What the timed calls returned, for a contender that returns a number, a
    # measurement of its own, rather than an array (the FMA probe's rate).
    values: list[float] = field(default_factory=list)
    output: np.ndarray | None = None   # from the warm-up, for the result check
    error: BaseException | None = None  # the contender raised; it is dropped from timing

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def best(self) -> float:
        return min(self.times)


def measure(contenders: dict[str, Callable[[], np.ndarray]], plan: TimingPlan,
            slow: set[str] = frozenset()) -> dict[str, Measurement]:
    """Time every contender per ``plan``; returns name -> Measurement.

    A contender that raises keeps the exception in ``Measurement.error`` and is not
    called again; the others go on.
    """
    results = {name: Measurement() for name in contenders}
    time.sleep(plan.settle_s)   # the contenders were just built: let their thread pools go quiet
    planned: dict[str, int] = {}
    per_call: dict[str, float] = {}
    for round_index in range(plan.rounds):
        for name, run in contenders.items():
            result = results[name]
            if result.error is not None:
                continue
            try:
                if round_index == 0:
                    planned[name], per_call[name] = _warm_up_and_plan(run, result, plan, slow=name in slow)
                remaining = planned[name] - len(result.times)
                if remaining <= 0:
                    continue
                if round_index > 0 and per_call[name] < plan.rewarm_s:
                    _run_for(run, plan.rewarm_min_s)
                rounds_left = plan.rounds - round_index
                for _ in range(math.ceil(remaining / rounds_left)):
                    start = time.perf_counter()
                    value = run()
                    result.times.append(time.perf_counter() - start)
                    if isinstance(value, float):
                        result.values.append(value)
            except Exception as error:  # noqa: BLE001 - reported per contender
                result.error = error
            time.sleep(plan.settle_s)
    return results


def _warm_up_and_plan(run, result: Measurement, plan: TimingPlan, slow: bool) -> tuple[int, float]:
    """Runs the warm-up calls; returns how many timed repeats fit the budget, and the
    seconds one warm-up call took."""
    start = time.perf_counter()
    for _ in range(max(1, plan.warmup)):
        result.output = run()
    per_call = (time.perf_counter() - start) / max(1, plan.warmup)
    rewarm_left = plan.rewarm_min_s - (time.perf_counter() - start)
    if per_call < plan.rewarm_s and rewarm_left > 0:
        _run_for(run, rewarm_left)
    cap = min(plan.repeat, plan.slow_repeat) if slow else plan.repeat
    fits = int(plan.budget_s / per_call) if per_call > 0 else cap
    return max(1, min(cap, fits)), per_call


def _run_for(run, seconds: float) -> None:
    """Untimed calls of ``run`` for at least ``seconds``; one call at least."""
    end = time.perf_counter() + seconds
    run()
    while time.perf_counter() < end:
        run()
