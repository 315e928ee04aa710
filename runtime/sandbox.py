"""The workflow sandbox, without its cost on every payload: what a replay spends most of its CPU on.

The SDK's sandboxed runner (temporalio 1.35) enters the sandbox for every workflow activation, which is
what the sandbox is for, and also for each bookkeeping lookup the SDK's payload visitors make around it:
which serialization context (and external-store context) a payload of the activation or completion
belongs to, about ten per activation. Each entry compiles a two-line string with `exec` and applies the
sandbox's import hooks and restricted builtins, for a lookup that runs none of the workflow's code (it
reads the SDK's own tables of pending activities and children). A replay pays it on every turn of the
call's history: ~45 % of its CPU (bench/README.md, "What a replay costs").

`SandboxedRunner` is the SDK's runner with those two lookups made as plain calls on the sandboxed
instance, and the sandbox's code strings compiled once. The workflow's own code, its imports, its
restrictions and the passthrough set are exactly the SDK's. It reaches into the SDK's private
`_Instance` (temporalio is pinned in pyproject.toml); tests/workflow/test_sandbox.py checks the lookups
still answer as the SDK's do and that the sandbox still refuses what it must.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from types import CodeType
from typing import Any, cast

import temporalio.converter
from temporalio.converter._extstore import StorageDriverStoreContext
from temporalio.worker import WorkflowInstance, WorkflowInstanceDetails, _command_aware_visitor
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner
from temporalio.worker.workflow_sandbox import _runner as sdk_runner
from temporalio.worker.workflow_sandbox._in_sandbox import InSandbox


@functools.lru_cache(maxsize=64)
def _compiled(code: str) -> CodeType:
    """The sandbox's few code strings (activate, evict, look up ...), each compiled once per process."""
    return compile(code, "workflow_sandbox.py", "exec")


class _Instance(sdk_runner._Instance):
    def _run_code(self, code: str, **extra_globals: Any) -> None:
        # As the SDK's, with the code compiled once instead of on every activation.
        sdk_runner._Instance._run_code(self, _compiled(code), **extra_globals)  # type: ignore[arg-type]

    def _sandboxed(self) -> InSandbox:
        """The workflow's instance inside the sandbox (the SDK keeps it in the sandbox's globals)."""
        return cast(InSandbox, self.globals_and_locals["__temporal_in_sandbox"])

    def get_serialization_context(
        self, command_info: _command_aware_visitor.CommandInfo | None
    ) -> temporalio.converter.SerializationContext | None:
        return self._sandboxed().get_serialization_context(command_info)

    def get_external_store_context(
        self, command_info: _command_aware_visitor.CommandInfo | None
    ) -> StorageDriverStoreContext:
        return self._sandboxed().get_external_store_context(command_info)


@dataclass(frozen=True)
class SandboxedRunner(SandboxedWorkflowRunner):
    """The SDK's sandboxed runner; the SDK's bookkeeping lookups outside the sandbox's hooks."""

    def create_instance(self, det: WorkflowInstanceDetails) -> WorkflowInstance:
        return _Instance(det, self.runner_class, self.restrictions)
