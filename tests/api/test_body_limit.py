"""The 1 MiB body limit (api/body_limit.py) lets a body without Content-Length through whole when it is under it."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator

from tests.api.conftest import Api


async def test_a_chunked_body_under_the_limit_reaches_the_route_whole(api: Api) -> None:
    cid = f"c-{uuid.uuid4().hex[:8]}"
    body = json.dumps({"call_id": cid, "caller": {"number": "+15550123"}}).encode()

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as read, then handed on
        for i in range(0, len(body), 7):
            yield body[i : i + 7]

    r = await api.http.post("/v1/calls", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 201, r.text
    assert r.json()["call_id"] == cid
    turn = json.dumps({"text": "what are your opening hours " + "please " * 20}).encode()
    r = await api.http.post(f"/v1/calls/{cid}/turns", content=turn, headers={"content-type": "application/json"})
    assert r.status_code == 200 and r.json()["action"] == "reply", r.text


async def test_a_bad_content_length_is_refused(api: Api) -> None:
    r = await api.http.post("/v1/calls", content=b"{}", headers={"content-length": str(2 * 1024 * 1024)})
    assert (r.status_code, r.json()) == (413, {"detail": "request body over 1 MiB"})
