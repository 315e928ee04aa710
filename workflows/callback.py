"""CallbackWorkflow: a booked callback, from the caller's "yes please" to the agent's report.

Started by the call (a child with ParentClosePolicy.ABANDON, id `callback-<call_id>`)
so it outlives the call. It sleeps on a durable timer until the queue opens, then
offers the callback through the line's helpdesk exactly like a live transfer, with
the call's context attached (so the agent ringing back knows everything), and
waits for the agent's report. No answer, voicemail or no report in time: it tries
again after `callbacks.retry_after_s`, inside opening hours, up to `max_attempts`.
The outcome goes to the store. Deterministic: the clock is `workflow.now()`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from temporalio import workflow
from temporalio.exceptions import ApplicationError

from workflows import helpdesk, options, records

with workflow.unsafe.imports_passed_through():
    from activities.records import StoreActivities
    from warmline.callbacks import (
        CallbackAgentEvent,
        CallbackAttempt,
        CallbackCancel,
        CallbackReport,
        CallbackStart,
        CallbackState,
        first_due,
        next_due,
        retries_after,
    )
    from warmline.context import CallbackInfo, PublishRequest, WithdrawRequest
    from warmline.errors import NOT_OFFERED
    from warmline.voicemail import VoicemailTranscript, waits_for_transcript, with_transcript


@workflow.defn
class CallbackWorkflow:
    @workflow.init
    def __init__(self, start: CallbackStart) -> None:
        self._state = CallbackState(
            call_id=start.call_id,
            workflow_id=workflow.info().workflow_id,
            reason=start.reason,
            queue=start.context.queue,
            number=start.number,
            booked_at=start.booked_at,
            due_at=start.due_at,
            voicemail=start.voicemail,
        )

    @workflow.run
    async def run(self, start: CallbackStart) -> CallbackState:
        st, rules = self._state, start.rules
        due = first_due(start.hours, start.booked_at, start.due_at)
        for n in range(1, rules.max_attempts + 1):
            st.due_at = due
            self._describe(f"attempt {n} due {due.isoformat(timespec='minutes')}")
            if await self._cancelled_before(due):
                break
            if n == 1 and waits_for_transcript(st.voicemail):  # the agent should read the message, not just hear it
                await self._transcript_or(start.booked_at + timedelta(seconds=start.transcript_wait_s))
            attempt = CallbackAttempt(n=n, due_at=due, context_id=f"{start.context.context_id}-cb{n}")
            st.attempts.append(attempt)
            await self._offer(start, attempt, rules.max_attempts)
            try:
                await workflow.wait_condition(self._attempt_settled, timeout=rules.report_within_s)
            except TimeoutError:
                attempt.outcome = "expired"
            if attempt.outcome is None or attempt.outcome == "expired":  # cancelled or nobody reported: take it back
                await self._withdraw(attempt, "cancelled" if st.outcome == "cancelled" else "expired")
            if st.outcome == "cancelled" or attempt.outcome is None or not retries_after(attempt.outcome):
                break
            st.status = "scheduled"
            due = next_due(rules, start.hours, workflow.now())
        last = st.current
        if st.outcome is None:
            st.outcome = (
                "reached"
                if last and last.outcome == "reached"
                else "wrong_number"
                if last and last.outcome == "wrong_number"
                else "unreachable"
            )
        st.status, st.completed_at = "done", workflow.now()
        await records.write(StoreActivities.record_callback, st, f"record callback outcome: {st.outcome}")
        self._describe(f"done: {st.outcome}")
        await workflow.wait_condition(workflow.all_handlers_finished)
        return st

    def _attempt_settled(self) -> bool:
        current = self._state.current
        return self._state.outcome == "cancelled" or (current is not None and current.outcome is not None)

    async def _cancelled_before(self, due: datetime) -> bool:
        """Sleep until `due` (a durable timer), waking early only for a cancellation."""
        st = self._state
        wait = (due - workflow.now()).total_seconds()
        if wait > 0:
            try:
                await workflow.wait_condition(lambda: st.outcome == "cancelled", timeout=wait)
            except TimeoutError:
                pass
        return st.outcome == "cancelled"

    async def _transcript_or(self, deadline: datetime) -> None:
        """Wait for the message's transcript until `deadline` (a cancellation also ends the wait)."""
        st = self._state
        wait = (deadline - workflow.now()).total_seconds()
        if wait > 0:
            try:
                await workflow.wait_condition(
                    lambda: not waits_for_transcript(st.voicemail) or st.outcome == "cancelled", timeout=wait
                )
            except TimeoutError:
                pass

    async def _offer(self, start: CallbackStart, attempt: CallbackAttempt, max_attempts: int) -> None:
        st = self._state
        now = workflow.now()
        context = start.context.model_copy(
            update={
                "context_id": attempt.context_id,
                "created_at": now,
                "callback": CallbackInfo(
                    reason=start.reason,
                    number=start.number,
                    booked_at=start.booked_at,
                    due_at=attempt.due_at,
                    attempt=attempt.n,
                    max_attempts=max_attempts,
                    call_workflow_id=start.call_id,
                    workflow_id=st.workflow_id,
                    voicemail=st.voicemail,
                ),
            }
        )
        attempt.offered_at = now
        ack = await helpdesk.publish(
            PublishRequest(context=context),
            options.CALLBACK_DELIVERY_RETRY,  # a booked callback is never dropped: the helpdesk is retried
            f"offer callback attempt {attempt.n} for {start.call_id} to the {context.queue} queue",
        )
        attempt.acked_at, attempt.ticket_id = ack.acked_at, ack.ticket_id
        if st.status == "scheduled":
            st.status = "offered"
        self._describe(f"attempt {attempt.n} offered to {context.queue}")

    async def _withdraw(self, attempt: CallbackAttempt, reason: str) -> None:
        await helpdesk.withdraw(
            WithdrawRequest(context_id=attempt.context_id, call_id=self._state.call_id, reason=reason),
            f"withdraw callback attempt {attempt.n} ({reason})",
        )

    # -- messages ------------------------------------------------------------------------------
    @workflow.signal
    def agent_event(self, e: CallbackAgentEvent) -> None:
        """An agent took the offered callback from the desk and is dialling the caller."""
        attempt = self._state.current
        if attempt is not None and attempt.outcome is None and attempt.taken_at is None:
            attempt.agent_id, attempt.taken_at = e.agent_id, workflow.now()
            self._state.status = "in_progress"
            self._describe(f"attempt {attempt.n}: {e.agent_id} is calling back")

    @workflow.update
    def report(self, r: CallbackReport) -> CallbackState:
        """The agent's report of the current attempt (idempotent: the same report twice is accepted once)."""
        st = self._state
        attempt = st.current
        assert attempt is not None
        if attempt.outcome is not None:
            return st
        now = workflow.now()
        attempt.agent_id = attempt.agent_id or r.agent_id
        attempt.taken_at = attempt.taken_at or now
        attempt.outcome, attempt.reported_at, attempt.notes = r.outcome, now, r.notes
        if r.outcome == "reached":
            st.agent_id, st.codes, st.repeat_explanation = r.agent_id, list(r.codes), r.repeat_explanation
            st.intended_query_type = r.intended_query_type
        return st

    @report.validator
    def _validate_report(self, r: CallbackReport) -> None:
        attempt = self._state.current
        if self._state.status == "done" or attempt is None or attempt.acked_at is None:
            raise ApplicationError(f"callback for {self._state.call_id} is not offered right now", type=NOT_OFFERED)
        if attempt.outcome is not None and attempt.outcome != r.outcome:
            raise ApplicationError(f"attempt {attempt.n} was already reported as {attempt.outcome}", type=NOT_OFFERED)

    @workflow.signal
    def transcript(self, t: VoicemailTranscript) -> None:
        """The transcript of the caller's message, once the transcription is done (the next offer carries it)."""
        st = self._state
        changed = with_transcript(st.voicemail, t) if st.voicemail is not None else None
        if changed is not None:
            st.voicemail = changed
            self._describe("voicemail transcript in" if changed.transcript else "voicemail transcription failed")

    @workflow.signal
    def cancel(self, c: CallbackCancel) -> None:
        """The caller got through another way, or an operator called it off."""
        st = self._state
        if st.status != "done" and st.outcome is None:
            st.outcome, st.cancel_reason = "cancelled", c.reason

    @workflow.query
    def state(self) -> CallbackState:
        return self._state

    def _describe(self, line: str) -> None:
        workflow.set_current_details(f"callback for {self._state.call_id}: {line}")
