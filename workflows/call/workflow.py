"""CallWorkflow: one phone call, from greeting to recorded outcome.

Turns are updates (validated, so a turn outside the AI phase is refused before it
reaches history); hangup, agent events, disposition and CSAT are signals; `state` is
the query operators and the API read. This module is the call's surface and its life
(greet, wait, wrap up, record); what a turn does is in turn.py, the handoff in
handoff.py, callbacks in callbacks.py. Deterministic: every decision is a pure
function from `warmline`, every I/O an activity.
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import datetime

from temporalio import workflow
from temporalio.exceptions import ApplicationError

from workflows import options, records
from workflows.call import callbacks, planning
from workflows.call import voicemail as vmail
from workflows.call.delivery import take_back_offer
from workflows.call.handoff import escalate
from workflows.call.session import CallSession
from workflows.call.turn import carry_out, keep_before_steps, run_steps, transcribe

with workflow.unsafe.imports_passed_through():
    from activities.policy import PolicyActivities
    from activities.records import StoreActivities
    from warmline.asr import AudioTurnRequest
    from warmline.card_care import Expecting, ExpectingAt
    from warmline.context import ANSWERED
    from warmline.errors import NO_CALLBACK_OFFER
    from warmline.handle_time import end_hold, start_hold
    from warmline.models import (
        AgentEvent,
        CallbackAnswer,
        CallbackChoice,
        CallStart,
        CallState,
        Csat,
        Disposition,
        Hangup,
        Interrupted,
        Outcome,
        Speaker,
        Status,
        TurnRequest,
        TurnResult,
        Utterance,
    )
    from warmline.outcome import call_record
    from warmline.policy_snapshots import PolicyRef, PolicyRequest, policy_of
    from warmline.routing import queue_for
    from warmline.turn_models import StepOutcome, TurnPlan
    from warmline.voicemail import VoicemailAnswer, VoicemailLeft, VoicemailTranscript


# Changes to the command sequence, for `workflow.patched` (histories recorded before them replay unchanged);
# the handoff's are in handoff.py.
PATCH_ANSWERED_OFFER_TAKEN_BACK = "answered-offer-taken-back-v1"  # agent_connected withdraws the live offer


@workflow.defn
class CallWorkflow:
    @workflow.init
    def __init__(self, start: CallStart) -> None:
        self._call = CallSession(start)

    # -- run: greet, wait for the call to finish, wrap up, record ------------------------
    @workflow.run
    async def run(self, start: CallStart) -> CallState:
        call = self._call
        loaded = await workflow.execute_local_activity_method(
            PolicyActivities.load_call_policy,
            PolicyRequest(call_id=start.call_id, by_digest=True),
            start_to_close_timeout=options.POLICY_TIMEOUT,
            summary="load the line's policy",
        )
        call.policy_or_none = policy = policy_of(loaded)
        call.policy_ref = loaded if isinstance(loaded, PolicyRef) else None  # the turn's plan names it (planning.py)
        if isinstance(loaded, PolicyRef):
            # A lean start (no patch marker: warmline/policy_snapshots.py says why the recorded result tells): the
            # policy by digest, and the search attributes the start request set are not upserted again.
            call.shown_at_start(workflow.info().typed_search_attributes)
        st = call.state
        st.policy_version = policy.version
        st.transcript.append(Utterance(speaker=Speaker.AI, text=policy.greeting, at=st.started_at or workflow.now()))
        call.publish()

        try:
            await workflow.wait_condition(lambda: st.status == Status.WRAP_UP, timeout=policy.limits.max_call_s)
        except TimeoutError:
            self.hangup(Hangup(source="max_call_duration"))
        if st.voicemail is not None:  # after hours on a voicemail queue: the message first (or none)
            await vmail.settled(call)
        call.describe("wrap-up: waiting for disposition and CSAT")
        try:
            await workflow.wait_condition(self._wrapped_up, timeout=policy.wrap_up.wait_s)
        except TimeoutError:
            pass
        # Never finish with a context undelivered or a withdrawal in flight.
        await workflow.wait_condition(call.side_work_done)
        st.status, st.ended_at = Status.ENDED, workflow.now()
        st.outcome = st.outcome or (Outcome.ESCALATED if st.escalation else Outcome.CONTAINED)
        record = call_record(st, queue_for(policy, st.intent.name) if st.intent else None).model_copy(
            update={"turn_log": call.turn_log, "verified_at_start": start.caller.authenticated}
        )
        await records.write(StoreActivities.record_call, record, f"record outcome: {st.outcome.value}")
        call.publish()
        call.describe(f"ended: {st.outcome.value}")
        await workflow.wait_condition(workflow.all_handlers_finished)
        return st

    def _wrapped_up(self) -> bool:
        st = self._call.state
        needs_disposition = st.agent_connected_at is not None
        return st.csat is not None and (st.disposition is not None or not needs_disposition)

    # -- turns -------------------------------------------------------------------------------
    @workflow.update
    async def turn(self, req: TurnRequest) -> TurnResult:
        """One caller utterance: understand it, plan the turn, carry the plan out (answer, end or hand off)."""
        return await self._take_turn(req, None)

    @workflow.update
    async def audio_turn(self, req: AudioTurnRequest) -> TurnResult:
        """One caller utterance as audio: transcribed by the `transcribe` activity, then as a text turn."""
        return await self._take_turn(None, req)

    # Temporal wants each validator's parameters to match its update's exactly: two validators, one check.
    @turn.validator
    def _validate_turn(self, req: TurnRequest) -> None:
        self._call.refuse_unless_taking_turns()

    @audio_turn.validator
    def _validate_audio_turn(self, req: AudioTurnRequest) -> None:
        self._call.refuse_unless_taking_turns()

    async def _take_turn(self, text: TurnRequest | None, audio: AudioTurnRequest | None) -> TurnResult:
        """The path of a turn (docs/architecture.md): hear, understand, plan, run the plan's steps, carry it out."""
        call = self._call
        await workflow.wait_condition(lambda: call.policy_or_none is not None)
        async with call.lock:  # one turn at a time, in order
            call.refuse_unless_taking_turns()
            call.state.turn += 1
            n = call.state.turn
            req = text if text is not None else await transcribe(call, audio, n)
            heard = call.hear(req.text)  # recorded and understood with secret identifiers redacted
            dialog = call.dialog()
            said, plan, recorded = await planning.first_plan(call, req, heard, dialog, n)
            u = said.understanding
            call.state.sentiment.append(u.sentiment)
            log = call.log_turn(said)
            if plan.callback is not None:  # the caller is answering "shall we call you back?"
                return await callbacks.answer(call, plan.callback, n)
            keep_before_steps(call, plan)

            def again(done: list[StepOutcome], at: datetime) -> Awaitable[TurnPlan]:
                return planning.replan(call, dialog, said, done, at, recorded)

            plan, record = await run_steps(call, plan, n, log, again)
            answered = carry_out(call, plan, u, heard, n, record)
            return answered if answered is not None else await escalate(call, plan, n)

    # -- signals and the query -------------------------------------------------------------
    @workflow.signal
    def hangup(self, h: Hangup) -> None:
        call = self._call
        st = call.state
        if st.voicemail is not None and st.voicemail.status == "recording" and st.hangup_at is None:
            st.hangup_at, st.hangup_source = workflow.now(), h.source  # a message may still be reported
            return
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
            call.note_queue_wait()
            take_back_offer(call, "abandoned")
        elif st.status == Status.WITH_AGENT and st.agent_completed_at is None:
            st.agent_completed_at = workflow.now()
            end_hold(st, st.agent_completed_at)  # a caller who hangs up on hold ends the hold too
        st.status = Status.WRAP_UP
        call.publish()

    @workflow.signal
    def agent_event(self, e: AgentEvent) -> None:
        call = self._call
        st = call.state
        if e.type == "agent_connected" and st.status == Status.TRANSFERRING:
            st.status, st.agent_id, st.agent_connected_at = Status.WITH_AGENT, e.agent_id, workflow.now()
            st.callback_offer = None
            call.note_queue_wait()
            if workflow.patched(PATCH_ANSWERED_OFFER_TAKEN_BACK):
                # However the caller was reached, the desk must not ring anyone else for them (a no-op when the
                # desk's own accept connected them: that offer is already taken).
                take_back_offer(call, ANSWERED)
        elif e.type == "agent_completed" and st.status == Status.WITH_AGENT:
            st.status, st.agent_completed_at = Status.WRAP_UP, workflow.now()
            end_hold(st, st.agent_completed_at)
        elif e.type == "hold_started" and st.status == Status.WITH_AGENT:
            start_hold(st, workflow.now())
            return
        elif e.type == "hold_ended" and st.status == Status.WITH_AGENT:
            end_hold(st, workflow.now())
            return
        else:
            workflow.logger.warning("ignored %s in phase %s", e.type, st.status.value)
            return
        call.publish()

    @workflow.signal
    def interrupted(self, i: Interrupted) -> None:
        """Record what the caller heard of the AI's last utterance before talking over it."""
        st = self._call.state
        last = next((u for u in reversed(st.transcript) if u.speaker == Speaker.AI), None)
        if last is not None and st.status != Status.ENDED:
            last.heard = i.heard

    @workflow.signal
    def disposition(self, d: Disposition) -> None:
        st = self._call.state
        if st.escalation is not None and st.disposition is None:
            st.disposition, st.wrapped_up_at = d, workflow.now()  # the wrap-up ends after-call work

    @workflow.signal
    def csat(self, c: Csat) -> None:
        st = self._call.state
        if st.csat is None and st.status != Status.ENDED:
            st.csat = c.score

    @workflow.query
    def state(self) -> CallState:
        return self._call.state

    @workflow.query
    def expecting(self, at: ExpectingAt) -> Expecting:
        """What the AI asked for before a caller turn: the edge redacts the digits answering it (docs/security.md)."""
        # Whatever the phase: a retried turn the call already took must be redacted, and identified, as it was.
        return Expecting(what=self._call.asked.get(at.turn or self._call.state.turn + 1))

    # -- callbacks: offered when nobody can take the caller now -------------------------------
    @workflow.update
    async def callback_choice(self, c: CallbackChoice) -> CallbackAnswer:
        """The caller's answer to a callback offer from a keypad or IVR menu (a spoken answer is a turn)."""
        call = self._call
        async with call.lock:
            st = call.state
            if st.callback_offer is None:  # answered by a turn or the caller left while this waited for the lock
                raise ApplicationError("no callback is being offered on this call", type=NO_CALLBACK_OFFER)
            if c.accept:
                say = await callbacks.accept(call)
                due = st.escalation.callback_due_at if st.escalation else None
                return CallbackAnswer(call_id=st.call_id, action="end", say=say, callback_due_at=due)
            action, say = callbacks.decline(call)
            return CallbackAnswer(call_id=st.call_id, action=action, say=say)

    # -- voicemail: a closed queue with `after_hours: voicemail` (workflows/call/voicemail.py) -----------
    @workflow.update
    async def voicemail(self, left: VoicemailLeft) -> VoicemailAnswer:
        """The caller's message: the first report books a callback carrying it; a repeated report changes nothing."""
        return await vmail.take(self._call, left)

    @voicemail.validator
    def _validate_voicemail(self, left: VoicemailLeft) -> None:
        vmail.refuse_unless_expected(self._call, left)

    @workflow.signal
    def voicemail_transcript(self, t: VoicemailTranscript) -> None:
        """The message's transcript (before or after the recording is reported): kept, and given to the callback."""
        vmail.transcribed(self._call, t)

    @callback_choice.validator
    def _validate_callback_choice(self, c: CallbackChoice) -> None:
        st = self._call.state
        if st.callback_offer is None or st.status not in (Status.AI, Status.TRANSFERRING):
            raise ApplicationError("no callback is being offered on this call", type=NO_CALLBACK_OFFER)
