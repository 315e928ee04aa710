"""Turns a finished call's state into the record the store keeps."""

from __future__ import annotations

from typing import Any

from warmline.handle_time import handle_parts
from warmline.models import CallState, Escalation, Outcome
from warmline.records import CallRecord

# The escalation's fields the record keeps under the same names; the rest are renamed in `_escalation_fields`.
_SAME_NAMES = {
    "reason",
    "queue",
    "context_id",
    "ack_latency_s",
    "helpdesk_ticket",
    "confirmation_seeking",
    "queue_wait_s",
    "callback_reason",
    "callback_choice",
}


def _escalation_fields(esc: Escalation | None, intent_queue: str | None) -> dict[str, Any]:
    """The record's escalation columns; a contained call has none (their defaults), only its intent's queue."""
    if esc is None:
        return {"queue": intent_queue}
    return {
        **esc.model_dump(include=_SAME_NAMES),
        "reason_detail": esc.detail,
        "escalation_turn": esc.turn,
        "context_delivered": esc.delivered_before_transfer,  # at the moment of transfer
    }


def call_record(st: CallState, intent_queue: str | None = None) -> CallRecord:
    """The record of a finished call; `intent_queue` files a contained call under its intent's queue."""
    esc = st.escalation
    started = st.started_at
    ended = st.ended_at or st.hangup_at or started
    assert started is not None and ended is not None
    return CallRecord(
        call_id=st.call_id,
        started_at=started,
        ended_at=ended,
        outcome=st.outcome or (Outcome.ESCALATED if esc else Outcome.CONTAINED),
        turns=st.turn,
        intent=st.intent.name if st.intent else None,
        intent_confidence=st.intent.confidence if st.intent else None,
        authenticated=st.authentication.verified,
        auth_method=st.authentication.method,
        caller_number=st.caller.number,
        account_id=st.caller.account_id,
        **_escalation_fields(esc, intent_queue),
        agent_id=st.agent_id,
        agent_connected_at=st.agent_connected_at,
        agent_completed_at=st.agent_completed_at,
        **handle_parts(st).model_dump(),
        wrapped_up_at=st.wrapped_up_at,
        disposition_codes=list(st.disposition.codes) if st.disposition else [],
        repeat_explanation=st.disposition.repeat_explanation if st.disposition else None,
        disposition_notes=st.disposition.notes if st.disposition else None,
        intended_query_type=st.disposition.intended_query_type if st.disposition else None,
        disposition_source="call" if st.disposition else None,
        csat=st.csat,
        actions=st.actions,
        transcript=st.transcript,
        policy_version=st.policy_version,
    )
