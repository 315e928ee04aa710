"""Policy what-if: replay recorded calls' caller turns against a draft policy, next to the live one.

Both policies go through the same understanding back-end, the same trigger rules
(`warmline.triggers.decide`) and the same routing, so the difference between the
two replays is the policy change alone (the recorded outcome also reflects ASR
confidence and business hours, which a replay does not have). Nothing here
touches a live call: it reads records and calls an injected `understand`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from typing import Literal

import yaml
from pydantic import BaseModel, Field

from warmline.models import Speaker
from warmline.policy import Policy, PolicyError, parse_policy
from warmline.records import CallRecord
from warmline.routing import queue_for
from warmline.triggers import TriggerState, decide
from warmline.understanding import Understanding, UnderstandingRequest

Understand = Callable[[UnderstandingRequest], Awaitable[Understanding]]
MAX_CHANGES = 100
ChangeKind = Literal["now_contained", "now_escalated", "reason_changed", "queue_changed"]


class Replay(BaseModel):
    """One call under one policy: escalated (why, where, at which turn) or not within the recorded turns."""

    escalated: bool
    reason: str | None = None
    queue: str | None = None
    turn: int | None = None


class Summary(BaseModel):
    calls: int
    contained: int  # no trigger fired within the recorded caller turns
    containment: float | None
    escalations: dict[str, int]  # per trigger
    queues: dict[str, int]  # escalations per queue


class Change(BaseModel):
    call_id: str
    kind: ChangeKind
    before: Replay
    after: Replay
    caller_turns: list[str]


class WhatIfReport(BaseModel):
    current_version: str
    draft_version: str
    current: Summary
    draft: Summary
    routing_changes: dict[str, int]  # "from → to": calls
    changes: list[Change] = Field(default_factory=list)  # the first MAX_CHANGES calls that would differ


async def replay(policy: Policy, understand: Understand, r: CallRecord) -> Replay:
    """Feed the caller's recorded turns through understanding + triggers as the call workflow does."""
    state, last_kind = TriggerState(), None
    said = [u.text for u in r.transcript if u.speaker == Speaker.CALLER]
    for n, text in enumerate(said, 1):
        pending: Literal["offer", "clarify", "answer"] | None = (
            "offer"
            if state.offer_pending
            else "answer"
            if last_kind in ("answer", "retry")
            else "clarify"
            if last_kind == "clarify"
            else None
        )
        u = await understand(
            UnderstandingRequest(
                call_id=r.call_id,
                turn=n,
                text=text,
                pending=pending,
                last_query_type=state.topic,
                policy_version=policy.version,
            )
        )
        d = decide(policy, state, n, u)
        state, last_kind = d.state, d.kind
        if d.kind == "escalate" and d.reason:
            return Replay(escalated=True, reason=d.reason.value, queue=queue_for(policy, d.query_type), turn=n)
        if d.kind == "goodbye":
            break
    return Replay(escalated=False)


def summarize(replays: Sequence[Replay]) -> Summary:
    esc = [x for x in replays if x.escalated]
    contained = len(replays) - len(esc)
    return Summary(
        calls=len(replays),
        contained=contained,
        containment=round(contained / len(replays), 4) if replays else None,
        escalations=dict(Counter(x.reason for x in esc if x.reason).most_common()),
        queues=dict(Counter(x.queue for x in esc if x.queue).most_common()),
    )


def change(before: Replay, after: Replay) -> ChangeKind | None:
    if before.escalated != after.escalated:
        return "now_escalated" if after.escalated else "now_contained"
    if before.reason != after.reason:
        return "reason_changed"
    return "queue_changed" if before.queue != after.queue else None


async def what_if(
    records: Sequence[CallRecord], current: tuple[Policy, Understand], draft: tuple[Policy, Understand]
) -> WhatIfReport:
    """Replay every record under the current and the draft policy and report what would change."""
    befores = [await replay(current[0], current[1], r) for r in records]
    afters = [await replay(draft[0], draft[1], r) for r in records]
    changes: list[Change] = []
    routing: Counter[str] = Counter()
    for r, b, a in zip(records, befores, afters, strict=True):
        kind = change(b, a)
        if kind is None:
            continue
        if b.queue and a.queue and b.queue != a.queue:
            routing[f"{b.queue} → {a.queue}"] += 1
        if len(changes) < MAX_CHANGES:
            said = [u.text for u in r.transcript if u.speaker == Speaker.CALLER]
            changes.append(Change(call_id=r.call_id, kind=kind, before=b, after=a, caller_turns=said))
    return WhatIfReport(
        current_version=current[0].version,
        draft_version=draft[0].version,
        current=summarize(befores),
        draft=summarize(afters),
        routing_changes=dict(routing),
        changes=changes,
    )


class WhatIfRequest(BaseModel):
    draft_yaml: str
    since: str | None = None  # ISO 8601
    until: str | None = None
    limit: int = Field(default=1000, ge=1, le=20_000)  # the most recent calls of the window


def parse_draft(text: str) -> Policy:
    """The draft policy, or `PolicyError` naming the field (versioned like a policy file)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise PolicyError(f"draft policy: not valid YAML: {e}") from None
    policy = parse_policy(data, "draft policy")
    return policy.model_copy(update={"version": "draft-" + hashlib.sha256(text.encode()).hexdigest()[:8]})
