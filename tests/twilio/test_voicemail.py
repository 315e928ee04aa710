"""Voicemail after hours on Twilio: `<Record>` after the prompt (gather and relay modes), and the message's
signed reports — Record action, recording status, transcription — duplicated and out of order, change
nothing after the first: one callback, carrying the recording and the transcript. No message: nothing booked."""

from __future__ import annotations

import asyncio
import uuid
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from twilio.request_validator import RequestValidator

from tests.fakes.twilio import FakeCall, twilio_signature, twiml
from tests.twilio.conftest import API_KEY, AUTH_TOKEN, PUBLIC_URL, Gateway, MakeGateway
from tests.twilio.test_caller import _caller
from warmline.hours import DAYS

TOMORROW = DAYS[(datetime.now(UTC).weekday() + 1) % 7]
QUEUES = [
    {"name": "transactional"},
    {"name": "technical"},
    {"name": "complex", "after_hours": "voicemail", "hours": {"timezone": "UTC", "open": {TOMORROW: "00:00-24:00"}}},
]
SECTIONS = {"voicemail": {"max_length_s": 60, "transcribe": True, "after_hangup_s": 1}, "wrap_up": {"wait_s": 1}}


@pytest.fixture
async def closed(make_gateway: MakeGateway) -> AsyncIterator[Gateway]:
    async with make_gateway(queues=QUEUES, sections=SECTIONS, twilio_mode="gather") as gw:
        yield gw


async def _get(gw: Gateway, path: str) -> tuple[int, Any]:
    r = await gw.api.get(path)
    return r.status_code, r.json()


async def _eventually(gw: Gateway, path: str, ok: Any) -> Any:
    for _ in range(100):
        code, body = await _get(gw, path)
        if code == 200 and ok(body):
            return body
        await asyncio.sleep(0.1)
    raise AssertionError(f"{path}: {body}")


async def test_the_caller_is_recorded_and_every_report_books_one_callback_with_the_message(closed: Gateway) -> None:
    call = closed.twilio.call()
    after = await call.gather(twiml(await call.incoming()), "I want to speak to a real person")
    assert [c.tag for c in after] == ["Say", "Record", "Say", "Hangup"]  # the last two only if nothing is recorded
    assert "after the tone" in (after.findtext("Say") or "")
    record = after.find("Record")
    assert record is not None
    assert record.attrib == {
        "action": PUBLIC_URL + "/twilio/voicemail", "method": "POST", "timeout": "5", "finishOnKey": "#",
        "maxLength": "60", "playBeep": "true", "recordingStatusCallback": PUBLIC_URL + "/twilio/voicemail-status",
        "recordingStatusCallbackMethod": "POST", "recordingStatusCallbackEvent": "completed absent",
        "transcribe": "true", "transcribeCallback": PUBLIC_URL + "/twilio/voicemail-transcript",
    }  # fmt: skip
    assert "no callback is booked" in (after.findall("Say")[1].text or "")

    rec = call.recording(after)
    # Out of Twilio's usual order: the transcript first, then the file's status, then the Record action (twice).
    assert (await rec.transcription("please ring me about my bill")).status_code == 204
    assert (await rec.status("completed", duration=14)).status_code == 204
    thanks = twiml(await rec.action(duration=14))
    assert [c.tag for c in thanks] == ["Say", "Hangup"] and "call you back" in (thanks.findtext("Say") or "")
    assert twiml(await rec.action(duration=14)).findtext("Say") == thanks.findtext("Say")

    booked = await _eventually(closed, f"/v1/callbacks/{call.sid}", lambda b: b["status"] == "scheduled")
    vm = booked["voicemail"]
    assert booked["reason"] == "voicemail" and booked["number"] == call.number
    assert (vm["recording_url"], vm["duration_s"], vm["recording_sid"]) == (rec.url, 14, rec.sid)
    assert vm["transcript"] == "please ring me about my bill" and vm["transcript_status"] == "completed"

    # Retries of every report change nothing.
    assert (await rec.transcription("something else entirely")).status_code == 204
    assert (await rec.status("completed", duration=14)).status_code == 204
    await call.status("completed")
    final = await _eventually(closed, f"/v1/calls/{call.sid}", lambda c: c["status"] == "ended")
    assert final["outcome"] == "callback" and final["voicemail"]["status"] == "left"
    assert final["escalation"]["callback_reason"] == "voicemail"
    code, again = await _get(closed, f"/v1/callbacks/{call.sid}")
    assert code == 200 and again["voicemail"] == vm and again["attempts"] == []


async def test_record_reports_must_be_signed(closed: Gateway) -> None:
    call = closed.twilio.call()
    rec = call.recording(await call.gather(twiml(await call.incoming()), "agent please"))
    assert (await rec.action(signing="bad")).status_code == 403
    assert (await rec.status(signing=None)).status_code == 403
    assert (await rec.transcription("x", signing="bad")).status_code == 403
    code, _ = await _get(closed, f"/v1/callbacks/{call.sid}")
    assert code == 404  # nothing booked by an unsigned report
    # The fake signs as Twilio does: the `twilio` library's validator (the app's) accepts its signatures.
    params = call.params(RecordingSid=rec.sid, RecordingStatus="completed")
    url = PUBLIC_URL + "/twilio/voicemail-status"
    assert RequestValidator(AUTH_TOKEN).validate(url, params, twilio_signature(AUTH_TOKEN, url, params))


async def _relay_voicemail(gw: Gateway) -> tuple[FakeCall, ET.Element]:
    call = gw.twilio.call()
    async with call.relay(twiml(await call.incoming())) as relay:
        said = await relay.prompt("can I talk to a person")
        assert said["type"] == "text" and "after the tone" in said["token"]
        assert (await relay.recv())["type"] == "end"
    return call, await call.connect_action(relay.action, relay.handoff)


async def test_relay_mode_records_after_the_session_and_no_message_books_nothing(
    make_gateway: MakeGateway,
) -> None:
    async with make_gateway(queues=QUEUES, sections=SECTIONS) as gw:
        call, after = await _relay_voicemail(gw)
        assert [c.tag for c in after] == ["Record", "Say", "Hangup"]  # the relay already said the prompt
        rec = call.recording(after)
        assert (await rec.status("absent")).status_code == 204  # nothing was recorded
        await call.status("completed")
        final = await _eventually(gw, f"/v1/calls/{call.sid}", lambda c: c["status"] == "ended")
        assert final["outcome"] == "no_agent" and final["voicemail"]["status"] == "none"
        code, _ = await _get(gw, f"/v1/callbacks/{call.sid}")
        assert code == 404
        late = twiml(await rec.action(duration=3))  # a report after the call ended books nothing
        assert [c.tag for c in late] == ["Say", "Hangup"]
        assert (await _get(gw, f"/v1/callbacks/{call.sid}"))[0] == 404


async def test_the_terminal_caller_says_it_cannot_record_and_hangs_up_so_nothing_is_booked(
    make_gateway: MakeGateway,
) -> None:
    async with make_gateway(queues=QUEUES, sections=SECTIONS) as gw:
        call_id = f"term-{uuid.uuid4().hex[:8]}"
        code, out, err = await _caller(gw, "can I talk to a person\n", "--key", API_KEY, "--call-id", call_id)
        assert code == 0, err
        assert "after the tone" in out and "cannot record" in out and "no callback is booked" in out
        final = await _eventually(gw, f"/v1/calls/{call_id}", lambda c: c["status"] == "ended")
        assert final["outcome"] == "no_agent" and final["voicemail"]["status"] == "none"
