"""`GET /v1/live`: the line's calls in progress, per phase, for the dashboard's live panel.

Read from Temporal's visibility (why not the store: warmline/live.py): one count per phase and one
page of the newest running calls, every query narrowed to the line's task queue.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Query
from temporalio.client import Client, WorkflowExecution

from api.deps import State, TemporalClient, require_operator_key
from warmline import search_attributes as sa
from warmline.live import LIVE, LiveCall, LiveCalls, live_calls, running_calls_query
from warmline.models import Status

router = APIRouter(prefix="/v1", tags=["operators"], dependencies=[Depends(require_operator_key)])


def _row(w: WorkflowExecution, now: datetime) -> LiveCall:
    attrs = w.typed_search_attributes
    return LiveCall(
        call_id=w.id,
        status=Status(attrs.get(sa.STATUS) or Status.AI.value),  # no phase yet: just answered
        started_at=w.start_time,
        for_s=round(max((now - w.start_time).total_seconds(), 0.0), 1),
        intent=attrs.get(sa.INTENT),
        queue=attrs.get(sa.QUEUE),
        reason=attrs.get(sa.REASON),
        authenticated=bool(attrs.get(sa.AUTHENTICATED)),
    )


async def _count(client: Client, query: str) -> int:
    return (await client.count_workflows(query)).count


@router.get("/live", response_model=LiveCalls)
async def live(
    state: State, client: TemporalClient, limit: int = Query(default=100, ge=1, le=500, description="calls listed")
) -> LiveCalls:
    """Calls in progress right now: how many are with the AI, transferring, with an agent and in wrap-up, and
    the newest `limit` of them (the counts are exact however many are listed)."""
    tq = state.settings.task_queue
    now = datetime.now(UTC)
    counts = await asyncio.gather(*(_count(client, running_calls_query(tq, s)) for s in LIVE))
    rows = [_row(w, now) async for w in client.list_workflows(running_calls_query(tq), limit=limit)]
    return live_calls(now, dict(zip(LIVE, counts, strict=True)), rows)
