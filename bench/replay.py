"""What a worker's replay of a call costs, by the call's length.

A worker that inherits a call (its worker died, or the call fell out of its cache) replays the call's
whole history before it can answer the turn waiting on it, inside the call's 1 s workflow task timeout
(docs/reliability.md, fix 4). This records calls of a few lengths on the real stack and replays them as
the worker would (the same workflows, sandbox set-up and data converter, `worker.workflow_runner`):

    python -m bench.replay record --turns 5,20,40 --out /tmp/replay     # one call, saved at 5, 20, 40 turns
    python -m bench.replay time /tmp/replay/turns-*.json --repeat 10     # CPU and wall ms per replay, and per turn
    python -m bench.replay time /tmp/replay/turns-40.json --timed /tmp/act.txt     # ... and each activation's CPU
    python -m bench.replay profile /tmp/replay/turns-40.json --out /tmp/replay.pstats   # cProfile, 20 replays

The calls take the bench's turns (bench/turns.py: answered `reply`, one topic per call). Each history is
saved with the policy snapshot it names (`<name>.policy.json`), registered before it is replayed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from temporalio.client import Client, WorkflowHistory
from temporalio.worker import Replayer

from bench import activation_timer, cprofiled
from bench.stack import running_stack
from bench.turns import http_client, new_call_id, start_call, take_turn, utterance
from runtime.codec import data_converter
from warmline import policy_snapshots
from warmline.policy import Policy
from warmline.policy_snapshots import PolicyRef
from worker import WORKFLOWS, workflow_runner


async def record(turns: list[int], out: Path) -> None:
    """One call on the real stack, its history saved each time it reaches a length in `turns`."""
    with running_stack() as stack:
        client = await Client.connect(stack.temporal_address, data_converter=data_converter(""))
        async with http_client(stack.api_url, 4) as http:
            cid = new_call_id("replay")
            await start_call(http, cid)
            done = 0
            for n in sorted(turns):
                while done < n:
                    said = await take_turn(http, cid, utterance(cid, done), f"{cid}-t{done}")
                    if not said.ok or said.action != "reply":
                        raise RuntimeError(f"turn {done}: {said}")
                    done += 1
                history = await client.get_workflow_handle(cid).fetch_history()
                path = out / f"turns-{n}.json"
                path.write_text(history.to_json())
                policy = {ref.digest: snapshot_json(ref, stack.env["WARMLINE_POLICY"]) for ref in named(history)}
                path.with_suffix(".policy.json").write_text(json.dumps(policy))
                print(f"recorded {path}: {n} turns, {len(history.events)} events", flush=True)


def named(history: WorkflowHistory) -> list[PolicyRef]:
    """The policy digests the history's `load_call_policy` markers record."""
    conv = data_converter("").payload_converter
    refs = []
    for e in history.events:
        details = e.marker_recorded_event_attributes.details
        if "result" in details and b"load_call_policy" in details["data"].SerializeToString():
            [loaded] = conv.from_payloads(details["result"].payloads, [Policy | PolicyRef])  # type: ignore[list-item]
            if isinstance(loaded, PolicyRef):
                refs.append(loaded)
    return refs


def snapshot_json(ref: PolicyRef, policy_path: str) -> str:
    """The snapshot the worker registered under `ref` (the policy file, as `PolicyActivities` reads it)."""
    from activities.policy import PolicyActivities
    from warmline.policy_file import load_policy

    PolicyActivities(load_policy(Path(policy_path)))
    return policy_snapshots.resolve(ref).model_dump_json()


def load(path: Path) -> WorkflowHistory:
    """A saved history, its policy snapshots registered under the digests it names."""
    policies = path.with_suffix(".policy.json")
    if policies.exists():
        for digest, snapshot in json.loads(policies.read_text()).items():
            policy_snapshots.add(Policy.model_validate_json(snapshot), digest)
    return WorkflowHistory.from_json(path.stem, path.read_text())


def replayer(executor: ThreadPoolExecutor | None = None) -> Replayer:
    """Replays as `worker.py`'s worker does: its workflows, sandbox and data converter (no keys: the bench's)."""
    return Replayer(
        workflows=WORKFLOWS,
        workflow_runner=workflow_runner(),
        data_converter=data_converter(""),
        workflow_task_executor=executor,
    )


def turns_in(history: WorkflowHistory) -> int:
    return sum(e.HasField("workflow_execution_update_accepted_event_attributes") for e in history.events)


async def time_replays(paths: list[Path], repeat: int) -> None:
    rep = replayer()
    for path in paths:
        history = load(path)
        result = await rep.replay_workflow(history, raise_on_replay_failure=False)  # warm: the sandbox, caches
        if result.replay_failure is not None:
            raise SystemExit(f"{path}: {result.replay_failure}")
        cpu, wall = [], []
        for _ in range(repeat):
            c0, w0 = time.process_time(), time.perf_counter()
            await rep.replay_workflow(history)
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
        n = turns_in(history)
        c = statistics.median(cpu)
        print(
            f"{path.name}: {n} turns, {len(history.events)} events: replay CPU median {c:.1f} ms "
            f"(min {min(cpu):.1f}), wall median {statistics.median(wall):.1f} ms; {c / max(n, 1):.2f} ms CPU per turn; "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )


async def profile(path: Path, out: Path, repeat: int) -> None:
    """cProfile in the event loop's thread and the activations' (bench/cprofiled.py): `out`, and `out`.loop alone."""
    os.environ["BENCH_CPROFILE_OUT"] = str(out)
    cprofiled.start()
    rep, history = replayer(cprofiled.executor(4)), load(path)
    await rep.replay_workflow(history)  # warm
    cprofiled.clear()
    for _ in range(repeat):
        await rep.replay_workflow(history)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="what", required=True)
    r = sub.add_parser("record", help="record one call's history at several lengths on the real stack")
    r.add_argument("--turns", default="5,20,40", help="comma-separated lengths (default 5,20,40)")
    r.add_argument("--out", type=Path, default=Path("/tmp/replay"))
    t = sub.add_parser("time", help="replay saved histories, timed")
    t.add_argument("paths", type=Path, nargs="+")
    t.add_argument("--repeat", type=int, default=10)
    t.add_argument("--timed", type=Path, help="also each activation's CPU (bench/activation_timer.py) into this file")
    f = sub.add_parser("profile", help="replay one saved history under cProfile")
    f.add_argument("path", type=Path)
    f.add_argument("--out", type=Path, default=Path("/tmp/replay.pstats"))
    f.add_argument("--repeat", type=int, default=20)
    args = p.parse_args(argv)
    if args.what == "record":
        args.out.mkdir(parents=True, exist_ok=True)
        asyncio.run(record([int(x) for x in args.turns.split(",")], args.out))
    elif args.what == "time":
        if args.timed:
            os.environ["BENCH_TIMED_OUT"] = str(args.timed)
            activation_timer.start()
        asyncio.run(time_replays(args.paths, args.repeat))
    else:
        asyncio.run(profile(args.path, args.out, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
