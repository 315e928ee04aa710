"""Business hours of a queue: open or closed at a given instant, and when it next opens.

Pure functions over an aware datetime, so the workflow can ask with
`workflow.now()` and tests can ask about any instant.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def known_zone(v: str) -> str:
    """An IANA time zone name zoneinfo knows, or a ValueError saying what to write instead."""
    try:
        ZoneInfo(v)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {v!r} (use an IANA name such as Europe/London)") from None
    return v


# A policy field holding a time zone: refused at load, naming the field, when zoneinfo does not know it.
TimeZoneName = Annotated[str, AfterValidator(known_zone)]
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


def _parse_range(text: str) -> tuple[time, time]:
    m = _RANGE.match(text.strip())
    if not m:
        raise ValueError(f"opening hours must look like '08:00-20:00', got {text!r}")
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        raise ValueError(f"not a time of day in {text!r}")
    start, end = time(h1, m1), (time(23, 59, 59) if h2 == 24 else time(h2, m2))
    if end <= start:
        raise ValueError(f"closing time must be after opening time in {text!r}")
    return start, end


class BusinessHours(BaseModel):
    """`{timezone: Europe/London, open: {mon: "08:00-20:00", ...}, closed_dates: [...]}`; a missing day is closed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timezone: TimeZoneName = "UTC"
    open: dict[str, str] = Field(default_factory=dict)
    closed_dates: list[date] = Field(default_factory=list)

    @field_validator("open")
    @classmethod
    def _valid_days(cls, v: dict[str, str]) -> dict[str, str]:
        for day, rng in v.items():
            if day not in DAYS:
                raise ValueError(f"unknown day {day!r} (use {', '.join(DAYS)})")
            _parse_range(rng)
        return v

    def _window(self, day: date) -> tuple[time, time] | None:
        if day in self.closed_dates:
            return None
        rng = self.open.get(DAYS[day.weekday()])
        return _parse_range(rng) if rng else None

    def is_open(self, at: datetime) -> bool:
        local = at.astimezone(ZoneInfo(self.timezone))
        window = self._window(local.date())
        return window is not None and window[0] <= local.time() < window[1]

    def next_open(self, at: datetime) -> datetime | None:
        """The next instant (at or after `at`) the queue is open; None if it never opens."""
        zone = ZoneInfo(self.timezone)
        local = at.astimezone(zone)
        if self.is_open(at):
            return at
        for offset in range(0, 15):
            day = local.date() + timedelta(days=offset)
            window = self._window(day)
            if window is None:
                continue
            start = datetime.combine(day, window[0], tzinfo=zone)
            if start >= local:
                return start.astimezone(at.tzinfo)
        return None
