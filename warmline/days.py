"""Calendar days of a time zone over a window of instants: the buckets of the dashboard's day-by-day charts.

A bucket is one calendar day *where the operator is* (an IANA zone, default UTC), cut at that zone's
midnights — so a call at 00:30 in Auckland counts on the day the operator calls "today", not on the UTC
day before — and labelled with that date. The window's ends clip the first and last bucket, and a
day is 23 or 25 hours long when the clocks change. Pure: the API and its tests call it directly.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel


class DayBucket(BaseModel):
    """The calls that started in [start, end) belong to `day`, a date in the zone the buckets were cut in."""

    day: date
    start: datetime
    end: datetime


def zone(name: str | None) -> tzinfo:
    """The IANA zone `name` (None or "UTC": UTC); ValueError naming it when unknown."""
    if not name or name == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r} (an IANA name such as Europe/London)") from None


def local_midnight(day: date, tz: tzinfo) -> datetime:
    """The first instant of `day` in `tz`, in UTC.

    Where the clocks jump forward at midnight (00:00 never happens), PEP 495 reads the missing wall time
    with the offset before the jump: the day then starts at its first real instant, 01:00.
    """
    return datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(UTC)


def day_buckets(since: datetime, until: datetime, tz: tzinfo = UTC) -> list[DayBucket]:
    """The calendar days of `tz` that [since, until) touches, oldest first, clipped to the window.

    `since` and `until` must be aware; an empty window has no buckets.
    """
    since, until = since.astimezone(UTC), until.astimezone(UTC)
    buckets: list[DayBucket] = []
    day = since.astimezone(tz).date()
    start = since
    while start < until:
        end = min(local_midnight(day + timedelta(days=1), tz), until)
        buckets.append(DayBucket(day=day, start=start, end=end))
        day, start = day + timedelta(days=1), end
    return buckets
