"""The CPU each workflow activation takes on its thread, by workflow type and jobs (`variant_worker timed`).

Wraps the SDK's activation of a running workflow (its pool thread: the sandbox, the workflow's code,
payload conversion) and adds up `time.thread_time()` per (workflow type, activation jobs). SIGUSR1
clears the sums (after the warm-up); at exit they go to `$BENCH_TIMED_OUT`. Unlike cProfile this
slows nothing it measures, so the milliseconds are the worker's.
"""

from __future__ import annotations

import atexit
import os
import signal
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from temporalio.worker import _workflow

_sums: defaultdict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0])


def start() -> None:
    orig = _workflow._RunningWorkflow.activate

    def activate(self: Any, act: Any) -> Any:
        t0 = time.thread_time()
        try:
            return orig(self, act)
        finally:
            jobs = "+".join(sorted(j.WhichOneof("variant") for j in act.jobs))
            s = _sums[(self.instance.get_info().workflow_type, jobs)]
            s[0] += 1
            s[1] += time.thread_time() - t0

    _workflow._RunningWorkflow.activate = activate  # type: ignore[method-assign]
    signal.signal(signal.SIGUSR1, lambda *_: _sums.clear())
    atexit.register(_dump)


def _dump() -> None:
    out = os.environ.get("BENCH_TIMED_OUT")
    if not out:
        return
    lines = [
        f"{wf} [{jobs}]: {int(n)} activations, {s / n * 1000:.3f} ms each, {s:.3f} s"
        for (wf, jobs), (n, s) in sorted(_sums.items(), key=lambda kv: -kv[1][1])
    ]
    Path(out).write_text("\n".join(lines) + "\n")
