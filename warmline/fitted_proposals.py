"""Fitted threshold changes as review proposals, in place of the rules of thumb they replace.

The pattern rules (warmline/proposals.py) guess a number for an over-escalating
trigger ("lower the threshold by 0.05", "allow one more attempt", "one more
sustained turn"). When the review has a fit (warmline/fitting.py) those guesses
go: a trusted fit proposes the values the replay showed to lower the cost, with
their figures and diff; an untrusted one keeps the pattern as a pointer to the
field with no number, saying why none is proposed.
"""

from __future__ import annotations

from collections.abc import Sequence

from warmline.fitting_models import FitReport, FittedChange
from warmline.review_models import Proposal

# The rules of thumb that put a number on an over-escalating trigger's field.
GUESSED = (".low_confidence.threshold", ".sentiment.sustained_turns", ".max_failed_attempts")
FIELD_WORDS = {
    "low_confidence.threshold": "low-confidence threshold",
    "sentiment.threshold": "sentiment threshold",
    "max_failed_attempts": "failed-attempt limit",
}


def guessed(p: Proposal) -> bool:
    return p.kind in ("lower", "raise") and p.fitted is None and p.target.endswith(GUESSED)


def fitted_proposal(c: FittedChange) -> Proposal:
    b, a = c.before, c.after
    scope = c.scope or "every query type without its own (defaults)"
    verb = "lower" if c.proposed < c.current else "raise"
    return Proposal(
        kind=verb,
        target=c.target,
        current=c.current,
        proposed=c.proposed,
        evidence=c.improved,
        change=f"{verb} the {FIELD_WORDS[c.field]} of {scope} from {c.current} to {c.proposed}: replaying the "
        f"period's {b.calls} calls, the cost goes from {b.cost} to {a.cost} (unneeded escalations {b.unneeded} → "
        f"{a.unneeded}, missed {b.missed} → {a.missed}, contained {b.contained} → {a.contained}; "
        f"{c.changed_calls} calls change: {c.improved} coded calls set right, {c.worsened} set wrong)",
        fitted=c,
    )


def with_fit(proposals: Sequence[Proposal], fit: FitReport) -> list[Proposal]:
    """The proposals with every guessed number replaced by what the fit found (or by none, when untrusted)."""
    out = [p for p in proposals if not guessed(p)]
    if fit.trusted:
        out += [fitted_proposal(c) for c in fit.changes]
    else:
        why = fit.note or "the live policy's replay does not reproduce the period's calls"
        out += [
            Proposal(
                kind="review_flow",
                target=p.target,
                current=p.current,
                evidence=p.evidence,
                change=f"agents judged {p.evidence} escalations unnecessary, but no new value is proposed: {why}",
            )
            for p in proposals
            if guessed(p)
        ]
    return sorted(out, key=lambda p: -p.evidence)
