"""Voicemail after hours: a closed queue with `after_hours: voicemail` records the caller instead of transferring.

The caller hears the line's prompt and is recorded; the recording (and later, when the
account transcribes, its transcript) becomes a booked callback the desk shows as
"Voicemail" with the call's context. A caller who leaves no message books nothing. The
models here travel between the gateway, the call and the callback workflows; the rules
are pure functions, so every case is tested without Temporal (tests/unit/test_voicemail.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# What the desk may link to: only web addresses (never `javascript:` or a file path).
RECORDING_URL = r"^https?://[^\s<>\"']{1,2000}$"
VoicemailStatus = Literal["recording", "left", "none"]
TranscriptStatus = Literal["completed", "failed"]
Receipt = Literal["book", "again", "refuse"]


class VoicemailRules(BaseModel):
    """The policy's `voicemail:` block: how long a message may be, how it ends, whether it is transcribed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_length_s: int = Field(default=120, ge=5, le=3600)
    finish_on_key: str = Field(default="#", pattern=r"^[0-9#*]{1,12}$")
    # Only when the Twilio account has transcription: the desk then waits for the text (see docs/twilio.md).
    transcribe: bool = False
    # After the caller hangs up, how long the line waits for the recording to be reported before it decides
    # that no message was left (Twilio reports a message as the recording ends; absent ones not at all).
    after_hangup_s: float = Field(default=60.0, gt=0, le=600)
    # A transcript that has not arrived this long after the message no longer holds back the first offer.
    transcript_wait_s: float = Field(default=300.0, ge=0, le=3600)


class VoicemailRequest(BaseModel):
    """The turn's `voicemail` field: record the caller after `say`, then post the message (or say `if_empty`)."""

    max_length_s: int
    finish_on_key: str
    transcribe: bool
    if_empty: str  # what the caller hears when nothing was recorded; nothing is booked then
    post_to: str  # the gateway's endpoint for the recording: POST /v1/calls/{id}/voicemail


class VoicemailLeft(BaseModel):
    """A message the caller left (the gateway's `POST /v1/calls/{id}/voicemail`, or Twilio's Record callbacks)."""

    model_config = ConfigDict(extra="forbid")

    recording_url: str = Field(pattern=RECORDING_URL)
    duration_s: int = Field(ge=1, le=86_400)
    recording_sid: str | None = Field(default=None, min_length=1, max_length=64)
    transcript: str | None = Field(default=None, min_length=1, max_length=8000)


class VoicemailTranscript(BaseModel):
    """The transcription of a message, when it arrives (Twilio's transcribeCallback); failed: no text."""

    status: TranscriptStatus
    text: str | None = Field(default=None, max_length=8000)
    recording_sid: str | None = None


class Voicemail(BaseModel):
    """Where the call's voicemail stands; once left, the callback's context carries it to the desk."""

    status: VoicemailStatus = "recording"
    asked_at: datetime
    transcribe: bool = False
    if_empty: str = ""  # what the caller hears when nothing was recorded
    recording_url: str | None = None
    duration_s: int | None = None
    recording_sid: str | None = None
    left_at: datetime | None = None
    transcript: str | None = None
    transcript_status: TranscriptStatus | None = None


class VoicemailAnswer(BaseModel):
    """What the caller hears once the message is in: the callback is booked for `callback_due_at`."""

    call_id: str
    say: str
    callback_due_at: datetime | None = None


def receipt(vm: Voicemail | None, left: VoicemailLeft) -> Receipt:
    """A recording reported for the call: book it (the first), accept it again (the same one), or refuse (another).

    Twilio reports one message twice (the Record action and the recording status callback), in either
    order and maybe more than once: whichever comes first books it, the others change nothing.
    """
    if vm is None or vm.status == "none":
        return "refuse"
    if vm.status == "recording":
        return "book"
    if left.recording_sid and vm.recording_sid:
        return "again" if left.recording_sid == vm.recording_sid else "refuse"
    return "again" if left.recording_url == vm.recording_url else "refuse"  # a gateway that names no recording id


def with_recording(vm: Voicemail, left: VoicemailLeft, at: datetime) -> Voicemail:
    """The voicemail once the message is in; a transcript that came first (or inline) is kept."""
    transcript, status = vm.transcript, vm.transcript_status
    if left.transcript and transcript is None:
        transcript, status = left.transcript, "completed"
    return vm.model_copy(
        update={
            "status": "left",
            "recording_url": left.recording_url,
            "duration_s": left.duration_s,
            "recording_sid": left.recording_sid,
            "left_at": at,
            "transcript": transcript,
            "transcript_status": status,
        }
    )


def with_transcript(vm: Voicemail, t: VoicemailTranscript) -> Voicemail | None:
    """The voicemail with its transcript, or None when this changes nothing (a retry, or one for another message).

    The first completed transcript wins; a failure is kept only while no text has come.
    """
    if vm.status == "none" or vm.transcript is not None:
        return None
    if t.recording_sid and vm.recording_sid and t.recording_sid != vm.recording_sid:
        return None
    text = (t.text or "").strip() or None
    if t.status == "completed" and text is not None:
        return vm.model_copy(update={"transcript": text, "transcript_status": "completed"})
    if vm.transcript_status is None:
        return vm.model_copy(update={"transcript_status": "failed"})
    return None


def waits_for_transcript(vm: Voicemail | None) -> bool:
    """A left message whose transcript is still expected: the first offer waits a while for it."""
    return vm is not None and vm.status == "left" and vm.transcribe and vm.transcript_status is None


def spoken_key(keys: str) -> str:
    """The first finishing key as a caller hears it: "the hash key", "the star key", "5"."""
    first = keys[0]
    return {"#": "the hash key", "*": "the star key"}.get(first, first)
