"""The built-in desk helpdesk: contexts go to the store's `desk_contexts` table and agents
read them on the `/desk` page.

It acknowledges once the context is stored, so the workflow's "ack before
transfer" means exactly "the agent's desk can show it". Publishing is
idempotent on context_id: a retried activity gets the same ticket back.
"""

from __future__ import annotations

from datetime import UTC, datetime

import structlog

from activities.store.db import get_engine
from activities.store.desk_offers import offer, withdraw_offer
from warmline.context import ContextPayload, HelpdeskAck

log = structlog.get_logger("warmline.helpdesk.desk")


class DeskHelpdesk:
    """The `Helpdesk` adapter for WARMLINE_HELPDESK=desk, over the store at `database_url`."""

    name = "desk"

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url

    async def publish(self, context: ContextPayload, attempt: int) -> HelpdeskAck:
        engine = await get_engine(self.database_url)
        ticket = await offer(engine, context)
        log.info(
            "context offered",
            call_id=context.call_id,
            context_id=context.context_id,
            queue=context.queue,
            ticket_id=ticket,
            attempt=attempt,
        )
        return HelpdeskAck(
            context_id=context.context_id, ticket_id=ticket, acked_at=datetime.now(UTC), attempts=attempt
        )

    async def withdraw(self, context_id: str, call_id: str, reason: str) -> None:
        engine = await get_engine(self.database_url)
        found = await withdraw_offer(engine, context_id, reason)
        log.info(
            "offer withdrawn" if found else "nothing to withdraw", call_id=call_id, context_id=context_id, reason=reason
        )
