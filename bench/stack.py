"""The real stack for the benchmarks, on free ports in a temporary directory.

A Temporal dev server (in-memory, headless), Warmline's `worker.py`, the API
under `uvicorn api.app:app`, the floor's worker and a local webhook helpdesk
that acks in 50 ms: five processes, each in its own process group with its own
log, stopped (SIGTERM, then SIGKILL) when the `running_stack` block ends.
The process plumbing is `runtime.stack`'s, shared with the run script and the tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from runtime.stack import (  # noqa: E402
    HOST,
    Proc,
    binary,
    dev_server_args,
    free_port,
    http_ok,
    port_open,
    python_env,
    stop_all,
    wait_until,
    without_warmline,
)

PYTHON = sys.executable
HELPDESK_SECRET = "bench-secret"


@dataclass
class Stack:
    workdir: Path
    temporal_port: int
    api_port: int
    helpdesk_port: int
    procs: dict[str, Proc] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    task_queue: str = "warmline"
    floor_task_queue: str = "bench-floor"

    @property
    def temporal_address(self) -> str:
        return f"{HOST}:{self.temporal_port}"

    @property
    def api_url(self) -> str:
        return f"http://{HOST}:{self.api_port}"

    @property
    def helpdesk_url(self) -> str:
        return f"http://{HOST}:{self.helpdesk_port}"

    def pid(self, name: str) -> int:
        return self.procs[name].pid

    def start(self, name: str, args: Sequence[str], env: Mapping[str, str]) -> Proc:
        proc = Proc(name, list(args), self.workdir / "logs" / f"{name}.log", cwd=ROOT)
        proc.start(env)
        self.procs[name] = proc
        return proc

    def wait_until(self, what: str, ready: Callable[[], bool], timeout: float) -> None:
        """Until `ready()` holds; raises with a log's end as soon as any of the stack's processes died."""
        wait_until(what, ready, timeout, list(self.procs.values()))

    def stop(self) -> None:
        stop_all(list(self.procs.values()))

    def start_worker(self, name: str) -> None:
        """Start (or start again) a Warmline worker `name` and wait until the server sees it poll."""
        proc = self.procs.get(name)
        if proc is None:
            proc = self.start(name, [PYTHON, "worker.py"], self.env)
        else:
            proc.start(self.env)
        self.wait_until(name, lambda: proc.identity in _pollers(self, self.task_queue), 120)


def _has_pollers(stack: Stack, task_queue: str) -> bool:
    """A worker polls `task_queue` (asked of the server, so it holds whatever the worker logs)."""
    return '"identity"' in _pollers(stack, task_queue)


def _pollers(stack: Stack, task_queue: str) -> str:
    """The server's description of `task_queue`'s pollers (JSON text; empty if it could not say)."""
    out = subprocess.run(
        [
            binary("temporal"),
            "task-queue",
            "describe",
            "--address",
            stack.temporal_address,
            "--task-queue",
            task_queue,
            "--legacy-mode",
            "-o",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=10,
    )
    return out.stdout if out.returncode == 0 else ""


def child_env(stack: Stack, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    line = {
        "WARMLINE_TEMPORAL_ADDRESS": stack.temporal_address,
        "WARMLINE_NAMESPACE": "default",
        "WARMLINE_TASK_QUEUE": stack.task_queue,
        "WARMLINE_POLICY": str(ROOT / "policies" / "demo.yaml"),
        # The demo policy's actions need the company system's address to start; the bench's calls look nothing up.
        "WARMLINE_ACTIONS_BASE_URL": "http://127.0.0.1:9",
        "KESTREL_API_AUTH": "Bearer bench",
        "WARMLINE_DATA_DIR": str(stack.workdir / "data"),
        "WARMLINE_HELPDESK": "webhook",
        "WARMLINE_HELPDESK_URL": f"{stack.helpdesk_url}/contexts",
        "WARMLINE_HELPDESK_SECRET": HELPDESK_SECRET,
    }
    return python_env(without_warmline(os.environ), ROOT, {**line, **(extra or {})})


@contextmanager
def running_stack(
    extra_env: Mapping[str, str] | None = None,
    api_args: Sequence[str] = (),
    helpdesk_delay_ms: float = 50.0,
    keep_dir: bool = False,
    worker_variant: Sequence[str] = (),
) -> Iterator[Stack]:
    """Start the whole stack on free ports; yields it ready (API healthy, both workers polling)."""
    workdir = Path(tempfile.mkdtemp(prefix="warmline-bench-"))
    (workdir / "data").mkdir()
    stack = Stack(workdir, free_port(), free_port(), free_port())
    env = stack.env = child_env(stack, extra_env)
    try:
        stack.start("temporal", dev_server_args(stack.temporal_port), env)
        stack.start(
            "helpdesk",
            [PYTHON, "-m", "bench.helpdesk", "--port", str(stack.helpdesk_port), "--delay-ms", str(helpdesk_delay_ms)],
            env,
        )
        stack.wait_until("Temporal dev server", lambda: port_open(stack.temporal_port), 60)
        variant = [PYTHON, "-m", "bench.variant_worker", *worker_variant]
        stack.start("worker", variant if worker_variant else [PYTHON, "worker.py"], env)
        floor = [PYTHON, "-m", "bench.floor", "--address", stack.temporal_address, "--task-queue", "bench-floor"]
        stack.start("floor", floor, env)
        api = [PYTHON, "-m", "uvicorn"]
        if "BENCH_API_PROFILE_OUT" in env:  # bench/sampler.py profiles it
            api = [PYTHON, "-m", "bench.sampled_api"]
        elif "BENCH_API_GC_OUT" in env:  # bench/gc_watch.py counts its collections
            api = [PYTHON, "-m", "bench.gc_api"]
        stack.start("api", [*api, "api.app:app", "--host", HOST, "--port", str(stack.api_port), *api_args], env)
        stack.wait_until("helpdesk", lambda: port_open(stack.helpdesk_port), 30)
        stack.wait_until("API", lambda: http_ok(f"{stack.api_url}/healthz"), 120)
        stack.wait_until("worker", lambda: _has_pollers(stack, stack.task_queue), 120)
        stack.wait_until("floor worker", lambda: _has_pollers(stack, stack.floor_task_queue), 60)
        yield stack
    finally:
        stack.stop()
        if not keep_dir:
            shutil.rmtree(workdir, ignore_errors=True)
