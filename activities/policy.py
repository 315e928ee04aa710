"""Hands each new call the policy it will live by.

The workflow cannot read files, so its first step is this local activity: the
policy lands in the call's history and every later decision (and every replay)
uses that same snapshot, even if the file changes mid-call.
"""

from __future__ import annotations

from temporalio import activity

from warmline.policy import Policy, PolicyRequest


class PolicyActivities:
    def __init__(self, policy: Policy) -> None:
        self._snapshot = policy.without_examples()

    @activity.defn(name="load_call_policy")
    async def load_call_policy(self, req: PolicyRequest) -> Policy:
        return self._snapshot
