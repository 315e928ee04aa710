"""Resident memory and CPU time of the stack's processes, read from /proc (Linux)."""

from __future__ import annotations

import os
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def rss_mb(pid: int) -> float:
    """VmRSS of one process in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds the process (all its threads) has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    # After the command: state is fields[0]; utime and stime are fields 14 and 15 of stat (1-based).
    return (int(fields[11]) + int(fields[12])) / _TICK


def cpu_snapshot(pids: dict[str, int]) -> dict[str, float]:
    return {name: cpu_s(pid) for name, pid in pids.items()}


def cpu_delta_ms(before: dict[str, float], after: dict[str, float], per: int) -> dict[str, float]:
    """CPU milliseconds per unit of work (e.g. per turn) for each process between two snapshots."""
    return {name: (after[name] - before[name]) * 1000 / max(per, 1) for name in before}
