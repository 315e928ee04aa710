"""A local fake of Zendesk's ticket API that speaks its real request and response format.

Endpoints: `POST /api/v2/tickets.json` (201 `{"ticket": {...}}`, `Idempotency-Key`
honoured with `x-idempotency-lookup: hit|miss`), `GET /api/v2/tickets/{id}.json`,
`PUT /api/v2/tickets/{id}.json` (`comment`, `additional_tags`), and
`GET /api/v2/tickets.json?external_id=`. Basic auth `{email}/token:{token}` or
401 `{"error": "Couldn't authenticate you"}`; a ticket without a comment is 422
`RecordInvalid`. `script` queues answers for the next requests, e.g.
`(429, {"Retry-After": "7"})` or `(503, {})`, the way Zendesk throttles or fails.

`solve` is an agent solving a ticket with the disposition field set; `webhook` is what a trigger
("ticket is solved" → notify the webhook) then sends: the trigger's JSON body with its placeholders
rendered, signed as Zendesk signs webhooks (`X-Zendesk-Webhook-Signature` = base64 HMAC-SHA256 of
timestamp + body under the webhook's signing secret, `X-Zendesk-Webhook-Signature-Timestamp`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import threading
import uuid
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from warmline.settings import Settings


@dataclass
class Webhook:
    headers: dict[str, str]
    body: bytes


@dataclass
class FakeZendesk:
    email: str = "bot@acme.test"
    token: str = "zd-token"
    tickets: dict[int, dict[str, Any]] = field(default_factory=dict)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    script: deque[tuple[int, dict[str, str]]] = field(default_factory=deque)
    idempotency: dict[str, int] = field(default_factory=dict)
    url: str = ""
    _next_id: int = 35436
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def handle(
        self, method: str, raw_path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], Any]:
        with self._lock:
            self.requests.append((method, raw_path, headers))
            if self.script:
                status, extra = self.script.popleft()
                return status, extra, {"error": "APIRateLimitExceeded" if status == 429 else "ServerError"}
            want = "Basic " + base64.b64encode(f"{self.email}/token:{self.token}".encode()).decode()
            if headers.get("authorization") != want:
                return 401, {}, {"error": "Couldn't authenticate you"}
            url = urlparse(raw_path)
            data = json.loads(body) if body else {}
            if method == "POST" and url.path == "/api/v2/tickets.json":
                return self._create(data, headers.get("idempotency-key"))
            if method == "GET" and url.path == "/api/v2/tickets.json":
                ext = parse_qs(url.query).get("external_id", [""])[0]
                return 200, {}, {"tickets": [t for t in self.tickets.values() if t["external_id"] == ext]}
            parts = url.path.removesuffix(".json").split("/")
            if len(parts) == 5 and parts[:4] == ["", "api", "v2", "tickets"] and parts[4].isdigit():
                ticket = self.tickets.get(int(parts[4]))
                if ticket is None:
                    return 404, {}, {"error": "RecordNotFound", "description": "Not found"}
                if method == "GET":
                    return 200, {}, {"ticket": ticket}
                if method == "PUT":
                    upd = data["ticket"]
                    if "comment" in upd:
                        self.comments[ticket["id"]].append(upd["comment"])
                    ticket["tags"] = sorted({*ticket["tags"], *upd.get("additional_tags", [])})
                    return 200, {}, {"ticket": ticket, "audit": {"events": []}}
            return 404, {}, {"error": "InvalidEndpoint", "description": "Not found"}

    def settings(self, data_dir: Path, policy: Path, **extra: Any) -> Settings:
        """A line whose helpdesk is this fake (a fresh task queue), with `extra` settings on top."""
        return Settings(
            task_queue=f"tq-{uuid.uuid4().hex}",
            policy=policy,
            data_dir=data_dir,
            helpdesk="zendesk",
            zendesk_url=self.url,
            zendesk_email=self.email,
            zendesk_token=self.token,
            **extra,
        ).check()

    def solve(self, ticket_id: int, field_id: int, value: str | list[str], agent: str = "agent@acme.test") -> None:
        """An agent sets the disposition field and solves the ticket."""
        with self._lock:
            t = self.tickets[ticket_id]
            t["custom_fields"] = [f for f in t["custom_fields"] if f["id"] != field_id] + [
                {"id": field_id, "value": value}
            ]
            t["status"], t["solved_by"] = "solved", agent

    def webhook(self, ticket_id: int, template: str, secret: str, at: str = "2025-03-03T09:30:00Z") -> Webhook:
        """The trigger's request for this ticket: `template` with Zendesk's placeholders rendered, signed."""
        t = self.tickets[ticket_id]
        fields = {str(f["id"]): f["value"] for f in t["custom_fields"]}

        def render(m: re.Match[str]) -> str:
            name = m.group(1)
            if name.startswith("ticket.ticket_field_"):
                value = fields.get(name.removeprefix("ticket.ticket_field_"), "")
                return " ".join(value) if isinstance(value, list) else str(value)  # multi-select: tags with spaces
            known = {
                "ticket.id": str(t["id"]),
                "ticket.external_id": t["external_id"] or "",
                "ticket.status": str(t["status"]).capitalize(),  # Zendesk renders the status title: "Solved"
                "current_user.email": t.get("solved_by", ""),
            }
            return known[name]

        body = re.sub(r"\{\{\s*([\w.]+)\s*\}\}", render, template).encode()
        mac = base64.b64encode(hmac.new(secret.encode(), at.encode() + body, hashlib.sha256).digest()).decode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Zendesk Webhook",
            "X-Zendesk-Webhook-Id": "01GK8E6BKWMJZD2T8Y5AXJQMG5",
            "X-Zendesk-Webhook-Signature": mac,
            "X-Zendesk-Webhook-Signature-Timestamp": at,
        }
        return Webhook(headers=headers, body=body)

    def _create(self, data: dict[str, Any], key: str | None) -> tuple[int, dict[str, str], Any]:
        if key and key in self.idempotency:
            return 201, {"x-idempotency-lookup": "hit"}, {"ticket": self.tickets[self.idempotency[key]]}
        t = data.get("ticket", {})
        if not t.get("comment", {}).get("body"):
            details = {"base": [{"description": "Description: cannot be blank", "error": "BlankValue"}]}
            return 422, {}, {"error": "RecordInvalid", "description": "Record validation errors", "details": details}
        tid, self._next_id = self._next_id, self._next_id + 1
        ticket = {
            "id": tid,
            "url": f"{self.url}/api/v2/tickets/{tid}.json",
            "subject": t.get("subject"),
            "description": t["comment"]["body"],
            "external_id": t.get("external_id"),
            "priority": t.get("priority"),
            "status": "new",
            "tags": sorted(set(t.get("tags", []))),
            "custom_fields": t.get("custom_fields", []),
            "created_at": "2025-03-03T09:00:00Z",
        }
        self.tickets[tid], self.comments[tid] = ticket, [t["comment"]]
        if key:
            self.idempotency[key] = tid
        return 201, {"Location": ticket["url"], "x-idempotency-lookup": "miss"}, {"ticket": ticket}


def serve(fake: FakeZendesk) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def _any(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, extra, payload = fake.handle(self.command, self.path, headers, body)
            out = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(out)))
            for k, v in extra.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(out)

        do_GET = do_POST = do_PUT = _any

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@contextmanager
def serving() -> Iterator[FakeZendesk]:
    """A fake Zendesk listening on a free local port for the duration."""
    fake = FakeZendesk()
    server = serve(fake)
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
