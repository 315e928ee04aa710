"""Warmline's worker.py with one setting changed, to measure a proposed design change side by side.

    python -m bench.variant_worker unsandboxed    # CallWorkflow without the workflow sandbox

Only for the benchmarks: the shipped worker is `worker.py`, unchanged by this.
"""

from __future__ import annotations

import asyncio
import functools
import sys
from typing import Any

from temporalio.worker import UnsandboxedWorkflowRunner

import worker

VARIANTS: dict[str, dict[str, Any]] = {
    "unsandboxed": {"workflow_runner": UnsandboxedWorkflowRunner()},
}


def main() -> int:
    names = sys.argv[1:]
    kwargs: dict[str, Any] = {}
    for name in names:
        kwargs.update(VARIANTS[name])
    worker.Worker = functools.partial(worker.Worker, **kwargs)  # type: ignore[misc,assignment]
    return asyncio.run(worker.main())


if __name__ == "__main__":
    sys.exit(main())
