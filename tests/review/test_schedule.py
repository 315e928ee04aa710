"""The weekly review through a real Temporal Schedule on the dev server: triggered, not waited for. The week holds
calls recorded before turn logs and turn-logged ones whose codes a known threshold generated: the review fits it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

from runtime.review_schedule import ensure_review_schedule, schedule_id
from store.engine import get_engine
from store.queries import get_review, list_reviews
from tests.fitting_calls import coded_week
from tests.line import running_line
from tests.review.seed import seed, week


async def test_triggered_schedule_stores_the_weeks_review(temporal_env: WorkflowEnvironment, tmp_path: Path) -> None:
    client = temporal_env.client
    async with running_line(client, tmp_path, None) as line:
        now = datetime.now(UTC)
        await seed(line.settings.db_url, week(now - timedelta(days=6, hours=1)))
        await seed(line.settings.db_url, coded_week(0.3, now - timedelta(days=6)))
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
            assert report.calls == 28 and report.until - report.since == timedelta(days=7)
            assert {(p.kind, p.key) for p in report.patterns} == {
                ("over_escalation", "low_confidence"),
                ("misidentified_intent", "payment_methods → bill_dispute"),
                ("misidentified_intent", "(no intent)"),
            }
            # The turn-logged calls replay as they went (the others are counted, not replayed): the fit is trusted
            # and recovers the threshold behind the codes, in place of the old "lower it by 0.05" guess.
            fit = report.fit
            assert fit is not None and fit.trusted and (fit.replayed, fit.agreement) == (17, 1.0)
            assert [(p.target, p.current, p.proposed) for p in report.proposals] == [
                ("query_types[?].examples", None, ["hours please (0)"]),
                ("query_types[opening_hours].low_confidence.threshold", 0.5, 0.3),
                ("query_types[bill_dispute].examples", None, ["why was I charged twice"]),
            ]
            fitted = report.proposals[1].fitted
            assert fitted is not None and (fitted.before.cost, fitted.after.cost) == (6.0, 0.0)
        finally:
            await handle.delete()


async def test_schedule_can_be_switched_off(temporal_env: WorkflowEnvironment, tmp_path: Path) -> None:
    async with running_line(temporal_env.client, tmp_path, None, review_schedule="off") as line:
        assert await ensure_review_schedule(temporal_env.client, line.settings) == "off"
