"""The real stack as processes, for reliability tests: a dev server on a SQLite file, N workers, N APIs.

Every process runs in its own process group (so `kill -9` takes it and nothing
else), writes to its own log file under the stack's directory, and can be
killed and started again on the same port, the same SQLite file and the same
task queue. Waits poll a condition with a deadline (health, a worker's poller
seen by the server); nothing sleeps for a fixed time beyond a poll interval.

Unlike `tests.line.running_line` (an in-process worker on the session's dev
server), nothing here shares the test's process: what dies is a real
`python worker.py`, `uvicorn api.app:app` or `temporal server start-dev`. The process plumbing
(`Proc`, ports, waits, the dev server's arguments) is `runtime.stack`'s, shared with the run script.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from temporalio.api.enums.v1 import TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from runtime.stack import (
    HOST,
    TAIL_LINES,
    Proc,
    dev_server_args,
    eventually,
    free_port,
    port_open,
    python_env,
    stop_all,
    without_warmline,
)
from tests.conftest import BRIGHTWAVE

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


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
        line = {
            "WARMLINE_TEMPORAL_ADDRESS": f"{HOST}:{t_port}",
            "WARMLINE_NAMESPACE": "default",
            "WARMLINE_TASK_QUEUE": task_queue,
            "WARMLINE_POLICY": str(BRIGHTWAVE),
            "WARMLINE_DATA_DIR": str(workdir / "data"),
            "WARMLINE_REVIEW_SCHEDULE": "off",
            "WARMLINE_LOG_JSON": "false",
        }
        env = python_env(without_warmline(os.environ), ROOT, {**line, **(extra_env or {})})
        # The same file across restarts: history survives kill -9.
        temporal_args = dev_server_args(t_port, db_file=workdir / "temporal.db", namespace="default")
        temporal = Proc("temporal", temporal_args, logs / "temporal.log", cwd=ROOT, port=t_port)
        stack = cls(workdir, env, task_queue, temporal)
        for i in range(workers):
            stack.workers.append(Proc(f"worker{i}", [PYTHON, "worker.py"], logs / f"worker{i}.log", cwd=ROOT))
        for i in range(apis):
            port = free_port()
            args = [PYTHON, "-m", "uvicorn", "api.app:app", "--host", HOST, "--port", str(port)]
            stack.apis.append(Proc(f"api{i}", args, logs / f"api{i}.log", cwd=ROOT, port=port))
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

        await eventually("Temporal dev server", up, within_s, [self.temporal])

    async def wait_worker(self, w: Proc, within_s: float = 90) -> None:
        """Until the server sees this very process (by pid) polling both workflow and activity tasks."""

        async def polling() -> bool:
            try:
                return w.identity in await self.pollers()
            except Exception:
                return False

        await eventually(f"{w.name} polling", polling, within_s, [w])

    async def wait_api(self, a: Proc, within_s: float = 90) -> None:
        async def healthy() -> bool:
            try:
                async with httpx.AsyncClient(timeout=2) as http:
                    r = await http.get(f"http://{HOST}:{a.port}/healthz")
                return r.status_code == 200
            except httpx.HTTPError:
                return False

        await eventually(f"{a.name} /healthz", healthy, within_s, [a])

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
        stop_all(self.procs)

    def logs(self, lines: int = TAIL_LINES) -> str:
        """The end of every process's log, for a failing test's report."""
        return "\n".join(f"===== {p.name} ({p.log}) =====\n{p.tail(lines)}" for p in self.procs)
