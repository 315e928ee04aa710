"""`POST /v1/calls/{id}/turns` with audio: validation and no recogniser (422), and the transcribed turn."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.api.conftest import API_KEY, Api
from tests.fakes.asr import FakeAsr, audio
from tests.line import MakeLine, api_client


@pytest.fixture
async def asr_api(make_line: MakeLine, fake_asr: FakeAsr) -> AsyncIterator[Api]:
    async with (
        make_line(api_keys=API_KEY, asr_url=fake_asr.url, asr_timeout_s=0.5) as line,
        api_client(line, API_KEY) as http,
    ):
        yield Api(http, line)


def b64(clip: bytes) -> str:
    return base64.b64encode(clip).decode()


INVALID: list[tuple[str, dict[str, Any], str]] = [
    ("neither", {}, "give exactly one of text or audio"),
    ("both", {"text": "hi", "audio": {"url": "http://x/a.wav"}}, "give exactly one of text or audio"),
    ("empty audio", {"audio": {}}, "give exactly one of audio.url or audio.base64"),
    ("url and base64", {"audio": {"url": "http://x/a.wav", "base64": "aGk="}}, "exactly one of audio.url"),
    ("not http", {"audio": {"url": "file:///etc/passwd"}}, "audio.url: Value error, must be an http(s) URL"),
    ("bad base64", {"audio": {"base64": "@@not base64@@"}}, "audio.base64 is not valid base64"),
    ("unknown format", {"audio": {"base64": "aGk=", "format": "aiff"}}, "audio.format"),
    ("confidence with audio", {"audio": {"url": "http://x/a.wav"}, "asr_confidence": 0.9}, "send it with text"),
    ("unknown field", {"audio": {"url": "http://x/a.wav", "codec": "pcm"}}, "audio.codec: Extra inputs"),
    ("empty text", {"text": ""}, "text: String should have at least 1 character"),
]


@pytest.mark.parametrize(("case", "body", "message"), INVALID, ids=[c[0] for c in INVALID])
async def test_invalid_turn_bodies_are_422_naming_the_problem(
    api: Api, case: str, body: dict[str, Any], message: str
) -> None:
    r = await api.http.post("/v1/calls/any-call/turns", json=body)
    assert r.status_code == 422, r.text
    assert isinstance(r.json()["detail"], str) and message in r.json()["detail"], r.json()


async def test_audio_without_a_recogniser_is_422_and_text_still_works(api: Api) -> None:
    cid = (await api.http.post("/v1/calls", json={"caller": {}})).json()["call_id"]
    r = await api.http.post(f"/v1/calls/{cid}/turns", json={"audio": {"base64": b64(audio("good", "hi"))}})
    assert r.status_code == 422 and "WARMLINE_ASR_URL" in r.json()["detail"]
    assert not api.line.settings.audio_path.exists() or list(api.line.settings.audio_path.iterdir()) == []
    r = await api.http.post(f"/v1/calls/{cid}/turns", json={"text": "can I pay by card?"})
    assert r.status_code == 200 and r.json()["turn"] == 1  # the refused audio turn was never a turn


async def test_base64_audio_turn_is_answered_and_leaves_no_audio_behind(asr_api: Api) -> None:
    cid = (await asr_api.http.post("/v1/calls", json={"caller": {}})).json()["call_id"]
    body = {"audio": {"base64": b64(audio("good", "can I pay by card?")), "format": "wav"}, "turn_id": "t-1"}
    r = await asr_api.http.post(f"/v1/calls/{cid}/turns", json=body)
    assert r.status_code == 200 and r.json()["action"] == "reply" and r.json()["say"].startswith("You can pay by")
    again = await asr_api.http.post(f"/v1/calls/{cid}/turns", json=body)
    assert again.json() == r.json()  # the same turn_id is applied once
    view = (await asr_api.http.get(f"/v1/calls/{cid}")).json()
    assert [u["text"] for u in view["transcript"] if u["speaker"] == "caller"] == ["can I pay by card?"]
    assert list(asr_api.line.settings.audio_path.iterdir()) == []  # the retry's copy is removed too


async def test_url_audio_turn_and_refused_turns_keep_no_audio(asr_api: Api, fake_asr: FakeAsr) -> None:
    fake_asr.clips["c1.wav"] = audio("good", "what are your opening hours")
    cid = (await asr_api.http.post("/v1/calls", json={"caller": {}})).json()["call_id"]
    r = await asr_api.http.post(f"/v1/calls/{cid}/turns", json={"audio": {"url": fake_asr.clip_url("c1.wav")}})
    assert r.status_code == 200 and r.json()["say"].startswith("Our phone team is here")
    r = await asr_api.http.post("/v1/calls/no-such-call/turns", json={"audio": {"base64": b64(b"good|hello")}})
    assert r.status_code == 404
    store = asr_api.line.settings.audio_path
    assert list(store.iterdir()) == []  # the refused turn's audio was removed, the answered one transcribed
