"""Connecting to Temporal the same way from the worker, the API and the tests."""

from __future__ import annotations

from collections.abc import Sequence

from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest, ListSearchAttributesRequest
from temporalio.client import Client, Interceptor
from temporalio.runtime import Runtime
from temporalio.service import RetryConfig, RPCError, RPCStatusCode

from runtime.codec import data_converter
from warmline import search_attributes as sa
from warmline.settings import Settings

# Someone is waiting on the answer (the API, a script): give up on an unreachable server within ~2 s so
# the gateway hears 503 + Retry-After in time to say something, instead of the SDK's silent 10 s of retries.
FAIL_FAST = RetryConfig(max_interval_millis=500, max_elapsed_time_millis=2000)
# Nobody is waiting (the worker): ride out a server restart rather than fail an activity's completion.
PATIENT = RetryConfig()


async def connect(
    settings: Settings,
    retry: RetryConfig = FAIL_FAST,
    interceptors: Sequence[Interceptor] = (),
    runtime: Runtime | None = None,
) -> Client:
    """A client with Warmline's data converter; `retry` bounds how long a call retries an unreachable server.

    `interceptors` (tracing, runtime/tracing.py) apply to the workers made from the client too; `runtime`
    carries the worker's SDK metrics endpoint (runtime/worker_metrics.py).
    """
    # Pydantic JSON; with WARMLINE_ENCRYPTION_KEYS set, every payload is AES-256-GCM encrypted too.
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.namespace,
        data_converter=data_converter(settings.encryption_keys.get_secret_value()),
        retry_config=retry,
        interceptors=interceptors,
        runtime=runtime,
    )


async def ensure_search_attributes(client: Client, namespace: str) -> list[str]:
    """Register the call's search attributes the server lacks; returns the names added."""
    try:
        have = await client.operator_service.list_search_attributes(ListSearchAttributesRequest(namespace=namespace))
        known = set(have.custom_attributes) | set(have.system_attributes)
    except RPCError as e:
        if e.status != RPCStatusCode.UNIMPLEMENTED:
            raise
        known = set()  # a server that cannot list (the time-skipping test server) still accepts additions
    missing = {
        key.name: IndexedValueType.ValueType(key.indexed_value_type.value) for key in sa.ALL if key.name not in known
    }
    if missing:
        await client.operator_service.add_search_attributes(
            AddSearchAttributesRequest(search_attributes=missing, namespace=namespace)
        )
    return sorted(missing)
