"""A week of calls with a few repeating disposition patterns, for the workflow, API and dashboard tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from store.calls import save_call
from store.engine import get_engine
from tests.review.conftest import CODE, T0, call
from warmline.models import Reason
from warmline.records import CallRecord


def week(start: datetime) -> list[CallRecord]:
    """Contained calls plus escalations an agent coded; every call starts within 6 days after `start`."""
    at = start - T0
    h = timedelta(hours=1)
    calls = [call(f"ok{i}", ["what time do you open"], intent="opening_hours", at=at + i * h, csat=5) for i in range(6)]
    calls += [
        call(
            f"lc{i}",
            ["umm the thing with the stuff"],
            reason=Reason.LOW_CONFIDENCE,
            codes=[CODE.AI_OVER_ESCALATED],
            at=at + (10 + i) * h,
            queue="complex",
            handle_time_s=120.0 + 60 * i,
            csat=3,
        )
        for i in range(3)
    ]
    calls += [
        call(
            f"bd{i}",
            ["why was I charged twice"],
            reason=Reason.CUSTOMER_REQUEST,
            codes=[CODE.AI_MISIDENTIFIED_INTENT],
            intent="payment_methods",
            queue="transactional",
            disposition_notes="it was a bill dispute",
            at=at + (30 + i) * h,
            handle_time_s=300.0,
            csat=2,
        )
        for i in range(2)
    ]
    return calls


async def seed(db_url: str, records: list[CallRecord]) -> None:
    engine = await get_engine(db_url)
    for r in records:
        await save_call(engine, r)
