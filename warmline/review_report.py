"""Assembling a review report and rendering it as Markdown for people who read it outside the dashboard."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta

from warmline.fitted_proposals import with_fit
from warmline.fitting_models import FitReport, FittedChange
from warmline.policy import Policy
from warmline.proposals import propose
from warmline.records import CallRecord, MetricsReport, Rate
from warmline.review import find_patterns
from warmline.review_meaning import meaning_patterns
from warmline.review_models import MeaningGroups, Pattern, ReviewReport, ReviewSummary

TITLES = {
    "misidentified_intent": "Phrasings the AI misread (grouped by meaning)",
    "knowledge_gap": "Knowledge gaps",
    "integration_failure": "Integration failures (query type · account type)",
    "over_escalation": "Over-escalation by trigger",
}


def build_report(
    review_id: str,
    since: datetime,
    until: datetime,
    created_at: datetime,
    records: Sequence[CallRecord],
    policy: Policy,
    metrics: MetricsReport,
    meaning: MeaningGroups | None = None,
    fit: FitReport | None = None,
) -> ReviewReport:
    """The whole review of `records` (already the window's calls): metrics, patterns, proposals.

    With `meaning` (the misread calls grouped by what the callers said), misread phrasings are one pattern per
    meaning group; without it (reviews started before the grouping existed), one per AI reading and notes match.
    With a `fit`, its fitted thresholds replace the rules of thumb (warmline/fitted_proposals.py)."""
    patterns = find_patterns(records, policy)
    if meaning is not None:
        others = [p for p in patterns if p.kind != "misidentified_intent"]
        patterns = [*meaning_patterns(records, policy, meaning), *others]
    proposals = propose(patterns, records, policy)
    return ReviewReport(
        review_id=review_id,
        since=since,
        until=until,
        created_at=created_at,
        policy_version=policy.version,
        calls=len(records),
        disposed=sum(1 for r in records if r.disposition_codes),
        metrics=metrics,
        patterns=patterns,
        proposals=proposals if fit is None else with_fit(proposals, fit),
        fit=fit,
    )


def summary(r: ReviewReport) -> ReviewSummary:
    return ReviewSummary(
        review_id=r.review_id,
        since=r.since,
        until=r.until,
        created_at=r.created_at,
        calls=r.calls,
        patterns=len(r.patterns),
        proposals=len(r.proposals),
        flags=r.metrics.flags,
    )


def _rate(r: Rate) -> str:
    return "–" if r.value is None else f"{r.value:.1%} ({r.numerator}/{r.denominator})"


def last_day(until: datetime) -> datetime:
    """The last day a period ending at `until` (exclusive) covers: the day before when it ends at a midnight."""
    return until - timedelta(microseconds=1) if until.timetz().replace(tzinfo=None) == time(0) else until


MEANT_FROM = {"agent": "the agents' wrap-up choice", "notes": "a name in the agents' notes (no agent chose one)"}


def _meaning_lines(p: Pattern) -> list[str]:
    """A meaning group's reading and the query type the caller meant, with where that came from."""
    if p.read_as is None:
        return []
    meant = f"**{p.intended}**, from {MEANT_FROM[p.intended_from or 'agent']}" if p.intended else "not said"
    return [f"Read by the AI as: `{p.read_as}` · Agents chose: {meant}", ""]


def _fitted(review_id: str, n: int, c: FittedChange) -> list[str]:
    """The calls a fitted change moves, and its policy diff (also `GET /v1/reviews/{id}/proposals/{n}/policy`)."""
    moved = [f"`{ch.call_id}` {ch.before} → {ch.after} ({ch.label or 'uncoded'})" for ch in c.changed]
    more = f" and {c.changed_calls - len(c.changed)} more" if c.changed_calls > len(c.changed) else ""
    return [
        f"   - Calls that change: {', '.join(moved)}{more}",
        f"   - Proposed policy file: `GET /v1/reviews/{review_id}/proposals/{n}/policy`",
        "",
        "   ```",  # no info string: the HTML's tags carry no attribute (warmline/markdown_html.py)
        *[f"   {line}" for line in c.diff.splitlines()],
        "   ```",
    ]


def _fit_summary(f: FitReport) -> list[str]:
    labelled = ", ".join(f"{n} {k}" for k, n in f.labelled.items())
    live = f.live
    lines = [
        "",
        "## Threshold fit",
        "",
        f"{f.replayed} of {f.calls} calls replayed (agreement with what they did: {f.agreement}); "
        f"{'trusted' if f.trusted else '**untrusted**: no value proposed'}. Labels: {labelled}.",
        f"Cost = unneeded escalations × {f.costs.unneeded} + missed escalations × {f.costs.missed}; "
        f"{f.candidates} candidate policies replayed.",
    ]
    if live is not None:
        lines.append(
            f"Live policy: cost {live.cost} ({live.unneeded} unneeded, {live.missed} missed, "
            f"{live.contained} of {live.calls} contained)."
        )
    if f.note:
        lines.append(f"_{f.note}_")
    return lines


def to_markdown(r: ReviewReport) -> str:
    """The report as Markdown: metrics and flags, proposals first (what to do), then the evidence."""
    m = r.metrics
    lines = [
        f"# Weekly review {r.since:%Y-%m-%d} – {last_day(r.until):%Y-%m-%d}",
        "",
        f"{r.calls} calls, {m.escalated} escalated, {r.disposed} with dispositions. Policy `{r.policy_version}`.",
        "",
        "## Metrics",
        "",
        f"- Escalation rate: {_rate(m.escalation_rate)}",
        f"- Repeat-explanation rate: {_rate(m.repeat_explanation_rate)}",
        f"- CSAT AI / escalated / gap: {m.csat.ai} / {m.csat.escalated} / {m.csat.gap}",
        f"- Agent handle time (mean s): {m.agent_handle_time_s.mean}",
        f"- Transfers without context: {_rate(m.transfers_without_context)}",
        *[f"- **Flag:** {f}" for f in m.flags],
        "",
        "## Proposed policy changes",
        "",
    ]
    if not r.proposals:
        lines.append("None this week: no pattern repeated often enough.")
    for i, prop in enumerate(r.proposals, 1):
        value = f" (`{prop.current}` → `{prop.proposed}`)" if prop.current is not None else ""
        lines.append(f"{i}. **{prop.change}**{value} — `{prop.target}`, {prop.evidence} calls")
        if isinstance(prop.proposed, list):
            lines += [f"   - “{x}”" for x in prop.proposed]
        if prop.fitted is not None:
            lines += _fitted(r.review_id, i, prop.fitted)
    if r.fit is not None:
        lines += _fit_summary(r.fit)
    for kind, title in TITLES.items():
        found = [p for p in r.patterns if p.kind == kind]
        lines += ["", f"## {title}", ""]
        if not found:
            lines.append("Nothing this week.")
        for p in found:
            lines.append(f"### {p.key} — {p.count} of {p.of}")
            lines += ["", p.detail, ""]
            lines += _meaning_lines(p)
            lines += [f"- “{x}”" for x in p.phrasings]
            for e in p.examples:
                lines += ["", f"Call `{e.call_id}`:" + (f" _{e.notes}_" if e.notes else ""), ""]
                lines += [f"> {line}  " for line in e.lines]
    return "\n".join(lines) + "\n"
