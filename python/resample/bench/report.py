"""Plain-text report: header, one table per case and thread count, summary."""

from __future__ import annotations

import contextlib
import io
import os
import platform

import numpy as np

from .bandwidth import Bandwidth
from .compute import FmaPeak
from .peers import ALL_PEERS
from .runner import RESAMPLE, CaseRun
from .timing import TimingPlan
from .verdict import PEER_FACTOR, ROOFLINE_FRACTION


def _out(*args) -> None:
    print(*args, flush=True)   # flush: the run is long and CI logs should show progress


def print_header(resample, plan: TimingPlan, threads: list[int]) -> None:
    _out("resample benchmark")
    _out(f"  python {platform.python_version()}, numpy {np.__version__}, "
         f"resample {getattr(resample, '__version__', '?')} ({_where(resample)})")
    _out("  peers: " + ", ".join(f"{p.name} {p.version()}" for p in ALL_PEERS.values()))
    _out(f"  cpu: {_cpu_model()}, {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()} usable cores; threads tested: {', '.join(map(str, threads))}")
    _out(f"  timing: median of up to {plan.repeat} repeats (NumPy peer: {plan.slow_repeat}), "
         f"<= {plan.budget_s:g} s per contender, {plan.rounds} interleaved round(s), "
         f"{plan.settle_s:g} s pause between contenders, then one untimed call if a call takes "
         f"< {plan.rewarm_s * 1e3:g} ms")
    _out(f"  bar: resample <= max(fastest peer / {PEER_FACTOR:g}, roofline / {ROOFLINE_FRACTION:g});"
         " bar peers: " + ", ".join(p.name for p in ALL_PEERS.values() if p.counts_for_bar))
    _out("  roofline = bytes moved (input + output) / streaming-copy bandwidth, or for cases with "
         "FLOPs the larger of that and FLOPs / FMA peak;")
    _out("  %BW (%roof) = roofline / time; %peak = GFLOP/s / FMA peak; vs resample = peer time / resample time")
    config = _show_config(resample)
    if config:
        _out("resample.show_config():")
        for line in config.rstrip().splitlines():
            _out("  " + line)


def print_bandwidth(bandwidth: Bandwidth) -> None:
    _out(f"streaming-copy bandwidth, {bandwidth.threads} thread(s): "
         f"{bandwidth.latest_per_s / 1e9:.1f} GB/s  [{bandwidth.method}; "
         "re-measured before each table, the median so far sets the roofline]")


def print_fma_peak(peak: FmaPeak | None, threads: int) -> None:
    if peak is None:
        _out(f"FMA peak, {threads} thread(s): not measured (resample._core.fma_peak is missing)")
        return
    _out(f"FMA peak, {threads} thread(s): {peak.latest_per_s / 1e9:.1f} GFLOP/s  [float32 FMA chains at the "
         "selected SIMD level; a compute-bound case's roofline uses the probe timed in its own rounds]")


def print_case(run: CaseRun) -> None:
    if run.case.flops:
        _print_compute_case(run)
        return
    case, verdict = run.case, run.verdict
    threads_note = ""
    if run.resample_threads is not None and run.resample_threads != run.threads:
        threads_note = f" (resample.get_num_threads() says {run.resample_threads}!)"
    _out("")
    _out(f"== {case.name} | threads={run.threads}{threads_note} | "
         f"{case.bytes_moved / 1e6:.1f} MB moved | roofline {run.roofline_s * 1e3:.2f} ms "
         f"at {run.bandwidth.bytes_per_s / 1e9:.1f} GB/s (copy now {run.bandwidth.latest_per_s / 1e9:.1f})")
    resample_s = verdict.resample_s
    header = f"  {'contender':<12} {'median ms':>10} {'min ms':>9} {'n':>3} {'GB/s':>7} {'vs resample':>11} {'%BW':>5}  note"
    _out(header)
    for row in run.rows:
        if row.median is None:
            _out(f"  {row.contender:<12} {row.status or 'did not run'}")
            continue
        median, m = row.median, row.measurement
        ratio = "" if row.contender == RESAMPLE or resample_s is None else f"{median / resample_s:.2f}x"
        note = "; ".join(part for part in (row.status, row.note) if part)
        _out(f"  {row.contender:<12} {median * 1e3:>10.2f} {m.best * 1e3:>9.2f} {len(m.times):>3} "
             f"{case.bytes_moved / median / 1e9:>7.1f} {ratio:>11} {run.roofline_s / median:>5.0%}  {note}")
    _print_bar(run)


def _print_bar(run: CaseRun) -> None:
    """The bar's derivation and the verdict, under a case's table."""
    verdict = run.verdict
    peer_part = (f"fastest bar peer {verdict.fastest_peer} {verdict.fastest_peer_s * 1e3:.2f} / {PEER_FACTOR:g}"
                 f" = {verdict.fastest_peer_s / PEER_FACTOR * 1e3:.2f} ms"
                 if verdict.fastest_peer else "no bar peer ran")
    _out(f"  bar {verdict.bar_s * 1e3:.2f} ms = max({peer_part}, roofline {run.roofline_s * 1e3:.2f}"
         f" / {ROOFLINE_FRACTION:g} = {run.roofline_s / ROOFLINE_FRACTION * 1e3:.2f} ms); "
         f"resample {_ms(verdict.resample_s)} -> {verdict.label}"
         + (f"  [checked against {run.reference}]" if run.reference else "  [result unchecked]"))


def _print_compute_case(run: CaseRun) -> None:
    case, verdict = run.case, run.verdict
    peak = run.peak.flops_per_s if run.peak else None
    _out("")
    peak_text = f"FMA peak {peak / 1e9:.1f} GFLOP/s" if peak else "FMA peak not measured"
    if peak and run.peak.in_rounds and run.peak.run_median_per_s:
        peak_text += f" (probed in this case's rounds; the run's so far {run.peak.run_median_per_s / 1e9:.1f})"
    _out(f"== {case.name} | threads={run.threads} | {case.flops / 1e9:.3f} GFLOP, "
         f"{case.bytes_moved / 1e6:.1f} MB | roofline {run.roofline_s * 1e3:.2f} ms = max(compute "
         f"{run.compute_s * 1e3:.2f} ms at {peak_text}, memory {run.memory_s * 1e3:.2f} ms at "
         f"{run.bandwidth.bytes_per_s / 1e9:.1f} GB/s)")
    resample_s = verdict.resample_s
    _out(f"  {'contender':<12} {'median ms':>10} {'min ms':>9} {'n':>3} {'GFLOP/s':>8} {'%peak':>6} "
         f"{'vs resample':>11} {'%roof':>5}  note")
    for row in run.rows:
        if row.median is None:
            _out(f"  {row.contender:<12} {row.status or 'did not run'}")
            continue
        median, m = row.median, row.measurement
        ratio = "" if row.contender == RESAMPLE or resample_s is None else f"{median / resample_s:.2f}x"
        rate = case.flops / median
        frac = f"{rate / peak:.0%}" if peak else "-"
        note = "; ".join(part for part in (row.status, row.note) if part)
        _out(f"  {row.contender:<12} {median * 1e3:>10.2f} {m.best * 1e3:>9.2f} {len(m.times):>3} "
             f"{rate / 1e9:>8.1f} {frac:>6} {ratio:>11} {run.roofline_s / median:>5.0%}  {note}")
    _print_bar(run)


def print_summary(runs: list[CaseRun], errors: list[str]) -> None:
    _out("")
    _out("summary")
    width = max([len(r.case.name) for r in runs] + [4])
    _out(f"  {'case':<{width}} {'thr':>3} {'resample ms':>11} {'bar ms':>8} {'%roof':>5} {'GFLOP/s':>8} "
         f"{'%peak':>5}  {'verdict':<7} fastest bar peer")
    for run in runs:
        v = run.verdict
        peer = f"{v.fastest_peer} {v.fastest_peer_s * 1e3:.2f} ms" if v.fastest_peer else "-"
        bw = f"{run.roofline_s / v.resample_s:.0%}" if v.resample_s else "-"
        rate = peak = "-"
        if run.case.flops and v.resample_s:
            rate = f"{run.case.flops / v.resample_s / 1e9:.1f}"
            if run.peak:
                peak = f"{run.case.flops / v.resample_s / run.peak.flops_per_s:.0%}"
        _out(f"  {run.case.name:<{width}} {run.threads:>3} {_ms(v.resample_s):>11} "
             f"{v.bar_s * 1e3:>8.2f} {bw:>5} {rate:>8} {peak:>5}  {v.label:<7} {peer}")
    passed = sum(run.verdict.passed for run in runs)
    _out(f"  {passed}/{len(runs)} hold the bar")
    if errors:
        _out("errors:")
        for error in errors:
            _out("  " + error)


def _ms(seconds: float | None) -> str:
    return f"{seconds * 1e3:.2f}" if seconds is not None else "-"


def _where(module) -> str:
    return os.path.dirname(getattr(module, "__file__", "") or "?")


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _show_config(resample) -> str:
    """resample.show_config() output, whether it prints or returns it ('' if absent)."""
    show = getattr(resample, "show_config", None)
    if show is None:
        return ""
    captured = io.StringIO()
    try:
        with contextlib.redirect_stdout(captured):
            returned = show()
    except Exception as error:  # noqa: BLE001 - informational only
        return captured.getvalue() + f"(show_config() raised {type(error).__name__}: {error})"
    text = captured.getvalue()
    if returned is not None and not isinstance(returned, bool):
        text += str(returned) if isinstance(returned, str) else repr(returned)
    return text
