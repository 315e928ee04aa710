"""What a weekly review says: the patterns in the agents' dispositions and the policy changes they suggest.

A report is stored as JSON and read on the dashboard and as Markdown, so every
pattern carries its evidence (counts, the callers' own words, example calls) and
every proposal names the policy field it would change.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from warmline.fitting_models import FitReport, FittedChange
from warmline.records import CallRecord, MetricsReport

PAGE = 500  # records per page a review reads: a week of a busy line stays under Temporal's payload limit

PatternKind = Literal["misidentified_intent", "knowledge_gap", "integration_failure", "over_escalation"]
ProposalKind = Literal[
    "add_examples", "extend_answer", "new_query_type", "fix_integration", "raise", "lower", "review_flow"
]


class Example(BaseModel):
    """One call behind a pattern: its id and what was said, in order (`caller: ...` / `ai: ...`)."""

    call_id: str
    lines: list[str]
    notes: str | None = None  # the agent's disposition notes


class Pattern(BaseModel):
    kind: PatternKind
    key: str  # what the calls share: a query type, a trigger, "query type · account type"
    count: int
    of: int  # the calls it is counted among (e.g. escalations for that trigger with a disposition)
    detail: str
    phrasings: list[str] = Field(default_factory=list)  # callers' words the AI mishandled
    examples: list[Example] = Field(default_factory=list)
    # Misread phrasings grouped by meaning (warmline/review_meaning.py): the query type the AI read (the most
    # common, when it read the group several ways), the one the caller meant, and where that came from: the
    # agents' "should have been" choice at wrap-up, or (when no agent chose one) a name in their notes.
    read_as: str | None = None
    intended: str | None = None
    intended_from: Literal["agent", "notes"] | None = None


class Proposal(BaseModel):
    kind: ProposalKind
    target: str  # the policy field, e.g. "query_types[bill_dispute].examples", "defaults.low_confidence.threshold"
    change: str  # one sentence a lead can act on
    evidence: int  # how many calls support it
    current: Any = None
    proposed: Any = None  # a value (threshold) or the lines to add (examples)
    # A threshold or limit fitted by replaying the period's calls: its before/after figures, the calls that
    # change and the policy diff (docs/review.md). None for proposals read from patterns alone.
    fitted: FittedChange | None = None


class Phrasing(BaseModel):
    """A misread call's opening words, to be embedded."""

    call_id: str
    text: str


class MeaningRequest(BaseModel):
    """The misread calls' words to group by meaning, and the mean cosine a group needs (warmline/meaning.py)."""

    phrasings: list[Phrasing]
    threshold: float


class MeaningGroups(BaseModel):
    """Call ids whose words mean the same thing, largest group first."""

    groups: list[list[str]]


class ReviewRequest(BaseModel):
    """Review the calls that started in [since, until); both None: the week before the run."""

    since: datetime | None = None
    until: datetime | None = None


class ReviewReport(BaseModel):
    review_id: str
    since: datetime
    until: datetime
    created_at: datetime
    policy_version: str
    calls: int
    disposed: int  # escalated calls an agent wrapped up with disposition codes
    metrics: MetricsReport
    patterns: list[Pattern]
    proposals: list[Proposal]
    fit: FitReport | None = None  # the thresholds fitted to the agents' codes (None: a review made before fitting)


class ReviewSummary(BaseModel):
    """A row of `GET /v1/reviews`."""

    review_id: str
    since: datetime
    until: datetime
    created_at: datetime
    calls: int
    patterns: int
    proposals: int
    flags: list[str]


class PageRequest(BaseModel):
    since: str  # ISO 8601; strings keep the request readable in the Temporal UI
    until: str
    offset: int = 0
    limit: int = PAGE


class Page(BaseModel):
    records: list[CallRecord]
    more: bool
