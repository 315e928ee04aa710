"""Eleventh round, part C (sentiment.py): fed-up and distress idioms VADER reads as neutral or glad — "don't you
dare", "i'm in bits", "it's just not on", "i can't be doing with all this", "oh that'll be the day", "disgraceful",
a remedy mocked ("because that'll fix everything"), "nothing short of" (no negation) — are upset; the same words
in a plain report stay calm. Written for this test, not taken from any line's calls."""

from __future__ import annotations

import pytest

from activities.understanding.sentiment import SentimentScorer

UPSET = [
    "don't you dare put me on hold again, i've been through all this twice",
    "how dare you tell me the engineer came when nobody knocked",
    "the lift's been out for a month, it's disgraceful",
    "my boy's exam is tomorrow and i'm in bits over the laptop",
    "she's honestly in bits over the whole thing",
    "three missed visits in a row, it's not on, it's just not on",
    "i can't be doing with all this, the codes and the passwords",
    "i can't handle this on top of everything else",
    "call me back tomorrow, oh that'll be the day",
    "another survey to fill in, because that'll fix everything",
    "a voucher, because that really makes up for it",
    "forty pounds for a letter, nothing short of a swindle",
]
CALM = [
    "the parcel's not on the app yet, can you check it for me",
    "i checked the account page and the booking is not on it",
    "the heating's not on, is there a reset button somewhere",
    "the shelf came in bits so i need the fixing screws",
    "i can't handle the nest myself, can someone come out",
    "that's nothing short of brilliant, thank you",
]


@pytest.mark.parametrize("text", UPSET)
def test_plain_fed_up_and_distress_idioms_read_as_upset(text: str) -> None:
    assert SentimentScorer().score(text) < -0.4


@pytest.mark.parametrize("text", CALM)
def test_the_same_words_in_a_plain_report_are_not_upset(text: str) -> None:
    assert SentimentScorer().score(text) > -0.4
