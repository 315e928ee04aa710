"""Audio turns through a real CallWorkflow: the `transcribe` activity against a fake OpenAI-style recogniser."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from store.audio import AudioStore
from tests.fakes.asr import FakeAsr, audio
from tests.line import Line, MakeLine
from warmline.asr import NOTHING_HEARD, AudioRef, AudioTurnRequest
from warmline.models import TurnResult
from warmline.policy import Messages
from workflows.call import CallWorkflow

M = Messages()
PAYMENT_ANSWER = "You can pay by direct debit"


@pytest.fixture
async def line(make_line: MakeLine, fake_asr: FakeAsr) -> AsyncIterator[Line]:
    async with make_line(asr_url=fake_asr.url, asr_timeout_s=0.5) as ln:
        yield ln


async def _say(line: Line, call_id: str, clip: bytes) -> TurnResult:
    key = AudioStore(line.settings.audio_path).put(clip, "wav")
    req = AudioTurnRequest(audio=AudioRef(key=key, format="wav"))
    return await line.handle(call_id).execute_update(CallWorkflow.audio_turn, req, id=uuid.uuid4().hex)


async def test_audio_turn_is_transcribed_and_answered(line: Line, fake_asr: FakeAsr) -> None:
    call_id = await line.start()
    r = await _say(line, call_id, audio("good", "can I pay by card?"))
    assert r.action == "reply" and r.turn == 1 and r.say.startswith(PAYMENT_ANSWER)
    st = await line.state(call_id)
    assert [u.text for u in st.transcript if u.speaker == "caller"] == ["can I pay by card?"]
    assert st.intent is not None and st.intent.name == "payment_methods"
    assert len(fake_asr.uploads) == 1 and list(line.settings.audio_path.iterdir()) == []


async def test_low_asr_confidence_clarifies_then_escalates_low_confidence(line: Line) -> None:
    call_id = await line.start()
    r = await _say(line, call_id, audio("mumble", "can I pay by card?"))  # a clear intent, a doubtful transcript
    assert r.say == M.clarify
    r = await _say(line, call_id, audio("mumble", "how do I pay my bill"))
    assert r.action == "transfer" and r.transfer is not None and r.transfer.reason.value == "low_confidence"
    assert line.helpdesk is not None
    p = line.helpdesk.acked()[r.transfer.context_id].payload or {}
    assert "confidence 0.13" in p["escalation"]["detail"]


async def test_recogniser_down_keeps_the_turn_as_inaudible_and_clarifies(line: Line, fake_asr: FakeAsr) -> None:
    call_id = await line.start()
    r = await _say(line, call_id, audio("error", "can I pay by card?"))
    assert (r.action, r.turn, r.say) == ("reply", 1, M.clarify)
    assert len(fake_asr.uploads) == 2  # one retry, then the turn goes on without a transcript
    st = await line.state(call_id)
    assert st.transcript[1].text == NOTHING_HEARD
    [asr] = [a for a in st.actions if a.name == "asr"]
    assert asr.status == "failed" and asr.kind == "system" and "HTTP 500" in asr.detail
    r = await _say(line, call_id, audio("good", "how can I pay my bill"))
    assert r.say.startswith(PAYMENT_ANSWER)  # the next turn is heard again


async def test_card_numbers_spoken_in_audio_never_reach_history(line: Line) -> None:
    call_id = await line.start()
    await _say(line, call_id, audio("good", "I want to pay with card 4111 1111 1111 1111"))
    st = await line.state(call_id)
    assert st.transcript[1].text == "I want to pay with card [redacted:card]"
    # The history as the server keeps it: to_json() shows payloads as base64 (a leak would not show) and its task
    # ids may contain any four digits.
    history = b"".join(e.SerializeToString() for e in (await line.handle(call_id).fetch_history()).events)
    assert b"[redacted:card]" in history  # payloads are read as stored, so a leak would show
    assert b"4111 1111" not in history and b"good|" not in history  # neither the number nor the audio
