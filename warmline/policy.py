"""The policy file's schema: one YAML that configures a line (contract "Policy file").

The pydantic models and the checks across fields, validated at start. Reading the file and wording its
errors (`query_types[2].queue: ...`) is `warmline/policy_file.py`; an invalid file raises `PolicyError`,
so whoever configures the line fixes it without reading code.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from warmline.actions import CALL_VALUES, Authentication, HttpAction, matching_something
from warmline.hours import BusinessHours, TimeZoneName
from warmline.messages import Messages
from warmline.voicemail import VoicemailRules


class PolicyError(ValueError):
    """The policy file cannot be used; the message names the field and the fix."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LowConfidenceRule(_Strict):
    threshold: float = Field(default=0.5, ge=0.0, le=1.0)
    clarify_attempts: int = Field(default=1, ge=0, le=5)


class SentimentRule(_Strict):
    threshold: float = Field(default=-0.4, ge=-1.0, le=1.0)
    sustained_turns: int = Field(default=2, ge=1, le=20)
    action: Literal["offer", "escalate"] = "offer"


class Defaults(_Strict):
    max_failed_attempts: int = Field(default=2, ge=1, le=10)
    low_confidence: LowConfidenceRule = LowConfidenceRule()
    sentiment: SentimentRule = SentimentRule()
    fallback_queue: str = "complex"


class Handoff(_Strict):
    ack_timeout_s: float = Field(default=8.0, gt=0, le=120)
    on_ack_timeout: Literal["transfer", "callback"] = "transfer"


class WrapUp(_Strict):
    wait_s: float = Field(default=300.0, gt=0, le=86_400)


class Limits(_Strict):
    # A call nobody hung up (lost gateway) is closed after this long, so no workflow lives forever.
    max_call_s: float = Field(default=4 * 3600.0, gt=0, le=7 * 86_400)


class TransferTarget(_Strict):
    """Where a gateway sends the caller for a queue (Twilio: enqueue, dial or SIP)."""

    enqueue: str | None = None
    dial: str | None = None
    sip: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> TransferTarget:
        if sum(v is not None for v in (self.enqueue, self.dial, self.sip)) != 1:
            raise ValueError("give exactly one of enqueue, dial or sip")
        return self


class RedactionPattern(_Strict):
    """An extra thing to redact at the API edge, replaced by `[redacted:<name>]` (e.g. account numbers)."""

    name: str = Field(min_length=1, max_length=32, pattern=r"^[a-z0-9_]+$")
    regex: str = Field(min_length=1, max_length=500)

    @field_validator("regex")
    @classmethod
    def _compiles(cls, v: str) -> str:
        return matching_something(v, "the regex")


class Callbacks(_Strict):
    """How booked callbacks are worked: attempts, the gap between them, how long an agent has to report."""

    max_attempts: int = Field(default=3, ge=1, le=10)
    retry_after_s: float = Field(default=1800.0, gt=0, le=7 * 86_400)
    # An offered callback nobody reports an outcome for within this long counts as an expired attempt.
    report_within_s: float = Field(default=4 * 3600.0, gt=0, le=7 * 86_400)


class Redaction(_Strict):
    patterns: list[RedactionPattern] = Field(default_factory=list, max_length=50)


class Queue(_Strict):
    name: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    skills: list[str] = Field(default_factory=list)
    hours: BusinessHours | None = None
    after_hours: Literal["callback", "voicemail"] = "callback"
    transfer: TransferTarget | None = None
    # How long an offer rings one agent's desk before it goes to the next agent.
    ring_s: float = Field(default=20.0, gt=0, le=600)
    # A caller on hold longer than this is offered a callback instead (None: they may hold indefinitely).
    max_wait_s: float | None = Field(default=None, gt=0, le=86_400)


class CardPayments(_Strict):
    """The line's secure route for card payments: a caller who starts reading card details out is told not to and
    offered a transfer to this queue, whose team takes the card off the AI's line (docs/security.md)."""

    queue: str = Field(min_length=1, max_length=64)


class QueryType(_Strict):
    name: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    handling: Literal["ai", "human"] = "ai"
    examples: list[str] = Field(default_factory=list)
    answer: str | None = None
    retry_answer: str | None = None
    queue: str
    max_failed_attempts: int | None = Field(default=None, ge=1, le=10)
    low_confidence: LowConfidenceRule | None = None
    sentiment: SentimentRule | None = None
    # Look the answer up in the company's system (docs/actions.md); `answer`, if given, is said before its reply.
    action: HttpAction | None = None
    requires_auth: bool = False  # verify the caller (policy `authentication`) before answering

    @field_validator("examples")
    @classmethod
    def _examples_not_blank(cls, v: list[str]) -> list[str]:
        if any(not e or not e.strip() for e in v):
            raise ValueError("examples must not be blank")
        return v

    @model_validator(mode="after")
    def _ai_needs_answer(self) -> QueryType:
        if self.handling == "ai" and not self.answer and not self.action:
            raise ValueError("a query type with handling: ai needs an answer or an action")
        if self.action is not None and not self.action.reply:
            raise ValueError("the action needs a reply: what the caller hears, e.g. 'Your balance is {balance}.'")
        if not self.examples:
            raise ValueError("give at least one example phrasing")
        return self


class Policy(_Strict):
    company: str = Field(min_length=1)
    timezone: TimeZoneName = "UTC"  # the line's own: staffing buckets its hours of the week here, not in UTC
    greeting: str = Field(min_length=1)
    warm_transfer_message: str = Field(min_length=1)
    defaults: Defaults = Defaults()
    handoff: Handoff = Handoff()
    wrap_up: WrapUp = WrapUp()
    limits: Limits = Limits()
    messages: Messages = Messages()
    callbacks: Callbacks = Callbacks()
    voicemail: VoicemailRules = VoicemailRules()  # queues with `after_hours: voicemail`
    redaction: Redaction = Redaction()
    card_payments: CardPayments | None = None
    authentication: Authentication | None = None
    queues: list[Queue] = Field(min_length=2)
    query_types: list[QueryType] = Field(min_length=1)
    # Optional phrasings of things callers ask that this line does not cover ("what's the weather like"):
    # the understanding classifier learns them as one more class, the out-of-scope one.
    out_of_scope_examples: list[str] = Field(default_factory=list)
    version: str = ""

    @model_validator(mode="after")
    def _references_resolve(self) -> Policy:
        queues = [q.name for q in self.queues]
        _unique("queues", queues)
        _unique("query_types", [t.name for t in self.query_types])
        if self.defaults.fallback_queue not in queues:
            raise ValueError(
                f"defaults.fallback_queue: unknown queue {self.defaults.fallback_queue!r} (queues: {', '.join(queues)})"
            )
        if self.card_payments is not None and self.card_payments.queue not in queues:
            raise ValueError(
                f"card_payments.queue: unknown queue {self.card_payments.queue!r} (queues: {', '.join(queues)})"
            )
        for i, qt in enumerate(self.query_types):
            if qt.queue not in queues:
                raise ValueError(
                    f"query_types[{i}].queue: unknown queue {qt.queue!r} for {qt.name!r} (queues: {', '.join(queues)})"
                )
            _check_action_values(self.authentication, qt, i)
        return self

    # -- lookups used by the trigger rules and routing ------------------------------
    def query_type(self, name: str | None) -> QueryType | None:
        return next((t for t in self.query_types if t.name == name), None)

    def queue(self, name: str) -> Queue | None:
        return next((q for q in self.queues if q.name == name), None)

    def max_failed_attempts(self, query_type: str | None) -> int:
        qt = self.query_type(query_type)
        return (qt.max_failed_attempts if qt else None) or self.defaults.max_failed_attempts

    def low_confidence_rule(self, query_type: str | None) -> LowConfidenceRule:
        qt = self.query_type(query_type)
        return (qt.low_confidence if qt else None) or self.defaults.low_confidence

    def sentiment_rule(self, query_type: str | None) -> SentimentRule:
        qt = self.query_type(query_type)
        return (qt.sentiment if qt else None) or self.defaults.sentiment

    def without_examples(self) -> Policy:
        """The policy a call carries in its history: decisions need no training phrases."""
        return self.model_copy(
            update={
                "query_types": [t.model_copy(update={"examples": t.examples[:1]}) for t in self.query_types],
                "out_of_scope_examples": [],
            }
        )


def _check_action_values(auth: Authentication | None, qt: QueryType, i: int) -> None:
    """A query type's action may only use values the call can have: the gateway's, identifiers, captures."""
    if qt.requires_auth and auth is None:
        raise ValueError(f"query_types[{i}].requires_auth: the policy has no authentication section")
    if qt.action is None:
        return
    known = set(CALL_VALUES)
    if auth is not None and qt.requires_auth:
        known |= {ident.name for ident in auth.identifiers} | set(auth.verify.capture)
    for n in qt.action.needs:
        if n not in known:
            hint = "" if qt.requires_auth else " (identifiers and captured values need requires_auth: true)"
            raise ValueError(
                f"query_types[{i}].action.needs: {n!r} is not a value the call has "
                f"(known: {', '.join(sorted(known))}){hint}"
            )


def _unique(field: str, names: list[str]) -> None:
    seen: set[str] = set()
    for i, n in enumerate(names):
        if n in seen:
            raise ValueError(f"{field}[{i}].name: duplicate name {n!r}")
        seen.add(n)
