"""Temporal's tracing interceptor with a turn's update span under the turn's request (runtime/tracing.py).

Workflow spans are recorded by the SDK outside the sandbox and end at once (replay-safe); only where the
update handler's span hangs changes here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import opentelemetry.context
import opentelemetry.trace
from temporalio import worker
from temporalio.api.common.v1 import Payload
from temporalio.contrib.opentelemetry import TracingInterceptor, TracingWorkflowInboundInterceptor


class _Outbound:
    """Where `_completed_span` writes the context of the span it made (it does so for outbound calls)."""

    def __init__(self) -> None:
        self.headers: Mapping[str, Payload] = {}


@contextmanager
def _attached(context: opentelemetry.context.Context | None) -> Iterator[None]:
    """Attach `context` for the block. An evicted workflow's handler may be finalised in another
    contextvars.Context, where the token is invalid and there is nothing to undo (as the SDK does)."""
    if context is None:
        yield
        return
    token = opentelemetry.context.attach(context)
    try:
        yield
    finally:
        if opentelemetry.context.get_current() is context:
            try:
                token.var.reset(token)
            except ValueError:
                pass


class TurnWorkflowInboundInterceptor(TracingWorkflowInboundInterceptor):
    """Parents an update handler's span on the update's caller, and links the workflow's own trace.

    The SDK's interceptor makes `HandleUpdate` a child of the workflow start (the call's first request)
    and only links the update's caller, so a turn's activities land in the wrong trace. Here the update
    span is the caller's child and the parent of the activities the handler starts. Subclassing is
    the SDK's documented way to change this (see `TracingInterceptor`).
    """

    async def handle_update_handler(self, input: worker.HandleUpdateInput) -> Any:
        caller = self._context_from(input.headers)
        if caller is None:  # an update sent without a trace: the SDK's own behaviour
            return await super().handle_update_handler(input)
        with _attached(self._set_on_context(caller)):
            span = _Outbound()  # receives the new span's context, so the handler's activities become its children
            self._completed_span(
                f"HandleUpdate:{input.update}",
                link_context_carrier=self._load_workflow_context_carrier(),
                add_to_outbound=span,
                kind=opentelemetry.trace.SpanKind.SERVER,
            )
            inner = self._context_from(span.headers)
            with _attached(self._set_on_context(inner) if inner is not None else None):
                return await self.next.handle_update_handler(input)

    def _context_from(self, headers: Mapping[str, Payload]) -> opentelemetry.context.Context | None:
        header = headers.get(self.header_key)
        carrier = self.payload_converter.from_payloads([header])[0] if header else None
        return self.text_map_propagator.extract(carrier) if carrier else None


class TurnTracingInterceptor(TracingInterceptor):
    """`TracingInterceptor` with `TurnWorkflowInboundInterceptor` for workflows (client side unchanged)."""

    def workflow_interceptor_class(
        self, input: worker.WorkflowInterceptorClassInput
    ) -> type[TracingWorkflowInboundInterceptor]:
        super().workflow_interceptor_class(input)  # registers the extern that records workflow spans
        return TurnWorkflowInboundInterceptor
