"""What both Twilio modes do to a call: start it, run a caller turn, describe a handoff.

Only `api.temporal_calls` is called, exactly as the HTTP API calls it. Turn ids
are derived, not random: the call, the turn the utterance answers and its
(redacted) text, so a prompt Twilio replays — or a Gather webhook it retries —
is applied once by Temporal's update-id deduplication.
"""

from __future__ import annotations

import hashlib
import json
import re

from fastapi import HTTPException
from temporalio.client import Client

from api import temporal_calls
from api.card_context import answering
from api.deps import AppState
from api.metrics import ApiMetrics
from warmline.models import MAX_TURN_CHARS, Caller, CallStart, TransferInfo, TurnRequest, TurnResult

CALL_SID = re.compile(r"^[A-Za-z0-9_.:@+-]{1,200}$")


def call_sid(value: str | None) -> str:
    """The Twilio CallSid, which is the call id; 400 when it is missing or not an id."""
    if not value or not CALL_SID.match(value):
        raise HTTPException(400, "CallSid is missing or malformed")
    return value


def turn_id(call_id: str, position: int, text: str) -> str:
    """A stable update id: the same utterance at the same point of the same call gives the same id."""
    digest = hashlib.sha256(f"{call_id}\n{position}\n{text}".encode()).hexdigest()
    return f"tw-{digest[:40]}"


def clean(state: AppState, text: str) -> str:
    """The caller's words as they may be recorded: card data redacted, within the turn limit."""
    return state.redact(text).strip()[:MAX_TURN_CHARS]


async def start(client: Client, task_queue: str, sid: str, number: str | None) -> bool:
    """Start the call for a CallSid; False when a retried webhook finds it already started."""
    caller = Caller(number=(number or None) and number[:64])
    return await temporal_calls.start_call(client, task_queue, CallStart(call_id=sid, caller=caller))


async def caller_turn(
    client: Client,
    sid: str,
    text: str,
    position: int,
    asr_confidence: float | None = None,
    metrics: ApiMetrics | None = None,
) -> TurnResult:
    """One caller utterance (already `clean`) as a workflow update with a derived turn id (observed in
    `metrics`, the API process's /metrics, when given). Digits answering the AI's question for card details
    are redacted first, as the AI asked before this `position`: a replayed prompt gets the same words and id."""
    text = await answering(client, sid, text, position)
    req = TurnRequest(text=text, asr_confidence=asr_confidence, turn_id=turn_id(sid, position, text))
    run = temporal_calls.run_turn(client, sid, req)
    return await (metrics.timed_turn(run) if metrics is not None else run)


def handoff_data(transfer: TransferInfo) -> str:
    """What travels through Twilio to the connect action: ids only, never transcript or card data."""
    return json.dumps({"context_id": transfer.context_id, "queue": transfer.queue, "reason": transfer.reason.value})
