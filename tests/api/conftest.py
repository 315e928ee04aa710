from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from tests.fakes.helpdesk import FakeHelpdesk, fake_helpdesk  # noqa: F401
from tests.line import Line, running_line

API_KEY = "test-gateway-key"


@dataclass
class Api:
    http: httpx.AsyncClient
    line: Line


@pytest.fixture
async def api(
    temporal_env: WorkflowEnvironment,
    tmp_path: Path,
    fake_helpdesk: FakeHelpdesk,  # noqa: F811
) -> AsyncIterator[Api]:
    async with running_line(temporal_env.client, tmp_path, fake_helpdesk, api_keys=API_KEY) as line:
        app = create_app(line.settings)
        app.state.warmline.client = temporal_env.client
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://warmline", headers={"Authorization": f"Bearer {API_KEY}"}, timeout=30
        ) as http:
            yield Api(http, line)
