"""The review's threshold fit as pure functions: labels, the stated cost, and a fit that recovers the threshold
that generated the agents' codes, proven by the what-if on the proposed policy file."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.conftest import BRIGHTWAVE
from tests.fitting_calls import CONFIDENCES, LIVE, SENTIMENTS, START, coded_week, retried_call, unclear_call, upset_week
from warmline.fitting import GRIDS, fit, label, score
from warmline.fitting_models import Costs
from warmline.models import DispositionCode, Reason
from warmline.policy import Policy
from warmline.policy_diff import source_mapping, to_yaml, unified_diff, with_value
from warmline.policy_file import load_policy
from warmline.replay import Replay
from warmline.whatif import parse_draft, what_if

CODE = DispositionCode
STEP = 0.05  # the low-confidence grid's step


def edits(diff: str) -> list[str]:
    """The lines a unified diff removes or adds."""
    return [ln for ln in diff.splitlines() if ln[:1] in "+-" and ln[:3] not in ("+++", "---")]


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(BRIGHTWAVE)


@pytest.fixture(scope="module")
def source(policy: Policy) -> dict[str, Any]:
    data, where = source_mapping(policy, BRIGHTWAVE.read_bytes())
    assert where == "file"
    return data


@pytest.mark.parametrize(
    ("reason", "codes", "expected"),
    [
        (Reason.LOW_CONFIDENCE, [CODE.AI_OVER_ESCALATED], "unneeded"),
        (Reason.SENTIMENT, [CODE.AI_OVER_ESCALATED, CODE.AI_LACKED_KNOWLEDGE], "unneeded"),
        (Reason.FAILED_RESOLUTION, [CODE.AI_MISIDENTIFIED_INTENT], "needed"),
        (Reason.CUSTOMER_REQUEST, [CODE.NONE], "needed"),  # an agent took it and did not call it unneeded
        (Reason.LOW_CONFIDENCE, [], None),
        (None, [CODE.AI_LACKED_KNOWLEDGE], "needed"),  # a contained call that came back coded: a missed escalation
        (None, [CODE.AI_MISIDENTIFIED_INTENT], "needed"),
        (None, [CODE.AI_INTEGRATION_FAILURE], None),
        (None, [], None),
    ],
)
def test_labels_come_from_the_agents_codes(
    reason: Reason | None, codes: list[DispositionCode], expected: str | None
) -> None:
    r = unclear_call("c", 0.3, START, codes).model_copy(update={"reason": reason})
    assert label(r) == expected


def test_the_cost_counts_labelled_calls_only() -> None:
    esc, kept = Replay(escalated=True, reason="low_confidence", turn=2), Replay(escalated=False)
    labels: dict[str, Any] = {"a": "unneeded", "b": "unneeded", "c": "needed", "d": "needed", "e": None}
    replays = {"a": esc, "b": kept, "c": kept, "d": esc, "e": esc}
    fig = score(labels, replays, Costs(unneeded=1.0, missed=3.0))
    assert (fig.calls, fig.contained, fig.unneeded, fig.missed, fig.cost) == (5, 2, 1, 1, 4.0)


@pytest.mark.parametrize("true_threshold", [0.2, 0.25, 0.3, 0.4])
async def test_fit_recovers_the_threshold_that_generated_the_codes(
    policy: Policy, source: dict[str, Any], true_threshold: float
) -> None:
    report = await fit(policy, source, coded_week(true_threshold), Costs())
    assert report.trusted and report.agreement == 1.0 and report.replayed == report.calls == 17
    (change,) = report.changes  # the defaults' same change is dropped for the narrower query type's
    assert change.target == "query_types[opening_hours].low_confidence.threshold" and change.current == LIVE
    assert abs(change.proposed - true_threshold) <= STEP + 1e-9
    over = [c for c in CONFIDENCES if c >= true_threshold]
    assert (change.before.unneeded, change.before.missed) == (len(over), 0)
    assert (change.after.unneeded, change.after.missed, change.after.cost) == (0, 0, 0.0)
    assert change.after.contained == change.before.contained + change.changed_calls


@pytest.mark.parametrize("true_threshold", [-0.8, -0.7, -0.6])
async def test_fit_recovers_the_sentiment_threshold_that_generated_the_codes(
    policy: Policy, source: dict[str, Any], true_threshold: float
) -> None:
    report = await fit(policy, source, upset_week(true_threshold), Costs())
    assert report.trusted and report.agreement == 1.0
    (change,) = report.changes
    assert change.target == "query_types[slow_internet].sentiment.threshold" and change.current == -0.4
    assert abs(change.proposed - true_threshold) <= 0.1 + 1e-9  # the sentiment grid's step
    assert (change.after.unneeded, change.after.missed) == (0, 0)
    assert {c.call_id for c in change.changed} == {f"upset{s:.2f}" for s in SENTIMENTS if s >= change.proposed}


async def test_missed_escalations_after_a_failed_answer_lower_the_attempt_limit(
    policy: Policy, source: dict[str, Any]
) -> None:
    """Contained calls that came back coded `ai_lacked_knowledge` (a late wrap-up): one failure was enough."""
    missed = [retried_call(f"back{i}", START, [CODE.AI_LACKED_KNOWLEDGE]) for i in range(3)]
    report = await fit(policy, source, [*missed, retried_call("fine", START, [])], Costs())
    (change,) = report.changes
    assert (change.target, change.current, change.proposed) == ("query_types[slow_internet].max_failed_attempts", 2, 1)
    assert (change.before.missed, change.after.missed, change.after.cost) == (3, 0, 0.0)
    assert {(c.call_id, c.after) for c in change.changed} == {
        *((f"back{i}", "failed_resolution@2") for i in range(3)),
        ("fine", "failed_resolution@2"),  # uncoded: listed, not counted
    }


async def test_a_draft_with_the_fitted_threshold_changes_exactly_the_calls_below_the_old_one(
    policy: Policy, source: dict[str, Any]
) -> None:
    records = coded_week(0.3)
    (change,) = (await fit(policy, source, records, Costs())).changes
    draft_yaml = to_yaml(with_value(source, policy, change.scope, change.field, change.proposed))
    assert edits(change.diff) == ["+  low_confidence:", "+    threshold: 0.3", "+    clarify_attempts: 1"]
    report = await what_if(records, (policy, None), (parse_draft(draft_yaml), None))
    should = {r.call_id for r in records if change.proposed <= r.turn_log[0].understanding.confidence < LIVE}
    assert {c.call_id for c in report.changes} == should == {c.call_id for c in change.changed}
    assert {c.kind for c in report.changes} == {"now_contained"} and report.trusted
    assert report.draft.contained == change.after.contained
    assert {c.call_id: c.label for c in change.changed}["uncoded-0.48"] is None  # listed, not counted


async def test_the_stated_cost_decides_between_unneeded_and_missed(policy: Policy, source: dict[str, Any]) -> None:
    """A call misread at 0.45 makes the low threshold cost a missed escalation: worth it at 2, not at 10."""
    records = [*coded_week(0.3), unclear_call("misread-0.45", 0.45, START, [CODE.AI_MISIDENTIFIED_INTENT])]
    cheap = await fit(policy, source, records, Costs(unneeded=1, missed=2))
    (change,) = cheap.changes
    assert change.proposed == 0.3 and (change.after.missed, change.after.cost) == (1, 2.0)
    assert (change.improved, change.worsened) == (6, 1)  # six over-escalations contained, the misread call too
    dear = await fit(policy, source, records, Costs(unneeded=1, missed=10))
    assert dear.trusted and dear.changes == []


async def test_skipping_calls_a_candidate_cannot_change_gives_the_same_fit(
    policy: Policy, source: dict[str, Any]
) -> None:
    """`could_change` only saves replays: on every kind of synthetic call the report is the same without it."""
    records = [
        *coded_week(0.3),
        *upset_week(-0.7),
        *(retried_call(f"back{i}", START, [CODE.AI_LACKED_KNOWLEDGE]) for i in range(3)),
        unclear_call("misread-0.45", 0.45, START, [CODE.AI_MISIDENTIFIED_INTENT]),
    ]
    pruned = await fit(policy, source, records, Costs())
    assert len(pruned.changes) == 3
    assert pruned == await fit(policy, source, records, Costs(), prune=False)


async def test_an_untrusted_replay_proposes_nothing(policy: Policy, source: dict[str, Any]) -> None:
    records = coded_week(0.3)
    records[0] = records[0].model_copy(update={"escalation_turn": 1})  # a record the replay cannot reproduce
    report = await fit(policy, source, records, Costs())
    assert not report.trusted and report.agreement is not None and report.agreement < 0.99
    assert report.changes == [] and "not trusted" in report.note and report.candidates == 0


async def test_calls_without_a_turn_log_are_not_replayed(policy: Policy, source: dict[str, Any]) -> None:
    legacy = [r.model_copy(update={"turn_log": []}) for r in coded_week(0.3)]
    report = await fit(policy, source, legacy, Costs())
    assert (report.replayed, report.trusted, report.changes) == (0, False, [])
    assert "no call of the period has a turn log" in report.note


def test_a_defaults_edit_keeps_the_rest_of_the_rule_and_the_file(policy: Policy, source: dict[str, Any]) -> None:
    edited = with_value(source, policy, None, "sentiment.threshold", -0.6)
    assert edited["defaults"]["sentiment"] == {"threshold": -0.6, "sustained_turns": 2, "action": "offer"}
    assert source["defaults"]["sentiment"]["threshold"] == -0.4  # the live mapping is not touched
    assert edits(unified_diff(source, edited)) == ["-    threshold: -0.4", "+    threshold: -0.6"]
    limit = with_value(source, policy, "slow_internet", "max_failed_attempts", 3)
    assert parse_draft(to_yaml(limit)).max_failed_attempts("slow_internet") == 3


def test_a_changed_policy_file_is_edited_as_a_dump_of_the_loaded_policy(policy: Policy) -> None:
    data, where = source_mapping(policy, BRIGHTWAVE.read_bytes() + b"\n# edited since\n")
    assert where == "dump"
    again = parse_draft(yaml.safe_dump(data))
    assert again.model_dump(exclude={"version"}) == policy.model_dump(exclude={"version"})


def test_the_grids_hold_the_live_defaults() -> None:
    assert 0.5 in GRIDS["low_confidence.threshold"] and -0.4 in GRIDS["sentiment.threshold"]
