"""The codec server the Temporal UI calls: wire format, operator auth, CORS only on /codec."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from api.app import create_app
from runtime.codec import ENCODING, KEY_ID, key_id, new_key
from warmline.settings import Settings

OPERATOR, GATEWAY = "op-key", "gw-key"
OLD, NEW = new_key(), new_key()
UI = "http://localhost:8233"


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode()


def _json_payload(obj: str) -> dict[str, Any]:
    return {"metadata": {"encoding": _b64(b"json/plain")}, "data": _b64(obj.encode())}


async def _client(**settings: Any) -> httpx.AsyncClient:
    app = create_app(Settings(api_keys=GATEWAY, operator_keys=OPERATOR, **settings))
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://warmline",
        headers={"Authorization": f"Bearer {OPERATOR}"},
    )


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with await _client(encryption_keys=f"{NEW},{OLD}") as c:
        yield c


async def test_encode_then_decode_round_trips_in_temporal_json(http: httpx.AsyncClient) -> None:
    body = {"payloads": [_json_payload('"hello"'), _json_payload('{"a": 1}')]}
    enc = await http.post("/codec/encode", json=body, headers={"X-Namespace": "default"})
    assert enc.status_code == 200
    sealed = enc.json()["payloads"]
    assert {base64.b64decode(p["metadata"]["encoding"]) for p in sealed} == {ENCODING}
    assert {base64.b64decode(p["metadata"][KEY_ID]).decode() for p in sealed} == {key_id(base64.b64decode(NEW))}
    dec = await http.post("/codec/decode", json={"payloads": sealed})
    assert dec.status_code == 200 and dec.json() == body


async def test_decode_reads_payloads_under_the_old_key() -> None:
    async with await _client(encryption_keys=OLD) as old:
        sealed = (await old.post("/codec/encode", json={"payloads": [_json_payload('"x"')]})).json()
    async with await _client(encryption_keys=f"{NEW},{OLD}") as rotated:
        assert (await rotated.post("/codec/decode", json=sealed)).json() == {"payloads": [_json_payload('"x"')]}
    async with await _client(encryption_keys=NEW) as retired:  # unknown key: left encrypted, not a 500
        r = await retired.post("/codec/decode", json=sealed)
        assert r.status_code == 200 and r.json() == sealed


async def test_codec_needs_an_operator_key(http: httpx.AsyncClient) -> None:
    body: dict[str, Any] = {"payloads": []}
    assert (
        await http.post("/codec/decode", json=body, headers={"Authorization": f"Bearer {GATEWAY}"})
    ).status_code == 403  # a valid key of another role
    assert (await http.post("/codec/decode", json=body, headers={"Authorization": ""})).status_code == 401
    assert (await http.post("/codec/decode", json=body)).status_code == 200


@pytest.mark.parametrize(
    "body",
    [{"payloads": [{"data": "%%%"}]}, {"payloads": [{"metadata": {"encoding": "***"}}]}, {"payloads": "x"}, []],
)
async def test_malformed_payloads_are_422(http: httpx.AsyncClient, body: Any) -> None:
    r = await http.post("/codec/decode", json=body)
    assert r.status_code == 422 and "detail" in r.json()


async def test_without_keys_the_codec_server_says_so() -> None:
    async with await _client() as c:
        r = await c.post("/codec/decode", json={"payloads": []})
        assert r.status_code == 404 and "WARMLINE_ENCRYPTION_KEYS" in r.json()["detail"]


async def test_cors_preflight_from_the_ui_on_codec_only(http: httpx.AsyncClient) -> None:
    pre = {
        "Origin": UI,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type,x-namespace",
    }
    r = await http.options("/codec/decode", headers=pre)
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == UI
    assert r.headers["access-control-allow-credentials"] == "true"
    r = await http.post("/codec/decode", json={"payloads": []}, headers={"Origin": UI})
    assert r.headers["access-control-allow-origin"] == UI
    r = await http.options("/codec/decode", headers={**pre, "Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    r = await http.options("/v1/metrics", headers={**pre})
    assert "access-control-allow-origin" not in r.headers
    r = await http.get("/v1/metrics", headers={"Origin": UI})
    assert "access-control-allow-origin" not in r.headers
