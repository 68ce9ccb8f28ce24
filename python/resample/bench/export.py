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
        "fma_peak_in_rounds": run.peak.in_rounds if run.peak else None,
        "fma_peak_run_median_flops_per_s": run.peak.run_median_per_s if run.peak else None,
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


def write_plot(path: str, records: list[dict]) -> None:
    """One panel per thread count: each case's GB/s (bytes the operation must
    move / median time) per contender, and the copy bandwidth as a tick.
    `records` are run_record()s (also the "runs" of a --json file)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    threads = sorted({r["threads"] for r in records})
    cases = list(dict.fromkeys(r["case"] for r in records))
    compute = {r["case"] for r in records if r["flops"]}
    contenders = list(dict.fromkeys(c for r in records for c, v in r["contenders"].items() if v["median_s"]))
    colours = dict(zip(contenders, plt.get_cmap("tab10").colors))
    height = 0.8 / max(len(contenders), 1)
    fig, axes = plt.subplots(1, len(threads), figsize=(6 * len(threads) + 3, 0.32 * len(cases) + 1.2),
                             sharey=True, squeeze=False)
    for ax, n in zip(axes[0], threads):
        by_case = {r["case"]: r for r in records if r["threads"] == n}
        for i, name in enumerate(cases):
            record = by_case.get(name)
            if record is None:
                continue
            for j, contender in enumerate(contenders):
                rate = record["contenders"].get(contender, {}).get("gb_per_s")
                if rate:
                    ax.barh(i + (j - (len(contenders) - 1) / 2) * height, rate, height, color=colours[contender])
            bandwidth = record["copy_bandwidth_bytes_per_s"] / 1e9
            ax.plot([bandwidth, bandwidth], [i - 0.45, i + 0.45], color="black", linestyle="--", linewidth=1)
        ax.set_title(f"{n} thread{'s' if n > 1 else ''}")
        ax.set_xlabel("GB/s: (bytes read + written) / median time")
        ax.grid(axis="x", alpha=0.3)
    axes[0][0].set_yticks(range(len(cases)))
    axes[0][0].set_yticklabels([c + (" [compute-bound]" if c in compute else "") for c in cases], fontsize=7)
    axes[0][0].set_ylim(len(cases) - 0.5, -0.5)  # first case on top (shared by every panel)
    handles = [Patch(color=colours[c], label=c) for c in contenders]
    handles.append(Line2D([], [], color="black", linestyle="--", label="copy bandwidth"))
    fig.legend(handles=handles, loc="upper center", ncol=len(handles), fontsize=8)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.5 / fig.get_figheight()))
    fig.savefig(path, dpi=100)
    plt.close(fig)
