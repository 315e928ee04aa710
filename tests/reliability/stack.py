"""The real stack as processes, for reliability tests: a dev server on a SQLite file, N workers, N APIs.

Every process runs in its own process group (so `kill -9` takes it and nothing
else), writes to its own log file under the stack's directory, and can be
killed and started again on the same port, the same SQLite file and the same
task queue. Waits poll a condition with a deadline (health, a worker's poller
seen by the server); nothing sleeps for a fixed time beyond a poll interval.

Unlike `tests.line.running_line` (an in-process worker on the session's dev
server), nothing here shares the test's process: what dies is a real
`python worker.py`, `uvicorn api.app:app` or `temporal server start-dev`.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from temporalio.api.enums.v1 import TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from tests.conftest import BRIGHTWAVE, binary
from warmline import search_attributes as sa

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
POLL_S = 0.1
TAIL_LINES = 40
HOSTNAME = socket.gethostname()


def search_attribute_flags() -> list[str]:
    """`--search-attribute` flags for every attribute a call carries, so the server has them before a worker."""
    flags: list[str] = []
    for key in sa.ALL:
        kind = "".join(part.capitalize() for part in key.indexed_value_type.name.split("_"))  # KEYWORD_LIST→KeywordList
        flags += ["--search-attribute", f"{key.name}={kind}"]
    return flags


def free_port() -> int:
    """A port nobody listens on now; the stack keeps it for the process's restarts."""
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


async def eventually(
    what: str, ready: Callable[[], Awaitable[bool]], within_s: float, check: Callable[[], None]
) -> None:
    """Poll `ready()` until it holds; `check()` raises when a process died meanwhile. TimeoutError names `what`.

    `within_s` rather than an `asyncio.timeout` around it: a timeout must not cancel `ready()` mid-RPC.
    """
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        check()
        if await ready():
            return
        await asyncio.sleep(POLL_S)
    raise TimeoutError(f"{what} not ready within {within_s:.0f}s")


@dataclass
class Proc:
    """One supervised process: own process group, output appended to `log` across restarts."""

    name: str
    args: list[str]
    log: Path
    port: int | None = None
    popen: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def pid(self) -> int:
        assert self.popen is not None, f"{self.name} never started"
        return self.popen.pid

    @property
    def identity(self) -> str:
        """The Temporal identity a Python worker reports by default (`pid@host`)."""
        return f"{self.pid}@{HOSTNAME}"

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def start(self, env: Mapping[str, str]) -> None:
        assert not self.alive(), f"{self.name} is already running"
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as out:
            out.write(f"--- start #{self.starts + 1} at {time.strftime('%H:%M:%S')}: {' '.join(self.args)}\n".encode())
            out.flush()
            self.popen = subprocess.Popen(
                self.args,
                cwd=ROOT,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own group: kill -9 hits this process and its children only
            )
        self.starts += 1

    def signal(self, sig: signal.Signals) -> None:
        if self.alive():
            try:
                os.killpg(self.pid, sig)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        """`kill -9` the process group and reap it."""
        self.signal(signal.SIGKILL)
        if self.popen is not None:
            self.popen.wait(timeout=10)

    def stop(self, grace_s: float = 8.0) -> None:
        """SIGTERM, then SIGKILL after `grace_s`."""
        if not self.alive():
            return
        self.signal(signal.SIGTERM)
        assert self.popen is not None
        try:
            self.popen.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            self.kill()

    def tail(self, lines: int = TAIL_LINES) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


@dataclass
class Stack:
    """The processes of one line, all on one task queue, one Temporal and one records database."""

    workdir: Path
    env: dict[str, str]
    task_queue: str
    temporal: Proc
    workers: list[Proc] = field(default_factory=list)
    apis: list[Proc] = field(default_factory=list)
    client: Client | None = None

    # ------------------------------------------------------------------ building --
    @classmethod
    def create(
        cls, workdir: Path, *, workers: int = 2, apis: int = 2, extra_env: Mapping[str, str] | None = None
    ) -> Stack:
        """The stack's processes, not started. `extra_env` overrides the WARMLINE_* defaults."""
        workdir.mkdir(parents=True, exist_ok=True)
        logs = workdir / "logs"
        t_port = free_port()
        task_queue = "warmline-reliability"
        env = {k: v for k, v in os.environ.items() if not k.startswith("WARMLINE_")}
        env.update(
            {
                "WARMLINE_TEMPORAL_ADDRESS": f"{HOST}:{t_port}",
                "WARMLINE_NAMESPACE": "default",
                "WARMLINE_TASK_QUEUE": task_queue,
                "WARMLINE_POLICY": str(BRIGHTWAVE),
                "WARMLINE_DATA_DIR": str(workdir / "data"),
                "WARMLINE_REVIEW_SCHEDULE": "off",
                "WARMLINE_LOG_JSON": "false",
                "PYTHONUNBUFFERED": "1",
                "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
            }
        )
        env.update(extra_env or {})
        temporal_args = [
            binary("temporal"),
            "server",
            "start-dev",
            "--headless",
            "--db-filename",
            str(workdir / "temporal.db"),  # the same file across restarts: history survives kill -9
            "--ip",
            HOST,
            "--port",
            str(t_port),
            "--http-port",
            str(free_port()),
            "--metrics-port",
            str(free_port()),
            "--namespace",
            "default",
            "--log-level",
            "warn",
            *search_attribute_flags(),
        ]
        stack = cls(workdir, env, task_queue, Proc("temporal", temporal_args, logs / "temporal.log", port=t_port))
        for i in range(workers):
            stack.workers.append(Proc(f"worker{i}", [sys.executable, "worker.py"], logs / f"worker{i}.log"))
        for i in range(apis):
            port = free_port()
            args = [sys.executable, "-m", "uvicorn", "api.app:app", "--host", HOST, "--port", str(port)]
            stack.apis.append(Proc(f"api{i}", args, logs / f"api{i}.log", port=port))
        return stack

    @property
    def procs(self) -> list[Proc]:
        return [self.temporal, *self.workers, *self.apis]

    @property
    def temporal_address(self) -> str:
        return f"{HOST}:{self.temporal.port}"

    def api_url(self, i: int) -> str:
        return f"http://{HOST}:{self.apis[i].port}"

    @property
    def api_urls(self) -> list[str]:
        return [self.api_url(i) for i in range(len(self.apis))]

    # ------------------------------------------------------------------- checks --
    def check_expected_alive(self, *expected: Proc) -> None:
        """Raise with its log tail when a process that should be running has died."""
        for p in expected:
            if p.popen is not None and not p.alive():
                raise RuntimeError(f"{p.name} exited with {p.popen.returncode}; end of {p.log}:\n{p.tail()}")

    async def temporal_client(self) -> Client:
        if self.client is None:
            self.client = await Client.connect(self.temporal_address, data_converter=pydantic_data_converter)
        return self.client

    async def pollers(self) -> set[str]:
        """Identities the server has seen polling the call workflows' task queue recently."""
        client = await self.temporal_client()
        seen: set[str] = set()
        for kind in (TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY):
            r = await client.workflow_service.describe_task_queue(
                DescribeTaskQueueRequest(
                    namespace="default", task_queue=TaskQueue(name=self.task_queue), task_queue_type=kind
                )
            )
            ids = {p.identity for p in r.pollers}
            seen = ids if not seen else seen & ids  # polling both kinds: can run workflows and activities
        return seen

    # ------------------------------------------------------------------- waiting --
    async def wait_temporal(self, within_s: float = 60) -> None:
        async def up() -> bool:
            if not port_open(self.temporal.port or 0):
                return False
            try:
                client = await self.temporal_client()
                return await client.service_client.check_health()
            except Exception:
                return False

        await eventually("Temporal dev server", up, within_s, lambda: self.check_expected_alive(self.temporal))

    async def wait_worker(self, w: Proc, within_s: float = 90) -> None:
        """Until the server sees this very process (by pid) polling both workflow and activity tasks."""

        async def polling() -> bool:
            try:
                return w.identity in await self.pollers()
            except Exception:
                return False

        await eventually(f"{w.name} polling", polling, within_s, lambda: self.check_expected_alive(w))

    async def wait_api(self, a: Proc, within_s: float = 90) -> None:
        async def healthy() -> bool:
            try:
                async with httpx.AsyncClient(timeout=2) as http:
                    r = await http.get(f"http://{HOST}:{a.port}/healthz")
                return r.status_code == 200
            except httpx.HTTPError:
                return False

        await eventually(f"{a.name} /healthz", healthy, within_s, lambda: self.check_expected_alive(a))

    # --------------------------------------------------------------- start/heal --
    async def start_temporal(self) -> float:
        """Start (or restart, on the same file and port) the dev server; seconds until it is healthy."""
        t0 = time.monotonic()
        self.temporal.start(self.env)
        await self.wait_temporal()
        return time.monotonic() - t0

    async def start_worker(self, w: Proc) -> float:
        t0 = time.monotonic()
        w.start(self.env)
        await self.wait_worker(w)
        return time.monotonic() - t0

    async def start_api(self, a: Proc) -> float:
        t0 = time.monotonic()
        a.start(self.env)
        await self.wait_api(a)
        return time.monotonic() - t0

    async def heal(self) -> None:
        """Bring every process that is not running back up (tests leave the stack whole for the next)."""
        if not self.temporal.alive():
            await self.start_temporal()
        down = [p for p in [*self.workers, *self.apis] if not p.alive()]
        for p in down:
            p.start(self.env)
        await self.wait_temporal()
        for p in down:
            await (self.wait_worker(p) if p in self.workers else self.wait_api(p))

    async def start(self) -> None:
        """Everything up: Temporal first, then the workers and APIs side by side."""
        await self.start_temporal()
        await self.heal()

    def stop(self) -> None:
        """APIs and workers first (SIGTERM, then SIGKILL), the dev server last."""
        for p in [*self.apis, *self.workers]:
            p.signal(signal.SIGTERM)
        for p in [*self.apis, *self.workers]:
            p.stop()
        self.temporal.stop()

    def logs(self, lines: int = TAIL_LINES) -> str:
        """The end of every process's log, for a failing test's report."""
        return "\n".join(f"===== {p.name} ({p.log}) =====\n{p.tail(lines)}" for p in self.procs)
