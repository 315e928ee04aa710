"""The context payload the helpdesk receives on escalation, and the summary agents read.

The payload shape is contract (contract "Context payload"). The summary must be
readable in 10-15 seconds, so it is capped at 60 words and leads with what the
agent needs first: who, what about, what the AI already tried, why it handed over.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from warmline.models import ActionRecord, Authentication, CallState, Escalation, IntentRef, Reason, Speaker, Utterance
from warmline.names import humanize
from warmline.voicemail import Voicemail

SUMMARY_MAX_WORDS = 60


class EscalationInfo(BaseModel):
    reason: Reason
    detail: str
    turn: int


class SentimentInfo(BaseModel):
    score: float  # the last turn's score, -1..1
    lowest: float
    label: str  # negative | neutral | positive


class Flags(BaseModel):
    confirmation_seeking: bool = False


class Caller(BaseModel):
    number: str | None = None
    account_id: str | None = None


class CallbackInfo(BaseModel):
    """Set when the payload is a callback to make rather than a caller on hold: ring `number` back."""

    reason: str  # after_hours | long_wait | helpdesk_unavailable | voicemail
    number: str | None
    booked_at: datetime
    due_at: datetime
    attempt: int = 1
    max_attempts: int = 1
    call_workflow_id: str  # the original call (ended); the callback's own workflow is `callback-<call_id>`
    workflow_id: str
    voicemail: Voicemail | None = None  # the caller's message (reason `voicemail`): recording and transcript


class ContextPayload(BaseModel):
    context_id: str
    call_id: str
    created_at: datetime
    summary: str
    intent: IntentRef | None
    authentication: Authentication
    actions: list[ActionRecord]
    escalation: EscalationInfo
    queue: str
    sentiment: SentimentInfo
    flags: Flags
    transcript: list[Utterance]
    caller: Caller = Field(default_factory=Caller)
    policy_version: str = ""
    callback: CallbackInfo | None = None  # a booked callback, not a live caller


def sentiment_info(scores: list[float]) -> SentimentInfo:
    last = scores[-1] if scores else 0.0
    label = "negative" if last <= -0.05 else "positive" if last >= 0.05 else "neutral"
    return SentimentInfo(score=round(last, 3), lowest=round(min(scores, default=0.0), 3), label=label)


def _clip(text: str, words: int) -> str:
    w = text.split()
    return " ".join(w[:words]) + ("…" if len(w) > words else "")


def summarize(state: CallState, reason: Reason, detail: str, queue: str, confirmation_seeking: bool) -> str:
    """A summary of at most 60 words, most important first."""
    auth = state.authentication
    who = f"Verified caller ({auth.method})" if auth.verified else "Unverified caller"
    if state.caller.account_id:
        who += f", account {state.caller.account_id}"
    about = f"about {humanize(state.intent.name)}" if state.intent else "with an unclear request"
    parts = [f"{who} {about}."]
    if confirmation_seeking:
        parts.append("The AI already answered; the caller wants a person to confirm it.")
    tried = [a for a in state.actions if a.query_type and not a.name.startswith("verify:")]
    if tried:
        failed = sum(1 for a in tried if a.status == "failed")
        parts.append(f"AI tried {len(tried)} answer{'s' if len(tried) != 1 else ''}, {failed} failed.")
    checks = sum(1 for a in state.actions if a.name.startswith("verify:") and a.status == "failed")
    if checks and not auth.verified:  # never the identifiers themselves: only that the check failed
        parts.append(f"Identity check failed {checks} time{'s' if checks != 1 else ''}.")
    parts.append(f"Handed over: {humanize(reason.value)} ({_clip(detail, 14)})")
    last = next((u.text for u in reversed(state.transcript) if u.speaker == Speaker.CALLER), "")
    if last:
        parts.append(f'Caller\'s last words: "{_clip(last, 16)}"')
    mood = sentiment_info(state.sentiment).label
    if mood == "negative":
        parts.append("Caller sounds upset.")
    text = " ".join(parts)
    return _clip(text, SUMMARY_MAX_WORDS)


def build_context(state: CallState, esc: Escalation, created_at: datetime) -> ContextPayload:
    """Everything an agent needs so the caller never repeats themselves, for the escalation `esc`."""
    return ContextPayload(
        context_id=esc.context_id,
        call_id=state.call_id,
        created_at=created_at,
        summary=summarize(state, esc.reason, esc.detail, esc.queue, esc.confirmation_seeking),
        intent=state.intent,
        authentication=state.authentication,
        actions=list(state.actions),
        escalation=EscalationInfo(reason=esc.reason, detail=esc.detail, turn=state.turn),
        queue=esc.queue,
        sentiment=sentiment_info(state.sentiment),
        flags=Flags(confirmation_seeking=esc.confirmation_seeking),
        transcript=list(state.transcript),
        caller=Caller(number=state.caller.number, account_id=state.caller.account_id),
        policy_version=state.policy_version,
    )


class HelpdeskAck(BaseModel):
    """The helpdesk's acknowledgement of a context payload."""

    context_id: str
    ticket_id: str | None = None
    acked_at: datetime
    attempts: int = 1


class PublishRequest(BaseModel):
    context: ContextPayload


# A withdrawal's reason when the caller was answered by whatever route reached an agent (the desk, a Twilio
# leg, a helpdesk's own telephony): the built-in desk must ring nobody else; an external helpdesk is not told
# (its own agent has the call, and "withdrawn" would read as the caller leaving).
ANSWERED = "connected"


class WithdrawRequest(BaseModel):
    """The caller no longer waits for this offer (hung up, booked a callback, or was answered): take it back."""

    context_id: str
    call_id: str
    reason: str = "abandoned"


OfferStatus = Literal["offered", "accepted", "withdrawn"]


class DeskOffer(BaseModel):
    """One offer as the agent desk shows it: the stored payload plus where it stands."""

    context: ContextPayload
    status: OfferStatus
    ticket_id: str
    accepted_by: str | None = None
    accepted_at: datetime | None = None
    note: str | None = None  # why it was withdrawn
