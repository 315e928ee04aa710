"""After an answer, "and while I've got you, ..." turns to another matter: not a failure, follow-up or thank-you.

A caller who says they are turning to something else right after an answer ("while I'm on", "one more thing", "and
also") is raising a new matter: a learned "it didn't work" in such a turn is not a report on the step just given,
the follow-up reading (`calibrate.follow_up`) does not hold it in scope, and a thank-you before it acknowledges the
answer, not the new matter. A covered second question said that way is still answered. Our own phrasings, none
taken from a line's calls.
"""

from __future__ import annotations

from functools import cache

import pytest

from activities.understanding import calibrate
from activities.understanding.acts import find_acts, new_matter, persisting
from activities.understanding.embedded import EmbeddedUnderstander
from activities.understanding.text import clean
from eval.lines import LINES
from tests.understanding.conftest import understand
from warmline.policy_file import load_policy
from warmline.understanding import DialogAct, Understanding, UnderstandingRequest


@cache
def _line(name: str) -> EmbeddedUnderstander:
    return EmbeddedUnderstander(load_policy(LINES / name / "policy.yaml"))


def _after_answer(name: str, last: str, text: str) -> Understanding:
    req = UnderstandingRequest(call_id="t", turn=2, text=text, pending="answer", last_query_type=last)
    return _line(name).understand_now(req)


@pytest.mark.parametrize(
    "text",
    [
        "right, and while I've got you, the lad who came round left mud up the stairs",
        "okay, while I'm on, is the car park at the back free",
        "one more thing, my sister wants to know if you sell gift cards",
        "cheers. also the bloke on the gate was really short with me",
        "a different thing now, is there a cash machine on site",
    ],
)
def test_words_that_turn_to_another_matter(text: str) -> None:
    assert new_matter(clean(text))


@pytest.mark.parametrize(
    "text",
    ["I've also tried turning it off and on", "the other thing I tried was the reset", "it also says error now"],
)
def test_a_report_on_the_step_does_not_turn_to_another_matter(text: str) -> None:
    assert not new_matter(clean(text))


def test_a_learned_failure_in_a_new_matter_is_no_report_on_the_answer() -> None:
    story = "the time before, they put the wrong wipers on and charged me for them, I want that refunded"
    plain = _after_answer("oakhurst_motors", "book_service", story)
    assert DialogAct.NOT_RESOLVED in plain.acts  # without the turn's words, read as the answer failing
    moved = _after_answer("oakhurst_motors", "book_service", "and while I've got you, " + story)
    assert DialogAct.NOT_RESOLVED not in moved.acts
    assert moved.out_of_scope


def test_a_covered_second_question_said_as_a_new_matter_is_still_answered() -> None:
    u = understand(
        "brightwave", "and while I've got you, how do I change the card I pay with", "answer", "opening_hours"
    )
    assert not u.out_of_scope
    assert u.intent == "payment_methods"


def test_an_uncovered_ask_said_as_a_new_matter_is_no_follow_up() -> None:
    ask = "are you looking for anyone to help paint scenery, I used to be a decorator"
    assert not _after_answer("halden_theatres", "friends_membership", "lovely, " + ask).out_of_scope  # a follow-up?
    assert _after_answer("halden_theatres", "friends_membership", "lovely, and one more thing, " + ask).out_of_scope


def test_a_new_matter_read_unsurely_as_the_topic_just_answered_is_out_of_scope() -> None:
    """The caller said they were leaving the answered topic: an unsure reading of it is the context's echo."""
    text = "while I'm on, the paint on the sill outside has gone flaky since the new frames went in"
    u = _line("brightside_glazing")
    scores = u.model.score(clean(text))
    assert scores.ranked()[0][0] == "window_care" and calibrate.follow_up(scores)  # what held it in scope
    assert _after_answer("brightside_glazing", "window_care", text).out_of_scope


def test_a_sure_question_on_the_topic_just_answered_is_still_answered() -> None:
    text = "and while I've got you, can I pay someone else's rent for them, my nan's I mean, from my own card"
    u = _after_answer("kestrel_homes", "pay_rent", text)
    assert not u.out_of_scope and u.intent == "pay_rent"


@pytest.mark.parametrize(
    "text",
    ["the earlier one is full as well, so that doesn't really help me", "it didn't actually fix anything"],
)
def test_a_failure_said_with_really_or_actually_is_a_report(text: str) -> None:
    """The other way round: the answer failing, said with a softener, is that answer's failure, not a new matter."""
    cleaned = clean(text)
    assert DialogAct.NOT_RESOLVED in find_acts(cleaned)
    assert persisting(cleaned) or "that" not in cleaned
