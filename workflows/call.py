"""CallWorkflow: one phone call, from greeting to recorded outcome.

Turns are updates (validated, so a turn outside the AI phase is refused before it
reaches history); hangup, agent events, disposition and CSAT are signals; `state`
is the query operators and the API read. Deterministic: every decision is a pure
function from `warmline`, every I/O an activity.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any, Literal

from temporalio import workflow
from temporalio.common import RetryPolicy, SearchAttributeUpdate
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.helpdesk.activity import HelpdeskActivities
    from activities.policy import PolicyActivities, PolicyRequest
    from activities.store.activity import StoreActivities
    from activities.understanding.activity import UnderstandingActivities
    from warmline import search_attributes as sa
    from warmline.context import HelpdeskAck, PublishRequest, WithdrawRequest, build_context
    from warmline.models import (
        ActionRecord,
        AgentEvent,
        Authentication,
        CallStart,
        CallState,
        Csat,
        Disposition,
        Escalation,
        Hangup,
        IntentRef,
        Interrupted,
        Outcome,
        Speaker,
        Status,
        TransferInfo,
        TurnRequest,
        TurnResult,
        Utterance,
    )
    from warmline.outcome import call_record
    from warmline.policy import Policy
    from warmline.replies import reply_for
    from warmline.routing import queue_for, route
    from warmline.triggers import Decision, TriggerState, decide, humanize
    from warmline.understanding import DialogAct, Understanding, UnderstandingRequest

WRONG_PHASE = "WrongPhase"
UNDERSTAND_TIMEOUT = timedelta(seconds=10)
# Delivery is retried until the helpdesk acknowledges: a payload is never dropped.
DELIVERY_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=0.5),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=10),
    maximum_attempts=0,
)


@workflow.defn
class CallWorkflow:
    @workflow.init
    def __init__(self, start: CallStart) -> None:
        caller = start.caller
        self._state = CallState(
            call_id=start.call_id,
            caller=caller,
            started_at=workflow.now(),
            authentication=Authentication(
                verified=caller.authenticated,
                method=(caller.auth_method or "gateway") if caller.authenticated else None,
                verified_at=workflow.now() if caller.authenticated else None,
            ),
        )
        self._policy: Policy | None = None
        self._triggers = TriggerState()
        self._last_kind: str | None = None
        self._lock = asyncio.Lock()
        self._ack: HelpdeskAck | None = None
        self._delivery: asyncio.Task[None] | None = None
        self._side_tasks: list[asyncio.Task[None]] = []
        self._shown: dict[str, object] = {}  # search attributes last published

    # -- run: greet, wait for the call to finish, wrap up, record ------------------------
    @workflow.run
    async def run(self, start: CallStart) -> CallState:
        self._policy = policy = await workflow.execute_local_activity_method(
            PolicyActivities.load_call_policy,
            PolicyRequest(call_id=start.call_id),
            start_to_close_timeout=timedelta(seconds=5),
            summary="load the line's policy",
        )
        st = self._state
        st.policy_version = policy.version
        st.transcript.append(Utterance(speaker=Speaker.AI, text=policy.greeting, at=st.started_at or workflow.now()))
        self._publish_search_attributes()

        try:
            await workflow.wait_condition(lambda: st.status == Status.WRAP_UP, timeout=policy.limits.max_call_s)
        except TimeoutError:
            self.hangup(Hangup(source="max_call_duration"))
        self._describe("wrap-up: waiting for disposition and CSAT")
        try:
            await workflow.wait_condition(self._wrapped_up, timeout=policy.wrap_up.wait_s)
        except TimeoutError:
            pass
        # Never finish with a context undelivered or a withdrawal in flight.
        await workflow.wait_condition(self._side_work_done)
        st.status, st.ended_at = Status.ENDED, workflow.now()
        st.outcome = st.outcome or (Outcome.ESCALATED if st.escalation else Outcome.CONTAINED)
        await workflow.execute_activity_method(
            StoreActivities.record_call,
            call_record(st, queue_for(policy, st.intent.name) if st.intent else None),
            start_to_close_timeout=timedelta(seconds=30),
            retry_policy=RetryPolicy(maximum_interval=timedelta(seconds=30), maximum_attempts=0),
            summary=f"record outcome: {st.outcome.value}",
        )
        self._publish_search_attributes()
        self._describe(f"ended: {st.outcome.value}")
        await workflow.wait_condition(workflow.all_handlers_finished)
        return st

    def _wrapped_up(self) -> bool:
        st = self._state
        needs_disposition = st.agent_connected_at is not None
        return st.csat is not None and (st.disposition is not None or not needs_disposition)

    def _side_work_done(self) -> bool:
        return (self._delivery is None or self._delivery.done()) and all(t.done() for t in self._side_tasks)

    # -- the turn update -------------------------------------------------------------------
    @workflow.update
    async def turn(self, req: TurnRequest) -> TurnResult:
        """One caller utterance: understand it, check the triggers, answer or hand off."""
        await workflow.wait_condition(lambda: self._policy is not None)
        policy = self._policy
        assert policy is not None
        async with self._lock:
            st = self._state
            if st.status != Status.AI:
                raise ApplicationError(f"the call is {st.status.value}; the AI no longer takes turns", type=WRONG_PHASE)
            st.turn += 1
            n = st.turn
            st.transcript.append(Utterance(speaker=Speaker.CALLER, text=req.text, at=workflow.now()))
            u = await self._understand(req, n)
            st.sentiment.append(u.sentiment)
            decision = decide(policy, self._triggers, n, u, req.asr_confidence)
            self._triggers = decision.state
            self._note_intent(u, req, policy)
            self._note_actions(decision, u, req.text, n)
            self._last_kind = decision.kind
            if st.status != Status.AI:  # the caller hung up while we were thinking
                return TurnResult(call_id=st.call_id, turn=n, action="end", say="")
            if decision.kind == "escalate":
                return await self._escalate(decision, n)
            action, say = reply_for(decision, policy, u)
            st.transcript.append(Utterance(speaker=Speaker.AI, text=say, at=workflow.now()))
            if action == "end":
                st.status, st.outcome = Status.WRAP_UP, Outcome.CONTAINED
            self._publish_search_attributes()
            self._describe(
                f"turn {n}: {decision.kind}" + (f" ({humanize(decision.query_type)})" if decision.query_type else "")
            )
            return TurnResult(call_id=st.call_id, turn=n, action=action, say=say)

    @turn.validator
    def _validate_turn(self, req: TurnRequest) -> None:
        if self._state.status != Status.AI:
            raise ApplicationError(
                f"the call is {self._state.status.value}; the AI no longer takes turns", type=WRONG_PHASE
            )

    async def _understand(self, req: TurnRequest, n: int) -> Understanding:
        pending: Literal["offer", "clarify", "answer"] | None = None
        if self._triggers.offer_pending:
            pending = "offer"
        elif self._last_kind in ("answer", "retry"):
            pending = "answer"
        elif self._last_kind == "clarify":
            pending = "clarify"
        try:
            return await workflow.execute_local_activity_method(
                UnderstandingActivities.understand,
                UnderstandingRequest(
                    call_id=self._state.call_id,
                    turn=n,
                    text=req.text,
                    asr_confidence=req.asr_confidence,
                    pending=pending,
                    last_query_type=self._triggers.topic,
                    policy_version=self._state.policy_version,
                ),
                start_to_close_timeout=UNDERSTAND_TIMEOUT,
                retry_policy=RetryPolicy(maximum_attempts=3, initial_interval=timedelta(milliseconds=200)),
                summary=f"understand turn {n}",
            )
        except ActivityError as e:
            # Understanding is down: don't guess. A zero-confidence turn leads to clarify, then escalation.
            failure = ActionRecord(
                name="understanding", status="failed", detail=str(e.cause or e)[:200], turn=n, kind="system"
            )
            return Understanding(confidence=0.0, actions=[failure], backend="unavailable")

    def _note_intent(self, u: Understanding, req: TurnRequest, policy: Policy) -> None:
        intent = u.intent if policy.query_type(u.intent) else None
        conf = min(u.confidence, req.asr_confidence) if req.asr_confidence is not None else u.confidence
        if intent and conf >= policy.low_confidence_rule(intent).threshold:
            self._state.intent = IntentRef(name=intent, confidence=round(conf, 3))

    def _note_actions(self, d: Decision, u: Understanding, text: str, n: int) -> None:
        """Keep the list of what the AI tried; an answer the caller says failed is marked failed."""
        st = self._state
        for a in u.actions:
            st.actions.append(a.model_copy(update={"turn": a.turn or n}))
        if d.failures_counted and u.has(DialogAct.NOT_RESOLVED):
            last = next(
                (a for a in reversed(st.actions) if a.name.startswith("answer:") and a.status == "succeeded"), None
            )
            if last is not None:
                last.status, last.detail = "failed", f'Caller said it did not work: "{text[:120]}"'
        if d.kind in ("answer", "retry") and d.query_type:
            st.actions.append(
                ActionRecord(
                    name=f"answer:{d.query_type}",
                    status="succeeded",
                    query_type=d.query_type,
                    detail=f"Gave the answer for {humanize(d.query_type)}.",
                    turn=n,
                )
            )

    # -- the handoff -----------------------------------------------------------------------
    async def _escalate(self, d: Decision, n: int) -> TurnResult:
        """Publish the context, wait for the helpdesk's ack, and only then transfer."""
        policy = self._policy
        assert policy is not None and d.reason is not None
        st = self._state
        where = route(policy, d.query_type, workflow.now())
        esc = Escalation(
            reason=d.reason,
            detail=d.detail,
            turn=n,
            queue=where.queue,
            context_id=str(workflow.uuid4()),
            requested_at=workflow.now(),
            confirmation_seeking=d.confirmation_seeking,
        )
        st.status, st.escalation = Status.TRANSFERRING, esc
        context = build_context(
            st,
            context_id=esc.context_id,
            created_at=esc.requested_at,
            reason=d.reason,
            detail=d.detail,
            queue=where.queue,
            confirmation_seeking=d.confirmation_seeking,
        )
        self._publish_search_attributes()
        self._describe(f"escalating: {d.reason.value} → {where.queue}, waiting for the helpdesk")
        self._delivery = asyncio.create_task(self._deliver(PublishRequest(context=context)))
        try:
            await workflow.wait_condition(
                lambda: self._ack is not None or st.hangup_at is not None, timeout=policy.handoff.ack_timeout_s
            )
        except TimeoutError:
            pass
        if st.hangup_at is not None:
            return TurnResult(call_id=st.call_id, turn=n, action="end", say="")
        delivered = self._ack is not None
        esc.delivered_before_transfer = delivered
        if not where.open or (not delivered and policy.handoff.on_ack_timeout == "callback"):
            esc.callback = True
            st.status, st.outcome = Status.WRAP_UP, Outcome.CALLBACK
            say = policy.messages.after_hours if not where.open else policy.messages.callback
            st.transcript.append(Utterance(speaker=Speaker.AI, text=say, at=workflow.now()))
            self._publish_search_attributes()
            self._describe(f"callback booked: {d.reason.value} → {where.queue}")
            return TurnResult(call_id=st.call_id, turn=n, action="end", say=say)
        say = policy.warm_transfer_message
        st.transcript.append(Utterance(speaker=Speaker.AI, text=say, at=workflow.now()))
        self._describe(
            f"transferred: {d.reason.value} → {where.queue}" + ("" if delivered else " (context still being delivered)")
        )
        return TurnResult(
            call_id=st.call_id,
            turn=n,
            action="transfer",
            say=say,
            transfer=TransferInfo(
                queue=where.queue,
                reason=d.reason,
                context_id=esc.context_id,
                context_delivered=delivered,
                helpdesk_ticket=esc.helpdesk_ticket,
            ),
        )

    async def _deliver(self, req: PublishRequest) -> None:
        ack = await workflow.execute_activity_method(
            HelpdeskActivities.publish_context,
            req,
            start_to_close_timeout=timedelta(seconds=30),
            retry_policy=DELIVERY_RETRY,
            summary=f"publish context {req.context.context_id} to the {req.context.queue} queue's helpdesk",
        )
        self._ack = ack
        esc = self._state.escalation
        if esc is not None:
            esc.context_delivered, esc.helpdesk_ticket, esc.delivered_at = True, ack.ticket_id, ack.acked_at
            esc.ack_latency_s = round((workflow.now() - esc.requested_at).total_seconds(), 3)

    async def _withdraw(self, req: WithdrawRequest) -> None:
        if self._delivery is not None:
            await self._delivery  # withdraw what the helpdesk has, not what it may still receive
        await workflow.execute_activity_method(
            HelpdeskActivities.withdraw_context,
            req,
            start_to_close_timeout=timedelta(seconds=30),
            retry_policy=RetryPolicy(maximum_attempts=5),
            summary=f"withdraw offer {req.context_id}",
        )

    # -- signals and the query -------------------------------------------------------------
    @workflow.signal
    def hangup(self, h: Hangup) -> None:
        st = self._state
        if st.status in (Status.WRAP_UP, Status.ENDED):
            return
        st.hangup_at, st.hangup_source = workflow.now(), h.source
        if st.status == Status.TRANSFERRING and st.escalation is not None:
            st.outcome = Outcome.ABANDONED
            self._side_tasks.append(
                asyncio.create_task(
                    self._withdraw(WithdrawRequest(context_id=st.escalation.context_id, call_id=st.call_id))
                )
            )
        elif st.status == Status.WITH_AGENT and st.agent_completed_at is None:
            st.agent_completed_at = workflow.now()
        st.status = Status.WRAP_UP
        self._publish_search_attributes()

    @workflow.signal
    def agent_event(self, e: AgentEvent) -> None:
        st = self._state
        if e.type == "agent_connected" and st.status == Status.TRANSFERRING:
            st.status, st.agent_id, st.agent_connected_at = Status.WITH_AGENT, e.agent_id, workflow.now()
        elif e.type == "agent_completed" and st.status == Status.WITH_AGENT:
            st.status, st.agent_completed_at = Status.WRAP_UP, workflow.now()
        else:
            workflow.logger.warning("ignored %s in phase %s", e.type, st.status.value)
            return
        self._publish_search_attributes()

    @workflow.signal
    def interrupted(self, i: Interrupted) -> None:
        """Record what the caller heard of the AI's last utterance before talking over it."""
        last = next((u for u in reversed(self._state.transcript) if u.speaker == Speaker.AI), None)
        if last is not None and self._state.status != Status.ENDED:
            last.heard = i.heard

    @workflow.signal
    def disposition(self, d: Disposition) -> None:
        if self._state.escalation is not None and self._state.disposition is None:
            self._state.disposition = d

    @workflow.signal
    def csat(self, c: Csat) -> None:
        if self._state.csat is None and self._state.status != Status.ENDED:
            self._state.csat = c.score

    @workflow.query
    def state(self) -> CallState:
        return self._state

    # -- what operators see ----------------------------------------------------------------
    def _publish_search_attributes(self) -> None:
        st = self._state
        updates: list[SearchAttributeUpdate[Any]] = [
            sa.STATUS.value_set(st.status.value),
            sa.AUTHENTICATED.value_set(st.authentication.verified),
        ]
        if st.intent:
            updates.append(sa.INTENT.value_set(st.intent.name))
        if st.escalation:
            updates += [sa.REASON.value_set(st.escalation.reason.value), sa.QUEUE.value_set(st.escalation.queue)]
        fresh = [u for u in updates if self._shown.get(u.key.name) != u.value]
        if fresh:
            workflow.upsert_search_attributes(fresh)
            self._shown.update({u.key.name: u.value for u in fresh})

    def _describe(self, line: str) -> None:
        workflow.set_current_details(line)
