"""Warmline's worker.py with one setting changed, to measure a proposed design change side by side.

    python -m bench.variant_worker unsandboxed    # CallWorkflow without the workflow sandbox
    python -m bench.variant_worker passthrough    # the SDK's own sandboxed runner (before runtime/sandbox.py)
    python -m bench.variant_worker sampled        # as shipped, profiled (bench/sampler.py, $BENCH_PROFILE_OUT)
    python -m bench.variant_worker timed          # as shipped, each activation's CPU (bench/activation_timer.py)
    python -m bench.variant_worker profiled       # as shipped, under cProfile (bench/cprofiled.py, $BENCH_CPROFILE_OUT)
    python -m bench.variant_worker gcwatch        # as shipped, the collector's pauses (bench/gc_watch.py)
    python -m bench.variant_worker asyncio        # on asyncio's own event loop (shipped before uvloop)

Only for the benchmarks: the shipped worker is `worker.py`, unchanged by this.
"""

from __future__ import annotations

import asyncio
import functools
import sys
from typing import Any

import uvloop
from temporalio.worker import UnsandboxedWorkflowRunner
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

import worker
from bench import activation_timer, cprofiled, gc_watch, sampler
from workflows import options

VARIANTS: dict[str, dict[str, Any]] = {
    "unsandboxed": {"workflow_runner": UnsandboxedWorkflowRunner()},
    # The SDK's sandboxed runner, the workflow modules imported once per worker (shipped before runtime/sandbox.py).
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
    if "timed" in names:  # the CPU of each workflow activation (bench/activation_timer.py)
        names.remove("timed")
        activation_timer.start()
    if "gcwatch" in names:  # the garbage collector's pauses by generation (bench/gc_watch.py, $BENCH_GC_OUT)
        names.remove("gcwatch")
        gc_watch.start()
    if "profiled" in names:  # cProfile in the loop's thread and every workflow-task thread (bench/cprofiled.py)
        names.remove("profiled")
        cprofiled.start()
        names_kwargs = {"workflow_task_executor": cprofiled.executor(options.MAX_WORKFLOW_TASKS)}
    else:
        names_kwargs = {}
    run: Any = uvloop.run  # as worker.py runs
    if "asyncio" in names:  # not a Worker setting: the event loop the worker runs on
        names.remove("asyncio")
        run = asyncio.run
    kwargs: dict[str, Any] = dict(names_kwargs)
    for name in names:
        kwargs.update(VARIANTS[name])
    if "workflow_runner" in kwargs:  # build_worker names its runner itself, which a partial's keyword cannot override
        runner = kwargs.pop("workflow_runner")
        worker.workflow_runner = lambda: runner  # type: ignore[assignment]
    worker.Worker = functools.partial(worker.Worker, **kwargs)  # type: ignore[misc,assignment]
    return int(run(worker.main()))


if __name__ == "__main__":
    sys.exit(main())
