"""Small statistics helpers shared by the benchmarks (no numpy: plain, exact percentiles)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100), nearest-rank on sorted samples; NaN for none."""
    if not samples:
        return math.nan
    s = sorted(samples)
    k = max(0, min(len(s) - 1, math.ceil(q / 100 * len(s)) - 1))
    return s[k]


def summary(samples: Sequence[float]) -> dict[str, float]:
    """n, mean, p50, p90, p99, max of latencies in ms."""
    return {
        "n": float(len(samples)),
        "mean": sum(samples) / len(samples) if samples else math.nan,
        "p50": percentile(samples, 50),
        "p90": percentile(samples, 90),
        "p99": percentile(samples, 99),
        "max": max(samples) if samples else math.nan,
    }


def fmt(stats: dict[str, float]) -> str:
    return (
        f"n={int(stats['n'])} p50={stats['p50']:.1f} p90={stats['p90']:.1f} "
        f"p99={stats['p99']:.1f} max={stats['max']:.1f} ms"
    )


@dataclass
class Block:
    """Latencies (ms) of a block of sequential operations, and the CPU ms per operation of each process."""

    samples: list[float]
    cpu_ms_per_op: dict[str, float] = field(default_factory=dict)
