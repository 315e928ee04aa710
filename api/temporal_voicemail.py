"""The API's side of voicemail: the caller's message to the call, its transcript to whoever holds it now.

Shared by the gateway endpoint (`POST /v1/calls/{id}/voicemail`) and Twilio's Record
callbacks (api/twilio/voicemail.py). A message is the call's `voicemail` update, its id
derived from the recording, so a retried report is applied once (and the workflow
accepts the same message again anyway). A transcript goes to the booked callback when
there is one, else to the call, which keeps it until the message arrives.
"""

from __future__ import annotations

import hashlib

import structlog
from fastapi import HTTPException
from temporalio.client import Client, WorkflowHandle
from temporalio.service import RPCError, RPCStatusCode

from api.temporal_calls import signal_call, update_call
from warmline.callbacks import CallbackState, callback_workflow_id
from warmline.errors import NO_VOICEMAIL, WRONG_PHASE
from warmline.voicemail import VoicemailAnswer, VoicemailLeft, VoicemailTranscript
from workflows.call import CallWorkflow
from workflows.callback import CallbackWorkflow

log = structlog.get_logger("warmline.voicemail")


def _update_id(call_id: str, left: VoicemailLeft) -> str:
    key = left.recording_sid or left.recording_url
    return "vm-" + hashlib.sha256(f"{call_id}\n{key}".encode()).hexdigest()[:40]


async def leave(client: Client, call_id: str, left: VoicemailLeft) -> VoicemailAnswer:
    """The caller's message: books the callback (404 unknown call, 409 when the call is not taking one)."""
    answer: VoicemailAnswer = await update_call(
        client,
        call_id,
        CallWorkflow.voicemail,
        left,
        failed="the voicemail",
        refusals=(NO_VOICEMAIL, WRONG_PHASE),
        update_id=_update_id(call_id, left),
    )
    log.info("voicemail left", call_id=call_id, duration_s=left.duration_s, transcript=left.transcript is not None)
    return answer


async def transcribed(client: Client, call_id: str, t: VoicemailTranscript) -> bool:
    """Give the transcript to the call's callback, or to the call before one is booked; False when neither runs."""
    handle: WorkflowHandle[CallbackWorkflow, CallbackState] = client.get_workflow_handle_for(
        CallbackWorkflow.run, callback_workflow_id(call_id)
    )
    try:
        await handle.signal(CallbackWorkflow.transcript, t)
        where = "callback"
    except RPCError as e:
        if e.status != RPCStatusCode.NOT_FOUND:
            raise
        try:
            await signal_call(client, call_id, CallWorkflow.voicemail_transcript, t)
            where = "call"
        except HTTPException as gone:
            log.info("voicemail transcript for no running call or callback", call_id=call_id, http=gone.status_code)
            return False
    log.info("voicemail transcript", call_id=call_id, status=t.status, to=where)
    return True
