"""A stand-in for Kestrel Mobile's account system, so the demo's balance lookup has something to call.

    python scripts/demo_company.py [--port 8099]
    WARMLINE_ACTIONS_BASE_URL=http://127.0.0.1:8099 KESTREL_API_AUTH="Bearer demo" scripts/run.sh

It answers the two requests policies/demo.yaml makes (docs/actions.md):

    POST /verify {"account_number", "postcode"}  -> {"verified": true, "account_id"} or 401
    GET  /accounts/{account_id}/balance          -> {"balance", "currency", "due_date"} or 404

Demo identity: account number 12345678, postcode SW1A 1AA (account AC-1001). Requests
without `Authorization: Bearer demo` get 401, as a real system would refuse them.
"""

from __future__ import annotations

import argparse
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

IDENTITIES = {("12345678", "SW1A1AA"): "AC-1001", ("87654321", "M11AE"): "AC-1002"}
BALANCES: dict[str, dict[str, Any]] = {
    "AC-1001": {"balance": 23.4, "currency": "GBP", "due_date": "1 December"},
    "AC-1002": {"balance": 0, "currency": "GBP", "due_date": "15 December"},
}
TOKEN = "Bearer demo"


class Handler(BaseHTTPRequestHandler):
    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorized(self) -> bool:
        if self.headers.get("Authorization") == TOKEN:
            return True
        self._send(401, {"error": "missing or wrong Authorization"})
        return False

    def do_POST(self) -> None:
        if not self._authorized():
            return
        if self.path != "/verify":
            self._send(404, {"error": "no route"})
            return
        try:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        except ValueError:
            self._send(400, {"error": "not JSON"})
            return
        who = IDENTITIES.get((str(body.get("account_number")), str(body.get("postcode"))))
        self._send(200, {"verified": True, "account_id": who}) if who else self._send(401, {"verified": False})

    def do_GET(self) -> None:
        if not self._authorized():
            return
        parts = self.path.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "accounts" and parts[2] == "balance" and parts[1] in BALANCES:
            self._send(200, {"account_id": parts[1], **BALANCES[parts[1]]})
        else:
            self._send(404, {"error": "no such account"})


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, default=8099)
    p.add_argument("--host", default="127.0.0.1", help="where to listen (0.0.0.0 in a container)")
    args = p.parse_args()
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    print(f"demo company system on http://{args.host}:{args.port} (Ctrl-C stops it)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
