"""Handle time's parts (talk, hold, after-call work) and the queue's own figures, without Temporal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from warmline.handle_time import HandleParts, end_hold, handle_parts, start_hold
from warmline.metrics import metrics_of
from warmline.models import CallState
from warmline.records import CallRecord

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _at(s: float | None) -> datetime | None:
    return None if s is None else T0 + timedelta(seconds=s)


@pytest.mark.parametrize(
    ("connected", "completed", "hold_s", "wrapped", "expected"),
    [
        (0, 100, 0.0, 130, HandleParts(talk_s=100, hold_s=0, acw_s=30, handle_time_s=130)),
        (0, 100, 25.0, 130, HandleParts(talk_s=75, hold_s=25, acw_s=30, handle_time_s=130)),
        (0, 100, 0.0, 60, HandleParts(talk_s=100, hold_s=0, acw_s=0, handle_time_s=100)),  # coded on the call
        (0, 100, 10.0, None, HandleParts(talk_s=90, hold_s=10, acw_s=None, handle_time_s=100)),  # never wrapped up
        (0, 100, 500.0, 100, HandleParts(talk_s=0, hold_s=100, acw_s=0, handle_time_s=100)),  # hold within the leg
        (None, None, 0.0, 50, HandleParts()),  # nobody connected: no agent time at all
        (0, None, 0.0, None, HandleParts()),  # the leg never ended
    ],
)
def test_handle_time_is_talk_plus_hold_plus_after_call_work(
    connected: float | None, completed: float | None, hold_s: float, wrapped: float | None, expected: HandleParts
) -> None:
    st = CallState(
        call_id="c",
        agent_connected_at=_at(connected),
        agent_completed_at=_at(completed),
        hold_s=hold_s,
        wrapped_up_at=_at(wrapped),
    )
    assert handle_parts(st) == expected


def test_holds_add_up_and_a_repeated_event_changes_nothing() -> None:
    st = CallState(call_id="c")
    assert start_hold(st, T0) and not start_hold(st, T0 + timedelta(seconds=5))  # a retried hold_started
    assert end_hold(st, T0 + timedelta(seconds=20)) and not end_hold(st, T0 + timedelta(seconds=30))
    assert start_hold(st, T0 + timedelta(seconds=60)) and end_hold(st, T0 + timedelta(seconds=75))
    assert st.hold_s == 35.0 and st.hold_started_at is None


def _rec(n: int, outcome: str, **kw: object) -> CallRecord:
    end = T0 + timedelta(minutes=5)
    base = {"call_id": f"c{n}", "started_at": T0, "ended_at": end, "turns": 2, "outcome": outcome}
    return CallRecord.model_validate({**base, "reason": "customer_request", **kw})


def test_metrics_report_each_part_and_the_queue_from_its_own_events() -> None:
    answered = {"agent_connected_at": T0 + timedelta(seconds=40)}
    records = [
        _rec(1, "escalated", queue_wait_s=20.0, talk_s=100.0, hold_s=0.0, acw_s=30.0, handle_time_s=130.0, **answered),
        _rec(2, "escalated", queue_wait_s=40.0, talk_s=200.0, hold_s=60.0, acw_s=None, handle_time_s=260.0, **answered),
        _rec(3, "abandoned", queue_wait_s=90.0),
        _rec(4, "escalated", callback_reason="long_wait", callback_choice="accepted", queue_wait_s=300.0),
        _rec(5, "callback", callback_reason="after_hours"),  # never queued: not in the queue's figures
    ]
    m = metrics_of(records, None, None)
    assert (m.agent_handle_time_s.mean, m.talk_s.mean, m.hold_s.mean, m.acw_s.mean) == (195.0, 150.0, 30.0, 30.0)
    assert (m.agent_handle_time_s.count, m.acw_s.count) == (2, 1)
    assert (m.queue_abandonment.numerator, m.queue_abandonment.denominator) == (1, 4)
    assert (m.answered_wait_s.mean, m.abandoned_wait_s.mean, m.queue_wait_s.count) == (30.0, 90.0, 4)
