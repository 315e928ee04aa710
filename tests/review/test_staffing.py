"""Erlang C against the textbook example, and staffing per queue and hour of week from recorded calls."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.review.conftest import T0, call
from warmline.callbacks import CallbackAttempt, CallbackState
from warmline.models import Outcome, Reason
from warmline.staffing import Target, erlang_c, label, queue_wait, staffing

EXACT = Target(max_occupancy=1.0, shrinkage=0.0)


@pytest.mark.parametrize(
    ("calls_per_hour", "handle_s", "target", "agents", "scheduled", "service_level", "wait_probability"),
    [
        # 100 calls per half hour, 180 s each, 80% in 20 s: 10 Erlangs → 14 agents, 88.8% answered in 20 s,
        # 17.4% wait (the worked example of the Erlang C tables; 13 agents give 79.6%).
        (200, 180, EXACT, 14, 14, 0.8884, 0.1741),
        (200, 180, Target(max_occupancy=1.0, shrinkage=0.3), 14, 20, 0.8884, 0.1741),  # 14 / 0.7 rostered
        (200, 180, Target(max_occupancy=0.6, shrinkage=0.0), 17, 17, 0.9858, 0.0309),  # occupancy cap: 10 / 0.6
        (200, 180, Target(service_level=0.95, max_occupancy=1.0, shrinkage=0.0), 16, 16, 0.9706, 0.0573),  # 15: 94.2%
        (0, 180, EXACT, 0, 0, 1.0, 0.0),
    ],
)
def test_erlang_c_matches_the_textbook(
    calls_per_hour: float,
    handle_s: float,
    target: Target,
    agents: int,
    scheduled: int,
    service_level: float,
    wait_probability: float,
) -> None:
    need = erlang_c(calls_per_hour, handle_s, target)
    assert (need.agents, need.scheduled) == (agents, scheduled)
    assert need.service_level == pytest.approx(service_level, abs=1e-4)
    assert need.wait_probability == pytest.approx(wait_probability, abs=1e-4)


def test_staffing_per_queue_and_hour_of_week() -> None:
    # Two weeks from Monday 2025-03-03 09:00: four complex calls in Monday's 09:00 hour → 2 an hour per week.
    week = timedelta(days=7)
    now = [
        call(
            f"c{i}",
            ["x"],
            reason=Reason.OUT_OF_SCOPE,
            at=(i % 2) * week + timedelta(minutes=10 * i),
            queue="complex",
            handle_time_s=600.0,
        )
        for i in range(4)
    ] + [
        call(
            "t", ["y"], reason=Reason.CUSTOMER_REQUEST, at=timedelta(hours=5), queue="transactional", handle_time_s=None
        )
    ]
    now.append(call("cb", ["z"], reason=Reason.OUT_OF_SCOPE, queue="complex", outcome=Outcome.CALLBACK))
    before = [call(f"b{i}", ["x"], reason=Reason.CUSTOMER_REQUEST, at=-week, queue="transactional") for i in range(3)]
    before.append(call("b3", ["x"], reason=Reason.OUT_OF_SCOPE, at=-week, queue="complex", handle_time_s=300.0))
    report = staffing(now, before, T0, T0 + 2 * week, EXACT)
    slots = {(s.queue, s.label): s for s in report.slots}
    assert set(slots) == {("complex", "Mon 09:00"), ("transactional", "Mon 14:00")}  # the callback rang nowhere
    complex_ = slots[("complex", "Mon 09:00")]
    assert (complex_.calls_per_hour, complex_.handle_s, complex_.hour_of_week) == (2.0, 600.0, 9)
    assert complex_.agents == 2  # 1/3 Erlang: one agent answers only 67% in 20 s
    assert slots[("transactional", "Mon 14:00")].handle_s == 300.0  # no handle time measured yet: the default
    mix = {q.queue: q for q in report.queues}
    assert (mix["complex"].share, mix["complex"].share_before) == (0.8, 0.25)  # the harder mix reaching people
    assert (mix["complex"].handle_s, mix["complex"].handle_s_before) == (600.0, 300.0)
    assert mix["complex"].peak_agents == 2


def test_queue_wait_is_the_calls_own_transfer_to_agent_connected_not_the_transcripts_clock() -> None:
    r = call("w", ["agent please"], reason=Reason.CUSTOMER_REQUEST).model_copy(update={"queue_wait_s": 42.0})
    assert queue_wait(r) is None  # never connected: it left the queue, it was not answered
    connected = r.transcript[-1].at + timedelta(seconds=99)  # the transcript's clock says nothing about the queue
    assert queue_wait(r.model_copy(update={"agent_connected_at": connected})) == 42.0


def _worked_callback(call_id: str, taken: datetime, handle_s: float, queue: str = "complex") -> CallbackState:
    attempts = [
        CallbackAttempt(n=1, due_at=taken, context_id=f"{call_id}-cb1", outcome="no_answer"),  # never taken: no work
        CallbackAttempt(
            n=2,
            due_at=taken,
            context_id=f"{call_id}-cb2",
            taken_at=taken,
            reported_at=taken + timedelta(seconds=handle_s),
            outcome="reached",
        ),
    ]
    return CallbackState(
        call_id=call_id,
        workflow_id=f"callback-{call_id}",
        reason="after_hours",
        queue=queue,
        number=None,
        booked_at=taken,
        due_at=taken,
        attempts=attempts,
    )


def test_hours_are_the_lines_own_and_callbacks_agents_made_are_work() -> None:
    # Monday 2025-06-02 08:30 UTC is 09:30 in London (BST): the rota's 09:00 hour, not 08:00.
    monday = datetime(2025, 6, 2, 8, 30, tzinfo=UTC)
    calls = [
        call("c1", ["x"], reason=Reason.OUT_OF_SCOPE, at=monday - T0, queue="complex", handle_time_s=300.0),
    ]
    callbacks = [_worked_callback("k1", monday + timedelta(minutes=10), 900.0)]
    report = staffing(calls, [], monday, monday + timedelta(days=7), EXACT, zone="Europe/London", callbacks=callbacks)
    assert report.timezone == "Europe/London"
    [slot] = report.slots
    assert (slot.label, slot.calls_per_hour, slot.handle_s) == ("Mon 09:00", 2.0, 600.0)  # a call and a callback
    [mix] = report.queues
    assert (mix.callbacks, mix.handle_s) == (1, 600.0)
    in_utc = staffing(calls, [], monday, monday + timedelta(days=7), EXACT)
    assert [s.label for s in in_utc.slots] == ["Mon 08:00"] and in_utc.queues[0].callbacks == 0


def test_hour_labels() -> None:
    assert (label(0), label(9), label(24 * 6 + 23)) == ("Mon 00:00", "Mon 09:00", "Sun 23:00")
