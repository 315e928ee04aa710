"""The turn's whole plan: what the AI does with one caller utterance, decided in one pure function.

`plan_turn` reads the policy, what the call knows (`Dialog`), the understood turn and
the outcomes of the steps it already asked for, and returns a `TurnPlan`: the decision
(answer, clarify, hand off… and why), the words, whether the call goes on or ends, the
route of a handoff, the callback answer, and what verification and intent to keep. When
the answer needs a lookup or the caller's identity checked first, the plan names that one
`Step`; the workflow runs it and asks again with its outcome. The call workflow runs
steps and executes plans; it decides nothing (docs/architecture.md, "The path of a
turn"). Pure: no I/O and no clock (`now` is passed in), so every path is tested
without Temporal.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from warmline.auth import AuthProgress, Captured, extract, missing, next_question, verification_failed
from warmline.card_care import card_care, payments_accepted, reading_on
from warmline.models import IntentRef
from warmline.policy import Policy
from warmline.replies import reply_for
from warmline.resolution_rules import answered_after_auth, fold_action_failure, hold_for_auth
from warmline.routing import route
from warmline.trigger_models import Decision, Fired, TriggerState
from warmline.triggers import decide, effective_confidence, known_intent
from warmline.turn_models import CallbackMove, Dialog, Step, StepOutcome, TurnInput, TurnPlan
from warmline.understanding import DialogAct, Understanding


class _Partial(BaseModel):
    """A decision on its way to a plan: its words when not the usual reply, or the step still to run."""

    decision: Decision
    say: str | None = None
    run: Step | None = None


def plan_turn(policy: Policy, dialog: Dialog, t: TurnInput, done: list[StepOutcome], now: datetime) -> TurnPlan:
    """The turn's plan. `done` holds the outcomes of the steps earlier plans for this turn asked for."""
    if (taken := payments_accepted(policy, dialog, t, now)) is not None:
        return taken  # the caller said yes to the payments team, offered when they read card details out
    if (again := reading_on(policy, dialog, t)) is not None:
        return again  # nothing but card details: warn again, never judge it out of scope
    return card_care(policy, _plan(policy, dialog, t, done, now), t)


def _plan(policy: Policy, dialog: Dialog, t: TurnInput, done: list[StepOutcome], now: datetime) -> TurnPlan:
    u = t.understanding
    if dialog.callback_asked is not None:
        return TurnPlan(
            decision=None,
            callback=_callback_move(u, dialog.callback_asked),
            triggers=dialog.triggers,
            auth=dialog.auth,
        )
    found = _identifiers(policy, dialog, t)
    auth = dialog.auth
    if auth is not None and auth.waiting:  # the AI asked for identifiers last turn
        if not _moved_on(policy, auth, t, found):
            return _identity_turn(policy, dialog, auth, t, found, done, now)
        auth = auth.model_copy(update={"waiting": False})
    d = decide(policy, dialog.triggers, t.turn, u, t.asr_confidence)
    intent = _clear_intent(policy, u, t.asr_confidence)
    qt = policy.query_type(d.query_type) if d.kind in ("answer", "retry") else None
    if qt is None or (qt.action is None and not qt.requires_auth):
        return _finish(policy, u, _Partial(decision=d), now, intent=intent, auth=auth)
    if qt.requires_auth and not dialog.verified:
        held = hold_for_auth(dialog.triggers, d)
        progress = AuthProgress(query_type=qt.name, failed_attempts=auth.failed_attempts if auth else 0)
        # The question may carry the identifiers already ("my balance, account 12345678, SW1A 1AA").
        ident = _identity_step(policy, progress, dialog.have, found, done, first=True)
        if ident.fired is not None:
            step = _Partial(decision=_handover(ident.fired, qt.name, held.state))
        elif ident.run is not None or ident.kind == "ask":
            step = _Partial(decision=held, say=ident.say, run=ident.run)
        else:
            step = _after_verified(policy, dialog.triggers, d, ident.say, done)
        return _finish(policy, u, step, now, intent=intent, auth=ident.progress, ident=ident)
    if qt.action is None:
        return _finish(policy, u, _Partial(decision=d), now, intent=intent, auth=auth)
    return _finish(policy, u, _answer_by_action(policy, dialog.triggers, d, done), now, intent=intent, auth=auth)


def _callback_move(u: Understanding, asked: int) -> CallbackMove:
    """A spoken answer to "shall we call you back?": yes books it, no declines, anything else asks once more."""
    if u.has(DialogAct.AFFIRM) and not u.has(DialogAct.DENY):
        return "accept"
    if u.has(DialogAct.DENY) or asked >= 2:
        return "decline"
    return "reask"


def _identifiers(policy: Policy, dialog: Dialog, t: TurnInput) -> list[Captured]:
    """The identifiers still missing, found in the caller's words (as said, before redaction).

    A replay has only their names (`t.identifiers`, warmline/replay.py): the plan reads no value.
    """
    auth = policy.authentication
    if auth is None:
        return []
    wanted = missing(auth, set(dialog.have))
    if t.identifiers is not None:
        return [Captured(name=n, value="", start=0, end=0) for n in t.identifiers if n in wanted]
    return extract(auth.identifiers, t.text, wanted)


def _clear_intent(policy: Policy, u: Understanding, asr_confidence: float | None) -> IntentRef | None:
    """The call's intent when this turn names a known query type confidently enough to act on it."""
    intent = known_intent(u, policy)
    confidence = effective_confidence(u, asr_confidence)
    if intent and confidence >= policy.low_confidence_rule(intent).threshold:
        return IntentRef(name=intent, confidence=round(confidence, 3))
    return None


def _moved_on(policy: Policy, progress: AuthProgress, t: TurnInput, found: list[Captured]) -> bool:
    """Asked for identifiers, the caller asks for a person, or gives none and talks of something else or leaves."""
    u = t.understanding
    intent = known_intent(u, policy)
    elsewhere = (
        intent is not None
        and intent != progress.query_type
        and effective_confidence(u, t.asr_confidence) >= policy.low_confidence_rule(intent).threshold
    )
    return u.has(DialogAct.REQUEST_HUMAN) or (not found and (elsewhere or u.has(DialogAct.GOODBYE)))


class _Identity(BaseModel):
    """Where a verification stands after this turn's identifiers (and the check's outcome, when it ran)."""

    kind: Literal["ask", "verified", "failed", "run"]
    say: str = ""
    fired: Fired | None = None
    run: Step | None = None
    progress: AuthProgress | None
    capture: list[Captured] = Field(default_factory=list)
    forget: bool = False


def _identity_step(
    policy: Policy, progress: AuthProgress, have: list[str], found: list[Captured], done: list[StepOutcome], first: bool
) -> _Identity:
    """Take the identifiers given, ask for the rest, or check them with the `verify` action.

    After `max_attempts` failed attempts the verification trigger fires (`fired`).
    """
    auth, m = policy.authentication, policy.messages
    assert auth is not None
    p = progress.model_copy(deep=True)
    known = set(have) | {c.name for c in found}
    if missing(auth, known):
        template = m.auth_prompt if first else "{question}"
        if not found and not first:  # the answer did not contain what was asked: a failed attempt
            p.failed_attempts += 1
            if fired := verification_failed(auth, p.failed_attempts, p.query_type):
                return _Identity(kind="failed", fired=fired, progress=p, capture=found)
            template = m.auth_not_heard
        p.asking, question = next_question(auth, known)
        return _Identity(kind="ask", say=template.format(question=question), progress=p, capture=found)
    checked = next((o for o in done if o.purpose == "verify"), None)
    if checked is None:
        run = Step(purpose="verify", query_type=p.query_type, action=auth.verify)
        return _Identity(kind="run", run=run, progress=p, capture=found)
    if not checked.ok:
        p.failed_attempts += 1
        known -= {ident.name for ident in auth.identifiers}  # ask for all of them again: which was wrong is not said
        if fired := verification_failed(auth, p.failed_attempts, p.query_type):
            return _Identity(kind="failed", fired=fired, progress=p, capture=found, forget=True)
        p.asking, question = next_question(auth, known)
        return _Identity(kind="ask", say=m.auth_retry.format(question=question), progress=p, capture=found, forget=True)
    return _Identity(kind="verified", say=m.auth_verified, progress=None, capture=found)


def _identity_turn(
    policy: Policy,
    dialog: Dialog,
    progress: AuthProgress,
    t: TurnInput,
    found: list[Captured],
    done: list[StepOutcome],
    now: datetime,
) -> TurnPlan:
    """A turn answering the AI's request for identifiers."""
    qt, before = progress.query_type, dialog.triggers
    ident = _identity_step(policy, progress, dialog.have, found, done, first=False)
    if ident.fired is not None:
        step = _Partial(decision=_handover(ident.fired, qt, before))
    elif ident.run is not None or ident.kind == "ask":
        step = _Partial(
            decision=Decision(kind="authenticate", query_type=qt, state=before), say=ident.say, run=ident.run
        )
    else:
        held = Decision(kind="answer", query_type=qt, state=answered_after_auth(before, qt, t.turn))
        step = _after_verified(policy, before, held, ident.say, done)
    return _finish(policy, t.understanding, step, now, intent=None, auth=ident.progress, ident=ident)


def _after_verified(
    policy: Policy, before: TriggerState, d: Decision, thanks: str, done: list[StepOutcome]
) -> _Partial:
    """Verified: give the answer that waited for it (or run its action), led by the thanks."""
    qt = policy.query_type(d.query_type)
    assert qt is not None
    if qt.action is None:
        _, answer = reply_for(d, policy, Understanding())
        return _Partial(decision=d, say=f"{thanks} {answer}")
    step = _answer_by_action(policy, before, d, done)
    return step.model_copy(update={"say": f"{thanks} {step.say}" if step.say else None})


def _answer_by_action(policy: Policy, before: TriggerState, d: Decision, done: list[StepOutcome]) -> _Partial:
    """The query type's action answers; a failure or missing data is a failed resolution attempt."""
    qt = policy.query_type(d.query_type)
    assert qt is not None and qt.action is not None
    looked = next((o for o in done if o.purpose == "resolve"), None)
    if looked is None:
        return _Partial(decision=d, run=Step(purpose="resolve", query_type=qt.name, action=qt.action))
    if not looked.ok or not looked.reply:
        folded = fold_action_failure(policy, before, d, looked.detail)
        return _Partial(decision=folded, say=policy.messages.action_failed if folded.kind == "action_failed" else None)
    said = f"{qt.answer} {looked.reply}" if qt.answer else looked.reply
    if d.kind == "retry":
        said = qt.retry_answer or policy.messages.retry.format(answer=said)
    return _Partial(decision=d, say=said)


def _handover(fired: Fired, query_type: str, state: TriggerState) -> Decision:
    return Decision(kind="escalate", reason=fired.reason, detail=fired.detail, query_type=query_type, state=state)


def _finish(
    policy: Policy,
    u: Understanding,
    step: _Partial,
    now: datetime,
    *,
    intent: IntentRef | None,
    auth: AuthProgress | None,
    ident: _Identity | None = None,
) -> TurnPlan:
    """The plan from a decision: the words and the call's next phase, or the route of a handoff."""
    d = step.decision
    plan = TurnPlan(
        decision=d,
        run=step.run,
        triggers=d.state.model_copy(update={"last_kind": d.kind}),
        intent=intent,
        auth=auth,
        capture=ident.capture if ident else [],
        forget_identifiers=ident.forget if ident else False,
    )
    if step.run is not None:
        return plan
    if d.kind == "escalate":
        return plan.model_copy(update={"route": route(policy, d.query_type, now)})
    action, say = ("reply", step.say) if step.say is not None else reply_for(d, policy, u)
    return plan.model_copy(update={"action": action, "say": say})
