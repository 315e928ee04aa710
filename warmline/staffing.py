"""Agents needed per queue and hour of the week for the call mix that now reaches people (Erlang C).

As the AI contains the simple calls, fewer but harder calls reach agents: the
volume drops, the handle time grows, and the share going to the complex queue
rises. Erlang C turns "this many calls an hour, this long each" into agents for
a service level (80% answered in 20 s). The formula is `warmline.erlang`: a few lines checked against
published Erlang C tables, where a library pulled ortools and pandas into every install.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo

from pydantic import BaseModel, Field

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
    hour_of_week: int  # 0 = Monday 00:00-01:00 in the zone asked for (UTC by default)
    label: str
    calls_per_hour: float
    handle_s: float


class QueueMix(BaseModel):
    queue: str
    share: float | None  # of the calls offered to people in the period
    share_before: float | None  # in the period of the same length just before
    handle_s: float | None
    handle_s_before: float | None
    queue_wait_s: float | None  # mean, transfer message to agent connected
    peak_agents: int


class StaffingReport(BaseModel):
    since: datetime
    until: datetime
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


def hour_of_week(at: datetime) -> int:
    return at.weekday() * 24 + at.hour


def label(hour: int) -> str:
    return f"{DAYS[hour // 24]} {hour % 24:02d}:00"


def _mean_handle(rs: Sequence[CallRecord]) -> float | None:
    times = [r.handle_time_s for r in rs if r.handle_time_s is not None]
    return round(sum(times) / len(times), 1) if times else None


def queue_wait(r: CallRecord) -> float | None:
    """Seconds from the warm-transfer message (the AI's last words) to the agent connecting."""
    said = [u.at for u in r.transcript if r.agent_connected_at and u.at <= r.agent_connected_at]
    return (r.agent_connected_at - said[-1]).total_seconds() if r.agent_connected_at and said else None


def _mean_wait(rs: Sequence[CallRecord]) -> float | None:
    waits = [w for w in map(queue_wait, rs) if w is not None]
    return round(sum(waits) / len(waits), 1) if waits else None


def _by_queue(records: Sequence[CallRecord]) -> dict[str, list[CallRecord]]:
    out: dict[str, list[CallRecord]] = defaultdict(list)
    for r in records:
        if r.outcome in OFFERED and r.queue:
            out[r.queue].append(r)
    return out


def staffing(
    records: Sequence[CallRecord],
    before: Sequence[CallRecord],
    since: datetime,
    until: datetime,
    target: Target | None = None,
    tz: tzinfo = UTC,
) -> StaffingReport:
    """Per queue and hour of week: the average week's offered calls and the agents they need. The hours are
    `tz`'s wall-clock hours, so a roster is read in the time its agents work to."""
    target = target or Target()
    weeks = max((until - since) / timedelta(days=7), 1 / 7)
    now, then = _by_queue(records), _by_queue(before)
    total_now, total_then = sum(map(len, now.values())), sum(map(len, then.values()))
    slots: list[Slot] = []
    mix: list[QueueMix] = []
    for queue in sorted(set(now) | set(then)):
        handle = _mean_handle(now.get(queue, [])) or target.default_handle_s
        per_hour = Counter(hour_of_week(r.started_at.astimezone(tz)) for r in now.get(queue, []))
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
                share=round(len(now.get(queue, [])) / total_now, 4) if total_now else None,
                share_before=round(len(then.get(queue, [])) / total_then, 4) if total_then else None,
                handle_s=_mean_handle(now.get(queue, [])),
                handle_s_before=_mean_handle(then.get(queue, [])),
                queue_wait_s=_mean_wait(now.get(queue, [])),
                peak_agents=max((s.agents for s in slots if s.queue == queue), default=0),
            )
        )
    return StaffingReport(since=since, until=until, target=target, slots=slots, queues=mix)
