"""Replay one recorded call under a policy, through the same `plan_turn` the call workflow runs.

The what-if (warmline/whatif.py) and the weekly review's threshold fitting ask the
same question: what would this policy have done with these calls? The answer is
only worth reading if the live policy's replay reproduces what the calls really
did, so the replay feeds `plan_turn` everything the live turn had (the turn log,
warmline/turn_log.py): the recorded understanding result, ASR confidence, the
identifiers said, the lookups' and identity checks' outcomes, the turn's clock
(business hours), and the caller's answers to a callback offer. It rebuilds the
`Dialog` between turns exactly as the workflow does (workflows/call/turn.py,
session.py), so the replay cannot drift from the live line.

Calls recorded before the turn log existed are replayed by re-running
understanding (`understand`) on the redacted transcript, with steps read back from
the recorded actions: `Replay.reran_understanding` flags them (docs/whatif.md).
Pure apart from the injected `understand`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal

from pydantic import BaseModel

from warmline.asr import NOTHING_HEARD
from warmline.auth import AuthProgress
from warmline.models import Speaker, Utterance
from warmline.policy import Policy
from warmline.records import CallRecord
from warmline.trigger_models import TriggerState
from warmline.triggers import pending_for
from warmline.turn_log import StepLog, TurnLog
from warmline.turn_models import Dialog, StepOutcome, TurnInput, TurnPlan
from warmline.turn_plan import plan_turn
from warmline.understanding import Understanding, UnderstandingRequest

Understand = Callable[[UnderstandingRequest], Awaitable[Understanding]]
End = Literal["contained", "escalated", "callback_offered", "voicemail"]
NOT_RECORDED = "(not recorded)"


class Replay(BaseModel):
    """One call under one policy: how it ended, and a handoff's trigger, queue and turn."""

    escalated: bool
    reason: str | None = None
    queue: str | None = None
    turn: int | None = None
    end: End = "contained"  # callback_offered / voicemail: the queue was closed; a callback offered / a message asked
    callback_choice: str | None = None  # after an offer: accepted | declined | no_answer
    reran_understanding: bool = False  # recorded before turn logs: understanding was re-run
    assumed_steps: int = 0  # lookups or checks the live line never ran (a draft's new step): assumed to succeed


def recorded(r: CallRecord) -> Replay:
    """What the call actually did, in the replay's terms."""
    if r.reason is None:
        return Replay(escalated=False)
    offered = r.callback_reason == "after_hours"
    return Replay(
        escalated=True,
        reason=r.reason.value,
        queue=r.queue,
        turn=r.escalation_turn,
        end="callback_offered" if offered else "voicemail" if r.callback_reason == "voicemail" else "escalated",
        callback_choice=r.callback_choice if offered else None,
    )


def agrees(live: Replay, replayed: Replay) -> bool:
    """Same end, same escalation turn, trigger and queue, same answer to a callback offer."""
    keys = ("end", "turn", "reason", "queue", "callback_choice")
    return all(getattr(live, k) == getattr(replayed, k) for k in keys)


class _Call:
    """The dialog a replay carries between turns: what `CallSession.dialog()` would hold."""

    def __init__(self, policy: Policy, r: CallRecord) -> None:
        self.policy, self.record = policy, r
        self.triggers = TriggerState()
        self.auth: AuthProgress | None = None
        self.have: set[str] = set()
        self.verified = r.verified_at_start if r.verified_at_start is not None else _gateway_verified(r)
        self.offer_asked: int | None = None
        self.assumed = 0

    def dialog(self) -> Dialog:
        return Dialog(
            triggers=self.triggers,
            verified=self.verified,
            auth=self.auth,
            have=sorted(self.have),
            callback_asked=self.offer_asked,
        )

    def run_steps(self, plan: TurnPlan, dialog: Dialog, t: TurnInput, steps: list[StepLog], log: TurnLog) -> TurnPlan:
        """As `workflows.call.turn.run_steps`, with each step's recorded outcome instead of the activity."""
        done: list[StepOutcome] = []
        while plan.run is not None:
            got = next((s for s in steps if s.purpose == plan.run.purpose), None)
            if got is None:
                got, self.assumed = StepLog(purpose=plan.run.purpose, ok=True, reply=NOT_RECORDED), self.assumed + 1
            else:
                steps.remove(got)
            if got.purpose == "verify" and got.ok:
                self.verified = True
                self.have |= set(got.captured)
            done.append(StepOutcome.model_validate(got.model_dump(exclude={"captured"})))
            plan = plan_turn(self.policy, dialog, t, done, log.at)
        return plan

    def keep(self, plan: TurnPlan) -> None:
        """As `carry_out`: what the plan changed, for the next turn."""
        auth = self.policy.authentication
        if plan.forget_identifiers and auth is not None:
            self.have -= {i.name for i in auth.identifiers}
        self.auth, self.triggers = plan.auth, plan.triggers


async def replay(policy: Policy, r: CallRecord, understand: Understand | None = None, rerun: bool = False) -> Replay:
    """The call under `policy`. `understand` is needed for calls without a turn log, or to re-run (`rerun`)."""
    logs = {t.turn: t for t in r.turn_log}
    reran = rerun or not logs
    if reran and understand is None:
        raise ValueError(f"call {r.call_id} has no turn log: replaying it needs an understanding back-end")
    call, offered = _Call(policy, r), None
    said = [u for u in r.transcript if u.speaker == Speaker.CALLER]
    for n, utterance in enumerate(said, 1):
        log = logs.get(n) or _legacy_log(r, n, utterance)
        u = log.understanding
        if reran and understand is not None and utterance.text != NOTHING_HEARD:
            u = await understand(_request(policy, r, n, utterance.text, log, call))
        t = TurnInput(
            turn=n,
            text=utterance.text,
            understanding=u,
            asr_confidence=log.asr_confidence,
            identifiers=log.identifiers if n in logs else None,
        )
        dialog = call.dialog()
        plan = plan_turn(policy, dialog, t, [], log.at)
        if plan.callback is not None and offered is not None:  # the caller answers the callback offer
            if plan.callback == "reask" and call.offer_asked is not None:
                call.offer_asked += 1
                continue
            choice = "accepted" if plan.callback == "accept" else "declined"
            return offered.model_copy(update={"callback_choice": choice, "reran_understanding": reran})
        call.have |= {c.name for c in plan.capture}
        plan = call.run_steps(plan, dialog, t, list(log.steps), log)
        call.keep(plan)
        d = plan.decision
        if d is not None and d.kind == "escalate" and d.reason is not None and plan.route is not None:
            where = plan.route
            esc = Replay(escalated=True, reason=d.reason.value, queue=where.queue, turn=n, end="escalated")
            if not where.open and where.after_hours == "voicemail":
                return _done(esc.model_copy(update={"end": "voicemail"}), call, reran)
            if where.open or where.after_hours != "callback":
                return _done(esc, call, reran)
            offered, call.offer_asked = esc.model_copy(update={"end": "callback_offered"}), 1
        elif plan.action == "end":
            break
    if offered is not None:  # answered on the keypad, or the caller hung up on the offer: as recorded
        return _done(offered.model_copy(update={"callback_choice": r.callback_choice or "no_answer"}), call, reran)
    return _done(Replay(escalated=False), call, reran)


def _done(rep: Replay, call: _Call, reran: bool) -> Replay:
    return rep.model_copy(update={"reran_understanding": reran, "assumed_steps": call.assumed})


def _request(policy: Policy, r: CallRecord, n: int, text: str, log: TurnLog, call: _Call) -> UnderstandingRequest:
    """What the workflow's `understand` activity is asked, from the replay's dialog."""
    return UnderstandingRequest(
        call_id=r.call_id,
        turn=n,
        text=text,
        asr_confidence=log.asr_confidence,
        pending=pending_for(call.triggers, callback_offered=call.offer_asked is not None),
        last_query_type=call.triggers.topic,
        policy_version=policy.version,
    )


def _legacy_log(r: CallRecord, n: int, utterance: Utterance) -> TurnLog:
    """A turn of a call recorded before turn logs: its clock and its steps, read back from the record."""
    steps: list[StepLog] = []
    for a in r.actions:
        if a.turn != n:
            continue
        if a.name.startswith("verify:"):
            steps.append(StepLog(purpose="verify", ok=a.status == "succeeded"))
        elif a.name.startswith("action:"):
            flipped = a.detail.startswith("Caller said it did not work")  # it succeeded, the caller disagreed
            ok = a.status == "succeeded" or flipped
            reply = a.detail.partition(": ")[2].strip('"') or NOT_RECORDED if ok else None
            steps.append(StepLog(purpose="resolve", ok=ok, reply=reply, detail=a.detail))
    # The understanding is re-run for such a turn; an inaudible one is not understood live either.
    heard = Understanding(confidence=0.0, backend="none")
    return TurnLog(turn=n, at=utterance.at, understanding=heard, steps=steps)


def _gateway_verified(r: CallRecord) -> bool:
    """A call recorded before `verified_at_start`: verified, and not by the line's own identity check."""
    return r.authenticated and not any(a.name.startswith("verify:") and a.status == "succeeded" for a in r.actions)
