"""Ninth round (issue 15): a turn read as vague is unclear whatever its guess, unless the guess is sure: the AI asks
about it (a clarifying question, counted) instead of answering on the guess. A reply to a clarifying question is
read as before (it answers the options the question quoted, in few words)."""

from __future__ import annotations

from tests.unit.test_triggers import POLICY, U
from warmline.leaning import SURE_TOPIC
from warmline.models import Reason
from warmline.trigger_models import TriggerState
from warmline.triggers import decide
from warmline.unclear import NAMED_OPTION
from warmline.understanding import DialogAct as A


def test_a_vague_turn_with_a_middling_guess_is_asked_about() -> None:
    d = decide(POLICY, TriggerState(), 1, U("hours", conf=0.65, acts=(A.VAGUE,)))
    assert (d.kind, d.state.clarifications) == ("clarify", 1)
    # after an answer too: asked about, not answered again on the guess
    answered = TriggerState(topic="dispute", last_kind="answer", last_answer_turn=1, steps={"dispute": 1})
    assert decide(POLICY, answered, 2, U("hours", conf=0.65, acts=(A.VAGUE,))).kind == "clarify"


def test_a_sure_guess_is_answered_even_in_vague_words() -> None:
    assert decide(POLICY, TriggerState(), 1, U("hours", conf=SURE_TOPIC, acts=(A.VAGUE,))).kind == "answer"
    assert decide(POLICY, TriggerState(), 1, U("hours", conf=0.65)).kind == "answer"  # not vague: answered


def test_a_reply_to_a_clarifying_question_is_read_as_before() -> None:
    asked = TriggerState(last_kind="clarify", clarifications=1, leaning="hours")
    assert decide(POLICY, asked, 2, U("hours", conf=0.65, acts=(A.VAGUE,))).kind == "answer"
    still = decide(POLICY, asked, 2, U("hours", conf=0.2, acts=(A.VAGUE,)))
    assert (still.kind, still.reason) == ("escalate", Reason.LOW_CONFIDENCE)


def test_a_vague_reply_to_a_clarifying_question_on_a_loose_guess_is_still_unclear() -> None:
    """Twelfth round: "the order, the thing I ordered off you" read at 0.55 names none of the options the question
    quoted; it is not answered on that guess (`unclear.NAMED_OPTION`), as a clear reply at that reading is."""
    asked = TriggerState(last_kind="clarify", clarifications=1, leaning="hours")
    still = decide(POLICY, asked, 2, U("hours", conf=0.55, acts=(A.VAGUE,)))
    assert (still.kind, still.reason) == ("escalate", Reason.LOW_CONFIDENCE)
    assert decide(POLICY, asked, 2, U("hours", conf=0.55)).kind == "answer"  # not vague: the option named
    assert decide(POLICY, asked, 2, U("hours", conf=NAMED_OPTION, acts=(A.VAGUE,))).kind == "answer"


def test_a_vague_turn_loosely_read_as_a_people_handled_type_is_asked_about() -> None:
    """Thirteenth round: "you know, the thing with the car" read at 0.5 as a type people handle is a loose guess
    like any other vague reading: asked about (clarified, then the low_confidence transfer), not transferred as out
    of scope. A clear turn at that reading, or a vague one read surely, is the people's."""
    opening = decide(POLICY, TriggerState(), 1, U("fraud", conf=0.6, acts=(A.VAGUE,)))
    assert (opening.kind, opening.reason) == ("clarify", None)
    asked = TriggerState(last_kind="clarify", clarifications=1)
    still = decide(POLICY, asked, 2, U("fraud", conf=0.5, acts=(A.VAGUE,)))
    assert (still.kind, still.reason) == ("escalate", Reason.LOW_CONFIDENCE)
    assert decide(POLICY, asked, 2, U("fraud", conf=0.5)).reason == Reason.OUT_OF_SCOPE
    assert decide(POLICY, TriggerState(), 1, U("fraud", conf=SURE_TOPIC, acts=(A.VAGUE,))).reason == Reason.OUT_OF_SCOPE
