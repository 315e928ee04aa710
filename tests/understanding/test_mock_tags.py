"""Twelfth round, part E (sentiment.py): praise with a mocking tag ("that's lovely, that is", "..., is it", "do i,
great"), a mock forecast, and plain weary idioms ("one thing after another", "through the nose", "i'm that cross",
"so that's it, is it") read as upset; the same words said sincerely or of other things stay calm. Written for this
test, not taken from any line's calls."""

from __future__ import annotations

import pytest

from activities.understanding.sentiment import SentimentScorer

UPSET = [
    # praise with the British "..., that is" tag (`_MOCK_TAG`)
    "so the parcel's gone back to the depot again, that's lovely that is",
    "that's just brilliant that is, another week without a cooker",
    # praise exclaimed in a turn closed by a rhetorical tag (`_RHETORICAL_END`)
    "a reference number oh brilliant that's going to get my money back is it",
    "so i just sit here and wait all day do i great",
    # a mock forecast (`_SARCASM`)
    "one engineer for the whole county, well that'll go well won't it",
    # weary idioms (`_IDIOMS`)
    "honestly it's one thing after another with this account",
    "i've been paying through the nose for a service that never turns up",
    "i'm that cross with the lot of you i could scream",
    "so that's it is it, i just lose the money",
]
CALM = [
    "that's lovely that is, thank you so much",
    "brilliant, so it's friday then, i'll see you then",
    "i'll have to cross the road to the other branch",
    "is it possible to pay the rest in instalments",
    "great, that'll work well for us",
]


@pytest.mark.parametrize("text", UPSET)
def test_mocking_tags_and_weary_idioms_read_as_upset(text: str) -> None:
    assert SentimentScorer().score(text) < -0.4


@pytest.mark.parametrize("text", CALM)
def test_the_same_words_said_sincerely_are_not_upset(text: str) -> None:
    assert SentimentScorer().score(text) > -0.4
