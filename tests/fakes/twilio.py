"""A fake Twilio that does what Twilio does to Warmline, for the Twilio gateway's tests.

It signs every webhook and the relay's WebSocket handshake with Twilio's
algorithm — its own HMAC-SHA1 code, not the `twilio` library the app validates
with — over the *public* URL (`public_url`, what Twilio was given), then sends
the request to the app's real address, as a proxy in front of the app would.
It posts form-encoded webhooks, opens the ConversationRelay WebSocket named in
the TwiML it got, speaks the documented JSON messages, and follows TwiML
(`<Connect action>`, `<Gather action>`), which it parses with `xml.etree`.

    tw = FakeTwilio(app_url, public_url="https://warmline.example.test", auth_token="tok")
    call = tw.call()
    twiml = await call.incoming()                      # POST /twilio/voice
    async with call.relay(twiml) as relay:             # WebSocket /twilio/relay + setup
        reply = await relay.prompt("what are your opening hours")
        end = await relay.prompt("I want a real person")  # the warm message, then `end`
    after = await call.connect_action(relay.handoff)   # POST the Connect action
    await call.status("completed")                     # POST /twilio/status

The human leg plays Twilio's documented callback sequences: a `<Dial>`'s agent leg
(`call.dial_leg(after)`: the noun's answered/completed status callbacks, then the
Dial action) and TaskRouter's workspace events (`tw.task(after)`: reservation
accepted/rejected/timeout, task wrap-up/completed).

    leg = call.dial_leg(after)
    await leg.answered(); await leg.completed(42)      # POST the noun's statusCallback
    next_twiml = twiml(await leg.action("completed", 42))  # POST the Dial action
    task = tw.task(after)
    await task.event("reservation.accepted", worker="alice")  # POST /twilio/taskrouter-events

A `<Record>` (voicemail after hours) plays its documented reports: `call.recording(twiml)`
gives the message's action (`RecordingUrl`, `RecordingDuration`, `RecordingSid`, `Digits`), its
`recordingStatusCallback` (completed/absent) and its `transcribeCallback` (`TranscriptionText`,
`TranscriptionStatus`), in any order, as often as a test wants.

    rec = call.recording(after)
    await rec.status("completed"); thanks = twiml(await rec.action(duration=14))
    await rec.transcription("please call me about my bill")

With `rest` (tests/fakes/twilio_rest.py), the line's REST calls land there: a call the
desk rang for an agent (`tw.rest.created`) plays its status callbacks with
`tw.ring_leg(created).event("in-progress")`.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import uuid
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
from websockets.asyncio.client import ClientConnection, connect

from tests.fakes.twilio_record import Recording
from tests.fakes.twilio_rest import FakeTwilioRest

LINE_NUMBER = "+441234567890"  # the number callers dial
Signing = str | None  # "valid" (default), "bad", or None for no signature header


def twilio_signature(token: str, url: str, params: dict[str, str]) -> str:
    """Twilio's algorithm: base64(HMAC-SHA1(token, url + every param name and value, sorted by name))."""
    payload = url + "".join(k + params[k] for k in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()).decode()


@dataclass
class FakeTwilio:
    app_url: str  # where the app really listens, e.g. http://127.0.0.1:54321
    public_url: str  # what Twilio was given; it signs these URLs
    auth_token: str
    account_sid: str = "AC" + "0" * 32
    rest: FakeTwilioRest | None = None  # Twilio's REST API, when the line calls out

    def call(self, number: str = "+447700900123") -> FakeCall:
        call = FakeCall(self, "CA" + uuid.uuid4().hex, number)
        if self.rest is not None:
            self.rest.inbound[call.sid] = {"from": number, "to": LINE_NUMBER}
        return call

    def ring_leg(self, created: dict[str, Any]) -> RingLeg:
        """A call the line created by REST (one of `rest.created`): its status callbacks."""
        return RingLeg(self, created)

    def task(self, transfer: ET.Element) -> FakeTask:
        """The TaskRouter task an `<Enqueue workflowSid><Task>` made (its attributes as the TwiML gave them)."""
        task = transfer.find("Enqueue/Task")
        assert task is not None and task.text, ET.tostring(transfer)
        return FakeTask(self, "WT" + uuid.uuid4().hex, task.text)

    def local(self, public: str) -> str:
        """The app's own address for a public URL (what the proxy in front of the app does)."""
        parts = urlsplit(public)
        scheme = "ws" if parts.scheme in ("ws", "wss") else "http"
        app = urlsplit(self.app_url)
        return f"{scheme}://{app.netloc}{parts.path}" + (f"?{parts.query}" if parts.query else "")

    def headers(self, url: str, params: dict[str, str], signing: Signing) -> dict[str, str]:
        if signing is None:
            return {}
        token = self.auth_token if signing == "valid" else "not-the-token"
        return {"X-Twilio-Signature": twilio_signature(token, url, params)}

    async def post(self, url: str, params: dict[str, str], signing: Signing = "valid") -> httpx.Response:
        """POST a form-encoded webhook to a public URL, signed as Twilio signs it."""
        async with httpx.AsyncClient(timeout=30) as http:
            return await http.post(self.local(url), data=params, headers=self.headers(url, params, signing))


def twiml(response: httpx.Response) -> ET.Element:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(("application/xml", "text/xml"))
    root = ET.fromstring(response.text)
    assert root.tag == "Response"
    return root


@dataclass
class FakeCall:
    twilio: FakeTwilio
    sid: str
    number: str
    gather_action: str | None = None

    def params(self, **extra: str) -> dict[str, str]:
        return {"CallSid": self.sid, "AccountSid": self.twilio.account_sid, "From": self.number,
                "To": LINE_NUMBER, "Direction": "inbound", **extra}  # fmt: skip

    async def incoming(self, signing: Signing = "valid") -> httpx.Response:
        return await self.twilio.post(
            self.twilio.public_url + "/twilio/voice", self.params(CallStatus="ringing"), signing
        )

    @asynccontextmanager
    async def relay(self, answer: ET.Element, signing: Signing = "valid") -> AsyncIterator[Relay]:
        """Open the relay the TwiML names (`<Connect><ConversationRelay url>`) and send `setup`."""
        connect_el = answer.find("Connect")
        assert connect_el is not None, ET.tostring(answer)
        cr = connect_el.find("ConversationRelay")
        assert cr is not None and cr.get("url", "").startswith("wss://")
        url = cr.get("url", "")
        headers = self.twilio.headers(url, {}, signing)
        async with connect(self.twilio.local(url), additional_headers=headers, open_timeout=10) as ws:
            relay = Relay(ws, self, connect_el.get("action", ""))
            await relay.send({"type": "setup", "sessionId": "VX" + uuid.uuid4().hex, "callSid": self.sid,
                              "accountSid": self.twilio.account_sid, "from": self.number, "to": "+441234567890",
                              "direction": "inbound", "callStatus": "RINGING", "customParameters": {}})  # fmt: skip
            yield relay

    async def connect_action(self, action: str, handoff: str | None, session_status: str = "ended") -> ET.Element:
        extra = {"SessionId": "VX1", "SessionStatus": session_status, "SessionDuration": "42"}
        if handoff is not None:
            extra["HandoffData"] = handoff
        return twiml(await self.twilio.post(action, self.params(**extra)))

    async def gather(self, answer: ET.Element, speech: str | None, confidence: float = 0.92) -> ET.Element:
        """Follow `<Gather action>`: post what the caller said (None: silence)."""
        g = answer.find("Gather")
        assert g is not None and g.get("input") == "speech", ET.tostring(answer)
        extra = {} if speech is None else {"SpeechResult": speech, "Confidence": str(confidence)}
        self.gather_action = g.get("action", "")
        return twiml(await self.twilio.post(self.gather_action, self.params(**extra)))

    async def status(self, call_status: str, signing: Signing = "valid") -> httpx.Response:
        url = self.twilio.public_url + "/twilio/status"
        return await self.twilio.post(url, self.params(CallStatus=call_status), signing)

    def dial_leg(self, transfer: ET.Element) -> DialLeg:
        """The agent's leg of the `<Dial>` in `transfer` (its `<Number>` or `<Sip>` noun)."""
        dial = transfer.find("Dial")
        assert dial is not None, ET.tostring(transfer)
        noun = dial.find("Number")
        noun = noun if noun is not None else dial.find("Sip")
        assert noun is not None and noun.text, ET.tostring(dial)
        return DialLeg(self, dial, noun, "CA" + uuid.uuid4().hex)

    def recording(self, answer: ET.Element) -> Recording:
        """The message the caller leaves at the `<Record>` in `answer`."""
        record = answer.find("Record")
        assert record is not None, ET.tostring(answer)
        return Recording(self, record, "RE" + uuid.uuid4().hex)


@dataclass
class DialLeg:
    """The dialled agent's call leg: Twilio posts its status callbacks, then the Dial's action."""

    call: FakeCall
    dial: ET.Element
    noun: ET.Element  # <Number> or <Sip>
    sid: str  # the leg's own CallSid; the caller's is its ParentCallSid
    sequence: int = 0

    async def event(self, call_status: str, duration: int | None = None, signing: Signing = "valid") -> httpx.Response:
        """One status callback of the agent's leg (`in-progress` on answered, the final status on completed)."""
        url = self.noun.get("statusCallback")
        assert url, ET.tostring(self.noun)
        to = (self.noun.text or "").strip()
        params = {"CallSid": self.sid, "ParentCallSid": self.call.sid, "AccountSid": self.call.twilio.account_sid,
                  "From": "+441234567890", "To": to, "Called": to, "Direction": "outbound-dial",
                  "CallStatus": call_status, "CallbackSource": "call-progress-events",
                  "SequenceNumber": str(self.sequence), "Timestamp": "Mon, 01 Jan 2024 12:00:00 +0000"}  # fmt: skip
        if duration is not None:
            params |= {"CallDuration": str(duration), "Duration": str(max(1, (duration + 59) // 60))}
        self.sequence += 1
        return await self.call.twilio.post(url, params, signing)

    async def answered(self) -> httpx.Response:
        return await self.event("in-progress")

    async def completed(self, duration: int = 42) -> httpx.Response:
        return await self.event("completed", duration)

    async def action(self, dial_call_status: str, duration: int = 0, signing: Signing = "valid") -> httpx.Response:
        """The Dial's action: how the dial ended (`DialCallStatus`, `DialCallDuration`), asking what next."""
        url = self.dial.get("action")
        assert url, ET.tostring(self.dial)
        extra = {"DialCallStatus": dial_call_status, "DialCallSid": self.sid, "DialCallDuration": str(duration),
                 "DialBridged": str(duration > 0).lower(), "CallStatus": "in-progress"}  # fmt: skip
        return await self.call.twilio.post(url, self.call.params(**extra), signing)


@dataclass
class RingLeg:
    """A call the line placed through the REST API; Twilio posts its `StatusCallback` on each subscribed event."""

    twilio: FakeTwilio
    created: dict[str, Any]  # the form the line posted, with the new call's Sid
    sequence: int = 0

    async def event(self, call_status: str, signing: Signing = "valid") -> httpx.Response:
        url = str(self.created["StatusCallback"])
        params = {"CallSid": self.created["Sid"], "AccountSid": self.twilio.account_sid,
                  "From": str(self.created["From"]), "To": str(self.created["To"]), "Direction": "outbound-api",
                  "CallStatus": call_status, "CallbackSource": "call-progress-events",
                  "SequenceNumber": str(self.sequence)}  # fmt: skip
        self.sequence += 1
        return await self.twilio.post(url, params, signing)


@dataclass
class FakeTask:
    """A TaskRouter task; its events go to the workspace's Event Callback URL, as TaskRouter posts them."""

    twilio: FakeTwilio
    sid: str
    attributes: str  # JSON, exactly as the <Task> element carried it
    workspace_sid: str = "WS" + "1" * 32

    async def event(self, event_type: str, worker: str | None = None, signing: Signing = "valid") -> httpx.Response:
        params = {"AccountSid": self.twilio.account_sid, "WorkspaceSid": self.workspace_sid,
                  "Sid": "EV" + uuid.uuid4().hex, "EventType": event_type, "EventDescription": event_type,
                  "ResourceType": event_type.split(".")[0].capitalize(), "ResourceSid": self.sid,
                  "Timestamp": "1704110400", "TaskSid": self.sid, "TaskAttributes": self.attributes,
                  "TaskAssignmentStatus": "assigned", "TaskQueueSid": "WQ" + "2" * 32}  # fmt: skip
        if worker is not None:
            params |= {"WorkerSid": "WK" + hashlib.md5(worker.encode()).hexdigest(), "WorkerName": worker,
                       "ReservationSid": "WR" + uuid.uuid4().hex}  # fmt: skip
        return await self.twilio.post(self.twilio.public_url + "/twilio/taskrouter-events", params, signing)


@dataclass
class Relay:
    ws: ClientConnection
    call: FakeCall
    action: str  # the Connect action URL Twilio posts to when the session ends
    handoff: str | None = None
    ended: bool = False
    received: list[dict[str, Any]] = field(default_factory=list)

    async def send(self, msg: dict[str, Any] | str) -> None:
        await self.ws.send(msg if isinstance(msg, str) else json.dumps(msg))

    async def recv(self, timeout: float = 20) -> dict[str, Any]:  # noqa: ASYNC109
        msg: dict[str, Any] = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
        self.received.append(msg)
        if msg["type"] == "end":
            self.ended, self.handoff = True, msg.get("handoffData")
        return msg

    async def prompt(self, text: str) -> dict[str, Any]:
        """The caller says something; returns Twilio's next message from the app (a `text` or `end`)."""
        await self.send({"type": "prompt", "voicePrompt": text, "lang": "en-US", "last": True})
        return await self.recv()
