"""The `transcribe` activity: an audio turn to text through an OpenAI-compatible transcription endpoint.

`POST {WARMLINE_ASR_URL}/v1/audio/transcriptions`, multipart (`file`, `model`,
`response_format=verbose_json`); the confidence comes from the segments
(`warmline.asr.confidence`). The transcript is redacted here, with the same rules
as the API edge applies to text turns, *before* it is returned: an activity's
result is recorded in history, so card numbers must never be in it.

Retrying is Temporal's job: transport errors, timeouts, 429 and 5xx raise a
retryable `ApplicationError`, a 4xx or an unusable answer a non-retryable one; the
workflow turns a final failure into an inaudible turn (clarify), never a lost one.
"""

from __future__ import annotations

import time

import httpx
import structlog
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.openai_url import endpoint_url
from store.audio import AudioStore
from warmline.asr import NOTHING_HEARD, TranscribeRequest, Transcript, confidence
from warmline.models import MAX_TURN_CHARS
from warmline.policy import Policy
from warmline.redact import redact
from warmline.settings import Settings

log = structlog.get_logger("warmline.asr")

ASR_UNAVAILABLE = "AsrUnavailable"  # retryable
ASR_FAILED = "AsrFailed"  # a retry will not help
MAX_AUDIO_BYTES = 25 * 1024 * 1024  # OpenAI's limit for one file
_MIME = {"wav": "audio/wav", "mp3": "audio/mpeg", "ogg": "audio/ogg", "flac": "audio/flac", "webm": "audio/webm"}


def _fail(message: str, retry: bool) -> ApplicationError:
    return ApplicationError(message, type=ASR_UNAVAILABLE if retry else ASR_FAILED, non_retryable=not retry)


class AsrActivities:
    """Transcription for the line's policy (its redaction patterns) and settings."""

    def __init__(self, settings: Settings, policy: Policy, client: httpx.AsyncClient | None = None) -> None:
        self.url = endpoint_url(settings.asr_url, "audio/transcriptions") if settings.asr_url else None
        self.model = settings.asr_model
        self.timeout_s = settings.asr_timeout_s
        self.patterns = policy.redaction.patterns
        self.store = AudioStore(settings.audio_path)
        self.host_allowed = settings.audio_host_allowed
        key = settings.asr_api_key.get_secret_value()
        # Sent to the recogniser only, never to the host the gateway's audio URL points at.
        self._auth = {"Authorization": f"Bearer {key}"} if key else {}
        self._client = client or httpx.AsyncClient()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _audio(self, req: TranscribeRequest) -> bytes:
        a = req.audio
        if a.key is not None:
            try:
                return self.store.get(a.key)
            except KeyError as e:
                raise _fail(f"audio not found ({e})", retry=False) from None
        if a.url is None:
            raise _fail("the turn has no audio", retry=False)
        if not self.host_allowed(a.url):  # the API refuses these; a worker configured stricter refuses too
            raise _fail("the audio URL's host is not allowed (WARMLINE_AUDIO_URL_HOSTS)", retry=False)
        try:
            resp = await self._client.get(a.url, timeout=self.timeout_s)
        except httpx.HTTPError as e:
            raise _fail(f"could not fetch the audio: {type(e).__name__}", retry=True) from None
        if resp.status_code >= 500:
            raise _fail(f"could not fetch the audio: HTTP {resp.status_code}", retry=True)
        if resp.status_code >= 400:
            raise _fail(f"could not fetch the audio: HTTP {resp.status_code}", retry=False)
        if len(resp.content) > MAX_AUDIO_BYTES:
            raise _fail("the audio is larger than 25 MB", retry=False)
        return resp.content

    @activity.defn(name="transcribe")
    async def transcribe(self, req: TranscribeRequest) -> Transcript:
        bound = log.bind(call_id=req.call_id, turn=req.turn, attempt=activity.info().attempt)
        if self.url is None:
            raise _fail("speech recognition is not configured (WARMLINE_ASR_URL)", retry=False)
        audio = await self._audio(req)
        fmt = req.audio.format
        started = time.perf_counter()
        try:
            resp = await self._client.post(
                self.url,
                files={"file": (f"turn-{req.turn}.{fmt}", audio, _MIME.get(fmt, "application/octet-stream"))},
                data={"model": self.model, "response_format": "verbose_json"},
                headers=self._auth,
                timeout=self.timeout_s,
            )
        except httpx.TimeoutException:
            bound.warning("asr timed out", timeout_s=self.timeout_s)
            raise _fail(f"speech recognition timed out after {self.timeout_s:g} s", retry=True) from None
        except httpx.HTTPError as e:
            bound.warning("asr transport error", error=type(e).__name__)
            raise _fail(f"speech recognition unreachable ({type(e).__name__})", retry=True) from None
        ms = round((time.perf_counter() - started) * 1000, 1)
        if resp.status_code >= 500 or resp.status_code == 429:
            bound.warning("asr unavailable", status=resp.status_code, ms=ms)
            raise _fail(f"speech recognition: HTTP {resp.status_code}", retry=True)
        if resp.status_code != 200:
            bound.warning("asr rejected the audio", status=resp.status_code, ms=ms)
            raise _fail(f"speech recognition: HTTP {resp.status_code}", retry=False)
        try:
            body = resp.json()
            text = body["text"]
            if not isinstance(text, str):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            raise _fail("speech recognition: not a transcription (no text)", retry=False) from None
        segments = body.get("segments")
        conf = confidence(segments if isinstance(segments, list) else [])
        heard = " ".join(text.split())
        if not heard:
            heard, conf = NOTHING_HEARD, 0.0
        duration = body.get("duration")
        result = Transcript(
            text=redact(heard, self.patterns, req.expects)[:MAX_TURN_CHARS],
            confidence=conf,
            duration_s=float(duration) if isinstance(duration, int | float) else None,
            language=body.get("language") if isinstance(body.get("language"), str) else None,
            model=self.model,
        )
        if req.audio.key is not None:
            self.store.delete(req.audio.key)  # transcribed: the audio has no further use here
        bound.info("turn transcribed", ms=ms, confidence=conf, chars=len(result.text))
        return result
