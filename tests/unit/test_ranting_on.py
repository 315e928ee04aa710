"""Eighteenth round, part e-upset (`warmline/ranting_on.py`): an upset turn right after the AI acknowledged an upset
turn goes on with the grievance; a learned "it didn't work" in it counts no failure, and the sentiment rule decides.
A failure told after an answer, told calmly, or with the step done again still counts."""

from __future__ import annotations

from tests.unit.decided import decide_turns, two_queue_policy
from warmline.models import Reason
from warmline.policy import Policy
from warmline.policy_file import parse_policy
from warmline.ranting_on import rants_on
from warmline.trigger_models import TriggerState
from warmline.understanding import DialogAct as A
from warmline.understanding import Understanding

# One failure of the "hours" answer transfers: without the rule the third turn below is a failed-resolution transfer.
POLICY: Policy = parse_policy(
    two_queue_policy(
        {
            "name": "hours",
            "examples": ["when open"],
            "answer": "9 to 5",
            "queue": "transactional",
            "max_failed_attempts": 1,
        },
    ).model_dump()
)
ANSWERED_UPSET = Understanding(intent="hours", confidence=0.9, sentiment=-0.8)  # "your hours are a joke, when ..."
RANT = Understanding(sentiment=-0.9)  # "nobody there cares a bit, do they"


def test_an_upset_turn_after_an_acknowledged_one_is_the_grievance_going_on() -> None:
    # "... and it's no way to treat anybody who's paid up for years, is it" read by the act model as "it didn't work"
    steps = decide_turns(POLICY, ANSWERED_UPSET, RANT, Understanding(sentiment=-0.9, acts=[A.NOT_RESOLVED]))
    assert steps == [("answer", None, "hours"), ("empathise", None, "hours"), ("offer", None, "hours")]


def test_the_step_done_again_is_still_a_failure() -> None:
    # "i went and did it all again like you said and it's still no use, i'm livid"
    again = Understanding(sentiment=-0.9, acts=[A.NOT_RESOLVED], already_tried=True)
    steps = decide_turns(POLICY, ANSWERED_UPSET, RANT, again)
    assert steps[-1][:2] == ("escalate", Reason.FAILED_RESOLUTION)


def test_a_failure_right_after_the_answer_or_told_calmly_counts() -> None:
    failed_upset = Understanding(sentiment=-0.9, acts=[A.NOT_RESOLVED])
    assert decide_turns(POLICY, ANSWERED_UPSET, failed_upset)[-1][:2] == ("escalate", Reason.FAILED_RESOLUTION)
    failed_calm = Understanding(sentiment=0.0, acts=[A.NOT_RESOLVED])
    assert decide_turns(POLICY, ANSWERED_UPSET, RANT, failed_calm)[-1][:2] == ("escalate", Reason.FAILED_RESOLUTION)


def test_rants_on_needs_an_acknowledged_upset_turn_before() -> None:
    before = TriggerState(last_kind="empathise", topic="hours", negative_streak=2, last_answer_turn=1)
    rant = Understanding(sentiment=-0.9, acts=[A.NOT_RESOLVED])
    assert rants_on(before, rant, POLICY)
    assert not rants_on(before.model_copy(update={"last_kind": "answer"}), rant, POLICY)
    assert not rants_on(before, rant.model_copy(update={"acts": []}), POLICY)
    assert not rants_on(before, rant.model_copy(update={"sentiment": -0.1}), POLICY)
