"""The step just given is one the caller had already done (`done_before`; the seventeenth round, part f-failed).

"That's exactly what I did on Friday", "I already did all that before I rang": the labelling rules count "they had
already done that" as the answer's failure, but neither has a failure word, and said with feeling the act model's
failure was vetoed as a rant. Right after an answer, or offered a specialist while the answer stands, it is that
answer's failure; a report that the step came right is not. Our own phrasings.
"""

from __future__ import annotations

import pytest

from activities.understanding.done_before import done_before
from activities.understanding.text import clean
from tests.understanding.conftest import understand
from warmline.understanding import DialogAct

DONE = [
    "that's exactly what I did on Friday and nothing's changed",
    "well that's just what we did yesterday",
    "I already did all that before I phoned you",
    "we've already tried that",
    "I've done all that already, twice",
    "oh marvellous, that's precisely what I did last month and it's gone again, so that worked",
]


@pytest.mark.parametrize("text", DONE)
def test_the_step_was_done_before(text: str) -> None:
    assert done_before(clean(text)) is not None


@pytest.mark.parametrize(
    "text",
    [
        "that's what I wanted to know, cheers",  # no step done
        "I did the meter reading last week",  # a step of its own, not the one given
        "that's exactly what I did and there it is, it's gone through",  # came right
        "that's what I did last time and it worked",  # worked, nothing persisting
        "what I did was ring the shop",
    ],
)
def test_not_a_step_done_before(text: str) -> None:
    assert done_before(clean(text)) is None


def test_after_an_answer_it_is_a_failure_even_said_with_feeling() -> None:
    """Said with irony and feeling, the act model's failure was vetoed as a rant and nothing counted."""
    u = understand(
        "brightwave",
        "oh wonderful, that's exactly what I did on Monday and you lot have still charged me again,"
        " so that worked a treat",
        pending="answer",
        last="slow_internet",
    )
    assert u.has(DialogAct.NOT_RESOLVED)


def test_offered_a_specialist_a_no_with_the_step_done_is_a_failure() -> None:
    """ "No" to the offer, but the rest says the answer in hand failed: the failure is kept beside the no."""
    u = understand(
        "brightwave",
        "no, that's just what I did on Sunday and it's dropped out again",
        pending="offer",
        last="slow_internet",
    )
    assert u.has(DialogAct.NOT_RESOLVED)


def test_before_any_answer_it_is_no_failure() -> None:
    u = understand("brightwave", "I already did all that before I rang, the internet is still slow")
    assert not u.has(DialogAct.NOT_RESOLVED)


def test_a_step_told_done_with_feeling_after_an_answer_is_a_failure() -> None:
    """ "I did your X" read as a question ("did your ...") kept the told outcome from counting; the rant took it."""
    u = understand(
        "brightwave",
        "I did your speed test form on Friday and not a peep since, it's a disgrace",
        pending="answer",
        last="slow_internet",
    )
    assert u.has(DialogAct.NOT_RESOLVED)
