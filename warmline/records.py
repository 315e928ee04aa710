"""What the store keeps of a finished call, and the metrics computed from it.

The record is written once by the workflow's last activity (idempotent on
call_id); the metrics and the weekly review read only records, never live calls.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from warmline.models import ActionRecord, DispositionCode, Outcome, Reason, Utterance
from warmline.turn_log import TurnLog


class CallRecord(BaseModel):
    call_id: str
    started_at: datetime
    ended_at: datetime
    outcome: Outcome
    turns: int
    intent: str | None = None
    intent_confidence: float | None = None
    authenticated: bool = False
    auth_method: str | None = None
    caller_number: str | None = None
    account_id: str | None = None
    # Escalation (None for contained calls)
    reason: Reason | None = None
    reason_detail: str | None = None
    escalation_turn: int | None = None
    queue: str | None = None
    context_id: str | None = None
    context_delivered: bool | None = None  # at the moment of transfer
    ack_latency_s: float | None = None  # request to helpdesk acknowledgement
    helpdesk_ticket: str | None = None
    confirmation_seeking: bool = False
    queue_wait_s: float | None = None  # transfer to agent answering (or the caller leaving the hold)
    callback_reason: str | None = None  # after_hours | long_wait | helpdesk_unavailable
    callback_choice: str | None = None  # accepted | declined | no_answer
    # Agent side
    agent_id: str | None = None
    agent_connected_at: datetime | None = None
    agent_completed_at: datetime | None = None
    # Handle time = talk + hold + after-call work (warmline/handle_time.py), each kept.
    handle_time_s: float | None = None
    talk_s: float | None = None
    hold_s: float | None = None
    acw_s: float | None = None
    wrapped_up_at: datetime | None = None
    disposition_codes: list[DispositionCode] = Field(default_factory=list)
    repeat_explanation: bool | None = None
    disposition_notes: str | None = None
    intended_query_type: str | None = None  # the query type the agent said the caller meant (wrap-up)
    # Where the codes came from: the call's own wrap-up, or one that came back later (warmline/dispositions.py).
    disposition_source: Literal["call", "callback", "zendesk"] | None = None
    csat: int | None = None
    # For the weekly review and policy what-if
    actions: list[ActionRecord] = Field(default_factory=list)
    transcript: list[Utterance] = Field(default_factory=list)
    policy_version: str = ""
    # What each turn's plan was fed, for an exact what-if replay (stored in the `turns` table, not in the
    # record's document; empty for calls recorded before it was kept). None: recorded before this was kept.
    turn_log: list[TurnLog] = Field(default_factory=list)
    verified_at_start: bool | None = None  # the gateway said the caller was verified when the call began


class Rate(BaseModel):
    value: float | None  # None when there is nothing to divide by
    numerator: int
    denominator: int


class CsatMetric(BaseModel):
    """CSAT as % of 4-5 scores (the usual contact-centre CSAT); gap in percentage points."""

    ai: float | None
    escalated: float | None
    gap: float | None
    ai_mean: float | None
    escalated_mean: float | None
    ai_responses: int
    escalated_responses: int


class HandleTime(BaseModel):
    mean: float | None
    p50: float | None
    p90: float | None
    count: int


class DispositionCounts(BaseModel):
    """Agents' disposition codes over the coded calls: in total, per query type (intent) and per queue.

    Every code is listed (zero included) so a chart keeps its rows; a call with two codes counts once per code,
    and `coded_calls` says how many calls the counts come from.
    """

    coded_calls: int = 0
    by_source: dict[str, int] = Field(default_factory=dict)  # coded calls by where the codes came from
    by_code: dict[str, int] = Field(default_factory=dict)
    by_query_type: dict[str, dict[str, int]] = Field(default_factory=dict)
    by_queue: dict[str, dict[str, int]] = Field(default_factory=dict)


class MetricsReport(BaseModel):
    since: datetime | None
    until: datetime | None
    calls: int
    escalated: int
    escalation_rate: Rate
    repeat_explanation_rate: Rate
    csat: CsatMetric
    agent_handle_time_s: HandleTime
    escalation_reasons: dict[str, int]
    outcomes: dict[str, int]
    transfers_without_context: Rate
    helpdesk_ack_s: HandleTime
    # How long callers held before an agent answered (or they left): the queue wait agents' staffing sets.
    queue_wait_s: HandleTime = Field(default_factory=lambda: HandleTime(mean=None, p50=None, p90=None, count=0))
    # Handle time's parts (agent_handle_time_s is their sum), each over the calls that have it.
    talk_s: HandleTime = Field(default_factory=lambda: HandleTime(mean=None, p50=None, p90=None, count=0))
    hold_s: HandleTime = Field(default_factory=lambda: HandleTime(mean=None, p50=None, p90=None, count=0))
    acw_s: HandleTime = Field(default_factory=lambda: HandleTime(mean=None, p50=None, p90=None, count=0))
    # The queue from its own events (transfer, agent connected, caller hung up): callers who left it before an
    # agent answered over callers who waited in it, the wait of those answered and of those who left.
    queue_abandonment: Rate = Field(default_factory=lambda: Rate(value=None, numerator=0, denominator=0))
    answered_wait_s: HandleTime = Field(default_factory=lambda: HandleTime(mean=None, p50=None, p90=None, count=0))
    abandoned_wait_s: HandleTime = Field(default_factory=lambda: HandleTime(mean=None, p50=None, p90=None, count=0))
    # Callback offers by the caller's answer (accepted, declined, no_answer), and why they were offered.
    callback_choices: dict[str, int] = Field(default_factory=dict)
    callback_reasons: dict[str, int] = Field(default_factory=dict)
    flags: list[str] = Field(default_factory=list)  # metrics outside the seed's interpretation bands
    # What agents said the AI got wrong (disposition codes), so the counts sit beside the rates they explain.
    dispositions: DispositionCounts = Field(default_factory=DispositionCounts)


class RecordResult(BaseModel):
    """What the store did with a record; `write` is "unchanged" when a retry found it already stored."""

    call_id: str
    stored: bool
    write: Literal["inserted", "unchanged", "replaced"]
