"""What the step gave, told right after an answer (`told_outcome`; the sixteenth round, part l-told-outcome).

A caller who tried the step often reports only what they saw ("it says the code's out of date", "there's nothing in
there for last year", "still flashing red"), in no failure words: read as nothing, the attempt was never counted. Right
after an answer such a report is that answer's failure; a report that it came right, a thank-you, a new question or
another matter is not. Our own phrasings.
"""

from __future__ import annotations

import pytest

from activities.understanding.text import clean
from activities.understanding.told_outcome import told_outcome
from tests.understanding.conftest import understand
from warmline.understanding import DialogAct

REPORTS = [
    "it says the code is out of date when I type it in",
    "they're not there to pick from, only the old ones",
    "there's nothing in there for last year at all",
    "the box on the wall is still flashing red",
    "the screen just goes back to where I started",
    "I've had no email about it whatsoever",
    "it took me straight back to the front page",
    "it keeps asking for the reference again",
]


@pytest.mark.parametrize("text", REPORTS)
def test_what_the_step_gave_is_told(text: str) -> None:
    assert told_outcome(clean(text), closing=False)


@pytest.mark.parametrize(
    "text",
    [
        "oh there it is, it's showing my booking now, lovely",  # came right
        "hang on, it's gone green now, brilliant",
        "can I get a card that says happy birthday on it",  # a new request
        "while I've got you, the bill says forty pounds, is that right",  # another matter
        "the boiler is a combi one in the kitchen",  # tells a fact, no result of a step
        "the scratches were not there before your van came",  # a grievance about the past
    ],
)
def test_no_outcome_of_the_step(text: str) -> None:
    assert not told_outcome(clean(text), closing=False)


def test_a_report_with_thanks_is_an_acknowledgement() -> None:
    assert not told_outcome(clean("oh it's showing the time again, thanks, bye"), closing=True)


@pytest.mark.parametrize(
    "text",
    ["I can see my account but they're not there to pick", "our neighbour's got hers, there's nothing in there for us"],
)
def test_after_an_answer_the_report_is_a_failure(text: str) -> None:
    """Read as nothing before (no failure words; the act model unsure)."""
    u = understand("brightwave", text, pending="answer", last="slow_internet")
    assert u.has(DialogAct.NOT_RESOLVED)


def test_before_an_answer_it_states_the_problem() -> None:
    u = understand("brightwave", "it says the code is out of date when I type it in")
    assert not u.has(DialogAct.NOT_RESOLVED)
