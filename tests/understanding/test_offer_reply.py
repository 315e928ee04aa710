"""Seventeenth round, part e-upset (offer_reply.py): offered a specialist, an upset caller who says yes later in the
reply, or with more words after it, has taken the offer; a no, a not-yet or a doubt beside the yes keeps it unanswered.
Written for this test, not taken from any line's calls."""

from __future__ import annotations

import pytest

from activities.understanding.offer_reply import takes_offer
from activities.understanding.text import clean
from tests.understanding.conftest import understand
from warmline.understanding import DialogAct

BW = "brightwave"

LATE_YES = [
    "right. yes. go on, put me on to them",
    "if one of them can actually get it going then yes",
    "yes i reckon that would be for the best, thanks",
    "alright, yeah, i suppose so",
    "oh for goodness sake, aye, fine",
]
NOT_A_YES = [
    "yes but not right now, i'm driving",
    "yeah but what is a specialist going to do that you can't",
    "no, yes, i mean not yet",
    "i said yes to the last lot and nothing happened",
    "the thing is the box says yes it's connected",
]


@pytest.mark.parametrize("text", LATE_YES)
def test_a_yes_later_in_the_reply_takes_the_offer(text: str) -> None:
    assert takes_offer(clean(text))
    assert DialogAct.AFFIRM in understand(BW, text, pending="offer", last="opening_hours").acts


@pytest.mark.parametrize("text", NOT_A_YES)
def test_a_hedged_or_reported_yes_is_no_acceptance(text: str) -> None:
    assert not takes_offer(clean(text))


def test_only_a_reply_to_an_offer_is_read_so() -> None:
    """After an answer, a trailing "then yes" is no acceptance of anything."""
    u = understand(BW, "if one of them can actually get it going then yes", pending="answer", last="opening_hours")
    assert DialogAct.AFFIRM not in u.acts
