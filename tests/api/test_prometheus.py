"""`GET /metrics` after real calls through the API: Prometheus text, counts and histogram counts, keys."""

from __future__ import annotations

from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from tests.api.conftest import API_KEY, Api
from tests.line import running_line


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample by (name, labels), parsed the way Prometheus reads the page."""
    found: list[Sample] = [s for family in text_string_to_metric_families(text) for s in family.samples]
    return {(s.name, frozenset(s.labels.items())): s.value for s in found}


def value(page: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str) -> float:
    return page.get((name, frozenset(labels.items())), 0.0)


async def _turn(api: Api, call_id: str, text: str) -> dict[str, object]:
    r = await api.http.post(f"/v1/calls/{call_id}/turns", json={"text": text})
    assert r.status_code == 200, r.text
    body: dict[str, object] = r.json()
    return body


async def test_metrics_count_a_contained_turn_and_an_escalation(api: Api) -> None:
    contained = (await api.http.post("/v1/calls", json={"caller": {}})).json()["call_id"]
    escalated = (await api.http.post("/v1/calls", json={"caller": {}})).json()["call_id"]
    assert (await _turn(api, contained, "can I pay by card?"))["action"] == "reply"
    transfer = await _turn(api, escalated, "I want to speak to a real person")
    assert transfer["action"] == "transfer"
    queue = transfer["transfer"]["queue"]  # type: ignore[index]

    r = await api.http.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    page = samples(r.text)
    assert value(page, "warmline_turns_total", action="reply") == 1
    assert value(page, "warmline_turns_total", action="transfer") == 1
    assert value(page, "warmline_turns_total", action="end") == 0
    assert value(page, "warmline_escalations_total", reason="customer_request", queue=queue) == 1
    assert value(page, "warmline_turn_seconds_count") == 2
    assert 0 < value(page, "warmline_turn_seconds_sum") < 30
    assert value(page, "warmline_helpdesk_ack_seconds_count", queue=queue) == 1
    assert value(page, "warmline_helpdesk_ack_seconds_bucket", queue=queue, le="+Inf") == 1
    assert value(page, "warmline_transfers_unacked_total", queue=queue) == 0
    # The fake helpdesk is a webhook: no built-in desk, so no desk gauges.
    assert not any(name.startswith("warmline_desk_") for name, _ in page)
    # Labels hold fixed names only: never the call id or the caller's words.
    assert contained not in r.text and escalated not in r.text and "person" not in r.text


async def test_metrics_need_the_operator_key_when_keys_are_set(api: Api) -> None:
    assert (await api.http.get("/metrics", headers={"Authorization": ""})).status_code == 401
    assert (await api.http.get("/metrics", headers={"Authorization": "Bearer wrong"})).status_code == 401
    # Operator keys fall back to the API keys while WARMLINE_OPERATOR_KEYS is unset.
    assert (await api.http.get("/metrics", headers={"Authorization": f"Bearer {API_KEY}"})).status_code == 200


async def test_metrics_refuse_the_gateway_key_once_operator_keys_are_set(
    temporal_env: WorkflowEnvironment, tmp_path: Path
) -> None:
    async with running_line(temporal_env.client, tmp_path, None, api_keys="gw", operator_keys="op") as line:
        app = create_app(line.settings)
        app.state.warmline.client = temporal_env.client
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://warmline") as http:
            assert (await http.get("/metrics", headers={"Authorization": "Bearer gw"})).status_code == 403
            r = await http.get("/metrics", headers={"Authorization": "Bearer op"})
            assert r.status_code == 200 and "warmline_turns_total" in r.text


async def test_metrics_are_open_while_no_keys_are_set(temporal_env: WorkflowEnvironment, tmp_path: Path) -> None:
    async with running_line(temporal_env.client, tmp_path, None) as line:
        app = create_app(line.settings)
        app.state.warmline.client = temporal_env.client
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://warmline") as http:
            r = await http.get("/metrics")
            assert r.status_code == 200 and "warmline_turn_seconds" in r.text
