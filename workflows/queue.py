"""QueueWorkflow: one durable entity per skill queue (workflow id `queue-<name>`).

It holds the queue's agents and waiting offers, so a restart of the worker or
the API loses no waiting caller: the state *is* the workflow. Offers arrive by
signal-with-start from the desk helpdesk; agents' presence and accepts are
updates from the agent API. Who gets rung is decided by `warmline.queueing`;
this class only applies the decisions, runs the ring timers and continues as
new after `max_events` messages so its history stays small. An accept is also
written to the desk's stored offer, by an activity: the API only reads the store.
"""

from __future__ import annotations

from datetime import datetime

from temporalio import workflow
from temporalio.exceptions import ApplicationError

from workflows import options, records

with workflow.unsafe.imports_passed_through():
    from activities.policy import PolicyActivities
    from activities.records import StoreActivities
    from warmline.policy_snapshots import PolicyRequest, policy_of
    from warmline.queue_models import (
        ACCEPTS_KEPT,
        DONE_KEPT,
        NOT_RINGING,
        WAITS_KEPT,
        Accept,
        Accepted,
        Presence,
        QueueCarry,
        QueueSnapshot,
        QueueStart,
        Release,
        Withdraw,
    )
    from warmline.queueing import Agent, AgentStatus, Offer, dispatch, ring_deadline, ring_expired

DEFAULT_RING_S = 20.0
# Changes to the command sequence, for `workflow.patched` (histories recorded before them replay unchanged).
PATCH_ACCEPT_RECORDED = "desk-accept-recorded-v1"  # the accept writes the stored offer (the API did before)


@workflow.defn
class QueueWorkflow:
    @workflow.init
    def __init__(self, start: QueueStart) -> None:
        carry = start.carry or QueueCarry()
        self._queue = start.queue
        self._agents: dict[str, Agent] = {a.agent_id: a for a in carry.agents}
        self._offers: list[Offer] = list(carry.offers)
        self._done: list[str] = list(carry.done)
        self._accepted: list[Accepted] = list(carry.accepted)
        self._stats = carry.stats
        self._skills: list[str] = []
        self._ring_s = DEFAULT_RING_S
        self._loaded = False
        self._events = 0
        self._changed = False

    @workflow.run
    async def run(self, start: QueueStart) -> None:
        policy = policy_of(
            await workflow.execute_local_activity_method(
                PolicyActivities.load_call_policy,
                PolicyRequest(call_id=workflow.info().workflow_id),
                start_to_close_timeout=options.POLICY_TIMEOUT,
                summary=f"load the policy of queue {self._queue}",
            )
        )
        queue = policy.queue(self._queue)
        if queue is not None:
            self._skills, self._ring_s = list(queue.skills), queue.ring_s
        self._loaded = True
        while True:
            now = workflow.now()
            self._expire_rings(now)
            self._ring(now)
            self._describe()
            if self._events >= start.max_events or workflow.info().is_continue_as_new_suggested():
                await workflow.wait_condition(workflow.all_handlers_finished)
                workflow.continue_as_new(
                    QueueStart(queue=self._queue, max_events=start.max_events, carry=self._carry())
                )
            self._changed = False
            deadline = self._next_deadline()
            timeout = max((deadline - now).total_seconds(), 0.001) if deadline else None
            try:
                await workflow.wait_condition(lambda: self._changed, timeout=timeout)
            except TimeoutError:
                pass

    # -- the routing loop's steps ------------------------------------------------------------
    def _expire_rings(self, now: datetime) -> None:
        """A ring nobody answered: the offer goes back to waiting and the agent is set away (so a
        desk left unattended does not hold every caller for `ring_s`)."""
        for offer in self._offers:
            if offer.ringing and ring_expired(offer, now, self._ring_s):
                agent = self._agents.get(offer.ringing)
                if agent is not None:
                    agent.ringing, agent.status = None, AgentStatus.AWAY
                    agent.note = f"missed an offer ({offer.call_id}); set to away"
                offer.missed_by.append(offer.ringing)
                offer.ringing, offer.ring_started_at = None, None
                self._stats.missed += 1

    def _ring(self, now: datetime) -> None:
        for offer in self._offers:
            offer.skills = offer.skills or list(self._skills)
        for offer, picked in dispatch(list(self._agents.values()), self._offers):
            offer.ringing, offer.ring_started_at = picked.agent_id, now
            self._agents[picked.agent_id].ringing = offer.context_id

    def _next_deadline(self) -> datetime | None:
        deadlines = [d for o in self._offers if (d := ring_deadline(o, self._ring_s)) is not None]
        return min(deadlines, default=None)

    def _touch(self) -> None:
        self._events += 1
        self._changed = True

    def _release_ring(self, context_id: str | None) -> None:
        """The ringing agent is no longer ringing for `context_id` (accepted elsewhere, away, withdrawn)."""
        for offer in self._offers:
            if offer.context_id == context_id:
                offer.ringing, offer.ring_started_at = None, None

    def _finish(self, context_id: str) -> None:
        self._done = [*self._done, context_id][-DONE_KEPT:]
        self._offers = [o for o in self._offers if o.context_id != context_id]

    # -- messages ----------------------------------------------------------------------------
    @workflow.signal
    def offer(self, offer: Offer) -> None:
        """A new escalated call (idempotent on context_id: the adapter's retries re-send it)."""
        self._touch()
        known = offer.context_id in self._done or any(o.context_id == offer.context_id for o in self._offers)
        if known:
            return
        self._offers.append(offer.model_copy(update={"enqueued_at": workflow.now(), "ringing": None}))
        self._stats.offered += 1

    @workflow.signal
    def withdraw(self, w: Withdraw) -> None:
        """The caller hung up before anyone accepted: cancel the offer and free the ringing agent."""
        self._touch()
        offer = next((o for o in self._offers if o.context_id == w.context_id), None)
        if offer is None:
            return
        if offer.ringing and (agent := self._agents.get(offer.ringing)) is not None:
            agent.ringing = None
        self._finish(w.context_id)
        self._stats.withdrawn += 1

    @workflow.signal
    def release(self, r: Release) -> None:
        """The accepting agent's phone rang out: the offer waits again, first in line by its original
        `enqueued_at`, for the next agent, and that agent is set away (as after a ring missed on the desk)."""
        self._touch()
        took = next((x for x in self._accepted if (x.offer.context_id, x.agent_id) == (r.context_id, r.agent_id)), None)
        if took is None or any(o.context_id == r.context_id for o in self._offers):
            return  # a retried or stale release
        self._accepted = [x for x in self._accepted if x is not took]
        self._done = [c for c in self._done if c != r.context_id]
        offer = took.offer.model_copy(
            update={"ringing": None, "ring_started_at": None, "missed_by": [*took.offer.missed_by, r.agent_id]}
        )
        at = offer.enqueued_at or workflow.now()
        later = next((i for i, o in enumerate(self._offers) if (o.enqueued_at or at) > at), len(self._offers))
        self._offers.insert(later, offer)
        agent = self._agents.get(r.agent_id)
        if agent is not None and agent.context_id == r.context_id:
            agent.status, agent.call_id, agent.context_id = AgentStatus.AWAY, None, None
            agent.note = f"your phone did not answer ({r.reason}) for {offer.call_id}; set to away"
        s = self._stats
        s.accepted, s.wait_total_s, s.missed = s.accepted - 1, round(s.wait_total_s - took.wait_s, 3), s.missed + 1

    @workflow.update
    def presence(self, p: Presence) -> Agent:
        """Sign in, go available or away, or report busy elsewhere; available again ends wrap-up."""
        self._touch()
        agent = self._agents.setdefault(p.agent_id, Agent(agent_id=p.agent_id))
        agent.skills = list(p.skills)
        if p.status != AgentStatus.AVAILABLE and agent.ringing:
            self._release_ring(agent.ringing)
            agent.ringing = None
        if p.status == AgentStatus.AVAILABLE and agent.status != AgentStatus.AVAILABLE:
            agent.idle_since = workflow.now()
            agent.call_id = agent.context_id = None
        if p.status == AgentStatus.BUSY:
            agent.call_id = p.call_id or agent.call_id
        agent.status, agent.note = p.status, None
        return agent

    @workflow.update
    async def accept(self, a: Accept) -> Accepted:
        """The ringing agent takes the call; returns the offer and how long the caller waited, once the
        desk's stored offer says so too (the agent's page reads it)."""
        result = self._take(a)
        if workflow.patched(PATCH_ACCEPT_RECORDED):
            await records.write(StoreActivities.record_accept, a, f"record {a.agent_id} took {a.context_id}")
        return result

    def _take(self, a: Accept) -> Accepted:
        """The accept's decision, applied at once (before any await) so a retried accept sees it."""
        self._touch()
        done = next((r for r in self._accepted if r.offer.context_id == a.context_id), None)
        if done is not None:  # a retried accept
            return done
        offer = next(o for o in self._offers if o.context_id == a.context_id)
        agent = self._agents[a.agent_id]
        now = workflow.now()
        wait = round((now - (offer.enqueued_at or now)).total_seconds(), 3)
        agent.status, agent.ringing, agent.note = AgentStatus.BUSY, None, None
        agent.call_id, agent.context_id = offer.call_id, offer.context_id
        self._finish(a.context_id)
        result = Accepted(offer=offer, agent_id=a.agent_id, accepted_at=now, wait_s=wait)
        self._accepted = [*self._accepted, result][-ACCEPTS_KEPT:]
        s = self._stats
        s.accepted += 1
        s.wait_total_s = round(s.wait_total_s + wait, 3)
        s.wait_max_s = max(s.wait_max_s, wait)
        s.recent_waits_s = [*s.recent_waits_s, wait][-WAITS_KEPT:]
        return result

    @accept.validator
    def _validate_accept(self, a: Accept) -> None:
        if any(r.offer.context_id == a.context_id and r.agent_id == a.agent_id for r in self._accepted):
            return
        offer = next((o for o in self._offers if o.context_id == a.context_id), None)
        if offer is None:
            raise ApplicationError(f"offer {a.context_id} is no longer waiting", type=NOT_RINGING)
        if offer.ringing != a.agent_id:
            raise ApplicationError(f"offer {a.context_id} is not ringing {a.agent_id}", type=NOT_RINGING)

    @workflow.query
    def snapshot(self) -> QueueSnapshot:
        return QueueSnapshot(
            queue=self._queue,
            skills=self._skills,
            ring_s=self._ring_s,
            at=workflow.now(),
            agents=list(self._agents.values()),
            offers=self._offers,
            stats=self._stats,
            run_events=self._events,
            phase="running" if self._loaded else "loading",
        )

    # -- housekeeping --------------------------------------------------------------------------
    def _carry(self) -> QueueCarry:
        return QueueCarry(
            agents=list(self._agents.values()),
            offers=self._offers,
            done=self._done,
            accepted=self._accepted,
            stats=self._stats,
        )

    def _describe(self) -> None:
        available = sum(1 for a in self._agents.values() if a.status == AgentStatus.AVAILABLE)
        workflow.set_current_details(
            f"queue {self._queue}: {len(self._offers)} waiting, {available} agents available, "
            f"{self._stats.accepted} answered (mean wait {self._stats.wait_mean_s}s)"
        )
