"""What one running call holds between messages, and what operators see of it.

`CallSession` is the call workflow's memory: the recorded `CallState` (what the
query and the record show), the policy it runs on, the triggers' counters, a
verification under way and the identifiers captured (in memory only, never in
`CallState`), and the background work that must finish before the call does. The
turn, the handoff and the callbacks (the modules beside this one) act on it; it
decides nothing itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from temporalio import workflow
from temporalio.common import SearchAttributeUpdate, TypedSearchAttributes
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from warmline import search_attributes as sa
    from warmline.auth import AuthProgress, extract, redact_secrets
    from warmline.context import HelpdeskAck
    from warmline.errors import WRONG_PHASE
    from warmline.models import Authentication, CallStart, CallState, Speaker, Status, Utterance
    from warmline.policy import Policy
    from warmline.policy_snapshots import PolicyRef
    from warmline.redact import Expects
    from warmline.trigger_models import TriggerState
    from warmline.turn_log import TurnLog
    from warmline.turn_models import Dialog, TurnInput


class CallSession:
    """One call's state inside its workflow (deterministic: `workflow.now()` is its only clock)."""

    def __init__(self, start: CallStart) -> None:
        caller = start.caller
        self.state = CallState(
            call_id=start.call_id,
            caller=caller,
            started_at=workflow.now(),
            authentication=Authentication(
                verified=caller.authenticated,
                method=(caller.auth_method or "gateway") if caller.authenticated else None,
                verified_at=workflow.now() if caller.authenticated else None,
            ),
        )
        self.policy_or_none: Policy | None = None  # loaded by the first activity of `run`
        self.policy_ref: PolicyRef | None = None  # how it was loaded, when by digest: the planning activities read it
        self.triggers = TriggerState()
        self.auth: AuthProgress | None = None  # a verification under way (docs/actions.md)
        self.values: dict[str, str] = {}  # identifiers and captured values: in memory only, never in CallState
        # Before caller turn n, the AI asked for card details or the security code: the edge redacts digits answering
        # it. Kept per turn so a retried turn (a Twilio prompt replayed) is redacted, and identified, the same way.
        self.asked: dict[int, Expects] = {}
        self.payments_offered_for: int | None = None  # the caller turn answering the AI's offer of the payments team
        self.lock = asyncio.Lock()  # one turn or callback answer at a time
        self.ack: HelpdeskAck | None = None
        self.delivery: asyncio.Task[None] | None = None
        self.side_tasks: list[asyncio.Task[None]] = []
        self._shown: dict[str, object] = {}  # search attributes last published
        self.turn_log: list[TurnLog] = []  # what each turn's plan read, for the what-if's replay (docs/whatif.md)

    @property
    def policy(self) -> Policy:
        assert self.policy_or_none is not None, "the policy is loaded before any message is handled"
        return self.policy_or_none

    def dialog(self) -> Dialog:
        """What the turn's plan reads of the call."""
        offer = self.state.callback_offer
        return Dialog(
            triggers=self.triggers,
            verified=self.state.authentication.verified,
            auth=self.auth,
            have=sorted(self.values),
            callback_asked=offer.asked if offer is not None else None,
            payments_offered=self.payments_offered_for == self.state.turn,
        )

    def refuse_unless_taking_turns(self) -> None:
        """Turns belong to the AI phase: anything later is refused with `WrongPhase` (the API's 409)."""
        if self.state.status != Status.AI:
            raise ApplicationError(
                f"the call is {self.state.status.value}; the AI no longer takes turns", type=WRONG_PHASE
            )

    def hear(self, text: str) -> str:
        """Record the caller's words with secret identifiers redacted; that is also what is understood."""
        auth = self.policy.authentication
        heard = redact_secrets(auth.identifiers, text) if auth else text
        self.state.transcript.append(Utterance(speaker=Speaker.CALLER, text=heard, at=workflow.now()))
        return heard

    def log_turn(self, said: TurnInput) -> TurnLog:
        """Keep what this turn's plan reads (its steps' outcomes are added as they run); identifiers by name only."""
        auth = self.policy.authentication
        names = (
            [c.name for c in extract(auth.identifiers, said.text, [i.name for i in auth.identifiers])] if auth else []
        )
        entry = TurnLog(
            turn=said.turn,
            at=workflow.now(),
            understanding=said.understanding,
            asr_confidence=said.asr_confidence,
            identifiers=names,
        )
        self.turn_log.append(entry)
        return entry

    def say(self, text: str) -> None:
        """Record what the AI says to the caller."""
        self.state.transcript.append(Utterance(speaker=Speaker.AI, text=text, at=workflow.now()))

    def in_background(self, work: Coroutine[Any, Any, None]) -> None:
        """Work the call does not wait for now, but must finish before the call ends."""
        self.side_tasks.append(asyncio.create_task(work))

    def side_work_done(self) -> bool:
        return (self.delivery is None or self.delivery.done()) and all(t.done() for t in self.side_tasks)

    def note_queue_wait(self) -> None:
        esc = self.state.escalation
        if esc is not None and esc.transferred_at is not None and esc.queue_wait_s is None:
            esc.queue_wait_s = round((workflow.now() - esc.transferred_at).total_seconds(), 3)

    # -- what operators see ----------------------------------------------------------------
    def publish(self) -> None:
        """Upsert the search attributes that changed (the Web UI's and the API's list filters)."""
        st = self.state
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

    def shown_at_start(self, given: TypedSearchAttributes) -> None:
        """The search attributes the start request set (the API sets them: `sa.at_start`): not upserted again."""
        self._shown.update({pair.key.name: pair.value for pair in given})

    def describe(self, line: str) -> None:
        """The one line the Web UI shows as the call's current details."""
        workflow.set_current_details(line)
