"""Eighth round, part R2: a request for a person said with something else in the same turn (a report that the step
failed, a complaint about something people handle, how the caller would rather hear it), and what is no request
(asking after work at the company). Our own wording, none of it from a line's calls."""

from __future__ import annotations

import pytest

from activities.understanding.acts import approved, broken_off, doubts_a_person, find_acts
from activities.understanding.text import clean
from tests.understanding.conftest import understand
from warmline.understanding import DialogAct as A

BW = "brightwave"


@pytest.mark.parametrize(
    "text",
    [
        "could you have somebody from the depot phone me this afternoon",  # a call back arranged through the line
        "tried the lot and nothing, can you ask one of your engineers to give me a quick call",
        "frankly i'd like to take this further with your supervisor",  # taking it up with a person
        "put whoever's in charge on the line please",  # who, then "on the line"
        "i'd be happier hearing it from one of the staff",  # how the caller would rather hear the answer
        "is there anybody over at the main branch who handles the parking permits we could speak to",  # a long who
        "the room is not clean and i want a manager on the phone",  # a negation in an earlier clause
    ],
)
def test_a_request_said_with_more_is_found_by_the_patterns(text: str) -> None:
    assert A.REQUEST_HUMAN in find_acts(clean(text))


@pytest.mark.parametrize(
    "text",
    [
        "i do not want to speak to a manager",
        "i want the charge on the phone bill taken off",
        "i heard it from a neighbour that the price is going up",
    ],
)
def test_no_request_there(text: str) -> None:
    assert A.REQUEST_HUMAN not in find_acts(clean(text))


def test_where_the_person_works_is_the_requests_words() -> None:
    text = clean("i'd sooner hear that from one of your lads who actually works at the depot")
    spans = find_acts(text)[A.REQUEST_HUMAN]
    assert any(text[s:e].endswith("works at the depot") for s, e in spans)


@pytest.mark.parametrize(
    "text", ["my nephew is looking for a job, are you taking anybody on", "are you hiring at the moment at all"]
)
def test_asking_after_work_is_no_request_for_a_person(text: str) -> None:
    assert doubts_a_person(clean(text))


def test_that_is_fine_approves_the_answer() -> None:
    assert approved(clean("that's fine, but could i check it with your billing team first"))
    assert not approved(clean("that is not fine at all"))


@pytest.mark.parametrize(
    "text",
    [
        "okay, and is there someone there who could go over the tariffs with me on the phone",
        "right and is there anybody who could talk me through the different speeds properly over the phone",
    ],
)
def test_a_request_after_an_answer_without_a_failure_is_confirming(text: str) -> None:
    # The request's leftover ("right and the different speeds properly") speaks of no step done, said or found:
    # no failure, so the agent is told the caller is confirming the answer.
    u = understand(BW, text, pending="answer", last="plan_upgrade")
    assert A.REQUEST_HUMAN in u.acts and A.NOT_RESOLVED not in u.acts


@pytest.mark.parametrize(
    "text",
    [
        "the the box he was no the one in the",  # a small word twice, an article left hanging
        "no the other one the email from the",  # an article left hanging at the end
    ],
)
def test_a_torn_turn_after_an_answer_is_no_failure(text: str) -> None:
    assert broken_off(clean(text))
    assert A.NOT_RESOLVED not in understand(BW, text, pending="answer", last="slow_internet").acts


@pytest.mark.parametrize("text", ["i did all that and it is still slow", "the light on the box keeps flashing red"])
def test_whole_turns_are_not_torn(text: str) -> None:
    assert not broken_off(clean(text))
