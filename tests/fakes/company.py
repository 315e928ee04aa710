"""A fake "company system" for actions: account balances and identity checks over real HTTP.

A stdlib `ThreadingHTTPServer` in a thread (like tests/fakes/helpdesk.py), so it works under
any event loop. Each account id picks a behaviour, so one server serves every test:

    GET  /accounts/{account_id}/balance   -> {"account_id", "balance", "currency", "due_date"}
    POST /verify  {"account_number", "postcode"} -> {"verified": true, "account_id"} or 401

    ACCOUNTS["AC-OK"]                     a normal account (balance 42.5)
    "AC-500"      always 500              "AC-FLAKY"   503 once per account, then normal
    "AC-404"      404                     "AC-SLOW"    answers after `slow_s`
    "AC-BADJSON"  200 with a body that is not JSON
    "AC-MISSING"  200 JSON without `balance`
    "AC-NULL"     200 JSON with `balance: null`

Every request is kept (`requests`) so tests assert attempts, headers and what was sent.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from tests.fakes.local_server import LocalServer, respond

# account_number, postcode -> account id: the identities the fake knows.
IDENTITIES = {("12345678", "SW1A1AA"): "AC-OK", ("87654321", "M11AE"): "AC-500"}


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any
    status: int


@dataclass
class FakeCompany(LocalServer):
    slow_s: float = 2.0
    requests: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()
        LocalServer.__init__(self)

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        return _handler(self)

    @property
    def url(self) -> str:
        return self.base_url

    def seen(self, path_part: str) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if path_part in r.path]

    def answer(self, method: str, path: str, body: Any) -> tuple[int, bytes]:
        """Status and body for one request."""
        parts = [unquote(p) for p in path.strip("/").split("/")]
        if method == "POST" and parts == ["verify"]:
            who = IDENTITIES.get((str(body.get("account_number")), str(body.get("postcode"))))
            if who is None:
                return 401, b'{"verified": false}'
            return 200, json.dumps({"verified": True, "account_id": who, "name": "Sam"}).encode()
        if method == "GET" and len(parts) == 3 and parts[0] == "accounts" and parts[2] == "balance":
            account = parts[1]
            with self._lock:
                self._counts[account] += 1
                n = self._counts[account]
            ok = {"account_id": account, "balance": 42.5, "currency": "GBP", "due_date": "2026-12-01"}
            match account:
                case "AC-500":
                    return 500, b'{"error": "database down"}'
                case "AC-FLAKY" if n == 1:
                    return 503, b'{"error": "try again"}'
                case "AC-404":
                    return 404, b'{"error": "no such account"}'
                case "AC-SLOW":
                    self.stopping.wait(self.slow_s)
                case "AC-BADJSON":
                    return 200, b'{"balance": 42.5,'
                case "AC-MISSING":
                    return 200, json.dumps({"account_id": account, "currency": "GBP"}).encode()
                case "AC-NULL":
                    return 200, json.dumps({**ok, "balance": None}).encode()
            return 200, json.dumps(ok).encode()
        return 404, b'{"error": "no route"}'


def _handler(fake: FakeCompany) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _serve(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                body = None
            url = urlparse(self.path)
            seen = Seen(
                self.command, url.path, parse_qs(url.query), {k.lower(): v for k, v in self.headers.items()}, body, 0
            )
            with fake._lock:  # recorded on receipt, so a request still being answered (slow) is counted
                fake.requests.append(seen)
            status, out = fake.answer(self.command, url.path, body if isinstance(body, dict) else {})
            seen.status = status
            respond(self, status, out, "application/json")

        do_GET = do_POST = _serve

    return Handler


@pytest.fixture
def fake_company() -> Iterator[FakeCompany]:
    with FakeCompany() as company:
        yield company
