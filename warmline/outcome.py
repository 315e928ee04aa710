"""Turns a finished call's state into the record the store keeps."""

from __future__ import annotations

from warmline.models import CallState, Outcome
from warmline.records import CallRecord


def call_record(st: CallState, intent_queue: str | None = None) -> CallRecord:
    """The record of a finished call; `intent_queue` files a contained call under its intent's queue."""
    esc = st.escalation
    handle = None
    if st.agent_connected_at and st.agent_completed_at:
        handle = round((st.agent_completed_at - st.agent_connected_at).total_seconds(), 3)
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
        reason=esc.reason if esc else None,
        reason_detail=esc.detail if esc else None,
        escalation_turn=esc.turn if esc else None,
        queue=esc.queue if esc else intent_queue,
        context_id=esc.context_id if esc else None,
        context_delivered=esc.delivered_before_transfer if esc else None,
        ack_latency_s=esc.ack_latency_s if esc else None,
        helpdesk_ticket=esc.helpdesk_ticket if esc else None,
        confirmation_seeking=esc.confirmation_seeking if esc else False,
        queue_wait_s=esc.queue_wait_s if esc else None,
        callback_reason=esc.callback_reason if esc else None,
        callback_choice=esc.callback_choice if esc else None,
        agent_id=st.agent_id,
        agent_connected_at=st.agent_connected_at,
        agent_completed_at=st.agent_completed_at,
        handle_time_s=handle,
        disposition_codes=list(st.disposition.codes) if st.disposition else [],
        repeat_explanation=st.disposition.repeat_explanation if st.disposition else None,
        disposition_notes=st.disposition.notes if st.disposition else None,
        csat=st.csat,
        actions=st.actions,
        transcript=st.transcript,
        policy_version=st.policy_version,
    )
