"""Seventeenth round, part e-upset (sentiment.py): exasperation and despair in plain idioms VADER reads as neutral —
"i could scream", "tearing my hair out", "the last thing i need", a service called "an utter nightmare", "no way to
treat people", "fed up" — are upset; the same words in a calm report or a practical remark stay calm. Written for
this test, not taken from any line's calls."""

from __future__ import annotations

import pytest

from activities.understanding.sentiment import SentimentScorer

UPSET = [
    "the meter's reading wrong for the third month and i swear i could scream",
    "i'm tearing my hair out with these login codes",
    "a leak in the kitchen on christmas eve, the last thing we needed",
    "this new portal is an absolute nightmare",
    "honestly the whole move has been an utter disaster",
    "leaving a pensioner without water for two days, that's no way to treat a customer",
    # "fed up" is two words VADER reads as neutral one at a time
    "i am properly fed up of chasing this every single week",
    "we're fed-up with the noise from the yard",
]
CALM = [
    "the last thing i need to ask is about the parking",
    "it's a complete nightmare to park there so is there a drop off point",
    "my daughter's bike had a scream of a squeak but it's fine now",
    "is there any way to run the report for last month",
]


@pytest.mark.parametrize("text", UPSET)
def test_plain_despair_idioms_read_as_upset(text: str) -> None:
    assert SentimentScorer().readings(text)[1] < -0.4


@pytest.mark.parametrize("text", CALM)
def test_the_same_words_in_a_calm_remark_stay_calm(text: str) -> None:
    assert SentimentScorer().readings(text)[1] > -0.4
