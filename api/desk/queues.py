"""The API's side of the QueueWorkflows: presence fan-out, accept, snapshots.

Presence is update-with-start, so signing in works before any call reached a
queue. Temporal errors map to HTTP by type: an accept the workflow's validator
refuses (`OfferNotRinging`) is 409.
"""

from __future__ import annotations

import asyncio

from fastapi import HTTPException
from temporalio.client import Client, WithStartWorkflowOperation, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.common import WorkflowIDConflictPolicy
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from warmline.policy import Policy
from warmline.queue_models import (
    NOT_RINGING,
    Accept,
    Accepted,
    Presence,
    QueueSnapshot,
    QueueStart,
    Release,
    queue_workflow_id,
)
from warmline.queueing import Agent, AgentStatus, queues_for
from warmline.settings import Settings
from workflows.queue import QueueWorkflow


def agent_queues(policy: Policy, skills: list[str]) -> list[str]:
    return queues_for({q.name: list(q.skills) for q in policy.queues}, skills)


def queue_handle(client: Client, settings: Settings, queue: str) -> WorkflowHandle[QueueWorkflow, None]:
    return client.get_workflow_handle_for(QueueWorkflow.run, queue_workflow_id(settings.queue_id_prefix, queue))


async def set_presence(client: Client, settings: Settings, queue: str, presence: Presence) -> Agent:
    """Tell one queue about the agent, starting the queue's workflow if it is not running yet."""
    start = WithStartWorkflowOperation(
        QueueWorkflow.run,
        QueueStart(queue=queue),
        id=queue_workflow_id(settings.queue_id_prefix, queue),
        task_queue=settings.task_queue,
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        static_summary=f"Queue {queue}",
    )
    agent: Agent = await client.execute_update_with_start_workflow(
        QueueWorkflow.presence, presence, start_workflow_operation=start
    )
    return agent


async def set_presence_everywhere(
    client: Client,
    settings: Settings,
    queues: list[str],
    agent_id: str,
    skills: list[str],
    status: AgentStatus,
    call_id: str | None = None,
) -> list[Agent]:
    p = Presence(agent_id=agent_id, skills=skills, status=status, call_id=call_id)
    return list(await asyncio.gather(*(set_presence(client, settings, q, p) for q in queues)))


async def snapshot(client: Client, settings: Settings, queue: str) -> QueueSnapshot | None:
    """The queue's state, or None when its workflow has never run."""
    try:
        snap: QueueSnapshot = await queue_handle(client, settings, queue).query(QueueWorkflow.snapshot)
        return snap
    except RPCError as e:
        if e.status == RPCStatusCode.NOT_FOUND:
            return None
        raise


async def accept(client: Client, settings: Settings, queue: str, context_id: str, agent_id: str) -> Accepted:
    """Take the offer ringing on this agent's desk; 409 when it is not (any more)."""
    try:
        result: Accepted = await queue_handle(client, settings, queue).execute_update(
            QueueWorkflow.accept, Accept(context_id=context_id, agent_id=agent_id), id=f"accept-{context_id}-{agent_id}"
        )
        return result
    except WorkflowUpdateFailedError as e:
        if isinstance(e.cause, ApplicationError) and e.cause.type == NOT_RINGING:
            raise HTTPException(409, e.cause.message) from None
        raise HTTPException(502, f"accept failed: {e.cause or e}") from None
    except RPCError as e:
        if e.status == RPCStatusCode.NOT_FOUND:
            raise HTTPException(409, f"queue {queue!r} has no such offer") from None
        raise


async def release(client: Client, settings: Settings, queue: str, release: Release) -> None:
    """Put an accepted offer back to wait for the next agent (the accepting agent's phone rang out)."""
    await queue_handle(client, settings, queue).signal(QueueWorkflow.release, release)
