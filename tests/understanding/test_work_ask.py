"""Asking the company for work is out of scope (at the opening, after an answer or a clarifying question), unless the
policy's own phrasings ask it.

A caller after a job, an apprenticeship or a placement names a trade the line's examples talk about (a dental nurse,
an engineer, a driver), so the head read it as the line's own topic: a booking answered, a clarifying question, or
"how can I help?" after a greeting. `work_ask.asks_for_work` reads the near-certain form instead. Our own phrasings,
none taken from a line's calls.
"""

from __future__ import annotations

import pytest

from activities.understanding.embedded import EmbeddedUnderstander
from activities.understanding.text import clean
from activities.understanding.work_ask import asks_for_work, covers_work
from tests.understanding.conftest import inline_policy, understand
from warmline.understanding import UnderstandingRequest

ASKS = [
    "hello there, my daughter has just qualified as a dental nurse, are you taking on any staff at the moment",
    "is there any chance you'd take my nephew on as an apprentice this autumn",
    "our Jamie has got his plumbing qualifications now, are you taking on any plumbers",
    "have you got any part time vacancies going at the depot",
    "I'm phoning because I'd like to apply for a job in your warehouse",
    "does the practice offer work experience for sixth formers",
    "are you hiring for the christmas rush",
]
NOT_ASKS = [
    "are you taking on new patients at the moment",
    "is the college taking on students for the january intake",
    "we took the kids on a city break, can I add a bag to the return leg",
    "why do you take the payment on the first of the month",
    "are you taking on any more removals before christmas",
    "I started a new job so I need to change the day my payment goes out",
    "the engineer did a lovely job, how do I pay the rest",
]


@pytest.mark.parametrize("text", ASKS)
def test_asks_for_work(text: str) -> None:
    assert asks_for_work(clean(text))


@pytest.mark.parametrize("text", NOT_ASKS)
def test_other_turns_do_not_ask_for_work(text: str) -> None:
    assert not asks_for_work(clean(text))


def test_a_job_ask_at_the_opening_is_out_of_scope() -> None:
    # Read before as a booking and answered at 0.65 (the trade named is the practice's own).
    u = understand("riverside_dental", ASKS[0])
    assert u.out_of_scope and u.intent is None


@pytest.mark.parametrize("pending", ["answer", "clarify"])
def test_later_in_the_call_too(pending: str) -> None:
    """Asked for after an answer or a clarifying question, work is no follow-up and no vaguer reply: out of scope
    (the seventeenth round; before it only the opening read it, and these were a follow-up and a further reply)."""
    u = understand("riverside_dental", ASKS[0], pending=pending)
    assert u.out_of_scope and u.intent is None


def test_not_as_the_reply_to_an_offer() -> None:
    """Offered a specialist, the caller's reply is a yes, a no or neither (the offer's own rule), never a new ask."""
    assert not understand("riverside_dental", ASKS[0], pending="offer").out_of_scope


def test_a_policy_that_covers_work_keeps_it() -> None:
    careers = {
        "name": "careers",
        "queue": "a",
        "answer": "Our vacancies are on the careers page.",
        "examples": ["are you taking anyone on", "do you have any jobs going", "how do I apply for an apprenticeship"],
    }
    opening = {
        "name": "opening_times",
        "queue": "a",
        "answer": "We're open nine to five.",
        "examples": ["what time do you open", "are you open on sunday", "when do you close"],
    }
    p = inline_policy([careers, opening])
    assert covers_work(e for qt in p.query_types for e in qt.examples)
    u = EmbeddedUnderstander(p).understand_now(UnderstandingRequest(call_id="c", turn=1, text=ASKS[0]))
    assert not u.out_of_scope
