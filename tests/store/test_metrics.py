"""Every metric on a hand-checked seed of 20 calls, the empty window, and the interpretation bands.

The seed (started hourly from T0; the window is [T0, T0+20h)):
  c01-c08 contained, CSAT 5 5 4 4 3 2 - 5          → 7 responses, 5 satisfied = 71.43%, mean 4.0
  e01-e11 escalated (a trigger fired), e12 a callback with no trigger (neither side)
  plus one call a minute before the window and one exactly at its end (both excluded).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from store.calls import save_call
from store.queries import compute_metrics
from tests.store_records import T0, rec
from warmline.metrics import metrics_of, percentile
from warmline.models import Outcome, Reason
from warmline.records import CallRecord, HandleTime, Rate

H = timedelta(hours=1)
ESC, ABD, CBK = Outcome.ESCALATED, Outcome.ABANDONED, Outcome.CALLBACK
CR, OOS, FR, LC, SE = (
    Reason.CUSTOMER_REQUEST,
    Reason.OUT_OF_SCOPE,
    Reason.FAILED_RESOLUTION,
    Reason.LOW_CONFIDENCE,
    Reason.SENTIMENT,
)

# (id, outcome, reason, *COLUMNS)
COLUMNS = ("queue", "handle_time_s", "repeat_explanation", "csat", "context_delivered", "ack_latency_s")
ESCALATIONS = [
    ("e01", ESC, CR, "transactional", 120, False, 5, True, 0.2),
    ("e02", ESC, CR, "transactional", 300, False, 4, True, 0.4),
    ("e03", ESC, OOS, "complex", 60, True, 2, False, 9.5),
    ("e04", ESC, OOS, "complex", 240, False, 3, True, 0.3),
    ("e05", ESC, FR, "complex", 180, False, 4, True, 0.5),
    ("e06", ESC, LC, "complex", 90, None, None, True, 0.25),  # no disposition, no CSAT
    ("e07", ESC, SE, "complex", 600, False, 1, True, 0.35),
    ("e08", ABD, CR, "transactional", None, None, None, None, None),  # hung up before the ack
    ("e09", ABD, FR, "complex", None, None, 2, True, 0.6),
    ("e10", CBK, OOS, "complex", None, None, 3, False, 12.0),  # ack timed out: callback with a reason
    ("e11", ESC, CR, "transactional", 150, False, 5, True, 0.45),
]


def seed() -> list[CallRecord]:
    records = [
        rec(f"c0{i + 1}", i * H, intent="opening_hours" if i < 4 else "order_status", csat=score)
        for i, score in enumerate([5, 5, 4, 4, 3, 2, None, 5])
    ]
    for j, (cid, outcome, reason, *values) in enumerate(ESCALATIONS):
        columns = dict(zip(COLUMNS, values, strict=True))
        intent = "payment_dispute" if reason == FR else None
        records.append(rec(cid, (8 + j) * H, outcome, reason, intent=intent, **columns))
    # A callback where no trigger fired (e.g. after hours): not escalated, not contained; its numbers count nowhere.
    records.append(rec("e12", 19 * H, CBK, csat=1, handle_time_s=1000.0))
    return records


OUTSIDE = [rec("early", -timedelta(minutes=1), ESC, CR, csat=1), rec("late", 20 * H, ESC, SE, csat=1)]


@pytest.fixture
async def seeded(engine: AsyncEngine) -> AsyncEngine:
    for r in seed() + OUTSIDE:
        await save_call(engine, r)
    return engine


async def test_every_metric_on_the_seed(seeded: AsyncEngine) -> None:
    m = await compute_metrics(seeded, T0, T0 + 20 * H)
    assert (m.since, m.until) == (T0, T0 + 20 * H)
    assert m.calls == 20 and m.escalated == 11
    assert m.escalation_rate == Rate(value=0.55, numerator=11, denominator=20)
    # disposed escalations: e01-e05, e07, e11 = 7; only e03 repeated themselves
    assert m.repeat_explanation_rate == Rate(value=0.1429, numerator=1, denominator=7)
    # escalated CSAT: 5 4 2 3 4 1 2 3 5 → 4 of 9 satisfied = 44.44%, mean 29/9
    c = m.csat
    assert (c.ai, c.escalated, c.gap) == (71.43, 44.44, 26.98)  # gap from the unrounded 500/7 − 400/9
    assert (c.ai_mean, c.escalated_mean) == (4.0, 3.22)
    assert (c.ai_responses, c.escalated_responses) == (7, 9)
    # handle times 60 90 120 150 180 240 300 600: mean 1740/8; p50 between 150 and 180; p90 = 300 + .3·300
    assert m.agent_handle_time_s == HandleTime(mean=217.5, p50=165.0, p90=390.0, count=8)
    assert m.escalation_reasons == {
        "customer_request": 4,
        "out_of_scope": 3,
        "failed_resolution": 2,
        "low_confidence": 1,
        "sentiment": 1,
    }
    assert list(m.escalation_reasons) == [
        "customer_request",
        "out_of_scope",
        "failed_resolution",
        "low_confidence",
        "sentiment",
    ]  # most frequent first
    assert m.outcomes == {"contained": 8, "escalated": 8, "abandoned": 2, "callback": 2, "no_agent": 0}
    assert m.transfers_without_context == Rate(value=0.1818, numerator=2, denominator=11)  # e03, e10
    # acks .2 .25 .3 .35 .4 .45 .5 .6 9.5 12: sum 24.55; p50 (.4+.45)/2; p90 = 9.5 + .1·2.5
    assert m.helpdesk_ack_s == HandleTime(mean=2.455, p50=0.425, p90=9.75, count=10)
    assert len(m.flags) == 2
    assert "context transfer failure" in m.flags[0] and "14.3%" in m.flags[0]
    assert "escalation experience needs redesign" in m.flags[1] and "27.0 points" in m.flags[1]


async def test_filters_narrow_the_metrics(seeded: AsyncEngine) -> None:
    m = await compute_metrics(seeded, T0, T0 + 20 * H, queue="transactional")
    assert m.calls == 4 and m.escalation_rate.value == 1.0  # e01 e02 e08 e11
    assert "scope/knowledge gaps" in m.flags[0]
    m = await compute_metrics(seeded, None, None, query_type="payment_dispute")
    assert m.calls == 2 and m.escalation_reasons["failed_resolution"] == 2
    m = await compute_metrics(seeded, None, None)
    assert m.calls == 22 and (m.since, m.until) == (None, None)


async def test_empty_window_divides_by_nothing(seeded: AsyncEngine) -> None:
    m = await compute_metrics(seeded, T0 + 100 * H, T0 + 200 * H)
    assert m.calls == 0 and m.escalated == 0
    for r in (m.escalation_rate, m.repeat_explanation_rate, m.transfers_without_context):
        assert r == Rate(value=None, numerator=0, denominator=0)
    assert m.csat.model_dump() == {
        "ai": None,
        "escalated": None,
        "gap": None,
        "ai_mean": None,
        "escalated_mean": None,
        "ai_responses": 0,
        "escalated_responses": 0,
    }
    empty = HandleTime(mean=None, p50=None, p90=None, count=0)
    assert m.agent_handle_time_s == empty and m.helpdesk_ack_s == empty
    assert set(m.escalation_reasons.values()) == {0} and len(m.escalation_reasons) == 5
    assert set(m.outcomes.values()) == {0} and m.flags == []


async def test_an_empty_store() -> None:
    m = metrics_of([], None, None)
    assert m.calls == 0 and m.escalation_rate.value is None and m.flags == []


def _calls(contained: Sequence[int | None], escalated: Sequence[tuple[int | None, bool | None]]) -> list[CallRecord]:
    out = [rec(f"c{i}", csat=s) for i, s in enumerate(contained)]
    out += [
        rec(f"e{i}", outcome=ESC, reason=CR, csat=s, repeat_explanation=rep) for i, (s, rep) in enumerate(escalated)
    ]
    return out


def test_flags_stay_off_at_the_band_edges() -> None:
    # 20 of 25 escalated = 80%; 1 of 20 disposed repeated = 5%; CSAT 100% vs 17 of 20 = 85%: gap 15 points
    contained: list[int | None] = [5, None, None, None, None]
    escalated = [(5, False)] * 17 + [(1, False)] * 2 + [(1, True)]
    m = metrics_of(_calls(contained, escalated), None, None)
    assert m.escalation_rate.value == 0.8
    assert m.repeat_explanation_rate.value == 0.05
    assert m.csat.gap == 15.0
    assert m.flags == []


def test_flags_fire_above_the_bands() -> None:
    records = _calls([5, 5], [(5, True)] * 5 + [(1, False)] * 5)  # 10 of 12 escalated; repeat 50%; gap 50
    m = metrics_of(records, None, None)
    assert len(m.flags) == 3
    assert "escalation rate 83.3% is above 80%: scope/knowledge gaps" in m.flags
    assert "repeat-explanation rate 50.0% is above 5%: context transfer failure" in m.flags
    assert "CSAT gap 50.0 points is above 15: escalation experience needs redesign" in m.flags


def test_no_csat_gap_without_both_sides() -> None:
    m = metrics_of(_calls([5, 4], [(None, False)]), None, None)
    assert m.csat.ai == 100.0 and m.csat.escalated is None and m.csat.gap is None


def test_percentile_interpolates_between_ranks() -> None:
    assert percentile([7.0], 0.9) == 7.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([10.0, 20.0], 0.9) == pytest.approx(19.0)
