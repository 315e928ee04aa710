"""Every request body over 1 MiB is refused (413) before anything parses or authenticates it.

A plain ASGI middleware, not `@app.middleware("http")`: Starlette's `BaseHTTPMiddleware` runs each
request's app in a task of its own and streams the response through memory channels, a cost paid on
every turn (bench/README.md, "What a start writes"). A body with a Content-Length is judged by it; one
without (chunked) is counted as it is read, and the app receives it whole afterwards.
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 1024 * 1024
TOO_LARGE = {"detail": "request body over 1 MiB"}
_BODY_METHODS = (b"POST", b"PUT", b"PATCH")


class BodyLimit:
    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = next((v for k, v in scope["headers"] if k == b"content-length"), None)
        if length is not None:
            if not length.isdigit() or int(length) > self.max_body:
                await JSONResponse(TOO_LARGE, status_code=413)(scope, receive, send)
            else:
                await self.app(scope, receive, send)
            return
        if scope["method"].encode() not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        body, messages = 0, []
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break  # the client went away: the app sees that as it would have
            body += len(message.get("body", b""))
            if body > self.max_body:
                await JSONResponse(TOO_LARGE, status_code=413)(scope, receive, send)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)
