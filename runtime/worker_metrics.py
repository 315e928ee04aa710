"""The Temporal SDK's own metrics on a worker's Prometheus endpoint (WARMLINE_WORKER_METRICS_ADDRESS).

The SDK's core serves them itself (task slots, schedule-to-start latency, activity failures, sticky cache...):
the worker only has to build its client on a `Runtime` with a Prometheus bind address. Unset, the worker
uses the default runtime and serves nothing.
"""

from __future__ import annotations

from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig

from warmline.settings import Settings


def worker_runtime(settings: Settings) -> Runtime | None:
    """A runtime serving the SDK's metrics at `worker_metrics_address`, or None when it is unset.

    Durations stay in milliseconds (the SDK's default), so Temporal's published SDK dashboards work unchanged.
    """
    if not settings.worker_metrics_address:
        return None
    telemetry = TelemetryConfig(metrics=PrometheusConfig(bind_address=settings.worker_metrics_address))
    return Runtime(telemetry=telemetry)
