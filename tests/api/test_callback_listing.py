"""Listing open callbacks survives a callback whose worker is gone: it is named, not a 502."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

from temporalio.testing import WorkflowEnvironment

from api import temporal_callbacks
from warmline.callbacks import CallbackStart, callback_workflow_id
from warmline.context import ContextPayload, EscalationInfo, Flags, SentimentInfo
from warmline.models import Authentication, Reason
from workflows.callback import CallbackWorkflow


async def test_a_callback_no_worker_answers_for_is_listed_by_id(temporal_env: WorkflowEnvironment) -> None:
    now = datetime.now(UTC)
    call_id = f"orphan-{uuid.uuid4().hex[:8]}"
    context = ContextPayload(
        context_id="ctx-orphan",
        call_id=call_id,
        created_at=now,
        summary="s",
        intent=None,
        authentication=Authentication(),
        actions=[],
        escalation=EscalationInfo(reason=Reason.CUSTOMER_REQUEST, detail="d", turn=1),
        queue="complex",
        sentiment=SentimentInfo(score=0.0, lowest=0.0, label="neutral"),
        flags=Flags(),
        transcript=[],
    )
    start = CallbackStart(call_id=call_id, reason="long_wait", context=context, number=None, booked_at=now, due_at=now)
    handle = await temporal_env.client.start_workflow(
        CallbackWorkflow.run, start, id=callback_workflow_id(call_id), task_queue=f"nobody-{uuid.uuid4().hex}"
    )
    try:
        for _ in range(50):  # visibility lists a new workflow shortly after it starts
            live, unread = await temporal_callbacks.open_callbacks(temporal_env.client)
            if handle.id in unread:
                break
            await asyncio.sleep(0.1)
        assert handle.id in unread and all(s.call_id != call_id for s in live)
    finally:
        await handle.terminate("test over")
