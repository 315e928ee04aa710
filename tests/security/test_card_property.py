"""A property over whole calls: card digits, however a caller reads them, reach nothing the line keeps or shows.

Hypothesis draws Luhn-valid cards (13-19 digits) read out whole, in groups of four,
in two halves (two turns) or digit by digit, with a payment word or without, after the
AI asked for the card or not. Each is one real call through the API, the worker and a
real dev server, escalated to the fake helpdesk and ended, so it passes every place
the line writes to: the workflow's history (raw events), the logs (structlog and the
standard loggers), the store (the SQLite files), the helpdesk's payloads, `/metrics`
and the spans. None may hold the card or any piece of it as said.

The one case left out is a boundary, not a gap to hide: half a card said with neither
a payment word nor a question for it before (e.g. "it's 5500 0000") looks like an
order number, and is kept as one (tests/security/test_redact.py,
`test_ordinary_numbers_stay`).
"""

from __future__ import annotations

import itertools
import logging
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import structlog
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from structlog.testing import LogCapture
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from runtime.tracing import CALL_ID, make_provider, temporal_interceptors
from tests.conftest import BRIGHTWAVE
from tests.fakes.helpdesk import FakeHelpdesk
from tests.line import Line, MakeLine, api_client
from tests.security.test_redact import luhn_valid

# The line's answer to "can I pay by card" asks for the card: what a payments line would say.
ASKS = "I can take that now: what's the long number on the front of your card?"
STYLES = ("whole", "groups", "halves", "digits")


@dataclass(frozen=True)
class Reading:
    """How one caller reads out one card."""

    digits: str
    style: str
    keyword: bool
    asked: bool

    def turns(self) -> list[str]:
        """The caller's turns, the question for the card first when the AI asked."""
        d, half = self.digits, len(self.digits) // 2
        said = {
            "whole": [d],
            "groups": [" ".join(d[i : i + 4] for i in range(0, len(d), 4))],
            "halves": [f"{d[:half]}", f"{d[half:]}"],
            "digits": [" ".join(d)],
        }[self.style]
        if self.keyword:
            said = [f"my card number is {said[0]}", *(f"and the card number goes on {s}" for s in said[1:])]
        else:
            said = [f"it's {said[0]}", *(f"then {s}" for s in said[1:])]
        return (["can I pay by card"] if self.asked else []) + said

    def pieces(self) -> list[str]:
        """What must appear nowhere: the card, and every piece of it as read (a half, a group pair, four digits)."""
        d, half = self.digits, len(self.digits) // 2
        groups = [d[i : i + 4] for i in range(0, len(d), 4)]
        pieces = [d, d[:half], d[half:], " ".join(d[:4]), " ".join(d[-4:])]
        pieces += [f"{a} {b}" for a, b in itertools.pairwise(groups)]
        return pieces


# Every way of reading, but the boundary in the docstring: half a card with no payment word and no question.
WAYS = [
    (style, keyword, asked)
    for style in STYLES
    for keyword in (True, False)
    for asked in (True, False)
    if not (style == "halves" and not keyword and not asked)
]


def cards() -> st.SearchStrategy[str]:
    """Luhn-valid card numbers of 13-19 digits (not all one or two digits: those would match ids and clocks)."""
    digits = st.text("0123456789", min_size=13, max_size=19).map(luhn_valid)
    return digits.filter(lambda d: len(set(d)) > 2)


@dataclass
class Watched:
    line: Line
    http: httpx.AsyncClient
    spans: InMemorySpanExporter
    logs: LogCapture
    helpdesk: FakeHelpdesk
    data_dir: Path


@pytest.fixture
async def watched(
    temporal_env: WorkflowEnvironment, make_line: MakeLine, fake_helpdesk: FakeHelpdesk, tmp_path: Path
) -> AsyncIterator[Watched]:
    data = yaml.safe_load(BRIGHTWAVE.read_text())
    for qt in data["query_types"]:
        if qt["name"] == "payment_methods":
            qt["answer"] = ASKS
    policy = tmp_path / "asks-for-card.yaml"
    policy.write_text(yaml.safe_dump(data))
    exporter = InMemorySpanExporter()
    provider = make_provider("warmline-test", "queue-", [SimpleSpanProcessor(exporter)])
    config = temporal_env.client.config()
    config["interceptors"] = temporal_interceptors(provider)
    logs = LogCapture()
    old = structlog.get_config()
    structlog.configure(processors=[logs])  # every structlog logger of the API and the worker, captured
    try:
        async with (
            make_line(client=Client(**config), policy=policy) as line,
            api_client(line, tracer_provider=provider) as http,
        ):
            yield Watched(line, http, exporter, logs, fake_helpdesk, tmp_path)
    finally:
        structlog.configure(**old)
        provider.shutdown()


async def _call(w: Watched, reading: Reading) -> str:
    """One call: the caller reads the card, asks for a person (the helpdesk gets the context), hangs up."""
    cid = f"prop-{uuid.uuid4().hex[:10]}"
    assert (await w.http.post("/v1/calls", json={"call_id": cid})).status_code == 201
    for text in [*reading.turns(), "I want to speak to a real person"]:
        r = await w.http.post(f"/v1/calls/{cid}/turns", json={"text": text})
        assert r.status_code == 200, r.text
        if r.json()["action"] != "reply":
            break
    await w.line.hang_up(cid)
    return cid


def _places(w: Watched, history: bytes, metrics: str, std_logs: str) -> Iterator[tuple[str, str]]:
    yield "history", history.decode("utf-8", "replace")
    yield "logs", "\n".join(map(str, w.logs.entries)) + std_logs
    for f in w.data_dir.glob("warmline.db*"):
        yield f"store {f.name}", f.read_bytes().decode("utf-8", "replace")
    yield "helpdesk", "\n".join(d.raw.decode("utf-8", "replace") for d in w.helpdesk.deliveries())
    yield "/metrics", metrics
    for s in w.spans.get_finished_spans():
        texts = [s.name, *map(str, (s.attributes or {}).values())]
        texts += [str(v) for e in s.events for v in (e.attributes or {}).values()]
        yield f"span {s.name}", " ".join(texts)


@settings(
    max_examples=2,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.parametrize(("style", "keyword", "asked"), WAYS)
@given(card=cards())
async def test_no_card_digits_reach_history_logs_store_helpdesk_metrics_or_spans(
    watched: Watched, caplog: pytest.LogCaptureFixture, style: str, keyword: bool, asked: bool, card: str
) -> None:
    reading = Reading(card, style, keyword, asked)
    caplog.set_level(logging.DEBUG)
    cid = await _call(watched, reading)
    events = (await watched.line.handle(cid).fetch_history()).events
    history = b"".join(e.SerializeToString() for e in events)  # payloads as stored, not base64
    metrics = (await watched.http.get("/metrics")).text
    heard = [u.text for u in (await watched.line.handle(cid).result()).transcript if u.speaker.value == "caller"]
    assert any("[redacted:" in t for t in heard), heard  # the card reached the call, redacted
    # Every place was written to by this call: a scan of an empty place would prove nothing.
    assert any(e.get("call_id") == cid for e in watched.logs.entries)
    assert any(cid.encode() in d.raw for d in watched.helpdesk.deliveries())
    assert any((s.attributes or {}).get(CALL_ID) == cid for s in watched.spans.get_finished_spans())
    assert cid.encode() in b"".join(f.read_bytes() for f in watched.data_dir.glob("warmline.db*"))
    assert "warmline_turns_total" in metrics
    leaks: list[Any] = [
        (where, piece)
        for where, text in _places(watched, history, metrics, caplog.text)
        for piece in reading.pieces()
        if piece in text
    ]
    assert not leaks, (reading, leaks[:5])
