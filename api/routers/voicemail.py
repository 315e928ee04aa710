"""The gateway's voicemail: the message a caller left after a `voicemail` turn (docs/twilio.md, "Voicemail").

A turn that ends after hours on a voicemail queue answers `action: "end"` with a
`voicemail` request; a gateway that recorded the caller posts the message here and
says the answer's `say` before hanging up. A caller who left nothing: the gateway
says the request's `if_empty` and posts only the hangup; nothing is booked.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from api import temporal_voicemail
from api.deps import State, TemporalClient, require_gateway_key
from warmline.voicemail import VoicemailAnswer, VoicemailLeft

router = APIRouter(prefix="/v1/calls", tags=["gateway"], dependencies=[Depends(require_gateway_key)])
CallId = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_.:@+-]+$")]


@router.post("/{call_id}/voicemail", response_model=VoicemailAnswer)
async def voicemail(call_id: CallId, body: VoicemailLeft, state: State, client: TemporalClient) -> VoicemailAnswer:
    """The caller's message (`recording_url`, `duration_s`, optional `transcript`): a callback is booked carrying it.

    The same message posted again is accepted once. 409 when the call is not taking a voicemail (or it ended
    without one), 404 for an unknown call. The transcript is redacted like a caller's words.
    """
    if body.transcript:
        body = body.model_copy(update={"transcript": state.redact(body.transcript)})
    return await temporal_voicemail.leave(client, call_id, body)
