"""Seventh round (issue 15): requests for a person that never say agent or person, and failures said as plain
observations after an answer or a retry. Our own wording, none taken from a line's calls."""

from __future__ import annotations

import pytest

from activities.understanding.acts import did_steps, find_acts, worked
from activities.understanding.text import clean
from tests.understanding.conftest import understand
from warmline.understanding import DialogAct

BW = "brightwave"


@pytest.mark.parametrize(
    "text",
    [
        "would somebody on your side be able to change it for me",  # someone at the company, placed there
        "could you get whoever is in the office to ring me back",
        "i'd like to hear it from someone who works there",
        "i'm not going through all this with a robot again",  # a machine refused
        "can i sort it out with one of your team instead",
        "would one of the staff be able to run through it with me",
        "is there someone at head office who could help",
        "can i talk to one of your pharmacists",  # "one of your <people>"
    ],
)
def test_a_person_at_the_company_asked_for_in_plain_words(text: str) -> None:
    assert DialogAct.REQUEST_HUMAN in find_acts(clean(text))


@pytest.mark.parametrize(
    "text",
    [
        "someone at your end told me it would be ready",  # a report, no request
        "i sorted it out with my bank in the end",
        "i went over it with one of your staff last week",
        "i left the parcel with somebody at the office",
    ],
)
def test_people_only_mentioned_are_no_request(text: str) -> None:
    assert DialogAct.REQUEST_HUMAN not in find_acts(clean(text))


def test_steps_reported_and_steps_that_worked() -> None:
    assert did_steps(clean("signed out and back in and pressed it again"))
    assert not did_steps(clean("how do i sign in"))
    assert worked(clean("restarted it and there it is"))
    assert worked(clean("that's done the trick"))
    assert not worked(clean("it's not working now"))
    assert not worked(clean("i never found it"))


def test_a_sure_failure_in_a_few_feeling_words_is_a_report() -> None:
    text = "switched it off at the wall and back on and it's woeful, the same crawl"
    assert DialogAct.NOT_RESOLVED in understand(BW, text, pending="answer", last="slow_internet").acts


def test_a_rant_after_an_answer_is_no_failure() -> None:
    text = "i am so angry, this whole company is a disgrace and a total shambles"
    assert DialogAct.NOT_RESOLVED not in understand(BW, text, pending="answer", last="slow_internet").acts


def test_steps_tried_in_another_topics_words_fail_the_answer_just_given() -> None:
    u = understand(
        BW, "logged out and back in and pressed pay, the card page is blank", pending="answer", last="slow_internet"
    )
    assert DialogAct.NOT_RESOLVED in u.acts and u.intent == "slow_internet"


def test_the_step_working_is_no_failure() -> None:
    u = understand(BW, "restarted it and there it is, all green now", pending="answer", last="slow_internet")
    assert DialogAct.NOT_RESOLVED not in u.acts
