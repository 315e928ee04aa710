"""A small sampling profiler for a worker under load (py-spy is not installed on the bench box).

A daemon thread looks at every other thread's Python stack every `interval_s`
(`sys._current_frames`) and counts, for each function, the samples where it is on the
stack (inclusive) and where it is the innermost frame (self). Only threads the kernel
shows running (`R` in /proc/self/task/<tid>/stat) are counted, so a thread waiting on a
lock, a queue or select is not: the figures are where CPU time goes. SIGUSR1 clears the
counts (send it once the worker is up, so its start-up is not in the figures).
It samples when it gets the GIL, so it under-counts long C calls that hold it; good
enough to rank the costs of a turn. `python -m bench.variant_worker sampled` runs the
worker with it and writes the top functions to `$BENCH_PROFILE_OUT` at exit.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from types import FrameType

# Innermost frames of a thread that waits (in C: a queue's get, a lock, select): not busy.
IDLE = {
    "futures/thread.py:_worker",
    "aiosqlite/core.py:_connection_worker_thread",
    "python3.11/selectors.py:select",
    "python3.11/threading.py:wait",
    "python3.11/queue.py:get",
}


def _name(f: FrameType) -> str:
    code = f.f_code
    parts = Path(code.co_filename).parts[-2:]
    return f"{'/'.join(parts)}:{code.co_name}"


def _running(native_id: int) -> bool:
    try:
        stat = Path(f"/proc/self/task/{native_id}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[0] == "R"


class Sampler:
    def __init__(self, interval_s: float = 0.005) -> None:
        self.interval_s = interval_s
        self.inclusive: Counter[str] = Counter()
        self.own: Counter[str] = Counter()
        self.samples = 0
        self._me = 0

    def clear(self) -> None:
        self.inclusive.clear()
        self.own.clear()
        self.samples = 0

    def _busy_stack(self, f: FrameType, native_id: int | None) -> list[str] | None:
        if _name(f) in IDLE or (native_id is not None and not _running(native_id)):
            return None
        names = []
        frame: FrameType | None = f
        while frame is not None:
            names.append(_name(frame))
            frame = frame.f_back
        return names

    def run(self) -> None:
        self._me = threading.get_ident()
        while True:
            time.sleep(self.interval_s)
            native = {t.ident: t.native_id for t in threading.enumerate()}
            for tid, f in sys._current_frames().items():
                if tid == self._me:
                    continue
                names = self._busy_stack(f, native.get(tid))
                if names is None:
                    continue
                self.samples += 1
                self.own[names[0]] += 1
                self.inclusive.update(set(names))

    def report(self, top: int = 60) -> str:
        lines = [f"busy samples: {self.samples} (every {self.interval_s * 1000:g} ms)", "", "self:"]
        lines += [f"  {n / max(self.samples, 1):6.1%}  {k}" for k, n in self.own.most_common(top)]
        lines += ["", "inclusive:"]
        lines += [f"  {n / max(self.samples, 1):6.1%}  {k}" for k, n in self.inclusive.most_common(top)]
        return "\n".join(lines) + "\n"


def start(out: str | None = None) -> Sampler:
    """Start sampling in a daemon thread; the report goes to `out` (or $BENCH_PROFILE_OUT) at exit."""
    s = Sampler()
    threading.Thread(target=s.run, name="bench-sampler", daemon=True).start()
    signal.signal(signal.SIGUSR1, lambda *_: s.clear())
    target = out or os.environ.get("BENCH_PROFILE_OUT")
    if target:
        atexit.register(lambda: Path(target).write_text(s.report()))
    return s
