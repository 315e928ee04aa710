"""Eighteenth round, part e-upset (`rant_no_ask.py`): a turn upset in its own words that names "you lot" or a transfer
but neither asks the line nor bids it to put the caller through is no request for a person, when only the act model
heard one; a request said in a question, a want or a bidding stays one, and so does a calm plea the upset head alone
reads upset. Written for this test, not taken from any line's calls."""

from __future__ import annotations

import pytest

from activities.understanding.learned_act import applies
from activities.understanding.rant_no_ask import rant_asks_nobody
from activities.understanding.text import clean
from warmline.understanding import DialogAct

THRESHOLD = -0.4
RANTS = [
    "you lot are a complete shower, honestly",
    "so now you'd rather palm me off on somebody else, typical",
]
REQUESTS = [
    "this is a shambles, can i speak to a manager",
    "i want a real person, this is ridiculous",
    "oh for goodness sake just put me through to someone",
    "right, get me your supervisor, i've had enough",
]


@pytest.mark.parametrize("text", RANTS)
def test_an_upset_turn_that_asks_nobody_is_no_learned_request(text: str) -> None:
    t = clean(text)
    assert rant_asks_nobody(t, -0.7, -0.9, THRESHOLD)
    assert not applies(DialogAct.REQUEST_HUMAN, t, -0.7, {}, THRESHOLD, 0.9, -0.9)


@pytest.mark.parametrize("text", REQUESTS)
def test_a_request_said_as_one_stays_a_request(text: str) -> None:
    t = clean(text)
    assert not rant_asks_nobody(t, -0.7, -0.9, THRESHOLD)
    assert applies(DialogAct.REQUEST_HUMAN, t, -0.7, {}, THRESHOLD, 0.9, -0.9)


def test_a_calm_plea_the_head_alone_reads_upset_stays_a_request() -> None:
    # "i'd be happier going over it with one of your team" (no request form): VADER hears no upset, the head does
    t = clean("i'd be happier going over it with one of your team")
    assert not rant_asks_nobody(t, 0.3, -0.8, THRESHOLD)
    assert applies(DialogAct.REQUEST_HUMAN, t, 0.3, {}, THRESHOLD, 0.9, -0.8)
    assert not rant_asks_nobody(clean(RANTS[0]), -0.7, None, THRESHOLD)  # no whole reading: not judged here
