"""What the understanding step tells the triggers about one caller turn.

Back-ends (the embedded classifier, later LLMs and embeddings) all answer with an
`Understanding`; the trigger rules read nothing else, so a new back-end cannot
change how escalation decisions are made.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from warmline.models import ActionRecord


class DialogAct(StrEnum):
    """Conversational moves that matter to the triggers, independent of the query type."""

    REQUEST_HUMAN = "request_human"  # "can I speak to a real person"
    NOT_RESOLVED = "not_resolved"  # "that didn't work", "still the same"
    AFFIRM = "affirm"  # "yes please"
    DENY = "deny"  # "no thanks"
    THANKS = "thanks"
    GOODBYE = "goodbye"  # "that's everything", "bye"
    GREETING = "greeting"
    VAGUE = "vague"  # says nothing specific: "oh, the normal stuff really"


# What the AI's previous turn did, as the next turn is read against it.
Pending = Literal["offer", "clarify", "answer"]


class IntentCandidate(BaseModel):
    name: str
    score: float
    # The query type's example phrasing nearest to what the caller said: a clarifying question quotes it,
    # so the caller hears their own kind of words, never the policy's internal names.
    example: str | None = None


class UnderstandingRequest(BaseModel):
    """One turn to understand, with the little dialog context a back-end needs."""

    call_id: str
    turn: int
    text: str
    asr_confidence: float | None = None
    # What the AI's previous turn asked or did, so "yes" and "it didn't work" can be read.
    pending: Pending | None = None
    last_query_type: str | None = None
    policy_version: str = ""


class Understanding(BaseModel):
    """Intent + confidence, dialog acts, sentiment, reply and actions for one turn."""

    intent: str | None = None
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    candidates: list[IntentCandidate] = Field(default_factory=list)
    # Clearly about something the policy does not cover (not merely unclear).
    out_of_scope: bool = False
    # The caller says they already did the usual first step ("I've already restarted the router"): the
    # answer should be the next step, not the one they tried.
    already_tried: bool = False
    # How many words the caller said (0: not counted). A reply to a clarifying question that says more than the turn
    # asked about is the caller answering it (`unclear.answers_question`).
    words: int = Field(default=0, ge=0)
    # The turn brings in another matter of the caller's ("and there was the other thing", "while I've got you"): a
    # reply to a clarifying question that does so starts a new unclear stretch (`warmline.another_matter`).
    another_matter: bool = False
    acts: list[DialogAct] = Field(default_factory=list)
    sentiment: float = Field(default=0.0, ge=-1.0, le=1.0)
    reply: str | None = None
    actions: list[ActionRecord] = Field(default_factory=list)
    backend: str = "embedded"

    def has(self, act: DialogAct) -> bool:
        return act in self.acts
