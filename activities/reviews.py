"""Activities of the review workflow: read a window's calls (page by page) and store the finished report.

Records are slimmed before they enter workflow history: a week of a busy line
must stay under Temporal's payload and history limits, and the review only needs
transcripts of calls an agent coded.
"""

from __future__ import annotations

from datetime import datetime

import structlog
from temporalio import activity

from store.engine import get_engine
from store.queries import call_records, calls_query, load_late_dispositions
from store.reviews import save_review
from warmline.dispositions import with_late_dispositions
from warmline.policy import Policy
from warmline.records import CallRecord
from warmline.review_models import Page, PageRequest, ReviewReport

log = structlog.get_logger("warmline.reviews")
MAX_UTTERANCES = 12


def slim(r: CallRecord) -> CallRecord:
    """Keep transcripts (capped) only where an agent left codes; the rest is counted, not quoted."""
    keep = bool(r.disposition_codes) or any(a.status == "failed" for a in r.actions)
    return r.model_copy(update={"transcript": r.transcript[:MAX_UTTERANCES] if keep else []})


class ReviewActivities:
    def __init__(self, database_url: str, policy: Policy) -> None:
        self.database_url = database_url
        self.policy = policy

    @activity.defn(name="load_review_policy")
    async def load_review_policy(self) -> Policy:
        """The line's policy with its examples, so proposals skip phrasings it already lists."""
        return self.policy

    @activity.defn(name="load_review_page")
    async def load_review_page(self, req: PageRequest) -> Page:
        """One page of the period's calls, each with the wrap-up that came back later (a reached callback's, a solved
        Zendesk ticket's) when it has none of its own, as every other reader of the store sees them."""
        engine = await get_engine(self.database_url)
        since = datetime.fromisoformat(req.since)
        q = calls_query(since, datetime.fromisoformat(req.until))
        async with engine.connect() as conn:
            rows = (await conn.execute(q.offset(req.offset).limit(req.limit + 1))).scalars().all()
        records = call_records(engine, rows[: req.limit])
        late = await load_late_dispositions(engine, since, {r.call_id for r in records})
        return Page(records=[slim(r) for r in with_late_dispositions(records, late)], more=len(rows) > req.limit)

    @activity.defn(name="store_review")
    async def store_review(self, report: ReviewReport) -> str:
        engine = await get_engine(self.database_url)
        await save_review(engine, report)
        log.info("review stored", review_id=report.review_id, calls=report.calls, proposals=len(report.proposals))
        return report.review_id
