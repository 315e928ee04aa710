"""The processes refuse to start on a bad policy, with one line naming the field."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import BRIGHTWAVE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def bad_policy(tmp_path: Path) -> Path:
    data = yaml.safe_load(BRIGHTWAVE.read_text())
    data["query_types"][3]["queue"] = "nowhere"
    p = tmp_path / "bad.yaml"
    p.write_text(yaml.safe_dump(data))
    return p


@pytest.mark.parametrize("cmd", [["worker.py"], ["-c", "import api.app"]], ids=["worker", "api"])
def test_invalid_policy_stops_the_process_naming_the_field(bad_policy: Path, cmd: list[str]) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "WARMLINE_POLICY": str(bad_policy),
        "WARMLINE_TEMPORAL_ADDRESS": "127.0.0.1:1",
    }
    r = subprocess.run([sys.executable, *cmd], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert "query_types[3].queue" in r.stderr and "nowhere" in r.stderr
    assert "Traceback" not in r.stderr


def test_webhook_without_secret_stops_the_worker(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "WARMLINE_POLICY": str(BRIGHTWAVE),
        "WARMLINE_HELPDESK": "webhook",
        "WARMLINE_HELPDESK_URL": "http://127.0.0.1:9/x",
        "WARMLINE_TEMPORAL_ADDRESS": "127.0.0.1:1",
    }
    env.pop("WARMLINE_HELPDESK_SECRET", None)
    r = subprocess.run([sys.executable, "worker.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "WARMLINE_HELPDESK_SECRET" in r.stderr and "Traceback" not in r.stderr


def test_a_policy_whose_actions_cannot_run_stops_the_worker(tmp_path: Path) -> None:
    """The demo policy's relative action URLs and its header secret, with neither configured: refused at start."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "WARMLINE_POLICY": str(ROOT / "policies" / "demo.yaml"),
        "WARMLINE_TEMPORAL_ADDRESS": "127.0.0.1:1",
    }
    for var in ("WARMLINE_ACTIONS_BASE_URL", "KESTREL_API_AUTH"):
        env.pop(var, None)
    r = subprocess.run([sys.executable, "worker.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert "authentication.verify.url '/verify' is relative, and WARMLINE_ACTIONS_BASE_URL is not set" in r.stderr
    assert "query_types[balance_enquiry].action.url" in r.stderr
    assert "headers_from_env.Authorization reads KESTREL_API_AUTH, which is not set" in r.stderr


def test_a_review_cost_that_cannot_weigh_stops_the_worker() -> None:
    """The fit's cost weights must be positive (docs/review.md): zero would make one kind of error free."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "WARMLINE_POLICY": str(BRIGHTWAVE),
        "WARMLINE_TEMPORAL_ADDRESS": "127.0.0.1:1",
        "WARMLINE_REVIEW_COST_MISSED": "0",
    }
    r = subprocess.run([sys.executable, "worker.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert "review_cost_missed" in r.stderr and "greater than 0" in r.stderr
