"""Ninth round (issue 15): a failure reported in answer to a clarifying question, with no answer given yet, counts
for the guess the question named (the turn's own guess from `LOOSE_GUESS` up, else the earlier leaning)."""

from __future__ import annotations

from tests.unit.test_triggers import POLICY, U
from warmline.models import Reason
from warmline.trigger_models import TriggerState
from warmline.triggers import decide
from warmline.understanding import DialogAct as A


def asked(leaning: str | None) -> TriggerState:
    return TriggerState(last_kind="clarify", clarifications=1, leaning=leaning)


def test_a_failure_said_to_a_clarifying_question_counts_for_the_leaning() -> None:
    d = decide(POLICY, asked("hours"), 2, U(None, conf=0.0, acts=(A.NOT_RESOLVED,)))
    assert (d.kind, d.query_type, d.failures_counted) == ("retry", "hours", 1)
    assert d.state.topic == "hours" and d.state.failures == {"hours": 1} and d.state.clarifications == 0
    # the next report is after that retry, as after any answer: the second failure reaches the limit
    again = decide(POLICY, d.state, 3, U(None, conf=0.0, acts=(A.NOT_RESOLVED,)))
    assert (again.kind, again.reason, again.query_type) == ("escalate", Reason.FAILED_RESOLUTION, "hours")


def test_the_turns_own_guess_wins_over_the_leaning_and_a_limit_of_one_transfers() -> None:
    d = decide(POLICY, asked("hours"), 2, U("dispute", conf=0.2, acts=(A.NOT_RESOLVED,)))
    assert (d.kind, d.reason, d.query_type) == ("escalate", Reason.FAILED_RESOLUTION, "dispute")


def test_no_failure_without_a_guess_the_ai_handles() -> None:
    # nothing leaned to: still unclear after the question (low_confidence, clarify_attempts 1)
    d = decide(POLICY, asked(None), 2, U(None, conf=0.0, acts=(A.NOT_RESOLVED,)))
    assert (d.kind, d.reason, d.failures_counted) == ("escalate", Reason.LOW_CONFIDENCE, 0)
    # a type people handle is theirs, not the AI's to retry
    human = decide(POLICY, asked("fraud"), 2, U(None, conf=0.0, acts=(A.NOT_RESOLVED,)))
    assert human.failures_counted == 0


def test_only_after_a_clarifying_question_without_a_topic() -> None:
    prompted = TriggerState(last_kind="prompt", leaning="hours")
    assert decide(POLICY, prompted, 2, U(None, conf=0.0, acts=(A.NOT_RESOLVED,))).failures_counted == 0
    plain = decide(POLICY, asked("hours"), 2, U(None, conf=0.0))
    assert plain.failures_counted == 0
