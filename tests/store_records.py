"""Store fixtures, a plugin (tests/conftest.py): a fresh SQLite file per test, a compact way to write records."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from store.engine import dispose_all, get_engine
from warmline.models import Outcome, Reason
from warmline.records import CallRecord

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    engine = await get_engine(db_url)
    try:
        yield engine
    finally:
        await dispose_all()


def rec(
    call_id: str,
    at: datetime | timedelta = T0,
    outcome: Outcome = Outcome.CONTAINED,
    reason: Reason | None = None,
    **kw: Any,
) -> CallRecord:
    """A record started at `at` (a datetime, or an offset from T0) that lasted two minutes."""
    started = T0 + at if isinstance(at, timedelta) else at
    return CallRecord(
        call_id=call_id,
        started_at=started,
        ended_at=started + timedelta(minutes=2),
        outcome=outcome,
        reason=reason,
        turns=kw.pop("turns", 3),
        **kw,
    )
