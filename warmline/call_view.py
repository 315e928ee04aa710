"""`GET /v1/calls/{id}`'s body: the call's state as a gateway or operator reads it (DESIGN.md "Gateway API")."""

from __future__ import annotations

from pydantic import BaseModel

from warmline.models import (
    ActionRecord,
    Authentication,
    CallbackOffer,
    CallState,
    Disposition,
    Escalation,
    IntentRef,
    Outcome,
    Status,
    Utterance,
)
from warmline.voicemail import Voicemail


class CallView(BaseModel):
    """`GET /v1/calls/{id}`: the call as a gateway or operator reads it."""

    call_id: str
    status: Status
    intent: IntentRef | None
    authenticated: bool
    authentication: Authentication
    turn: int
    transcript: list[Utterance]
    actions: list[ActionRecord]
    escalation: Escalation | None
    outcome: Outcome | None
    disposition: Disposition | None
    csat: int | None
    callback_offer: CallbackOffer | None = None
    voicemail: Voicemail | None = None

    @classmethod
    def of(cls, state: CallState) -> CallView:
        return cls(
            call_id=state.call_id,
            status=state.status,
            intent=state.intent,
            authenticated=state.authentication.verified,
            authentication=state.authentication,
            turn=state.turn,
            transcript=state.transcript,
            actions=state.actions,
            escalation=state.escalation,
            outcome=state.outcome,
            disposition=state.disposition,
            csat=state.csat,
            callback_offer=state.callback_offer,
            voicemail=state.voicemail,
        )
