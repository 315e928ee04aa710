"""One trace follows a turn from the HTTP request through the update into its activities, the call id on
every span and none of the caller's words anywhere (real dev server, worker and API; spans kept in memory)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from runtime.tracing import CALL_ID, call_id_of_path, call_id_of_workflow, make_provider, temporal_interceptors
from tests.line import MakeLine, api_client

WORD = "quokkaburrow"  # a distinctive word of the caller's that must never reach a span


@dataclass
class Traced:
    http: httpx.AsyncClient
    spans: InMemorySpanExporter


@pytest.fixture
async def traced(temporal_env: WorkflowEnvironment, make_line: MakeLine) -> AsyncIterator[Traced]:
    exporter = InMemorySpanExporter()
    provider = make_provider("warmline-test", "queue-", [SimpleSpanProcessor(exporter)])
    # One client with the tracing interceptor for the API and the worker, as in production (both sides traced).
    config = temporal_env.client.config()
    config["interceptors"] = temporal_interceptors(provider)
    client = Client(**config)
    async with make_line(client=client) as line, api_client(line, tracer_provider=provider) as http:
        yield Traced(http, exporter)
    provider.shutdown()


def _ancestors(span: ReadableSpan, by_id: dict[int, ReadableSpan]) -> list[ReadableSpan]:
    chain = []
    while span.parent is not None and span.parent.span_id in by_id:
        span = by_id[span.parent.span_id]
        chain.append(span)
    return chain


def _one(spans: Sequence[ReadableSpan], name: str) -> ReadableSpan:
    found = [s for s in spans if s.name == name]
    assert len(found) == 1, f"{name}: {[s.name for s in spans]}"
    return found[0]


async def test_a_turn_is_one_trace_from_http_to_its_activities(traced: Traced) -> None:
    call_id = (await traced.http.post("/v1/calls", json={"caller": {}})).json()["call_id"]
    traced.spans.clear()
    r = await traced.http.post(
        f"/v1/calls/{call_id}/turns", json={"text": f"I want to speak to a real person about {WORD}"}
    )
    assert r.status_code == 200 and r.json()["action"] == "transfer", r.text

    spans = traced.spans.get_finished_spans()
    by_id = {s.context.span_id: s for s in spans}
    http = _one(spans, "POST /v1/calls/{call_id}/turns")
    update = _one(spans, "HandleUpdate:turn")
    understand = _one(spans, "RunActivity:understand")
    publish = [s for s in spans if s.name == "RunActivity:publish_context"]
    assert publish, [s.name for s in spans]
    for span in (update, understand, publish[0]):
        assert http in _ancestors(span, by_id), f"{span.name} is not under the HTTP span"
        assert span.context.trace_id == http.context.trace_id
    assert update in _ancestors(understand, by_id)

    turn_trace = [s for s in spans if s.context.trace_id == http.context.trace_id]
    assert len(turn_trace) >= 6  # HTTP, client update, handle update, start/run understand, publish...
    for span in turn_trace:
        assert (span.attributes or {}).get(CALL_ID) == call_id, f"{span.name} lacks the call id"
    for span in spans:  # every span, of any trace: names, attributes and events hold no caller words
        texts = [span.name, *map(str, (span.attributes or {}).values())]
        texts += [str(v) for e in span.events for v in (e.attributes or {}).values()]
        assert not any(WORD in t for t in texts), f"{span.name} records the caller's words"


async def test_the_call_start_is_traced_with_the_call_id(traced: Traced) -> None:
    call_id = (await traced.http.post("/v1/calls", json={"call_id": "c-traced-1", "caller": {}})).json()["call_id"]
    spans = traced.spans.get_finished_spans()
    http = _one(spans, "POST /v1/calls")
    start = _one(spans, "StartWorkflow:CallWorkflow")
    assert (http.attributes or {}).get(CALL_ID) == call_id == (start.attributes or {}).get(CALL_ID)
    assert start.parent is not None and start.parent.span_id == http.context.span_id


@pytest.mark.parametrize(
    ("workflow_id", "call_id"),
    [("call-1", "call-1"), ("callback-call-1", "call-1"), ("queue-complex", None), ("review-ab12", None)],
)
def test_call_id_of_workflow(workflow_id: str, call_id: str | None) -> None:
    assert call_id_of_workflow(workflow_id, "queue-") == call_id


@pytest.mark.parametrize(
    ("path", "call_id"),
    [
        ("/v1/calls/c-1/turns", "c-1"),
        ("/v1/calls/c-1", "c-1"),
        ("/v1/callbacks/c-2/report", "c-2"),
        ("/desk/api/calls/c-3/wrap-up", "c-3"),
        ("/v1/calls", None),
        ("/v1/metrics", None),
    ],
)
def test_call_id_of_path(path: str, call_id: str | None) -> None:
    assert call_id_of_path(path) == call_id
