"""A reply to a clarifying question that turns to another matter starts a new unclear stretch (`another_matter.py`).

The decision tests' line asks one clarifying question, then escalates a still-unclear reply as low confidence. A reply
that adds a second need ("and then there's the other business, the er ...") gets its own question first; once per
stretch, so a caller who keeps adding is still handed over. Our own example turns.
"""

from __future__ import annotations

from tests.unit.decided import decide_turns, two_queue_policy
from warmline.models import Reason
from warmline.policy import Policy
from warmline.understanding import DialogAct as A
from warmline.understanding import Understanding

POLICY: Policy = two_queue_policy(
    {"name": "hours", "examples": ["when open"], "answer": "9 to 5", "queue": "transactional"},
    {"name": "booking", "examples": ["book a slot"], "answer": "Book online", "queue": "transactional"},
)

# "I wanted to ask about the the thing with the dates" (read loosely, asked about)
UNCLEAR = Understanding(intent="booking", confidence=0.2, words=10)
# "oh and then there's the other business, the er, with the van" (a second need, no clearer)
ADDS = Understanding(confidence=0.0, words=11, acts=[A.VAGUE], another_matter=True)
# "you know, the one with the dates" (the first matter, still unclear)
STILL = Understanding(confidence=0.0, words=7, acts=[A.VAGUE])


def test_a_reply_adding_another_matter_is_asked_about_not_escalated() -> None:
    assert decide_turns(POLICY, UNCLEAR, ADDS) == [("clarify", None, None), ("clarify", None, None)]


def test_the_new_matter_still_unclear_after_its_question_is_escalated() -> None:
    out = decide_turns(POLICY, UNCLEAR, ADDS, STILL)
    assert [k for k, _, _ in out] == ["clarify", "clarify", "escalate"]
    assert out[-1][1] == Reason.LOW_CONFIDENCE


def test_the_count_restarts_once_per_stretch() -> None:
    out = decide_turns(POLICY, UNCLEAR, ADDS, ADDS)
    assert [k for k, _, _ in out] == ["clarify", "clarify", "escalate"]
    assert out[-1][1] == Reason.LOW_CONFIDENCE


def test_a_still_unclear_reply_without_another_matter_escalates_as_before() -> None:
    assert decide_turns(POLICY, UNCLEAR, STILL)[-1] == ("escalate", Reason.LOW_CONFIDENCE, None)


def test_a_new_stretch_after_an_answer_may_restart_again() -> None:
    # "when are you open" answered, then "and the other thing, the um" asked about, then "and also the er ..."
    asked = Understanding(intent="hours", confidence=0.95, words=5)
    out = decide_turns(POLICY, UNCLEAR, ADDS, asked, ADDS, ADDS, STILL)
    assert [k for k, _, _ in out] == ["clarify", "clarify", "answer", "clarify", "clarify", "escalate"]
