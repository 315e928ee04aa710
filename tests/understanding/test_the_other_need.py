"""After an answer, "and what about the other thing" starts a second need the caller does not name (issue 15).

Such a turn is no report that the answer failed: the learned failure act, which leans to a short turn with no topic
after an answer, is dropped there, so the decision asks what the other thing is (the low_confidence path) instead of
retrying the answered type and transferring as failed_resolution. A turn that speaks of the step ("I tried the
other one as well and it still won't go") stays a report. Our own phrasings, none taken from a line's calls.
"""

from __future__ import annotations

import pytest

from activities.understanding.text import clean
from activities.understanding.vague_turn import turns_to_the_other
from tests.understanding.test_new_matter import _after_answer
from warmline.understanding import DialogAct


@pytest.mark.parametrize(
    "text",
    [
        "and what about the other one, the one by the garages",
        "right, and then there's the other business with the parcel",
        "okay and there was the other thing my neighbour said",
        "the other bit, the green one, you know which",
        "sorry you're cutting out, it's the er other thing",  # a filler between "the" and "other"
    ],
)
def test_words_that_bring_in_the_other_thing(text: str) -> None:
    assert turns_to_the_other(clean(text))


@pytest.mark.parametrize(
    "text",
    ["I tried the other one as well and it still won't go", "my husband has the other one", "it's on the other side"],
)
def test_the_other_one_said_otherwise_is_not_a_second_need(text: str) -> None:
    assert not turns_to_the_other(clean(text))


@pytest.mark.parametrize(
    ("line", "last", "text"),
    [
        ("kittiwake_skips", "commercial_contract", "but what about the other one then, the one out front"),
        ("tidewell_water", "pay_bill", "right and there's the other business with the letter we got"),
    ],
)
def test_the_other_thing_after_an_answer_is_no_failure(line: str, last: str, text: str) -> None:
    assert DialogAct.NOT_RESOLVED not in _after_answer(line, last, text).acts
