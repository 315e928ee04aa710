"""Calls in progress, as the dashboard shows them: read from Temporal's visibility, not from the store.

The store holds a call only once it has ended (the workflow's last activity writes it), so it cannot
show a call in progress. Temporal's visibility already indexes every running call by the search
attributes the call workflow keeps current (warmline/search_attributes.py, `CallSession.publish`):
a query for the running `CallWorkflow`s of the line's task queue reads that index — a few rows per
call in progress, never a scan of every workflow — and one count per status gives exact totals
however many calls are listed. The query text is built here, so it is tested without Temporal.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from warmline.models import Status
from warmline.search_attributes import STATUS

# The phases of a call in progress (ended calls are in the store's metrics); the dashboard's columns.
LIVE = (Status.AI, Status.TRANSFERRING, Status.WITH_AGENT, Status.WRAP_UP)
CALL_WORKFLOW = "CallWorkflow"


class LiveCall(BaseModel):
    """One call in progress: what its search attributes say, never the caller's words or number."""

    call_id: str
    status: Status
    started_at: datetime
    for_s: float  # since the call started, at `as_of`
    intent: str | None = None
    queue: str | None = None
    reason: str | None = None
    authenticated: bool = False


class LiveCalls(BaseModel):
    """`GET /v1/live`: how many calls are in each phase right now, and the newest of them."""

    as_of: datetime
    counts: dict[str, int] = Field(description="calls per phase: ai, transferring, with_agent, wrap_up")
    in_progress: int
    calls: list[LiveCall] = Field(description="the newest calls in progress, newest first (at most `limit`)")


def _quoted(value: str) -> str:
    """A string literal for a visibility query (its SQL-like grammar escapes with a backslash)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def running_calls_query(task_queue: str, status: Status | None = None) -> str:
    """The visibility query for the line's running calls, in one phase when `status` is given."""
    q = f"WorkflowType = {_quoted(CALL_WORKFLOW)} AND ExecutionStatus = 'Running' AND TaskQueue = {_quoted(task_queue)}"
    if status is None:
        return q
    phase = f"{STATUS.name} = {_quoted(status.value)}"
    if status == Status.AI:  # a call whose first workflow task has not run yet has no phase: it was just answered
        phase = f"({phase} OR {STATUS.name} IS NULL)"
    return f"{q} AND {phase}"


def live_calls(as_of: datetime, counts: dict[Status, int], calls: list[LiveCall]) -> LiveCalls:
    """The report from one count per phase and the listed calls (a call whose workflow has ended the call
    but is still closing is not in progress: it is dropped from the list, as its phase is not counted)."""
    shown = [c for c in calls if c.status in LIVE]
    per_phase = {s.value: counts.get(s, 0) for s in LIVE}
    return LiveCalls(as_of=as_of, counts=per_phase, in_progress=sum(per_phase.values()), calls=shown)
