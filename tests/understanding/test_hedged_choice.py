"""Fourteenth round (issue 15): a turn torn between things it names, saying it cannot tell which, is vague
(`vague_turn.hedged_choice`): "it's the card and the fob and that", "the plan or the bill or whatever", "both really".
The head may read one of the things named surely enough to answer; the caller has said it is not sure that is the
one, so the AI asks (DESIGN.md: vague is low_confidence). Our own phrasings, none taken from a line's calls.
"""

from __future__ import annotations

import pytest

from activities.understanding.text import clean
from activities.understanding.vague_turn import hedged_choice
from tests.understanding.test_new_matter import _line
from warmline.understanding import DialogAct, UnderstandingRequest


@pytest.mark.parametrize(
    "text",
    [
        "it's about my fob and my card and that",
        "it's the bill or the contract or whatever, one of them",
        "well both really, it's the skip and the permit",
        "I don't know which bit it is to be honest",
        "whichever one it is that sorts the lid out",
        "it could be either, I've no clue",
    ],
)
def test_words_that_leave_the_choice_open(text: str) -> None:
    assert hedged_choice(clean(text))


@pytest.mark.parametrize(
    "text",
    [
        "can I change the date and the message on my order",
        "can I get a refund or something",  # a request said loosely, no things listed
        "my mum and my dad are coming and that is fine",
        "which skip do I need for a garden clear out",
    ],
)
def test_a_plain_turn_is_not_hedged(text: str) -> None:
    assert not hedged_choice(clean(text))


def test_a_hedged_opening_reads_vague() -> None:
    req = UnderstandingRequest(call_id="t", turn=1, text="it's about the skip and the permit and all that")
    assert DialogAct.VAGUE in _line("kittiwake_skips").understand_now(req).acts
