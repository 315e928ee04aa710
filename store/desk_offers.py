"""Writing the built-in agent desk's offers: context payloads waiting for an agent on a queue.

The desk helpdesk writes here (its acknowledgement *is* the stored row) and the
queue workflow's accept marks the row taken; the agent API only reads them
(`store.queries`). Every write is idempotent because its
callers retry: publishing a context twice keeps one row and one ticket id, and
an agent re-sending "accept" still holds the offer.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from store.sealing import CONTEXT_FIELDS, sealer
from store.tables import contexts, utc
from warmline.context import ContextPayload


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
                    payload=sealer(engine).seal(context.model_dump(mode="json"), CONTEXT_FIELDS),
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
    """Take an offer back while it is still offered (an accepted one stays the agent's); False when no such
    offer exists. Idempotent."""
    async with engine.begin() as conn:
        result = await conn.execute(
            update(contexts)
            .where(contexts.c.context_id == context_id, contexts.c.status == "offered")
            .values(status="withdrawn", note=reason)
        )
        if result.rowcount:
            return True
        found = await conn.execute(select(contexts.c.context_id).where(contexts.c.context_id == context_id))
        return found.first() is not None


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
