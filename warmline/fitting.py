"""Fitting the escalation thresholds to what agents said of the period's calls, by replaying them.

Labels come from agents' disposition codes (`label`): a call coded
`ai_over_escalated` was an escalation that should not have happened; any other
escalated call an agent coded, and a contained call that came back coded
`ai_misidentified_intent` or `ai_lacked_knowledge`, needed a person. Uncoded
calls are unlabelled: replayed and listed when they change, never counted.

The stated cost is `unneeded × costs.unneeded + missed × costs.missed`. Per scope
(`defaults`, and each query type a labelled call's turns were read as, or acted for) and per field
(`FitField`), every value of a small grid is written into the policy YAML
(warmline/policy_diff.py), parsed back and replayed (warmline/replay.py) over the
calls it can affect; the cheapest value is proposed only when it beats the live
policy's cost on at least `MIN_EVIDENCE` labelled calls, and only when the live
policy's replay reproduces the calls (the what-if's fidelity bar). Pure apart from
the CPU it burns: the review runs it in an activity (activities/fitting.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from warmline.fitting_models import (
    MAX_CALLS_LISTED,
    CallChange,
    Costs,
    Figures,
    FitField,
    FitReport,
    FittedChange,
    Label,
)
from warmline.models import DispositionCode
from warmline.policy import Policy
from warmline.policy_diff import Source, parse_proposed, unified_diff, with_value
from warmline.records import CallRecord
from warmline.replay import Replay, replay
from warmline.triggers import effective_confidence
from warmline.whatif import fidelity_of

FIELDS: tuple[FitField, ...] = ("low_confidence.threshold", "sentiment.threshold", "max_failed_attempts")
GRIDS: dict[FitField, list[float | int]] = {
    "low_confidence.threshold": [round(0.10 + 0.05 * i, 2) for i in range(17)],  # 0.10 … 0.90
    "sentiment.threshold": [round(-0.9 + 0.1 * i, 1) for i in range(10)],  # -0.9 … 0.0
    "max_failed_attempts": [1, 2, 3, 4, 5],
}
MIN_EVIDENCE = 2  # labelled calls a change must set right: one call is an anecdote
NEEDED_WHEN_CONTAINED = {DispositionCode.AI_MISIDENTIFIED_INTENT, DispositionCode.AI_LACKED_KNOWLEDGE}


def label(r: CallRecord) -> Label | None:
    """What the agents' codes say the call needed (late wrap-ups count: the store merged them into the record)."""
    codes = set(r.disposition_codes)
    if r.reason is not None:
        if DispositionCode.AI_OVER_ESCALATED in codes:
            return "unneeded"
        return "needed" if codes else None
    return "needed" if codes & NEEDED_WHEN_CONTAINED else None


def score(labels: dict[str, Label | None], replays: dict[str, Replay], costs: Costs) -> Figures:
    """The cost of one policy's replays: labelled escalations it should not make, and ones it misses."""
    unneeded = sum(1 for c, rep in replays.items() if labels.get(c) == "unneeded" and rep.escalated)
    missed = sum(1 for c, rep in replays.items() if labels.get(c) == "needed" and not rep.escalated)
    return Figures(
        calls=len(replays),
        contained=sum(1 for rep in replays.values() if not rep.escalated),
        unneeded=unneeded,
        missed=missed,
        cost=round(unneeded * costs.unneeded + missed * costs.missed, 4),
    )


def current_value(policy: Policy, scope: str | None, field: FitField) -> float | int:
    if field == "low_confidence.threshold":
        return policy.low_confidence_rule(scope).threshold
    if field == "sentiment.threshold":
        return policy.sentiment_rule(scope).threshold
    return policy.max_failed_attempts(scope)


def touches(r: CallRecord, query_type: str) -> bool:
    """Whether a query type's own rules can decide anything in the call: some turn was read as it, or acted for it."""
    return r.intent == query_type or any(
        t.understanding.intent == query_type or any(a.query_type == query_type for a in t.understanding.actions)
        for t in r.turn_log
    )


def could_change(r: CallRecord, field: FitField, a: float | int, b: float | int) -> bool:
    """Whether moving a threshold from `a` to `b` can change the call: a turn's value must lie between them.

    Both thresholds are only ever compared as `value >= threshold` / `value < threshold` (warmline/triggers.py,
    turn_plan.py) with the turn's effective confidence or its sentiment, so a call whose every turn falls on the
    same side of both decides every turn the same way. The attempt limit has no such shortcut."""
    lo, hi = min(a, b), max(a, b)
    if field == "low_confidence.threshold":
        return any(lo <= effective_confidence(t.understanding, t.asr_confidence) < hi for t in r.turn_log)
    if field == "sentiment.threshold":
        return any(lo <= t.understanding.sentiment < hi for t in r.turn_log)
    return True


def end_of(rep: Replay) -> str:
    return f"{rep.reason}@{rep.turn}" if rep.escalated else "contained"


def _changes(labels: dict[str, Label | None], live: dict[str, Replay], after: dict[str, Replay]) -> list[CallChange]:
    return [
        CallChange(call_id=c, label=labels.get(c), before=end_of(live[c]), after=end_of(rep))
        for c, rep in after.items()
        if end_of(rep) != end_of(live[c])
    ]


def _improved(changed: list[CallChange]) -> int:
    """Labelled calls the change sets right: unneeded escalations now contained, needed ones now escalated."""
    return sum(
        1
        for ch in changed
        if (ch.label == "unneeded" and ch.after == "contained") or (ch.label == "needed" and ch.before == "contained")
    )


class _Fit:
    """One period's fit: the live replays, the labels, and a counter of candidate policies tried."""

    def __init__(
        self, policy: Policy, data: dict[str, Any], records: Sequence[CallRecord], costs: Costs, prune: bool
    ) -> None:
        self.policy, self.data, self.records, self.costs, self.prune = policy, data, list(records), costs, prune
        self.labels = {r.call_id: label(r) for r in self.records}
        self.live: dict[str, Replay] = {}
        self.tried = 0

    async def best(self, scope: str | None, field: FitField) -> FittedChange | None:
        """The cheapest grid value for one field of one scope, when it beats the live cost on enough calls."""
        pool = self.records if scope is None else [r for r in self.records if touches(r, scope)]
        base = score(self.labels, self.live, self.costs)
        cur = current_value(self.policy, scope, field)
        found: tuple[tuple[float, float], float | int, dict[str, Replay]] | None = None
        for value in GRIDS[field]:
            if value == cur:
                continue
            candidate = parse_proposed(with_value(self.data, self.policy, scope, field, value))
            moving = [r for r in pool if not self.prune or could_change(r, field, cur, value)]
            after = {r.call_id: await replay(candidate, r) for r in moving}
            self.tried += 1
            key = (score(self.labels, {**self.live, **after}, self.costs).cost, abs(value - cur))
            if found is None or key < found[0]:
                found = (key, value, after)
        if found is None or found[0][0] >= base.cost:
            return None
        _, value, after = found
        changed = _changes(self.labels, self.live, after)
        improved = _improved(changed)
        if improved < MIN_EVIDENCE:
            return None
        return FittedChange(
            scope=scope,
            field=field,
            current=cur,
            proposed=value,
            before=base,
            after=score(self.labels, {**self.live, **after}, self.costs),
            changed=changed[:MAX_CALLS_LISTED],
            changed_calls=len(changed),
            improved=improved,
            worsened=sum(1 for ch in changed if ch.label is not None) - improved,
            diff=unified_diff(self.data, with_value(self.data, self.policy, scope, field, value)),
        )


async def fit(
    policy: Policy,
    data: dict[str, Any],
    records: Sequence[CallRecord],
    costs: Costs,
    source: Source = "file",
    prune: bool = True,
) -> FitReport:
    """Fit every field of `FIELDS` for `defaults` and each labelled query type; the changes that lower the cost.

    `prune` skips replaying calls a threshold candidate cannot change (`could_change`); off, every call of the
    scope is replayed for every candidate (the tests check both give the same report)."""
    replayable = [r for r in records if r.turn_log]
    f = _Fit(policy, data, replayable, costs, prune)
    f.live = {r.call_id: await replay(policy, r) for r in replayable}
    fidelity = fidelity_of(policy, replayable, [f.live[r.call_id] for r in replayable])
    counts = Counter(lb or "unlabelled" for lb in f.labels.values())
    report = FitReport(
        trusted=fidelity.trusted,
        calls=len(records),
        replayed=len(replayable),
        agreement=fidelity.agreement,
        labelled={k: counts.get(k, 0) for k in ("unneeded", "needed", "unlabelled")},
        costs=costs,
        live=score(f.labels, f.live, costs) if replayable else None,
        policy_source=source,
    )
    skipped = len(records) - len(replayable)
    without_log = f"; {skipped} calls without a turn log were not replayed" if skipped else ""
    if not replayable:
        return report.model_copy(update={"note": "no call of the period has a turn log: nothing could be replayed"})
    if not fidelity.trusted:
        note = f"{fidelity.note}: no threshold change is proposed{without_log}"
        return report.model_copy(update={"note": note})
    if not counts.get("unneeded") and not counts.get("needed"):
        return report.model_copy(update={"note": f"no agent coded a replayable call: nothing to fit{without_log}"})
    labelled = [r for r in replayable if f.labels[r.call_id]]
    scopes: list[str | None] = [None]
    scopes += [q.name for q in policy.query_types if any(touches(r, q.name) for r in labelled)]
    changes = [c for scope in scopes for field in FIELDS if (c := await f.best(scope, field)) is not None]
    # A query type's change that does as well as the same change for every query type is the narrower one to make.
    changes = [
        c
        for c in changes
        if c.scope is not None
        or not any(o.scope is not None and o.field == c.field and o.after.cost <= c.after.cost for o in changes)
    ]
    changes.sort(key=lambda c: (c.after.cost - c.before.cost, c.changed_calls))
    return report.model_copy(update={"changes": changes, "candidates": f.tried, "note": without_log.lstrip("; ")})
