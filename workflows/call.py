"""CallWorkflow: one phone call, from greeting to recorded outcome.

Turns are updates (validated, so a turn outside the AI phase is refused before it
reaches history); hangup, agent events, disposition and CSAT are signals; `state`
is the query operators and the API read. Deterministic: every decision is a pure
function from `warmline`, every I/O an activity.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any, Literal

from temporalio import workflow
from temporalio.common import RetryPolicy, SearchAttributeUpdate
from temporalio.exceptions import ActivityError, ApplicationError
from temporalio.workflow import ParentClosePolicy

with workflow.unsafe.imports_passed_through():
    from activities.helpdesk.activity import HelpdeskActivities
    from activities.policy import PolicyActivities
    from activities.records import StoreActivities
    from activities.understanding.activity import UnderstandingActivities
    from warmline import search_attributes as sa
    from warmline.asr import NOTHING_HEARD, AudioTurnRequest
    from warmline.auth import AuthProgress
    from warmline.callbacks import CallbackStart, callback_workflow_id, first_due, spoken_time
    from warmline.context import HelpdeskAck, PublishRequest, WithdrawRequest, build_context
    from warmline.errors import NO_CALLBACK_OFFER, WRONG_PHASE
    from warmline.models import (
        ActionRecord,
        AgentEvent,
        Authentication,
        CallbackAnswer,
        CallbackChoice,
        CallbackOffer,
        CallbackReason,
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
    from warmline.policy import Policy, PolicyRequest
    from warmline.replies import reply_for
    from warmline.routing import queue_for, route
    from warmline.triggers import Decision, TriggerState, decide, humanize, pending_for
    from warmline.understanding import DialogAct, Understanding, UnderstandingRequest
    from workflows.callback import CallbackWorkflow
    from workflows.resolution import Resolution

# Changes to the command sequence, for `workflow.patched` (histories recorded before them replay unchanged).
PATCH_CALLBACK_OFFER = "callback-offer-v1"  # a closed queue offers a callback and asks, instead of publishing
PATCH_CALLBACK_WORKFLOW = "callback-workflow-v1"  # on_ack_timeout=callback books a CallbackWorkflow
UNDERSTAND_TIMEOUT = timedelta(seconds=10)
# Delivery is retried until the helpdesk acknowledges: a payload is never dropped.
DELIVERY_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=0.5),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=10),
    maximum_attempts=0,
)


@workflow.defn
class CallWorkflow(Resolution):
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
        self._auth: AuthProgress | None = None  # a verification under way (docs/actions.md)
        self._values: dict[str, str] = {}  # identifiers and captured values: in memory only, never in CallState
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
        return await self._take_turn(req, None)

    @workflow.update
    async def audio_turn(self, req: AudioTurnRequest) -> TurnResult:
        """One caller utterance as audio: transcribed by the `transcribe` activity, then as a text turn."""
        return await self._take_turn(None, req)

    async def _take_turn(self, text: TurnRequest | None, audio: AudioTurnRequest | None) -> TurnResult:
        """Both turn updates: (transcribe,) record, understand, decide, resolve, then answer or hand off."""
        await workflow.wait_condition(lambda: self._policy is not None)
        policy = self._policy
        assert policy is not None
        async with self._lock:
            st = self._state
            if st.status != Status.AI:
                raise ApplicationError(f"the call is {st.status.value}; the AI no longer takes turns", type=WRONG_PHASE)
            st.turn += 1
            n = st.turn
            req = text if text is not None else await self._transcribe(audio, n)
            heard = self._without_secrets(policy, req.text)  # as recorded and understood
            st.transcript.append(Utterance(speaker=Speaker.CALLER, text=heard, at=workflow.now()))
            found = None
            if self._auth is not None and self._auth.waiting:  # the AI asked for identifiers last turn
                found = self._identifiers_in(policy, req.text)
            u = await self._understand(req.model_copy(update={"text": heard}), n)
            st.sentiment.append(u.sentiment)
            if st.callback_offer is not None:  # the caller is answering "shall we call you back?"
                return await self._callback_answer_turn(u, n)
            step = await self._identity_turn(policy, found, u, req, n) if found is not None else None
            if step is None:  # the usual path: the triggers decide; actions and verification only where declared
                before = self._triggers
                decision = decide(policy, before, n, u, req.asr_confidence)
                self._note_intent(u, req, policy)
                step = await self._resolve(policy, before, decision, n, req.text)
            decision, say, outcome = step
            self._triggers = decision.state.model_copy(update={"last_kind": decision.kind})
            self._note_actions(decision, u, heard, n, outcome)
            if st.status != Status.AI:  # the caller hung up while we were thinking
                return TurnResult(call_id=st.call_id, turn=n, action="end", say="")
            if decision.kind == "escalate":
                return await self._escalate(decision, n)
            action, say = ("reply", say) if say is not None else reply_for(decision, policy, u)
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

    @audio_turn.validator
    def _validate_audio_turn(self, req: AudioTurnRequest) -> None:
        if self._state.status != Status.AI:
            raise ApplicationError(
                f"the call is {self._state.status.value}; the AI no longer takes turns", type=WRONG_PHASE
            )

    async def _understand(self, req: TurnRequest, n: int) -> Understanding:
        if req.text == NOTHING_HEARD:  # nothing was recognised: nothing to classify, ask again (clarify)
            return Understanding(confidence=0.0, backend="none")
        pending = pending_for(self._triggers, callback_offered=self._state.callback_offer is not None)
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

    def _note_actions(
        self, d: Decision, u: Understanding, text: str, n: int, outcome: ActionRecord | None = None
    ) -> None:
        """Keep the list of what the AI tried; an answer the caller says failed is marked failed.

        `outcome` is the turn's own action (a lookup that answered, or failed), recorded
        instead of the fixed answer.
        """
        st = self._state
        for a in u.actions:
            st.actions.append(a.model_copy(update={"turn": a.turn or n}))
        if d.failures_counted and u.has(DialogAct.NOT_RESOLVED):
            last = next(
                (
                    a
                    for a in reversed(st.actions)
                    if a.name.startswith(("answer:", "action:")) and a.status == "succeeded"
                ),
                None,
            )
            if last is not None:
                last.status, last.detail = "failed", f'Caller said it did not work: "{text[:120]}"'
        if outcome is not None:
            st.actions.append(outcome)
        elif d.kind in ("answer", "retry") and d.query_type:
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
        offer_callback = not where.open and where.after_hours == "callback" and workflow.patched(PATCH_CALLBACK_OFFER)
        esc = Escalation(
            reason=d.reason,
            detail=d.detail,
            turn=n,
            queue=where.queue,
            context_id=str(workflow.uuid4()),
            requested_at=workflow.now(),
            confirmation_seeking=d.confirmation_seeking,
        )
        if offer_callback:
            return self._offer_callback(esc, "after_hours", where.opens_at, n)
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
            if where.open and workflow.patched(PATCH_CALLBACK_WORKFLOW):
                # Nobody has the context yet: take the live offer back once it lands, and ring the caller
                # back through a CallbackWorkflow (it re-offers the context when the helpdesk is back).
                esc.callback_choice = "accepted"
                await self._book_callback("helpdesk_unavailable", None)
                self._take_back_offer("callback")
            st.transcript.append(Utterance(speaker=Speaker.AI, text=say, at=workflow.now()))
            self._publish_search_attributes()
            self._describe(f"callback booked: {d.reason.value} → {where.queue}")
            return TurnResult(call_id=st.call_id, turn=n, action="end", say=say)
        say = policy.warm_transfer_message
        st.transcript.append(Utterance(speaker=Speaker.AI, text=say, at=workflow.now()))
        esc.transferred_at = workflow.now()
        queue = policy.queue(where.queue)
        if queue is not None and queue.max_wait_s is not None:
            self._side_tasks.append(asyncio.create_task(self._watch_hold(queue.max_wait_s)))
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
                ack_latency_s=esc.ack_latency_s,
            ),
        )

    async def _deliver(self, req: PublishRequest) -> None:
        ack = await workflow.execute_activity_method(
            HelpdeskActivities.publish_context,
            req,
            start_to_close_timeout=timedelta(seconds=30),
            # The activity heartbeats while it waits on the helpdesk: a dead worker's delivery moves on in 2 s.
            heartbeat_timeout=timedelta(seconds=2),
            retry_policy=DELIVERY_RETRY,
            summary=f"publish context {req.context.context_id} to the {req.context.queue} queue's helpdesk",
        )
        self._ack = ack
        esc = self._state.escalation
        if esc is not None:
            esc.context_delivered, esc.helpdesk_ticket, esc.delivered_at = True, ack.ticket_id, ack.acked_at
            esc.ack_latency_s = round((workflow.now() - esc.requested_at).total_seconds(), 3)

    def _take_back_offer(self, reason: str) -> None:
        """Withdraw the escalation's live offer in the background (the call does not end before it is done)."""
        st = self._state
        assert st.escalation is not None
        request = WithdrawRequest(context_id=st.escalation.context_id, call_id=st.call_id, reason=reason)
        self._side_tasks.append(asyncio.create_task(self._withdraw(request)))

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
        if st.callback_offer is not None and st.escalation is not None and st.status == Status.AI:
            st.escalation.callback_choice, st.callback_offer = "no_answer", None
            st.outcome = Outcome.NO_AGENT
        if st.status == Status.TRANSFERRING and st.escalation is not None:
            st.outcome = Outcome.ABANDONED
            if st.callback_offer is not None:
                st.escalation.callback_choice, st.callback_offer = "no_answer", None
            self._note_queue_wait()
            self._take_back_offer("abandoned")
        elif st.status == Status.WITH_AGENT and st.agent_completed_at is None:
            st.agent_completed_at = workflow.now()
        st.status = Status.WRAP_UP
        self._publish_search_attributes()

    @workflow.signal
    def agent_event(self, e: AgentEvent) -> None:
        st = self._state
        if e.type == "agent_connected" and st.status == Status.TRANSFERRING:
            st.status, st.agent_id, st.agent_connected_at = Status.WITH_AGENT, e.agent_id, workflow.now()
            st.callback_offer = None
            self._note_queue_wait()
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

    # -- callbacks: offered when nobody can take the caller now -------------------------------
    @workflow.update
    async def callback_choice(self, c: CallbackChoice) -> CallbackAnswer:
        """The caller's answer to a callback offer from a keypad or IVR menu (a spoken answer is a turn)."""
        async with self._lock:
            st = self._state
            if st.callback_offer is None:  # answered by a turn or the caller left while this waited for the lock
                raise ApplicationError("no callback is being offered on this call", type=NO_CALLBACK_OFFER)
            if c.accept:
                say = await self._accept_callback()
                due = st.escalation.callback_due_at if st.escalation else None
                return CallbackAnswer(call_id=st.call_id, action="end", say=say, callback_due_at=due)
            action, say = self._decline_callback()
            return CallbackAnswer(call_id=st.call_id, action=action, say=say)

    @callback_choice.validator
    def _validate_callback_choice(self, c: CallbackChoice) -> None:
        if self._state.callback_offer is None or self._state.status not in (Status.AI, Status.TRANSFERRING):
            raise ApplicationError("no callback is being offered on this call", type=NO_CALLBACK_OFFER)

    def _offer_callback(self, esc: Escalation, reason: CallbackReason, opens_at: datetime | None, n: int) -> TurnResult:
        """Nobody can take the caller now: ask whether they want a callback (the call stays with the AI)."""
        policy, st = self._policy, self._state
        assert policy is not None
        now = workflow.now()
        esc.callback_reason, esc.callback_due_at = reason, opens_at
        st.escalation = esc
        say = policy.messages.callback_offer_after_hours.replace("{opens}", self._spoken_opening(esc))
        st.callback_offer = CallbackOffer(reason=reason, offered_at=now, opens_at=opens_at, say=say)
        st.transcript.append(Utterance(speaker=Speaker.AI, text=say, at=now))
        self._publish_search_attributes()
        self._describe(f"callback offered: {esc.reason.value} → {esc.queue} is closed")
        return TurnResult(call_id=st.call_id, turn=n, action="reply", say=say)

    async def _callback_answer_turn(self, u: Understanding, n: int) -> TurnResult:
        """A spoken answer to the offer: yes books it, no ends the call politely, anything else asks once more."""
        policy, st = self._policy, self._state
        assert policy is not None and st.callback_offer is not None and st.escalation is not None
        if u.has(DialogAct.AFFIRM) and not u.has(DialogAct.DENY):
            say = await self._accept_callback()
            return TurnResult(call_id=st.call_id, turn=n, action="end", say=say)
        if u.has(DialogAct.DENY) or st.callback_offer.asked >= 2:
            _, say = self._decline_callback()
            return TurnResult(call_id=st.call_id, turn=n, action="end", say=say)
        st.callback_offer.asked += 1
        say = policy.messages.callback_reask.replace("{opens}", self._spoken_opening(st.escalation))
        st.transcript.append(Utterance(speaker=Speaker.AI, text=say, at=workflow.now()))
        return TurnResult(call_id=st.call_id, turn=n, action="reply", say=say)

    async def _accept_callback(self) -> str:
        """Book it: a CallbackWorkflow holds the context and rings the caller back; this call ends."""
        policy, st = self._policy, self._state
        assert policy is not None and st.callback_offer is not None and st.escalation is not None
        esc, offer = st.escalation, st.callback_offer
        if st.status == Status.TRANSFERRING:  # on hold: the live offer must not ring an agent for a caller who left
            self._note_queue_wait()
            self._take_back_offer("callback")
        esc.callback, esc.callback_choice = True, "accepted"
        await self._book_callback(offer.reason, offer.opens_at)
        template = (
            policy.messages.callback_booked_after_hours
            if offer.reason == "after_hours"
            else policy.messages.callback_booked_wait
        )
        say = template.replace("{opens}", self._spoken_opening(esc))
        st.callback_offer = None
        st.status, st.outcome = Status.WRAP_UP, Outcome.CALLBACK
        st.transcript.append(Utterance(speaker=Speaker.AI, text=say, at=workflow.now()))
        self._publish_search_attributes()
        self._describe(f"callback booked ({offer.reason}) → {esc.queue}")
        return say

    def _decline_callback(self) -> tuple[Literal["end", "hold"], str]:
        """No thanks: after hours the call ends; on hold the caller keeps their place."""
        policy, st = self._policy, self._state
        assert policy is not None and st.callback_offer is not None and st.escalation is not None
        esc = st.escalation
        esc.callback_choice, st.callback_offer = "declined", None
        if st.status == Status.TRANSFERRING:
            queue = policy.queue(esc.queue)
            if queue is not None and queue.max_wait_s is not None:  # ask again after another max_wait_s
                self._side_tasks.append(asyncio.create_task(self._watch_hold(queue.max_wait_s)))
            self._describe(f"callback declined; caller holding for {esc.queue}")
            return "hold", policy.messages.callback_keep_holding
        say = policy.messages.callback_declined.replace("{opens}", self._spoken_opening(esc))
        st.status, st.outcome = Status.WRAP_UP, Outcome.NO_AGENT
        st.transcript.append(Utterance(speaker=Speaker.AI, text=say, at=workflow.now()))
        self._publish_search_attributes()
        self._describe(f"callback declined: {esc.queue} closed")
        return "end", say

    async def _book_callback(self, reason: CallbackReason, opens_at: datetime | None) -> None:
        policy, st = self._policy, self._state
        assert policy is not None and st.escalation is not None
        esc, now = st.escalation, workflow.now()
        queue = policy.queue(esc.queue)
        start = CallbackStart(
            call_id=st.call_id,
            reason=reason,
            context=build_context(
                st,
                context_id=esc.context_id,
                created_at=now,
                reason=esc.reason,
                detail=esc.detail,
                queue=esc.queue,
                confirmation_seeking=esc.confirmation_seeking,
            ),
            number=st.caller.number,
            booked_at=now,
            due_at=opens_at or now,
            hours=queue.hours if queue else None,
            rules=policy.callbacks,
        )
        esc.callback_reason, esc.callback_due_at = reason, first_due(start.hours, now, opens_at)
        await workflow.start_child_workflow(
            CallbackWorkflow.run,
            start,
            id=callback_workflow_id(st.call_id),
            parent_close_policy=ParentClosePolicy.ABANDON,
            static_summary=f"Callback for {st.call_id} ({reason}) → {esc.queue}",
        )

    async def _watch_hold(self, max_wait_s: float) -> None:
        """The queue's `max_wait_s` passed with the caller still holding: offer a callback instead."""
        policy, st = self._policy, self._state
        assert policy is not None
        try:
            await workflow.wait_condition(lambda: st.status != Status.TRANSFERRING, timeout=max_wait_s)
        except TimeoutError:
            if st.escalation is None or st.status != Status.TRANSFERRING:
                return
            say = policy.messages.callback_offer_wait
            st.escalation.callback_reason = "long_wait"
            st.callback_offer = CallbackOffer(reason="long_wait", offered_at=workflow.now(), say=say)
            self._describe(f"held {max_wait_s:g}s for {st.escalation.queue}: callback offered")

    def _note_queue_wait(self) -> None:
        esc = self._state.escalation
        if esc is not None and esc.transferred_at is not None and esc.queue_wait_s is None:
            esc.queue_wait_s = round((workflow.now() - esc.transferred_at).total_seconds(), 3)

    def _spoken_opening(self, esc: Escalation) -> str:
        policy = self._policy
        assert policy is not None
        queue = policy.queue(esc.queue)
        return spoken_time(esc.callback_due_at, queue.hours if queue else None, workflow.now())

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
