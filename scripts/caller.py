"""Terminal caller: be the caller on day one, without a phone.

It plays the voice gateway over HTTP API v1: starts a call, sends each line you
type as a caller turn and prints what the AI says. When a trigger fires it shows
what the agent's desk gets: the trigger, the queue and the context, then hangs
up: a terminal cannot talk to the agent, and a call left holding would sit in the
queue until its limit. End of input (Ctrl-D), `/hangup` or Ctrl-C hangs up too.

    .venv/bin/python scripts/caller.py [--api http://127.0.0.1:8000] [--key KEY]
"""

from __future__ import annotations

import argparse
import os
import sys
import uuid
from typing import Any

import httpx

HANGUP = {"/hangup", "/quit", "/bye"}
INTERRUPTED = 130  # the shell's exit status for Ctrl-C


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Call the line from your terminal (HTTP API v1).")
    p.add_argument("--api", default=os.environ.get("WARMLINE_API", "http://127.0.0.1:8000"), help="the API's base URL")
    keys = os.environ.get("WARMLINE_API_KEYS", "").split(",")
    p.add_argument("--key", default=keys[0].strip() or None, help="a gateway key (default: WARMLINE_API_KEYS's first)")
    p.add_argument("--number", default="+447700900123", help="the caller's number")
    p.add_argument("--call-id", default=None, help="the call id (default: a new one)")
    return p.parse_args(argv)


def _fail(r: httpx.Response) -> None:
    try:
        detail = r.json().get("detail", r.text)
    except ValueError:
        detail = r.text
    print(f"error: {r.request.method} {r.request.url.path} answered {r.status_code}: {detail}", file=sys.stderr)
    raise SystemExit(2 if r.status_code == 401 else 1)


def _show_transfer(http: httpx.Client, call_id: str, transfer: dict[str, Any]) -> None:
    """What the agent gets before the call connects: trigger, queue and the context's summary."""
    r = http.get(f"/v1/calls/{call_id}")
    call = r.json() if r.status_code == 200 else {}
    esc = call.get("escalation") or {}
    intent = call.get("intent")
    delivered = "delivered to the helpdesk" if transfer.get("context_delivered") else "not acknowledged yet (retrying)"
    ticket = f", ticket {transfer['helpdesk_ticket']}" if transfer.get("helpdesk_ticket") else ""
    print("--- transferred to a person ---")
    print(f"trigger:  {transfer['reason']}" + (f" — {esc['detail']}" if esc.get("detail") else ""))
    print(f"queue:    {transfer['queue']}")
    print(f"context:  {transfer['context_id']} ({delivered}{ticket})")
    summary = esc.get("summary") or "; ".join(
        part
        for part in (
            f"intent {intent['name']} ({intent['confidence']})" if intent else "intent unclear",
            "caller verified" if call.get("authenticated") else "caller not verified",
            "wants the answer confirmed by a person" if esc.get("confirmation_seeking") else "",
            f"{call.get('turn', '?')} caller turn(s)",
        )
        if part
    )
    print(f"summary:  {summary}")


def _read(interactive: bool) -> str | None:
    try:
        line = input("you> " if interactive else "")
    except EOFError:
        return None
    if not interactive:
        print(f"you> {line}")  # piped input: echo it so the transcript reads like a conversation
    return line.strip()


def _hang_up(http: httpx.Client, call_id: str, why: str) -> None:
    """Hang the call up so it does not wait in a queue nobody will answer from here."""
    try:
        r = http.post(f"/v1/calls/{call_id}/hangup")
    except httpx.TransportError as e:
        print(f"warning: could not hang up call {call_id} ({e})", file=sys.stderr)
        return
    if r.status_code != 202:
        print(f"warning: hanging up call {call_id} answered {r.status_code}", file=sys.stderr)
    print(f"({why})")


def _converse(http: httpx.Client, call_id: str, interactive: bool) -> str | None:
    """Turns until the caller stops; what to say on hanging up, or None when the line ended the call."""
    turn = 0
    while (line := _read(interactive)) is not None and line not in HANGUP:
        if not line:
            continue
        turn += 1
        r = http.post(f"/v1/calls/{call_id}/turns", json={"text": line, "turn_id": f"{call_id}-t{turn}"})
        if r.status_code != 200:
            _fail(r)
        result = r.json()
        if result["say"]:
            print(f"AI: {result['say']}")
        if result["action"] == "transfer":
            _show_transfer(http, call_id, result["transfer"])
            return "hung up after the transfer: the agent is not on this terminal"
        if result["action"] == "end" and result.get("voicemail"):  # after hours: the line would record a message
            print("--- a voicemail is asked for, but a terminal cannot record one: none is left ---")
            print(f"AI: {result['voicemail']['if_empty']}")
            return "hung up without a voicemail: nothing is booked"
        if result["action"] == "end":
            print("(the call has ended)")
            return None
    return "you hung up"


def run(argv: list[str] | None = None) -> int:
    args = _args(argv)
    headers = {"Authorization": f"Bearer {args.key}"} if args.key else {}
    call_id = args.call_id or f"term-{uuid.uuid4().hex[:10]}"
    interactive = sys.stdin.isatty()
    with httpx.Client(base_url=args.api, headers=headers, timeout=30) as http:
        try:
            r = http.post("/v1/calls", json={"call_id": call_id, "caller": {"number": args.number}})
        except httpx.TransportError as e:
            print(f"error: cannot reach the API at {args.api} ({e}); is scripts/run.sh running?", file=sys.stderr)
            return 2
        if r.status_code not in (200, 201):
            _fail(r)
        try:
            print(f"call {call_id} — type what the caller says; Ctrl-D or /hangup hangs up")
            print(f"AI: {r.json()['say']}", flush=True)
            why = _converse(http, call_id, interactive)
        except KeyboardInterrupt:
            _hang_up(http, call_id, "interrupted: you hung up")
            return INTERRUPTED
        if why is not None:
            _hang_up(http, call_id, why)
    return 0


if __name__ == "__main__":
    raise SystemExit(run())
