"""Tenth round: a reply to a clarifying question that thanks and asks nothing is a thank-you, not a still-unclear
reply (no low_confidence transfer); one in vague words still is (our own wording, none of it from a line's calls)."""

from __future__ import annotations

import pytest

from tests.understanding.conftest import policy, understand
from warmline.trigger_models import TriggerState
from warmline.triggers import decide
from warmline.understanding import DialogAct as A

BW = "brightwave"
ASKED = TriggerState(last_kind="clarify", clarifications=1)


@pytest.mark.parametrize(
    "text",
    [
        "ah the morning one, okay, cheers",
        "that sounds nice and simple, thank you",
    ],
)
def test_thanks_after_a_clarifying_question_is_thanked(text: str) -> None:
    u = understand(BW, text, pending="clarify")
    assert A.THANKS in u.acts and A.VAGUE not in u.acts
    assert decide(policy(BW), ASKED, 2, u).kind == "thanks"


def test_vague_words_with_thanks_after_a_question_still_escalate() -> None:
    u = understand(BW, "oh just the usual stuff really, thanks", pending="clarify")
    d = decide(policy(BW), ASKED, 2, u)
    assert (d.kind, d.reason and d.reason.value) == ("escalate", "low_confidence")
