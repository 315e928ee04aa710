"""Asked what they meant, a caller whose trouble came right, or who has what they rang for, is closing the call.

`settled_reply.settles`: right after a clarifying question, a turn that says the trouble came right and asks nothing
is the caller's thanks, not a still-unclear reply (which, after the last clarifying question, escalated). The goodbye
pattern "I've got what I rang for" (`acts_patterns`): the call's purpose met. Our own sentences, none from a line.
"""

from __future__ import annotations

import pytest

from activities.understanding.acts import find_acts
from activities.understanding.settled_reply import settles
from activities.understanding.text import clean
from tests.understanding.conftest import understand
from warmline.understanding import DialogAct

CAME_RIGHT = [
    "oh wait, hang on, there it goes, I had the card in upside down, sorry about that",
    "ah right the light has gone green now, it's just come on",
]


@pytest.mark.parametrize("text", CAME_RIGHT)
def test_came_right_after_a_question_settles(text: str) -> None:
    assert settles(clean(text), "clarify")


def test_only_after_a_question_and_only_asking_nothing() -> None:
    text = clean(CAME_RIGHT[0])
    assert not settles(text, "answer")  # after an answer, `in_context` already reads it as no failure
    assert not settles(text, None)
    assert not settles(clean("there it goes, sorry about that, can you tell me how to top up the card"), "clarify")
    assert not settles(clean("it's gone through but it still says unpaid"), "clarify")  # a failure that persists


def test_a_settled_reply_is_thanks_not_vague() -> None:
    u = understand("brightwave", CAME_RIGHT[0], pending="clarify")
    assert DialogAct.THANKS in u.acts and DialogAct.VAGUE not in u.acts and not u.out_of_scope


@pytest.mark.parametrize("text", ["no ta, I've got what I rang for", "that's fine, we've got what we called about"])
def test_got_what_i_rang_for_is_a_goodbye(text: str) -> None:
    assert DialogAct.GOODBYE in find_acts(clean(text))


def test_not_got_what_i_rang_for_is_no_goodbye() -> None:
    assert DialogAct.GOODBYE not in find_acts(clean("I still haven't got what I rang for"))
