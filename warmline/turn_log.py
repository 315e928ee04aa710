"""What the call workflow keeps of each turn so a what-if can replay the call exactly as the line lived it.

`plan_turn` (warmline/turn_plan.py) decides from the policy, the call's dialog, the
understood utterance, the outcomes of the steps it ran and the clock. The dialog is
rebuilt by the replay (warmline/replay.py); everything else is here, one `TurnLog`
per caller turn: the understanding result the turn acted on (so a replay does not
re-run a back-end that may have changed since), the ASR confidence, the names of the
identifiers said (never their values), the lookups' and identity checks' outcomes
and the instant of the plan (business hours). The records activity stores it in the
`turns` table (docs/whatif.md).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from warmline.turn_models import StepOutcome
from warmline.understanding import Understanding


class StepLog(StepOutcome):
    """A step's outcome as the plan read it, and the names of the values a passed identity check captured."""

    captured: list[str] = Field(default_factory=list)


class TurnLog(BaseModel):
    """One caller turn's inputs to `plan_turn`, as the live line had them."""

    turn: int
    at: datetime  # the clock of the turn's last plan: business hours are read from it
    understanding: Understanding
    asr_confidence: float | None = None
    identifiers: list[str] = Field(default_factory=list)  # identifiers said in the turn, by name
    steps: list[StepLog] = Field(default_factory=list)  # in the order the plan asked for them
    backend_version: str = ""  # the understanding back-end and code version that ran (stamped when stored)
