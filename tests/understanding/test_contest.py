"""A decision or someone's conduct contested is out of scope (`contest`), whatever covered type it reads as.

The matter is the line's own business (an engineer's visit, a bill, an appointment), so the head read a covered type
and the AI answered it, or, after an answer, the act model read "not right" as a failure and the AI retried it.
Our own phrasings, none taken from a line's calls.
"""

from __future__ import annotations

import pytest

from activities.understanding.contest import contests, covers_contest
from activities.understanding.text import clean
from tests.understanding.conftest import understand

CONTESTS = [
    "the engineer who came out was rude to my wife and I want it looked into",
    "they've told me it's my fault and I won't accept that",
    "I'd like it put on record that nobody turned up",
    "you've charged me a late fee and I want to appeal it",
    "they say I owe forty pounds and I'm not having that",
    # A complaint made (the seventeenth round)
    "I'd like to lodge an official complaint about the lady in your shop",
    "I'm phoning to complain about the driver who blocked our lane",
    "we're putting a formal complaint in about how the fitter left the place",
]
NOT_CONTESTS = [
    "I did that and it still doesn't work",
    "that's not right, I never had a discount",
    "can I get my boiler looked at on tuesday",
    "do you accept cards over the phone",
    "I want to look into switching to the faster package",
    "I complained last week and nothing has happened since",
    "this is a complaint really, the router is still dropping out",
]


@pytest.mark.parametrize("text", CONTESTS)
def test_a_review_asked_for_is_a_contest(text: str) -> None:
    assert contests(clean(text))


@pytest.mark.parametrize("text", NOT_CONTESTS)
def test_failures_and_asks_are_not(text: str) -> None:
    assert not contests(clean(text))


def test_a_policy_whose_ai_takes_such_requests_covers_them() -> None:
    assert covers_contest([clean("I want to dispute this charge")])
    assert not covers_contest([clean("can I pay by card"), clean("what time do you open")])


@pytest.mark.parametrize(
    ("text", "pending", "last"),
    [
        # Answered as slow internet before the rule (0.7): the matter is the line's, the ask is a review.
        (
            "your engineer blamed my wiring for the slow speeds and charged me for the visit, I do not accept that",
            None,
            None,
        ),
        # Read as moving home, unsurely (0.07): clarified.
        ("the man who set up my broadband upgrade was rude to my husband and I want it put on record", None, None),
        # After an answer, read as a failure of it ("not right") and retried.
        (
            "the engineer blamed me and charged me for it, that's not right and I want it looked into",
            "answer",
            "slow_internet",
        ),
    ],
)
def test_a_contest_is_out_of_scope(text: str, pending: str | None, last: str | None) -> None:
    assert understand("brightwave", text, pending=pending, last=last).out_of_scope


def test_a_human_type_read_first_keeps_its_queue() -> None:
    """A complaint the policy gives people keeps its type, so the call goes to its queue, not the fallback."""
    u = understand("riverside_dental", "the dentist was really rude to my mum and I want it put on record")
    assert u.out_of_scope and u.intent == "complaint"


@pytest.mark.parametrize("pending", [None, "clarify"])
def test_a_complaint_made_is_out_of_scope(pending: str | None) -> None:
    """A formal complaint about someone's conduct, at the opening or as the reply to a clarifying question: clarified
    before the seventeenth round (the matter is the line's, the head unsure between its types)."""
    text = "I'm phoning to complain about the man who came to fit the router, he was smoking in the house"
    assert understand("brightwave", text, pending=pending).out_of_scope
