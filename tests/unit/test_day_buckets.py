"""Day buckets for the trend charts (warmline/days.py): cut at the zone's midnights, labelled by the day covered."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from warmline.days import DayBucket, day_buckets, local_midnight, zone

LONDON = ZoneInfo("Europe/London")
AUCKLAND = ZoneInfo("Pacific/Auckland")
LA = ZoneInfo("America/Los_Angeles")


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0, tz: tzinfo = UTC) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=tz)


def covering(instant: datetime, buckets: list[DayBucket]) -> date:
    [day] = [b.day for b in buckets if b.start <= instant < b.end]
    return day


def test_whole_utc_days_are_labelled_by_their_own_date() -> None:
    buckets = day_buckets(at(2025, 3, 3), at(2025, 3, 6))
    assert [(b.day, b.start, b.end) for b in buckets] == [
        (date(2025, 3, 3), at(2025, 3, 3), at(2025, 3, 4)),
        (date(2025, 3, 4), at(2025, 3, 4), at(2025, 3, 5)),
        (date(2025, 3, 5), at(2025, 3, 5), at(2025, 3, 6)),
    ]


def test_a_window_off_midnight_is_clipped_not_shifted() -> None:
    """The old charts cut 24-hour slices from `since` and labelled each by its start: 09:00 Mon-09:00 Tue was
    'Monday' though most of it is Tuesday. Now the slice to midnight is Monday, the rest Tuesday."""
    buckets = day_buckets(at(2025, 3, 3, 9), at(2025, 3, 4, 9))
    assert [(b.day, b.start, b.end) for b in buckets] == [
        (date(2025, 3, 3), at(2025, 3, 3, 9), at(2025, 3, 4)),
        (date(2025, 3, 4), at(2025, 3, 4), at(2025, 3, 4, 9)),
    ]


@pytest.mark.parametrize(
    ("instant", "tz", "day"),
    [
        (at(2025, 3, 3, 23, 59), UTC, date(2025, 3, 3)),  # a minute before midnight: still that day
        (at(2025, 3, 4, 0, 0), UTC, date(2025, 3, 4)),  # midnight itself opens the next day
        (at(2025, 3, 3, 10, 59), AUCKLAND, date(2025, 3, 3)),  # 23:59 in Auckland (UTC+13)
        (at(2025, 3, 3, 11, 0), AUCKLAND, date(2025, 3, 4)),  # 00:00 there: the next day, while UTC is still on the 3rd
        (at(2025, 3, 4, 7, 59), LA, date(2025, 3, 3)),  # 23:59 in Los Angeles (UTC-8): the UTC date is already the 4th
        (at(2025, 3, 4, 8, 0), LA, date(2025, 3, 4)),
    ],
)
def test_around_midnight_each_instant_falls_on_the_operators_day(instant: datetime, tz: tzinfo, day: date) -> None:
    buckets = day_buckets(at(2025, 3, 1), at(2025, 3, 8), tz)
    assert covering(instant, buckets) == day


def test_buckets_tile_the_window_without_gap_or_overlap() -> None:
    since, until = at(2025, 3, 1, 7, 13), at(2025, 4, 2, 18, 1)
    for tz in (UTC, LONDON, AUCKLAND, LA):
        buckets = day_buckets(since, until, tz)
        assert buckets[0].start == since and buckets[-1].end == until
        assert all(a.end == b.start for a, b in pairwise(buckets))
        assert [b.day for b in buckets] == [buckets[0].day + timedelta(days=i) for i in range(len(buckets))]
        assert all(b.start.astimezone(tz).date() == b.day for b in buckets)
        inner = buckets[1:-1]
        assert all(b.start.astimezone(tz).time().hour == 0 for b in inner)


def test_clock_changes_make_23_and_25_hour_days() -> None:
    spring = day_buckets(at(2025, 3, 29, tz=LONDON), at(2025, 4, 1, tz=LONDON), LONDON)
    assert [(b.day.day, (b.end - b.start) / timedelta(hours=1)) for b in spring] == [(29, 24), (30, 23), (31, 24)]
    autumn = day_buckets(at(2025, 10, 25, tz=LONDON), at(2025, 10, 28, tz=LONDON), LONDON)
    assert [(b.day.day, (b.end - b.start) / timedelta(hours=1)) for b in autumn] == [(25, 24), (26, 25), (27, 24)]


def test_a_day_whose_midnight_never_happens_starts_at_one() -> None:
    santiago = ZoneInfo("America/Santiago")  # clocks go from 00:00 to 01:00 on 2024-09-08
    start = local_midnight(date(2024, 9, 8), santiago)
    assert start.astimezone(santiago).replace(tzinfo=None) == datetime(2024, 9, 8, 1, 0)
    assert local_midnight(date(2024, 9, 7), santiago).astimezone(santiago).hour == 0


def test_an_empty_window_has_no_buckets() -> None:
    assert day_buckets(at(2025, 3, 3), at(2025, 3, 3)) == []


def test_zone_names() -> None:
    assert zone(None) is UTC and zone("UTC") is UTC
    assert zone("Europe/London") == LONDON
    for bad in ("Mars/Olympus_Mons", "../etc/passwd", "Europe/"):
        with pytest.raises(ValueError, match="unknown time zone"):
            zone(bad)
