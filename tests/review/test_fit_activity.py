"""The `fit_thresholds` activity on its own: it reads the period's turn-logged calls from the store, heartbeats
while the fit runs in its thread, and edits the policy file the worker loaded (a dump of it once the file moved on)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio.testing import ActivityEnvironment

import activities.fitting as fitting_activity
from activities.fitting import FitActivities
from tests.conftest import BRIGHTWAVE
from tests.fitting_calls import START, coded_week
from tests.review.seed import seed
from warmline.fitting_models import Costs, FitRequest
from warmline.policy_file import load_policy

PERIOD = FitRequest(since=START.isoformat(), until=(START + timedelta(days=7)).isoformat())


async def test_the_activity_fits_the_stored_week_and_heartbeats(
    engine: AsyncEngine, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    week = [r.model_copy(update={"call_id": f"{r.call_id}-{k}"}) for k in range(6) for r in coded_week(0.3)]
    await seed(db_url, week)
    path = tmp_path / "policy.yaml"
    path.write_bytes(BRIGHTWAVE.read_bytes())
    monkeypatch.setattr(fitting_activity, "HEARTBEAT_EVERY_S", 0.01)
    env = ActivityEnvironment()
    beats: list[object] = []
    env.on_heartbeat = lambda *details: beats.append(details)
    acts = FitActivities(db_url, load_policy(path), path, Costs())

    report = await env.run(acts.fit_thresholds, PERIOD)
    assert (report.calls, report.replayed, report.trusted, report.policy_source) == (len(week), len(week), True, "file")
    (change,) = report.changes
    assert (change.target, change.proposed) == ("query_types[opening_hours].low_confidence.threshold", 0.3)
    assert beats, "a fit that outlasts a heartbeat interval must heartbeat"

    path.write_bytes(BRIGHTWAVE.read_bytes() + b"\n# edited after the worker started\n")
    moved = await ActivityEnvironment().run(acts.fit_thresholds, PERIOD)
    assert moved.policy_source == "dump" and moved.changes[0].proposed == 0.3
    assert "+    threshold: 0.3" in moved.changes[0].diff
