"""Audio turns: what the gateway may send instead of text, and how sure the recogniser was.

The audio itself never enters workflow history (size, privacy): the workflow gets an
`AudioRef` (the gateway's URL, or a key in the audio store the API wrote base64
audio to), and the `transcribe` activity returns only the redacted transcript and a
confidence. `confidence` is pure so its formula is tested on its own.
"""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from warmline.models import StrictModel
from warmline.redact import Expects

AudioFormat = Literal["wav", "mp3", "mp4", "mpeg", "mpga", "m4a", "ogg", "oga", "webm", "flac"]
# What the transcript says when nothing usable was heard; the turn then reads as unclear (clarify).
NOTHING_HEARD = "[inaudible]"


class AudioIn(StrictModel):
    """An audio turn's audio as the gateway sends it: a URL to fetch, or base64 bytes."""

    url: str | None = Field(default=None, min_length=1, max_length=2000)
    base64: str | None = Field(default=None, min_length=4)
    format: AudioFormat = "wav"

    @field_validator("url")
    @classmethod
    def _http(cls, v: str | None) -> str | None:
        if v is not None and not v.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return v

    @model_validator(mode="after")
    def _exactly_one(self) -> AudioIn:
        if (self.url is None) == (self.base64 is None):
            raise ValueError("give exactly one of audio.url or audio.base64")
        if self.base64 is not None:
            self.decoded()  # not base64, or empty: a 422 now, not a failed turn later
        return self

    def decoded(self) -> bytes:
        """The base64 audio's bytes; `ValueError` when it is not base64 or is empty."""
        try:
            data = base64.b64decode(self.base64 or "", validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("audio.base64 is not valid base64") from None
        if not data:
            raise ValueError("audio.base64 is empty")
        return data


class AudioRef(BaseModel):
    """Where the `transcribe` activity finds a turn's audio: the gateway's URL or an audio-store key."""

    url: str | None = None
    key: str | None = None
    format: AudioFormat = "wav"


class AudioTurnRequest(StrictModel):
    """The `audio_turn` update: one caller utterance as audio (the API has validated it)."""

    audio: AudioRef
    turn_id: str | None = Field(default=None, min_length=1, max_length=200)


class TranscribeRequest(BaseModel):
    call_id: str
    turn: int
    audio: AudioRef
    expects: Expects | None = None  # the AI's last reply asked for card details: digits heard are redacted


class Transcript(BaseModel):
    """What the recogniser heard, redacted like a text turn, and how sure it was (None: it did not say)."""

    text: str
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    duration_s: float | None = None
    language: str | None = None
    model: str = ""


def confidence(segments: Sequence[Mapping[str, Any]]) -> float | None:
    """exp(avg_logprob) × (1 − no_speech_prob), averaged over segments weighted by their duration.

    `avg_logprob` is the decoder's mean token log-probability, so exp() of it is the
    per-token probability (a Whisper segment at -0.2 is ~0.82, at -1.0 ~0.37);
    `no_speech_prob` discounts stretches that were probably silence or noise. None
    when the response has no usable segments (the turn then carries no ASR confidence).
    """
    total = weight = 0.0
    for seg in segments:
        lp, ns = seg.get("avg_logprob"), seg.get("no_speech_prob", 0.0)
        if not isinstance(lp, int | float) or not isinstance(ns, int | float):
            continue
        p = min(1.0, math.exp(min(float(lp), 0.0))) * (1.0 - min(max(float(ns), 0.0), 1.0))
        start, end = seg.get("start", 0.0), seg.get("end", 0.0)
        dur = float(end) - float(start) if isinstance(start, int | float) and isinstance(end, int | float) else 0.0
        w = max(dur, 0.01)
        total, weight = total + p * w, weight + w
    return round(total / weight, 4) if weight else None
