"""Operator endpoints: metrics over recorded calls."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, HTTPException, Query

from api.deps import Store, require_operator_key
from store.queries import compute_metrics
from warmline.records import MetricsReport

router = APIRouter(prefix="/v1", tags=["operators"], dependencies=[Depends(require_operator_key)])


@router.get("/metrics", response_model=MetricsReport)
async def metrics(
    engine: Store,
    since: datetime | None = Query(default=None, description="ISO 8601; calls started at or after"),
    until: datetime | None = Query(default=None, description="ISO 8601; calls started before"),
    queue: str | None = Query(default=None, max_length=64),
    query_type: str | None = Query(default=None, max_length=64),
) -> MetricsReport:
    """The five metrics (escalation rate, repeat-explanation rate, CSAT gap, handle time, reasons) with their counts."""
    if since and until and since >= until:
        raise HTTPException(422, "since must be before until")
    return await compute_metrics(engine, since, until, queue=queue, query_type=query_type)
