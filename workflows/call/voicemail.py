"""Voicemail after hours: ask for a message, book a callback carrying it, or end with nothing booked.

A closed queue with `after_hours: voicemail` publishes nothing (nobody could take an
offer now, so none is left ringing): the turn ends with the prompt and a `voicemail`
request, the gateway records the caller, and the message arrives as the call's
`voicemail` update. The first report of it books a `CallbackWorkflow` with the
message in its context; later reports (Twilio sends two, and retries) change
nothing. A transcript may come before or after the recording, or after the call has
ended (then the API gives it to the callback directly). A caller who hangs up
without a message books nothing: the call ends as after hours with no voicemail.
"""

from __future__ import annotations

from datetime import datetime

from temporalio import workflow
from temporalio.exceptions import ApplicationError, FailureError

from workflows.call import callbacks
from workflows.call.session import CallSession

with workflow.unsafe.imports_passed_through():
    from warmline.callbacks import callback_workflow_id, first_due, spoken_time
    from warmline.errors import NO_VOICEMAIL
    from warmline.models import Escalation, Outcome, Status, TurnResult
    from warmline.voicemail import (
        Voicemail,
        VoicemailAnswer,
        VoicemailLeft,
        VoicemailRequest,
        VoicemailTranscript,
        receipt,
        spoken_key,
        with_recording,
        with_transcript,
    )
    from workflows.callback import CallbackWorkflow

# How long after the prompt a message may still be reported, beyond its maximum length (Twilio posts it as the
# recording ends; this covers a slow gateway). Past it, with the caller gone, no message was left.
REPORT_MARGIN_S = 120.0


def ask(call: CallSession, esc: Escalation, opens_at: datetime | None, n: int) -> TurnResult:
    """The queue is closed: tell the caller when it opens and ask for a message (nothing is published)."""
    policy, st, now = call.policy, call.state, workflow.now()
    queue = policy.queue(esc.queue)
    esc.callback_reason = "voicemail"
    esc.callback_due_at = first_due(queue.hours if queue else None, now, opens_at)
    rules, m = policy.voicemail, policy.messages
    st.escalation, st.status = esc, Status.WRAP_UP
    empty = m.voicemail_empty.replace("{opens}", _opens(call))
    st.voicemail = Voicemail(asked_at=now, transcribe=rules.transcribe, if_empty=empty)
    say = m.voicemail_prompt.replace("{opens}", _opens(call)).replace("{key}", spoken_key(rules.finish_on_key))
    call.say(say)
    call.publish()
    call.describe(f"voicemail: {esc.reason.value} → {esc.queue} is closed; recording the caller")
    request = VoicemailRequest(
        max_length_s=rules.max_length_s,
        finish_on_key=rules.finish_on_key,
        transcribe=rules.transcribe,
        if_empty=empty,
        post_to=f"/v1/calls/{st.call_id}/voicemail",
    )
    return TurnResult(call_id=st.call_id, turn=n, action="end", say=say, voicemail=request)


async def settled(call: CallSession) -> None:
    """Wait for the message, or for proof there is none: the caller gone and nothing reported in time."""
    st, rules = call.state, call.policy.voicemail
    vm = st.voicemail
    assert vm is not None
    try:
        await workflow.wait_condition(
            lambda: _recording(call) is None or st.hangup_at is not None,
            timeout=rules.max_length_s + REPORT_MARGIN_S,
        )
    except TimeoutError:
        pass
    if _recording(call) is not None and st.hangup_at is not None:
        try:
            await workflow.wait_condition(lambda: _recording(call) is None, timeout=rules.after_hangup_s)
        except TimeoutError:
            pass
    if _recording(call) is not None:
        _none_left(call)


def refuse_unless_expected(call: CallSession, left: VoicemailLeft) -> None:
    """The update's validator: a message only for a call that asked for one (the same one again is fine)."""
    vm = call.state.voicemail
    if receipt(vm, left) == "refuse":
        why = "is not taking a voicemail" if vm is None or vm.status != "none" else "ended without a voicemail"
        raise ApplicationError(f"call {call.state.call_id!r} {why}", type=NO_VOICEMAIL)


async def take(call: CallSession, left: VoicemailLeft) -> VoicemailAnswer:
    """The message is in: book the callback carrying it (the first report only) and say so."""
    st = call.state
    async with call.lock:  # two reports at once (Twilio's action and status callback) book once
        refuse_unless_expected(call, left)
        vm, esc = st.voicemail, st.escalation
        assert vm is not None and esc is not None
        if receipt(vm, left) == "book":
            st.voicemail = sent = with_recording(vm, left, workflow.now())
            st.outcome, esc.callback_choice = Outcome.CALLBACK, "accepted"
            await callbacks.book(call, "voicemail", esc.callback_due_at, voicemail=sent)
            esc.callback = True  # from now on a transcript goes on to the callback
            if st.voicemail.transcript_status != sent.transcript_status:  # it came while the callback started
                call.in_background(_forward(st.call_id, _as_transcript(st.voicemail)))
            call.say(_thanks(call))
            call.publish()
            call.describe(f"voicemail left ({left.duration_s}s): callback booked → {esc.queue}")
        return VoicemailAnswer(call_id=st.call_id, say=_thanks(call), callback_due_at=esc.callback_due_at)


def transcribed(call: CallSession, t: VoicemailTranscript) -> None:
    """The message's transcript: kept, and passed on to the callback once one is booked."""
    st = call.state
    vm = st.voicemail
    changed = with_transcript(vm, t) if vm is not None else None
    if changed is None:
        return
    st.voicemail = changed
    if st.escalation is not None and st.escalation.callback:
        call.in_background(_forward(st.call_id, _as_transcript(changed)))


def _as_transcript(vm: Voicemail) -> VoicemailTranscript:
    assert vm.transcript_status is not None
    return VoicemailTranscript(status=vm.transcript_status, text=vm.transcript, recording_sid=vm.recording_sid)


async def _forward(call_id: str, t: VoicemailTranscript) -> None:
    handle: workflow.ExternalWorkflowHandle[CallbackWorkflow] = workflow.get_external_workflow_handle_for(
        CallbackWorkflow.run, callback_workflow_id(call_id)
    )
    try:
        await handle.signal(CallbackWorkflow.transcript, t)
    except FailureError as e:  # the callback is over already (made or cancelled): nobody needs the text now
        workflow.logger.warning("voicemail transcript not passed on to %s: %s", handle.id, e)


def _recording(call: CallSession) -> Voicemail | None:
    vm = call.state.voicemail
    return vm if vm is not None and vm.status == "recording" else None


def _none_left(call: CallSession) -> None:
    st = call.state
    assert st.voicemail is not None and st.escalation is not None
    st.voicemail = st.voicemail.model_copy(update={"status": "none"})
    st.escalation.callback_choice, st.outcome = "no_answer", Outcome.NO_AGENT
    call.describe(f"voicemail: none left; nothing booked ({st.escalation.queue} closed)")


def _thanks(call: CallSession) -> str:
    return call.policy.messages.voicemail_left.replace("{opens}", _opens(call))


def _opens(call: CallSession) -> str:
    esc = call.state.escalation
    assert esc is not None
    queue = call.policy.queue(esc.queue)
    return spoken_time(esc.callback_due_at, queue.hours if queue else None, workflow.now())
