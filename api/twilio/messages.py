"""ConversationRelay's WebSocket messages, as Twilio documents them, in and out.

Incoming messages are validated into one model per `type`; Twilio may add
fields, so extra ones are kept, not refused. A message that is not JSON, has an
unknown type or lacks a field raises `BadMessage`, which the session logs and
survives.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError


class _In(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Setup(_In):
    type: Literal["setup"]
    call_sid: str = Field(alias="callSid")
    from_number: str | None = Field(default=None, alias="from")
    session_id: str | None = Field(default=None, alias="sessionId")


class Prompt(_In):
    type: Literal["prompt"]
    voice_prompt: str = Field(alias="voicePrompt")
    last: bool = True


class Dtmf(_In):
    type: Literal["dtmf"]
    digit: str


class Interrupt(_In):
    type: Literal["interrupt"]
    utterance_until_interrupt: str = Field(default="", alias="utteranceUntilInterrupt")
    duration_until_interrupt_ms: int | None = Field(default=None, alias="durationUntilInterruptMs")


class Error(_In):
    type: Literal["error"]
    description: str = ""


Incoming = Annotated[Setup | Prompt | Dtmf | Interrupt | Error, Field(discriminator="type")]
_incoming: TypeAdapter[Setup | Prompt | Dtmf | Interrupt | Error] = TypeAdapter(Incoming)
KNOWN = ("setup", "prompt", "dtmf", "interrupt", "error")


class BadMessage(ValueError):
    """A message the session cannot use; `kind` says how (malformed or unknown)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind


def parse(raw: str) -> Setup | Prompt | Dtmf | Interrupt | Error:
    try:
        data: Any = json.loads(raw)
    except ValueError as e:
        raise BadMessage("malformed", f"not JSON: {e}") from None
    if not isinstance(data, dict):
        raise BadMessage("malformed", f"not a JSON object: {type(data).__name__}")
    if data.get("type") not in KNOWN:
        raise BadMessage("unknown", f"unknown message type {str(data.get('type'))[:40]!r}")
    try:
        return _incoming.validate_python(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"][1:]) or "message"
        raise BadMessage("malformed", f"{data['type']}: {where}: {first['msg']}") from None


def text(token: str, last: bool = True) -> str:
    """Words for Twilio to speak."""
    return json.dumps({"type": "text", "token": token, "last": last})


def end(handoff_data: str | None = None) -> str:
    """End the session; Twilio then posts `handoff_data` to the connect action."""
    msg: dict[str, str] = {"type": "end"}
    if handoff_data is not None:
        msg["handoffData"] = handoff_data
    return json.dumps(msg)
