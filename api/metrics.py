"""What this API process served, as Prometheus counters and histograms (`GET /metrics`).

Per process, on purpose: each API process counts the turns it ran, and Prometheus scrapes every process
on its own and sums them (`sum by (action) (rate(warmline_turns_total[5m]))`). Shared state (the desk's
queues) is not counted here but read at scrape time (api/desk/gauges.py), so every process reports the
same truth.

Labels come from fixed sets only: the action (`reply`, `transfer`, `end`), the five trigger names, and the
policy's queue names (anything else is `other`). Never the caller's words, ids or card data.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable
from typing import get_args

from prometheus_client import CollectorRegistry, Counter, Histogram

from warmline.models import Reason, TurnResult

ACTIONS = frozenset(get_args(TurnResult.model_fields["action"].annotation))
REASONS = frozenset(r.value for r in Reason)
OTHER = "other"  # a label value outside the fixed set (cannot happen today; guards against free text)
# A voice turn is 500-800 ms end to end; orchestration should be a small slice of it (contract "Service levels").
TURN_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.4, 0.6, 0.8, 1.0, 1.5, 2.5, 5.0, 10.0)
# Publish → ack: a desk or a healthy webhook acks in tens of ms; the policy waits at most ack_timeout_s (8 s).
ACK_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0)


class ApiMetrics:
    """The process's metrics in a registry of its own (one per app, so tests and apps do not share counts)."""

    def __init__(self, queues: frozenset[str]) -> None:
        self.queues = queues
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.turns = Counter("warmline_turns", "Caller turns this API process ran, by action.", ["action"], registry=r)
        self.escalations = Counter(
            "warmline_escalations",
            "Turns that handed the caller to a queue, by trigger and queue (this process).",
            ["reason", "queue"],
            registry=r,
        )
        self.unacked = Counter(
            "warmline_transfers_unacked",
            "Transfers returned before the helpdesk acknowledged (ack_timeout_s passed; delivery continues).",
            ["queue"],
            registry=r,
        )
        self.turn_seconds = Histogram(
            "warmline_turn_seconds",
            "Turn latency in this API process: request in to the workflow's answer out.",
            buckets=TURN_BUCKETS,
            registry=r,
        )
        self.ack_seconds = Histogram(
            "warmline_helpdesk_ack_seconds",
            "Context publish to helpdesk acknowledgement, measured by the call workflow, for the transfers this "
            "process returned.",
            ["queue"],
            buckets=ACK_BUCKETS,
            registry=r,
        )
        for action in ACTIONS:  # zeros from the start, so rate() sees the first increment
            self.turns.labels(action)

    def _queue(self, queue: str) -> str:
        return queue if queue in self.queues else OTHER

    def observe_turn(self, result: TurnResult, seconds: float) -> None:
        """Count one turn and its latency; a transfer also counts its escalation and its ack latency."""
        self.turns.labels(result.action if result.action in ACTIONS else OTHER).inc()
        self.turn_seconds.observe(seconds)
        transfer = result.transfer
        if transfer is None:
            return
        queue = self._queue(transfer.queue)
        reason = transfer.reason.value if transfer.reason.value in REASONS else OTHER
        self.escalations.labels(reason, queue).inc()
        if transfer.ack_latency_s is not None:
            self.ack_seconds.labels(queue).observe(transfer.ack_latency_s)
        elif not transfer.context_delivered:
            self.unacked.labels(queue).inc()

    async def timed_turn(self, turn: Awaitable[TurnResult]) -> TurnResult:
        """Run a turn and observe it; a refused or failed turn is not counted (its HTTP status says why)."""
        started = time.perf_counter()
        result = await turn
        self.observe_turn(result, time.perf_counter() - started)
        return result
