"""Eighth round (issue 15): an angry turn right after an answer is a rant (the sentiment rule's), not a report that
the answer failed, unless it speaks of the step; offered a specialist, a caller who reports more of the step failing
(no yes, no no) reports a failure. Our own wording, none taken from a line's calls."""

from __future__ import annotations

import pytest

from activities.understanding.acts import doubts_a_person, find_acts, on_the_step, persisting
from activities.understanding.text import clean
from tests.understanding.conftest import understand
from warmline.understanding import DialogAct

BW = "brightwave"


@pytest.mark.parametrize(
    "text",
    [
        "that's the fourth time this year it's gone and i'm fed up to the back teeth",  # how often, how fed up
        "fourth time since easter and i am fed up to the back teeth",
        "for the money i hand over every month it's a disgrace that i'm on the phone about this",  # the service
    ],
)
def test_a_rant_after_an_answer_is_upset_not_a_failure(text: str) -> None:
    u = understand(BW, text, pending="answer", last="slow_internet")
    assert DialogAct.NOT_RESOLVED not in u.acts
    assert u.sentiment < -0.4  # the sentiment rule counts it


@pytest.mark.parametrize(
    "text",
    [
        "done all of that and it's still crawling, i'm livid",  # the step done, the problem still there
    ],
)
def test_an_angry_report_on_the_step_is_still_a_failure(text: str) -> None:
    assert DialogAct.NOT_RESOLVED in understand(BW, text, pending="answer", last="slow_internet").acts


@pytest.mark.parametrize(
    "text",
    [
        "you've read that out to me before",
        "i did exactly what you said",
        "it's not there on the list",
        "nothing's come through yet",
        "the page won't load for me",
        "i can't find it anywhere on the list",
        "it's been well past the fortnight you gave me",
        "signed out and in and it's the same",
    ],
)
def test_words_on_the_step(text: str) -> None:
    assert on_the_step(clean(text))


@pytest.mark.parametrize(
    "text",
    [
        "i'm fed up to the back teeth with you lot",
        "that counts for nothing with you does it",
        "what a shambles, honestly",
    ],
)
def test_rant_words_are_not_on_the_step(text: str) -> None:
    assert not on_the_step(clean(text))


@pytest.mark.parametrize(
    "text",
    [
        "switched the router off at the wall like you said and it's every bit as slow",
        "i've unplugged the box and left it ten minutes and the speed's still dreadful",
    ],
)
def test_a_further_report_on_the_step_while_an_offer_is_pending_is_a_failure(text: str) -> None:
    u = understand(BW, text, pending="offer", last="slow_internet")
    assert DialogAct.NOT_RESOLVED in u.acts
    assert DialogAct.AFFIRM not in u.acts and DialogAct.DENY not in u.acts


def test_no_further_report_without_a_topic_or_with_a_no() -> None:
    text = "switched the router off at the wall like you said and it's every bit as slow"
    assert DialogAct.NOT_RESOLVED not in understand(BW, text, pending="offer").acts  # no answer in hand
    assert DialogAct.NOT_RESOLVED not in understand(BW, "no ta, i'll keep at it myself", pending="offer").acts


def test_and_thats_it_closing_a_list_is_no_sign_off() -> None:
    listed = clean("the menu only shows bookings, invoices and settings and that's it")
    assert DialogAct.GOODBYE not in find_acts(listed)
    assert DialogAct.GOODBYE in find_acts(clean("right that's it, cheers"))
    assert DialogAct.GOODBYE in find_acts(clean("that's it then"))


def test_nobody_having_said_so_is_a_grievance_not_the_step() -> None:
    assert not on_the_step(clean("no one told me about any of this when i joined"))
    assert on_the_step(clean("you told me to ring the depot and i did"))


@pytest.mark.parametrize(
    "text",
    [
        "what would one of your managers do about it that you can't",
        "and what's an engineer going to say that's any different",
    ],
)
def test_doubting_what_a_person_would_add_is_no_request(text: str) -> None:
    assert doubts_a_person(clean(text))
    assert DialogAct.REQUEST_HUMAN not in understand(BW, text, pending="offer", last="slow_internet").acts


def test_a_plain_request_is_not_doubt() -> None:
    assert not doubts_a_person(clean("could i have a word with one of your managers"))
    assert DialogAct.REQUEST_HUMAN in understand(BW, "could i have a word with one of your managers").acts


@pytest.mark.parametrize(
    ("text", "tied"),
    [
        ("and it died again this morning so no, that's not sorted it", True),  # "that": the step just given
        ("that hasn't fixed it either", True),
        ("that didn't work", True),
        ("my tv box isn't working either", False),  # a new subject's failure
        ("that's not what i'm asking about", False),
    ],
)
def test_that_not_fixed_ties_a_failure_to_the_step(text: str, tied: bool) -> None:
    assert persisting(clean(text)) == tied
