"""Twilio's call status callback: the line dropped, so the call hears about it as a hangup.

In the AI phase that sends the call to wrap-up; while the transfer is ringing
the workflow treats it as an abandoned transfer and withdraws the agent's offer.
Twilio gets 204 whatever the call's phase: there is nothing for it to retry.
"""

from __future__ import annotations

from typing import Annotated

import structlog
from fastapi import APIRouter, Depends, HTTPException, Response

from api import temporal_calls
from api.deps import TemporalClient
from api.twilio import calls
from api.twilio.signature import signed_form
from warmline.models import Hangup
from workflows.call import CallWorkflow

router = APIRouter(dependencies=[Depends(signed_form)])
ENDED = frozenset({"completed", "busy", "no-answer", "failed", "canceled"})
log = structlog.get_logger("warmline.twilio")


@router.post("/twilio/status", status_code=204, response_class=Response)
async def status(form: Annotated[dict[str, str], Depends(signed_form)], client: TemporalClient) -> Response:
    """`completed`, `busy`, `no-answer`, `failed`, `canceled` are a hangup (source `twilio-status`)."""
    sid = calls.call_sid(form.get("CallSid"))
    call_status = form.get("CallStatus", "")
    if call_status in ENDED:
        try:
            await temporal_calls.signal_call(client, sid, CallWorkflow.hangup, Hangup(source="twilio-status"))
            log.info("twilio hangup", call_id=sid, call_status=call_status)
        except HTTPException as e:
            log.info("status for a call that is not running", call_id=sid, call_status=call_status, http=e.status_code)
    return Response(status_code=204)
