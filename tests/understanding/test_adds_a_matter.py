"""A turn that adds another matter ("and ...", "what about the other thing"), not one that names which option it
is ("the other one, the red one"): `adds_a_matter`, read by the decision after a clarifying question. Our own
phrasings."""

from __future__ import annotations

import pytest

from activities.understanding.adds_a_matter import adds_a_matter
from activities.understanding.text import clean


@pytest.mark.parametrize(
    "text",
    [
        "and can you tell me about parking as well",
        "right, and the one for the er, the weekend thing",
        "yeah and the other, the um, with the forms",
        "ok so what about the other thing then",
        "oh and there's the other business with my neighbour",
        "while I've got you, does the offer still stand",
    ],
)
def test_a_turn_adding_a_matter(text: str) -> None:
    assert adds_a_matter(clean(text))


@pytest.mark.parametrize(
    "text",
    [
        "the other one, the red one by the door",
        "the er other one",
        "it's completely slipped my mind now, the other one she meant",
        "it's the weekly one I want changing",
        "I tried it again and it still says no",
    ],
)
def test_a_turn_naming_which_or_telling_more_adds_nothing(text: str) -> None:
    assert not adds_a_matter(clean(text))
