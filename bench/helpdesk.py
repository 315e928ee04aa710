"""A local webhook helpdesk for the handoff benchmark: acknowledges every POST after a fixed delay.

    python -m bench.helpdesk --port 9000 --delay-ms 50

A raw ASGI app (no framework, so it costs as little as possible). It keeps, per
context id, when the POST arrived and when it answered (wall clock, same machine
as the worker and the server), and `GET /records` returns them as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class Helpdesk:
    def __init__(self, delay_s: float) -> None:
        self.delay_s = delay_s
        self.records: list[dict[str, Any]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                msg = await receive()
                if msg["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif msg["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        received = time.time()
        body = b""
        more = True
        while more:
            msg = await receive()
            body += msg.get("body", b"")
            more = msg.get("more_body", False)
        if scope["method"] == "GET" and scope["path"] == "/records":
            await self._answer(send, 200, json.dumps(self.records).encode())
            return
        if scope["method"] != "POST":
            await self._answer(send, 405, b'{"detail":"method not allowed"}')
            return
        try:
            payload = json.loads(body)
        except ValueError:
            payload = {}
        await asyncio.sleep(self.delay_s)
        context_id = str(payload.get("context_id", ""))
        self.records.append(
            {
                "context_id": context_id,
                "call_id": payload.get("call_id"),
                "event": payload.get("event", "context"),
                "received": received,
                "acked": time.time(),
            }
        )
        await self._answer(send, 200, json.dumps({"ticket_id": f"T-{context_id[-8:]}"}).encode())

    @staticmethod
    async def _answer(send: Send, status: int, body: bytes) -> None:
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def main() -> None:
    import uvicorn

    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--delay-ms", type=float, default=50.0)
    args = p.parse_args()
    uvicorn.run(Helpdesk(args.delay_ms / 1000), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
