"""Writing late wrap-ups (`dispositions`): once per source and ticket, by DispositionWorkflow's activity.

Idempotent on its id (the activity may be retried, and Zendesk may send the same solve twice):
the later write replaces the earlier, which is the same wrap-up.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from store.engine import replace_row
from store.tables import dispositions, utc
from warmline.dispositions import LateDisposition


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
