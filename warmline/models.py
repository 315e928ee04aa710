"""The call's data: what the gateway sends, what the workflow keeps, what operators read.

Every workflow, update, signal, query and activity takes one of these models and
returns one, so histories stay readable in the Temporal UI and evolve by adding
optional fields.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from warmline.voicemail import Voicemail, VoicemailRequest

MAX_TURN_CHARS = 4000


class Status(StrEnum):
    """Where a call is in its lifecycle (contract "Call lifecycle")."""

    AI = "ai"
    TRANSFERRING = "transferring"
    WITH_AGENT = "with_agent"
    WRAP_UP = "wrap_up"
    ENDED = "ended"


class Reason(StrEnum):
    """The five escalation triggers; their names are part of the contract."""

    OUT_OF_SCOPE = "out_of_scope"
    CUSTOMER_REQUEST = "customer_request"
    FAILED_RESOLUTION = "failed_resolution"
    SENTIMENT = "sentiment"
    LOW_CONFIDENCE = "low_confidence"


class Speaker(StrEnum):
    CALLER = "caller"
    AI = "ai"


class Outcome(StrEnum):
    """How a call ended, for the store and the metrics."""

    CONTAINED = "contained"  # the AI handled it, nobody was needed
    ESCALATED = "escalated"  # handed to a person
    ABANDONED = "abandoned"  # caller hung up while the transfer was ringing
    CALLBACK = "callback"  # nobody could take it now; a callback was recorded
    NO_AGENT = "no_agent"  # nobody could take it and the caller declined (or never answered) a callback offer


class DispositionCode(StrEnum):
    AI_MISIDENTIFIED_INTENT = "ai_misidentified_intent"
    AI_LACKED_KNOWLEDGE = "ai_lacked_knowledge"
    AI_INTEGRATION_FAILURE = "ai_integration_failure"
    AI_OVER_ESCALATED = "ai_over_escalated"
    NONE = "none"


class StrictModel(BaseModel):
    """Input models refuse unknown fields so a typo in a gateway is a 422, not silence."""

    model_config = ConfigDict(extra="forbid")


class Caller(StrictModel):
    number: str | None = Field(default=None, max_length=64)
    authenticated: bool = False
    auth_method: str | None = Field(default=None, max_length=64)
    account_id: str | None = Field(default=None, max_length=128)


class CallStart(BaseModel):
    """Workflow input: one call, identified by the gateway's call id."""

    call_id: str
    caller: Caller = Field(default_factory=Caller)


class TurnRequest(StrictModel):
    """One caller utterance as the gateway transcribed it."""

    text: str = Field(min_length=1, max_length=MAX_TURN_CHARS)
    asr_confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    turn_id: str | None = Field(default=None, min_length=1, max_length=200)


class TransferInfo(BaseModel):
    queue: str
    reason: Reason
    context_id: str
    context_delivered: bool
    helpdesk_ticket: str | None = None
    # Publish → helpdesk ack in seconds, measured by the workflow; None while unacknowledged. Additive:
    # the API's /metrics observes it (warmline_helpdesk_ack_seconds).
    ack_latency_s: float | None = None

    @classmethod
    def of(cls, esc: Escalation) -> TransferInfo:
        """The gateway's view of a handoff at the transfer: the escalation's own fields, and whether the
        helpdesk had the context before the caller was put through."""
        shared = esc.model_dump(include={"queue", "reason", "context_id", "helpdesk_ticket", "ack_latency_s"})
        return cls(context_delivered=bool(esc.delivered_before_transfer), **shared)


class TurnResult(BaseModel):
    """What the gateway must do next: say something, transfer, or end the call."""

    call_id: str
    turn: int
    action: Literal["reply", "transfer", "end"]
    say: str
    transfer: TransferInfo | None = None
    # With `end` after hours on a voicemail queue: record the caller after `say` and post the message
    # (an addition to the contract's turn response; docs/twilio.md "Voicemail after hours").
    voicemail: VoicemailRequest | None = None


class Utterance(BaseModel):
    speaker: Speaker
    text: str
    at: datetime
    # What the caller actually heard of an AI utterance they talked over (barge-in); None: all of it.
    heard: str | None = None


class Interrupted(BaseModel):
    """The caller talked over the AI's last reply; `heard` is the part that was spoken before."""

    heard: str = Field(default="", max_length=4000)


class IntentRef(BaseModel):
    name: str
    confidence: float


class Authentication(BaseModel):
    verified: bool = False
    method: str | None = None
    verified_at: datetime | None = None


class ActionRecord(BaseModel):
    """Something the AI did to resolve the query, and whether it worked."""

    name: str
    status: Literal["succeeded", "failed"]
    detail: str = ""
    query_type: str | None = None
    turn: int = 0
    # "system": Warmline's own machinery (an LLM or understanding outage), shown to agents and counted in
    # the metrics but never a failed resolution attempt of the caller's query.
    kind: Literal["resolution", "system"] = "resolution"


# Defined before `Escalation` uses them, so the model is complete when this module is imported (pydantic
# otherwise resolves them at first use, from wherever that is: a workflow sandbox may not see this module).
CallbackReason = Literal["after_hours", "long_wait", "helpdesk_unavailable", "voicemail"]
CallbackChoiceValue = Literal["accepted", "declined", "no_answer"]


class Escalation(BaseModel):
    """The handoff as the call remembers it (a superset of the context's `escalation`)."""

    reason: Reason
    detail: str
    turn: int
    queue: str
    context_id: str
    context_delivered: bool = False  # acknowledged by the helpdesk (now)
    delivered_before_transfer: bool | None = None  # acknowledged before the caller was transferred
    helpdesk_ticket: str | None = None
    requested_at: datetime
    delivered_at: datetime | None = None
    ack_latency_s: float | None = None
    confirmation_seeking: bool = False
    callback: bool = False
    # The hold: from the transfer to an agent answering (or the caller leaving); seconds.
    transferred_at: datetime | None = None
    queue_wait_s: float | None = None
    # Callbacks: why one was offered, what the caller chose, when it is due.
    callback_reason: CallbackReason | None = None
    callback_choice: CallbackChoiceValue | None = None
    callback_due_at: datetime | None = None


class CallbackOffer(BaseModel):
    """A callback the AI is offering right now and the caller has not answered yet."""

    reason: CallbackReason
    offered_at: datetime
    opens_at: datetime | None = None  # after hours: when the queue opens (the callback's due time)
    say: str
    asked: int = 1  # how many times the question has been put


class CallbackChoice(StrictModel):
    """The caller's answer to a callback offer, from a gateway (a keypad press on hold, or an IVR menu)."""

    accept: bool


class CallbackAnswer(BaseModel):
    """What the gateway does after the caller's choice: end the call (booked, or declined after hours) or hold."""

    call_id: str
    action: Literal["end", "hold"]
    say: str
    callback_due_at: datetime | None = None


class AgentEvent(StrictModel):
    """The agent's leg as a gateway or helpdesk reports it. `hold_started`/`hold_ended` (additive to the
    contract's two) let a path that can hold the caller say so, so hold time is measured, not assumed."""

    type: Literal["agent_connected", "agent_completed", "hold_started", "hold_ended"]
    agent_id: str = Field(min_length=1, max_length=128)


class Disposition(StrictModel):
    agent_id: str = Field(min_length=1, max_length=128)
    codes: list[DispositionCode] = Field(min_length=1, max_length=5)
    repeat_explanation: bool
    notes: str | None = Field(default=None, max_length=4000)
    # With ai_misidentified_intent: the policy query type the caller meant ("should have been"), one of the live
    # policy's names (the API refuses others). Optional, and additive to the contract's disposition.
    intended_query_type: str | None = Field(default=None, min_length=1, max_length=64)


class Csat(StrictModel):
    score: int = Field(ge=1, le=5)


class Hangup(BaseModel):
    """A hangup signal; `source` says who saw the line drop (gateway, status callback, timer)."""

    source: str = "gateway"


class CallState(BaseModel):
    """Everything the workflow knows about a call; the `state` query returns it."""

    call_id: str
    status: Status = Status.AI
    caller: Caller = Field(default_factory=Caller)
    policy_version: str = ""
    started_at: datetime | None = None
    ended_at: datetime | None = None
    turn: int = 0
    intent: IntentRef | None = None
    authentication: Authentication = Field(default_factory=Authentication)
    actions: list[ActionRecord] = Field(default_factory=list)
    transcript: list[Utterance] = Field(default_factory=list)
    sentiment: list[float] = Field(default_factory=list)
    escalation: Escalation | None = None
    outcome: Outcome | None = None
    agent_id: str | None = None
    agent_connected_at: datetime | None = None
    agent_completed_at: datetime | None = None
    # Handle time's parts (warmline/handle_time.py): holds while with the agent, and when the wrap-up came.
    hold_s: float = 0.0
    hold_started_at: datetime | None = None
    wrapped_up_at: datetime | None = None
    disposition: Disposition | None = None
    csat: int | None = None
    hangup_at: datetime | None = None
    hangup_source: str | None = None
    callback_offer: CallbackOffer | None = None  # a callback offer waiting for the caller's answer
    voicemail: Voicemail | None = None  # after hours on a voicemail queue: the message, once left
