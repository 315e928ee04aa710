"""A voice gateway as the reliability tests need it: round-robin over the APIs, retrying until answered.

A real gateway cannot drop a caller's words because an API process restarted or
Temporal blinked: it sends the same request again (same `turn_id`, so the turn
is applied once) until it gets an answer. Every status it saw is kept, so a test
can assert that nothing but 200 and 503 ever came back during an outage.
"""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

RETRY_STATUSES = frozenset({502, 503, 504})


@dataclass
class Seen:
    """One HTTP attempt: what was asked, of which API, and what came back (status None: no answer)."""

    method: str
    path: str
    api: str
    status: int | None
    error: str | None
    retry_after: str | None
    at: float
    took_s: float


@dataclass
class Gateway:
    """Sends each request to the next API in turn, and again until an answer (not 5xx, not a dropped line)."""

    apis: list[str]
    timeout_s: float = 30.0
    give_up_s: float = 90.0
    pause_s: float = 0.2
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._next = itertools.cycle(range(len(self.apis)))

    async def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> httpx.Response:
        """The first answer that is not 502/503/504 or a transport error; each attempt goes to the next API."""
        deadline = time.monotonic() + self.give_up_s
        async with httpx.AsyncClient(timeout=self.timeout_s) as http:
            while True:
                api = self.apis[next(self._next)]
                t0 = time.monotonic()
                try:
                    r = await http.request(method, api + path, json=body)
                except httpx.TransportError as e:  # refused, reset mid-request (API killed), timed out
                    self.seen.append(Seen(method, path, api, None, type(e).__name__, None, t0, time.monotonic() - t0))
                else:
                    self.seen.append(
                        Seen(
                            method,
                            path,
                            api,
                            r.status_code,
                            None,
                            r.headers.get("retry-after"),
                            t0,
                            time.monotonic() - t0,
                        )
                    )
                    if r.status_code not in RETRY_STATUSES:
                        return r
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"{method} {path}: no answer within {self.give_up_s:.0f}s; saw {self.statuses()}"
                    )
                await asyncio.sleep(self.pause_s)

    async def start_call(self, call_id: str) -> dict[str, Any]:
        r = await self.request("POST", "/v1/calls", {"call_id": call_id, "caller": {}})
        assert r.status_code in (200, 201), r.text
        body: dict[str, Any] = r.json()
        return body

    async def turn(self, call_id: str, text: str, turn_id: str | None = None) -> dict[str, Any]:
        """One caller turn, retried with the same `turn_id` until answered; the answer must be 200."""
        body = {"text": text, "turn_id": turn_id or f"{call_id}-{uuid.uuid4().hex[:8]}"}
        r = await self.request("POST", f"/v1/calls/{call_id}/turns", body)
        assert r.status_code == 200, (r.status_code, r.text)
        answer: dict[str, Any] = r.json()
        return answer

    async def get_call(self, call_id: str) -> dict[str, Any]:
        r = await self.request("GET", f"/v1/calls/{call_id}")
        assert r.status_code == 200, (r.status_code, r.text)
        view: dict[str, Any] = r.json()
        return view

    def statuses(self) -> list[int | str]:
        """Every attempt's status in order (a transport error by its exception's name)."""
        return [s.status if s.status is not None else str(s.error) for s in self.seen]


def caller_turns(view: dict[str, Any]) -> list[str]:
    """The caller's utterances in a `GET /v1/calls/{id}` view, in order."""
    return [u["text"] for u in view["transcript"] if u["speaker"] == "caller"]
