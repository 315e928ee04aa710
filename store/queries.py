"""Read-only queries over the store: every function here only SELECTs.

The API reads the store through these and nothing else; what it changes goes
through a workflow (an update or a signal) whose activity does the write. The
activities read through them too (the review's pages, what-if's calls).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict, Unpack

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncEngine

from store.tables import callbacks, calls, contexts, reviews, turns, utc
from warmline.callbacks import CallbackState
from warmline.context import ContextPayload, DeskOffer, OfferStatus
from warmline.metrics import metrics_of
from warmline.records import CallRecord, MetricsReport
from warmline.review_models import ReviewReport
from warmline.turn_log import TurnLog


# -- calls ---------------------------------------------------------------------------------------
class CallFilter(TypedDict, total=False):
    """What narrows a window of calls: one queue, one query type (intent); None or absent means all."""

    queue: str | None
    query_type: str | None


def calls_query(
    since: datetime | None, until: datetime | None, queue: str | None = None, query_type: str | None = None
) -> Select[tuple[Any]]:
    """Records whose call started in [since, until), optionally for one queue and one query type (intent)."""
    q = select(calls.c.record).order_by(calls.c.started_at, calls.c.call_id)
    if since is not None:
        q = q.where(calls.c.started_at >= utc(since))
    if until is not None:
        q = q.where(calls.c.started_at < utc(until))
    if queue is not None:
        q = q.where(calls.c.queue == queue)
    if query_type is not None:
        q = q.where(calls.c.intent == query_type)
    return q


async def load_calls(
    engine: AsyncEngine, since: datetime | None, until: datetime | None, **only: Unpack[CallFilter]
) -> list[CallRecord]:
    """The calls that started in [since, until), oldest first; None leaves that end of the window open."""
    async with engine.connect() as conn:
        rows = (await conn.execute(calls_query(since, until, **only))).scalars().all()
    return [CallRecord.model_validate(r) for r in rows]


async def load_calls_with_turns(
    engine: AsyncEngine, since: datetime | None, until: datetime | None, limit: int | None = None
) -> list[CallRecord]:
    """As `load_calls` (the most recent `limit`), each record with its turn log (the what-if replays it)."""
    records = await load_calls(engine, since, until)
    if limit is not None:
        records = records[-limit:]
    logs: dict[str, list[TurnLog]] = {}
    ids = [r.call_id for r in records]
    async with engine.connect() as conn:
        for start in range(0, len(ids), 500):  # bounded IN lists
            q = select(turns.c.call_id, turns.c.log).where(turns.c.call_id.in_(ids[start : start + 500]))
            for call_id, log in await conn.execute(q.order_by(turns.c.call_id, turns.c.turn)):
                logs.setdefault(call_id, []).append(TurnLog.model_validate(log))
    return [r.model_copy(update={"turn_log": logs.get(r.call_id, [])}) for r in records]


async def get_call(engine: AsyncEngine, call_id: str) -> CallRecord | None:
    """One stored call, or None."""
    async with engine.connect() as conn:
        row = (await conn.execute(select(calls.c.record).where(calls.c.call_id == call_id))).scalar_one_or_none()
    return None if row is None else CallRecord.model_validate(row)


async def compute_metrics(
    engine: AsyncEngine, since: datetime | None, until: datetime | None, **only: Unpack[CallFilter]
) -> MetricsReport:
    """The metrics over calls that started in [since, until), optionally for one queue and one query type."""
    return metrics_of(await load_calls(engine, since, until, **only), since, until)


# -- callbacks -----------------------------------------------------------------------------------
async def list_callbacks(
    engine: AsyncEngine, since: datetime | None = None, until: datetime | None = None, limit: int = 200
) -> list[CallbackState]:
    """Finished callbacks booked in [since, until), newest first."""
    q = select(callbacks.c.record).order_by(callbacks.c.booked_at.desc()).limit(limit)
    if since is not None:
        q = q.where(callbacks.c.booked_at >= utc(since))
    if until is not None:
        q = q.where(callbacks.c.booked_at < utc(until))
    async with engine.connect() as conn:
        rows = (await conn.execute(q)).scalars().all()
    return [CallbackState.model_validate(r) for r in rows]


# -- reviews -------------------------------------------------------------------------------------
async def list_reviews(engine: AsyncEngine, limit: int = 50) -> list[dict[str, object]]:
    """The newest reviews' summaries, newest first."""
    q = select(reviews.c.summary).order_by(reviews.c.created_at.desc(), reviews.c.review_id).limit(limit)
    async with engine.connect() as conn:
        return list((await conn.execute(q)).scalars().all())


async def get_review(engine: AsyncEngine, review_id: str) -> ReviewReport | None:
    """One stored review report, or None."""
    async with engine.connect() as conn:
        row = (
            await conn.execute(select(reviews.c.report).where(reviews.c.review_id == review_id))
        ).scalar_one_or_none()
    return None if row is None else ReviewReport.model_validate(row)


# -- the desk's offers ---------------------------------------------------------------------------
async def list_offers(
    engine: AsyncEngine, queue: str | None = None, status: OfferStatus | None = "offered"
) -> list[ContextPayload]:
    """Offers on a queue (all queues when None) in the given status (any when None), oldest first."""
    q = select(contexts.c.payload).order_by(contexts.c.created_at, contexts.c.context_id)
    if queue is not None:
        q = q.where(contexts.c.queue == queue)
    if status is not None:
        q = q.where(contexts.c.status == status)
    async with engine.connect() as conn:
        rows = (await conn.execute(q)).scalars().all()
    return [ContextPayload.model_validate(r) for r in rows]


async def get_offer(engine: AsyncEngine, context_id: str) -> DeskOffer | None:
    """One offer with its status, or None."""
    async with engine.connect() as conn:
        row = (await conn.execute(select(contexts).where(contexts.c.context_id == context_id))).mappings().first()
    if row is None:
        return None
    return DeskOffer(
        context=ContextPayload.model_validate(row["payload"]),
        status=row["status"],
        ticket_id=row["ticket_id"],
        accepted_by=row["accepted_by"],
        accepted_at=utc(row["accepted_at"]) if row["accepted_at"] else None,
        note=row["note"],
    )
