"""The README's start command runs a whole demo line, and every phrasing the README advertises works on it.

`scripts/run_line.py` (what `scripts/run.sh` runs) is started for real on free ports with a throw-away data
folder: the Temporal dev server, the demo company system it starts for the balance lookup, the worker (with
the encoder adapted to the demo policy, as a fresh clone does) and the API. The calls below are the README's.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from runtime.stack import free_port, http_ok, wait_until, without_warmline

ROOT = Path(__file__).resolve().parent.parent
START_S = 600.0  # the first start adapts the encoder to the demo policy (tens of seconds on 2 cores)


@pytest.fixture(scope="module")
def demo_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("demo-line")
    port, temporal, ui = free_port(), free_port(), free_port()
    env = {**without_warmline(os.environ), "WARMLINE_DATA_DIR": str(data), "WARMLINE_LOG_JSON": "false"}
    env.pop("KESTREL_API_AUTH", None)
    args = ["--port", str(port), "--temporal-port", str(temporal), "--ui-port", str(ui)]
    out = (data / "run_line.out").open("w")
    line = subprocess.Popen(
        [sys.executable, "scripts/run_line.py", *args],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    api = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until("the demo line", lambda: line.poll() is not None or http_ok(f"{api}/healthz"), START_S)
            if line.poll() is not None:
                raise TimeoutError("scripts/run_line.py exited")
        except TimeoutError as e:
            pytest.fail(f"the demo line did not start ({e}):\n{(data / 'run_line.out').read_text()[-3000:]}")
        yield api
    finally:
        line.send_signal(signal.SIGINT)
        try:
            line.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(line.pid, signal.SIGKILL)
        out.close()


def call(api: str, *said: str, **caller: Any) -> list[dict[str, Any]]:
    """One call: the caller's turns in order; what the line answered to each."""
    call_id = f"demo-{uuid.uuid4().hex[:8]}"
    # The first turn waits for the worker, which embeds the shipped phrasing sets with the adapted encoder first.
    with httpx.Client(base_url=api, timeout=240) as http:
        started = http.post("/v1/calls", json={"call_id": call_id, "caller": {"number": "+447700900123", **caller}})
        assert started.status_code == 201, started.text
        answers = []
        for text in said:
            r = http.post(f"/v1/calls/{call_id}/turns", json={"text": text})
            assert r.status_code == 200, r.text
            answers.append(r.json())
        http.post(f"/v1/calls/{call_id}/hangup", json={})
    return answers


def test_the_readme_call_answers_then_transfers_on_request(demo_api: str) -> None:
    verified = {"authenticated": True, "auth_method": "pin", "account_id": "KM-100234"}
    bill, person = call(
        demo_api,
        "hi, my bill is way higher than usual this month",
        "can I just speak to a real person please",
        **verified,
    )
    assert bill["action"] == "reply" and "higher this month" in bill["say"]
    assert person["action"] == "transfer" and person["transfer"]["reason"] == "customer_request"
    assert person["transfer"]["queue"] == "complex" and person["transfer"]["context_delivered"]


def test_the_balance_lookup_verifies_the_caller_against_the_demo_company(demo_api: str) -> None:
    ask, told = call(demo_api, "what's my balance", "it's 12345678 and SW1A 1AA")
    assert ask["action"] == "reply" and "account number" in ask["say"]
    assert told["action"] == "reply" and "verified" in told["say"] and "£23.40" in told["say"], told


def test_the_other_advertised_phrasings(demo_api: str) -> None:
    [data] = call(demo_api, "how much data have I got left")
    assert data["action"] == "reply"
    *tries, failed = call(demo_api, "I've got no signal", "that didn't work", "that didn't work")
    assert [t["action"] for t in tries] == ["reply", "reply"]
    assert failed["action"] == "transfer" and failed["transfer"]["reason"] == "failed_resolution"
    assert failed["transfer"]["queue"] == "technical"
    [stolen] = call(demo_api, "my phone has been stolen")
    assert stolen["action"] == "transfer" and stolen["transfer"]["reason"] == "out_of_scope"
    assert stolen["transfer"]["queue"] == "complex"
    clarify, unclear = call(demo_api, "erm, it's about the thing", "erm, it's about the thing")
    assert clarify["action"] == "reply"
    assert unclear["action"] == "transfer" and unclear["transfer"]["reason"] == "low_confidence"
    assert unclear["transfer"]["queue"] == "complex"
