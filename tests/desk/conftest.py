"""Desk fixtures: a line whose helpdesk is the built-in desk, with its own queue workflows."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from api.desk.queues import queue_handle, set_presence
from tests.line import Line, policy_file, running_line
from warmline.queue_models import Presence, QueueSnapshot
from warmline.queueing import Agent, AgentStatus
from workflows.queue import QueueWorkflow

T = TypeVar("T")
QUEUES: list[dict[str, Any]] = [
    {"name": "transactional", "skills": ["billing"], "ring_s": 1.5},
    {"name": "technical", "skills": ["network"]},
    {"name": "complex", "skills": ["disputes"], "ring_s": 1.5},
]


async def eventually(probe: Callable[[], Awaitable[T]], ok: Callable[[T], bool], within: float = 10.0) -> T:
    """Poll `probe` until `ok` holds (a queue's state changes asynchronously to the test)."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        value = await probe()
        if ok(value) or asyncio.get_running_loop().time() > deadline:
            assert ok(value), f"condition never held; last value: {value!r}"
            return value
        await asyncio.sleep(0.1)


@pytest.fixture
def desk_policy(tmp_path: Path) -> Path:
    return policy_file(tmp_path, queues=QUEUES)


@pytest.fixture
def line_settings() -> dict[str, Any]:
    """Settings shared by a line's worker(s) and API: one queue-id prefix per test keeps tests apart."""
    return {"task_queue": f"tq-{uuid.uuid4().hex}", "queue_id_prefix": f"q{uuid.uuid4().hex[:8]}-"}


@pytest.fixture
async def desk_line(
    temporal_env: WorkflowEnvironment, tmp_path: Path, desk_policy: Path, line_settings: dict[str, Any]
) -> AsyncIterator[Line]:
    async with running_line(temporal_env.client, tmp_path, None, policy=desk_policy, **line_settings) as ln:
        yield ln


def queue(line: Line, name: str) -> WorkflowHandle[QueueWorkflow, None]:
    return queue_handle(line.client, line.settings, name)


async def snap(line: Line, name: str) -> QueueSnapshot:
    s: QueueSnapshot = await queue(line, name).query(QueueWorkflow.snapshot)
    return s


async def presence(line: Line, name: str, agent_id: str, skills: list[str], status: str = "available") -> Agent:
    p = Presence(agent_id=agent_id, skills=skills, status=AgentStatus(status))
    return await set_presence(line.client, line.settings, name, p)


async def escalate(line: Line, text: str = "agent please") -> str:
    """A call that asks for a person: it goes to the complex queue (the fallback)."""
    call_id = await line.start(authenticated=True, auth_method="pin", account_id="AC-1")
    r = await line.turn(call_id, text)
    assert r.action == "transfer" and r.transfer is not None and r.transfer.context_delivered
    return call_id
