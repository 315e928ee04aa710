"""Disposition codes counted per code, query type and queue, for `GET /v1/metrics` and the dashboard.

Until now the codes reached only the weekly review; counted beside the rates, an
operator sees at once whether escalations are the AI lacking knowledge, missing
the intent, an integration failing, or handing over too soon. A record with no
intent counts under "unknown", one with no queue under "none".

Some wrap-ups come back after the call's record was written: the agent who rang a
booked callback back and reached the caller, or a Zendesk ticket solved with its
disposition field set. They are kept beside the record (`LateDisposition`) and
count as that call's disposition when the call has none of its own: a call is
coded once, by the first wrap-up that came back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from warmline.callbacks import CallbackState
from warmline.models import DispositionCode
from warmline.records import CallRecord, DispositionCounts

DispositionSource = Literal["call", "callback", "zendesk"]


class LateDisposition(BaseModel):
    """A wrap-up for a call whose record is already stored: a reached callback's, or a solved Zendesk ticket's."""

    call_id: str
    source: DispositionSource
    codes: list[DispositionCode] = Field(min_length=1, max_length=5)
    repeat_explanation: bool | None = None
    intended_query_type: str | None = None  # a callback's agent may say it; a Zendesk ticket leaves it empty
    agent_id: str | None = None
    ticket_id: str | None = None
    at: datetime


class HelpdeskTicket(BaseModel):
    """A ticket the Zendesk adapter created: which call (and callback attempt) it is for."""

    ticket_id: str
    context_id: str
    call_id: str
    callback_workflow_id: str | None = None
    created_at: datetime


def from_callback(cb: CallbackState) -> LateDisposition | None:
    """The wrap-up of the attempt that reached the caller, if the agent coded it."""
    reached = next((a for a in reversed(cb.attempts) if a.outcome == "reached"), None)
    if cb.outcome != "reached" or not cb.codes or reached is None:
        return None
    at = reached.reported_at or cb.completed_at or cb.booked_at
    return LateDisposition(
        call_id=cb.call_id,
        source="callback",
        codes=cb.codes,
        repeat_explanation=cb.repeat_explanation,
        intended_query_type=cb.intended_query_type,
        agent_id=cb.agent_id,
        at=at,
    )


def with_late_dispositions(records: Sequence[CallRecord], late: Iterable[LateDisposition]) -> list[CallRecord]:
    """`records` with the first late wrap-up of each call that has no disposition of its own filled in."""
    first: dict[str, LateDisposition] = {}
    for d in sorted(late, key=lambda d: d.at):
        first.setdefault(d.call_id, d)
    out = []
    for r in records:
        late_one = first.get(r.call_id)
        if late_one is not None and not r.disposition_codes:
            r = r.model_copy(
                update={
                    "disposition_codes": list(late_one.codes),
                    "repeat_explanation": late_one.repeat_explanation,
                    "intended_query_type": late_one.intended_query_type,
                    "disposition_source": late_one.source,
                }
            )
        out.append(r)
    return out


UNKNOWN_QUERY_TYPE = "unknown"
NO_QUEUE = "none"


def _every_code(counts: Counter[str]) -> dict[str, int]:
    return {c.value: counts[c.value] for c in DispositionCode}


def _grouped(coded: Sequence[CallRecord], key: Callable[[CallRecord], str]) -> dict[str, dict[str, int]]:
    groups: dict[str, Counter[str]] = {}
    for r in coded:
        groups.setdefault(key(r), Counter()).update(c.value for c in r.disposition_codes)
    return {k: _every_code(groups[k]) for k in sorted(groups)}


def count_dispositions(records: Sequence[CallRecord]) -> DispositionCounts:
    """The codes over `records` (already filtered to the window); pure, so it is tested without a database."""
    coded = [r for r in records if r.disposition_codes]
    return DispositionCounts(
        coded_calls=len(coded),
        by_source=dict(sorted(Counter(r.disposition_source or "call" for r in coded).items())),
        by_code=_every_code(Counter(c.value for r in coded for c in r.disposition_codes)),
        by_query_type=_grouped(coded, lambda r: r.intent or UNKNOWN_QUERY_TYPE),
        by_queue=_grouped(coded, lambda r: r.queue or NO_QUEUE),
    )
