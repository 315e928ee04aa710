"""Twilio's REST API as the line uses it, for the desk-as-ACD tests: fetch a call, create a call.

It listens on a loopback port (the line's WARMLINE_TWILIO_API_BASE points at it),
checks HTTP basic auth (account SID, auth token) as Twilio does, and answers the
documented JSON: `GET /2010-04-01/Accounts/{sid}/Calls/{CallSid}.json` for a call
the fake Twilio placed to the line, `POST …/Calls.json` with 201 and the new call.
Every created call is recorded (`created`), form fields as Twilio received them.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fakes.local_server import LocalServer, respond

CALLS = re.compile(r"^/2010-04-01/Accounts/(AC\w+)/Calls(?:/(CA\w+))?\.json$")


class FakeTwilioRest(LocalServer):
    def __init__(self, account_sid: str, auth_token: str) -> None:
        super().__init__()
        self.account_sid, self.auth_token = account_sid, auth_token
        self.inbound: dict[str, dict[str, str]] = {}  # CallSid → {from, to} of calls placed to the line
        self.created: list[dict[str, Any]] = []  # the calls the line asked for, each with its form fields
        self.unreachable: set[str] = set()  # `To`s Twilio refuses to call (400, error 21211)

    def call_json(self, sid: str, to: str, from_: str, status: str) -> dict[str, Any]:
        return {"sid": sid, "account_sid": self.account_sid, "to": to, "from": from_, "status": status,
                "direction": "outbound-api" if sid not in self.inbound else "inbound",
                "uri": f"/2010-04-01/Accounts/{self.account_sid}/Calls/{sid}.json"}  # fmt: skip

    def answer(self, method: str, path: str, auth: str | None, body: bytes) -> tuple[int, dict[str, Any]]:
        expected = "Basic " + base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        if auth != expected:
            return 401, {"code": 20003, "message": "Authenticate", "status": 401}
        m = CALLS.match(path)
        if m is None or m.group(1) != self.account_sid:
            return 404, {"code": 20404, "message": "The requested resource was not found", "status": 404}
        if method == "GET" and m.group(2) in self.inbound:
            known = self.inbound[m.group(2) or ""]
            return 200, self.call_json(m.group(2) or "", known["to"], known["from"], "in-progress")
        if method == "POST" and m.group(2) is None:
            form = {k: v if len(v) > 1 else v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
            if not form.get("To") or not form.get("From") or not (form.get("Twiml") or form.get("Url")):
                return 400, {"code": 21201, "message": "To, From and Twiml or Url are required", "status": 400}
            if form["To"] in self.unreachable:
                return 400, {"code": 21211, "message": f"Invalid 'To' Phone Number: {form['To']}", "status": 400}
            sid = "CA" + uuid.uuid4().hex
            self.created.append({"Sid": sid, **form})
            return 201, self.call_json(sid, str(form["To"]), str(form["From"]), "queued")
        return 404, {"code": 20404, "message": "The requested resource was not found", "status": 404}

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self, method: str) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, payload = fake.answer(method, urlsplit(self.path).path, self.headers.get("Authorization"), body)
                respond(self, status, json.dumps(payload).encode(), "application/json")

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

            def log_message(self, *args: object) -> None:
                pass

        return Handler
