"""A reply to the last clarifying question that tells the matter in more words is answered, not escalated as unclear."""

from __future__ import annotations

from tests.unit.decided import decide_turns, two_queue_policy
from warmline.models import Reason
from warmline.policy import Policy
from warmline.trigger_models import TriggerState
from warmline.triggers import decide
from warmline.understanding import DialogAct as A
from warmline.understanding import Understanding

POLICY: Policy = two_queue_policy(
    {"name": "hours", "examples": ["when open"], "answer": "9 to 5", "queue": "transactional"},
    {"name": "booking", "examples": ["book a slot"], "answer": "Book online", "queue": "transactional"},
    {"name": "dispute", "examples": ["bill wrong"], "handling": "human", "queue": "complex"},
)


def _run(*turns: Understanding, asr: float | None = None) -> list[tuple[str, Reason | None, str | None]]:
    return decide_turns(POLICY, *turns, asr=asr)


# "the uh booking the app the thing with the" (9 words, garbled), asked about.
ASKED = Understanding(intent="hours", confidence=0.3, words=9)


def test_a_reply_telling_the_matter_in_more_words_is_answered_on_its_reading() -> None:
    # "sorry I'm on hands free, I meant can I get my son an extra day through the app": torn between two near types.
    told = Understanding(intent="booking", confidence=0.04, words=18)
    assert _run(ASKED, told) == [("clarify", None, None), ("answer", None, "booking")]


def test_a_reply_no_longer_than_the_turn_asked_about_is_still_unclear() -> None:
    # "the the app the day for the" (the same garbling again)
    again = Understanding(intent="booking", confidence=0.04, words=7)
    assert _run(ASKED, again)[-1] == ("escalate", Reason.LOW_CONFIDENCE, None)


def test_a_vague_misheard_or_failing_reply_or_a_people_type_is_still_escalated() -> None:
    vague = Understanding(intent="booking", confidence=0.04, words=18, acts=[A.VAGUE])
    assert _run(ASKED, vague)[-1] == ("escalate", Reason.LOW_CONFIDENCE, None)
    heard_badly = Understanding(intent="booking", confidence=0.04, words=18)
    assert _run(ASKED, heard_badly, asr=0.3)[-1] == ("escalate", Reason.LOW_CONFIDENCE, None)
    people = Understanding(intent="dispute", confidence=0.2, words=18)
    assert _run(ASKED, people)[-1][1] == Reason.LOW_CONFIDENCE


def test_a_longer_reply_before_the_last_clarifying_question_is_asked_about_again() -> None:
    lc = POLICY.defaults.low_confidence.model_copy(update={"clarify_attempts": 2})
    two = POLICY.model_copy(update={"defaults": POLICY.defaults.model_copy(update={"low_confidence": lc})})
    state = TriggerState()
    d = decide(two, state, 1, ASKED)
    d = decide(two, d.state.model_copy(update={"last_kind": d.kind}), 2, Understanding(intent="booking", words=18))
    assert d.kind == "clarify"
