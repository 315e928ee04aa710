"""Operator endpoints for planning: staffing (Erlang C), policy what-if, and daily metric trends for the charts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Body, Depends, HTTPException, Query
from pydantic import BaseModel

from api.deps import State, Store, TemporalClient, require_operator_key
from store.queries import load_callbacks, load_calls
from warmline.metrics import metrics_of
from warmline.policy import PolicyError
from warmline.records import MetricsReport
from warmline.staffing import StaffingReport, Target, staffing
from warmline.whatif import WhatIfReport, WhatIfRequest, parse_draft
from workflows.whatif import WhatIfWorkflow

router = APIRouter(prefix="/v1", tags=["planning"], dependencies=[Depends(require_operator_key)])
Since = Annotated[datetime | None, Query(description="ISO 8601; calls started at or after")]
Until = Annotated[datetime | None, Query(description="ISO 8601; calls started before (default: now)")]
MAX_DAYS = 92


def _window(since: datetime | None, until: datetime | None, default_days: int) -> tuple[datetime, datetime]:
    until = until or datetime.now(UTC)
    since = since or until - timedelta(days=default_days)
    if since >= until:
        raise HTTPException(422, "since must be before until")
    if since.year < 2000 or until.year > 2999:  # a comparison period before `since` must stay representable
        raise HTTPException(422, "since and until must lie between the years 2000 and 2999")
    return since, until


@router.get("/staffing", response_model=StaffingReport)
async def get_staffing(
    engine: Store, state: State, since: Since = None, until: Until = None, target: Target = Depends()
) -> StaffingReport:
    """Agents per queue and hour of week (the policy's `timezone`) for the escalated calls and the callbacks agents
    made (default: the last 4 weeks), and how the mix moved against the period just before."""
    since, until = _window(since, until, 28)
    earlier = since - (until - since)
    return staffing(
        await load_calls(engine, since, until),
        await load_calls(engine, earlier, since),
        since,
        until,
        target,
        zone=state.policy.timezone,
        callbacks=await load_callbacks(engine, since, until),
        callbacks_before=await load_callbacks(engine, earlier, since),
    )


class Day(BaseModel):
    day: datetime
    metrics: MetricsReport


@router.get("/trends", response_model=list[Day])
async def trends(
    engine: Store,
    since: Since = None,
    until: Until = None,
    queue: str | None = Query(default=None, max_length=64),
    query_type: str | None = Query(default=None, max_length=64),
) -> list[Day]:
    """The metrics day by day (at most 92 days; default the last 14), for trend charts."""
    since, until = _window(since, until, 14)
    if until - since > timedelta(days=MAX_DAYS):
        raise HTTPException(422, f"at most {MAX_DAYS} days")
    records = await load_calls(engine, since, until, queue=queue, query_type=query_type)
    days: list[Day] = []
    start = since
    while start < until:
        end = min(start + timedelta(days=1), until)
        days.append(Day(day=start, metrics=metrics_of([r for r in records if start <= r.started_at < end], start, end)))
        start = end
    return days


@router.post("/whatif", response_model=WhatIfReport)
async def whatif(
    state: State,
    client: TemporalClient,
    draft: Annotated[str, Body(media_type="application/yaml", description="the draft policy file")],
    since: Since = None,
    until: Until = None,
    limit: int = Query(default=1000, ge=1, le=20_000),
) -> WhatIfReport:
    """Replay recorded calls (default: the last 7 days) against a draft policy next to the live one, on a worker."""
    try:
        parse_draft(draft)
    except PolicyError as e:
        raise HTTPException(422, str(e)) from None
    since, until = _window(since, until, 7)
    return await client.execute_workflow(
        WhatIfWorkflow.run,
        WhatIfRequest(draft_yaml=draft, since=since.isoformat(), until=until.isoformat(), limit=limit),
        id=f"whatif-{uuid.uuid4().hex[:12]}",
        task_queue=state.settings.task_queue,
        execution_timeout=timedelta(minutes=15),
    )
