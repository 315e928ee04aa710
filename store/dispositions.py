"""Writing late wrap-ups (`dispositions`, by DispositionWorkflow's activity) and the tickets they come from.

Idempotent on their ids (the activity may be retried, and Zendesk may send the same solve twice):
the later write replaces the earlier, which is the same wrap-up or ticket.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from store.engine import replace_row
from store.tables import dispositions, tickets, utc
from warmline.dispositions import HelpdeskTicket, LateDisposition


def disposition_id(d: LateDisposition) -> str:
    """One row per ticket (or per call when the wrap-up names no ticket) and source."""
    return f"{d.source}:{d.ticket_id or d.call_id}"


async def save_disposition(engine: AsyncEngine, d: LateDisposition) -> None:
    await replace_row(
        engine,
        dispositions,
        {
            "disposition_id": disposition_id(d),
            "call_id": d.call_id,
            "source": d.source,
            "at": utc(d.at),
            "record": d.model_dump(mode="json"),
        },
    )


async def save_ticket(engine: AsyncEngine, ticket: HelpdeskTicket) -> None:
    """The Zendesk adapter's note of the ticket it created (idempotent: a retried publish gets the same ticket)."""
    await replace_row(
        engine,
        tickets,
        {
            "ticket_id": ticket.ticket_id,
            "context_id": ticket.context_id,
            "call_id": ticket.call_id,
            "callback_workflow_id": ticket.callback_workflow_id,
            "created_at": utc(ticket.created_at),
        },
    )
