"""Tenth round (issue 15): a failure told as what the caller did and what they saw, not in stock failure words.

Asked a clarifying question, "I put the number in and it just comes up with nothing" reports a step done and failing
(the words of a thing handed in, keyed in or looked for, or of what the step gives back each time); right after an
answer, "I've tried that but ..." reports the step just given even when the rest names other things; and an
observation read as upset counts when it says what never came or that the hour it was due has gone. Our own wording,
none taken from a line's calls.
"""

from __future__ import annotations

import pytest

from activities.understanding.acts import did_steps, gives_back, on_the_step
from activities.understanding.text import clean


@pytest.mark.parametrize(
    "text",
    [
        "i keyed the code in and put the card number in as well",
        "i sent the paperwork off last month",
        "filled it all in yesterday",
        "i've looked in the junk folder already",
        "took it out and put it back",
        "i went into my account this morning",
    ],
)
def test_steps_done_in_plain_verbs(text: str) -> None:
    assert did_steps(clean(text))


@pytest.mark.parametrize(
    "text",
    [
        "the button just comes up with an error",
        "it just sits there with the wheel going round",
        "the submit tab is greyed",
        "i can't click the confirm bit",
    ],
)
def test_what_the_step_gives_back(text: str) -> None:
    assert gives_back(clean(text))


@pytest.mark.parametrize("text", ["the window won't shut properly", "i'd like to book something for friday"])
def test_a_problem_stated_gives_nothing_back(text: str) -> None:
    assert not gives_back(clean(text))


@pytest.mark.parametrize(
    "text",
    [
        "no reply from anyone since",
        "nobody's rung me back like you said",
        "it's past ten now and still waiting",
        "the item's not even listed on my page",
    ],
)
def test_what_never_came_speaks_of_the_step(text: str) -> None:
    assert on_the_step(clean(text))


@pytest.mark.parametrize("text", ["nobody told me about any of this", "it's a joke, i'm sick of it"])
def test_a_grievance_does_not_speak_of_the_step(text: str) -> None:
    assert not on_the_step(clean(text))


def test_tried_that_after_an_answer_is_a_report_whatever_else_it_names() -> None:
    from tests.understanding.conftest import understand
    from warmline.understanding import DialogAct

    u = understand(
        "brightwave",
        "i've tried that but the upload on the app just sits there and never finishes",
        "answer",
        "slow_internet",
    )
    assert DialogAct.NOT_RESOLVED in u.acts
