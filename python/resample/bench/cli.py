"""Command line of the bench: parse options, loop over cases and thread counts."""

from __future__ import annotations

import argparse
import os
import sys
import time

from . import bandwidth as bandwidth_mod
from . import cases as cases_mod
from . import compute
from . import export
from . import report
from .runner import CaseSession
from .timing import TimingPlan


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m resample.bench",
        description="Benchmark resample against PyTorch, onnxruntime, OpenCV and NumPy "
                    "(each where installed and able to do the operation).")
    parser.add_argument("--threads", type=_thread_list, default=None,
                        help="comma-separated thread counts (default: 1 and all usable cores)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="timed repeats per contender (default 15, 6 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help="few repeats, one round, short budget: about a minute, for CI")
    parser.add_argument("--cases", metavar="SUBSTR", default=None,
                        help="only cases whose name contains SUBSTR (case-insensitive)")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--json", metavar="PATH", default=None, help="also write every measurement as JSON to PATH")
    parser.add_argument("--plot", metavar="PATH", default=None,
                        help="also draw throughput per case and contender, with the copy bandwidth, "
                             "as a PNG at PATH (needs matplotlib)")
    return parser.parse_args(argv)


def _thread_list(text: str) -> list[int]:
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of integers: {text!r}")
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("thread counts must be >= 1")
    return list(dict.fromkeys(values))


def default_threads() -> list[int]:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return list(dict.fromkeys([1, cores]))


def make_plan(args: argparse.Namespace) -> TimingPlan:
    if args.quick:
        # Two rounds still: one burst of noise should not decide a median on its own.
        plan = TimingPlan(repeat=6, slow_repeat=1, budget_s=0.5, rounds=2, settle_s=0.3)
    else:
        plan = TimingPlan()
    if args.repeat is not None:
        plan = TimingPlan(**{**plan.__dict__, "repeat": max(1, args.repeat)})
    return plan


def main(argv=None) -> int:
    args = parse_args(argv)
    selected = cases_mod.select(args.cases)
    if args.list:
        for case in selected:
            print(case.name)
        return 0
    if not selected:
        print(f"no case name contains {args.cases!r}; cases are:", file=sys.stderr)
        for case in cases_mod.CASES:
            print("  " + case.name, file=sys.stderr)
        return 2

    import resample

    threads = args.threads or default_threads()
    plan = make_plan(args)
    report.print_header(resample, plan, threads)
    meter = bandwidth_mod.CopyMeter(repeat=5 if args.quick else 11)
    for n in threads:
        report.print_bandwidth(meter.measure(n))
    fma = compute.FmaMeter(repeat=3 if args.quick else 5) if any(c.flops for c in selected) else None
    if fma is not None:
        for n in threads:
            report.print_fma_peak(fma.measure(n), n)

    if args.plot:
        try:
            import matplotlib  # noqa: F401  (fail now, not after the whole run)
        except ImportError:
            print("--plot needs matplotlib: pip install matplotlib", file=sys.stderr)
            return 2

    runs, errors = [], []
    total, done = len(selected) * len(threads), 0
    for case in selected:
        session = CaseSession(case, plan)
        for n in threads:
            bandwidth = meter.measure(n)
            peak = fma.measure(n) if fma is not None and case.flops else None
            probe = fma.round_probe(n) if peak is not None else None
            done += 1
            print(f"[{done}/{total}] {case.name}, threads={n}", file=sys.stderr, flush=True)
            time.sleep(plan.settle_s)   # let the copy's threads go idle first
            run = session.run(n, bandwidth, peak, probe)
            report.print_case(run)
            runs.append(run)
            errors.extend(run.errors)
        del session   # frees the input and the reference before the next case
    report.print_summary(runs, errors)
    if args.json:
        export.write_json(args.json, runs, resample)
        print(f"wrote {args.json}", file=sys.stderr)
    if args.plot:
        export.write_plot(args.plot, [export.run_record(run) for run in runs])
        print(f"wrote {args.plot}", file=sys.stderr)
    return 1 if errors else 0

