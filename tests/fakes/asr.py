"""A fake OpenAI-compatible speech recogniser: `POST /v1/audio/transcriptions`, multipart in, verbose_json out.

It speaks the real wire format over real HTTP (a `ThreadingHTTPServer` thread) and
"hears" the uploaded file's bytes as UTF-8: a test's audio is `b"<behaviour>|<words>"`,
so one server serves every test and the transcript is known in advance.

    good      segments at avg_logprob -0.1 (confidence ~0.9)
    mumble    avg_logprob -2.0 (confidence ~0.13: low, the clarify path)
    silence   empty text, no_speech_prob 0.95
    error     500                 busy     429
    reject    400 (bad audio)     slow     answers after `slow_s`
    notjson   200 with an HTML body

It also serves audio for URL turns: `GET /audio/<name>` returns `clips[name]` (404 if unknown).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from tests.fakes.local_server import LocalServer, respond


def audio(behaviour: str, words: str) -> bytes:
    """A test clip: what the fake recogniser will hear, and how."""
    return f"{behaviour}|{words}".encode()


def verbose_json(text: str, avg_logprob: float, no_speech_prob: float = 0.01) -> dict[str, Any]:
    """A transcription response in OpenAI's verbose_json shape."""
    return {
        "task": "transcribe",
        "language": "english",
        "duration": 2.4,
        "text": text,
        "segments": [
            {
                "id": 0,
                "seek": 0,
                "start": 0.0,
                "end": 2.4,
                "text": text,
                "tokens": [50364, 1044],
                "temperature": 0.0,
                "avg_logprob": avg_logprob,
                "compression_ratio": 1.1,
                "no_speech_prob": no_speech_prob,
            }
        ]
        if text
        else [],
    }


@dataclass
class Upload:
    fields: dict[str, str]
    filename: str | None
    content_type: str | None
    data: bytes
    authorization: str | None


@dataclass
class FakeAsr(LocalServer):
    slow_s: float = 3.0
    clips: dict[str, bytes] = field(default_factory=dict)
    uploads: list[Upload] = field(default_factory=list)

    def __post_init__(self) -> None:
        LocalServer.__init__(self)

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        return _handler(self)

    @property
    def url(self) -> str:
        """The base URL to give as WARMLINE_ASR_URL."""
        return self.base_url + "/v1"

    def clip_url(self, name: str) -> str:
        return self.url.removesuffix("/v1") + f"/audio/{name}"

    def transcribe(self, upload: Upload) -> tuple[int, bytes, str]:
        behaviour, _, words = upload.data.decode(errors="replace").partition("|")
        if upload.fields.get("response_format") != "verbose_json" or not upload.fields.get("model"):
            return 400, b'{"error": {"message": "model and response_format=verbose_json expected"}}', "application/json"
        body: dict[str, Any]
        match behaviour:
            case "good":
                body = verbose_json(words, -0.1)
            case "mumble":
                body = verbose_json(words, -2.0)
            case "silence":
                body = verbose_json("", -1.0, 0.95)
            case "error":
                return 500, b'{"error": {"message": "model overloaded", "type": "server_error"}}', "application/json"
            case "busy":
                return 429, b'{"error": {"message": "rate limited"}}', "application/json"
            case "reject":
                return 400, b'{"error": {"message": "Invalid file format."}}', "application/json"
            case "slow":
                self.stopping.wait(self.slow_s)
                body = verbose_json(words, -0.1)
            case "notjson":
                return 200, b"<html>oops</html>", "text/html"
            case _:
                return 400, b'{"error": {"message": "unknown test behaviour"}}', "application/json"
        return 200, json.dumps(body).encode(), "application/json"


def parse_multipart(content_type: str, raw: bytes, authorization: str | None) -> Upload:
    """multipart/form-data with the stdlib email parser (no extra dependency)."""
    msg = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
    fields: dict[str, str] = {}
    filename = ctype = None
    data = b""
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        decoded = part.get_payload(decode=True)
        payload = decoded if isinstance(decoded, bytes) else b""
        if part.get_filename():
            filename, ctype, data = part.get_filename(), part.get_content_type(), payload
        elif isinstance(name, str):
            fields[name] = payload.decode()
    return Upload(fields, filename, ctype, data, authorization)


def _handler(fake: FakeAsr) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, body: bytes, ctype: str) -> None:
            respond(self, status, body, ctype)

        def do_GET(self) -> None:
            name = self.path.removeprefix("/audio/")
            clip = fake.clips.get(name)
            if clip is None:
                self._send(404, b"not found", "text/plain")
            else:
                self._send(200, clip, "audio/wav")

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path != "/v1/audio/transcriptions":
                self._send(404, b'{"error": "no route"}', "application/json")
                return
            upload = parse_multipart(self.headers.get("Content-Type", ""), raw, self.headers.get("Authorization"))
            fake.uploads.append(upload)
            self._send(*fake.transcribe(upload))

    return Handler


@pytest.fixture
def fake_asr() -> Iterator[FakeAsr]:
    with FakeAsr() as asr:
        yield asr
