"""Twelfth round (issue 15): right after an answer, a failure the act model is sure of, told with strong feeling
words but speaking of the step ("the page just says my login has timed out every time I press anything, it's driving
me round the bend"), is a report that the step failed, not only a rant; and what the step gives back each time
("the whole calendar's greyed out") stays a report on it when its words read as another topic. Our own wording,
none taken from a line's calls."""

from __future__ import annotations

import pytest

from tests.understanding.conftest import understand
from warmline.understanding import DialogAct

BW = "brightwave"


@pytest.mark.parametrize(
    "text",
    [
        "the page just says my login has timed out every time i press anything, it's driving me round the bend",
        "it just keeps saying the code is invalid every time i type it in, it's driving me mad",
    ],
)
def test_a_sure_failure_on_the_step_in_strong_words_is_a_failure(text: str) -> None:
    u = understand(BW, text, pending="answer", last="slow_internet")
    assert DialogAct.NOT_RESOLVED in u.acts


@pytest.mark.parametrize(
    "text",
    [
        "the bill page won't let me choose any date, the box is all greyed out",
        "the app won't let me pick a later date, the whole calendar's greyed out",
    ],
)
def test_what_the_step_gives_back_stays_a_failure_of_it(text: str) -> None:
    u = understand(BW, text, pending="answer", last="slow_internet")
    assert DialogAct.NOT_RESOLVED in u.acts
    assert u.intent == "slow_internet"  # counted for the topic answered, not read as a new question


@pytest.mark.parametrize(
    "text",
    [
        "that's the fourth time this year it's gone and i'm fed up to the back teeth",  # no step spoken of: a rant
    ],
)
def test_a_rant_stays_a_rant(text: str) -> None:
    assert DialogAct.NOT_RESOLVED not in understand(BW, text, pending="answer", last="slow_internet").acts
