"""What the weekly review's threshold fitting reads and says: costs, labelled figures, fitted changes.

Kept apart from the fitting itself (warmline/fitting.py) so the review's report
models can carry a fit without importing the replay. Every figure here comes
from replaying the period's calls (warmline/replay.py), never from a guess.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Label = Literal["unneeded", "needed"]
# The fields the fit tunes, as named under `defaults` or a query type in the policy file.
FitField = Literal["low_confidence.threshold", "sentiment.threshold", "max_failed_attempts"]
MAX_CALLS_LISTED = 100


class Costs(BaseModel):
    """The stated cost a fit lowers: unneeded escalations × `unneeded` + missed escalations × `missed`."""

    unneeded: float = Field(default=1.0, gt=0)  # an agent's time on a call the AI could have finished
    missed: float = Field(default=2.0, gt=0)  # a caller kept with the AI who needed a person


class Figures(BaseModel):
    """One policy's replay of the period's replayable calls, scored against the agents' labels."""

    calls: int  # calls replayed
    contained: int  # of them, ended without a handoff under this policy
    unneeded: int  # calls agents coded `ai_over_escalated` that this policy still escalates
    missed: int  # calls agents needed (see docs/review.md) that this policy keeps with the AI
    cost: float


class CallChange(BaseModel):
    """A call whose end the proposed value changes, and what the agents' label says of that."""

    call_id: str
    label: Label | None  # None: no agent coded it, so it is not counted in the cost
    before: str  # "contained" or "<trigger>@<turn>"
    after: str


class FittedChange(BaseModel):
    """One field of one scope moved to the candidate value the replay found cheapest."""

    scope: str | None  # a query type, or None for `defaults`
    field: FitField
    current: float | int
    proposed: float | int
    before: Figures  # the live policy's replay
    after: Figures  # the replay of the proposed policy file
    changed: list[CallChange] = Field(default_factory=list)  # the first MAX_CALLS_LISTED calls that change
    changed_calls: int = 0  # all of them
    improved: int = 0  # labelled calls it sets right: unneeded escalations now contained, needed ones now escalated
    worsened: int = 0  # labelled calls it sets wrong (or moves to another trigger or turn)
    diff: str = ""  # unified diff of the policy YAML, live → proposed

    @property
    def target(self) -> str:
        where = f"query_types[{self.scope}]" if self.scope else "defaults"
        return f"{where}.{self.field}"


class FitRequest(BaseModel):
    """Fit over the calls that started in [since, until) (ISO 8601, readable in the Temporal UI)."""

    since: str
    until: str


class FitReport(BaseModel):
    """The fit of one period: whether the replay is trusted, the labels it scored, the changes it proposes."""

    trusted: bool  # the live policy's replay reproduces the calls (fidelity at or above the what-if's bar)
    calls: int  # calls in the period
    replayed: int  # calls with a turn log: the only ones the fit replays (nothing is re-understood)
    agreement: float | None  # the live policy's replay against the recorded calls
    labelled: dict[str, int] = Field(default_factory=dict)  # "unneeded" / "needed" / "unlabelled": calls
    costs: Costs = Field(default_factory=Costs)
    live: Figures | None = None  # the live policy's figures (None when nothing was replayed)
    candidates: int = 0  # candidate policies replayed
    changes: list[FittedChange] = Field(default_factory=list)  # only those that lower the cost
    policy_source: Literal["file", "dump"] = "file"  # the YAML the diffs edit: the policy file, or a dump of it
    note: str = ""
