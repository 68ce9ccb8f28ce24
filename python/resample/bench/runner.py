"""Runs one case at one thread count: builds the contenders, times them, checks results.

Kept apart from the command line so that it can be driven from a notebook or a test:
``CaseSession(case, plan).run(threads, bandwidth)`` returns a ``CaseRun``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import timing
from .bandwidth import Bandwidth
from .cases import Case
from .compute import FmaPeak, RoundProbe
from .peers import ALL_PEERS, TORCH, NUMPY, NotApplicable
from .verdict import Verdict, judge

RESAMPLE = "resample"
FMA_PROBE = "FMA probe"   # the roofline's probe in a case's rounds (compute.RoundProbe)
# Which peer's result the others are checked against, in order of preference.
REFERENCE_ORDER = (TORCH.name, NUMPY.name)


@dataclass
class Row:
    contender: str
    measurement: timing.Measurement | None = None   # None when it did not run
    status: str = ""        # why it did not run: "n/a: ...", "not installed", "error: ..."
    note: str = ""

    @property
    def median(self) -> float | None:
        return self.measurement.median if self.measurement and self.measurement.times else None


@dataclass
class CaseRun:
    case: Case
    threads: int
    resample_threads: int | None        # what resample.get_num_threads() said
    bandwidth: Bandwidth
    rows: list[Row]
    verdict: Verdict
    reference: str | None               # the contender resample was checked against
    errors: list[str] = field(default_factory=list)
    peak: FmaPeak | None = None         # the FMA peak, for cases with flops

    @property
    def memory_s(self) -> float:
        return self.case.bytes_moved / self.bandwidth.bytes_per_s

    @property
    def compute_s(self) -> float:
        if not self.case.flops or self.peak is None:
            return 0.0
        return self.case.flops / self.peak.flops_per_s

    @property
    def roofline_s(self) -> float:
        return max(self.memory_s, self.compute_s)


class CaseSession:
    """One case's input and reference result, shared by its runs at each thread count."""

    def __init__(self, case: Case, plan: timing.TimingPlan):
        self.case = case
        self.plan = plan
        self.x = case.make_input()
        self.reference: np.ndarray | None = None
        self.reference_name: str | None = None
        # Rows of single-threaded peers, timed at the first thread count only.
        self.single_thread_rows: dict[str, Row] = {}
        self.first_threads: int | None = None

    def run(self, threads: int, bandwidth: Bandwidth, peak: FmaPeak | None = None,
            probe: RoundProbe | None = None) -> CaseRun:
        """``probe``: the FMA probe, timed in the case's rounds as one more
        contender (not a peer); the median rate of its timed calls is then the
        roofline's peak (see compute.py), ``peak`` the run's."""
        import resample

        case, x = self.case, self.x
        if self.first_threads is None:
            self.first_threads = threads
        rows = {RESAMPLE: Row(RESAMPLE)}
        contenders = {RESAMPLE: lambda: case.run_resample(x)}
        errors: list[str] = []

        with resample.threads(threads):
            resample_threads = _resample_thread_count(resample)
            for name, builder in case.peers.items():
                peer = ALL_PEERS[name]
                if name in self.single_thread_rows:
                    rows[name] = self.single_thread_rows[name]
                    continue
                row = rows[name] = Row(name)
                if not peer.installed:
                    row.status = "not installed"
                    continue
                peer.set_threads(threads)
                try:
                    contenders[name] = builder(x, threads)
                except NotApplicable as reason:
                    row.status = f"n/a: {reason}"
                except Exception as error:  # noqa: BLE001 - a bench bug; report, go on
                    row.status = f"error: {_one_line(error)}"
                    errors.append(f"{case.name} [threads={threads}] {name}: {row.status}")
            slow = {name for name in contenders if name in ALL_PEERS and not ALL_PEERS[name].multithreaded}
            if probe is not None and case.flops:
                contenders[FMA_PROBE] = probe.run
            measured = timing.measure(contenders, self.plan, slow=slow)
            if FMA_PROBE in measured:
                probed = measured.pop(FMA_PROBE)
                if probed.error is not None:
                    errors.append(f"{case.name} [threads={threads}] {FMA_PROBE}: error: {_one_line(probed.error)}"
                                  " (the roofline uses the run's FMA peak)")
                else:
                    peak = RoundProbe.peak(threads, probed.values, peak) or peak

        for name, measurement in measured.items():
            rows[name].measurement = measurement
            if measurement.error is not None:
                rows[name].status = f"error: {_one_line(measurement.error)}"
                errors.append(f"{case.name} [threads={threads}] {name}: {rows[name].status}")
        self._check_results(rows, errors, threads)
        for name in slow:
            rows[name].note = f"single-threaded; timed at threads={self.first_threads}"
            self.single_thread_rows[name] = rows[name]
        for row in rows.values():
            if row.measurement is not None:
                row.measurement.output = None   # free the outputs; the reference is kept

        run = CaseRun(case, threads, resample_threads, bandwidth, list(rows.values()), None,
                      self.reference_name, errors, peak)
        run.verdict = self._judge(rows, run.roofline_s)
        return run

    def _check_results(self, rows: dict[str, Row], errors: list[str], threads: int) -> None:
        """Compare every fresh output with the reference, so a wrong kernel cannot win."""
        if self.reference is None:
            for name in REFERENCE_ORDER:
                m = rows.get(name) and rows[name].measurement
                if m and m.error is None and m.output is not None:
                    self.reference, self.reference_name = m.output, name
                    break
        for name, row in rows.items():
            m = row.measurement
            if m is None or m.output is None or m.error is not None or name == self.reference_name:
                continue
            if self.reference is None:
                row.note = "result unchecked (no reference peer)"
                continue
            try:
                if m.output.dtype != self.reference.dtype:
                    raise AssertionError(f"dtype {m.output.dtype}, reference {self.reference.dtype}")
                np.testing.assert_allclose(_signed(m.output), _signed(self.reference),
                                           rtol=self.case.rtol, atol=self.case.atol)
            except AssertionError as mismatch:
                summary = _mismatch_summary(mismatch)
                if name == RESAMPLE:
                    row.status = f"WRONG RESULT vs {self.reference_name}: {summary}"
                    errors.append(f"{self.case.name} [threads={threads}] resample: {row.status}")
                else:
                    # A peer disagreeing is worth seeing but is not resample's failure.
                    row.note = f"differs from {self.reference_name}: {summary}"

    def _judge(self, rows: dict[str, Row], roofline: float) -> Verdict:
        resample_row = rows[RESAMPLE]
        problem = None
        if resample_row.status.startswith("WRONG"):
            problem = "wrong result"
        elif resample_row.median is None:
            problem = "error"
        bar_peers = {name: row.median for name, row in rows.items()
                     if name in ALL_PEERS and ALL_PEERS[name].counts_for_bar
                     and row.median is not None}
        return judge(resample_row.median, bar_peers, roofline, problem)


def _signed(a: np.ndarray) -> np.ndarray:
    """Integer results (uint8 images) widened, so differences are not taken modulo 256."""
    if a.dtype.kind in "ui":
        return a.astype(np.int16 if a.dtype.itemsize == 1 else np.int64)
    return a


def _resample_thread_count(resample) -> int | None:
    try:
        return int(resample.get_num_threads())
    except Exception:  # noqa: BLE001 - informational only
        return None


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}"[:160]


def _mismatch_summary(mismatch: AssertionError) -> str:
    # assert_allclose's message carries e.g. "Mismatched elements: 3 / 100 (3%)" and the
    # max differences; keep those lines only.
    lines = [line.strip() for line in str(mismatch).splitlines()
             if line.strip().startswith(("Mismatched", "Max abs", "Max rel", "(shapes"))]
    return "; ".join(lines) or _one_line(mismatch)
