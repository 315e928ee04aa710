"""The built-in desk helpdesk: contexts go to the store's `desk_contexts` table and into the
queue's QueueWorkflow, and agents read them on the `/desk` page.

It acknowledges once the context is stored *and* queued (signal-with-start of
`queue-<name>`), so the workflow's "ack before transfer" means exactly "the
agent's desk can show it and an agent will be rung". Publishing is idempotent
on context_id: a retried activity gets the same ticket back and the queue
ignores an offer it already has.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import structlog
from temporalio.client import Client

from store.desk_offers import offer, withdraw_offer
from store.engine import get_engine
from store.queries import get_offer
from warmline.context import ContextPayload, HelpdeskAck
from warmline.queue_models import QueueStart, Withdraw, queue_workflow_id
from warmline.queueing import Offer

log = structlog.get_logger("warmline.helpdesk.desk")
# `QueueWorkflow.run`: the typed handle signal-with-start needs, handed in by the worker.
QueueRun = Callable[[Any, QueueStart], Awaitable[None]]


class DeskHelpdesk:
    """The `Helpdesk` adapter for WARMLINE_HELPDESK=desk, over the store at `database_url`.

    Without a Temporal `client` and the queue workflow's `queue_run` it only stores (the
    agent API can still list offers); the worker passes both so offers are routed. The
    workflow's run method comes in from the worker, so activities never import workflows.
    """

    name = "desk"

    def __init__(
        self,
        database_url: str,
        client: Client | None = None,
        task_queue: str = "warmline",
        id_prefix: str = "queue-",
        queue_run: QueueRun | None = None,
    ) -> None:
        self.database_url = database_url
        self.client = client
        self.queue_run = queue_run
        self.task_queue = task_queue
        self.id_prefix = id_prefix

    @property
    def routes(self) -> bool:
        """Whether offers go to the queue workflows too (the worker), or are only stored."""
        return self.client is not None and self.queue_run is not None

    async def _signal_queue(self, queue: str, signal: str, arg: Any) -> None:
        """Signal-with-start: the queue's entity workflow exists from its first offer on."""
        assert self.client is not None and self.queue_run is not None
        await self.client.start_workflow(
            self.queue_run,
            QueueStart(queue=queue),
            id=queue_workflow_id(self.id_prefix, queue),
            task_queue=self.task_queue,
            start_signal=signal,
            start_signal_args=[arg],
            static_summary=f"Queue {queue}",
        )

    async def publish(self, context: ContextPayload, attempt: int) -> HelpdeskAck:
        engine = await get_engine(self.database_url)
        ticket = await offer(engine, context)
        stored = await get_offer(engine, context.context_id)
        if self.routes and stored is not None and stored.status == "offered":
            await self._signal_queue(
                context.queue,
                "offer",
                Offer(
                    context_id=context.context_id,
                    call_id=context.call_id,
                    queue=context.queue,
                    summary=context.summary,
                ),
            )
        log.info(
            "context offered",
            call_id=context.call_id,
            context_id=context.context_id,
            queue=context.queue,
            ticket_id=ticket,
            attempt=attempt,
        )
        return HelpdeskAck(
            context_id=context.context_id, ticket_id=ticket, acked_at=datetime.now(UTC), attempts=attempt
        )

    async def withdraw(self, context_id: str, call_id: str, reason: str) -> None:
        engine = await get_engine(self.database_url)
        found = await withdraw_offer(engine, context_id, reason)
        stored = await get_offer(engine, context_id) if found else None
        if self.routes and stored is not None:
            await self._signal_queue(stored.context.queue, "withdraw", Withdraw(context_id=context_id, reason=reason))
        log.info(
            "offer withdrawn" if found else "nothing to withdraw", call_id=call_id, context_id=context_id, reason=reason
        )
