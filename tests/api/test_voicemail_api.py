"""Voicemail for HTTP gateways: the turn says `end` with a `voicemail` request, the gateway posts the message to
`POST /v1/calls/{id}/voicemail`, and every bad post gets a clear 4xx."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.conftest import API_KEY
from tests.line import MakeLine, api_client, policy_file
from warmline.hours import DAYS

URL = "https://media.gateway.example/recordings/r-1.wav"


@pytest.fixture
async def http(make_line: MakeLine, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    tomorrow = DAYS[(datetime.now(UTC).weekday() + 1) % 7]
    hours = {"timezone": "UTC", "open": {tomorrow: "00:00-24:00"}}
    queues = [{"name": "transactional"}, {"name": "technical"},
              {"name": "complex", "after_hours": "voicemail", "hours": hours}]  # fmt: skip
    policy = policy_file(tmp_path, queues=queues, voicemail={"max_length_s": 90, "finish_on_key": "*"})
    async with make_line(policy=policy, api_keys=API_KEY) as line, api_client(line, API_KEY) as client:
        yield client


async def _asked(http: httpx.AsyncClient) -> tuple[str, dict[str, Any]]:
    call_id = (await http.post("/v1/calls", json={"caller": {"number": "+447700900777"}})).json()["call_id"]
    r = await http.post(f"/v1/calls/{call_id}/turns", json={"text": "can I speak to a real person"})
    assert r.status_code == 200
    return call_id, r.json()


async def test_the_turn_asks_the_gateway_to_record_and_the_posted_message_books_a_callback(
    http: httpx.AsyncClient,
) -> None:
    call_id, turn = await _asked(http)
    assert turn["action"] == "end" and turn["transfer"] is None  # contract fields keep their meaning
    assert "the star key" in turn["say"] and "after the tone" in turn["say"]
    vm = turn["voicemail"]
    assert (vm["max_length_s"], vm["finish_on_key"], vm["post_to"]) == (90, "*", f"/v1/calls/{call_id}/voicemail")
    later = await http.post(f"/v1/calls/{call_id}/turns", json={"text": "hello?"})
    assert later.status_code == 409  # the AI takes no more turns

    body = {"recording_url": URL, "duration_s": 21, "transcript": "my card is 4111 1111 1111 1111, call me"}
    left = await http.post(f"/v1/calls/{call_id}/voicemail", json=body)
    assert left.status_code == 200 and "call you back" in left.json()["say"] and left.json()["callback_due_at"]
    again = await http.post(f"/v1/calls/{call_id}/voicemail", json=body)
    assert again.status_code == 200 and again.json() == left.json()

    cb = (await http.get(f"/v1/callbacks/{call_id}")).json()
    assert cb["reason"] == "voicemail" and cb["voicemail"]["recording_url"] == URL
    assert "4111" not in cb["voicemail"]["transcript"] and "[redacted:card]" in cb["voicemail"]["transcript"]
    view = (await http.get(f"/v1/calls/{call_id}")).json()
    assert view["outcome"] == "callback" and view["voicemail"]["status"] == "left"


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"recording_url": "javascript:alert(1)", "duration_s": 3}, 422, "recording_url"),
        ({"recording_url": URL, "duration_s": 0}, 422, "duration_s"),
        ({"recording_url": URL}, 422, "duration_s"),
        ({"recording_url": URL, "duration_s": 3, "mood": "sad"}, 422, "mood"),
    ],
)
async def test_a_bad_message_is_a_clear_422(
    http: httpx.AsyncClient, body: dict[str, object], status: int, says: str
) -> None:
    call_id, _ = await _asked(http)
    r = await http.post(f"/v1/calls/{call_id}/voicemail", json=body)
    assert r.status_code == status and says in r.text


async def test_a_message_for_a_call_not_taking_one_is_409_and_for_no_call_404(http: httpx.AsyncClient) -> None:
    call_id = (await http.post("/v1/calls", json={})).json()["call_id"]
    body = {"recording_url": URL, "duration_s": 5}
    r = await http.post(f"/v1/calls/{call_id}/voicemail", json=body)
    assert r.status_code == 409 and "not taking a voicemail" in r.json()["detail"]
    assert (await http.post("/v1/calls/no-such-call/voicemail", json=body)).status_code == 404
    assert (
        await http.post(f"/v1/calls/{call_id}/voicemail", json=body, headers={"Authorization": "Bearer x"})
    ).status_code == 401
