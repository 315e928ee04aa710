"""A restart of the worker loses no waiting caller: the queue's state lives in Temporal, timers too."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from temporalio.testing import WorkflowEnvironment

from tests.desk.conftest import escalate, eventually, presence, queue, snap
from tests.line import running_line
from warmline.queue_models import Accept
from warmline.queueing import AgentStatus
from workflows.queue import QueueWorkflow


async def test_worker_restart_with_callers_waiting_loses_none(
    temporal_env: WorkflowEnvironment, tmp_path: Path, desk_policy: Path, line_settings: dict[str, Any]
) -> None:
    client = temporal_env.client
    async with running_line(client, tmp_path, None, policy=desk_policy, **line_settings) as line:
        await presence(line, "complex", "ann", ["disputes"])
        waiting = [await escalate(line) for _ in range(3)]
        before = await eventually(lambda: snap(line, "complex"), lambda s: bool(s.offers and s.offers[0].ringing))
        assert before.offers[0].ringing == "ann"
    # No worker at all for longer than the ring time: the ring's timer is durable and fires on the next worker.
    await asyncio.sleep(2.0)
    async with running_line(client, tmp_path, None, policy=desk_policy, **line_settings) as line:
        after = await eventually(lambda: snap(line, "complex"), lambda s: bool(s.offers) and not s.offers[0].ringing)
        assert [o.call_id for o in after.offers] == waiting  # every caller still waiting, in order
        assert after.offers[0].missed_by == ["ann"]
        await presence(line, "complex", "bob", ["disputes"])
        s = await eventually(lambda: snap(line, "complex"), lambda s: s.offers[0].ringing == "bob")
        got = await queue(line, "complex").execute_update(
            QueueWorkflow.accept, Accept(context_id=s.offers[0].context_id, agent_id="bob")
        )
        assert got.offer.call_id == waiting[0] and got.wait_s >= 2.0  # the wait spans the outage
        s = await snap(line, "complex")
        assert [o.call_id for o in s.offers] == waiting[1:]
        assert next(a for a in s.agents if a.agent_id == "bob").status == AgentStatus.BUSY
