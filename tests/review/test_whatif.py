"""Policy what-if: recorded calls replayed against a draft; a changed threshold or queue changes the result."""

from __future__ import annotations

from typing import Any

import yaml

from activities.understanding.embedded import EmbeddedUnderstander
from tests.conftest import BRIGHTWAVE
from tests.review.conftest import Ops, call
from warmline.models import Reason
from warmline.policy import Policy
from warmline.policy_file import parse_policy
from warmline.whatif import what_if

# Recorded before turn logs were kept: replayed by re-running understanding on the transcript.
CALLS = [
    call("hours", ["what are your opening hours", "thanks, bye"]),
    call("shut", ["what time do you shut on weekends"]),  # the classifier is 0.975 sure: opening_hours (the others 1.0)
    call("cancel", ["I want to cancel my contract"], reason=Reason.OUT_OF_SCOPE, queue="complex"),  # human-handled
    call(
        "person",
        ["my internet is really slow", "I want to speak to a person"],
        reason=Reason.CUSTOMER_REQUEST,
        queue="technical",
    ),
]


def draft_yaml(**defaults: Any) -> str:
    data = yaml.safe_load(BRIGHTWAVE.read_text())
    data["defaults"].update(defaults)
    for qt in data["query_types"]:
        if qt["name"] == "cancel_contract":
            qt["queue"] = "transactional"
    return yaml.safe_dump(data)


def draft(**defaults: Any) -> Policy:
    return parse_policy(yaml.safe_load(draft_yaml(**defaults))).model_copy(update={"version": "draft"})


async def test_raising_the_confidence_threshold_escalates_the_unsure_call(policy: Policy) -> None:
    strict = draft(low_confidence={"threshold": 0.99, "clarify_attempts": 0})
    report = await what_if(
        CALLS, (policy, EmbeddedUnderstander(policy).understand), (strict, EmbeddedUnderstander(strict).understand)
    )
    assert (report.current.contained, report.current.containment) == (2, 0.5)
    assert report.current.escalations == {"out_of_scope": 1, "customer_request": 1}
    assert (report.draft.contained, report.draft.containment) == (1, 0.25)
    assert report.draft.escalations == {"out_of_scope": 1, "customer_request": 1, "low_confidence": 1}
    assert report.routing_changes == {"complex → transactional": 1}
    assert [(c.call_id, c.kind) for c in report.changes] == [("shut", "now_escalated"), ("cancel", "queue_changed")]
    shut = report.changes[0]
    assert (shut.after.reason, shut.after.queue, shut.after.turn) == ("low_confidence", "complex", 1)
    assert shut.caller_turns == ["what time do you shut on weekends"]
    # The live policy's replay reproduces every recorded call, through re-run understanding (flagged).
    assert report.recorded == report.current
    f = report.fidelity
    assert (f.calls, f.agree, f.agreement, f.trusted, f.reran_understanding) == (4, 4, 1.0, True, 4)
    assert "re-running understanding" in f.note and report.trusted and report.draft.trusted


async def test_a_replay_that_misses_the_recorded_outcome_marks_the_draft_untrusted(policy: Policy) -> None:
    """ "cancel" was recorded contained, which the live policy cannot reproduce: 3 of 4 agree, below 99%."""
    calls = [*CALLS[:2], call("cancel", ["I want to cancel my contract"]), CALLS[3]]
    und = EmbeddedUnderstander(policy).understand
    report = await what_if(calls, (policy, und), (policy, und))
    f = report.fidelity
    assert (f.calls, f.agree, f.agreement, f.trusted) == (4, 3, 0.75, False)
    assert [(d.call_id, d.recorded.end, d.replayed.reason) for d in f.disagreements] == [
        ("cancel", "contained", "out_of_scope")
    ]
    assert not report.trusted and not report.draft.trusted and "not trusted" in f.note
    assert report.recorded.contained == 3 and report.current.contained == 2


async def test_the_same_thresholds_change_only_the_routing(policy: Policy) -> None:
    same = draft()
    report = await what_if(
        CALLS, (policy, EmbeddedUnderstander(policy).understand), (same, EmbeddedUnderstander(same).understand)
    )
    assert report.draft.model_dump(exclude={"queues"}) == report.current.model_dump(exclude={"queues"})
    assert [c.call_id for c in report.changes] == ["cancel"]


async def test_whatif_over_http_replays_the_stored_week_on_a_worker(ops: Ops) -> None:
    body = draft_yaml(low_confidence={"threshold": 0.5, "clarify_attempts": 0})  # no clarifying question
    week = {"since": "2025-03-03T00:00:00Z", "until": "2025-03-10T00:00:00Z"}
    r = await ops.http.post("/v1/whatif", params=week, content=body, headers={"content-type": "application/yaml"})
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["current"]["calls"] == 11 and report["draft_version"].startswith("draft-")
    # "umm the thing with the stuff" (3 calls): live, the AI asks once more; the draft escalates at once
    assert (report["current"]["containment"], report["current"]["escalations"]) == (1.0, {})
    assert (report["draft"]["containment"], report["draft"]["escalations"]) == (0.7273, {"low_confidence": 3})
    assert report["draft"]["queues"] == {"complex": 3}
    assert sorted(c["call_id"] for c in report["changes"]) == ["lc0", "lc1", "lc2"]
    # The seeded records say 5 of the 11 escalated; the live replay of their transcripts cannot reproduce that.
    assert (report["recorded"]["contained"], report["recorded"]["escalations"]) == (
        6,
        {"low_confidence": 3, "customer_request": 2},
    )
    f = report["fidelity"]
    assert (f["calls"], f["agree"], f["trusted"], f["reran_understanding"]) == (11, 6, False, 11)
    assert sorted(d["call_id"] for d in f["disagreements"]) == ["bd0", "bd1", "lc0", "lc1", "lc2"]
    assert report["trusted"] is False and report["draft"]["trusted"] is False

    bad = await ops.http.post(
        "/v1/whatif", content="company: X\nqueues: []\n", headers={"content-type": "application/yaml"}
    )
    assert bad.status_code == 422 and "draft policy" in bad.json()["detail"]
