"""The call's resolution steps beyond a fixed answer: actions, caller verification and audio turns.

A mixin of `CallWorkflow` (workflows/call.py), kept apart so the call's main path
stays readable: `_resolve` runs only for query types with an `action` or
`requires_auth`, `_identity_turn` only while the AI waits for identifiers, and
`_transcribe` only for `audio_turn` updates. Deterministic like the rest of the
workflow: the HTTP calls are the `run_action` and `transcribe` activities, the
rules pure functions in `warmline` (docs/actions.md).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from activities.actions import ActionActivities
    from activities.asr import AsrActivities
    from warmline.actions import ActionRequest, ActionResult, HttpAction
    from warmline.asr import NOTHING_HEARD, AudioTurnRequest, TranscribeRequest
    from warmline.auth import (
        AuthProgress,
        Captured,
        extract,
        missing,
        next_question,
        redact_secrets,
        verification_failed,
    )
    from warmline.models import ActionRecord, Authentication, CallState, TurnRequest
    from warmline.policy import Policy
    from warmline.replies import reply_for
    from warmline.resolution_rules import answered_after_auth, fold_action_failure, hold_for_auth
    from warmline.triggers import Decision, Fired, TriggerState, effective_confidence, humanize, known_intent
    from warmline.understanding import DialogAct, Understanding

# Recognition: each HTTP step is bounded by WARMLINE_ASR_TIMEOUT_S (at most 20 s); one retry for a blip.
ASR_TIMEOUT = timedelta(seconds=45)
ASR_RETRY = RetryPolicy(initial_interval=timedelta(milliseconds=200), maximum_attempts=2)

Step = tuple[Decision, str | None, ActionRecord | None]  # the decision, the words to say (None: the usual), the record


def _why(e: ActivityError) -> str:
    """An activity's final failure as one short line (the cause's message, not the wrapper's)."""
    return str(e.cause or e)[:200]


class Resolution:
    """Actions, verification and transcription for `CallWorkflow`, which owns the state below."""

    _state: CallState
    _triggers: TriggerState
    _auth: AuthProgress | None
    _values: dict[str, str]

    def _publish_search_attributes(self) -> None:
        raise NotImplementedError  # CallWorkflow's

    async def _transcribe(self, audio: AudioTurnRequest | None, n: int) -> TurnRequest:
        """The audio turn as a text turn. Recognition that fails keeps the turn, as inaudible (clarify)."""
        assert audio is not None
        try:
            t = await workflow.execute_activity_method(
                AsrActivities.transcribe,
                TranscribeRequest(call_id=self._state.call_id, turn=n, audio=audio.audio),
                start_to_close_timeout=ASR_TIMEOUT,
                retry_policy=ASR_RETRY,
                summary=f"transcribe turn {n}",
            )
        except ActivityError as e:
            failure = ActionRecord(name="asr", status="failed", detail=_why(e), turn=n, kind="system")
            self._state.actions.append(failure)
            return TurnRequest(text=NOTHING_HEARD, asr_confidence=0.0, turn_id=audio.turn_id)
        return TurnRequest(text=t.text, asr_confidence=t.confidence, turn_id=audio.turn_id)

    def _without_secrets(self, policy: Policy, text: str) -> str:
        """The caller's words as they may be recorded and understood: secret identifiers redacted."""
        return redact_secrets(policy.authentication.identifiers, text) if policy.authentication else text

    def _identifiers_in(self, policy: Policy, text: str) -> list[Captured]:
        """The identifiers still missing, found in the caller's words (as said, before redaction)."""
        auth = policy.authentication
        assert auth is not None
        return extract(auth.identifiers, text, missing(auth, set(self._values)))

    async def _identity_turn(
        self, policy: Policy, found: list[Captured], u: Understanding, req: TurnRequest, n: int
    ) -> Step | None:
        """A turn while the AI waits for identifiers. None: the caller moved on, the triggers decide as usual."""
        progress = self._auth
        assert progress is not None
        intent = known_intent(u, policy)
        elsewhere = (
            intent is not None
            and intent != progress.query_type
            and effective_confidence(u, req.asr_confidence) >= policy.low_confidence_rule(intent).threshold
        )
        if u.has(DialogAct.REQUEST_HUMAN) or (not found and (elsewhere or u.has(DialogAct.GOODBYE))):
            progress.waiting = False
            return None
        qt = progress.query_type
        kind, say, fired = await self._identity_step(policy, found, n, first=False)
        if fired is not None:
            return self._handover(fired, qt, self._triggers), None, None
        if kind == "ask":
            return Decision(kind="authenticate", query_type=qt, state=self._triggers), say, None
        before = self._triggers
        held = Decision(kind="answer", query_type=qt, state=answered_after_auth(before, qt, n))
        return await self._after_verified(policy, before, held, say, n)

    async def _identity_step(
        self, policy: Policy, found: list[Captured], n: int, first: bool
    ) -> tuple[Literal["ask", "verified", "failed"], str, Fired | None]:
        """Take the identifiers given, ask for the rest, or verify them with the `verify` action.

        Returns what happened, the words for the caller, and the trigger when verification
        failed `max_attempts` times.
        """
        auth, progress, m = policy.authentication, self._auth, policy.messages
        assert auth is not None and progress is not None
        self._values.update({c.name: c.value for c in found})
        if missing(auth, set(self._values)):
            template = m.auth_prompt if first else "{question}"
            if not found and not first:  # the answer did not contain what was asked: a failed attempt
                progress.failed_attempts += 1
                if fired := verification_failed(auth, progress.failed_attempts, progress.query_type):
                    return "failed", "", fired
                template = m.auth_not_heard
            progress.asking, question = next_question(auth, set(self._values))
            return "ask", template.format(question=question), None
        record, result = await self._run_action(auth.verify, progress.query_type, "verify", n)
        st = self._state
        st.actions.append(record)
        if result is None:
            progress.failed_attempts += 1
            for ident in auth.identifiers:  # ask for all of them again: which one was wrong is not said
                self._values.pop(ident.name, None)
            if fired := verification_failed(auth, progress.failed_attempts, progress.query_type):
                return "failed", "", fired
            progress.asking, question = next_question(auth, set(self._values))
            return "ask", m.auth_retry.format(question=question), None
        self._values.update(result.captured)
        if result.captured.get("account_id") and not st.caller.account_id:
            st.caller = st.caller.model_copy(update={"account_id": result.captured["account_id"]})
        st.authentication = Authentication(verified=True, method=auth.method_name, verified_at=workflow.now())
        self._auth = None
        self._publish_search_attributes()
        return "verified", m.auth_verified, None

    async def _resolve(self, policy: Policy, before: TriggerState, d: Decision, n: int, text: str) -> Step:
        """An answer that needs a verified caller or a lookup: verify first, or run the query type's action.

        Returns the (possibly changed) decision, the words to say (None: the usual reply) and
        the action's record. Query types without `action`/`requires_auth` pass through untouched.
        """
        qt = policy.query_type(d.query_type) if d.kind in ("answer", "retry") else None
        if qt is None or (qt.action is None and not qt.requires_auth):
            return d, None, None
        if qt.requires_auth and not self._state.authentication.verified:
            held = hold_for_auth(before, d)
            self._auth = AuthProgress(
                query_type=qt.name, failed_attempts=self._auth.failed_attempts if self._auth else 0
            )
            # The question may carry the identifiers already ("my balance, account 12345678, SW1A 1AA").
            kind, say, fired = await self._identity_step(policy, self._identifiers_in(policy, text), n, first=True)
            if fired is not None:
                return self._handover(fired, qt.name, held.state), None, None
            if kind == "ask":
                return held, say, None
            return await self._after_verified(policy, before, d, say, n)
        if qt.action is None:
            return d, None, None
        return await self._answer_by_action(policy, before, d, n)

    async def _after_verified(self, policy: Policy, before: TriggerState, d: Decision, thanks: str, n: int) -> Step:
        """Verified: give the answer that waited for it (or run its action), led by the thanks."""
        qt = policy.query_type(d.query_type)
        assert qt is not None
        if qt.action is None:
            _, answer = reply_for(d, policy, Understanding())
            return d, f"{thanks} {answer}", None
        d, say, record = await self._answer_by_action(policy, before, d, n)
        return d, (f"{thanks} {say}" if say else None), record

    async def _answer_by_action(self, policy: Policy, before: TriggerState, d: Decision, n: int) -> Step:
        """Run the query type's action; a failure or missing data is a failed resolution attempt."""
        qt = policy.query_type(d.query_type)
        assert qt is not None and qt.action is not None
        record, result = await self._run_action(qt.action, qt.name, "resolve", n)
        if result is None or not result.reply:
            folded = fold_action_failure(policy, before, d, record.detail)
            return folded, (policy.messages.action_failed if folded.kind == "action_failed" else None), record
        said = f"{qt.answer} {result.reply}" if qt.answer else result.reply
        if d.kind == "retry":
            said = qt.retry_answer or policy.messages.retry.format(answer=said)
        return d, said, record

    async def _run_action(
        self, action: HttpAction, query_type: str, purpose: Literal["resolve", "verify"], n: int
    ) -> tuple[ActionRecord, ActionResult | None]:
        """Run an action as an activity; its failure (after bounded retries) is a failed record, not an error.

        Only the values the action `needs` go into its input, so history holds no more than necessary.
        """
        st = self._state
        label = f"action:{action.name or query_type}" if purpose == "resolve" else f"verify:{action.name or 'identity'}"
        known = {"call_id": st.call_id, "number": st.caller.number, "account_id": st.caller.account_id, **self._values}
        values = {k: v for k, v in known.items() if k in action.needs and v}
        try:
            result = await workflow.execute_activity_method(
                ActionActivities.run_action,
                ActionRequest(
                    call_id=st.call_id, turn=n, query_type=query_type, purpose=purpose, action=action, values=values
                ),
                start_to_close_timeout=timedelta(seconds=action.timeout_s + 2),
                retry_policy=RetryPolicy(
                    initial_interval=timedelta(milliseconds=200),
                    backoff_coefficient=2.0,
                    maximum_interval=timedelta(seconds=2),
                    maximum_attempts=action.max_attempts,
                ),
                summary=f"{label} for {humanize(query_type)} (turn {n})",
            )
        except ActivityError as e:
            return ActionRecord(name=label, status="failed", detail=_why(e), query_type=query_type, turn=n), None
        detail = (
            "Verified the caller's identity."
            if purpose == "verify"
            else f'Looked it up and told the caller: "{result.reply}"'[:300]
        )
        return ActionRecord(name=label, status="succeeded", detail=detail, query_type=query_type, turn=n), result

    def _handover(self, fired: Fired, query_type: str, state: TriggerState) -> Decision:
        return Decision(kind="escalate", reason=fired.reason, detail=fired.detail, query_type=query_type, state=state)
