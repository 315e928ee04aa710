"""Upset heard in plain words and sarcasm (mood.py), and calm problems kept calm: written for this test,
never trained on."""

from __future__ import annotations

import pytest

from activities.understanding import mood
from tests.understanding.conftest import understand

UPSET = [
    "this has dragged on for a month now and frankly I've had it up to here with the lot of you",
    "oh smashing, cut off again, you really are outdoing yourselves today",
    "I'm sat here crying because nobody will give me a straight answer",
]
CALM = [
    "my direct debit went out twice this month, could you look into it",
    "the engineer didn't turn up yesterday so I'd like to rebook",
    "no worries, that's fine, I'll try again tomorrow",
]


@pytest.mark.parametrize("text", UPSET)
def test_upset_in_plain_words_is_below_the_usual_threshold(text: str) -> None:
    assert understand("brightwave", text).sentiment < -0.4


@pytest.mark.parametrize("text", CALM)
def test_a_calm_problem_is_not_upset(text: str) -> None:
    assert understand("brightwave", text).sentiment > -0.4


def test_the_learned_reading_only_ever_lowers_vaders_score() -> None:
    assert mood.combined(0.3, 0.2) == 0.3  # not upset: VADER stands
    assert mood.combined(-0.9, 0.55) == -0.9  # VADER already lower
    assert mood.combined(0.5, mood.UPSET_AT_THRESHOLD) == pytest.approx(-0.4)
    assert mood.combined(0.0, 1.0) >= -1.0
