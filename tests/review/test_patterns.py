"""Review patterns and proposals, one row per rule: the calls, the pattern found, the change proposed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.review.conftest import CODE, call
from warmline.models import Reason
from warmline.policy import Policy
from warmline.proposals import propose
from warmline.records import CallRecord
from warmline.review import account_type, find_patterns

MIS, GAP, INT, OVER = (
    CODE.AI_MISIDENTIFIED_INTENT,
    CODE.AI_LACKED_KNOWLEDGE,
    CODE.AI_INTEGRATION_FAILURE,
    CODE.AI_OVER_ESCALATED,
)
LC, SE, FR, OOS, CR = (
    Reason.LOW_CONFIDENCE,
    Reason.SENTIMENT,
    Reason.FAILED_RESOLUTION,
    Reason.OUT_OF_SCOPE,
    Reason.CUSTOMER_REQUEST,
)


def two(said: list[str], **kw: Any) -> list[CallRecord]:
    return [call(f"c{i}", [f"{said[0]} {i}" if i else said[0], *said[1:]], **kw) for i in range(2)]


# (rule, calls, (pattern kind, key, count, of), (proposal kind, target, current, proposed) or None)
CASES: list[tuple[str, list[CallRecord], tuple[str, str, int, int], tuple[str, str, Any, Any] | None]] = [
    (
        "misread phrasings go to the query type the agent's notes name",
        [
            call(cid, [said], reason=CR, codes=[MIS], intent="opening_hours", disposition_notes=notes)
            for cid, said, notes in [
                ("a", "why is my bill doubled", "caller meant a bill dispute"),
                ("b", "charged twice this month", "Bill_Dispute really"),
            ]
        ],
        ("misidentified_intent", "opening_hours → bill_dispute", 2, 2),
        (
            "add_examples",
            "query_types[bill_dispute].examples",
            None,
            ["why is my bill doubled", "charged twice this month"],
        ),
    ),
    (
        "misread phrasings without a named query type ask which one they belong to",
        two(["do you do gift cards"], reason=CR, codes=[MIS], intent="payment_methods"),
        ("misidentified_intent", "payment_methods", 2, 2),
        ("add_examples", "query_types[?].examples", None, ["do you do gift cards", "do you do gift cards 1"]),
    ),
    (
        "a knowledge gap on a query type extends its answer with the agents' notes",
        two(["can I upgrade to fibre"], reason=FR, codes=[GAP], intent="plan_upgrade", disposition_notes="fibre info"),
        ("knowledge_gap", "plan_upgrade", 2, 2),
        ("extend_answer", "query_types[plan_upgrade].answer", None, ["fibre info", "fibre info"]),
    ),
    (
        "a knowledge gap with no intent proposes a new query type",
        two(["what's your carbon policy"], reason=LC, codes=[GAP]),
        ("knowledge_gap", "(no intent)", 2, 2),
        ("new_query_type", "query_types", None, ["what's your carbon policy", "what's your carbon policy 1"]),
    ),
    (
        "failed actions group by query type and account type",
        two(["dispute my bill"], reason=FR, intent="bill_dispute", failed=["lookup_bill"], account_id="BIZ-77"),
        ("integration_failure", "bill_dispute · BIZ", 2, 2),
        ("fix_integration", "actions[lookup_bill]", None, None),
    ),
    (
        "over-escalated unclear intents lower the default low-confidence threshold",
        two(["umm the thing"], reason=LC, codes=[OVER]),
        ("over_escalation", "low_confidence", 2, 2),
        ("lower", "defaults.low_confidence.threshold", 0.5, 0.45),
    ),
    (
        "over-escalated sentiment offers wait one more turn",
        two(["this is annoying"], reason=SE, codes=[OVER]),
        ("over_escalation", "sentiment", 2, 2),
        ("raise", "defaults.sentiment.sustained_turns", 2, 3),
    ),
    (
        "over-escalations on one query type change that query type only",
        two(["internet slow-ish"], reason=LC, codes=[OVER], intent="slow_internet"),
        ("over_escalation", "low_confidence", 2, 2),
        ("lower", "query_types[slow_internet].low_confidence.threshold", 0.5, 0.45),
    ),
    (
        "over-escalated human-only query types are offered to the AI",
        two(["cancel my contract"], reason=OOS, codes=[OVER], intent="cancel_contract"),
        ("over_escalation", "out_of_scope", 2, 2),
        ("review_flow", "query_types[cancel_contract].handling", "human", "ai"),
    ),
    (
        "over-escalated failed resolutions allow one more attempt",
        two(["dispute my bill"], reason=FR, codes=[OVER], intent="bill_dispute"),
        ("over_escalation", "failed_resolution", 2, 2),
        ("raise", "query_types[bill_dispute].max_failed_attempts", 1, 2),
    ),
    (
        "needless requests for a person point at the answer",
        two(["opening hours please", "a person please"], reason=CR, codes=[OVER], intent="opening_hours"),
        ("over_escalation", "customer_request", 2, 2),
        ("review_flow", "query_types[opening_hours].answer", None, None),
    ),
    (
        "one call is an anecdote: a pattern, no proposal",
        [call("a", ["umm the thing"], reason=LC, codes=[OVER]), call("b", ["hm"], reason=LC, codes=[CODE.NONE])],
        ("over_escalation", "low_confidence", 1, 2),
        None,
    ),
]


@pytest.mark.parametrize(("rule", "calls", "pattern", "proposal"), CASES, ids=[c[0] for c in CASES])
def test_review_rule(
    rule: str,
    calls: list[CallRecord],
    pattern: tuple[str, str, int, int],
    proposal: tuple[str, str, Any, Any] | None,
    policy: Policy,
) -> None:
    found = find_patterns(calls, policy)
    assert [(p.kind, p.key, p.count, p.of) for p in found] == [pattern]
    assert found[0].examples[0].call_id == calls[0].call_id and found[0].examples[0].lines[0] == "ai: Hello"
    proposals = propose(found, calls, policy)
    got = [(p.kind, p.target, p.current, p.proposed) for p in proposals]
    assert got == ([proposal] if proposal else [])


def test_phrasings_the_policy_already_lists_are_not_proposed_again(policy: Policy) -> None:
    known = policy.query_types[0].examples[0]
    calls = [
        call(
            f"c{i}",
            [text],
            reason=CR,
            codes=[MIS],
            intent="payment_methods",
            disposition_notes=f"wanted {policy.query_types[0].name}",
        )
        for i, text in enumerate([known, "when do you shut"])
    ]
    (pattern,) = find_patterns(calls, policy)
    assert pattern.phrasings == ["when do you shut"]


def test_contained_calls_and_no_codes_make_no_patterns(policy: Policy) -> None:
    calls = [call("a", ["what time do you open"], intent="opening_hours"), call("b", ["hi"], reason=CR)]
    assert find_patterns(calls, policy) == []


@pytest.mark.parametrize(
    ("account_id", "authenticated", "kind"),
    [("BIZ-1", True, "BIZ"), ("km-9", False, "KM"), ("12345", True, "verified"), (None, False, "unverified")],
)
def test_account_type(account_id: str | None, authenticated: bool, kind: str) -> None:
    assert account_type(call("a", ["x"], account_id=account_id, authenticated=authenticated)) == kind
