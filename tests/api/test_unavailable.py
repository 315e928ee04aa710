"""While Temporal is unreachable the API answers 503 with Retry-After, never 500."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx

from api.app import create_app
from tests.conftest import BRIGHTWAVE
from warmline.settings import Settings


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


async def test_unreachable_temporal_is_503_with_retry_after(tmp_path: Path) -> None:
    settings = Settings(temporal_address=f"127.0.0.1:{_closed_port()}", policy=BRIGHTWAVE, data_dir=tmp_path)
    app = create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://w", timeout=30) as http:
        requests: list[tuple[str, str, dict[str, object] | None]] = [
            ("GET", "/healthz", None),
            ("POST", "/v1/calls", {"caller": {}}),
            ("POST", "/v1/calls/c1/turns", {"text": "hi"}),
            ("GET", "/v1/calls/c1", None),
        ]
        for method, path, body in requests:
            r = await http.request(method, path, json=body)
            assert r.status_code == 503, (path, r.status_code, r.text)
            assert r.headers.get("retry-after") and "detail" in r.json()
