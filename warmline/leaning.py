"""Where an unsure call leans: the guesses that say which query type's queue a person takes the call from.

`triggers.decide` says whether the AI answers, asks or hands over; when it hands over before a topic is established,
or an upset caller's words read as another topic, these say where to: the AI's guess when it is worth something, the
leaning the clarifying questions recorded (`TriggerState.leaning`), or the topic already answered. Pure, like the
triggers, and tested through `decide` (tests/unit/test_routing_leaning.py).
"""

from __future__ import annotations

from warmline.trigger_models import TriggerState
from warmline.understanding import DialogAct, Understanding

SURE_TOPIC = 0.75  # a reading from which an upset turn moves the call to another queue, a vague turn is answered
LOOSE_GUESS = 0.1  # a request turn's reading from which its guess, though unsure, says where a person takes it
# What the AI did that an upset turn after it reacts to, still on the topic in hand: an answer, a retry, or the
# acknowledgement of an upset turn about it (the sixteenth round added the last).
_REACTED_TO = ("answer", "retry", "empathise")


def upset_about(before: TriggerState, topic: str | None, confidence: float) -> str | None:
    """The query type the AI answered, when the upset turn completing the streak moved the topic without asking
    plainly about the new one (its reading under `SURE_TOPIC`): a rant's words read as a topic ("for what I'm paying
    you", "some drama, and not on the stage") do not move the call from what it was about. None: the topic stands."""
    answered = before.topic if before.topic in before.steps and before.last_answer_turn is not None else None
    return answered if answered and topic != answered and confidence < SURE_TOPIC else None


def rant_moves(
    before: TriggerState, u: Understanding, intent: str | None, confidence: float, upset_below: float
) -> bool:
    """An upset turn right after an answer, or after the AI acknowledged an upset turn about it, whose words read
    loosely (under `SURE_TOPIC`) as another type: the caller reacting to the answer ("a whole week, that's no use to
    anyone, we need it sorted now"), or ranting on ("the staff can't even tell me who's in charge, useless"), not
    asking about the other type, which is not answered; the call stays on the answered type (empathised with, its
    upset counted), as `upset_about` keeps it when such a turn completes the streak. Nor, when the other type is one
    people handle, is the rant out of scope (`triggers.decide` reads it as unsure there): the sentiment rule decides.
    A plain new question (a sure reading) moves it."""
    reacting = before.last_kind in _REACTED_TO and before.topic is not None
    return reacting and intent not in (None, before.topic) and confidence < SURE_TOPIC and u.sentiment < upset_below


def request_moves(before: TriggerState, u: Understanding, intent: str | None, confidence: float) -> bool:
    """A request for a person right after an answer whose words read loosely (under `SURE_TOPIC`) as another type:
    the caller wants the answer just given checked or carried out by someone ("could I run that past one of the lads
    in the shop", "put me on to your accounts people so I know it's landed"), so the call stays on the answered type,
    the one being discussed, and goes to its queue. A sure reading of another type (a new question said with the
    request) moves it, as `rant_moves` lets a plain new question move an upset turn."""
    reacting = before.last_kind in ("answer", "retry") and before.topic is not None
    return (
        reacting and u.has(DialogAct.REQUEST_HUMAN) and intent not in (None, before.topic) and confidence < SURE_TOPIC
    )


def lean(s: TriggerState, u: Understanding, intent: str | None) -> str | None:
    """What an unclear turn the AI asks about leans to: its best guess, unless the turn says nothing specific ("it's
    about the whole thing really"), whose guess is noise; a turn without a guess leaves the earlier leaning."""
    return intent if intent is not None and not u.has(DialogAct.VAGUE) else s.leaning


def asked_about(s: TriggerState, u: Understanding, intent: str | None, confidence: float) -> str | None:
    """Where a request for a person goes with no topic yet: what the request itself leans to ("could somebody sort
    out moving my booking" leans to bookings), read as an unclear turn's guess (`lean`), but only from `LOOSE_GUESS`
    up: a plea that names no need ("I'm hopeless with these machines, can I talk to someone") reads next to nothing
    and its guess is noise, so it keeps the earlier leaning (else the fallback queue). A request whose words the
    understanding leads to a `handling: human` type (out of scope, with that type as its intent: "could I go over
    what they're docking from my bond with a person") goes to that type's queue, as the out_of_scope
    transfer it outranks would: its confidence is zeroed with the out-of-scope reading, not because it is noise."""
    if u.out_of_scope and intent is not None:
        return intent
    if u.has(DialogAct.VAGUE):
        return None  # "can I not just talk to one of your lot": no known intent, the fallback queue (DESIGN.md)
    return lean(s, u, intent) if confidence >= LOOSE_GUESS else s.leaning
