"""Record workflow histories for the replay tests: `python -m tests.record_histories [group ...]`.

Runs representative work on a throw-away dev server and writes each finished workflow's history to
tests/histories/<name>.json, which tests/workflow/test_replay.py replays. The groups, each re-recordable
alone (`python -m tests.record_histories queue` leaves the other files as they are):

- calls: contained, customer_request, failed_resolution, sentiment, flaky_helpdesk
- callbacks: callback_after_hours (the call), callback_workflow (its callback, cancelled)
- voicemail: voicemail_call (a message left after hours, its transcript after it), voicemail_callback (cancelled)
- actions: action_verified (an audio turn, identity questions, a balance lookup), action_failed
- queue: queue_workflow (the desk's queue: an agent rung, accepting, going away, then continue-as-new)
- answered: answered_elsewhere (a call queued on the desk, answered by a SIP leg: the offer taken back)
- review: review_workflow (a week of coded calls reviewed, before misread phrasings were grouped by meaning),
  whatif: whatif_workflow (a draft policy)
- meaning: review_meaning (the same week and two misread calls an agent gave a "should have been" query type:
  the review's `group_by_meaning` activity, patch review-meaning-v1)
- human: held_call (an agent holds the caller, the caller hangs up, the wrap-up comes after),
  late_disposition (a Zendesk ticket's wrap-up recorded by DispositionWorkflow)
- card: card_payments (card details read out, warned twice, the payments team offered and taken)
- fit: review_fit (a review past `review-fit-v1`: a turn-logged coded week, its thresholds fitted)
- lean: lean_start (a call since the lean start: its policy by digest, its snapshot kept in histories/policies/)
- planned: recorded_plan (a call whose turns' plans are in its history: an identity check, a lookup, a turn
  with nothing heard; warmline/recorded_plan.py)
- fidelity: turn_logged (a call whose record carries its turn log), whatif_fidelity (a what-if replaying
  logged calls: the report with its recorded summary and fidelity)

Re-record only when a change is meant to be incompatible *and* is guarded by `workflow.patched`;
old files stay so the old code path keeps being replayed.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from activities.whatif import WhatIfRequest
from store.audio import AudioStore
from tests.actions.policy import actions_policy
from tests.conftest import binary
from tests.desk.conftest import QUEUES, escalate, eventually, presence, queue, snap
from tests.fakes.asr import FakeAsr, audio
from tests.fakes.company import FakeCompany
from tests.fakes.helpdesk import Behaviour, FakeHelpdesk
from tests.fitting_calls import START, coded_week
from tests.line import Line, policy_file, running_line
from tests.recorded_policies import keep_named
from tests.review.conftest import CODE, T0, call
from tests.review.seed import seed, week
from tests.review.test_whatif import draft_yaml
from warmline import search_attributes as sa
from warmline.asr import NOTHING_HEARD, AudioRef, AudioTurnRequest
from warmline.callbacks import CallbackCancel, CallbackState, callback_workflow_id
from warmline.dispositions import LateDisposition
from warmline.hours import DAYS
from warmline.models import AgentEvent, Csat, Disposition, DispositionCode, Hangup, Reason
from warmline.queue_models import Accept, QueueStart
from warmline.review_models import ReviewRequest
from warmline.voicemail import VoicemailLeft, VoicemailTranscript
from workflows.call import CallWorkflow
from workflows.callback import CallbackWorkflow
from workflows.disposition import DispositionWorkflow
from workflows.queue import QueueWorkflow
from workflows.review import ReviewWorkflow
from workflows.whatif import WhatIfWorkflow

OUT = Path(__file__).parent / "histories"


async def save(client: Client, name: str, workflow_id: str, run_id: str | None = None) -> None:
    history = await client.get_workflow_handle(workflow_id, run_id=run_id).fetch_history()
    (OUT / f"{name}.json").write_text(history.to_json())
    kept = keep_named(history)  # a call's policy by digest: its snapshot beside the history, for the replay test
    print(f"recorded {name}: {len(history.events)} events" + (f", policy {kept[0].stem[:12]}" if kept else ""))


async def _said(line: Line, call_id: str, said: list[str]) -> str:
    for text in said:
        await line.turn(call_id, text)
    return call_id


async def _escalated(line: Line, name: str, said: list[str]) -> str:
    call_id = await line.start(f"{name}-call", number="+15550100", authenticated=True, auth_method="ani_match")
    await line.agent_finishes(await _said(line, call_id, said))
    return call_id


async def record_calls(env: WorkflowEnvironment, tmp: Path, desk: FakeHelpdesk) -> None:
    async with running_line(env.client, tmp, desk) as line:
        desk.choose = lambda call_id: Behaviour.flaky(1) if call_id.startswith("flaky") else None
        contained = await _said(line, await line.start("contained-call"), ["what are your opening hours", "lovely"])
        await line.hang_up(contained)
        calls = {
            "contained": contained,
            "customer_request": await _escalated(line, "request", ["can I pay by card?", "let me talk to a human"]),
            "failed_resolution": await _escalated(
                line,
                "failed",
                ["my wifi keeps cutting out", "I did that and it still doesn't work", "no, still the same"],
            ),
            "sentiment": await _escalated(
                line,
                "sentiment",
                [
                    "this is ridiculous, I've been cut off three times today, is there an outage?",
                    "you are useless, I am absolutely furious with this terrible service",
                    "yes, please do",
                ],
            ),
            "flaky_helpdesk": await _escalated(line, "flaky", ["I want to cancel my contract"]),
        }
        for name, call_id in calls.items():
            await save(line.client, name, call_id)


async def record_lean(env: WorkflowEnvironment, tmp: Path, desk: FakeHelpdesk) -> None:
    """A call started as the API starts it since the lean start: its policy by digest, its search attributes set on
    the start request (the recorded call histories above are from before it, and keep that path replayed)."""
    async with running_line(env.client, tmp, desk) as line:
        await save(
            line.client, "lean_start", await _escalated(line, "lean", ["what are your opening hours", "a person"])
        )


async def record_card(env: WorkflowEnvironment, tmp: Path, desk: FakeHelpdesk) -> None:
    """A caller reads card details out (redacted as the edge does), is offered the payments team and says yes."""
    queues = [{"name": "transactional"}, {"name": "technical"}, {"name": "complex"}, {"name": "payments"}]
    policy = policy_file(tmp, queues=queues, card_payments={"queue": "payments"})
    async with running_line(env.client, tmp, desk, policy=policy) as line:
        said = ["I'm paying by card, it starts [redacted:card]", "[redacted:card]", "yes please"]
        call_id = await _escalated(line, "card-payments", said)
        await save(line.client, "card_payments", call_id)


def closed_today_policy(tmp: Path, after_hours: str = "callback") -> Path:
    """The contract policy with its fallback queue closed today (UTC) and open all day tomorrow."""
    tomorrow = DAYS[(datetime.now(UTC).weekday() + 1) % 7]
    hours = {"timezone": "UTC", "open": {tomorrow: "00:00-24:00"}}
    closed = {"name": "complex", "hours": hours, "after_hours": after_hours}
    queues = [{"name": "transactional"}, {"name": "technical"}, closed]
    return policy_file(tmp, queues=queues)


async def record_callbacks(env: WorkflowEnvironment, tmp: Path, desk: FakeHelpdesk) -> None:
    """A caller asks for a person while the queue is closed, accepts the callback; an operator cancels it."""
    async with running_line(env.client, tmp, desk, policy=closed_today_policy(tmp)) as line:
        call_id = await line.start("after-hours-call", number="+15550100")
        await line.hang_up(await _said(line, call_id, ["can I talk to a person please", "yes please"]), csat=4)
        cb = line.client.get_workflow_handle(callback_workflow_id(call_id), result_type=CallbackState)
        await cb.signal(CallbackWorkflow.cancel, CallbackCancel(reason="recorded for the replay tests"))
        await cb.result()
        await save(line.client, "callback_after_hours", call_id)
        await save(line.client, "callback_workflow", cb.id)


async def record_voicemail(env: WorkflowEnvironment, tmp: Path, desk: FakeHelpdesk) -> None:
    """After hours on a voicemail queue: the caller leaves a message, its transcript follows; the callback cancelled."""
    async with running_line(env.client, tmp, desk, policy=closed_today_policy(tmp, after_hours="voicemail")) as line:
        call_id = await line.start("voicemail-call", number="+15550100")
        await _said(line, call_id, ["can I talk to a person please"])
        h = line.handle(call_id)
        left = VoicemailLeft(recording_url="https://api.twilio.com/r/RE1", duration_s=9, recording_sid="RE1")
        await h.execute_update(CallWorkflow.voicemail, left, id="vm-recorded")
        await h.signal(CallWorkflow.voicemail_transcript, VoicemailTranscript(status="completed", text="call me"))
        await h.signal(CallWorkflow.csat, Csat(score=3))
        await h.result()
        cb = line.client.get_workflow_handle(callback_workflow_id(call_id), result_type=CallbackState)
        await cb.signal(CallbackWorkflow.cancel, CallbackCancel(reason="recorded for the replay tests"))
        await cb.result()
        await save(line.client, "voicemail_call", call_id)
        await save(line.client, "voicemail_callback", cb.id)


async def record_actions(env: WorkflowEnvironment, tmp: Path, desk: FakeHelpdesk) -> None:
    """A verified balance lookup after an audio turn, and a lookup failing until failed_resolution."""
    os.environ["WARMLINE_TEST_COMPANY_KEY"] = "k-123"
    company, asr = FakeCompany().start(), FakeAsr().start()
    try:
        policy = actions_policy(tmp)
        async with running_line(
            env.client, tmp, desk, policy=policy, actions_base_url=company.url, asr_url=asr.url
        ) as line:
            verified = await line.start("action-verified-call", number="+447700900123")
            key = AudioStore(line.settings.audio_path).put(audio("good", "what's my balance"), "wav", scope=verified)
            spoken = AudioTurnRequest(audio=AudioRef(key=key))
            await line.handle(verified).execute_update(CallWorkflow.audio_turn, spoken, id=uuid.uuid4().hex)
            await _said(line, verified, ["it's 12345678", "SW1A 1AA", "thanks, can I talk to a person now"])
            await line.agent_finishes(verified)
            failed = await line.start(
                "action-failed-call", authenticated=True, auth_method="ani_match", account_id="AC-500"
            )
            await line.agent_finishes(await _said(line, failed, ["what's my balance", "can you check my balance"]))
            await save(line.client, "action_verified", verified)
            await save(line.client, "action_failed", failed)
    finally:
        company.stop()
        asr.stop()


async def record_queue(env: WorkflowEnvironment, tmp: Path, desk: FakeHelpdesk) -> None:
    """One run of a desk queue: an agent signs in, a call's offer rings them, they accept, then go away."""
    policy = policy_file(tmp, queues=QUEUES)
    async with running_line(env.client, tmp, None, policy=policy, queue_id_prefix="recorded-") as line:
        handle = queue(line, "complex")
        start = QueueStart(queue="complex", max_events=4)  # the fourth message ends the run (continue-as-new)
        await line.client.start_workflow(QueueWorkflow.run, start, id=handle.id, task_queue=line.settings.task_queue)
        first_run = (await handle.describe()).run_id
        await presence(line, "complex", "ann", ["disputes"])
        await escalate(line)
        s = await eventually(lambda: snap(line, "complex"), lambda s: bool(s.offers and s.offers[0].ringing))
        await handle.execute_update(QueueWorkflow.accept, Accept(context_id=s.offers[0].context_id, agent_id="ann"))
        await presence(line, "complex", "ann", ["disputes"], "away")
        await eventually(handle.describe, lambda d: d.run_id != first_run)
        await save(line.client, "queue_workflow", handle.id, first_run)


async def record_answered(env: WorkflowEnvironment, tmp: Path, desk: FakeHelpdesk) -> None:
    """A call queued on the desk is answered by another route (a SIP leg): its offer is taken back."""
    policy = policy_file(tmp, queues=QUEUES)
    async with running_line(env.client, tmp, None, policy=policy, queue_id_prefix="recorded-") as line:
        await presence(line, "complex", "ann", ["disputes"])
        call_id = await escalate(line)
        await eventually(lambda: snap(line, "complex"), lambda s: bool(s.offers and s.offers[0].ringing))
        h = line.handle(call_id)
        await h.signal(CallWorkflow.agent_event, AgentEvent(type="agent_connected", agent_id="sip:dave@pbx.example"))
        await eventually(lambda: snap(line, "complex"), lambda s: not s.offers)
        await line.agent_finishes(call_id)
        await save(line.client, "answered_elsewhere", call_id)


async def record_review(env: WorkflowEnvironment, tmp: Path, desk: FakeHelpdesk) -> None:
    async with running_line(env.client, tmp, None) as line:
        await seed(line.settings.db_url, week(T0))
        period = ReviewRequest(since=T0, until=T0 + timedelta(days=7))
        await line.client.execute_workflow(
            ReviewWorkflow.run, period, id="review-recorded", task_queue=line.settings.task_queue
        )
        await save(line.client, "review_workflow", "review-recorded")


async def record_review_meaning(env: WorkflowEnvironment, tmp: Path, desk: FakeHelpdesk) -> None:
    misread = [
        call(
            f"mean{i}",
            [said],
            reason=Reason.CUSTOMER_REQUEST,
            codes=[CODE.AI_MISIDENTIFIED_INTENT],
            intent="payment_methods",
            intended_query_type="bill_dispute",
            at=timedelta(hours=50 + i),
        )
        for i, said in enumerate(["you billed me double", "why was I charged twice this month"])
    ]
    async with running_line(env.client, tmp, None) as line:
        await seed(line.settings.db_url, [*week(T0), *misread])
        period = ReviewRequest(since=T0, until=T0 + timedelta(days=7))
        await line.client.execute_workflow(
            ReviewWorkflow.run, period, id="review-meaning-recorded", task_queue=line.settings.task_queue
        )
        await save(line.client, "review_meaning", "review-meaning-recorded")


async def record_fit(env: WorkflowEnvironment, tmp: Path, desk: FakeHelpdesk) -> None:
    async with running_line(env.client, tmp, None) as line:
        await seed(line.settings.db_url, week(START) + coded_week(0.3))
        period = ReviewRequest(since=START, until=START + timedelta(days=7))
        await line.client.execute_workflow(
            ReviewWorkflow.run, period, id="review-fit-recorded", task_queue=line.settings.task_queue
        )
        await save(line.client, "review_fit", "review-fit-recorded")


async def record_whatif(env: WorkflowEnvironment, tmp: Path, desk: FakeHelpdesk) -> None:
    async with running_line(env.client, tmp, None) as line:
        await seed(line.settings.db_url, week(T0))
        draft = draft_yaml(low_confidence={"threshold": 0.95, "clarify_attempts": 0})
        req = WhatIfRequest(draft_yaml=draft, since=T0.isoformat(), until=(T0 + timedelta(days=7)).isoformat())
        await line.client.execute_workflow(
            WhatIfWorkflow.run, req, id="whatif-recorded", task_queue=line.settings.task_queue
        )
        await save(line.client, "whatif_workflow", "whatif-recorded")


async def record_human(env: WorkflowEnvironment, tmp: Path, desk: FakeHelpdesk) -> None:
    """Handle time's parts (a hold, a hang-up, a wrap-up after it) and a late wrap-up from a solved ticket."""
    async with running_line(env.client, tmp, desk) as line:
        call_id = await _said(line, await line.start("held-call"), ["let me talk to a human"])
        h = line.handle(call_id)
        for kind in ("agent_connected", "hold_started", "hold_ended"):
            await h.signal(CallWorkflow.agent_event, AgentEvent(type=kind, agent_id="ag1"))
        await h.signal(CallWorkflow.hangup, Hangup())
        await h.signal(
            CallWorkflow.disposition,
            Disposition(agent_id="ag1", codes=[DispositionCode.NONE], repeat_explanation=False),
        )
        await h.signal(CallWorkflow.csat, Csat(score=4))
        await h.result()
        late = LateDisposition(
            call_id=call_id, source="zendesk", codes=[DispositionCode.AI_LACKED_KNOWLEDGE], ticket_id="35436", at=T0
        )
        await line.client.execute_workflow(
            DispositionWorkflow.run, late, id="disposition-recorded", task_queue=line.settings.task_queue
        )
        await save(line.client, "held_call", call_id)
        await save(line.client, "late_disposition", "disposition-recorded")


async def record_fidelity(env: WorkflowEnvironment, tmp: Path, desk: FakeHelpdesk) -> None:
    async with running_line(env.client, tmp, desk) as line:
        since = datetime.now(UTC) - timedelta(minutes=1)
        contained = await _said(line, await line.start("logged-call"), ["what are your opening hours", "lovely"])
        await line.hang_up(contained)
        await _escalated(line, "logged-request", ["can I pay by card?", "let me talk to a human"])
        draft = draft_yaml(low_confidence={"threshold": 0.95, "clarify_attempts": 0})
        until = datetime.now(UTC) + timedelta(minutes=1)
        req = WhatIfRequest(draft_yaml=draft, since=since.isoformat(), until=until.isoformat())
        await line.client.execute_workflow(
            WhatIfWorkflow.run, req, id="whatif-fidelity", task_queue=line.settings.task_queue
        )
        await save(line.client, "turn_logged", contained)
        await save(line.client, "whatif_fidelity", "whatif-fidelity")


Recorder = Callable[[WorkflowEnvironment, Path, FakeHelpdesk], Awaitable[None]]


async def record_planned(env: WorkflowEnvironment, tmp: Path, desk: FakeHelpdesk) -> None:
    """A call whose turns' plans are recorded (warmline/recorded_plan.py): planned in `understand`, re-planned after
    the identity check and the lookup by `plan_turn`, and a turn with nothing heard (patch turn-plan-recorded-v1)."""
    os.environ["WARMLINE_TEST_COMPANY_KEY"] = "k-123"
    company = FakeCompany().start()
    try:
        policy = actions_policy(tmp)
        async with running_line(env.client, tmp, desk, policy=policy, actions_base_url=company.url) as line:
            call_id = await line.start("planned-call", number="+447700900123")
            said = ["what's my balance", "it's 12345678", "SW1A 1AA", NOTHING_HEARD, "thanks, can I talk to a person"]
            await line.agent_finishes(await _said(line, call_id, said))
            await save(line.client, "recorded_plan", call_id)
    finally:
        company.stop()


GROUPS: dict[str, Recorder] = {
    "calls": record_calls,
    "callbacks": record_callbacks,
    "voicemail": record_voicemail,
    "actions": record_actions,
    "queue": record_queue,
    "answered": record_answered,
    "review": record_review,
    "meaning": record_review_meaning,
    "fit": record_fit,
    "whatif": record_whatif,
    "human": record_human,
    "card": record_card,
    "fidelity": record_fidelity,
    "lean": record_lean,
    "planned": record_planned,
}


async def main(only: set[str]) -> None:
    """Record every group, or only those named: their files are overwritten."""
    unknown = only - set(GROUPS)
    if unknown:
        sys.exit(f"unknown group(s) {', '.join(sorted(unknown))}; the groups: {', '.join(GROUPS)}")
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=binary("temporal"), data_converter=pydantic_data_converter, search_attributes=sa.ALL
    )
    try:
        with tempfile.TemporaryDirectory() as tmp, FakeHelpdesk() as desk:
            for name, record in GROUPS.items():
                if not only or name in only:
                    (Path(tmp) / name).mkdir()
                    await record(env, Path(tmp) / name, desk)
    finally:
        await env.shutdown()


if __name__ == "__main__":
    asyncio.run(main(set(sys.argv[1:])))
