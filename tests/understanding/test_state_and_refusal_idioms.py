"""Fourteenth round, part C (sentiment.py): distress said of oneself ("i'm in a right state"), a question refused
("don't you ask me what it's for", "oh don't start with all that"), help dismissed with a rhetorical tag ("well that's
no use, is it"), the service called a joke ("this is a joke") and praise of the service closed by the British "...,
that" tag ("great service that") read as upset; the same words said of a thing, sincerely or with thanks stay calm.
Written for this test, not taken from any line's calls."""

from __future__ import annotations

import pytest

from activities.understanding.sentiment import SentimentScorer

UPSET = [
    # distress said of oneself (`_IDIOMS`)
    "the pills never came and honestly i'm in a right state about it",
    "she's in such a state, she thinks the booking's gone",
    # a question refused
    "don't you ask me for a reference, you sent the letter",
    "oh don't start with me, i've explained it twice",
    "you know full well why i'm calling",
    # help dismissed with a rhetorical tag
    "well that's no use, is it, the office shuts at four",
    # praise of the service with the "..., that" tag (`_MOCK_TAG`)
    "two hours waiting for a callback, brilliant service that",
    "eighty quid for a half day, really good value that",
    # the service called a joke (`_IDIOMS`)
    "this is a joke",
    "your website is an absolute joke",
]
CALM = [
    "the back garden's in a right state after the storm, can you send someone",
    "what state is the order in at the moment",
    "don't you close at five on fridays",
    "that's no use to me on the phone, can you email it",
    "great service that, thank you so much",
    "lovely, good value that, i'll book it",
    "my lad told me a joke about the queue",
]


@pytest.mark.parametrize("text", UPSET)
def test_distress_refusal_and_mock_praise_read_as_upset(text: str) -> None:
    assert SentimentScorer().score(text) < -0.4


@pytest.mark.parametrize("text", CALM)
def test_the_same_words_of_a_thing_or_with_thanks_stay_calm(text: str) -> None:
    assert SentimentScorer().score(text) > -0.4
