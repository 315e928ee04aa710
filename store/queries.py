"""Read-only queries over the store: every function here only SELECTs.

The API reads the store through these and nothing else; what it changes goes
through a workflow (an update or a signal) whose activity does the write. The
activities read through them too (the review's pages, what-if's calls).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypedDict, Unpack

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncEngine

from store.sealing import sealer
from store.tables import callbacks, calls, contexts, dispositions, reviews, tickets, turns, utc
from warmline.callbacks import CallbackState
from warmline.context import ContextPayload, DeskOffer, OfferStatus
from warmline.dispositions import HelpdeskTicket, LateDisposition, from_callback, with_late_dispositions
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
    """The calls that started in [since, until), oldest first; None leaves that end of the window open.

    A call without a disposition of its own carries the first wrap-up that came back later (a reached
    callback's, a solved Zendesk ticket's), so every reader counts it like a call's."""
    async with engine.connect() as conn:
        rows = (await conn.execute(calls_query(since, until, **only))).scalars().all()
    records = call_records(engine, rows)
    return with_late_dispositions(records, await load_late_dispositions(engine, since, {r.call_id for r in records}))


async def load_late_dispositions(
    engine: AsyncEngine, since: datetime | None, call_ids: set[str]
) -> list[LateDisposition]:
    """Wrap-ups for `call_ids` that came back after their records were written (none come before `since`)."""
    if not call_ids:
        return []
    opened = sealer(engine)
    cbq = select(callbacks.c.record).where(callbacks.c.outcome == "reached")
    dq = select(dispositions.c.record)
    if since is not None:
        cbq, dq = cbq.where(callbacks.c.booked_at >= utc(since)), dq.where(dispositions.c.at >= utc(since))
    async with engine.connect() as conn:
        cbs = [CallbackState.model_validate(opened.open(r)) for r in (await conn.execute(cbq)).scalars().all()]
        late = [LateDisposition.model_validate(r) for r in (await conn.execute(dq)).scalars().all()]
    late += [d for d in map(from_callback, cbs) if d is not None]
    return [d for d in late if d.call_id in call_ids]


def call_records(engine: AsyncEngine, rows: Sequence[Any]) -> list[CallRecord]:
    """`calls.record` documents as records, their caller fields opened (store/sealing.py)."""
    opened = sealer(engine)
    return [CallRecord.model_validate(opened.open(r)) for r in rows]


async def load_calls_with_turns(
    engine: AsyncEngine, since: datetime | None, until: datetime | None, limit: int | None = None
) -> list[CallRecord]:
    """As `load_calls` (the most recent `limit`), each record with its turn log (the what-if replays it)."""
    records = await load_calls(engine, since, until)
    if limit is not None:
        records = records[-limit:]
    logs: dict[str, list[TurnLog]] = {}
    ids, opened = [r.call_id for r in records], sealer(engine)
    async with engine.connect() as conn:
        for start in range(0, len(ids), 500):  # bounded IN lists
            q = select(turns.c.call_id, turns.c.log).where(turns.c.call_id.in_(ids[start : start + 500]))
            for call_id, log in await conn.execute(q.order_by(turns.c.call_id, turns.c.turn)):
                logs.setdefault(call_id, []).append(TurnLog.model_validate(opened.open(log)))
    return [r.model_copy(update={"turn_log": logs.get(r.call_id, [])}) for r in records]


async def get_call(engine: AsyncEngine, call_id: str) -> CallRecord | None:
    """One stored call, or None."""
    async with engine.connect() as conn:
        row = (await conn.execute(select(calls.c.record).where(calls.c.call_id == call_id))).scalar_one_or_none()
    return None if row is None else CallRecord.model_validate(sealer(engine).open(row))


async def compute_metrics(
    engine: AsyncEngine, since: datetime | None, until: datetime | None, **only: Unpack[CallFilter]
) -> MetricsReport:
    """The metrics over calls that started in [since, until), optionally for one queue and one query type."""
    return metrics_of(await load_calls(engine, since, until, **only), since, until)


# -- callbacks -----------------------------------------------------------------------------------
def callbacks_query(
    since: datetime | None, until: datetime | None, *, newest_first: bool, limit: int | None
) -> Select[tuple[Any]]:
    """Finished callbacks booked in [since, until) (None leaves that end open), in booking order or its reverse."""
    keys = (callbacks.c.booked_at, callbacks.c.call_id)
    booked = [k.desc() for k in keys] if newest_first else list(keys)
    q = select(callbacks.c.record).order_by(*booked).limit(limit)
    if since is not None:
        q = q.where(callbacks.c.booked_at >= utc(since))
    if until is not None:
        q = q.where(callbacks.c.booked_at < utc(until))
    return q


async def list_callbacks(
    engine: AsyncEngine,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = 200,
    *,
    newest_first: bool = True,
) -> list[CallbackState]:
    """Finished callbacks booked in [since, until): the desk lists the newest `limit`; staffing reads them all,
    oldest first (`limit=None, newest_first=False`), counting their attempts as agents' work."""
    async with engine.connect() as conn:
        rows = (await conn.execute(callbacks_query(since, until, newest_first=newest_first, limit=limit))).scalars()
    opened = sealer(engine)
    return [CallbackState.model_validate(opened.open(r)) for r in rows.all()]


async def get_ticket(engine: AsyncEngine, ticket_id: str) -> HelpdeskTicket | None:
    """A ticket the Zendesk adapter created, or None when it created no such ticket."""
    async with engine.connect() as conn:
        row = (await conn.execute(select(tickets).where(tickets.c.ticket_id == ticket_id))).mappings().first()
    return None if row is None else HelpdeskTicket.model_validate({**row, "created_at": utc(row["created_at"])})


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
    opened = sealer(engine)
    return [ContextPayload.model_validate(opened.open(r)) for r in rows]


async def get_offer(engine: AsyncEngine, context_id: str) -> DeskOffer | None:
    """One offer with its status, or None."""
    async with engine.connect() as conn:
        row = (await conn.execute(select(contexts).where(contexts.c.context_id == context_id))).mappings().first()
    if row is None:
        return None
    return DeskOffer(
        context=ContextPayload.model_validate(sealer(engine).open(row["payload"])),
        status=row["status"],
        ticket_id=row["ticket_id"],
        accepted_by=row["accepted_by"],
        accepted_at=utc(row["accepted_at"]) if row["accepted_at"] else None,
        note=row["note"],
    )
