"""Booked callbacks: the messages of CallbackWorkflow and the rules for when an attempt is due.

A callback is booked when nobody can take a caller now (the queue is closed, the
hold passed the queue's `max_wait_s`, or the helpdesk did not acknowledge in time).
The CallbackWorkflow holds the call's context and a durable timer; at the due
time it offers the callback to an agent through the same helpdesk as a live
transfer, with the context attached, so the caller never re-explains. Pure
functions here, so the timing rules have table-driven tests.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from warmline.context import ContextPayload
from warmline.hours import BusinessHours
from warmline.models import CallbackReason, DispositionCode, StrictModel
from warmline.policy import Callbacks
from warmline.voicemail import Voicemail

CALLBACK_ID_PREFIX = "callback-"

AttemptOutcome = Literal["reached", "no_answer", "voicemail", "wrong_number", "expired"]
FinalOutcome = Literal["reached", "unreachable", "wrong_number", "cancelled"]


def callback_workflow_id(call_id: str) -> str:
    return f"{CALLBACK_ID_PREFIX}{call_id}"


def open_at(hours: BusinessHours | None, at: datetime) -> datetime:
    """`at` if the queue is open then (or keeps no hours), else the next opening; never earlier than `at`."""
    if hours is None:
        return at
    return hours.next_open(at) or at


def first_due(hours: BusinessHours | None, booked_at: datetime, opens_at: datetime | None) -> datetime:
    """The first attempt: at opening time after hours, at once otherwise (still inside hours)."""
    return open_at(hours, max(opens_at or booked_at, booked_at))


def next_due(rules: Callbacks, hours: BusinessHours | None, last_attempt_at: datetime) -> datetime:
    """A retry waits `retry_after_s` after the last attempt and then for the queue to be open."""
    return open_at(hours, last_attempt_at + timedelta(seconds=rules.retry_after_s))


def retries_after(outcome: AttemptOutcome) -> bool:
    """Nobody picked up (or nobody reported back): worth another try. Reached or a wrong number: done."""
    return outcome in ("no_answer", "voicemail", "expired")


class CallbackStart(BaseModel):
    """Everything a callback needs, fixed at booking: the context, the queue's hours and the rules."""

    call_id: str
    reason: CallbackReason
    context: ContextPayload
    number: str | None
    booked_at: datetime
    due_at: datetime
    hours: BusinessHours | None = None
    rules: Callbacks = Field(default_factory=Callbacks)
    voicemail: Voicemail | None = None  # the caller's message, when the callback was booked by one
    transcript_wait_s: float = 0.0  # how long the first offer may wait for the message's transcript


class CallbackReport(StrictModel):
    """An agent's report of one attempt; `codes` rate the AI's part like a live call's disposition."""

    agent_id: str = Field(min_length=1, max_length=128)
    outcome: Literal["reached", "no_answer", "voicemail", "wrong_number"]
    notes: str | None = Field(default=None, max_length=4000)
    codes: list[DispositionCode] = Field(default_factory=list, max_length=5)
    repeat_explanation: bool | None = None
    intended_query_type: str | None = Field(default=None, min_length=1, max_length=64)  # as a call's disposition


class CallbackAgentEvent(StrictModel):
    """An agent took the callback from the desk and is dialling."""

    agent_id: str = Field(min_length=1, max_length=128)


class CallbackCancel(StrictModel):
    reason: str = Field(default="cancelled by an operator", min_length=1, max_length=200)


class CallbackAttempt(BaseModel):
    n: int
    due_at: datetime
    context_id: str
    offered_at: datetime | None = None
    acked_at: datetime | None = None
    ticket_id: str | None = None
    agent_id: str | None = None
    taken_at: datetime | None = None
    outcome: AttemptOutcome | None = None
    reported_at: datetime | None = None
    notes: str | None = None


class CallbackState(BaseModel):
    """The `state` query of a CallbackWorkflow, and the record the store keeps when it finishes."""

    call_id: str
    workflow_id: str
    reason: CallbackReason
    queue: str
    number: str | None
    booked_at: datetime
    due_at: datetime
    status: Literal["scheduled", "offered", "in_progress", "done"] = "scheduled"
    attempts: list[CallbackAttempt] = Field(default_factory=list)
    outcome: FinalOutcome | None = None
    agent_id: str | None = None  # who reached the caller
    completed_at: datetime | None = None
    codes: list[DispositionCode] = Field(default_factory=list)
    repeat_explanation: bool | None = None
    intended_query_type: str | None = None  # the query type the reaching agent said the caller meant
    cancel_reason: str | None = None
    voicemail: Voicemail | None = None

    @property
    def current(self) -> CallbackAttempt | None:
        return self.attempts[-1] if self.attempts else None

    @property
    def first_offer_delay_s(self) -> float | None:
        """Booking to the first agent taking it: how long the caller waited for the callback."""
        taken = next((a.taken_at for a in self.attempts if a.taken_at), None)
        return round((taken - self.booked_at).total_seconds(), 3) if taken else None


def spoken_time(at: datetime | None, hours: BusinessHours | None, now: datetime) -> str:
    """When the queue opens, as the AI says it in the queue's time zone: "tomorrow at 08:00"."""
    if at is None:
        return "as soon as we can"
    zone = ZoneInfo(hours.timezone if hours else "UTC")
    local, today = at.astimezone(zone), now.astimezone(zone).date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return f"today at {clock}"
    if local.date() == today + timedelta(days=1):
        return f"tomorrow at {clock}"
    if local.date() < today + timedelta(days=7):
        return f"on {local.strftime('%A')} at {clock}"
    return f"on {local.strftime('%A %d %B')} at {clock}"
