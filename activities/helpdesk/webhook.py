"""The generic webhook helpdesk (contract "Generic webhook helpdesk").

One signed POST per attempt and no retry loop here: the activity's RetryPolicy
owns backoff, so every attempt is visible in the workflow history and a worker
crash mid-delivery loses nothing. This module only decides what an answer means:
2xx is the acknowledgement, 5xx/408/429/timeouts/connection errors are
`HelpdeskUnavailable` (transient), any other answer is `WebhookRejected`
(a misconfiguration an operator must see; still retried, a payload is never dropped).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
import structlog

from warmline.context import ANSWERED, ContextPayload, HelpdeskAck
from warmline.errors import HelpdeskRejected, HelpdeskUnavailable

log = structlog.get_logger("warmline.helpdesk.webhook")

SIGNATURE_HEADER = "X-Warmline-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
RETRYABLE_STATUSES = frozenset({408, 429})
SNIPPET_CHARS = 200


class WebhookRejected(HelpdeskRejected):
    """The helpdesk answered and refused the payload; keeps the status and what it said."""

    def __init__(self, message: str, *, status: int, body_snippet: str) -> None:
        super().__init__(message)
        self.status = status
        self.body_snippet = body_snippet


def sign(secret: str, body: bytes, t: int) -> str:
    """The `X-Warmline-Signature` value for `body` sent at unix time `t`.

    The timestamp is inside the MAC so a captured request cannot be replayed later.
    """
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def verify(secret: str, header: str, body: bytes, now: float, tolerance_s: float = 300) -> bool:
    """True when `header` signs exactly `body` with `secret` and its timestamp is within `tolerance_s` of `now`.

    Accepts several `v1=` entries (a sender rotating secrets may send one per secret).
    Never raises: a malformed header is simply not valid.
    """
    t: int | None = None
    macs: list[str] = []
    for part in header.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            return False
        if key == "t":
            try:
                t = int(value)
            except ValueError:
                return False
        elif key == "v1":
            macs.append(value)
    if t is None or not macs or abs(now - t) > tolerance_s:
        return False
    want = sign(secret, body, t).rpartition("v1=")[2]
    return any(hmac.compare_digest(want, m) for m in macs)


def _where(url: str) -> str:
    """The URL without credentials or query string, safe to put in errors and logs."""
    u = httpx.URL(url)
    port = f":{u.port}" if u.port else ""
    return f"{u.scheme}://{u.host}{port}{u.path}"


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat[:SNIPPET_CHARS] + ("…" if len(flat) > SNIPPET_CHARS else "")


def _ticket_id(response: httpx.Response) -> str | None:
    """The JSON body's `ticket_id` when there is one; any other body is still an ack."""
    try:
        data = json.loads(response.content) if response.content else None
    except ValueError:
        return None
    ticket = data.get("ticket_id") if isinstance(data, dict) else None
    if isinstance(ticket, str | int) and not isinstance(ticket, bool) and str(ticket):
        return str(ticket)
    return None


class WebhookHelpdesk:
    """The `Helpdesk` adapter for WARMLINE_HELPDESK=webhook: signed POSTs to one URL."""

    name = "webhook"

    def __init__(
        self,
        url: str,
        secret: str,
        timeout_s: float = 5.0,
        client: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.url = url
        self.secret = secret
        self.timeout_s = timeout_s
        self._client = client
        self._owns_client = client is None
        self._clock = clock

    def _http(self) -> httpx.AsyncClient:
        # Created on first use so it belongs to the event loop that runs the activities.
        if self._client is None:
            self._client = httpx.AsyncClient(follow_redirects=False)
        return self._client

    async def aclose(self) -> None:
        """Close the HTTP client if this adapter created it."""
        if self._owns_client and self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _post(self, body: bytes, idempotency_key: str) -> httpx.Response:
        """One signed POST of exactly `body`; transport failures become `HelpdeskUnavailable`."""
        headers = {
            "Content-Type": "application/json",
            IDEMPOTENCY_HEADER: idempotency_key,
            SIGNATURE_HEADER: sign(self.secret, body, int(self._clock())),
        }
        where = _where(self.url)
        try:
            return await self._http().post(self.url, content=body, headers=headers, timeout=self.timeout_s)
        except httpx.TimeoutException as e:
            raise HelpdeskUnavailable(
                f"helpdesk at {where} did not answer within {self.timeout_s:g}s ({type(e).__name__})"
            ) from e
        except httpx.HTTPError as e:
            raise HelpdeskUnavailable(f"could not reach helpdesk at {where}: {type(e).__name__}: {e}") from e

    async def publish(self, context: ContextPayload, attempt: int) -> HelpdeskAck:
        """POST the payload once; return the ack on 2xx, raise otherwise (the caller retries)."""
        body = context.model_dump_json().encode()
        response = await self._post(body, context.context_id)
        status = response.status_code
        if 200 <= status < 300:
            return HelpdeskAck(
                context_id=context.context_id,
                ticket_id=_ticket_id(response),
                acked_at=datetime.now(UTC),
                attempts=attempt,
            )
        where = _where(self.url)
        if status >= 500 or status in RETRYABLE_STATUSES:
            retry_after = response.headers.get("Retry-After")
            hint = f", Retry-After: {retry_after}" if retry_after else ""
            raise HelpdeskUnavailable(
                f"helpdesk at {where} answered {status}{hint}", status=status, retry_after=retry_after
            )
        snippet = _snippet(response.text)
        raise WebhookRejected(
            f"helpdesk at {where} rejected context {context.context_id} with {status}: {snippet!r}",
            status=status,
            body_snippet=snippet,
        )

    async def withdraw(self, context_id: str, call_id: str, reason: str) -> None:
        """Best effort: tell the helpdesk the caller left. Failures are logged, never raised."""
        if reason == ANSWERED:  # the helpdesk's own agent has the call: nothing to take back
            return
        body = json.dumps(
            {"event": "withdrawn", "context_id": context_id, "call_id": call_id, "reason": reason},
            separators=(",", ":"),
        ).encode()
        bound = log.bind(call_id=call_id, context_id=context_id, reason=reason)
        try:
            response = await self._post(body, f"{context_id}:withdrawn")
        except HelpdeskUnavailable as e:
            bound.warning("withdrawal not delivered", error=str(e))
            return
        if 200 <= response.status_code < 300:
            bound.info("withdrawal delivered", status=response.status_code)
        else:
            bound.warning("withdrawal refused by helpdesk", status=response.status_code, body=_snippet(response.text))
