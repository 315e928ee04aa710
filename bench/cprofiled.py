"""cProfile over every thread of the worker that runs Python for a turn (`variant_worker profiled`).

The sampler (sampler.py) ranks costs; this counts calls and their exact CPU, to find what the call
workflow's own code spends per turn. Profiled: the event loop's thread (the SDK's bridge, payload
codec, local activities) and each thread of the workflow tasks' pool (activations: the workflow code,
its payload conversion). SIGUSR1 clears the counts (after the warm-up); at exit the merged
statistics go to `$BENCH_CPROFILE_OUT` (pstats, each thread's own CPU seconds; the loop's alone in
`.loop`). cProfile slows Python calls far more than C (the sandbox's context managers read ~10x
their cost): rank with it, then time with `variant_worker timed` (bench/activation_timer.py).
"""

from __future__ import annotations

import atexit
import cProfile
import os
import pstats
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

_profiles: list[cProfile.Profile] = []
_lock = threading.Lock()


def _enable_here() -> None:
    p = cProfile.Profile(time.thread_time)  # CPU of this thread, not wall time: waits for the GIL are not costs
    with _lock:
        _profiles.append(p)
    p.enable()


def executor(max_workers: int) -> ThreadPoolExecutor:
    """A pool for the workflow tasks whose threads each run under their own profiler."""
    return ThreadPoolExecutor(max_workers=max_workers, initializer=_enable_here, thread_name_prefix="wf")


def clear(*_: object) -> None:
    """Forget what was counted so far (after a warm-up); also on SIGUSR1."""
    with _lock:  # a profiler is enabled per thread: clear each where it stands, never switch it off from here
        for p in _profiles:
            p.clear()


def _dump() -> None:
    out = os.environ.get("BENCH_CPROFILE_OUT")
    with _lock:
        live = [p for p in _profiles if p.getstats()]
    if not out or not live:
        return
    stats = pstats.Stats(live[0])
    for p in live[1:]:
        stats.add(p)
    stats.dump_stats(out)
    pstats.Stats(_profiles[0]).dump_stats(f"{out}.loop")  # the event loop's thread alone (the first profiled)


def start() -> None:
    """Profile this (the main) thread now; workflow-task threads as the pool starts them."""
    _enable_here()
    signal.signal(signal.SIGUSR1, clear)
    atexit.register(_dump)
