from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from tests.line import Line, MakeLine, api_client

API_KEY = "test-gateway-key"


@dataclass
class Api:
    http: httpx.AsyncClient
    line: Line


@pytest.fixture
async def api(make_line: MakeLine) -> AsyncIterator[Api]:
    async with make_line(api_keys=API_KEY) as line, api_client(line, API_KEY) as http:
        yield Api(http, line)
