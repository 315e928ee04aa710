"""Measure the dashboard's live panel: how soon a call's new phase shows in `GET /v1/live`, and what one refresh
costs with many calls in progress. A throwaway dev server, worker and API in this process; prints the figures.

    .venv/bin/python scripts/live_figures.py [--calls 200] [--samples 20] [--refreshes 50]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
from temporalio.client import WorkflowHandle
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from runtime.stack import binary
from warmline import search_attributes as sa
from warmline.models import CallStart, CallState, TurnRequest
from warmline.policy_file import load_policy
from warmline.settings import Settings
from worker import build_worker
from workflows.call import CallWorkflow

ESCALATE = "can I speak to a real person please"


def pct(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, round(q * (len(values) - 1)))]


async def until_listed(http: httpx.AsyncClient, calls: int) -> None:
    """Until every call started has run its first task and published its phase (a poll: the API is the probe)."""
    for _ in range(600):
        if (await http.get("/v1/live")).json()["in_progress"] >= calls:
            return
        await asyncio.sleep(0.5)
    raise SystemExit(f"fewer than {calls} calls in progress after 5 minutes")


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=200, help="calls left in progress while refreshing")
    parser.add_argument("--samples", type=int, default=20, help="escalations timed until /v1/live shows them")
    parser.add_argument("--refreshes", type=int, default=50, help="GET /v1/live requests timed")
    args = parser.parse_args(argv)
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=binary("temporal"),
        data_converter=pydantic_data_converter,
        search_attributes=sa.ALL,
        dev_server_log_level="error",
    )
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            task_queue=f"live-{uuid.uuid4().hex[:8]}", data_dir=Path(tmp), understanding="lexical", log_level="ERROR"
        )
        app = create_app(settings)
        app.state.warmline.client = env.client
        transport = httpx.ASGITransport(app=app)
        async with (
            build_worker(env.client, settings, load_policy(settings.policy)),
            httpx.AsyncClient(transport=transport, base_url="http://warmline", timeout=30) as http,
        ):

            async def start() -> str:
                call_id = f"live-{uuid.uuid4().hex[:10]}"
                start = CallStart.model_validate({"call_id": call_id, "caller": {}})
                await env.client.start_workflow(CallWorkflow.run, start, id=call_id, task_queue=settings.task_queue)
                return call_id

            lags: list[float] = []
            for _ in range(args.samples):
                call_id = await start()
                handle: WorkflowHandle[CallWorkflow, CallState]
                handle = env.client.get_workflow_handle_for(CallWorkflow.run, call_id)
                await handle.execute_update(CallWorkflow.turn, TurnRequest(text=ESCALATE))
                done = time.perf_counter()
                while True:
                    body = (await http.get("/v1/live")).json()
                    if any(c["call_id"] == call_id and c["status"] == "transferring" for c in body["calls"]):
                        break
                lags.append(time.perf_counter() - done)
            for _ in range(0, max(args.calls - args.samples, 0), 20):  # in batches: a 2-core box stays responsive
                await asyncio.gather(*(start() for _ in range(20)))
            await until_listed(http, args.calls)
            costs: list[float] = []
            for _ in range(args.refreshes):
                began = time.perf_counter()
                body = (await http.get("/v1/live")).json()
                costs.append(time.perf_counter() - began)
    await env.shutdown()
    ms = 1000
    print(f"phase change → listed in /v1/live ({len(lags)} escalations):")
    median, p95, top = statistics.median(lags) * ms, pct(lags, 0.95) * ms, max(lags) * ms
    print(f"  median {median:.0f} ms, p95 {p95:.0f} ms, max {top:.0f} ms")
    print(f"one refresh with {body['in_progress']} calls in progress ({len(costs)} requests, 4 counts + 1 page):")
    print(f"  median {statistics.median(costs) * ms:.0f} ms, p95 {pct(costs, 0.95) * ms:.0f} ms; {body['counts']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
