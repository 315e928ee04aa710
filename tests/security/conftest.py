"""Security fixtures: an encrypting line (worker + API) on the session's dev server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from runtime.codec import new_key
from runtime.temporal import connect
from tests.line import Line, MakeLine
from warmline.settings import Settings

GATEWAY_KEY = "sec-gateway-key"
OPERATOR_KEY = "sec-operator-key"


@dataclass
class EncryptedLine:
    line: Line
    http: httpx.AsyncClient  # the API, with the gateway key
    ops: httpx.AsyncClient  # the API, with the operator key
    keys: str
    raw: Client  # a client without the codec: sees exactly what the server stores

    @property
    def host(self) -> str:
        return self.raw.service_client.config.target_host


def target(env: WorkflowEnvironment) -> str:
    return env.client.service_client.config.target_host


async def encrypting_client(host: str, keys: str) -> Client:
    """A client made the way the worker and the API make theirs (`runtime.temporal.connect`)."""
    return await connect(Settings(temporal_address=host, encryption_keys=keys))


@pytest.fixture
async def encrypted(temporal_env: WorkflowEnvironment, make_line: MakeLine) -> AsyncIterator[EncryptedLine]:
    keys = f"{new_key()},{new_key()}"
    client = await encrypting_client(target(temporal_env), keys)
    async with make_line(
        client=client,
        temporal_address=target(temporal_env),
        encryption_keys=keys,
        api_keys=GATEWAY_KEY,
        operator_keys=OPERATOR_KEY,
    ) as line:
        # The API connects by itself, from its settings, as in production.
        transport = httpx.ASGITransport(app=create_app(line.settings))
        async with (
            httpx.AsyncClient(
                transport=transport, base_url="http://warmline", headers={"Authorization": f"Bearer {GATEWAY_KEY}"}
            ) as http,
            httpx.AsyncClient(
                transport=transport, base_url="http://warmline", headers={"Authorization": f"Bearer {OPERATOR_KEY}"}
            ) as ops,
        ):
            yield EncryptedLine(line, http, ops, keys, temporal_env.client)
