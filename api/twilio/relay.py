"""The ConversationRelay WebSocket: one session per call, Twilio speaking for the caller.

Messages are read as they come while turns run one at a time behind them, so a
prompt Twilio replays while its turn is still running is recognised (same
derived turn id) and answered once. Nothing a caller or Twilio sends ends the
session by itself except a transfer or the end of the call: bad messages are
logged with the call id and skipped.
"""

from __future__ import annotations

import asyncio
from typing import Any

import structlog
from fastapi import APIRouter, HTTPException, WebSocket
from starlette.websockets import WebSocketDisconnect
from temporalio.client import Client

from api.deps import AppState, TemporalUnavailable
from api.temporal_calls import signal_call
from api.twilio import calls
from api.twilio import messages as m
from api.twilio.signature import handshake_signed
from api.twilio.twiml import RELAY_PATH
from warmline.models import Interrupted, Status, TurnResult
from workflows.call import CallWorkflow

router = APIRouter()
POLICY_VIOLATION, TRY_AGAIN_LATER = 1008, 1013
SORRY = "Sorry, I didn't catch that. Could you say it again?"


class RelaySession:
    def __init__(self, ws: WebSocket, state: AppState, client: Client) -> None:
        self.ws, self.state, self.client = ws, state, client
        self.call_id: str | None = None
        self.next_turn = 1  # the turn a prompt heard now would become: part of its derived id
        self.seen: set[str] = set()
        self.ended = False
        self.turns: asyncio.Queue[tuple[int, str]] = asyncio.Queue()  # (position, text)
        self.log: Any = structlog.get_logger("warmline.twilio").bind(gateway="twilio-relay", call_id=None)

    async def run(self) -> None:
        worker = asyncio.create_task(self._turn_worker())
        try:
            while (frame := await self.ws.receive())["type"] != "websocket.disconnect":
                raw = frame.get("text") or (frame.get("bytes") or b"").decode("utf-8", "replace")
                try:
                    await self._on(m.parse(raw))
                except m.BadMessage as e:
                    self.log.error(f"{e.kind} relay message", error=str(e), size=len(raw))  # no content: card data
                except HTTPException as e:
                    self.log.error("relay message refused", status=e.status_code, detail=e.detail)
        finally:
            worker.cancel()
            self.log.info("relay session closed", ended=self.ended)

    async def _on(self, msg: m.Setup | m.Prompt | m.Dtmf | m.Interrupt | m.Error) -> None:
        if isinstance(msg, m.Setup):
            await self._setup(msg)
        elif self.call_id is None:
            self.log.error("relay message before setup", type=msg.type)
        elif isinstance(msg, m.Prompt):
            self._prompt(msg)
        elif isinstance(msg, m.Interrupt):
            # What the caller actually heard of the reply; the rest was cut off by their speech.
            self.log.info("caller interrupted", heard_chars=len(msg.utterance_until_interrupt))
            await signal_call(
                self.client,
                self.call_id,
                CallWorkflow.interrupted,
                Interrupted(heard=self.state.redact(msg.utterance_until_interrupt[:4000])),
            )
        elif isinstance(msg, m.Dtmf):
            self.log.info("dtmf ignored", digit=msg.digit[:4])
        else:
            self.log.error("twilio relay error", description=msg.description[:500])

    async def _setup(self, msg: m.Setup) -> None:
        if self.call_id is not None:
            self.log.warning("second setup ignored", other_call=msg.call_sid[:64])
            return
        sid = calls.call_sid(msg.call_sid)
        self.log = self.log.bind(call_id=sid)
        self.call_id = sid
        # Normally /twilio/voice started it already; starting again is a no-op and covers other TwiML.
        await calls.start(self.client, self.state.settings.task_queue, sid, msg.from_number)
        call = await calls.temporal_calls.read_call(self.client, sid)
        self.next_turn = call.turn + 1
        self.log.info("relay session bound", session_id=msg.session_id, status=call.status.value)
        if call.status != Status.AI:
            await self._send(m.end(), ends=True)

    def _prompt(self, msg: m.Prompt) -> None:
        text = calls.clean(self.state, msg.voice_prompt)
        if not msg.last or not text:
            return
        if self.ended:
            self.log.info("prompt after the session ended ignored")
            return
        assert self.call_id is not None
        tid = calls.turn_id(self.call_id, self.next_turn, text)
        if tid in self.seen:
            self.log.info("replayed prompt ignored", turn_id=tid)
            return
        self.seen.add(tid)
        self.turns.put_nowait((self.next_turn, text))

    async def _turn_worker(self) -> None:
        while True:
            position, text = await self.turns.get()
            assert self.call_id is not None
            try:
                result = await calls.caller_turn(self.client, self.call_id, text, position, metrics=self.state.metrics)
            except HTTPException as e:
                self.log.warning("turn refused", status=e.status_code, detail=e.detail)
                if e.status_code in (404, 409):
                    await self._send(m.end(), ends=True)
                continue
            except Exception:  # Temporal down or the turn failed: keep the caller, let them say it again
                self.log.exception("turn failed")
                await self._send(m.text(SORRY))
                continue
            self.next_turn = result.turn + 1
            await self._answer(result)

    async def _answer(self, result: TurnResult) -> None:
        self.log.info("turn", turn=result.turn, action=result.action)
        if result.say:
            await self._send(m.text(result.say))
        if result.action == "transfer" and result.transfer is not None:
            await self._send(m.end(calls.handoff_data(result.transfer)), ends=True)
        elif result.action == "end":
            await self._send(m.end(), ends=True)

    async def _send(self, payload: str, ends: bool = False) -> None:
        if self.ended:
            return
        self.ended = ends
        try:
            await self.ws.send_text(payload)
        except (WebSocketDisconnect, RuntimeError):
            self.log.info("caller gone before a message could be sent")


@router.websocket(RELAY_PATH)
async def relay(websocket: WebSocket) -> None:
    """ConversationRelay's WebSocket; the handshake must carry Twilio's signature (else 403)."""
    if not handshake_signed(websocket):
        await websocket.close(code=POLICY_VIOLATION)
        return
    state: AppState = websocket.app.state.warmline
    try:
        client = await state.temporal()
    except TemporalUnavailable:
        await websocket.close(code=TRY_AGAIN_LATER)
        return
    await websocket.accept()
    await RelaySession(websocket, state, client).run()
