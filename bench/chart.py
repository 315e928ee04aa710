"""The chart of turn latency against the number of concurrent calls (PNG, matplotlib)."""

from __future__ import annotations

from pathlib import Path

from bench.load import P99_TARGET_MS, LevelResult


def plot_latency(levels: list[LevelResult], floor_p50_ms: float, turn_p50_ms: float, out: Path, title: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ns = [r.calls for r in levels]
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=120)
    ax.plot(ns, [r.p50_ms for r in levels], "o-", label="turn p50 under load")
    ax.plot(ns, [r.p99_ms for r in levels], "s-", label="turn p99 under load")
    for r in levels:
        if r.errors:
            ax.annotate(f"{r.errors} errors", (r.calls, r.p99_ms), textcoords="offset points", xytext=(4, 6), size=8)
    ax.axhline(P99_TARGET_MS, color="red", linestyle="--", linewidth=1, label=f"p99 target {P99_TARGET_MS:.0f} ms")
    ax.axhline(turn_p50_ms, color="grey", linestyle=":", linewidth=1, label=f"idle turn p50 {turn_p50_ms:.1f} ms")
    ax.axhline(floor_p50_ms, color="black", linestyle=":", linewidth=1, label=f"floor p50 {floor_p50_ms:.1f} ms")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xticks(ns, [str(n) for n in ns])
    ax.set_xlabel("concurrent calls (each a turn every 2 s)")
    ax.set_ylabel("turn latency, ms (log)")
    ax.set_title(title, fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)
    plt.close(fig)
    return out
