"""An unclear turn is not hidden by its acts: a misheard "failure", a vague goodbye, a doubted thanks that goes on."""

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

# "what time do you open on a sunday": answered.
ASKED_HOURS = Understanding(intent="hours", confidence=0.9, words=8)
# "the er the thing with the app the" (8 words): asked about.
UNCLEAR = Understanding(intent="booking", confidence=0.3, words=8)


def test_a_misheard_turn_after_an_answer_is_asked_about_not_counted_as_a_failure() -> None:
    # "sorry the the bus the wa no" on a bad line: the act model hears a failure in stray words.
    garbled = Understanding(acts=[A.NOT_RESOLVED], words=7)
    assert decide_turns(POLICY, ASKED_HOURS, garbled, asr=0.3)[-1] == ("clarify", None, "hours")
    # Heard clearly, "no that's not it" is the answer failing: retried.
    assert decide_turns(POLICY, ASKED_HOURS, garbled)[-1] == ("retry", None, "hours")


def test_a_misheard_reply_to_a_clarifying_question_confirms_no_guess() -> None:
    garbled = Understanding(acts=[A.NOT_RESOLVED, A.VAGUE], words=7)
    assert decide_turns(POLICY, UNCLEAR, garbled, asr=0.3)[-1] == ("escalate", Reason.LOW_CONFIDENCE, None)


def test_a_vague_reply_to_a_clarifying_question_escalates_instead_of_ending_the_call() -> None:
    # "like last time, you know how it is, all done with now isn't it": heard as a goodbye.
    vague_bye = Understanding(acts=[A.GOODBYE, A.VAGUE], words=14)
    assert decide_turns(POLICY, UNCLEAR, vague_bye)[-1] == ("escalate", Reason.LOW_CONFIDENCE, None)
    # "no you're alright, bye now": a plain goodbye still ends it.
    assert decide_turns(POLICY, UNCLEAR, Understanding(acts=[A.GOODBYE], words=5))[-1] == ("goodbye", None, None)


def test_a_short_or_thankful_goodbye_after_a_clarifying_question_still_ends_the_call() -> None:
    # "okay never mind, bye": few words, whatever the vague act says.
    short = Understanding(acts=[A.GOODBYE, A.VAGUE], words=4)
    assert decide_turns(POLICY, UNCLEAR, short)[-1] == ("goodbye", None, None)
    # "lovely, you've sorted me right out there, thanks ever so much, bye": thanked and left.
    thanked = Understanding(acts=[A.THANKS, A.GOODBYE, A.VAGUE], words=13)
    assert decide_turns(POLICY, UNCLEAR, thanked)[-1] == ("goodbye", None, None)


def test_a_doubted_thanks_that_goes_on_is_asked_about() -> None:
    # "cheers and the other the um round the side one for the" on a bad line: more than a thank-you.
    goes_on = Understanding(acts=[A.THANKS], words=12)
    assert decide_turns(POLICY, ASKED_HOURS, goes_on, asr=0.3)[-1] == ("clarify", None, "hours")
    # "oh ta very much" on the same line is thanks.
    assert decide_turns(POLICY, ASKED_HOURS, Understanding(acts=[A.THANKS], words=4), asr=0.3)[-1][0] == "thanks"
