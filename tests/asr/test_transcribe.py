"""The `transcribe` activity against a fake OpenAI-compatible recogniser over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from activities.asr import ASR_FAILED, ASR_UNAVAILABLE, AsrActivities
from store.audio import AudioStore
from tests.conftest import BRIGHTWAVE
from tests.fakes.asr import FakeAsr, audio
from warmline.asr import NOTHING_HEARD, AudioRef, TranscribeRequest
from warmline.policy_file import load_policy
from warmline.settings import Settings


def _settings(tmp: Path, url: str | None) -> Settings:
    return Settings(asr_url=url, asr_model="whisper-test", asr_api_key="sk-test", asr_timeout_s=0.5, data_dir=tmp)


@pytest.fixture
async def asr(fake_asr: FakeAsr, tmp_path: Path) -> AsyncIterator[AsrActivities]:
    a = AsrActivities(_settings(tmp_path, fake_asr.url), load_policy(BRIGHTWAVE))
    yield a
    await a.aclose()


def _stored(tmp: Path, clip: bytes) -> TranscribeRequest:
    key = AudioStore(tmp / "audio").put(clip, "wav")
    return TranscribeRequest(call_id="c-1", turn=1, audio=AudioRef(key=key, format="wav"))


async def test_base64_audio_is_transcribed_redacted_and_deleted(
    asr: AsrActivities,
    fake_asr: FakeAsr,
    tmp_path: Path,
) -> None:
    req = _stored(tmp_path, audio("good", "my card is 4111 1111 1111 1111 and I want to pay"))
    t = await ActivityEnvironment().run(asr.transcribe, req)
    assert t.text == "my card is [redacted:card] and I want to pay"
    assert t.confidence is not None and 0.85 < t.confidence < 0.92  # exp(-0.1) × 0.99
    [up] = fake_asr.uploads
    assert up.fields == {"model": "whisper-test", "response_format": "verbose_json"}
    assert up.filename == "turn-1.wav" and up.content_type == "audio/wav" and up.authorization == "Bearer sk-test"
    assert list((tmp_path / "audio").iterdir()) == []  # the audio is gone once transcribed


async def test_url_audio_is_fetched_without_the_recogniser_key(asr: AsrActivities, fake_asr: FakeAsr) -> None:
    fake_asr.clips["t1.wav"] = audio("mumble", "erm the thing")
    req = TranscribeRequest(call_id="c-1", turn=2, audio=AudioRef(url=fake_asr.clip_url("t1.wav")))
    t = await ActivityEnvironment().run(asr.transcribe, req)
    assert t.text == "erm the thing" and t.confidence is not None and t.confidence < 0.2


async def test_silence_is_inaudible_with_zero_confidence(asr: AsrActivities, tmp_path: Path) -> None:
    t = await ActivityEnvironment().run(asr.transcribe, _stored(tmp_path, audio("silence", "")))
    assert (t.text, t.confidence) == (NOTHING_HEARD, 0.0)


FAILURES = [
    ("error", True, "HTTP 500"),
    ("busy", True, "HTTP 429"),
    ("slow", True, "timed out"),
    ("reject", False, "HTTP 400"),
    ("notjson", False, "not a transcription"),
]


@pytest.mark.parametrize(("behaviour", "retryable", "fragment"), FAILURES, ids=[f[0] for f in FAILURES])
async def test_recogniser_failures_say_whether_a_retry_can_help(
    asr: AsrActivities, tmp_path: Path, behaviour: str, retryable: bool, fragment: str
) -> None:
    with pytest.raises(ApplicationError) as e:
        await ActivityEnvironment().run(asr.transcribe, _stored(tmp_path, audio(behaviour, "hello")))
    assert e.value.type == (ASR_UNAVAILABLE if retryable else ASR_FAILED) and fragment in e.value.message
    assert e.value.non_retryable is (not retryable)


async def test_unknown_audio_and_missing_url_fail_for_good(asr: AsrActivities, fake_asr: FakeAsr) -> None:
    gone = TranscribeRequest(call_id="c", turn=1, audio=AudioRef(key="0" * 32 + ".wav"))
    missing_clip = TranscribeRequest(call_id="c", turn=1, audio=AudioRef(url=fake_asr.clip_url("nope.wav")))
    for req in (gone, missing_clip):
        with pytest.raises(ApplicationError) as e:
            await ActivityEnvironment().run(asr.transcribe, req)
        assert e.value.non_retryable


async def test_unconfigured_recogniser_fails_clearly(tmp_path: Path) -> None:
    a = AsrActivities(_settings(tmp_path, None), load_policy(BRIGHTWAVE))
    with pytest.raises(ApplicationError, match="WARMLINE_ASR_URL"):
        await ActivityEnvironment().run(a.transcribe, _stored(tmp_path, audio("good", "hi")))
    await a.aclose()


def test_audio_store_refuses_keys_that_are_paths(tmp_path: Path) -> None:
    store = AudioStore(tmp_path)
    for key in ("../etc/passwd", "x.wav", "0" * 32 + ".wav/../../x"):
        with pytest.raises(KeyError):
            store.get(key)
    data = b"good|hi"
    assert store.put(data, "wav") == store.put(data, "wav")  # a retried turn stores its audio once
