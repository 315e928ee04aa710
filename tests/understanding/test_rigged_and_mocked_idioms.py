"""Sixteenth round, part i-upset (sentiment.py `_IDIOMS`): a deal called rigged ("it's a total stitch-up"), the caller
saying they are being mocked ("you're taking the mickey now") and "sick to the back teeth of" read as upset; the same
words of sewing, of a joke between friends, or with no grievance stay calm. Written for this test, not taken from any
line's calls."""

from __future__ import annotations

import pytest

from activities.understanding.sentiment import SentimentScorer

UPSET = [
    "the early slots always go to the same families, the whole booking system's a stitch-up",
    "three price rises in a year, honestly it's an absolute stitch up",
    "they've stitched us up with that contract",
    "forty quid for a replacement card, you're taking the mickey",
    "now they want a fee for the fee, they're taking the mick",
    "i'm sick to the back teeth of chasing this invoice",
]
CALM = [
    "can your shop stitch up a torn seat cover",
    "the vet had to stitch up his paw, is the follow-up included",
    "my brother takes the mick out of my old car but it runs fine",
    "what time do the back teeth appointments start",
]


@pytest.mark.parametrize("text", UPSET)
def test_a_rigged_deal_and_being_mocked_read_as_upset(text: str) -> None:
    assert SentimentScorer().score(text) < -0.4


@pytest.mark.parametrize("text", CALM)
def test_the_same_words_of_sewing_or_teasing_stay_calm(text: str) -> None:
    assert SentimentScorer().score(text) > -0.4
