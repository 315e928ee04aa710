"""The live panel's visibility queries and report (warmline/live.py), without Temporal."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from warmline.live import LiveCall, live_calls, running_calls_query
from warmline.models import Status

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
RUNNING = "WorkflowType = 'CallWorkflow' AND ExecutionStatus = 'Running' AND TaskQueue = 'warmline'"


@pytest.mark.parametrize(
    ("status", "query"),
    [
        (None, RUNNING),
        (Status.AI, RUNNING + " AND (WarmlineStatus = 'ai' OR WarmlineStatus IS NULL)"),  # not yet published: ai
        (Status.TRANSFERRING, RUNNING + " AND WarmlineStatus = 'transferring'"),
        (Status.WITH_AGENT, RUNNING + " AND WarmlineStatus = 'with_agent'"),
        (Status.WRAP_UP, RUNNING + " AND WarmlineStatus = 'wrap_up'"),
    ],
)
def test_queries_per_phase(status: Status | None, query: str) -> None:
    assert running_calls_query("warmline", status) == query


def test_a_task_queue_cannot_break_out_of_its_literal() -> None:
    q = running_calls_query("q' OR WorkflowType = 'x\\")
    assert q.endswith("TaskQueue = 'q\\' OR WorkflowType = \\'x\\\\'")


def row(call_id: str, status: Status) -> LiveCall:
    return LiveCall(call_id=call_id, status=status, started_at=NOW, for_s=1.0)


def test_counts_for_every_phase_and_ended_calls_dropped() -> None:
    listed = [row("a", Status.AI), row("w", Status.WRAP_UP), row("e", Status.ENDED)]
    report = live_calls(NOW, {Status.AI: 3, Status.WRAP_UP: 1}, listed)
    assert report.counts == {"ai": 3, "transferring": 0, "with_agent": 0, "wrap_up": 1}
    assert report.in_progress == 4  # exact from the counts, though only two are listed
    assert [c.call_id for c in report.calls] == ["a", "w"]
