"""A local OpenAI-compatible chat-completions server for the LLM back-end's tests.

It speaks the real wire format over real HTTP (a thread running `ThreadingHTTPServer`)
and misbehaves on request: the `model` field picks the behaviour, so one server
serves every test. Requests are kept for assertions.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes.local_server import respond

GOOD = {
    "intent": "payment_methods",
    "confidence": 0.93,
    "out_of_scope": False,
    "acts": ["greeting"],
    "reply": "You can pay by card.",
    "tool_calls": [],
}


def completion(content: str | None, refusal: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": "fake",
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": content, "refusal": refusal},
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


BEHAVIOURS: dict[str, tuple[int, Any, float]] = {  # model -> (status, body, delay_s)
    "good": (200, completion(json.dumps(GOOD)), 0.0),
    "oos": (200, completion(json.dumps({**GOOD, "intent": None, "confidence": 0.9, "out_of_scope": True})), 0.0),
    "human": (200, completion(json.dumps({**GOOD, "acts": ["request_human"], "intent": None, "confidence": 0.2})), 0.0),
    "malformed": (200, completion("{'intent': payment_methods"), 0.0),
    "invalid": (200, completion(json.dumps({**GOOD, "confidence": 7})), 0.0),
    "unknown_intent": (200, completion(json.dumps({**GOOD, "intent": "book_a_flight"})), 0.0),
    "refusal": (200, completion(None, refusal="I can't help with that."), 0.0),
    "not_chat": (200, {"hello": "world"}, 0.0),
    "error": (500, {"error": {"message": "upstream overloaded", "type": "server_error"}}, 0.0),
    "slow": (200, completion(json.dumps(GOOD)), 2.0),
}


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("content-length", 0)))
        body = json.loads(raw)
        self.server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
        status, reply, delay = BEHAVIOURS[body["model"]] if self.path == "/v1/chat/completions" else (404, {}, 0.0)
        time.sleep(delay)
        respond(self, status, json.dumps(reply).encode(), "application/json")

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    requests: list[dict[str, Any]]


@contextmanager
def fake_llm() -> Iterator[_Server]:
    """A running fake endpoint; its base URL is `http://127.0.0.1:<port>/v1`."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
