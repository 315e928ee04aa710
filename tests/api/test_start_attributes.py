"""`POST /v1/calls` sets the call's search attributes on the start request, so operators can filter a call from
the moment it exists and its first workflow task writes no upsert (docs/architecture.md, "What a start writes")."""

from __future__ import annotations

import asyncio
import uuid

from google.protobuf.duration_pb2 import Duration
from temporalio.api.enums.v1 import EventType
from temporalio.api.workflowservice.v1 import RegisterNamespaceRequest
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import WorkflowEnvironment

from api import temporal_calls
from tests.api.conftest import Api
from warmline import search_attributes as sa
from warmline.models import Caller, CallStart


async def test_a_started_call_is_listed_by_status_before_its_first_task_runs(api: Api) -> None:
    cid = f"c-{uuid.uuid4().hex[:8]}"
    r = await api.http.post(
        "/v1/calls", json={"call_id": cid, "caller": {"number": "+15550123", "authenticated": True}}
    )
    assert r.status_code == 201, r.text
    history = await api.line.handle(cid).fetch_history()
    started = history.events[0].workflow_execution_started_event_attributes
    assert set(started.search_attributes.indexed_fields) == {sa.STATUS.name, sa.AUTHENTICATED.name}

    turn = await api.http.post(f"/v1/calls/{cid}/turns", json={"text": "what are your opening hours"})
    assert turn.status_code == 200, turn.text
    attrs = (await api.line.handle(cid).describe()).typed_search_attributes
    assert attrs.get(sa.STATUS) == "ai" and attrs.get(sa.AUTHENTICATED) is True
    upserts = [
        e.upsert_workflow_search_attributes_event_attributes.search_attributes.indexed_fields
        for e in (await api.line.handle(cid).fetch_history()).events
        if e.event_type == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES
    ]
    assert all(sa.STATUS.name not in fields for fields in upserts)  # never written again while the call is with the AI
    assert any(sa.INTENT.name in fields for fields in upserts)  # the turn's intent still is


async def test_a_repeated_start_is_the_same_call_whatever_it_says(api: Api) -> None:
    cid = f"c-{uuid.uuid4().hex[:8]}"
    first = await api.http.post("/v1/calls", json={"call_id": cid, "caller": {"authenticated": True}})
    again = await api.http.post("/v1/calls", json={"call_id": cid, "caller": {"authenticated": False}})
    assert (first.status_code, again.status_code) == (201, 200)
    attrs = (await api.line.handle(cid).describe()).typed_search_attributes
    assert attrs.get(sa.AUTHENTICATED) is True


async def test_a_namespace_without_the_attributes_still_takes_calls(temporal_env: WorkflowEnvironment) -> None:
    """Before any worker has registered the attributes, a start is not refused for lack of an operators' filter."""
    namespace = f"bare-{uuid.uuid4().hex[:8]}"
    await temporal_env.client.workflow_service.register_namespace(
        RegisterNamespaceRequest(namespace=namespace, workflow_execution_retention_period=Duration(seconds=86400))
    )
    bare = await Client.connect(
        temporal_env.client.service_client.config.target_host,
        namespace=namespace,
        data_converter=pydantic_data_converter,
    )
    cid = f"c-{uuid.uuid4().hex[:8]}"
    start = CallStart(call_id=cid, caller=Caller(number="+15550123"))
    for _ in range(50):  # a new namespace takes a moment to be served
        try:
            assert await temporal_calls.start_call(bare, "no-worker-yet", start) is True
            break
        except RPCError as e:
            if e.status != RPCStatusCode.NOT_FOUND:
                raise
            await asyncio.sleep(0.2)
    description = await bare.get_workflow_handle(cid).describe()
    assert description.status == WorkflowExecutionStatus.RUNNING
    assert sa.STATUS not in description.typed_search_attributes  # its first task will upsert it
    assert await temporal_calls.start_call(bare, "no-worker-yet", start) is False  # the same call, not a second
