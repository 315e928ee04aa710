"""The operator metrics over recorded calls (contract "HTTP API v1", `GET /v1/metrics`).

Every rate carries the counts behind it, so a 100% over two calls reads as what
it is. An escalation is any call where a trigger fired: transferred, abandoned
while ringing, or turned into a callback with a reason. "Contained" calls (the
`ai` side of the CSAT gap) are those the AI finished without a trigger firing.
Flags name the metrics outside the seed's interpretation bands, with the
diagnosis the seed attaches to each.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from warmline.dispositions import count_dispositions
from warmline.models import Outcome, Reason
from warmline.records import CallRecord, CsatMetric, HandleTime, MetricsReport, Rate

ESCALATION_RATE_BAND = 0.80  # above: scope/knowledge gaps
REPEAT_EXPLANATION_BAND = 0.05  # above: the context is not reaching agents
CSAT_GAP_BAND = 15.0  # percentage points; above: the escalation experience needs redesign
SATISFIED = (4, 5)


def is_escalated(r: CallRecord) -> bool:
    return r.outcome in (Outcome.ESCALATED, Outcome.ABANDONED) or r.reason is not None


def is_contained(r: CallRecord) -> bool:
    return r.outcome == Outcome.CONTAINED and not is_escalated(r)


def rate(numerator: int, denominator: int) -> Rate:
    value = round(numerator / denominator, 4) if denominator else None
    return Rate(value=value, numerator=numerator, denominator=denominator)


def percentile(ordered: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default); `ordered` is sorted and non-empty."""
    pos = (len(ordered) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def distribution(values: Sequence[float]) -> HandleTime:
    if not values:
        return HandleTime(mean=None, p50=None, p90=None, count=0)
    ordered = sorted(values)
    return HandleTime(
        mean=round(sum(ordered) / len(ordered), 3),
        p50=round(percentile(ordered, 0.5), 3),
        p90=round(percentile(ordered, 0.9), 3),
        count=len(ordered),
    )


def _csat_pct(scores: list[int]) -> float | None:
    return 100.0 * sum(1 for s in scores if s in SATISFIED) / len(scores) if scores else None


def _mean(scores: list[int]) -> float | None:
    return round(sum(scores) / len(scores), 2) if scores else None


def _r2(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def csat_metric(records: Sequence[CallRecord]) -> CsatMetric:
    ai = [r.csat for r in records if r.csat is not None and is_contained(r)]
    esc = [r.csat for r in records if r.csat is not None and is_escalated(r)]
    ai_pct, esc_pct = _csat_pct(ai), _csat_pct(esc)
    gap = ai_pct - esc_pct if ai_pct is not None and esc_pct is not None else None
    return CsatMetric(
        ai=_r2(ai_pct),
        escalated=_r2(esc_pct),
        gap=_r2(gap),
        ai_mean=_mean(ai),
        escalated_mean=_mean(esc),
        ai_responses=len(ai),
        escalated_responses=len(esc),
    )


def flags_for(escalation: Rate, repeat: Rate, csat: CsatMetric) -> list[str]:
    """Human-readable warnings for metrics outside the interpretation bands (strictly above the band)."""
    flags = []
    if escalation.denominator and escalation.numerator / escalation.denominator > ESCALATION_RATE_BAND:
        value = escalation.numerator / escalation.denominator
        flags.append(f"escalation rate {value:.1%} is above {ESCALATION_RATE_BAND:.0%}: scope/knowledge gaps")
    if repeat.denominator and repeat.numerator / repeat.denominator > REPEAT_EXPLANATION_BAND:
        value = repeat.numerator / repeat.denominator
        flags.append(
            f"repeat-explanation rate {value:.1%} is above {REPEAT_EXPLANATION_BAND:.0%}: context transfer failure"
        )
    if csat.gap is not None and csat.gap > CSAT_GAP_BAND:
        flags.append(
            f"CSAT gap {csat.gap:.1f} points is above {CSAT_GAP_BAND:.0f}: escalation experience needs redesign"
        )
    return flags


def _seconds(records: Sequence[CallRecord], field: str) -> HandleTime:
    return distribution([v for r in records if (v := getattr(r, field)) is not None])


def metrics_of(records: Sequence[CallRecord], since: datetime | None, until: datetime | None) -> MetricsReport:
    """The report over `records` (already filtered to the window); pure, so it is tested without a database."""
    escalated = [r for r in records if is_escalated(r)]
    disposed = [r for r in escalated if r.repeat_explanation is not None]
    escalation = rate(len(escalated), len(records))
    repeat = rate(sum(1 for r in disposed if r.repeat_explanation), len(disposed))
    csat = csat_metric(records)
    reasons = Counter(r.reason.value for r in escalated if r.reason is not None)
    outcomes = Counter(r.outcome.value for r in records)
    queued = [r for r in records if r.queue_wait_s is not None]  # put in a queue: answered, left, or called back
    answered = [r for r in queued if r.agent_connected_at is not None]
    left = [r for r in queued if r.outcome == Outcome.ABANDONED]
    return MetricsReport(
        since=since,
        until=until,
        calls=len(records),
        escalated=len(escalated),
        escalation_rate=escalation,
        repeat_explanation_rate=repeat,
        csat=csat,
        agent_handle_time_s=_seconds(escalated, "handle_time_s"),
        talk_s=_seconds(escalated, "talk_s"),
        hold_s=_seconds(escalated, "hold_s"),
        acw_s=_seconds(escalated, "acw_s"),
        escalation_reasons={k: reasons[k] for k in sorted((x.value for x in Reason), key=lambda k: (-reasons[k], k))},
        outcomes={o.value: outcomes[o.value] for o in Outcome},
        transfers_without_context=rate(sum(1 for r in escalated if r.context_delivered is False), len(escalated)),
        helpdesk_ack_s=distribution([r.ack_latency_s for r in records if r.ack_latency_s is not None]),
        queue_wait_s=_seconds(queued, "queue_wait_s"),
        queue_abandonment=rate(len(left), len(queued)),
        answered_wait_s=_seconds(answered, "queue_wait_s"),
        abandoned_wait_s=_seconds(left, "queue_wait_s"),
        callback_choices=dict(sorted(Counter(r.callback_choice for r in records if r.callback_choice).items())),
        callback_reasons=dict(sorted(Counter(r.callback_reason for r in records if r.callback_reason).items())),
        flags=flags_for(escalation, repeat, csat),
        dispositions=count_dispositions(records),
    )
