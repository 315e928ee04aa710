"""deploy/k8s, read as data: the invariants the reliability scenarios depend on hold in the manifests.

No cluster here: the files are parsed with PyYAML and checked against the code
they deploy (warmline/settings.py, the Dockerfile, docker-compose.yml).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from warmline.action_config import action_config_problems, policy_actions
from warmline.policy import Policy
from warmline.policy_file import load_policy
from warmline.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
SETTINGS_ENV = {f"WARMLINE_{name.upper()}" for name in Settings.model_fields}
# Settings only the worker has: the API reads no turns, and has no encoder volume to point at.
WORKER_ONLY = {"WARMLINE_ENCODER_DIR"}
SECRET_ENV = {"WARMLINE_API_KEYS", "WARMLINE_ENCRYPTION_KEYS", "WARMLINE_DATABASE_URL"}


@pytest.fixture(scope="module")
def objects() -> dict[tuple[str, str], dict[str, Any]]:
    """Every object the kustomization applies, by (kind, name)."""
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for resource in kustomization["resources"]:
        for doc in yaml.safe_load_all((K8S / resource).read_text()):
            if doc:
                found[(doc["kind"], doc["metadata"]["name"])] = doc
    return found


def container(objects: dict[tuple[str, str], dict[str, Any]], name: str) -> dict[str, Any]:
    [c] = objects[("Deployment", name)]["spec"]["template"]["spec"]["containers"]
    return c


def env_names(objects: dict[tuple[str, str], dict[str, Any]], name: str) -> dict[str, dict[str, Any]]:
    """The container's environment: ConfigMap keys pulled in with envFrom, then `env` entries."""
    c = container(objects, name)
    env: dict[str, dict[str, Any]] = {}
    for source in c.get("envFrom", []):
        data = objects[("ConfigMap", source["configMapRef"]["name"])]["data"]
        env.update({k: {"value": v} for k, v in data.items()})
    env.update({e["name"]: e for e in c.get("env", [])})
    return env


@pytest.mark.parametrize("name", ["warmline-worker", "warmline-api"])
def test_workers_and_apis_run_at_least_two_replicas_that_never_all_go(
    objects: dict[tuple[str, str], dict[str, Any]], name: str
) -> None:
    spec = objects[("Deployment", name)]["spec"]
    assert spec["replicas"] >= 2
    assert spec["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    pdb = objects[("PodDisruptionBudget", name)]["spec"]
    assert pdb["minAvailable"] >= 1 and pdb["selector"] == spec["selector"]


def test_api_is_ready_on_healthz_and_served_by_the_service(objects: dict[tuple[str, str], dict[str, Any]]) -> None:
    api = container(objects, "warmline-api")
    probe = api["readinessProbe"]["httpGet"]
    assert probe["path"] == "/healthz"
    [port] = api["ports"]
    assert probe["port"] in (port["name"], port["containerPort"])
    assert "httpGet" not in api.get("livenessProbe", {}), "a Temporal outage must not restart every API pod"
    service = objects[("Service", "warmline-api")]["spec"]
    pod_labels = objects[("Deployment", "warmline-api")]["spec"]["template"]["metadata"]["labels"]
    assert service["selector"].items() <= pod_labels.items()
    assert service["ports"][0]["targetPort"] in (port["name"], port["containerPort"])


@pytest.mark.parametrize("name", ["warmline-worker", "warmline-api"])
def test_every_env_name_is_a_setting(objects: dict[tuple[str, str], dict[str, Any]], name: str, tmp_path: Path) -> None:
    """Settings, or a variable the mounted policy's actions read (`headers_from_env`)."""
    read_by_actions = {
        var for _, a in policy_actions(mounted_policy(objects, tmp_path)) for var in a.headers_from_env.values()
    }
    unknown = set(env_names(objects, name)) - SETTINGS_ENV - read_by_actions
    assert not unknown, f"{name} sets variables neither warmline/settings.py nor the policy reads: {sorted(unknown)}"


def test_the_worker_can_run_the_mounted_policys_actions(
    objects: dict[tuple[str, str], dict[str, Any]], tmp_path: Path
) -> None:
    """The worker refuses to start otherwise: the base URL is set and every header's variable comes from somewhere."""
    env = env_names(objects, "warmline-worker")
    present = {k: str(v.get("value") or v.get("valueFrom")) for k, v in env.items()}
    base = present.get("WARMLINE_ACTIONS_BASE_URL")
    assert action_config_problems(mounted_policy(objects, tmp_path), base, present) == []
    assert "secretKeyRef" in env["KESTREL_API_AUTH"]["valueFrom"]


def mounted_policy(objects: dict[tuple[str, str], dict[str, Any]], tmp_path: Path) -> Policy:
    policy_path = Path(objects[("ConfigMap", "warmline-env")]["data"]["WARMLINE_POLICY"])
    (tmp_path / "mounted.yaml").write_text(objects[("ConfigMap", "warmline-policy")]["data"][policy_path.name])
    return load_policy(tmp_path / "mounted.yaml")


def test_secrets_come_from_secret_refs_and_match_between_worker_and_api(
    objects: dict[tuple[str, str], dict[str, Any]],
) -> None:
    worker, api = env_names(objects, "warmline-worker"), env_names(objects, "warmline-api")
    for name in SECRET_ENV:
        assert "secretKeyRef" in api[name].get("valueFrom", {}), f"the API's {name} must come from a Secret"
    for name in ("WARMLINE_ENCRYPTION_KEYS", "WARMLINE_DATABASE_URL"):  # one set of keys, one records store
        assert worker[name]["valueFrom"] == api[name]["valueFrom"]
    for env in (worker, api):  # nothing secret in plain text
        assert not [k for k, v in env.items() if re.search(r"KEYS|SECRET|TOKEN|DATABASE_URL", k) and "value" in v]
    plain_worker = {k: v for k, v in worker.items() if "value" in v and k not in WORKER_ONLY}
    assert plain_worker == {k: v for k, v in api.items() if "value" in v}


def test_policy_configmap_is_mounted_where_warmline_policy_points_and_loads(
    objects: dict[tuple[str, str], dict[str, Any]], tmp_path: Path
) -> None:
    policy_path = Path(objects[("ConfigMap", "warmline-env")]["data"]["WARMLINE_POLICY"])
    for name in ("warmline-worker", "warmline-api"):
        pod = objects[("Deployment", name)]["spec"]["template"]["spec"]
        volume = next(v for v in pod["volumes"] if v.get("configMap", {}).get("name") == "warmline-policy")
        mount = next(m for m in container(objects, name)["volumeMounts"] if m["name"] == volume["name"])
        assert policy_path.parent == Path(mount["mountPath"])
    text = objects[("ConfigMap", "warmline-policy")]["data"][policy_path.name]
    (tmp_path / "policy.yaml").write_text(text)
    policy = load_policy(tmp_path / "policy.yaml")
    assert len(policy.queues) >= 2


def test_one_image_from_the_dockerfile_runs_both_like_compose(objects: dict[tuple[str, str], dict[str, Any]]) -> None:
    worker, api = container(objects, "warmline-worker"), container(objects, "warmline-api")
    assert worker["image"] == api["image"], "the Dockerfile builds one image for the worker and the API"
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    repo = worker["image"].rsplit(":", 1)[0].rsplit("/", 1)[-1]
    assert repo == compose["worker"]["image"].split(":")[0] == compose["api"]["image"].split(":")[0]
    assert worker["command"] == compose["worker"]["command"] == ["python", "worker.py"]
    assert api["command"][:2] == compose["api"]["command"][:2] == ["uvicorn", "api.app:app"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    exposed = int(re.search(r"^EXPOSE (\d+)", dockerfile, re.M).group(1))  # type: ignore[union-attr]
    assert api["ports"][0]["containerPort"] == exposed and api["command"][-1] == str(exposed)
    assert re.search(r"^USER \w+", dockerfile, re.M), "the image runs as a user, so runAsNonRoot holds"
    for name in ("warmline-worker", "warmline-api"):
        assert objects[("Deployment", name)]["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"]


def test_workers_reach_temporal_through_the_helm_charts_frontend(
    objects: dict[tuple[str, str], dict[str, Any]],
) -> None:
    env = objects[("ConfigMap", "warmline-env")]["data"]
    host, port = env["WARMLINE_TEMPORAL_ADDRESS"].rsplit(":", 1)
    assert host.split(".")[0].endswith("-frontend") and port == "7233"
    assert float(env["WARMLINE_STICKY_TIMEOUT_S"]) <= 2  # the contract: a dead worker costs a caller at most 2 s


def test_the_worker_pod_adapts_its_encoder_to_the_mounted_policy_first(
    objects: dict[tuple[str, str], dict[str, Any]],
) -> None:
    pod = objects[("Deployment", "warmline-worker")]["spec"]["template"]["spec"]
    [init] = pod["initContainers"]
    command = init["command"]
    assert command[:3] == ["python", "-m", "activities.understanding.adapt"] and "--reuse" in command
    policy = objects[("ConfigMap", "warmline-env")]["data"]["WARMLINE_POLICY"]
    assert command[command.index("--policy") + 1] == policy
    out = command[command.index("--out") + 1]
    assert env_names(objects, "warmline-worker")["WARMLINE_ENCODER_DIR"]["value"] == out
    init_mounts = {m["name"]: m for m in init["volumeMounts"]}
    worker_mounts = {m["name"]: m for m in container(objects, "warmline-worker")["volumeMounts"]}
    shared = next(name for name, m in init_mounts.items() if out.startswith(m["mountPath"] + "/"))
    assert not init_mounts[shared].get("readOnly") and worker_mounts[shared]["readOnly"]
    assert worker_mounts[shared]["mountPath"] == init_mounts[shared]["mountPath"]
    assert Path(policy).parent == Path(next(m["mountPath"] for m in init["volumeMounts"] if m["name"] == "policy"))
    # The Dockerfile's `adapt` target: the worker's image plus torch, which the worker itself does without.
    repo, tag = container(objects, "warmline-worker")["image"].rsplit(":", 1)
    assert init["image"] == f"{repo}-adapt:{tag}"
