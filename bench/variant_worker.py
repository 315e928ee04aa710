"""Warmline's worker.py with one setting changed, to measure a proposed design change side by side.

    python -m bench.variant_worker unsandboxed    # CallWorkflow without the workflow sandbox
    python -m bench.variant_worker sampled        # as shipped, profiled (bench/sampler.py, $BENCH_PROFILE_OUT)

Only for the benchmarks: the shipped worker is `worker.py`, unchanged by this.
"""

from __future__ import annotations

import asyncio
import functools
import sys
from typing import Any

from temporalio.worker import UnsandboxedWorkflowRunner
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

import worker
from bench import sampler

VARIANTS: dict[str, dict[str, Any]] = {
    "unsandboxed": {"workflow_runner": UnsandboxedWorkflowRunner()},
    # The sandbox kept, but the workflow modules imported once per worker instead of once per call.
    "passthrough": {
        "workflow_runner": SandboxedWorkflowRunner(
            restrictions=SandboxRestrictions.default.with_passthrough_modules("workflows")
        )
    },
}


def main() -> int:
    names = sys.argv[1:]
    if "sampled" in names:  # not a Worker setting: the sampling profiler (bench/sampler.py), report at exit
        names.remove("sampled")
        sampler.start()
    kwargs: dict[str, Any] = {}
    for name in names:
        kwargs.update(VARIANTS[name])
    worker.Worker = functools.partial(worker.Worker, **kwargs)  # type: ignore[misc,assignment]
    return asyncio.run(worker.main())


if __name__ == "__main__":
    sys.exit(main())
