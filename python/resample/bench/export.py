"""Machine-readable and graphical output of a bench run: ``--json PATH`` writes
every measurement, ``--plot PATH`` (needs matplotlib) draws each case's
throughput per contender against the streaming-copy bandwidth."""

from __future__ import annotations

import json
import platform

from .runner import CaseRun
from .verdict import PEER_FACTOR, ROOFLINE_FRACTION


def run_record(run: CaseRun) -> dict:
    case, verdict = run.case, run.verdict
    contenders = {}
    for row in run.rows:
        m = row.measurement
        timed = m is not None and bool(m.times)
        contenders[row.contender] = {
            "median_s": row.median,
            "min_s": m.best if timed else None,
            "times_s": list(m.times) if timed else [],
            "gb_per_s": case.bytes_moved / row.median / 1e9 if timed else None,
            "gflop_per_s": case.flops / row.median / 1e9 if timed and case.flops else None,
            "status": row.status or None,
            "note": row.note or None,
        }
    return {
        "case": case.name,
        "threads": run.threads,
        "bytes_moved": case.bytes_moved,
        "flops": case.flops or None,
        "copy_bandwidth_bytes_per_s": run.bandwidth.bytes_per_s,
        "fma_peak_flops_per_s": run.peak.flops_per_s if run.peak else None,
        "roofline_s": run.roofline_s,
        "bar_s": verdict.bar_s,
        "fastest_bar_peer": verdict.fastest_peer,
        "passed": verdict.passed,
        "verdict": verdict.label,
        "checked_against": run.reference,
        "contenders": contenders,
        "errors": list(run.errors),
    }


def write_json(path: str, runs: list[CaseRun], resample_module) -> None:
    document = {
        "resample": resample_module.__version__,
        "isa": resample_module.get_isa(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "bar": f"time <= max(fastest bar peer / {PEER_FACTOR:g}, roofline / {ROOFLINE_FRACTION:g})",
        "runs": [run_record(run) for run in runs],
    }
    with open(path, "w") as f:
        json.dump(document, f, indent=1)


def write_plot(path: str, runs: list[CaseRun]) -> None:
    """One panel per thread count: each case's GB/s (bytes the operation must
    move / median time) per contender, and the copy bandwidth as a line."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    threads = sorted({run.threads for run in runs})
    cases = list(dict.fromkeys(run.case.name for run in runs))
    contenders = list(dict.fromkeys(row.contender for run in runs for row in run.rows if row.median))
    colours = dict(zip(contenders, plt.get_cmap("tab10").colors))
    height = 0.8 / max(len(contenders), 1)
    fig, axes = plt.subplots(1, len(threads), figsize=(7 * len(threads), 0.45 * len(cases) * max(len(contenders), 2) / 2 + 1.5),
                             sharey=True, squeeze=False)
    for ax, n in zip(axes[0], threads):
        by_case = {run.case.name: run for run in runs if run.threads == n}
        for i, name in enumerate(cases):
            run = by_case.get(name)
            if run is None:
                continue
            for j, contender in enumerate(contenders):
                row = next((r for r in run.rows if r.contender == contender and r.median), None)
                if row is not None:
                    ax.barh(i + (j - (len(contenders) - 1) / 2) * height, run.case.bytes_moved / row.median / 1e9,
                            height, color=colours[contender], label=contender if i == 0 or name == cases[0] else None)
            bandwidth = run.bandwidth.bytes_per_s / 1e9
            ax.plot([bandwidth, bandwidth], [i - 0.45, i + 0.45], color="black", linestyle="--",
                    label="copy bandwidth" if i == 0 else None)
        ax.set_title(f"{n} thread{'s' if n > 1 else ''}")
        ax.set_xlabel("GB/s (bytes read + written / median time)")
        ax.invert_yaxis()
    labels = [name + (" [compute-bound]" if any(r.case.flops for r in runs if r.case.name == name) else "")
              for name in cases]
    axes[0][0].set_yticks(range(len(cases)))
    axes[0][0].set_yticklabels(labels, fontsize=7)
    handles, names = axes[0][0].get_legend_handles_labels()
    unique = dict(zip(names, handles))
    fig.legend(unique.values(), unique.keys(), loc="upper center", ncol=len(unique), fontsize=8)
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    fig.savefig(path, dpi=110)
    plt.close(fig)
