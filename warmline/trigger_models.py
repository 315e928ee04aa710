"""What the five triggers (warmline/triggers.py) read and return: their memory between turns and their decision.

Apart from the rules so a module that only carries a decision (the reply wording, the turn plan's models, the
handoff's context) names these types without importing the rules.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from warmline.models import Reason

DecisionKind = Literal[
    "answer",  # give the query type's answer
    "retry",  # the answer did not work; try again (failure counted, limit not reached)
    "clarify",  # confidence too low; ask a clarifying question
    "offer",  # sustained negative sentiment; offer a specialist
    "offer_declined",  # the caller said no to the offer
    "offer_reask",  # the answer to the offer was neither yes nor no: ask once more
    "empathise",  # an upset turn about the topic in hand: acknowledge it (the sentiment rule counts it)
    "thanks",  # "thanks" with nothing else to act on
    "goodbye",  # the caller is done: end the call
    "prompt",  # a greeting or a bare yes/no: invite the question
    "escalate",  # a trigger fired: hand off to a person
    "authenticate",  # the answer needs a verified caller: ask for the identifiers first
    "action_failed",  # the query type's action failed or lacked data (failure counted, limit not reached)
]


class TriggerState(BaseModel):
    """What the triggers remember between turns of one call."""

    failures: dict[str, int] = Field(default_factory=dict)  # per query type, within the call
    clarifications: int = 0  # clarifying questions asked in the current unclear stretch
    negative_streak: int = 0  # consecutive turns below the sentiment threshold
    offer_pending: bool = False  # the AI's last turn offered a specialist
    offer_asked: int = 0  # how many times the pending offer has been put
    steps: dict[str, int] = Field(default_factory=dict)  # per query type, the last step the caller heard
    last_kind: str | None = None  # what the AI did with the previous turn (a DecisionKind)
    last_answer_turn: int | None = None  # last turn the AI gave an answer or a succeeded action
    topic: str | None = None  # the query type being discussed
    # No topic yet: the query type the AI's best guess named on an unclear turn it asked about (a clarifying
    # question or an invitation). Not enough to answer, but what the call is about as far as the line can tell:
    # a caller who then asks for a person, or is upset and accepts a specialist, goes to that type's queue.
    leaning: str | None = None
    words_asked_about: int = 0  # words of the turn the last clarifying question asked about (`unclear.py`)
    restarted: bool = False  # this unclear stretch's count restarted for another matter (`another_matter.py`)


class Fired(BaseModel):
    reason: Reason
    detail: str


class Decision(BaseModel):
    kind: DecisionKind
    reason: Reason | None = None
    detail: str = ""
    query_type: str | None = None  # what the turn is about, for the answer and routing
    confirmation_seeking: bool = False
    failures_counted: int = 0
    # Which step of the query type this answer or retry is: 1 its `answer`, 2 its `retry_answer`, beyond that
    # no step is left to read out (the caller is asked what happens instead of hearing one again).
    step: int = 1
    state: TriggerState
