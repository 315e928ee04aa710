"""A turn the recogniser doubts, read as upset right after an answer, is asked about, not acknowledged as venting
(`warmline/unclear.py`, `misheard`; `triggers.decide`).

The decision tests' line asks one clarifying question, then escalates a still-unclear reply as low confidence.
`decide_turns`' `asr` applies to every turn after the first. Our own example turns.
"""

from __future__ import annotations

from tests.unit.decided import decide_turns, two_queue_policy
from warmline.policy import Policy
from warmline.understanding import DialogAct as A
from warmline.understanding import Understanding

POLICY: Policy = two_queue_policy(
    {"name": "hours", "examples": ["when open"], "answer": "9 to 5", "queue": "transactional"},
    {"name": "booking", "examples": ["book a slot"], "answer": "Book online", "queue": "transactional"},
)

# "tues the man sa no the wed" (a crackly line; the failure act fires on the "no")
GARBLED_NO = Understanding(confidence=0.0, words=7, acts=[A.VAGUE, A.NOT_RESOLVED])
# "can I book a slot for next week"
BOOK = Understanding(intent="booking", confidence=0.95, words=8)
# "so the ... for ... wi the ..." (a crackly line the sentiment reader scores low)
GARBLED_LOW = Understanding(confidence=0.0, words=6, sentiment=-0.6)


def test_a_doubted_failure_after_an_answer_is_asked_about() -> None:
    # Eighteenth round (`warmline/unclear_acts.py`): a doubted transcript reports no failure; heard clearly, it does.
    assert decide_turns(POLICY, BOOK, GARBLED_NO, asr=0.3)[-1][0] == "clarify"
    assert decide_turns(POLICY, BOOK, GARBLED_NO)[-1][0] == "retry"


def test_a_doubted_turn_read_as_upset_after_an_answer_is_asked_about() -> None:
    out = decide_turns(POLICY, BOOK, GARBLED_LOW, asr=0.3)
    assert out == [("answer", None, "booking"), ("clarify", None, "booking")]


def test_an_upset_turn_heard_clearly_after_an_answer_is_acknowledged() -> None:
    assert decide_turns(POLICY, BOOK, GARBLED_LOW)[-1][0] == "empathise"
