"""`GET /metrics`: Prometheus text for operators (contract "What operators scrape and trace").

Two kinds in one answer: what this process served (api/metrics.py: turns, escalations, turn and ack
latency; per process, Prometheus sums the processes) and the desk's shared state read now
(api/desk/gauges.py: the same in every process). Operator key, open while no keys are set.
"""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import APIRouter, Depends, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import Metric
from prometheus_client.registry import Collector

from api.deps import State, TemporalUnavailable, require_operator_key
from api.desk.gauges import desk_metrics

router = APIRouter(tags=["operators"], dependencies=[Depends(require_operator_key)])


class _Now(Collector):
    """Metrics already read for this scrape, so the registry's synchronous collect() does no I/O."""

    def __init__(self, metrics: list[Metric]) -> None:
        self.metrics = metrics

    def collect(self) -> Iterable[Metric]:
        return iter(self.metrics)


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"description": "Prometheus text format 0.0.4", "content": {"text/plain": {}}}},
)
async def metrics(state: State) -> Response:
    """This process's counters and histograms, and (built-in desk) each queue's depth, oldest wait and
    agents available, read from the queue workflows at scrape time."""
    body = generate_latest(state.metrics.registry)
    if state.settings.helpdesk == "desk":
        try:
            client = await state.temporal()
        except TemporalUnavailable:
            client = None
        shared = CollectorRegistry(auto_describe=False)
        shared.register(_Now(await desk_metrics(client, state.settings, [q.name for q in state.policy.queues])))
        body += generate_latest(shared)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
