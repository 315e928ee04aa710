"""Turning review patterns into concrete policy changes a lead can accept or reject.

Each rule reads one pattern kind (and, for over-escalation, one trigger) and
names the policy field to change with its current and proposed value. A pattern
seen on fewer than `MIN_EVIDENCE` calls proposes nothing: one call is an anecdote.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from warmline.models import DispositionCode, Reason
from warmline.policy import Policy
from warmline.records import CallRecord
from warmline.review import NO_INTENT, integration_failures
from warmline.review_models import Pattern, Proposal

MIN_EVIDENCE = 2
THRESHOLD_STEP = 0.05


def _scope(rs: Sequence[CallRecord], policy: Policy) -> str | None:
    """The one query type every call was about, when they agree (so a change can stay local)."""
    intents = {r.intent for r in rs}
    only = next(iter(intents)) if len(intents) == 1 else None
    return only if only and policy.query_type(only) else None


def _over_escalation(p: Pattern, rs: list[CallRecord], policy: Policy) -> list[Proposal]:
    qt = _scope(rs, policy)
    where = f"query_types[{qt}]" if qt else "defaults"
    n = p.count
    if p.key == Reason.LOW_CONFIDENCE:
        cur = policy.low_confidence_rule(qt).threshold
        new = round(max(0.05, cur - THRESHOLD_STEP), 2)
        return [
            Proposal(
                kind="lower",
                target=f"{where}.low_confidence.threshold",
                current=cur,
                proposed=new,
                evidence=n,
                change=f"lower the low-confidence threshold from {cur} to {new}: {n} unclear-intent "
                "escalations were unnecessary",
            )
        ]
    if p.key == Reason.SENTIMENT:
        rule = policy.sentiment_rule(qt)
        if rule.action == "escalate":
            return [
                Proposal(
                    kind="review_flow",
                    target=f"{where}.sentiment.action",
                    current="escalate",
                    proposed="offer",
                    evidence=n,
                    change="offer a specialist instead of transferring upset callers at once",
                )
            ]
        new_turns = rule.sustained_turns + 1
        return [
            Proposal(
                kind="raise",
                target=f"{where}.sentiment.sustained_turns",
                current=rule.sustained_turns,
                proposed=new_turns,
                evidence=n,
                change=f"raise sentiment.sustained_turns to {new_turns} before offering a specialist",
            )
        ]
    if p.key == Reason.FAILED_RESOLUTION:
        out = []
        for intent, count in Counter(r.intent for r in rs if r.intent).most_common():
            cur = policy.max_failed_attempts(intent)
            if count >= MIN_EVIDENCE and cur < 10:
                out.append(
                    Proposal(
                        kind="raise",
                        target=f"query_types[{intent}].max_failed_attempts",
                        current=cur,
                        proposed=cur + 1,
                        evidence=count,
                        change=f"allow {intent} one more attempt ({cur} → {cur + 1})",
                    )
                )
        return out
    if p.key == Reason.OUT_OF_SCOPE:
        human = [i for i, c in Counter(r.intent for r in rs).most_common() if i and policy.query_type(i)]
        if human:
            return [
                Proposal(
                    kind="review_flow",
                    target=f"query_types[{human[0]}].handling",
                    current="human",
                    proposed="ai",
                    evidence=n,
                    change=f"let the AI answer {human[0]}: agents found no need for a person",
                )
            ]
        return [
            Proposal(
                kind="new_query_type",
                target="query_types",
                proposed=p.phrasings,
                evidence=n,
                change="add a query type covering these out-of-scope requests agents found simple",
            )
        ]
    if p.key == Reason.CUSTOMER_REQUEST:
        target = f"query_types[{qt}].answer" if qt else "query_types[*].answer"
        return [
            Proposal(
                kind="review_flow",
                target=target,
                evidence=n,
                change="callers asked for a person although agents found no need: make the AI's answer "
                "complete enough that they need no confirmation",
            )
        ]
    return []


def propose(patterns: Sequence[Pattern], records: Sequence[CallRecord], policy: Policy) -> list[Proposal]:
    """The proposals the patterns support, strongest evidence first."""
    out: list[Proposal] = []
    over = {r.call_id for r in records if DispositionCode.AI_OVER_ESCALATED in r.disposition_codes}
    for p in patterns:
        if p.count < MIN_EVIDENCE:
            continue
        if p.kind == "misidentified_intent" and p.phrasings:
            read_as, _, meant = p.key.partition(" → ")
            out.append(
                Proposal(
                    kind="add_examples",
                    target=f"query_types[{meant or '?'}].examples",
                    evidence=p.count,
                    proposed=p.phrasings,
                    change=f"add these phrasings as examples to {meant}"
                    if meant
                    else f"these phrasings were read as {read_as}: add them as examples to the query type "
                    "they belong to",
                )
            )
        elif p.kind == "knowledge_gap":
            if p.key == NO_INTENT:
                out.append(
                    Proposal(
                        kind="new_query_type",
                        target="query_types",
                        proposed=p.phrasings,
                        evidence=p.count,
                        change="add a query type for what these callers asked",
                    )
                )
            else:
                notes = [e.notes for e in p.examples if e.notes]
                out.append(
                    Proposal(
                        kind="extend_answer",
                        target=f"query_types[{p.key}].answer",
                        proposed=notes,
                        evidence=p.count,
                        change=f"extend the answer for {p.key} with what agents had to add",
                    )
                )
        elif p.kind == "integration_failure":
            qt, _, acct = p.key.partition(" · ")
            rs = [r for r in records if (r.intent or NO_INTENT) == qt]
            actions = sorted({a for r in rs for a in integration_failures(r)}) or ["(not recorded)"]
            out.append(
                Proposal(
                    kind="fix_integration",
                    target=f"actions[{', '.join(actions)}]",
                    evidence=p.count,
                    change=f"fix {', '.join(actions)} for {qt} callers with {acct} accounts",
                )
            )
        elif p.kind == "over_escalation":
            rs = [r for r in records if r.call_id in over and r.reason and r.reason.value == p.key]
            out.extend(_over_escalation(p, rs, policy))
    return sorted(out, key=lambda p: -p.evidence)
