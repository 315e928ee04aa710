"""A line under test: a worker on a fresh task queue against the session's dev server, plus helpers.

Loaded as a pytest plugin by the root conftest (with the fakes in tests/fakes/), so its fixtures reach
every directory without imports: `line` (the contract policy, the fake helpdesk) and `make_line` for a
line with other settings. `api_client` serves a line's API in-process, as the gateway would call it.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from temporalio.client import Client, WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from tests.conftest import BRIGHTWAVE
from tests.fakes.helpdesk import FakeHelpdesk
from warmline import search_attributes as sa
from warmline.models import (
    AgentEvent,
    Caller,
    CallStart,
    CallState,
    Csat,
    Disposition,
    DispositionCode,
    Hangup,
    TurnRequest,
    TurnResult,
)
from warmline.policy_file import load_policy
from warmline.settings import Settings
from worker import build_worker
from workflows.call import CallWorkflow


def policy_file(tmp: Path, **changes: Any) -> Path:
    """The contract policy with top-level sections changed (e.g. handoff={...})."""
    data = yaml.safe_load(BRIGHTWAVE.read_text())
    for k, v in changes.items():
        data[k] = {**data.get(k, {}), **v} if isinstance(v, dict) else v
    path = tmp / f"policy-{uuid.uuid4().hex[:6]}.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


@dataclass
class Line:
    client: Client
    settings: Settings
    helpdesk: FakeHelpdesk | None

    def handle(self, call_id: str) -> WorkflowHandle[CallWorkflow, CallState]:
        return self.client.get_workflow_handle_for(CallWorkflow.run, call_id)

    async def start(self, call_id: str | None = None, **caller: Any) -> str:
        call_id = call_id or f"call-{uuid.uuid4().hex[:10]}"
        start = CallStart(call_id=call_id, caller=Caller(**caller))
        await self.client.start_workflow(  # as the API starts a call: its search attributes on the request
            CallWorkflow.run,
            start,
            id=call_id,
            task_queue=self.settings.task_queue,
            search_attributes=sa.at_start(start),
        )
        return call_id

    async def turn(self, call_id: str, text: str, turn_id: str | None = None, **kw: Any) -> TurnResult:
        return await self.handle(call_id).execute_update(
            CallWorkflow.turn, TurnRequest(text=text, **kw), id=turn_id or uuid.uuid4().hex
        )

    async def state(self, call_id: str) -> CallState:
        return await self.handle(call_id).query(CallWorkflow.state)

    async def hang_up(self, call_id: str, csat: int = 5) -> CallState:
        """The caller hangs up and scores the call: the call ends; its final state."""
        h = self.handle(call_id)
        await h.signal(CallWorkflow.hangup, Hangup())
        await h.signal(CallWorkflow.csat, Csat(score=csat))
        return await h.result()

    async def agent_finishes(self, call_id: str, csat: int = 4) -> CallState:
        """An agent takes the handed-over call, completes and codes it, the caller scores it: its final state."""
        h = self.handle(call_id)
        await h.signal(CallWorkflow.agent_event, AgentEvent(type="agent_connected", agent_id="ag1"))
        await h.signal(CallWorkflow.agent_event, AgentEvent(type="agent_completed", agent_id="ag1"))
        coded = Disposition(agent_id="ag1", codes=[DispositionCode.NONE], repeat_explanation=False)
        await h.signal(CallWorkflow.disposition, coded)
        await h.signal(CallWorkflow.csat, Csat(score=csat))
        return await h.result()


@asynccontextmanager
async def running_line(
    client: Client, tmp: Path, helpdesk: FakeHelpdesk | None, policy: Path = BRIGHTWAVE, **settings: Any
) -> AsyncIterator[Line]:
    base: dict[str, Any] = {
        "task_queue": f"tq-{uuid.uuid4().hex}",
        "policy": policy,
        "data_dir": tmp,
        "log_json": False,
    }
    if helpdesk is not None:
        base.update(
            helpdesk="webhook", helpdesk_url=helpdesk.url, helpdesk_secret=helpdesk.secret, helpdesk_timeout_s=2.0
        )
    s = Settings(**{**base, **settings})
    worker = build_worker(client, s, load_policy(s.policy))
    async with worker:
        yield Line(client, s, helpdesk)


MakeLine = Callable[..., AbstractAsyncContextManager[Line]]


@pytest.fixture
def make_line(temporal_env: WorkflowEnvironment, tmp_path: Path, fake_helpdesk: FakeHelpdesk) -> MakeLine:
    """`make_line(**settings)`: a line on the session's server delivering to the fake helpdesk.

    `client=` runs it on another client (an interceptor, a codec); `policy=` on another policy file.
    """

    def make(client: Client | None = None, **settings: Any) -> AbstractAsyncContextManager[Line]:
        return running_line(client or temporal_env.client, tmp_path, fake_helpdesk, **settings)

    return make


@pytest.fixture
async def line(make_line: MakeLine) -> AsyncIterator[Line]:
    """A line on the contract policy (tests/fixtures/brightwave.yaml) with the fake helpdesk."""
    async with make_line() as ln:
        yield ln


@asynccontextmanager
async def api_client(line: Line, key: str | None = None, **app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """The line's API in this process on the line's own client, `key` as the bearer token; `app` to create_app."""
    from api.app import create_app  # not at import: the plugin loads before any test needs the API

    served = create_app(line.settings, **app)
    served.state.warmline.client = line.client
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    transport = httpx.ASGITransport(app=served)
    async with httpx.AsyncClient(transport=transport, base_url="http://warmline", headers=headers, timeout=30) as http:
        yield http
