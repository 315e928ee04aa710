"""Policy what-if: replay recorded calls against a draft policy, next to the live one and what really happened.

Every call is replayed through `warmline.replay.replay` (the same `plan_turn` the
call workflow runs, fed the turn log). Before a draft's figures are worth
anything the live policy's replay must reproduce the recorded calls: `fidelity`
compares the two call by call, and below `FIDELITY_BAR` the report marks itself
and the draft's figures untrusted (docs/whatif.md). Nothing here touches a live
call: it reads records and calls an injected `understand` only for calls recorded
before turn logs (or when asked to re-run understanding).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from typing import Literal

import yaml
from pydantic import BaseModel, Field

from warmline.models import Speaker
from warmline.policy import Policy, PolicyError
from warmline.policy_file import parse_policy
from warmline.records import CallRecord
from warmline.replay import Replay, Understand, agrees, recorded, replay

MAX_CHANGES = 100
FIDELITY_BAR = 0.99
ChangeKind = Literal["now_contained", "now_escalated", "reason_changed", "queue_changed"]


class Summary(BaseModel):
    calls: int
    contained: int  # no trigger fired within the recorded caller turns
    containment: float | None
    escalations: dict[str, int]  # per trigger
    queues: dict[str, int]  # escalations per queue
    trusted: bool = True  # False: the live policy's replay did not reproduce the recorded calls (see fidelity)


class Change(BaseModel):
    call_id: str
    kind: ChangeKind
    before: Replay
    after: Replay
    caller_turns: list[str]


class Disagreement(BaseModel):
    """A call the live policy's replay does not reproduce: what it did, and what the replay says."""

    call_id: str
    recorded: Replay
    replayed: Replay


class Fidelity(BaseModel):
    """How well the live policy's replay reproduces what the calls did (end, escalation turn, trigger, queue)."""

    calls: int
    agree: int
    agreement: float | None
    bar: float = FIDELITY_BAR
    trusted: bool  # agreement >= bar
    reran_understanding: int = 0  # calls replayed by re-running understanding (no turn log, or asked to)
    backends: dict[str, int] = Field(default_factory=dict)  # recorded turns per understanding back-end@version
    other_policy: int = 0  # calls recorded under another live policy version than the one replayed
    assumed_steps: int = 0  # steps the live replay had no recorded outcome for
    disagreements: list[Disagreement] = Field(default_factory=list)  # the first MAX_CHANGES
    note: str = ""


class WhatIfReport(BaseModel):
    current_version: str
    draft_version: str
    current: Summary
    draft: Summary
    routing_changes: dict[str, int]  # "from → to": calls
    changes: list[Change] = Field(default_factory=list)  # the first MAX_CHANGES calls that would differ
    # What the calls actually did, and how well the live replay reproduces it (empty and untrusted in a report
    # made before either was measured, as a recorded workflow history may hold).
    recorded: Summary = Field(
        default_factory=lambda: Summary(calls=0, contained=0, containment=None, escalations={}, queues={})
    )
    fidelity: Fidelity = Field(
        default_factory=lambda: Fidelity(calls=0, agree=0, agreement=None, trusted=False, note="not measured")
    )
    trusted: bool = False  # the draft's figures can be read as predictions (fidelity at or above its bar)


def summarize(replays: Sequence[Replay], trusted: bool = True) -> Summary:
    esc = [x for x in replays if x.escalated]
    contained = len(replays) - len(esc)
    return Summary(
        calls=len(replays),
        contained=contained,
        containment=round(contained / len(replays), 4) if replays else None,
        escalations=dict(Counter(x.reason for x in esc if x.reason).most_common()),
        queues=dict(Counter(x.queue for x in esc if x.queue).most_common()),
        trusted=trusted,
    )


def change(before: Replay, after: Replay) -> ChangeKind | None:
    if before.escalated != after.escalated:
        return "now_escalated" if after.escalated else "now_contained"
    if before.reason != after.reason:
        return "reason_changed"
    return "queue_changed" if before.queue != after.queue else None


def fidelity_of(policy: Policy, records: Sequence[CallRecord], live: Sequence[Replay]) -> Fidelity:
    """The live policy's replays against the recorded calls, call by call."""
    agree, off = 0, list[Disagreement]()
    for r, rep in zip(records, live, strict=True):
        if agrees(recorded(r), rep):
            agree += 1
        elif len(off) < MAX_CHANGES:
            off.append(Disagreement(call_id=r.call_id, recorded=recorded(r), replayed=rep))
    agreement = round(agree / len(records), 4) if records else None
    trusted = agreement is not None and agreement >= FIDELITY_BAR
    reran = sum(x.reran_understanding for x in live)
    backends = Counter(t.backend_version or t.understanding.backend for r in records for t in r.turn_log)
    notes = []
    if not trusted:
        notes.append(
            f"the live policy's replay reproduces {agree} of {len(records)} recorded calls, below the "
            f"{FIDELITY_BAR:.0%} bar: the draft's figures are not trusted"
        )
    if reran:
        notes.append(
            f"{reran} calls replayed by re-running understanding with today's back-end, which may differ from "
            "the one that ran"
        )
    return Fidelity(
        calls=len(records),
        agree=agree,
        agreement=agreement,
        trusted=trusted,
        reran_understanding=reran,
        backends=dict(backends.most_common()),
        other_policy=sum(1 for r in records if r.policy_version and r.policy_version != policy.version),
        assumed_steps=sum(x.assumed_steps for x in live),
        disagreements=off,
        note="; ".join(notes),
    )


async def what_if(
    records: Sequence[CallRecord],
    current: tuple[Policy, Understand | None],
    draft: tuple[Policy, Understand | None],
    rerun: bool = False,
) -> WhatIfReport:
    """Replay every record under the current and the draft policy; report what would change, and how far to trust it.

    `understand` (per policy) is called only for calls without a turn log, or for every turn when `rerun`.
    """
    befores = [await replay(current[0], r, current[1], rerun) for r in records]
    afters = [await replay(draft[0], r, draft[1], rerun) for r in records]
    fidelity = fidelity_of(current[0], records, befores)
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
        draft=summarize(afters, fidelity.trusted),
        routing_changes=dict(routing),
        changes=changes,
        recorded=summarize([recorded(r) for r in records]),
        fidelity=fidelity,
        trusted=fidelity.trusted,
    )


class WhatIfRequest(BaseModel):
    draft_yaml: str
    since: str | None = None  # ISO 8601
    until: str | None = None
    limit: int = Field(default=1000, ge=1, le=20_000)  # the most recent calls of the window
    rerun_understanding: bool = False  # re-run understanding even where the turn's result was recorded


def parse_draft(text: str) -> Policy:
    """The draft policy, or `PolicyError` naming the field (versioned like a policy file)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise PolicyError(f"draft policy: not valid YAML: {e}") from None
    policy = parse_policy(data, "draft policy")
    return policy.model_copy(update={"version": "draft-" + hashlib.sha256(text.encode()).hexdigest()[:8]})
