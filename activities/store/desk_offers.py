"""The built-in agent desk's offers: context payloads waiting for an agent on a queue.

The desk helpdesk writes here (its acknowledgement *is* the stored row); the
agent API reads and accepts from here. Every write is idempotent because its
callers retry: publishing a context twice keeps one row and one ticket id, and
an agent re-sending "accept" still holds the offer.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from activities.store.db import contexts, utc
from warmline.context import ContextPayload

OfferStatus = Literal["offered", "accepted", "withdrawn"]


class DeskOffer(BaseModel):
    """One offer as the agent desk shows it: the payload plus where it stands."""

    context: ContextPayload
    status: OfferStatus
    ticket_id: str
    accepted_by: str | None = None
    accepted_at: datetime | None = None
    note: str | None = None


def ticket_for(context_id: str) -> str:
    """A stable ticket id derived from the context id, so concurrent retries agree on it."""
    return "DESK-" + hashlib.sha256(context_id.encode()).hexdigest()[:10].upper()


async def offer(engine: AsyncEngine, context: ContextPayload) -> str:
    """Store the payload as an offer on its queue; returns the ticket id (the same one on every retry)."""
    try:
        async with engine.begin() as conn:
            await conn.execute(
                insert(contexts).values(
                    context_id=context.context_id,
                    call_id=context.call_id,
                    queue=context.queue,
                    status="offered",
                    created_at=utc(context.created_at),
                    ticket_id=ticket_for(context.context_id),
                    payload=context.model_dump(mode="json"),
                )
            )
        return ticket_for(context.context_id)
    except IntegrityError:  # already stored by an earlier attempt
        async with engine.connect() as conn:
            ticket = (
                await conn.execute(select(contexts.c.ticket_id).where(contexts.c.context_id == context.context_id))
            ).scalar_one()
        return str(ticket)


async def withdraw_offer(engine: AsyncEngine, context_id: str, reason: str) -> bool:
    """Take an offer back (the caller left); False when no such offer exists. Idempotent."""
    async with engine.begin() as conn:
        result = await conn.execute(
            update(contexts)
            .where(contexts.c.context_id == context_id, contexts.c.status != "withdrawn")
            .values(status="withdrawn", note=reason)
        )
        if result.rowcount:
            return True
        found = await conn.execute(select(contexts.c.context_id).where(contexts.c.context_id == context_id))
        return found.first() is not None


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


async def mark_accepted(engine: AsyncEngine, context_id: str, agent_id: str) -> bool:
    """Give an offered context to `agent_id`. True if that agent now holds it (a repeat accept is fine);
    False if it is unknown, withdrawn, or another agent took it first."""
    async with engine.begin() as conn:
        result = await conn.execute(
            update(contexts)
            .where(contexts.c.context_id == context_id, contexts.c.status == "offered")
            .values(status="accepted", accepted_by=agent_id, accepted_at=datetime.now(UTC))
        )
        if result.rowcount:
            return True
        holder = await conn.execute(
            select(contexts.c.accepted_by).where(contexts.c.context_id == context_id, contexts.c.status == "accepted")
        )
        return holder.scalar_one_or_none() == agent_id
