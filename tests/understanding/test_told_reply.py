"""Asked what they meant, a caller who tells the matter in plain words has given no vague reply (`told_reply`).

Our own sentences, none taken from a line's calls.
"""

from __future__ import annotations

import pytest

from activities.understanding.text import clean
from activities.understanding.told_reply import told_plainly
from tests.understanding.conftest import understand
from warmline.understanding import DialogAct

PLAIN = "sorry bad signal here, i was asking about moving my contract over to the new flat next month"


def test_a_plain_reply_to_a_question() -> None:
    assert told_plainly(clean(PLAIN), "clarify")


@pytest.mark.parametrize(
    "text",
    [
        "oh you know, the usual stuff with the account and that",  # vague words
        "the router or the bill or whatever it is really",  # a hedged choice
        "the thing with the box in the hall",  # "thing"
        "just the bill really",  # too few words to tell a matter
    ],
)
def test_vague_hedged_or_short_replies_are_not_plain(text: str) -> None:
    assert not told_plainly(clean(text), "clarify")


def test_only_right_after_a_clarifying_question() -> None:
    assert not told_plainly(clean(PLAIN), None)
    assert not told_plainly(clean(PLAIN), "answer")


def test_a_plain_reply_keeps_no_vague_act() -> None:
    assert DialogAct.VAGUE not in understand("brightwave", PLAIN, pending="clarify").acts
