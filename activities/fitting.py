"""The `fit_thresholds` activity: the weekly review's threshold fit, replayed on the worker.

Fitting replays every turn-logged call of the period under tens of candidate
policies (warmline/fitting.py): CPU work. It runs in a thread with its own event
loop, so the worker's loop keeps answering live calls' turns, and heartbeats
while it runs so a lost worker is noticed within `REVIEW_FIT_HEARTBEAT`.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

import structlog
from temporalio import activity

from store.engine import get_engine
from store.queries import load_calls_with_turns
from warmline.fitting import fit
from warmline.fitting_models import Costs, FitReport, FitRequest
from warmline.policy import Policy
from warmline.policy_diff import Source, live_mapping
from warmline.records import CallRecord

log = structlog.get_logger("warmline.fitting")
HEARTBEAT_EVERY_S = 5.0


def fit_in_thread(
    policy: Policy, data: dict[str, Any], records: list[CallRecord], costs: Costs, source: Source
) -> FitReport:
    return asyncio.run(fit(policy, data, records, costs, source))


class FitActivities:
    def __init__(self, database_url: str, policy: Policy, policy_path: Path | None, costs: Costs) -> None:
        self.database_url, self.policy, self.policy_path, self.costs = database_url, policy, policy_path, costs

    @activity.defn(name="fit_thresholds")
    async def fit_thresholds(self, req: FitRequest) -> FitReport:
        engine = await get_engine(self.database_url)
        since, until = datetime.fromisoformat(req.since), datetime.fromisoformat(req.until)
        records = await load_calls_with_turns(engine, since, until)
        data, source = live_mapping(self.policy, self.policy_path)
        work = asyncio.ensure_future(asyncio.to_thread(fit_in_thread, self.policy, data, records, self.costs, source))
        while not (await asyncio.wait({work}, timeout=HEARTBEAT_EVERY_S))[0]:
            activity.heartbeat(f"replaying {len(records)} calls")
        report = work.result()
        log.info(
            "thresholds fitted",
            calls=report.calls,
            replayed=report.replayed,
            trusted=report.trusted,
            candidates=report.candidates,
            changes=len(report.changes),
        )
        return report
