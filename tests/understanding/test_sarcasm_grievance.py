"""Ninth round, part M10 (sentiment.py): ironic thanks, mock delight ("just what i needed") and praise said beside a
grievance without a failure word are sarcasm; the same words said sincerely stay calm. Written for this test."""

from __future__ import annotations

import pytest

from activities.understanding.sentiment import SentimentScorer

IRONIC = [
    # ironic thanks and "that's rich" (`_SARCASM`)
    "twelve years paying you every month and that's the thanks we got",
    "so this is all the thanks my mother gets after a lifetime with you",
    "well that's a bit rich coming from the people who lost my paperwork",
    # mock delight said of bad news (`_WANTED`)
    "a second letter asking for the same photos, exactly what i wanted on my day off",
    "more hold music, just what we were hoping for this morning",
    # praise exclaimed beside a grievance without a failure word (`_GRIEVANCE`)
    "brilliant. all i asked for was a straight answer about the deposit",
    "oh lovely, the new system works about as reliable as the old one",
    "wonderful, i only needed one form signing and it's taken the whole afternoon",
]
SINCERE = [
    "that's just what i needed, thanks so much",
    "lovely, that's exactly what i wanted",
    "that's exactly what i need to know, cheers",
    "oh well, brilliant, i'll pop in on monday then",
    "great, all i need now is the reference number and i'm done",
]


@pytest.mark.parametrize("text", IRONIC)
def test_ironic_thanks_and_mock_delight_read_as_upset(text: str) -> None:
    assert SentimentScorer().score(text) < -0.4


@pytest.mark.parametrize("text", SINCERE)
def test_the_same_words_said_sincerely_are_not_upset(text: str) -> None:
    assert SentimentScorer().score(text) > -0.4


def test_oh_well_is_not_a_sincere_settling_word() -> None:
    """ "well" is not "we'll": praise exclaimed beside a grievance is still heard as sarcasm after "as well as"."""
    assert SentimentScorer().score("oh fab, the app runs about as well as a chocolate teapot") < -0.4
