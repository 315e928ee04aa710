"""A fake webhook helpdesk that speaks the real wire format, for adapter and workflow tests.

It is a stdlib `ThreadingHTTPServer` on 127.0.0.1 in a background thread, so it
works under any event loop (and under none). It checks every request's
`X-Warmline-Signature` with its own HMAC code, not the adapter's `verify`, so a
bug in our signing cannot hide behind a matching bug in our checking.

Usage (the `fake_helpdesk` fixture below starts one per test and stops it after):

    async def test_x(fake_helpdesk: FakeHelpdesk) -> None:
        fake_helpdesk.default = Behaviour.flaky(2)                    # every context
        fake_helpdesk.choose = by_prefix({"slow-": Behaviour.slow(0.7)})  # by call_id
        fake_helpdesk.on_context("ctx-1", Behaviour.reject(400))      # one context
        hd = WebhookHelpdesk(fake_helpdesk.url, fake_helpdesk.secret, timeout_s=0.5)
        ...
        ack = await fake_helpdesk.wait_for_ack("ctx-1", timeout=5)
        assert all(d.sig_ok for d in fake_helpdesk.attempts("ctx-1"))

Behaviour is resolved per request: a context override, then a call override,
then `choose(call_id)` (None falls through), then `default`.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

import pytest

from tests.fakes.local_server import respond
from warmline.context import ContextPayload, EscalationInfo, Flags, SentimentInfo
from warmline.models import Authentication, IntentRef, Reason, Speaker, Utterance

Kind = Literal["ok", "slow", "flaky", "down", "reject", "hang", "garbage"]
GARBAGE_BODY = b"<html><body>thanks!</body></html>"


@dataclass(frozen=True)
class Behaviour:
    """How the fake answers one context's deliveries. Build with the class methods."""

    kind: Kind = "ok"
    delay_s: float = 0.0
    n_failures: int = 0
    status: int = 200
    ticket: bool = True
    down_for_s: float | None = None

    @classmethod
    def ok(cls, delay_ms: int = 0, ticket: bool = True, status: int = 200) -> Behaviour:
        """Ack after `delay_ms`; with `ticket=False` the body is JSON without a `ticket_id`."""
        return cls("ok", delay_s=delay_ms / 1000, ticket=ticket, status=status)

    @classmethod
    def slow(cls, delay_s: float) -> Behaviour:
        return cls("slow", delay_s=delay_s)

    @classmethod
    def flaky(cls, n_failures: int) -> Behaviour:
        """503 for the first `n_failures` attempts of each Idempotency-Key, then ack."""
        return cls("flaky", n_failures=n_failures, status=503)

    @classmethod
    def down(cls, for_s: float | None = None) -> Behaviour:
        """503 until `FakeHelpdesk.up()`, or until `for_s` after the key's first attempt."""
        return cls("down", status=503, down_for_s=for_s)

    @classmethod
    def reject(cls, status: int = 400) -> Behaviour:
        return cls("reject", status=status)

    @classmethod
    def hang(cls) -> Behaviour:
        """Never answer (until the fake stops); the client's timeout must fire."""
        return cls("hang")

    @classmethod
    def garbage(cls) -> Behaviour:
        """2xx with a non-JSON body: still an acknowledgement."""
        return cls("garbage")


def by_prefix(rules: Mapping[str, Behaviour]) -> Callable[[str], Behaviour | None]:
    """A `choose` callable picking a behaviour by call_id prefix, like the contract check's desk."""

    def choose(call_id: str) -> Behaviour | None:
        return next((b for p, b in rules.items() if call_id.startswith(p)), None)

    return choose


@dataclass
class Delivery:
    """One request as the fake saw it, and what it answered (`status` None: no answer)."""

    path: str
    headers: dict[str, str]
    raw: bytes
    payload: dict[str, Any] | None
    idempotency_key: str | None
    context_id: str
    call_id: str
    event: str  # "publish", or the payload's "event" (e.g. "withdrawn")
    sig_ok: bool
    behaviour: Behaviour
    received_at: float  # time.time()
    status: int | None = None
    answered_at: float | None = None

    @property
    def acked(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def check_signature(secret: str, header: str, raw: bytes, now: float, tolerance_s: float = 300) -> bool:
    """The receiving side's check, written independently of `activities.helpdesk.webhook.verify`."""
    try:
        parts = dict(p.split("=", 1) for p in header.split(","))
        t = int(parts["t"])
        want = hmac.new(secret.encode(), f"{t}.".encode() + raw, hashlib.sha256).hexdigest()
        return hmac.compare_digest(want, parts["v1"]) and abs(now - t) <= tolerance_s
    except (KeyError, ValueError):
        return False


@dataclass
class FakeHelpdesk:
    """The fake server and everything it recorded. Thread-safe; `start()`/`stop()` or use as a context manager."""

    secret: str = "fake-helpdesk-secret"
    default: Behaviour = field(default_factory=Behaviour.ok)
    choose: Callable[[str], Behaviour | None] | None = None
    max_hang_s: float = 60.0  # a hung request is released after this (or at stop)

    def __post_init__(self) -> None:
        self._cond = threading.Condition()
        self._stopping = threading.Event()
        self._by_context: dict[str, Behaviour] = {}
        self._by_call: dict[str, Behaviour] = {}
        self._up_all = False
        self._up: set[str] = set()
        self._counts: dict[str, int] = defaultdict(int)
        self._first_seen: dict[str, float] = {}
        self._deliveries: list[Delivery] = []
        self._acked: dict[str, Delivery] = {}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---------------------------------------------------------------- lifecycle --
    def start(self) -> FakeHelpdesk:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-helpdesk", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # releases hung and slow requests
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeHelpdesk:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "FakeHelpdesk not started"
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/tickets"

    # -------------------------------------------------------------- programming --
    def on_context(self, context_id: str, behaviour: Behaviour) -> None:
        with self._cond:
            self._by_context[context_id] = behaviour

    def on_call(self, call_id: str, behaviour: Behaviour) -> None:
        with self._cond:
            self._by_call[call_id] = behaviour

    def up(self, context_id: str | None = None) -> None:
        """End a `down()` outage: for one context, or (no argument) for all."""
        with self._cond:
            if context_id is None:
                self._up_all = True
            else:
                self._up.add(context_id)

    def _resolve(self, context_id: str, call_id: str) -> Behaviour:
        with self._cond:
            b = self._by_context.get(context_id) or self._by_call.get(call_id)
        if b is None and self.choose is not None:
            b = self.choose(call_id)
        return b or self.default

    # ---------------------------------------------------------------- recording --
    def deliveries(self) -> list[Delivery]:
        """Every request so far, in order of receipt (a copy)."""
        with self._cond:
            return list(self._deliveries)

    def acked(self) -> dict[str, Delivery]:
        """The first acknowledged request per Idempotency-Key (a copy)."""
        with self._cond:
            return dict(self._acked)

    def attempts(self, context_id: str) -> list[Delivery]:
        """The publish attempts for one context (withdrawals excluded)."""
        return [d for d in self.deliveries() if d.context_id == context_id and d.event == "publish"]

    def withdrawals(self, context_id: str) -> list[Delivery]:
        return [d for d in self.deliveries() if d.context_id == context_id and d.event == "withdrawn"]

    def wait_until(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        """Block until `predicate()` holds (re-checked on every request event) or `timeout` passes."""
        with self._cond:
            return self._cond.wait_for(predicate, timeout=timeout)

    # The waits below take `timeout` (ASYNC109) on purpose: the wait runs in a thread on a
    # threading.Condition, which asyncio.timeout could not interrupt; the thread must bound itself.
    async def wait_until_async(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:  # noqa: ASYNC109
        """`wait_until` without blocking the event loop (a Temporal worker may share it)."""
        return await asyncio.to_thread(self.wait_until, predicate, timeout)

    async def wait_for_ack(self, context_id: str, timeout: float = 5.0) -> Delivery:  # noqa: ASYNC109
        """The first acknowledged delivery of `context_id`; AssertionError after `timeout`."""
        if not await self.wait_until_async(lambda: context_id in self._acked, timeout):
            n = len(self.attempts(context_id))
            raise AssertionError(f"context {context_id} not acknowledged within {timeout}s ({n} attempts)")
        return self.acked()[context_id]

    async def wait_for_attempts(self, context_id: str, n: int, timeout: float = 5.0) -> list[Delivery]:  # noqa: ASYNC109
        """At least `n` publish attempts for `context_id` received (answered or not)."""
        ok = await self.wait_until_async(lambda: len(self._attempts_locked(context_id)) >= n, timeout)
        got = self.attempts(context_id)
        if not ok:
            raise AssertionError(f"context {context_id}: {len(got)} attempts within {timeout}s, wanted {n}")
        return got

    async def wait_for_withdrawal(self, context_id: str, timeout: float = 5.0) -> Delivery:  # noqa: ASYNC109
        key = f"{context_id}:withdrawn"
        if not await self.wait_until_async(lambda: key in self._acked, timeout):
            raise AssertionError(f"no acknowledged withdrawal of {context_id} within {timeout}s")
        return self.acked()[key]

    def _attempts_locked(self, context_id: str) -> list[Delivery]:
        return [d for d in self._deliveries if d.context_id == context_id and d.event == "publish"]

    # ----------------------------------------------------------------- handling --
    def _receive(self, path: str, headers: dict[str, str], raw: bytes) -> Delivery:
        now = time.time()
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = None
        payload = parsed if isinstance(parsed, dict) else None
        context_id = str((payload or {}).get("context_id", ""))
        call_id = str((payload or {}).get("call_id", ""))
        key = headers.get("idempotency-key")
        d = Delivery(
            path=path,
            headers=headers,
            raw=raw,
            payload=payload,
            idempotency_key=key,
            context_id=context_id,
            call_id=call_id,
            event=str((payload or {}).get("event", "publish")),
            sig_ok=check_signature(self.secret, headers.get("x-warmline-signature", ""), raw, now),
            behaviour=self._resolve(context_id, call_id),
            received_at=now,
        )
        with self._cond:
            self._deliveries.append(d)
            self._counts[key or ""] += 1
            self._first_seen.setdefault(key or "", now)
            self._cond.notify_all()
        return d

    def _decide(self, d: Delivery) -> tuple[int, bytes, str] | None:
        """Status, body and content type to answer with, or None to never answer."""
        b, key = d.behaviour, d.idempotency_key or ""
        ticket = {"ok": True, "ticket_id": f"T-{d.context_id[:8]}"} if b.ticket else {"ok": True}
        ack = (200, json.dumps(ticket).encode(), "application/json")
        if d.event != "publish":  # withdrawals are always taken; only deliveries are programmed
            return ack
        with self._cond:
            n, first, up = self._counts[key], self._first_seen[key], self._up_all or d.context_id in self._up
        if b.kind in ("ok", "slow"):
            self._stopping.wait(b.delay_s)
            return (b.status, ack[1], ack[2])
        if b.kind == "flaky":
            return ack if n > b.n_failures else (503, b'{"detail":"flaky"}', "application/json")
        if b.kind == "down":
            outage_over = up or (b.down_for_s is not None and time.time() - first >= b.down_for_s)
            return ack if outage_over else (503, b'{"detail":"down"}', "application/json")
        if b.kind == "reject":
            return (b.status, b'{"detail":"rejected by fake helpdesk"}', "application/json")
        if b.kind == "garbage":
            return (200, GARBAGE_BODY, "text/html")
        self._stopping.wait(self.max_hang_s)  # hang
        return None

    def _answered(self, d: Delivery, status: int | None) -> None:
        with self._cond:
            d.status, d.answered_at = status, time.time()
            if d.acked and d.idempotency_key and d.idempotency_key not in self._acked:
                self._acked[d.idempotency_key] = d
            self._cond.notify_all()


def _make_handler(fake: FakeHelpdesk) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            d = fake._receive(self.path, {k.lower(): v for k, v in self.headers.items()}, raw)
            answer = fake._decide(d)
            if answer is None:
                fake._answered(d, None)
                self.close_connection = True
                return
            status, body, ctype = answer
            if status in (204, 304) or status < 200:
                body = b""  # these statuses carry no body
            # Recorded before the bytes go out, so a client that saw the ack always finds it recorded.
            fake._answered(d, status)
            respond(self, status, body, ctype)

    return Handler


def make_context(call_id: str = "call-1", context_id: str = "ctx-1", **overrides: Any) -> ContextPayload:
    """A complete, realistic context payload for tests that need one."""
    at = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    fields: dict[str, Any] = {
        "context_id": context_id,
        "call_id": call_id,
        "created_at": at,
        "summary": "Verified caller (ani_match) about billing. Handed over: customer request.",
        "intent": IntentRef(name="billing", confidence=0.91),
        "authentication": Authentication(verified=True, method="ani_match", verified_at=at),
        "actions": [],
        "escalation": EscalationInfo(reason=Reason.CUSTOMER_REQUEST, detail="asked for an agent", turn=2),
        "queue": "complex",
        "sentiment": SentimentInfo(score=-0.2, lowest=-0.3, label="negative"),
        "flags": Flags(),
        "transcript": [
            Utterance(speaker=Speaker.AI, text="Thanks for calling. How can I help?", at=at),
            Utterance(speaker=Speaker.CALLER, text="my bill is wrong — café fees", at=at),
            Utterance(speaker=Speaker.AI, text="Let me check that.", at=at),
            Utterance(speaker=Speaker.CALLER, text="just get me an agent", at=at),
        ],
    }
    fields.update(overrides)
    return ContextPayload(**fields)


@pytest.fixture
def fake_helpdesk() -> Iterator[FakeHelpdesk]:
    """A started `FakeHelpdesk` (acks everything by default), stopped after the test.

    Every test can ask for it: the root conftest loads this module as a plugin.
    """
    with FakeHelpdesk() as fake:
        yield fake
