"""Disposition codes counted per code, query type and queue: the additive `dispositions` of `GET /v1/metrics`."""

from __future__ import annotations

from tests.store_records import rec
from warmline.dispositions import count_dispositions
from warmline.metrics import metrics_of
from warmline.models import DispositionCode, Outcome, Reason

MISSED, LACKED, OVER, NONE = (
    DispositionCode.AI_MISIDENTIFIED_INTENT,
    DispositionCode.AI_LACKED_KNOWLEDGE,
    DispositionCode.AI_OVER_ESCALATED,
    DispositionCode.NONE,
)
ESC, CR = Outcome.ESCALATED, Reason.CUSTOMER_REQUEST
ZERO = {c.value: 0 for c in DispositionCode}

RECORDS = [
    rec("c1", intent="opening_hours"),  # contained: never coded
    rec("e1", outcome=ESC, reason=CR, intent="bill_dispute", queue="complex", disposition_codes=[MISSED]),
    rec("e2", outcome=ESC, reason=CR, intent="bill_dispute", queue="complex", disposition_codes=[MISSED, LACKED]),
    rec("e3", outcome=ESC, reason=CR, intent="order_status", queue="transactional", disposition_codes=[OVER]),
    rec("e4", outcome=ESC, reason=Reason.LOW_CONFIDENCE, queue="complex", disposition_codes=[NONE]),  # no intent
    rec("e5", outcome=ESC, reason=CR, intent="order_status", queue="transactional"),  # not coded yet
]


def test_codes_are_counted_per_code_query_type_and_queue() -> None:
    d = count_dispositions(RECORDS)
    assert d.coded_calls == 4
    assert d.by_code == {
        **ZERO,
        "ai_misidentified_intent": 2,
        "ai_lacked_knowledge": 1,
        "ai_over_escalated": 1,
        "none": 1,
    }
    assert d.by_query_type == {
        "bill_dispute": {**ZERO, "ai_misidentified_intent": 2, "ai_lacked_knowledge": 1},
        "order_status": {**ZERO, "ai_over_escalated": 1},
        "unknown": {**ZERO, "none": 1},
    }
    assert d.by_queue == {
        "complex": {**ZERO, "ai_misidentified_intent": 2, "ai_lacked_knowledge": 1, "none": 1},
        "transactional": {**ZERO, "ai_over_escalated": 1},
    }
    assert list(d.by_code) == [c.value for c in DispositionCode]  # every code, in a stable order


def test_no_coded_calls_count_zero_for_every_code() -> None:
    d = count_dispositions(RECORDS[:1])
    assert d.coded_calls == 0 and d.by_code == ZERO and d.by_query_type == {} and d.by_queue == {}


def test_a_code_without_a_queue_counts_under_none() -> None:
    d = count_dispositions([rec("x", outcome=ESC, reason=CR, disposition_codes=[LACKED])])
    assert d.by_queue == {"none": {**ZERO, "ai_lacked_knowledge": 1}}


def test_the_metrics_report_carries_them_and_keeps_every_other_field() -> None:
    m = metrics_of(RECORDS, None, None)
    assert m.dispositions == count_dispositions(RECORDS)
    assert m.calls == 6 and m.escalated == 5  # the existing fields mean what they meant
