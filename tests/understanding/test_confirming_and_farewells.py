"""Eighth round: a caller who approves the answer and asks a person to confirm it is confirming (the agent's
`confirmation_seeking` flag), not reporting a failure; and a thank-you or goodbye asking for nothing is never out of
scope, whatever the AI said before it (our own wording, none of it from a line's calls)."""

from __future__ import annotations

import pytest

from activities.understanding.acts import approved
from activities.understanding.text import clean
from tests.understanding.conftest import policy, understand
from warmline.trigger_models import TriggerState
from warmline.triggers import decide
from warmline.understanding import DialogAct as A

BW = "brightwave"


@pytest.mark.parametrize(
    "text",
    [
        "that's clear, thanks",
        "ok that's really useful",
        "that's what i thought",
        "right, that makes sense",
        "that helped",
    ],
)
def test_approval_of_the_answer_is_found(text: str) -> None:
    assert approved(clean(text))


@pytest.mark.parametrize(
    "text",
    ["that's not clear at all", "it still makes no sense", "none of that helped", "that's rubbish, it's still broken"],
)
def test_no_approval_in_a_complaint(text: str) -> None:
    assert not approved(clean(text))


@pytest.mark.parametrize(
    "text",
    [
        "that's what i thought, can i speak to someone to confirm the date",
        "okay that's clear enough, could one of your team go through it properly with me so i know i've not made a "
        "mess of it",
        "that makes sense, is there anybody i could double check the dates with properly",
    ],
)
def test_approving_then_asking_for_a_person_is_confirming(text: str) -> None:
    u = understand(BW, text, pending="answer", last="slow_internet")
    assert A.REQUEST_HUMAN in u.acts and A.NOT_RESOLVED not in u.acts
    # Through the decision: the answer on turn 1 stands, so the agent is told the caller is only confirming.
    state = TriggerState(topic="slow_internet", last_answer_turn=1, last_kind="answer", steps={"slow_internet": 1})
    d = decide(policy(BW), state, 2, u)
    assert d.kind == "escalate" and d.confirmation_seeking


@pytest.mark.parametrize("pending", [None, "answer", "clarify"])
@pytest.mark.parametrize(
    "text",
    [
        "oh right, i'll pop it on the app when i get home then, cheers, bye",
        "ah that's grand, i'll have a go at it tonight after tea, thanks a lot",
        "smashing, we'll sort it out ourselves at the weekend then, ta ra",
    ],
)
def test_a_farewell_asking_for_nothing_is_never_out_of_scope(text: str, pending: str | None) -> None:
    # After "how can I help?" (a prompt: no pending context) as after an answer or a clarifying question.
    u = understand(BW, text, pending=pending, last="slow_internet" if pending else None)
    assert not u.out_of_scope
