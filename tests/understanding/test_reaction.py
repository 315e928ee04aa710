"""After the AI has answered or asked, a turn that asks for nothing is a reaction to it, not a new subject.

The readings by meaning (the background class, nothing near at all) called such turns out of scope after an answer or
a clarifying question: a fragment of a reply, a remark on the answer, a failure in words the act model missed. Now a
turn after an AI move is out of scope only when it asks for something or announces another matter
(`reaction.reacts`); the opening is unchanged. Our own phrasings, none taken from a line's calls.
"""

from __future__ import annotations

import pytest

from activities.understanding import reaction
from activities.understanding.embedded import EmbeddedUnderstander
from warmline.understanding import UnderstandingRequest


def test_a_turn_after_a_move_that_asks_nothing_reacts() -> None:
    assert reaction.reacts("answer", asks=False, moved=False)
    assert reaction.reacts("clarify", asks=False, moved=False)
    assert not reaction.reacts("answer", asks=True, moved=False)  # a question: may be a new subject
    assert not reaction.reacts("answer", asks=False, moved=True)  # "while I've got you, ..."
    assert not reaction.reacts(None, asks=False, moved=False)  # the opening: the caller's words are the subject


def _oos(u: EmbeddedUnderstander, text: str, pending: str | None, turn: int = 2) -> bool:
    req = UnderstandingRequest(call_id="test-call", turn=turn, text=text, pending=pending)
    return u.understand_now(req).out_of_scope


@pytest.mark.parametrize("pending", ["answer", "clarify"])
def test_a_reaction_after_a_move_is_not_out_of_scope(always_elsewhere: EmbeddedUnderstander, pending: str) -> None:
    assert not _oos(always_elsewhere, "my cousin works in the shop on the corner", pending)


def test_a_question_after_an_answer_still_can_be(always_elsewhere: EmbeddedUnderstander) -> None:
    assert _oos(always_elsewhere, "and can you sort me out a parking permit for the car park", "answer")


def test_the_opening_is_unchanged(always_elsewhere: EmbeddedUnderstander) -> None:
    assert _oos(always_elsewhere, "my cousin works in the shop on the corner", None, turn=1)
