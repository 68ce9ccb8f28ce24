"""The benchmark's timing loop: warm-up, rounds, the untimed calls that start
each later turn of a short contender, and the FMA probe timed in a case's
rounds."""
import time

import numpy as np

from resample.bench.compute import FmaPeak, RoundProbe
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
    plan = TimingPlan(repeat=6, rounds=3, settle_s=0.0, budget_s=10.0, rewarm_s=0.05, rewarm_min_s=0.0)
    run, calls = counting()
    result = measure({"fast": run}, plan)["fast"]
    assert len(result.times) == 6
    assert len(calls) == 1 + 6 + 2  # the warm-up, the timed calls, one untimed call in rounds 2 and 3


def test_each_turn_of_a_short_contender_starts_with_untimed_calls_for_a_while():
    # Turns lie 0.1 s apart; each has 2 timed calls, after untimed ones that
    # started at least rewarm_min_s before the first timed one.
    plan = TimingPlan(repeat=6, rounds=3, settle_s=0.1, budget_s=10.0, rewarm_s=0.05, rewarm_min_s=0.03)
    run, calls = counting(seconds=0.004)
    result = measure({"fast": run}, plan)["fast"]
    assert len(result.times) == 6
    turns, turn = [], [calls[0]]
    for earlier, later in zip(calls, calls[1:]):
        if later - earlier > 0.08:
            turns.append(turn)
            turn = []
        turn.append(later)
    turns.append(turn)
    assert len(turns) == 3
    for turn in turns:
        untimed, first_timed = turn[:-2], turn[-2]
        assert first_timed - untimed[0] >= 0.03 - 1e-3  # (the two clocks are read microseconds apart)


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


def run_fake_compute_case(plan, run_peak, probe):
    """A case with FLOPs (a doubling that claims 1 GFLOP), run at one thread."""
    from resample.bench.bandwidth import Bandwidth
    from resample.bench.cases import Case
    from resample.bench.runner import CaseSession

    case = Case(name="fake", make_input=lambda: np.zeros(4, np.float32),
                run_resample=lambda x: x * 2, bytes_moved=16, flops=10**9)
    return CaseSession(case, plan).run(1, Bandwidth(1, 1e10, 1e10, "test"), run_peak, probe)


def test_the_roofline_peak_is_probed_in_the_case_rounds():
    # The machine's speed moves for seconds at a time: a compute-bound case's
    # roofline uses the FMA probe timed in the case's own interleaved rounds
    # (its timed calls, not the warm-up that starts each turn), not the run's
    # earlier measurements.
    # Calls: the warm-up, two timed; an untimed one and two timed, twice.
    rates = iter([100e9, 300e9, 200e9, 250e9, 150e9, 220e9, 180e9, 120e9, 260e9])
    probe = RoundProbe(lambda iterations: next(rates), iterations=1)
    plan = TimingPlan(repeat=6, rounds=3, settle_s=0.0, budget_s=10.0, rewarm_min_s=0.0)
    run = run_fake_compute_case(plan, FmaPeak(1, 50e9, 50e9), probe)
    assert next(rates, None) is None and run.errors == []
    timed = [300e9, 200e9, 150e9, 220e9, 120e9, 260e9]
    assert run.peak.in_rounds and run.peak.flops_per_s == np.median(timed) and run.peak.run_median_per_s == 50e9
    assert run.compute_s == 10**9 / np.median(timed)
    assert [row.contender for row in run.rows] == ["resample"]  # the probe is no contender of the table


def test_a_failing_probe_is_reported_and_the_run_peak_kept():
    def broken(iterations):
        raise RuntimeError("no probe")

    plan = TimingPlan(repeat=2, rounds=1, settle_s=0.0, budget_s=10.0)
    run = run_fake_compute_case(plan, FmaPeak(1, 50e9, 50e9), RoundProbe(broken, iterations=1))
    assert run.peak.flops_per_s == 50e9 and not run.peak.in_rounds
    assert len(run.errors) == 1 and "FMA probe" in run.errors[0] and "no probe" in run.errors[0]
