"""Labelled multi-turn calls run through the real decision path, without Temporal.

Per turn, exactly what `CallWorkflow.turn` does: the back-end reads the caller's
words with the dialog context the workflow would give it (`pending`,
`last_query_type`), `warmline.triggers.decide` applies the five triggers, and on
escalation `warmline.routing.queue_for` names the queue. A call is right when its
decision (trigger, turn, queue) is exactly the labelled one; a call labelled with
no trigger must never escalate.

Sentiment figures come from the same runs: on calls labelled `mood: calm` any
specialist offer (or sentiment escalation) is a false offer; on `mood: frustrated`
calls the detection turn is the first turn the AI offers a specialist (or
escalates for sentiment), counted from the turn the caller first sounds upset.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from contextlib import aclosing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field

from activities.understanding.base import Understander
from warmline.policy import Policy
from warmline.policy_file import load_policy
from warmline.routing import queue_for
from warmline.trigger_models import Decision, DecisionKind, TriggerState
from warmline.triggers import decide, pending_for
from warmline.understanding import Understanding, UnderstandingRequest

ROOT = Path(__file__).resolve().parent.parent
CONVERSATIONS = Path(__file__).resolve().parent / "conversations"
POLICIES = {
    "brightwave": ROOT / "tests" / "fixtures" / "brightwave.yaml",
    "riverside_dental": ROOT / "tests" / "understanding" / "fixtures" / "riverside_dental.yaml",
}
NONE = "none"


class Turn(BaseModel):
    text: str
    asr: float | None = None


class Expect(BaseModel):
    trigger: str = NONE  # a Reason value, or "none"
    turn: int | None = None
    queue: str | None = None
    # The context's flag, checked by "right in full" when labelled (the lines under eval/lines/ label it on every
    # customer_request call; the two older sets never did, so their flag is not judged).
    confirmation_seeking: bool | None = None


class Call(BaseModel):
    id: str
    turns: list[Turn | str]
    expect: Expect = Field(default_factory=Expect)
    mood: Literal["calm", "frustrated"] | None = None
    upset_from: int | None = None  # frustrated calls: the first turn that sounds upset
    note: str | None = None  # why the label is what it is, when that is not obvious

    def turn_list(self) -> list[Turn]:
        return [t if isinstance(t, Turn) else Turn(text=t) for t in self.turns]


class CallSet(BaseModel):
    policy: str = ""  # a name in POLICIES (the older sets); the lines under eval/lines/ carry `line` instead
    line: str = ""
    calls: list[Call]


@dataclass
class Outcome:
    call: Call
    trigger: str = NONE
    turn: int | None = None
    queue: str | None = None
    confirmation_seeking: bool = False
    kinds: list[DecisionKind] = field(default_factory=list)

    @property
    def right(self) -> bool:
        e = self.call.expect
        if e.trigger == NONE:
            return self.trigger == NONE
        return (self.trigger, self.turn, self.queue) == (e.trigger, e.turn, e.queue)

    @property
    def offered_at(self) -> int | None:
        """First turn the AI offered a specialist or escalated for sentiment."""
        for i, kind in enumerate(self.kinds, start=1):
            if kind == "offer" or (kind == "escalate" and self.trigger == "sentiment" and i == self.turn):
                return i
        return None


# libyaml's safe loader when PyYAML has it (the same objects): the pure-Python one took ~15 s of a loaded 2-core box to
# read the development lines' files, ~2 s this way, and the tests read every line three times (docs/testing.md).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """A labelled file's contents, read safely."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)


def load_sets(directory: Path = CONVERSATIONS) -> list[CallSet]:
    return [CallSet.model_validate(read_yaml(p)) for p in sorted(directory.glob("*.yaml"))]


def policy(name: str) -> Policy:
    return load_policy(POLICIES[name])


async def walk(
    u: Understander, pol: Policy, call: Call
) -> AsyncGenerator[tuple[int, Turn, TriggerState, Understanding, Decision], None]:
    """Each turn of `call` read and decided with the context `CallWorkflow` gives the back-end: its number, the turn,
    the trigger state it was decided in, the reading and the decision. It runs on past an escalation or a goodbye (the
    fits under `eval/` read every turn); `run_call` stops where the call would."""
    state = TriggerState()
    for n, t in enumerate(call.turn_list(), start=1):
        req = UnderstandingRequest(
            call_id=call.id,
            turn=n,
            text=t.text,
            asr_confidence=t.asr,
            pending=pending_for(state),
            last_query_type=state.topic,
        )
        got = await u.understand(req)
        d = decide(pol, state, n, got, t.asr)
        yield n, t, state, got, d
        state = d.state.model_copy(update={"last_kind": d.kind})


async def run_call(u: Understander, pol: Policy, call: Call) -> Outcome:
    """Drive one call turn by turn, giving the back-end the context `CallWorkflow` gives it."""
    out = Outcome(call)
    async with aclosing(walk(u, pol, call)) as turns:
        async for n, _, _, _, d in turns:
            out.kinds.append(d.kind)
            if d.kind == "escalate":
                assert d.reason is not None
                out.trigger, out.turn, out.queue = d.reason.value, n, queue_for(pol, d.query_type)
                out.confirmation_seeking = d.confirmation_seeking
                break
            if d.kind == "goodbye":
                break
    return out


async def run_sets(backend: str, build: Callable[[str, Policy], Understander], sets: list[CallSet]) -> list[Outcome]:
    outcomes = []
    for s in sets:
        pol = policy(s.policy)
        u = build(backend, pol)
        for call in s.calls:
            outcomes.append(await run_call(u, pol, call))
    return outcomes
