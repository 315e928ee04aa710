"""The weekly review through a real Temporal Schedule on the dev server: triggered, not waited for."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

from runtime.review_schedule import ensure_review_schedule, schedule_id
from store.engine import get_engine
from store.queries import get_review, list_reviews
from tests.line import running_line
from tests.review.seed import seed, week


async def test_triggered_schedule_stores_the_weeks_review(temporal_env: WorkflowEnvironment, tmp_path: Path) -> None:
    client = temporal_env.client
    async with running_line(client, tmp_path, None) as line:
        now = datetime.now(UTC)
        await seed(line.settings.db_url, week(now - timedelta(days=6, hours=1)))
        assert await ensure_review_schedule(client, line.settings) == "created"
        assert await ensure_review_schedule(client, line.settings) == "exists"  # a restarted worker leaves it
        handle = client.get_schedule_handle(schedule_id(line.settings))
        try:
            desc = await handle.describe()
            nxt = desc.info.next_action_times[0]
            assert (nxt.weekday(), nxt.hour, nxt.minute) == (0, 6, 0)  # "0 6 * * 1": Mondays 06:00 UTC
            end = desc.schedule.spec.end_at
            assert end is not None and timedelta(days=89) < end - now < timedelta(
                days=90, minutes=1
            )  # the line's first 90 days
            await handle.trigger()
            engine = await get_engine(line.settings.db_url)
            for _ in range(100):
                if rows := await list_reviews(engine):
                    break
                await asyncio.sleep(0.2)
            else:
                raise AssertionError("the triggered review was never stored")
            (row,) = rows
            report = await get_review(engine, str(row["review_id"]))
            assert report is not None and str(row["review_id"]).startswith("weekly-review-")
            assert report.calls == 11 and report.until - report.since == timedelta(days=7)
            assert {(p.kind, p.key) for p in report.patterns} == {
                ("over_escalation", "low_confidence"),
                ("misidentified_intent", "payment_methods → bill_dispute"),
            }
            assert [p.target for p in report.proposals] == [
                "defaults.low_confidence.threshold",
                "query_types[bill_dispute].examples",
            ]
        finally:
            await handle.delete()


async def test_schedule_can_be_switched_off(temporal_env: WorkflowEnvironment, tmp_path: Path) -> None:
    async with running_line(temporal_env.client, tmp_path, None, review_schedule="off") as line:
        assert await ensure_review_schedule(temporal_env.client, line.settings) == "off"
