"""Hands each new call the policy it will live by.

The workflow cannot read files, so its first step is this local activity; its result is recorded
in the call's history. Asked `by_digest` (calls since the lean start), it answers with a `PolicyRef`
(~100 bytes) naming the snapshot registered in `warmline.policy_snapshots`; otherwise (the queue
workflow, and calls started before) with the whole snapshot (~12 KB). Either way every later decision,
and every replay, uses that same snapshot, even if the file changes mid-call.
"""

from __future__ import annotations

from temporalio import activity

from warmline import policy_snapshots
from warmline.policy import Policy
from warmline.policy_snapshots import PolicyRef, PolicyRequest


class PolicyActivities:
    def __init__(self, policy: Policy) -> None:
        self._snapshot = policy.without_examples()
        self._ref = policy_snapshots.register(self._snapshot)

    @activity.defn(name="load_call_policy")
    async def load_call_policy(self, req: PolicyRequest) -> Policy | PolicyRef:
        return self._ref if req.by_digest else self._snapshot
