"""WARMLINE_WORKER_METRICS_ADDRESS: the worker's client runs on a runtime that serves the Temporal SDK's
own metrics for Prometheus; the setting is validated at start with a message naming it."""

from __future__ import annotations

import socket
import uuid
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import ValidationError
from temporalio.testing import WorkflowEnvironment

from runtime.temporal import connect
from runtime.worker_metrics import worker_runtime
from tests.conftest import BRIGHTWAVE
from tests.line import Line
from warmline.policy_file import load_policy
from warmline.settings import Settings
from worker import build_worker


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_worker_serves_the_sdk_metrics(temporal_env: WorkflowEnvironment, tmp_path: Path) -> None:
    port = _free_port()
    target = temporal_env.client.service_client.config.target_host
    settings = Settings(
        temporal_address=target,
        task_queue=f"tq-{uuid.uuid4().hex}",
        policy=BRIGHTWAVE,
        data_dir=tmp_path,
        worker_metrics_address=f"127.0.0.1:{port}",
        log_json=False,
    )
    runtime = worker_runtime(settings)
    assert runtime is not None
    client = await connect(settings, runtime=runtime)
    async with build_worker(client, settings, load_policy(settings.policy)):
        line = Line(client, settings, None)
        call_id = await line.start()
        assert (await line.turn(call_id, "can I pay by card?")).action == "reply"
        async with httpx.AsyncClient() as http:
            r = await http.get(f"http://127.0.0.1:{port}/metrics")
    assert r.status_code == 200
    names = {f.name for f in text_string_to_metric_families(r.text)}
    assert any(n.startswith(("temporal_workflow_task", "temporal_workflow_endtoend")) for n in names), sorted(names)
    assert "temporal_local_activity_execution_latency" in names, sorted(names)  # understand is a local activity


def test_no_address_no_runtime() -> None:
    assert worker_runtime(Settings()) is None


@pytest.mark.parametrize("address", ["9464", "0.0.0.0", "0.0.0.0:port", ":9464", "0.0.0.0:70000"])
def test_a_bad_metrics_address_names_the_variable(address: str) -> None:
    with pytest.raises(ValidationError, match="WARMLINE_WORKER_METRICS_ADDRESS must be host:port"):
        Settings(worker_metrics_address=address)


def test_a_bad_otlp_endpoint_names_the_variable() -> None:
    with pytest.raises(ValidationError, match="WARMLINE_OTLP_ENDPOINT must be an http"):
        Settings(otlp_endpoint="otel-collector:4318")
    assert Settings(otlp_endpoint="http://otel-collector:4318").otlp_endpoint == "http://otel-collector:4318"
