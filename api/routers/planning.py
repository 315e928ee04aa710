"""Operator endpoints for planning: staffing (Erlang C), policy what-if, and daily metric trends for the charts."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Annotated

from fastapi import APIRouter, Body, Depends, HTTPException, Query
from pydantic import BaseModel

from api.deps import State, Store, TemporalClient, require_operator_key
from store.queries import list_callbacks, load_calls
from warmline.days import day_buckets, zone
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


def _zone(
    state: State,
    tz: str | None = Query(
        default=None, max_length=64, description="IANA zone of the figures' days and hours (default: the policy's)"
    ),
) -> tzinfo:
    try:
        return zone(tz or state.policy.timezone)
    except ValueError as e:
        raise HTTPException(422, str(e)) from None


Zone = Annotated[tzinfo, Depends(_zone)]


def _window(since: datetime | None, until: datetime | None, default_days: int) -> tuple[datetime, datetime]:
    since, until = (t if t is None or t.tzinfo else t.replace(tzinfo=UTC) for t in (since, until))  # naive = UTC
    until = until or datetime.now(UTC)
    since = since or until - timedelta(days=default_days)
    if since >= until:
        raise HTTPException(422, "since must be before until")
    if since.year < 2000 or until.year > 2999:  # a comparison period before `since` must stay representable
        raise HTTPException(422, "since and until must lie between the years 2000 and 2999")
    return since, until


@router.get("/staffing", response_model=StaffingReport)
async def get_staffing(
    engine: Store, where: Zone, since: Since = None, until: Until = None, target: Target = Depends()
) -> StaffingReport:
    """Agents per queue and hour of week in `tz` (default: the policy's `timezone`) for the escalated calls and the
    callbacks agents made (default: the last 4 weeks), and how the mix moved against the period just before."""
    since, until = _window(since, until, 28)
    earlier = since - (until - since)
    return staffing(
        await load_calls(engine, since, until),
        await load_calls(engine, earlier, since),
        since,
        until,
        target,
        zone=str(where),
        callbacks=await list_callbacks(engine, since, until, limit=None, newest_first=False),
        callbacks_before=await list_callbacks(engine, earlier, since, limit=None, newest_first=False),
    )


class Day(BaseModel):
    day: datetime  # the bucket's first instant, in the requested zone
    date: date  # the calendar day it covers, in that zone: the chart's label
    end: datetime  # its end (exclusive): the next midnight there, or the window's end
    metrics: MetricsReport


@router.get("/trends", response_model=list[Day])
async def trends(
    engine: Store,
    where: Zone,
    since: Since = None,
    until: Until = None,
    queue: str | None = Query(default=None, max_length=64),
    query_type: str | None = Query(default=None, max_length=64),
) -> list[Day]:
    """The metrics per calendar day of `tz` (at most 92 days; default the last 14), for trend charts; the
    window's ends clip the first and last day (warmline/days.py)."""
    since, until = _window(since, until, 14)
    if until - since > timedelta(days=MAX_DAYS):
        raise HTTPException(422, f"at most {MAX_DAYS} days")
    records = await load_calls(engine, since, until, queue=queue, query_type=query_type)
    return [
        Day(
            day=b.start.astimezone(where),
            date=b.day,
            end=b.end.astimezone(where),
            metrics=metrics_of([r for r in records if b.start <= r.started_at < b.end], b.start, b.end),
        )
        for b in day_buckets(since, until, where)
    ]


@router.post("/whatif", response_model=WhatIfReport)
async def whatif(
    state: State,
    client: TemporalClient,
    draft: Annotated[str, Body(media_type="application/yaml", description="the draft policy file")],
    since: Since = None,
    until: Until = None,
    limit: int = Query(default=1000, ge=1, le=20_000),
    rerun_understanding: bool = Query(default=False, description="re-run understanding on every turn"),
) -> WhatIfReport:
    """Replay recorded calls (default: the last 7 days) against a draft policy next to the live one, on a worker.

    The report also says what the calls really did (`recorded`) and how well the live policy's replay reproduces
    it (`fidelity`); below the bar the draft's figures are marked untrusted (docs/whatif.md).
    """
    try:
        parse_draft(draft)
    except PolicyError as e:
        raise HTTPException(422, str(e)) from None
    since, until = _window(since, until, 7)
    return await client.execute_workflow(
        WhatIfWorkflow.run,
        WhatIfRequest(
            draft_yaml=draft,
            since=since.isoformat(),
            until=until.isoformat(),
            limit=limit,
            rerun_understanding=rerun_understanding,
        ),
        id=f"whatif-{uuid.uuid4().hex[:12]}",
        task_queue=state.settings.task_queue,
        execution_timeout=timedelta(minutes=15),
    )
