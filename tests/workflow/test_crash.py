"""kill -9 the worker mid-call: another worker continues the call with its transcript intact."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

from tests.conftest import BRIGHTWAVE
from tests.line import Line
from warmline.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def spawn_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "worker.py"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


async def test_worker_killed_mid_call_the_next_turn_is_answered(
    temporal_env: WorkflowEnvironment, tmp_path: Path
) -> None:
    queue = f"tq-crash-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "WARMLINE_TEMPORAL_ADDRESS": temporal_env.client.service_client.config.target_host,
        "WARMLINE_TASK_QUEUE": queue,
        "WARMLINE_POLICY": str(BRIGHTWAVE),
        "WARMLINE_HELPDESK": "desk",
        "WARMLINE_DATA_DIR": str(tmp_path),
    }
    log = tmp_path / "worker.log"
    first = spawn_worker(env, log)
    line = Line(temporal_env.client, Settings(task_queue=queue, policy=BRIGHTWAVE, data_dir=tmp_path), None)
    second = None
    try:
        call_id = await line.start()
        r1 = await asyncio.wait_for(line.turn(call_id, "hi, what time does your phone team close tonight?"), 60)
        assert r1.action == "reply"
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
        second = spawn_worker(env, log)
        t0 = time.monotonic()
        r2 = await asyncio.wait_for(line.turn(call_id, "how can I pay my bill?"), 60)
        waited = time.monotonic() - t0
        assert r2.turn == 2 and r2.action == "reply", log.read_text()[-2000:]
        st = await line.state(call_id)
        assert [u.text for u in st.transcript if u.speaker == "caller"] == [
            "hi, what time does your phone team close tonight?",
            "how can I pay my bill?",
        ]
        print(f"turn after kill -9 answered in {waited:.2f} s (includes the new worker's start-up)")
    finally:
        for p in (first, second):
            if p is not None and p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(10)
