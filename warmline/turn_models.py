"""The turn plan's inputs and output: what the call knows, one understood utterance, a step to run, the plan.

The models `warmline/turn_plan.py`'s `plan_turn` reads and returns, kept apart so the
workflow (workflows/call/) and the plan share them without the workflow reading the rules.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from warmline.actions import HttpAction
from warmline.auth import AuthProgress, Captured
from warmline.models import IntentRef
from warmline.redact import Expects
from warmline.replies import Action
from warmline.routing import Route
from warmline.trigger_models import Decision, TriggerState
from warmline.understanding import Understanding

CallbackMove = Literal["accept", "decline", "reask"]


class Dialog(BaseModel):
    """What the call knows that the decision reads, besides the words of this turn."""

    triggers: TriggerState
    verified: bool = False  # the caller's identity is verified
    auth: AuthProgress | None = None  # a verification under way
    have: list[str] = Field(default_factory=list)  # names of the values captured so far (the values stay in memory)
    callback_asked: int | None = None  # a callback offer the caller is answering: times put; None when none is
    payments_offered: bool = False  # the AI's last reply offered the payments team (policy `card_payments`)


class TurnInput(BaseModel):
    """One understood utterance."""

    turn: int
    text: str  # as said (before redaction): identifiers are read from it
    understanding: Understanding
    asr_confidence: float | None = None
    # A replay's identifiers said, by name (the values are never recorded); None: read them from `text`.
    identifiers: list[str] | None = None


class Step(BaseModel):
    """An action the plan needs run before it can finish: a lookup (`resolve`) or an identity check (`verify`)."""

    purpose: Literal["resolve", "verify"]
    query_type: str
    action: HttpAction


class StepOutcome(BaseModel):
    """What a step returned: `ok` with the looked-up `reply`, or a failure and why."""

    purpose: Literal["resolve", "verify"]
    ok: bool
    reply: str | None = None
    detail: str = ""


class TurnPlan(BaseModel):
    """Everything the workflow does with the turn, decided."""

    decision: Decision | None  # None for an answer to a callback offer (the triggers do not run)
    run: Step | None = None  # run this first, then plan again with its outcome
    action: Action = "reply"  # for a decision that keeps the call with the AI
    say: str = ""  # the words, for a decision that keeps the call with the AI
    route: Route | None = None  # a handoff's queue and whether it is open
    callback: CallbackMove | None = None  # the answer to a callback offer
    triggers: TriggerState  # what the triggers remember for the next turn
    intent: IntentRef | None = None  # the call's intent, when this turn made it clear
    auth: AuthProgress | None = None  # the verification under way after this turn
    capture: list[Captured] = Field(default_factory=list)  # identifiers to keep (before any step runs)
    forget_identifiers: bool = False  # verification failed: ask for every identifier again
    expects: Expects | None = None  # the reply asks for (or warns about) card details: the edge redacts any digits
    offers_payments: bool = False  # the reply offers the payments team: a yes next turn transfers there
