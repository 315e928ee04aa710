"""After an answer given on a guess at an unclear turn, a still-unclear reply counts that turn as asked about."""

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

# "it's the booking and the times and all that": read as one of the two, but marked vague, and answered.
HEDGED = Understanding(intent="booking", confidence=0.8, acts=[A.VAGUE], words=9)
# "something about my slot next week" read at 0.6: over the threshold, not marked vague, answered.
LOOSE = Understanding(intent="booking", confidence=0.6, words=6)
# "what time do you open on a sunday": a sure reading, answered.
SURE = Understanding(intent="hours", confidence=0.95, words=8)
# "honestly it's a mix of everything, I can't say which": still unclear, no reading.
STILL_UNCLEAR = Understanding(acts=[A.VAGUE], words=10)


def test_a_still_unclear_reply_to_an_answer_on_a_guess_escalates_once_the_questions_are_spent() -> None:
    # One clarifying question allowed: the guessed answer stood for it, so the reply escalates, to the fallback queue.
    assert decide_turns(POLICY, HEDGED, STILL_UNCLEAR)[-1] == ("escalate", Reason.LOW_CONFIDENCE, None)


def test_after_an_answer_to_a_turn_not_marked_vague_a_vague_reply_is_asked_about_first() -> None:
    # "and the other thing, you know": a stretch of its own, counted from nought.
    assert decide_turns(POLICY, SURE, STILL_UNCLEAR)[-1] == ("clarify", None, "hours")
    assert decide_turns(POLICY, LOOSE, STILL_UNCLEAR)[-1] == ("clarify", None, "booking")


def test_an_upset_reply_to_a_guessed_answer_is_no_spent_question() -> None:
    upset = STILL_UNCLEAR.model_copy(update={"sentiment": -0.8})
    assert decide_turns(POLICY, HEDGED, upset)[-1][0] != "escalate"
