"""The built-in desk's queues as Prometheus gauges, read from the queue workflows at scrape time.

The queue's state *is* its QueueWorkflow (workflows/queue.py), shared by every API process. So these are
not counted in the process: each scrape queries each policy queue's `snapshot` (one query per queue, in
parallel), and every API process answers the same depth, oldest wait and agents available. A queue whose
workflow never ran has nobody waiting and nobody signed in: zeros. When Temporal does not answer in time,
`warmline_desk_up` is 0 and the queue gauges are left out rather than guessed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import UTC, datetime

import structlog
from prometheus_client.core import GaugeMetricFamily, Metric
from temporalio.client import Client

from api.desk.queues import snapshot
from warmline.queue_models import QueueSnapshot
from warmline.queueing import AgentStatus
from warmline.settings import Settings

SCRAPE_TIMEOUT_S = 2.0  # well inside Prometheus's default 10 s scrape timeout
log = structlog.get_logger("warmline.metrics")


async def _snapshots(client: Client, settings: Settings, queues: list[str]) -> list[QueueSnapshot | None]:
    return list(await asyncio.gather(*(snapshot(client, settings, q) for q in queues)))


def desk_families(queues: list[str], snaps: list[QueueSnapshot | None] | None, now: datetime) -> Iterable[Metric]:
    """The gauges for `queues` given their snapshots (None: the queue never ran); `snaps` None: no answer."""
    up = GaugeMetricFamily("warmline_desk_up", "1 when the desk's queue workflows answered this scrape.")
    up.add_metric([], 0.0 if snaps is None else 1.0)
    yield up
    if snaps is None:
        return
    depth = GaugeMetricFamily("warmline_desk_queue_depth", "Callers waiting for an agent, per queue.", labels=["queue"])
    oldest = GaugeMetricFamily(
        "warmline_desk_oldest_wait_seconds",
        "How long the longest-waiting caller has waited, per queue (0: none).",
        labels=["queue"],
    )
    available = GaugeMetricFamily(
        "warmline_desk_agents_available", "Agents signed in and available, per queue.", labels=["queue"]
    )
    for queue, snap in zip(queues, snaps, strict=True):
        offers = snap.offers if snap else []
        agents = snap.agents if snap else []
        waits = [(now - o.enqueued_at).total_seconds() for o in offers if o.enqueued_at is not None]
        depth.add_metric([queue], float(len(offers)))
        oldest.add_metric([queue], max(max(waits, default=0.0), 0.0))
        available.add_metric([queue], float(sum(1 for a in agents if a.status == AgentStatus.AVAILABLE)))
    yield from (depth, oldest, available)


async def desk_metrics(client: Client | None, settings: Settings, queues: list[str]) -> list[Metric]:
    """Read every queue's snapshot now; `client` None (Temporal unreachable) reports the desk as down."""
    snaps: list[QueueSnapshot | None] | None = None
    if client is not None:
        try:
            snaps = await asyncio.wait_for(_snapshots(client, settings, queues), timeout=SCRAPE_TIMEOUT_S)
        except Exception as e:  # a scrape must answer; the per-process metrics are still worth having
            log.warning("desk gauges unavailable", error=type(e).__name__)
    return list(desk_families(queues, snaps, datetime.now(UTC)))
