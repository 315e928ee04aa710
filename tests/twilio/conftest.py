"""The Twilio gateway under test: the real app served by uvicorn on a free port, a fake Twilio in front.

uvicorn runs as a task on the test session's event loop (the Temporal client
lives there), so the WebSocket is a real one and the fake Twilio talks to the
app over real HTTP, as Twilio would through a proxy.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from api.app import create_app
from tests.fakes.twilio import FakeTwilio
from tests.line import Line, MakeLine, policy_file

PUBLIC_URL = "https://warmline.example.test"
AUTH_TOKEN = "twilio-test-auth-token"
API_KEY = "test-gateway-key"
WORKFLOW_SID = "WW" + "a" * 32
DIAL_NUMBER = "+15550001111"
SIP_URI = "sip:agents@pbx.example.test"
TARGETS = [
    {"name": "transactional", "transfer": {"enqueue": WORKFLOW_SID}},
    {"name": "technical", "transfer": {"dial": DIAL_NUMBER}},
    {"name": "complex", "transfer": {"sip": SIP_URI}},
]


@dataclass
class Gateway:
    twilio: FakeTwilio
    line: Line
    api: httpx.AsyncClient  # HTTP API v1, for reading calls as the gateway would
    url: str

    async def call_view(self, call_id: str) -> dict[str, Any]:
        r = await self.api.get(f"/v1/calls/{call_id}")
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body


@asynccontextmanager
async def serve(app: Any) -> AsyncIterator[str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_config=None, log_level="warning"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        sock.close()


MakeGateway = Callable[..., AbstractAsyncContextManager[Gateway]]


@pytest.fixture
def make_gateway(tmp_path: Path, make_line: MakeLine) -> MakeGateway:
    """A line with the Twilio gateway; `queues=` sets the policy's queues, `sections=` other policy sections,
    other keywords are settings."""

    @asynccontextmanager
    async def make(
        queues: list[dict[str, Any]] | None = None, sections: dict[str, Any] | None = None, **settings: Any
    ) -> AsyncIterator[Gateway]:
        policy = policy_file(tmp_path, queues=TARGETS if queues is None else queues, **(sections or {}))
        opts = {"public_url": PUBLIC_URL, "twilio_auth_token": AUTH_TOKEN, "api_keys": API_KEY, **settings}
        async with make_line(policy=policy, **opts) as line:
            app = create_app(line.settings)
            app.state.warmline.client = line.client
            async with (
                serve(app) as url,
                httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {API_KEY}"}, timeout=30) as api,
            ):
                yield Gateway(FakeTwilio(url, PUBLIC_URL, AUTH_TOKEN), line, api, url)

    return make


@pytest.fixture
async def gateway(make_gateway: MakeGateway) -> AsyncIterator[Gateway]:
    """Relay mode, every queue with a transfer target (transactional enqueue, technical dial, complex SIP)."""
    async with make_gateway() as gw:
        yield gw
