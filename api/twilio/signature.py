"""`X-Twilio-Signature` checks: every Twilio request proves it came from Twilio, or gets 403.

Twilio signs the URL it was given — `WARMLINE_PUBLIC_URL` + path + query, not the
address a proxy forwarded to us — plus the POST parameters, with the account's
auth token. The relay's WebSocket handshake is signed the same way over its
`wss://` URL with no parameters. Without a configured auth token nothing passes:
an unconfigured gateway must not be an open one.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qsl

import structlog
from fastapi import HTTPException, Request, WebSocket
from starlette.datastructures import ImmutableMultiDict
from twilio.request_validator import RequestValidator

from warmline.settings import Settings

SIGNATURE_HEADER = "x-twilio-signature"
log = structlog.get_logger("warmline.twilio")


def public_base(settings: Settings, seen_as: str) -> str:
    """The https base Twilio was given; without WARMLINE_PUBLIC_URL, the address the request came to."""
    return (settings.public_url or seen_as).rstrip("/")


def ws_base(http_base: str) -> str:
    """The same base as a WebSocket URL (https → wss, http → ws)."""
    return "ws" + http_base.removeprefix("http") if http_base.startswith("http") else http_base


def _full(base: str, path: str, query: str) -> str:
    return f"{base}{path}" + (f"?{query}" if query else "")


def _valid(settings: Settings, urls: list[str], params: Mapping[str, str], signature: str | None) -> bool:
    token = settings.twilio_auth_token
    if not token:
        log.error("twilio request refused: WARMLINE_TWILIO_AUTH_TOKEN is not set")
        return False
    if not signature:
        return False
    validator = RequestValidator(token)
    return any(validator.validate(url, params, signature) for url in urls)


async def signed_form(request: Request) -> dict[str, str]:
    """The webhook's form parameters, once its signature checks out; 403 otherwise (nothing starts)."""
    settings: Settings = request.app.state.warmline.settings
    pairs = parse_qsl((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
    base = public_base(settings, str(request.base_url))
    url = _full(base, request.url.path, request.url.query)
    if not _valid(settings, [url], ImmutableMultiDict(pairs), request.headers.get(SIGNATURE_HEADER)):
        form = dict(pairs)
        log.warning("twilio signature rejected", path=request.url.path, call_id=form.get("CallSid"))
        raise HTTPException(403, "missing or invalid X-Twilio-Signature")
    return dict(pairs)


def handshake_signed(websocket: WebSocket) -> bool:
    """Whether the relay's WebSocket handshake carries Twilio's signature over its URL."""
    settings: Settings = websocket.app.state.warmline.settings
    base = public_base(settings, "http" + str(websocket.base_url).removeprefix("ws"))
    path, query = websocket.url.path, websocket.url.query
    urls = [_full(ws_base(base), path, query), _full(base, path, query)]
    ok = _valid(settings, urls, {}, websocket.headers.get(SIGNATURE_HEADER))
    if not ok:
        log.warning("twilio relay handshake rejected", path=path)
    return ok
