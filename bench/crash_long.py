"""`bench/crash.py` on long calls, against whichever tree is the working directory.

    .venv/bin/python -m bench.crash_long --kills 8 --calls 20 --warm-turns 20 --out /tmp/crash-new.json
    cd /work/wt/base && /work/main/.venv/bin/python /work/wt/replay/bench/crash_long.py --out /tmp/crash-base.json

Two workers on `bench.stack`; `measure_kills` with `warm_turns` turns before each kill, so the survivor
replays long histories (docs/reliability.md, fix 5). The tree imported is the working directory's, so the
same script measures a baseline worktree that does not have it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from typing import Any

sys.path.insert(0, os.getcwd())  # the measured tree: the working directory's, not this file's

from bench.crash import measure_kills
from bench.stack import Stack, running_stack
from bench.turns import http_client


async def run(stack: Stack, args: argparse.Namespace) -> None:
    async with http_client(stack.api_url, 200) as http:
        await asyncio.to_thread(stack.start_worker, "worker2")

        def victim(name: str) -> tuple[Any, Any]:
            return (lambda: stack.procs[name].kill(), lambda: asyncio.to_thread(stack.start_worker, name))

        r = await measure_kills(
            http, [victim("worker"), victim("worker2")], kills=args.kills, calls=args.calls, warm_turns=args.warm_turns
        )
    print(os.getcwd(), r.line(), flush=True)
    if args.out:
        when = time.strftime("%H:%M:%S", time.gmtime())
        args.out.write_text(json.dumps({"tree": os.getcwd(), "ended": when, **r.as_dict()}))


def main() -> int:
    from pathlib import Path

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--kills", type=int, default=8)
    p.add_argument("--calls", type=int, default=20)
    p.add_argument("--warm-turns", type=int, default=20, help="turns each call takes before the kill (default 20)")
    p.add_argument("--out", type=Path)
    args = p.parse_args()
    with running_stack() as stack:
        asyncio.run(run(stack, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
