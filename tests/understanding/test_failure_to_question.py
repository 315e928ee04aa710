"""Ninth round (issue 15): asked a clarifying question, a caller who reports the step done and failing reports a
failure (kept for the decision); a problem merely stated, or a vague reply, is no failure. Our own wording, none
taken from a line's calls."""

from __future__ import annotations

import pytest

from tests.understanding.conftest import understand
from warmline.understanding import DialogAct

BW = "brightwave"


@pytest.mark.parametrize(
    "text",
    [
        "i've already restarted the box twice this morning and it's still crawling",
        "you're telling me the exact same thing the leaflet did",
    ],
)
def test_a_step_done_and_failing_said_to_a_clarifying_question_is_a_failure(text: str) -> None:
    assert DialogAct.NOT_RESOLVED in understand(BW, text, pending="clarify").acts


@pytest.mark.parametrize(
    "text",
    [
        "the router light won't go green since the storm",  # the problem stated, no step done
        "oh i don't know, a bit of everything really",  # still unclear
        "my neighbour said it was on the radio",
    ],
)
def test_a_problem_stated_to_a_clarifying_question_is_no_failure(text: str) -> None:
    assert DialogAct.NOT_RESOLVED not in understand(BW, text, pending="clarify").acts
