"""The call's lifecycle after the AI: agent events, wrap-up, the recorded outcome."""

from __future__ import annotations

from temporalio.client import WorkflowHandle

from store.engine import get_engine
from store.queries import get_call
from tests.line import Line
from warmline.models import AgentEvent, CallState, Csat, Disposition, DispositionCode, Hangup, Outcome, Status
from workflows.call import CallWorkflow


async def _ended(handle: WorkflowHandle[CallWorkflow, CallState]) -> CallState:
    return await handle.result()


async def test_escalated_call_is_recorded_after_disposition_and_csat(line: Line) -> None:
    call_id = await line.start(number="+15550101")
    await line.turn(call_id, "how do I pay my bill by direct debit?")
    r = await line.turn(call_id, "can you put me through to someone on your team")
    assert r.transfer and r.transfer.queue == "transactional"
    h = line.handle(call_id)
    await h.signal(CallWorkflow.agent_event, AgentEvent(type="agent_connected", agent_id="ag1"))
    assert (await line.state(call_id)).status == Status.WITH_AGENT
    await h.signal(CallWorkflow.agent_event, AgentEvent(type="agent_completed", agent_id="ag1"))
    assert (await line.state(call_id)).status == Status.WRAP_UP
    await h.signal(
        CallWorkflow.disposition,
        Disposition(
            agent_id="ag1",
            codes=[DispositionCode.AI_OVER_ESCALATED],
            repeat_explanation=False,
            notes="just wanted a human",
        ),
    )
    await h.signal(CallWorkflow.csat, Csat(score=4))
    final = await _ended(h)
    assert final.status == Status.ENDED and final.outcome == Outcome.ESCALATED
    rec = await get_call(await get_engine(line.settings.db_url), call_id)
    assert rec is not None and rec.reason and rec.reason.value == "customer_request"
    assert rec.queue == "transactional" and rec.csat == 4 and rec.handle_time_s is not None
    assert rec.disposition_codes == [DispositionCode.AI_OVER_ESCALATED] and rec.context_delivered is True
    assert [u.speaker.value for u in rec.transcript][:2] == ["ai", "caller"]


async def test_contained_call_ends_on_hangup_and_csat(line: Line) -> None:
    call_id = await line.start()
    await line.turn(call_id, "what payment methods do you take")
    h = line.handle(call_id)
    await h.signal(CallWorkflow.hangup, Hangup())
    await h.signal(CallWorkflow.csat, Csat(score=5))
    final = await _ended(h)
    assert final.outcome == Outcome.CONTAINED and final.csat == 5
    rec = await get_call(await get_engine(line.settings.db_url), call_id)
    assert rec is not None and rec.outcome == Outcome.CONTAINED and rec.reason is None


async def test_hangup_while_transferring_is_an_abandoned_transfer(line: Line) -> None:
    assert line.helpdesk is not None
    call_id = await line.start()
    r = await line.turn(call_id, "representative please")
    assert r.transfer
    h = line.handle(call_id)
    await h.signal(CallWorkflow.hangup, Hangup())
    await line.helpdesk.wait_for_withdrawal(r.transfer.context_id, timeout=10)
    await h.signal(CallWorkflow.csat, Csat(score=1))
    final = await _ended(h)
    assert final.outcome == Outcome.ABANDONED
