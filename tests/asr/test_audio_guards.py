"""Guards around gateway audio: which hosts the worker may fetch from, and audio a crash left behind."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from activities.asr import AsrActivities
from store.audio import AudioStore
from tests.conftest import BRIGHTWAVE
from tests.line import MakeLine, api_client
from warmline.asr import AudioRef, TranscribeRequest
from warmline.policy_file import load_policy
from warmline.settings import Settings


@pytest.mark.parametrize(
    ("hosts", "url", "allowed"),
    [
        ("", "http://169.254.169.254/latest/meta-data", True),  # unset: any host (documented; set it in production)
        ("media.example.com", "https://media.example.com/a.wav", True),
        ("media.example.com", "https://MEDIA.example.com:8443/a.wav", True),
        ("media.example.com", "https://evil.example.com/a.wav", False),
        ("media.example.com", "http://169.254.169.254/latest/meta-data", False),
        (".twilio.com", "https://api.twilio.com/rec.wav", True),
        (".twilio.com", "https://twilio.com.evil.test/rec.wav", False),
        ("a.test, b.test", "http://b.test/x.wav", True),
    ],
)
def test_audio_host_allowlist(hosts: str, url: str, allowed: bool) -> None:
    assert Settings(audio_url_hosts=hosts).audio_host_allowed(url) is allowed


async def test_the_worker_refuses_a_host_outside_the_list(tmp_path: Path) -> None:
    settings = Settings(asr_url="http://127.0.0.1:9/v1", audio_url_hosts="media.example.com", data_dir=tmp_path)
    asr = AsrActivities(settings, load_policy(BRIGHTWAVE))
    try:
        req = TranscribeRequest(call_id="c1", turn=1, audio=AudioRef(url="http://127.0.0.1:9/secret", format="wav"))
        with pytest.raises(Exception, match="not allowed"):
            await asr._audio(req)
    finally:
        await asr.aclose()


def test_sweep_removes_only_old_audio(tmp_path: Path) -> None:
    store = AudioStore(tmp_path)
    old, fresh = store.put(b"old", "wav", "c/1"), store.put(b"new", "wav", "c/2")
    part = tmp_path / f".{old}.123.part"
    part.write_bytes(b"half")
    other = tmp_path / "notes.txt"
    other.write_text("not audio")
    hour_ago = time.time() - 7200
    for p in (tmp_path / old, part, other):
        os.utime(p, (hour_ago, hour_ago))
    assert store.sweep(3600) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fresh, "notes.txt"])
    assert AudioStore(tmp_path / "missing").sweep(3600) == 0


async def test_the_api_refuses_a_host_outside_the_list_with_422(make_line: MakeLine) -> None:
    async with make_line(asr_url="http://127.0.0.1:9/v1", audio_url_hosts="media.example.com") as line:
        async with api_client(line) as http:
            call_id = (await http.post("/v1/calls", json={})).json()["call_id"]
            r = await http.post(f"/v1/calls/{call_id}/turns", json={"audio": {"url": "http://10.0.0.1/a.wav"}})
            assert r.status_code == 422 and "WARMLINE_AUDIO_URL_HOSTS" in r.json()["detail"]
            assert (await line.state(call_id)).turn == 0  # nothing reached the call
