"""The `policy_whatif` activity: replay stored calls against a draft policy on the worker.

The replay is CPU work (the classifier is fitted for the draft, then every caller
turn is classified twice), so it runs in a thread with its own event loop and
the worker's loop keeps answering live calls' turns meanwhile.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

import structlog
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.understanding.factory import make_understander
from store.engine import get_engine
from store.queries import load_calls_with_turns
from warmline.policy import Policy, PolicyError
from warmline.records import CallRecord
from warmline.whatif import WhatIfReport, WhatIfRequest, parse_draft, what_if

INVALID_POLICY = "InvalidPolicy"


log = structlog.get_logger("warmline.whatif")


def replay_in_thread(
    records: list[CallRecord], current: Policy, draft: Policy, backend: str, rerun: bool = False
) -> WhatIfReport:
    """The report; understanders only when a call needs one (no turn log) or `rerun` asks for them."""
    if rerun or any(not r.turn_log for r in records):
        now, then = make_understander(current, backend), make_understander(draft, backend)
        return asyncio.run(what_if(records, (current, now.understand), (draft, then.understand), rerun))
    return asyncio.run(what_if(records, (current, None), (draft, None)))


class WhatIfActivities:
    def __init__(self, database_url: str, policy: Policy, backend: str = "embedded") -> None:
        self.database_url, self.policy, self.backend = database_url, policy, backend

    @activity.defn(name="policy_whatif")
    async def policy_whatif(self, req: WhatIfRequest) -> WhatIfReport:
        try:
            draft = parse_draft(req.draft_yaml)
        except PolicyError as e:
            raise ApplicationError(str(e), type=INVALID_POLICY, non_retryable=True) from None
        engine = await get_engine(self.database_url)
        since = datetime.fromisoformat(req.since) if req.since else None
        until = datetime.fromisoformat(req.until) if req.until else None
        records = await load_calls_with_turns(engine, since, until, req.limit)
        report = await asyncio.to_thread(
            replay_in_thread, records, self.policy, draft, self.backend, req.rerun_understanding
        )
        f = report.fidelity
        log.info(
            "what-if replayed", calls=f.calls, agreement=f.agreement, trusted=f.trusted, reran=f.reran_understanding
        )
        return report
