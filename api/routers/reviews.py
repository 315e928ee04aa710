"""Operator endpoints for the weekly review: list, read (JSON, Markdown or HTML), run one now, and read a fitted
proposal as the policy file it proposes (a draft for `POST /v1/whatif`)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from api.deps import State, Store, TemporalClient, require_operator_key
from store.queries import get_review, list_reviews
from warmline.markdown_html import to_html
from warmline.policy_diff import live_mapping, to_yaml, with_value
from warmline.review_models import ReviewReport, ReviewRequest, ReviewSummary
from warmline.review_report import to_markdown
from workflows.review import ReviewWorkflow

router = APIRouter(prefix="/v1", tags=["reviews"], dependencies=[Depends(require_operator_key)])


@router.get("/reviews", response_model=list[ReviewSummary])
async def reviews(engine: Store, limit: int = Query(default=50, ge=1, le=500)) -> list[ReviewSummary]:
    """Stored review reports, newest first."""
    return [ReviewSummary.model_validate(row) for row in await list_reviews(engine, limit)]


# The HTML is a fragment the dashboard inserts; opened on its own, it may run and load nothing.
FRAGMENT_HEADERS = {"Content-Security-Policy": "default-src 'none'", "X-Content-Type-Options": "nosniff"}


@router.get(
    "/reviews/{review_id}",
    response_model=ReviewReport,
    responses={200: {"content": {"text/markdown": {}, "text/html": {}}}},
)
async def review(
    review_id: str, engine: Store, format: Literal["json", "markdown", "html"] = Query(default="json")
) -> ReviewReport | Response:
    """One report: its metrics, patterns (with example calls) and proposed policy changes. `html` is the
    Markdown rendered with every character of the calls' words escaped (warmline/markdown_html.py)."""
    report = await get_review(engine, review_id)
    if report is None:
        raise HTTPException(404, f"no review {review_id!r}")
    if format == "markdown":
        return PlainTextResponse(to_markdown(report), media_type="text/markdown; charset=utf-8")
    if format == "html":
        return HTMLResponse(to_html(to_markdown(report)), headers=FRAGMENT_HEADERS)
    return report


@router.post("/reviews/run", response_model=ReviewReport, status_code=201)
async def run_review(req: ReviewRequest, state: State, client: TemporalClient) -> ReviewReport:
    """Run a review now for any period (default: the week to the last full hour); answers with the stored report."""
    if req.since and req.until and req.since >= req.until:
        raise HTTPException(422, "since must be before until")
    return await client.execute_workflow(
        ReviewWorkflow.run,
        req,
        id=f"review-{uuid.uuid4().hex[:12]}",
        task_queue=state.settings.task_queue,
        execution_timeout=timedelta(minutes=10),
    )


@router.get(
    "/reviews/{review_id}/proposals/{n}/policy",
    response_class=PlainTextResponse,
    responses={200: {"content": {"application/yaml": {}}}},
)
async def proposed_policy(review_id: str, engine: Store, state: State, n: int = Path(ge=1)) -> Response:
    """The live policy file with fitted proposal `n` (1-based, as the report numbers them) applied: YAML to read,
    to post as a draft to `POST /v1/whatif`, or to deploy (docs/review.md)."""
    report = await get_review(engine, review_id)
    if report is None:
        raise HTTPException(404, f"no review {review_id!r}")
    if n > len(report.proposals):
        raise HTTPException(404, f"review {review_id!r} has {len(report.proposals)} proposals, not {n}")
    change = report.proposals[n - 1].fitted
    if change is None:
        raise HTTPException(409, f"proposal {n} is not a fitted threshold change: it has no policy edit")
    if state.policy.version != report.policy_version:
        raise HTTPException(
            409,
            f"the live policy (version {state.policy.version}) is not the one review {review_id!r} fitted "
            f"({report.policy_version}): run a new review",
        )
    data, _ = live_mapping(state.policy, state.settings.policy)
    edited = with_value(data, state.policy, change.scope, change.field, change.proposed)
    return PlainTextResponse(to_yaml(edited), media_type="application/yaml; charset=utf-8")
