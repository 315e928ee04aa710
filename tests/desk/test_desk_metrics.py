"""The desk's gauges on `GET /metrics` are read from the queue workflows at scrape time, so two API
processes that served nothing report the same queue depth, oldest wait and agents available."""

from __future__ import annotations

import asyncio

import httpx

from api.app import create_app
from tests.api.test_prometheus import samples, value
from tests.desk.conftest import escalate, eventually, presence, snap
from tests.line import Line


async def _scrape(line: Line) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    app = create_app(line.settings)  # a fresh app: its own process-local registry, like another API process
    app.state.warmline.client = line.client
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://warmline") as http:
        r = await http.get("/metrics")
    assert r.status_code == 200, r.text
    return samples(r.text)


async def test_two_api_processes_report_the_same_desk_state(desk_line: Line) -> None:
    await presence(desk_line, "transactional", "agent-1", ["billing"])
    call_id = await escalate(desk_line)  # to complex, where nobody with the disputes skill is signed in
    await eventually(lambda: snap(desk_line, "complex"), lambda s: len(s.offers) == 1)
    await asyncio.sleep(0.2)  # the caller has been waiting a little

    first, second = await asyncio.gather(_scrape(desk_line), _scrape(desk_line))
    for page in (first, second):
        assert value(page, "warmline_desk_up") == 1
        assert value(page, "warmline_desk_queue_depth", queue="complex") == 1
        assert value(page, "warmline_desk_queue_depth", queue="transactional") == 0
        assert value(page, "warmline_desk_oldest_wait_seconds", queue="complex") >= 0.2
        assert value(page, "warmline_desk_oldest_wait_seconds", queue="technical") == 0
        assert value(page, "warmline_desk_agents_available", queue="transactional") == 1
        assert value(page, "warmline_desk_agents_available", queue="complex") == 0
        # Neither process ran the turn: per-process counts stay at zero while the shared state shows it.
        assert value(page, "warmline_turns_total", action="transfer") == 0
        assert not any(call_id in str(labels) for _, labels in page)
    depth = {k: v for k, v in first.items() if k[0] == "warmline_desk_queue_depth"}
    assert depth == {k: v for k, v in second.items() if k[0] == "warmline_desk_queue_depth"}
