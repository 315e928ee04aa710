"""The policy snapshots recorded histories name by digest (tests/histories/policies/<digest>.json).

A call started since the lean start records only its policy's digest (warmline/policy_snapshots.py), so a
recorded history replays only where its snapshot is registered: the recorder keeps each one beside the
histories, and the replay test registers them all first, under the digest each was recorded with.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from temporalio.client import WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter

from warmline import policy_snapshots as registry
from warmline.policy import Policy
from warmline.policy_snapshots import PolicyRef

POLICIES = Path(__file__).parent / "histories" / "policies"
LOADED: Any = Policy | PolicyRef  # what `load_call_policy` records


def named_in(history: WorkflowHistory) -> list[PolicyRef]:
    """The policy digests a history's `load_call_policy` markers record (none for a whole-policy history)."""
    refs = []
    for e in history.events:
        details = e.marker_recorded_event_attributes.details
        if "result" not in details or b"load_call_policy" not in details["data"].SerializeToString():
            continue
        [payload] = details["result"].payloads
        [loaded] = pydantic_data_converter.payload_converter.from_payloads([payload], [LOADED])
        if isinstance(loaded, PolicyRef):
            refs.append(loaded)
    return refs


def keep_named(history: WorkflowHistory) -> list[Path]:
    """Write the snapshots `history` names (registered in this process: the line that ran it) beside it."""
    POLICIES.mkdir(exist_ok=True)
    written = []
    for ref in named_in(history):
        path = POLICIES / f"{ref.digest}.json"
        path.write_text(registry.resolve(ref).model_dump_json(indent=1) + "\n")
        written.append(path)
    return written


def register_recorded() -> int:
    """Register every kept snapshot under the digest its file is named by; returns how many there are."""
    paths = sorted(POLICIES.glob("*.json"))
    for path in paths:
        registry.add(Policy.model_validate_json(path.read_text()), path.stem)
    return len(paths)
