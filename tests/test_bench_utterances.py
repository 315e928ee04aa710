"""The benchmarks' callers stay with the AI: every call of `bench.arrivals`, eight turns on one topic worded anew
each time, is answered on every turn by the demo policy (the decision the workflow takes, no Temporal needed).

A turn the line escalates is an error in a spike's table, so a topic the understanding reads as a failure (a
question asked again right after its answer) would make the benchmark report errors that are not latency.
"""

from __future__ import annotations

import itertools

import pytest

from bench.turns import TOPICS, worded
from eval import backends
from eval.calls import Call, run_call
from warmline.policy_file import load_policy

POLICY = "policies/demo.yaml"


@pytest.mark.parametrize("topic", TOPICS, ids=[t[0] for t in TOPICS])
async def test_every_benchmark_turn_is_answered(topic: tuple[str, ...]) -> None:
    pol = load_policy(POLICY)
    u = backends.build("embedded", pol)
    said = itertools.count()
    failed = []
    for n in range(40):
        # `worded` varies name, day and time; a stride spreads 40 calls over names and days as a spike's do.
        turns = [worded(topic[k % len(topic)], next(said) * 97 + n) for k in range(1, 9)]
        out = await run_call(u, pol, Call.model_validate({"id": f"bench-{n}", "turns": turns}))
        if out.trigger != "none":
            failed.append((out.trigger, out.turn, turns[: out.turn or 0][-1:]))
    assert not failed, failed
