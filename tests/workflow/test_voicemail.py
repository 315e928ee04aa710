"""Voicemail after hours through real workflows on a time-skipping server: the message books a callback that
reaches the helpdesk at opening with the recording and transcript; repeats and reorders change nothing; a
caller who leaves nothing books nothing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from temporalio.client import WorkflowHandle, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import WorkflowEnvironment

from tests.fakes.helpdesk import FakeHelpdesk
from tests.line import Line, policy_file, running_line
from tests.workflow.conftest import skipping_server
from warmline.callbacks import CallbackReport, CallbackStart, CallbackState, callback_workflow_id
from warmline.context import build_context
from warmline.errors import NO_VOICEMAIL
from warmline.hours import DAYS
from warmline.models import CallState, Hangup, Outcome, Status
from warmline.voicemail import VoicemailLeft, VoicemailTranscript
from workflows.call import CallWorkflow
from workflows.callback import CallbackWorkflow

URL = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1"
MESSAGE = VoicemailLeft(recording_url=URL, duration_s=14, recording_sid="RE1")


@pytest.fixture
async def env() -> AsyncIterator[WorkflowEnvironment]:
    """One server per test: calls and callbacks left running would stall the next test's clock."""
    async with skipping_server() as e:
        yield e


@pytest.fixture
def desk(fake_helpdesk: FakeHelpdesk) -> FakeHelpdesk:
    return fake_helpdesk


async def _line(
    env: WorkflowEnvironment, tmp: Path, desk: FakeHelpdesk, **voicemail: Any
) -> tuple[AbstractAsyncContextManager[Line], datetime]:
    now = await env.get_current_time()
    tomorrow = DAYS[(now.astimezone(UTC).weekday() + 1) % 7]
    closed = {"timezone": "UTC", "open": {tomorrow: "00:00-24:00"}}
    queues = [{"name": "transactional"}, {"name": "technical"}, {"name": "complex", "hours": closed,
              "after_hours": "voicemail"}]  # fmt: skip
    policy = policy_file(tmp, queues=queues, wrap_up={"wait_s": 60}, voicemail={"after_hangup_s": 30, **voicemail})
    return running_line(env.client, tmp, desk, policy=policy), now


def _callback(line: Line, call_id: str) -> WorkflowHandle[CallbackWorkflow, CallbackState]:
    return line.client.get_workflow_handle_for(CallbackWorkflow.run, callback_workflow_id(call_id))


def _offers(desk: FakeHelpdesk, call_id: str) -> list[dict[str, Any]]:
    return [d.payload for d in desk.deliveries() if d.call_id == call_id and d.event == "publish" and d.payload]


async def _asking(line: Line, number: str | None = None) -> tuple[str, WorkflowHandle[CallWorkflow, CallState]]:
    """A call whose caller asked for a person while the voicemail queue is closed: asked for a message."""
    call_id = await line.start(number=number)
    await _asked(line, call_id)
    return call_id, line.handle(call_id)


async def _asked(line: Line, call_id: str) -> None:
    r = await line.turn(call_id, "can I speak to a real person please")
    assert r.action == "end" and r.voicemail is not None
    assert "after the tone" in r.say and "tomorrow at 00:00" in r.say and "the hash key" in r.say
    assert r.voicemail.max_length_s == 120 and r.voicemail.post_to == f"/v1/calls/{call_id}/voicemail"
    assert "no callback is booked" in r.voicemail.if_empty


async def test_a_message_books_one_callback_that_reaches_the_helpdesk_at_opening_with_it(
    env: WorkflowEnvironment, tmp_path: Path, desk: FakeHelpdesk
) -> None:
    made, now = await _line(env, tmp_path, desk)
    async with made as line:
        call_id, h = await _asking(line, "+447700900123")
        state = await line.state(call_id)
        assert state.status == Status.WRAP_UP and state.voicemail and state.voicemail.status == "recording"
        assert desk.deliveries() == []  # nobody can take it now: no offer is left ringing

        thanks = await h.execute_update(CallWorkflow.voicemail, MESSAGE, id="action")
        again = await h.execute_update(CallWorkflow.voicemail, MESSAGE, id="status-callback")  # Twilio's 2nd report
        assert thanks == again and "call you back tomorrow at 00:00" in thanks.say
        other = MESSAGE.model_copy(update={"recording_sid": "RE2"})
        with pytest.raises(WorkflowUpdateFailedError) as refused:
            await h.execute_update(CallWorkflow.voicemail, other)
        assert isinstance(refused.value.cause, ApplicationError) and refused.value.cause.type == NO_VOICEMAIL

        await h.signal(CallWorkflow.voicemail_transcript, VoicemailTranscript(status="completed", text="my bill"))
        await h.signal(CallWorkflow.hangup, Hangup())
        await env.sleep(61)
        final = await h.result()
        assert final.outcome == Outcome.CALLBACK and final.escalation
        assert final.escalation.callback_reason == "voicemail" and final.escalation.callback_choice == "accepted"
        assert final.voicemail and final.voicemail.status == "left" and final.voicemail.duration_s == 14

        due = final.escalation.callback_due_at
        assert due is not None and due > now
        await env.sleep((due - now).total_seconds() + 60)
        assert await desk.wait_until_async(lambda: len(_offers(desk, call_id)) == 1)
        vm = _offers(desk, call_id)[0]["callback"]["voicemail"]
        assert (vm["recording_url"], vm["duration_s"], vm["transcript"]) == (URL, 14, "my bill")
        assert _offers(desk, call_id)[0]["callback"]["reason"] == "voicemail"

        cb = _callback(line, call_id)  # the callback's dispositions work as for any callback
        report = CallbackReport(agent_id="ann", outcome="reached", codes=["none"], repeat_explanation=False)
        await cb.execute_update(CallbackWorkflow.report, report)
        done = await cb.result()
        assert done.outcome == "reached" and done.voicemail and done.voicemail.transcript == "my bill"


async def test_a_transcript_before_the_message_travels_with_it_and_repeats_change_nothing(
    env: WorkflowEnvironment, tmp_path: Path, desk: FakeHelpdesk
) -> None:
    made, _ = await _line(env, tmp_path, desk, transcribe=True)
    async with made as line:
        call_id, h = await _asking(line, "+447700900124")
        await h.signal(CallWorkflow.voicemail_transcript, VoicemailTranscript(status="completed", text="first"))
        await h.execute_update(CallWorkflow.voicemail, MESSAGE)
        st = await _callback(line, call_id).query(CallbackWorkflow.state)
        assert st.voicemail and st.voicemail.transcript == "first" and st.reason == "voicemail"
        # A repeated transcript (Twilio retries) changes nothing, on the call or its callback.
        await h.signal(CallWorkflow.voicemail_transcript, VoicemailTranscript(status="completed", text="second"))
        await _callback(line, call_id).signal(
            CallbackWorkflow.transcript, VoicemailTranscript(status="completed", text="third")
        )
        st = await _callback(line, call_id).query(CallbackWorkflow.state)
        assert st.voicemail and st.voicemail.transcript == "first"


async def test_a_transcript_after_the_message_reaches_the_callback(
    env: WorkflowEnvironment, tmp_path: Path, desk: FakeHelpdesk
) -> None:
    made, _ = await _line(env, tmp_path, desk, transcribe=True)
    async with made as line:
        call_id, h = await _asking(line)
        await h.execute_update(CallWorkflow.voicemail, MESSAGE)
        st = await _callback(line, call_id).query(CallbackWorkflow.state)
        assert st.voicemail and st.voicemail.transcript is None
        await h.signal(CallWorkflow.voicemail_transcript, VoicemailTranscript(status="completed", text="later"))
        for _ in range(50):
            st = await _callback(line, call_id).query(CallbackWorkflow.state)
            if st.voicemail and st.voicemail.transcript:
                break
            await env.sleep(0.2)
        assert st.voicemail and st.voicemail.transcript == "later"


async def test_a_caller_who_hangs_up_without_a_message_books_nothing(
    env: WorkflowEnvironment, tmp_path: Path, desk: FakeHelpdesk
) -> None:
    made, _ = await _line(env, tmp_path, desk)
    async with made as line:
        call_id, h = await _asking(line)
        await h.signal(CallWorkflow.hangup, Hangup(source="gateway"))
        await env.sleep(31)  # voicemail.after_hangup_s: no message was reported
        with pytest.raises(WorkflowUpdateFailedError) as late:
            await h.execute_update(CallWorkflow.voicemail, MESSAGE)
        assert isinstance(late.value.cause, ApplicationError) and "without a voicemail" in late.value.cause.message
        await env.sleep(61)
        final = await h.result()
        assert final.outcome == Outcome.NO_AGENT and final.escalation and final.voicemail
        assert final.voicemail.status == "none" and final.escalation.callback_choice == "no_answer"
        with pytest.raises(RPCError) as err:
            await _callback(line, call_id).describe()
        assert err.value.status == RPCStatusCode.NOT_FOUND
        assert desk.deliveries() == []


async def test_a_message_is_refused_by_a_call_that_did_not_ask_for_one(
    env: WorkflowEnvironment, tmp_path: Path, desk: FakeHelpdesk
) -> None:
    made, _ = await _line(env, tmp_path, desk)
    async with made as line:
        call_id = await line.start()
        assert (await line.turn(call_id, "what are your opening hours")).action == "reply"
        with pytest.raises(WorkflowUpdateFailedError) as refused:
            await line.handle(call_id).execute_update(CallWorkflow.voicemail, MESSAGE)
        assert isinstance(refused.value.cause, ApplicationError) and "not taking a voicemail" in str(
            refused.value.cause
        )
        await line.hang_up(call_id)


async def test_the_first_offer_waits_for_an_expected_transcript_but_not_for_ever(
    env: WorkflowEnvironment, tmp_path: Path, desk: FakeHelpdesk
) -> None:
    """A callback due at once (here: started directly) holds its first offer until the transcript, at most
    `voicemail.transcript_wait_s` after the message, so the agent can read what the caller said."""
    made, _ = await _line(env, tmp_path, desk, transcribe=True, transcript_wait_s=300)
    async with made as line:
        call_id, h = await _asking(line)
        await h.execute_update(CallWorkflow.voicemail, MESSAGE)
        st = await line.state(call_id)
        assert st.escalation is not None and st.voicemail is not None and st.voicemail.transcript is None
        now = await env.get_current_time()
        handles = {}
        for name in ("with", "without"):
            shown = f"{call_id}-{name}"
            update = {"call_id": shown, "context_id": f"{st.escalation.context_id}-{name}"}
            start = CallbackStart(call_id=shown, reason="voicemail", number=None, booked_at=now, due_at=now,
                                  context=build_context(st, st.escalation, now).model_copy(update=update),
                                  voicemail=st.voicemail, transcript_wait_s=300)  # fmt: skip
            handles[name] = await line.client.start_workflow(
                CallbackWorkflow.run, start, id=callback_workflow_id(shown), task_queue=line.settings.task_queue
            )
        await asyncio.sleep(1)
        assert _offers(desk, f"{call_id}-with") == [] and _offers(desk, f"{call_id}-without") == []
        await handles["with"].signal(CallbackWorkflow.transcript, VoicemailTranscript(status="completed", text="hi"))
        assert await desk.wait_until_async(lambda: len(_offers(desk, f"{call_id}-with")) == 1)
        assert _offers(desk, f"{call_id}-with")[0]["callback"]["voicemail"]["transcript"] == "hi"
        assert _offers(desk, f"{call_id}-without") == []
        await env.sleep(301)
        assert await desk.wait_until_async(lambda: len(_offers(desk, f"{call_id}-without")) == 1)
        assert _offers(desk, f"{call_id}-without")[0]["callback"]["voicemail"]["transcript"] is None
