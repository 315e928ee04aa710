"""The CPU each workflow activation takes, by workflow type and jobs (`variant_worker timed`, the floor too).

Wraps the SDK's activation of a running workflow (on the workflow tasks' pool thread: the sandbox, the
workflow's code, payload conversion) and adds up `time.thread_time()` per (workflow type, activation
jobs); also the event loop's CPU while it handles an activation (payload visitors, the completion) and a
(local) activity task (awaits included: meaningful when one turn runs at a time, as in bench.starts),
and the cyclic collector's. SIGUSR1 clears the sums (after the warm-up); at exit they go to the file
`$BENCH_TIMED_OUT` names. Unlike cProfile this slows nothing it measures: the milliseconds are the worker's.
"""

from __future__ import annotations

import atexit
import gc
import os
import signal
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from temporalio.worker import _activity, _workflow

_sums: defaultdict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0])


def start(out_var: str = "BENCH_TIMED_OUT") -> None:
    """Time every activation from now on; the sums go to the file named by `$out_var` at exit."""
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
    gc.callbacks.append(_gc_timed)
    _time_on_loop(_workflow._WorkflowWorker, "_handle_activation", "loop: an activation (decode, encode, complete)")
    _time_on_loop(_activity._ActivityWorker, "_handle_start_activity_task", "loop: a (local) activity task")
    signal.signal(signal.SIGUSR1, lambda *_: _sums.clear())
    atexit.register(_dump, out_var)


def _time_on_loop(cls: Any, name: str, label: str) -> None:
    """The event loop's CPU while `cls.name` runs, awaits included (only meaningful one operation at a time)."""
    orig = getattr(cls, name)

    async def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
        t0 = time.thread_time()
        try:
            return await orig(self, *args, **kwargs)
        finally:
            jobs = getattr(args[0], "jobs", None) if args else None  # an activation: by its jobs
            s = _sums[(label, "+".join(sorted(j.WhichOneof("variant") for j in jobs)) if jobs else "")]
            s[0] += 1
            s[1] += time.thread_time() - t0

    setattr(cls, name, timed)


_gc_started: dict[str, float] = {}


def _gc_timed(phase: str, info: dict[str, Any]) -> None:
    """The cyclic collector's own CPU, by generation (it runs on whichever thread allocated last)."""
    if phase == "start":
        _gc_started["t"] = time.thread_time()
    elif "t" in _gc_started:
        s = _sums[("gc", f"generation {info['generation']}")]
        s[0] += 1
        s[1] += time.thread_time() - _gc_started.pop("t")


def _dump(out_var: str) -> None:
    out = os.environ.get(out_var)
    if not out:
        return
    lines = [
        f"{wf} [{jobs}]: {int(n)} activations, {s / n * 1000:.3f} ms each, {s:.3f} s"
        for (wf, jobs), (n, s) in sorted(_sums.items(), key=lambda kv: -kv[1][1])
    ]
    Path(out).write_text("\n".join(lines) + "\n")
