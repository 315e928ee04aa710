"""When a booked callback is due, when it is retried, and how the AI says the opening time: table-driven."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from warmline.callbacks import first_due, next_due, retries_after, spoken_time
from warmline.hours import BusinessHours
from warmline.metrics import metrics_of
from warmline.policy import Callbacks
from warmline.records import CallRecord

# Mon-Fri 09:00-17:00 London; 2026-11-23 is a Monday (GMT, so London = UTC in November).
LONDON = BusinessHours(
    timezone="Europe/London",
    open={d: "09:00-17:00" for d in ("mon", "tue", "wed", "thu", "fri")},
    closed_dates=["2026-12-25"],
)


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("booked", "opens", "expected"),
    [
        (at(23, 20), at(24, 9), at(24, 9)),  # Monday evening → Tuesday opening
        (at(27, 18), at(30, 9), at(30, 9)),  # Friday evening → Monday opening
        (at(24, 10), None, at(24, 10)),  # on hold in hours: at once
        (at(24, 10), at(24, 8), at(24, 10)),  # an opening in the past never makes it earlier than booking
        (at(24, 22), None, at(25, 9)),  # no opening given but closed now: the next opening
    ],
)
def test_first_due(booked: datetime, opens: datetime | None, expected: datetime) -> None:
    assert first_due(LONDON, booked, opens) == expected


@pytest.mark.parametrize(
    ("last", "retry_s", "expected"),
    [
        (at(24, 10), 1800, at(24, 10, 30)),  # inside hours
        (at(24, 16, 45), 1800, at(25, 9)),  # would land after closing: next morning
        (at(27, 16, 45), 1800, at(30, 9)),  # Friday afternoon: Monday
        (at(24, 12, month=12), 86_400, at(28, 9, month=12)),  # Christmas Day is closed; Sat/Sun too
    ],
)
def test_next_due(last: datetime, retry_s: float, expected: datetime) -> None:
    assert next_due(Callbacks(retry_after_s=retry_s), LONDON, last) == expected


def test_no_hours_means_any_time() -> None:
    assert first_due(None, at(24, 3), None) == at(24, 3)
    assert next_due(Callbacks(retry_after_s=60), None, at(24, 3)) == at(24, 3, 1)


@pytest.mark.parametrize(
    ("outcome", "retry"),
    [("no_answer", True), ("voicemail", True), ("expired", True), ("reached", False), ("wrong_number", False)],
)
def test_which_outcomes_are_retried(outcome: str, retry: bool) -> None:
    assert retries_after(outcome) is retry  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("when", "now", "said"),
    [
        (at(24, 9), at(24, 7), "today at 09:00"),
        (at(24, 9), at(23, 20), "tomorrow at 09:00"),
        (at(30, 9), at(27, 18), "on Monday at 09:00"),
        (at(14, 9, month=12), at(27, 18), "on Monday 14 December at 09:00"),
        (None, at(27, 18), "as soon as we can"),
    ],
)
def test_spoken_time(when: datetime | None, now: datetime, said: str) -> None:
    assert spoken_time(when, LONDON, now) == said


def test_spoken_time_uses_the_queues_zone() -> None:
    ny = BusinessHours(timezone="America/New_York", open={"tue": "09:00-17:00"})
    assert spoken_time(at(24, 14), ny, at(24, 12)) == "today at 09:00"  # 14:00 UTC is 09:00 in New York


def _record(n: int, **kw: object) -> CallRecord:
    t = at(24, 10)
    base: dict[str, object] = {"outcome": "escalated" if kw.get("reason") else "contained"}
    return CallRecord.model_validate(
        {"call_id": f"c{n}", "started_at": t, "ended_at": t + timedelta(minutes=3), "turns": 2, **base, **kw}
    )


def test_metrics_report_queue_wait_and_callback_choices() -> None:
    records = [
        _record(1, reason="customer_request", queue_wait_s=10.0),
        _record(
            2, reason="customer_request", queue_wait_s=30.0, callback_reason="long_wait", callback_choice="declined"
        ),
        _record(
            3, reason="out_of_scope", outcome="callback", callback_reason="after_hours", callback_choice="accepted"
        ),
        _record(4, reason="sentiment", outcome="no_agent", callback_reason="after_hours", callback_choice="no_answer"),
        _record(5),
    ]
    m = metrics_of(records, None, None)
    assert m.queue_wait_s.count == 2 and m.queue_wait_s.mean == 20.0
    assert m.callback_choices == {"accepted": 1, "declined": 1, "no_answer": 1}
    assert m.callback_reasons == {"after_hours": 2, "long_wait": 1}
    assert m.outcomes["no_agent"] == 1 and m.escalated == 4
