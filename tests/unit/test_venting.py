"""An upset reply to a clarifying question about a matter already told is venting, not a failed clarification."""

from __future__ import annotations

import pytest

from tests.unit.decided import decide_turns, two_queue_policy
from warmline.models import Reason
from warmline.policy import Policy
from warmline.trigger_models import TriggerState
from warmline.understanding import DialogAct as A
from warmline.understanding import Understanding
from warmline.venting import vents_about

POLICY: Policy = two_queue_policy(
    {"name": "hours", "examples": ["when open"], "answer": "9 to 5", "queue": "transactional"},
    {"name": "dispute", "examples": ["bill wrong"], "answer": "Checked it", "queue": "complex"},
)


def _run(*turns: Understanding) -> list[tuple[str, Reason | None, str | None]]:
    return decide_turns(POLICY, *turns)


def test_upset_reply_about_a_told_matter_is_acknowledged_and_counted() -> None:
    # "the bill's wrong again, I'm furious" (a loose guess) -> "it's a disgrace" -> "you're useless" -> "yes"
    steps = _run(
        Understanding(intent="dispute", confidence=0.3, sentiment=-0.8),
        Understanding(sentiment=-0.9, acts=[A.VAGUE]),
        Understanding(sentiment=-0.9),
        Understanding(sentiment=0.3, acts=[A.AFFIRM]),
    )
    assert steps == [
        ("clarify", None, None),
        ("empathise", None, "dispute"),
        ("offer", None, None),
        ("escalate", Reason.SENTIMENT, "dispute"),
    ]


@pytest.mark.parametrize(
    "first",
    [
        Understanding(sentiment=-0.8),  # upset, but no matter named ("I'm sick of this whole thing")
        Understanding(intent="dispute", confidence=0.3, sentiment=0.0),  # a matter named calmly
    ],
)
def test_still_unclear_otherwise(first: Understanding) -> None:
    steps = _run(first, Understanding(sentiment=-0.9, acts=[A.VAGUE]))
    assert steps[-1][:2] == ("escalate", Reason.LOW_CONFIDENCE)


def test_vents_about_needs_a_clarifying_question_and_a_running_count() -> None:
    asked = TriggerState(last_kind="clarify", negative_streak=1, leaning="dispute")
    assert vents_about(asked, negative=True) == "dispute"
    assert vents_about(asked, negative=False) is None
    assert vents_about(asked.model_copy(update={"last_kind": "answer"}), negative=True) is None
    assert vents_about(asked.model_copy(update={"negative_streak": 0}), negative=True) is None
