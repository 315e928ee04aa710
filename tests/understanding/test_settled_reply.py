"""A reply to a clarifying question that says the trouble came right is an acknowledgement (`settled_reply`): the
eighteenth round, part n-kept.

The act model reads a reply to a clarifying question that names no query type as vague: "oh wait, there it goes,
sorry about that" was taken for the question left unanswered, and the call transferred as low_confidence once the
questions allowed were spent, though the trouble had gone. Our own phrasings.
"""

from __future__ import annotations

import pytest

from activities.understanding.settled_reply import settled
from activities.understanding.text import clean
from tests.understanding.conftest import understand
from tests.unit.decided import decide_turns, two_queue_policy
from warmline.understanding import DialogAct, Understanding, UnderstandingRequest


def _req(pending: str | None) -> UnderstandingRequest:
    return UnderstandingRequest(call_id="c", turn=2, text="", pending=pending)


@pytest.mark.parametrize(
    "text",
    [
        "oh wait, hang on, there it goes, the page has loaded now, sorry about that",
        "hold on, hold on, the lights have come on, there we go, sorry about that",
    ],
)
def test_a_reply_that_says_it_came_right_is_an_acknowledgement(text: str) -> None:
    """Read as a vague reply to the clarifying question before (low_confidence after the questions allowed)."""
    u = understand("brightwave", text, pending="clarify")
    assert u.has(DialogAct.THANKS) and not u.has(DialogAct.VAGUE) and not u.has(DialogAct.NOT_RESOLVED)


def test_settled_only_after_a_clarifying_question_and_asking_nothing() -> None:
    came = clean("oh wait, there it goes, it's working, sorry about that")
    found: dict[DialogAct, list[tuple[int, int]]] = {DialogAct.VAGUE: []}
    assert not settled(came, found, _req("answer")) and DialogAct.VAGUE in found
    asking = clean("oh wait, there it goes, sorry about that, how do I save it though")
    assert not settled(asking, found, _req("clarify")) and DialogAct.VAGUE in found
    assert not settled(clean("it's still not doing anything"), found, _req("clarify"))
    with_person = {DialogAct.VAGUE: [], DialogAct.REQUEST_HUMAN: []}
    assert not settled(came, with_person, _req("clarify"))
    assert settled(came, found, _req("clarify")) and found == {DialogAct.THANKS: []}


def test_the_call_goes_on_with_the_ai() -> None:
    """With one clarifying question allowed, the reply that says it came right was the second unclear turn: escalated
    as low_confidence before; now the AI meets it as a thank-you ("anything else?")."""
    policy = two_queue_policy(
        {"name": "slow_internet", "examples": ["internet slow"], "answer": "Restart the router", "queue": "complex"},
        {"name": "outage_check", "examples": ["network down"], "answer": "No outage", "queue": "complex"},
    )
    asked = Understanding(intent="slow_internet", confidence=0.2, words=30)
    reply = understand("brightwave", "hang on, hang on, there we go, it's loading now, sorry about that", "clarify")
    assert decide_turns(policy, asked, reply) == [("clarify", None, None), ("thanks", None, None)]
