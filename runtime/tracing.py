"""OpenTelemetry traces: one trace follows a turn from the HTTP request through the update into its activities.

Off unless `WARMLINE_OTLP_ENDPOINT` is set: then no tracer provider, no interceptor and no FastAPI
instrumentation exist, so an untraced line pays nothing. On, spans go over OTLP/HTTP in batches.

Three pieces, each small:
- `TurnTracingInterceptor` (runtime/update_tracing.py): Temporal's `TracingInterceptor`, except that an
  update handler's span is a child of the update's caller (the turn's HTTP request) instead of the
  workflow start's. So the turn's activities (understand, publish...) sit under the turn's request.
- `CallIdSpanProcessor`: puts `warmline.call_id` on every span of a call, from the span's parent or from
  the workflow id the SDK records (`temporalWorkflowID`); a call's workflow id is its call id.
- `instrument_api`: FastAPI instrumentation that records method, route and status, never bodies; the
  HTTP span takes the call id from the path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import opentelemetry.context
import opentelemetry.trace
import structlog
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from temporalio.client import Interceptor

from runtime.update_tracing import TurnTracingInterceptor
from warmline.callbacks import CALLBACK_ID_PREFIX
from warmline.settings import Settings

if TYPE_CHECKING:  # the worker imports this module too, and never FastAPI (~5 MiB of its resident memory)
    from fastapi import FastAPI

CALL_ID = "warmline.call_id"
SDK_WORKFLOW_ID = "temporalWorkflowID"  # what temporalio.contrib.opentelemetry puts on its spans
# Workflow ids that are not calls: review and what-if runs (the queue prefix comes from settings).
NOT_CALLS = ("review-", "whatif-", "weekly-review-")
# The call id in the API's paths: /v1/calls/{id}/..., /v1/callbacks/{id}/..., /desk/api/calls/{id}/...
CALL_PATH = re.compile(r"^/(?:v1/calls|v1/callbacks|desk/api/calls)/([A-Za-z0-9_.:@+-]{1,200})(?:/|$)")
# Never recorded even if an operator turns header capture on through OTel's own environment variables.
# Scrapes and probes are not calls (regexes searched in the full URL: /v1/metrics stays traced).
EXCLUDED_URLS = "://[^/]+/metrics$,://[^/]+/healthz$"
SECRET_HEADERS = ["authorization", "cookie", "x-twilio-signature", "x-warmline-signature"]
log = structlog.get_logger("warmline.tracing")


def call_id_of_workflow(workflow_id: str, queue_prefix: str) -> str | None:
    """The call a workflow belongs to: a call's own id, a callback's call; None for queues and reviews."""
    if workflow_id.startswith(CALLBACK_ID_PREFIX):
        return workflow_id.removeprefix(CALLBACK_ID_PREFIX)
    if workflow_id.startswith((queue_prefix, *NOT_CALLS)):
        return None
    return workflow_id


def call_id_of_path(path: str) -> str | None:
    """The call id an API path names, if any (paths carry ids only, never a caller's words)."""
    match = CALL_PATH.match(path)
    return match.group(1) if match else None


class CallIdSpanProcessor(SpanProcessor):
    """Sets `warmline.call_id` on each span of a call as it starts: inherited from a local parent span,
    else derived from the workflow id the Temporal interceptor records."""

    def __init__(self, queue_prefix: str) -> None:
        self.queue_prefix = queue_prefix

    def on_start(self, span: Span, parent_context: opentelemetry.context.Context | None = None) -> None:
        attrs = span.attributes or {}
        if CALL_ID in attrs:
            return
        parent = opentelemetry.trace.get_current_span(parent_context)
        inherited = parent.attributes.get(CALL_ID) if isinstance(parent, ReadableSpan) and parent.attributes else None
        workflow_id = attrs.get(SDK_WORKFLOW_ID)
        call_id = inherited or (
            call_id_of_workflow(workflow_id, self.queue_prefix) if isinstance(workflow_id, str) else None
        )
        if call_id:
            span.set_attribute(CALL_ID, str(call_id))

    def on_end(self, span: ReadableSpan) -> None:
        pass

    def shutdown(self) -> None:
        pass

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return True


def make_provider(service: str, queue_prefix: str, processors: Iterable[SpanProcessor] = ()) -> TracerProvider:
    """A tracer provider for `service` whose spans carry the call id, exported by `processors`."""
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    provider.add_span_processor(CallIdSpanProcessor(queue_prefix))  # first: exporters see the attribute
    for p in processors:
        provider.add_span_processor(p)
    return provider


def configure_tracing(settings: Settings, service: str) -> TracerProvider | None:
    """The process's tracer provider exporting over OTLP/HTTP, or None when WARMLINE_OTLP_ENDPOINT is unset."""
    if not settings.otlp_endpoint:
        return None
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter  # only when tracing

    endpoint = settings.otlp_endpoint.rstrip("/")
    endpoint = endpoint if endpoint.endswith("/v1/traces") else f"{endpoint}/v1/traces"
    provider = make_provider(service, settings.queue_id_prefix, [BatchSpanProcessor(OTLPSpanExporter(endpoint))])
    opentelemetry.trace.set_tracer_provider(provider)
    log.info("tracing on", service=service, endpoint=endpoint)
    return provider


def temporal_interceptors(provider: TracerProvider | None) -> list[Interceptor]:
    """The Temporal client's interceptors: tracing when there is a provider, none otherwise.
    On the client, they apply to every worker made from it too."""
    if provider is None:
        return []
    return [TurnTracingInterceptor(provider.get_tracer("warmline.temporal"))]


def tag_call(call_id: str) -> None:
    """Put the call id on the current span (a request whose path does not name the call, e.g. the start);
    its later child spans inherit it. A no-op while tracing is off."""
    span = opentelemetry.trace.get_current_span()
    if span.is_recording():
        span.set_attribute(CALL_ID, call_id)


def _http_span_call_id(span: opentelemetry.trace.Span, scope: dict[str, Any]) -> None:
    call_id = call_id_of_path(str(scope.get("path", "")))
    if call_id and span.is_recording():
        span.set_attribute(CALL_ID, call_id)


def instrument_api(app: FastAPI, provider: TracerProvider) -> None:
    """HTTP server spans for the API: method, route, status and the call id; no bodies, no secret headers."""
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor  # only when tracing

    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=provider,
        server_request_hook=_http_span_call_id,
        excluded_urls=EXCLUDED_URLS,
        exclude_spans=["receive", "send"],  # per-ASGI-message spans: noise
        http_capture_headers_sanitize_fields=SECRET_HEADERS,
    )
