"""A turn's plan as the call's history records it, so a replay reads the plan the caller lived through.

`plan_turn` changes with every round of tuning. Run in workflow code, a replay after a deploy (worker
restart, cache eviction, another worker taking the call) would re-plan every past turn with the new
code: a different decision schedules different commands (a nondeterminism error, the call stuck with a
caller on the line), or the same commands with different counts (failures, upset turns). Planned inside
the turn's `understand` local activity instead, the plan is in the activity's recorded result; a replay
reads it from there (docs/architecture.md, "The path of a turn"; docs/reliability.md, "Deploys under live calls").

The recorded plan never holds an identifier's value: `capture` keeps names and positions, and the
workflow reads the values back out of the caller's words, which it holds in memory (`with_values`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, PlainSerializer

from warmline.auth import extract
from warmline.policy import Policy
from warmline.policy_snapshots import PolicyRef
from warmline.turn_models import Dialog, StepOutcome, TurnInput, TurnPlan
from warmline.understanding import Understanding, UnderstandingRequest


def _lean(plan: TurnPlan) -> dict[str, Any]:
    return plan.model_dump(mode="json", exclude_defaults=True)


# A plan as history records it: fields at their defaults left out (read back as the same defaults), ~800 bytes
# of JSON a turn down to ~200 (docs/reliability.md, "Deploys under live calls").
RecordedPlan = Annotated[TurnPlan, PlainSerializer(_lean, return_type=dict)]


class PlanContext(BaseModel):
    """What the plan reads besides the understanding: the call's policy by digest, its dialog, the clock."""

    policy: PolicyRef
    dialog: Dialog
    text: str  # as said, before redaction (identifiers are read from it); a local activity's input is not recorded
    now: datetime


class TurnAsk(UnderstandingRequest):
    """The `understand` local activity's input: the turn to understand and, to plan it too, its context.

    `plan_with` None: understand only (a caller that plans for itself, as the evaluation does)."""

    plan_with: PlanContext | None = None


class Understood(Understanding):
    """The `understand` local activity's result: the understanding and the turn's first plan.

    `plan` None in a history recorded by a build before the plan was recorded: the workflow plans
    that turn itself, as it did then (so those histories replay unchanged, with no patch marker).
    """

    plan: RecordedPlan | None = None

    def understanding(self) -> Understanding:
        """The understanding alone, as the turn log and the what-if keep it (the plan is the workflow's)."""
        return Understanding.model_construct(**{name: getattr(self, name) for name in Understanding.model_fields})


class PlanRequest(BaseModel):
    """The `plan_turn` local activity's input: a re-plan after a step's outcome, or a turn not understood."""

    policy: PolicyRef
    dialog: Dialog
    said: TurnInput
    done: list[StepOutcome] = Field(default_factory=list)
    now: datetime


class Planned(BaseModel):
    """The `plan_turn` local activity's result."""

    plan: RecordedPlan


def recordable(plan: TurnPlan) -> TurnPlan:
    """The plan as history may hold it: identifiers captured by name and position, never by value."""
    if not plan.capture:
        return plan
    return plan.model_copy(update={"capture": [c.model_copy(update={"value": ""}) for c in plan.capture]})


def with_values(plan: TurnPlan, policy: Policy, text: str) -> TurnPlan:
    """The recorded plan with its captured identifiers' values read again from the caller's words (`text`).

    The plan found them the same way (`extract`, first match of each wanted identifier), so the values are
    the ones it saw.
    """
    auth = policy.authentication
    if not plan.capture or auth is None:
        return plan
    found = {c.name: c for c in extract(auth.identifiers, text, [c.name for c in plan.capture])}
    return plan.model_copy(update={"capture": [found.get(c.name, c) for c in plan.capture]})
