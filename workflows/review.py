"""ReviewWorkflow: the weekly disposition review, run by a Temporal Schedule or on demand.

Deterministic: the window comes from the request or `workflow.now()`, the calls
and the policy arrive through activities, the threshold fit (CPU-heavy replays)
is an activity of its own, and the report is built by pure functions from
`warmline`, so a replay rebuilds the same report. The workflow
id is the report id: a Schedule's run ids are unique per firing.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow

from workflows import options
from workflows.records import write as write_record

with workflow.unsafe.imports_passed_through():
    from activities.fitting import FitActivities
    from activities.meaning import MeaningActivities
    from activities.reviews import ReviewActivities
    from warmline.fitting_models import FitReport, FitRequest
    from warmline.meaning import MEANING_THRESHOLD
    from warmline.metrics import metrics_of
    from warmline.records import CallRecord
    from warmline.review_meaning import misread_phrasings
    from warmline.review_models import MeaningGroups, MeaningRequest, PageRequest, ReviewReport, ReviewRequest
    from warmline.review_report import build_report

WEEK = timedelta(days=7)
# Misread phrasings grouped by meaning (an activity embeds them); reviews started before keep the old grouping.
PATCH_MEANING = "review-meaning-v1"


@workflow.defn
class ReviewWorkflow:
    @workflow.run
    async def run(self, req: ReviewRequest) -> ReviewReport:
        now = workflow.now()
        until = req.until or now.replace(minute=0, second=0, microsecond=0)
        since = req.since or until - WEEK
        policy = await workflow.execute_activity_method(
            ReviewActivities.load_review_policy, start_to_close_timeout=options.REVIEW_POLICY_TIMEOUT
        )
        records: list[CallRecord] = []
        more, offset = True, 0
        while more:
            page = await workflow.execute_activity_method(
                ReviewActivities.load_review_page,
                PageRequest(since=since.isoformat(), until=until.isoformat(), offset=offset),
                start_to_close_timeout=options.REVIEW_PAGE_TIMEOUT,
                summary=f"load calls from {offset}",
            )
            records += page.records
            offset += len(page.records)
            more = page.more
        meaning: MeaningGroups | None = None
        if workflow.patched(PATCH_MEANING):
            phrasings = misread_phrasings(records)
            meaning = await workflow.execute_activity_method(
                MeaningActivities.group_by_meaning,
                MeaningRequest(phrasings=phrasings, threshold=MEANING_THRESHOLD),
                start_to_close_timeout=options.REVIEW_MEANING_TIMEOUT,
                summary=f"group {len(phrasings)} misread phrasings by meaning",
            )
        fit: FitReport | None = None
        if workflow.patched("review-fit-v1"):  # reviews recorded before the fit build their report without it
            fit = await workflow.execute_activity_method(
                FitActivities.fit_thresholds,
                FitRequest(since=since.isoformat(), until=until.isoformat()),
                start_to_close_timeout=options.REVIEW_FIT_TIMEOUT,
                heartbeat_timeout=options.REVIEW_FIT_HEARTBEAT,
                retry_policy=options.REVIEW_FIT_RETRY,
                summary="fit thresholds to the agents' codes by replaying the period's calls",
            )
        report = build_report(
            workflow.info().workflow_id,
            since,
            until,
            now,
            records,
            policy,
            metrics_of(records, since, until),
            meaning=meaning,
            fit=fit,
        )
        stored = f"store review: {len(report.patterns)} patterns, {len(report.proposals)} proposals"
        await write_record(ReviewActivities.store_review, report, stored)
        return report
