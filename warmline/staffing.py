"""Agents needed per queue and hour of the week for the call mix that now reaches people (Erlang C).

As the AI contains the simple calls, fewer but harder calls reach agents: the
volume drops, the handle time grows, and the share going to the complex queue
rises. Erlang C turns "this many calls an hour, this long each" into agents for
a service level (80% answered in 20 s). The formula is `warmline.erlang`: a few lines checked against
published Erlang C tables, where a library pulled ortools and pandas into every install.

The work is what agents actually do: the calls offered to a queue, with their handle time
(talk + hold + after-call work, warmline/handle_time.py), and the booked callbacks agents
made (taken on the desk → reported back, the attempt's handle time). Hours are the line's
own (the policy's `timezone`): a rota is written in local time, and a UTC bucket is an hour
off for half the year in London. Queue waits come from the call's own events (transfer →
agent connected), never from the transcript's clock.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from warmline.callbacks import CallbackState
from warmline.erlang import staff
from warmline.models import Outcome
from warmline.records import CallRecord

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
OFFERED = (Outcome.ESCALATED, Outcome.ABANDONED)  # calls that rang on a queue (callbacks are worked later)


class Target(BaseModel):
    service_level: float = Field(default=0.8, gt=0, lt=1)
    answer_within_s: float = Field(default=20.0, gt=0)
    max_occupancy: float = Field(default=0.85, gt=0, le=1)
    shrinkage: float = Field(default=0.3, ge=0, lt=1)  # breaks, training, absence: scheduled vs on the phones
    default_handle_s: float = Field(default=300.0, gt=0)  # for a queue with no measured handle time yet


class Need(BaseModel):
    agents: int  # on the phones
    scheduled: int  # rostered, after shrinkage
    service_level: float
    occupancy: float
    wait_probability: float


class Slot(Need):
    queue: str
    hour_of_week: int  # 0 = Monday 00:00-01:00 in the line's time zone
    label: str
    calls_per_hour: float
    handle_s: float


class QueueMix(BaseModel):
    queue: str
    share: float | None  # of the calls offered to people in the period
    share_before: float | None  # in the period of the same length just before
    handle_s: float | None
    handle_s_before: float | None
    queue_wait_s: float | None  # mean over answered calls, transfer to agent connected
    peak_agents: int
    callbacks: int = 0  # callback attempts agents made in the period, counted as work beside the calls


class Work(BaseModel):
    """One piece of agent work on a queue: an offered call, or a callback attempt an agent made."""

    queue: str
    at: datetime
    handle_s: float | None
    kind: Literal["call", "callback"]


class StaffingReport(BaseModel):
    since: datetime
    until: datetime
    timezone: str = "UTC"  # the zone of the hours of the week
    target: Target
    slots: list[Slot]
    queues: list[QueueMix]


def erlang_c(calls_per_hour: float, handle_s: float, target: Target) -> Need:
    """Agents for `calls_per_hour` calls of `handle_s` seconds each to meet `target` (none for no calls)."""
    s = staff(
        calls_per_hour,
        handle_s,
        target_service_level=target.service_level,
        answer_within_s=target.answer_within_s,
        max_occupancy=target.max_occupancy,
        shrinkage=target.shrinkage,
    )
    return Need(
        agents=s.agents,
        scheduled=s.scheduled,
        service_level=round(s.service_level, 4),
        occupancy=round(s.occupancy, 4),
        wait_probability=round(s.wait_probability, 4),
    )


def hour_of_week(at: datetime, zone: str = "UTC") -> int:
    local = at.astimezone(ZoneInfo(zone))
    return local.weekday() * 24 + local.hour


def label(hour: int) -> str:
    return f"{DAYS[hour // 24]} {hour % 24:02d}:00"


def _mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 1) if known else None


def queue_wait(r: CallRecord) -> float | None:
    """Seconds an answered call waited: the workflow's own transfer → agent connected (None if never answered)."""
    return r.queue_wait_s if r.agent_connected_at is not None else None


def work_of(records: Sequence[CallRecord], callbacks: Sequence[CallbackState] = ()) -> list[Work]:
    """Calls offered to a queue, and every callback attempt an agent took and reported back."""
    out = [
        Work(queue=r.queue, at=r.started_at, handle_s=r.handle_time_s, kind="call")
        for r in records
        if r.outcome in OFFERED and r.queue
    ]
    for cb in callbacks:
        for a in cb.attempts:
            if a.taken_at is not None and a.reported_at is not None:
                handle = round((a.reported_at - a.taken_at).total_seconds(), 3)
                out.append(Work(queue=cb.queue, at=a.taken_at, handle_s=handle, kind="callback"))
    return out


def _by_queue(work: Sequence[Work]) -> dict[str, list[Work]]:
    out: dict[str, list[Work]] = defaultdict(list)
    for w in work:
        out[w.queue].append(w)
    return out


def staffing(
    records: Sequence[CallRecord],
    before: Sequence[CallRecord],
    since: datetime,
    until: datetime,
    target: Target | None = None,
    *,
    zone: str = "UTC",
    callbacks: Sequence[CallbackState] = (),
    callbacks_before: Sequence[CallbackState] = (),
) -> StaffingReport:
    """Per queue and hour of week (in `zone`): the average week's work (calls and callbacks) and its agents."""
    target = target or Target()
    weeks = max((until - since) / timedelta(days=7), 1 / 7)
    now, then = _by_queue(work_of(records, callbacks)), _by_queue(work_of(before, callbacks_before))
    waits = defaultdict(list)
    for r in records:
        if r.queue:
            waits[r.queue].append(queue_wait(r))
    total_now, total_then = sum(map(len, now.values())), sum(map(len, then.values()))
    slots: list[Slot] = []
    mix: list[QueueMix] = []
    for queue in sorted(set(now) | set(then)):
        work = now.get(queue, [])
        handle = _mean([w.handle_s for w in work]) or target.default_handle_s
        per_hour = Counter(hour_of_week(w.at, zone) for w in work)
        for hour, n in sorted(per_hour.items()):
            calls = round(n / weeks, 3)
            need = erlang_c(calls, handle, target)
            slots.append(
                Slot(
                    queue=queue,
                    hour_of_week=hour,
                    label=label(hour),
                    calls_per_hour=calls,
                    handle_s=handle,
                    **need.model_dump(),
                )
            )
        mix.append(
            QueueMix(
                queue=queue,
                share=round(len(work) / total_now, 4) if total_now else None,
                share_before=round(len(then.get(queue, [])) / total_then, 4) if total_then else None,
                handle_s=_mean([w.handle_s for w in work]),
                handle_s_before=_mean([w.handle_s for w in then.get(queue, [])]),
                queue_wait_s=_mean(waits.get(queue, [])),
                peak_agents=max((s.agents for s in slots if s.queue == queue), default=0),
                callbacks=sum(1 for w in work if w.kind == "callback"),
            )
        )
    return StaffingReport(since=since, until=until, timezone=zone, target=target, slots=slots, queues=mix)
