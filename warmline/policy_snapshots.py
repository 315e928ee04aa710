"""Policies by content: a call's history names the policy snapshot it lives by instead of holding it.

Each call used to record the whole policy snapshot (~12 KB, the `load_call_policy` local activity's
marker) in its history, on every call start. A call now asks for it `by_digest` and the activity
records a `PolicyRef` instead (the file's version and a digest of the snapshot's content, ~100 bytes);
the workflow reads the snapshot from this process-wide table, keyed by that digest. Deterministic: a
digest names exactly one snapshot and a registered snapshot never changes (policies are frozen), so
every replay, anywhere, reads the same policy.

The recorded result also says which code ran the call's first task, with no `workflow.patched`
marker (whose `TemporalChangeVersion` upsert would cost each start the visibility write the lean start
saves): a history holding a whole `Policy` was started by code before the lean start and replays that
way; one holding a `PolicyRef` was started by code that also took the search attributes from the start
request (`CallSession.shown_at_start`).

The worker registers its own policy when it builds its activities, keeps it in the store at start and
registers every snapshot kept there (`store/policy_snapshots.py`), so a worker started after the policy
file changed still reads the snapshot a live call began on. A worker that does not know a call's digest
(one started before another worker brought a new policy) fails that workflow task with
`UnknownPolicySnapshot` (not the call: Temporal retries the task, on any worker of the line) and
fetches the snapshot from the store for the retry (`on_miss`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

from warmline.policy import Policy


class PolicyRequest(BaseModel):
    """Which call (or queue workflow) asks for the policy: the `load_call_policy` activity's input.

    `by_digest`: answer with a `PolicyRef`, not the snapshot (calls since the lean start; a worker from
    before it ignores the field and answers with the snapshot, which the call then runs on)."""

    call_id: str
    by_digest: bool = False


class PolicyRef(BaseModel):
    """What a call's history records of its policy: the file's version and the snapshot's content digest."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    digest: str


class UnknownPolicySnapshot(RuntimeError):
    """This process does not hold the snapshot a call names (not an ApplicationError: the task is retried)."""


_SNAPSHOTS: dict[str, Policy] = {}
_on_miss: Callable[[str], None] | None = None


def digest_of(snapshot: Policy) -> str:
    """The snapshot's content digest (sha256 of its JSON)."""
    return hashlib.sha256(snapshot.model_dump_json().encode()).hexdigest()


def add(snapshot: Policy, digest: str | None = None) -> bool:
    """Make `snapshot` readable under `digest` (its own by default; a stored one as recorded); True if new."""
    d = digest or digest_of(snapshot)
    if d in _SNAPSHOTS:
        return False
    _SNAPSHOTS[d] = snapshot
    return True


def register(snapshot: Policy) -> PolicyRef:
    """Make `snapshot` readable by digest in this process; returns what a history records of it."""
    digest = digest_of(snapshot)
    add(snapshot, digest)
    return PolicyRef(version=snapshot.version, digest=digest)


def on_miss(hook: Callable[[str], None] | None) -> None:
    """Told the digest a workflow asked for and this process lacks (the worker fetches it from the store, off
    the workflow's thread, for the task's retry). Never blocks: it is called from workflow code."""
    global _on_miss
    _on_miss = hook


def resolve(ref: PolicyRef) -> Policy:
    """The snapshot `ref` names, or `UnknownPolicySnapshot` naming it."""
    try:
        return _SNAPSHOTS[ref.digest]
    except KeyError:
        if _on_miss is not None:
            _on_miss(ref.digest)
        raise UnknownPolicySnapshot(
            f"policy snapshot {ref.digest[:16]} (policy version {ref.version}) is not registered in this worker; "
            "the workflow task is retried (warmline/policy_snapshots.py)"
        ) from None


def policy_of(loaded: Policy | PolicyRef) -> Policy:
    """The policy a `load_call_policy` result stands for: the snapshot itself, or the one its digest names."""
    return loaded if isinstance(loaded, Policy) else resolve(loaded)
