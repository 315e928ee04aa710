"""The garbage collector's pauses in a benchmark's worker (`variant_worker gcwatch`): how many collections of
each generation ran and how long each held the interpreter (wall time between the collector's start and stop
callbacks: every thread waits that long). SIGUSR1 clears the counts (after the warm-up); the report goes to
`$BENCH_GC_OUT` as JSON every half second and at exit (uvicorn ends on the SIGTERM it caught: no atexit).
"""

from __future__ import annotations

import atexit
import gc
import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

_pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
_cpu: dict[int, list[float]] = {0: [], 1: [], 2: []}  # the same collections' CPU (a busy box stretches the wall time)
_full_at: list[tuple[float, float]] = []  # each full collection: when it ended (epoch s), its pause (ms)
_started = 0.0
_started_cpu = 0.0


def _callback(phase: str, info: dict[str, Any]) -> None:
    global _started, _started_cpu
    if phase == "start":
        _started, _started_cpu = time.perf_counter(), time.thread_time()
    else:
        ms = (time.perf_counter() - _started) * 1000
        _pauses[info["generation"]].append(ms)
        _cpu[info["generation"]].append((time.thread_time() - _started_cpu) * 1000)
        if info["generation"] == 2:
            _full_at.append((round(time.time(), 2), round(ms, 1)))


def clear(*_: object) -> None:
    for v in (*_pauses.values(), *_cpu.values()):
        v.clear()
    _full_at.clear()


def report() -> dict[str, Any]:
    """Per generation: collections, total and longest pause in ms (wall), and their CPU ms."""
    return {
        str(g): {
            "collections": len(v),
            "total_ms": round(sum(v), 1),
            "max_ms": round(max(v, default=0.0), 1),
            "cpu_ms": round(sum(_cpu[g]), 1),
            "max_cpu_ms": round(max(_cpu[g], default=0.0), 1),
        }
        for g, v in _pauses.items()
    } | {"full_at": list(_full_at), "frozen": gc.get_freeze_count()}


def start() -> None:
    gc.callbacks.append(_callback)
    signal.signal(signal.SIGUSR1, clear)
    out = os.environ.get("BENCH_GC_OUT")
    if out:
        atexit.register(lambda: Path(out).write_text(json.dumps(report())))
        threading.Thread(target=_write_every, args=(Path(out), 0.5), name="bench-gc-watch", daemon=True).start()


def _write_every(out: Path, interval_s: float) -> None:
    while True:
        time.sleep(interval_s)
        out.write_text(json.dumps(report()))
