"""The benchmark's timing loop: warm-up, rounds, and the untimed call that
starts each later turn of a short contender."""
import time

import numpy as np

from resample.bench.timing import TimingPlan, measure


def counting(seconds=0.0):
    calls = []

    def run():
        calls.append(time.perf_counter())
        if seconds:
            time.sleep(seconds)
        return np.zeros(1)

    return run, calls


def test_short_contenders_rerun_one_untimed_call_per_later_turn():
    plan = TimingPlan(repeat=6, rounds=3, settle_s=0.0, budget_s=10.0, rewarm_s=0.05)
    run, calls = counting()
    result = measure({"fast": run}, plan)["fast"]
    assert len(result.times) == 6
    assert len(calls) == 1 + 6 + 2  # the warm-up, the timed calls, one untimed call in rounds 2 and 3


def test_long_contenders_are_not_rerun():
    plan = TimingPlan(repeat=3, rounds=3, settle_s=0.0, budget_s=10.0, rewarm_s=0.01)
    run, calls = counting(seconds=0.02)
    result = measure({"slow": run}, plan)["slow"]
    assert len(result.times) == 3
    assert len(calls) == 1 + 3
    assert min(result.times) >= 0.02


def test_the_first_turn_waits_for_the_contenders_to_go_quiet():
    # Building a contender can start a thread pool that spins for a while (a new
    # onnxruntime session's workers do): nothing is called before one settle time.
    plan = TimingPlan(repeat=1, rounds=1, settle_s=0.05, budget_s=10.0)
    run, calls = counting()
    start = time.perf_counter()
    measure({"only": run}, plan)
    assert calls[0] - start >= 0.05
