"""Zendesk's wrap-up: a signed webhook on ticket solve carries the disposition code, and it codes the call.

Signed by Zendesk, not by an API key: no or an unsigned request is 401, a wrong signature 403
(and every request is 403 while `WARMLINE_ZENDESK_WEBHOOK_SECRET` is unset: an unconfigured hook
is not an open one). The ticket is found among those the Zendesk adapter created (404 otherwise),
the codes are checked (422), and a `DispositionWorkflow` named after the ticket writes the wrap-up,
so Zendesk's retries and repeats are accepted once (warmline/zendesk_wrapup.py, docs/metrics.md).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import structlog
from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, ValidationError
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from api.deps import State, Store, TemporalClient
from api.responses import ApiError
from store.queries import get_ticket
from warmline.dispositions import LateDisposition
from warmline.models import DispositionCode
from warmline.settings import Settings
from warmline.zendesk_wrapup import SIGNATURE_HEADER, TIMESTAMP_HEADER, BadCodes, ZendeskSolve, codes_in, signed_by
from workflows.disposition import DispositionWorkflow, disposition_workflow_id

router = APIRouter(prefix="/zendesk", tags=["helpdesk"])
log = structlog.get_logger("warmline.zendesk")


class WrapUpReceived(BaseModel):
    ticket_id: str
    status: str  # "recorded", "duplicate" (already recorded) or "ignored" (the ticket is not solved)
    call_id: str | None = None
    codes: list[DispositionCode] = []


def _verified(settings: Settings, request: Request, body: bytes) -> None:
    secret = settings.zendesk_webhook_secret.get_secret_value()
    if not secret:
        raise HTTPException(403, "Zendesk wrap-ups are not configured: set WARMLINE_ZENDESK_WEBHOOK_SECRET")
    given, at = request.headers.get(SIGNATURE_HEADER), request.headers.get(TIMESTAMP_HEADER)
    if not given or not at:
        raise HTTPException(401, f"missing {SIGNATURE_HEADER} or {TIMESTAMP_HEADER}")
    if not signed_by(secret, at, body, given):
        log.warning("zendesk signature rejected")
        raise HTTPException(403, "invalid X-Zendesk-Webhook-Signature")


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "model": ApiError}


_REFUSALS: dict[int | str, dict[str, Any]] = {
    401: _error("no X-Zendesk-Webhook-Signature or its timestamp"),
    403: _error("a wrong signature, or WARMLINE_ZENDESK_WEBHOOK_SECRET unset"),
    404: _error("a ticket this line did not create"),
    422: _error("a body that is not a ticket, or a disposition field without valid codes"),
}


@router.post("/wrap-up", status_code=202, response_model=WrapUpReceived, responses=_REFUSALS)
async def wrap_up(request: Request, state: State, client: TemporalClient, engine: Store) -> WrapUpReceived:
    """A solved ticket's disposition code, as the disposition of the call the ticket was created for."""
    settings = state.settings
    body = await request.body()
    _verified(settings, request, body)
    try:
        solve = ZendeskSolve.model_validate_json(body)
    except ValidationError as e:
        first = e.errors()[0]
        raise HTTPException(422, f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    ticket_id = str(solve.ticket.id)
    if not solve.solved:
        return WrapUpReceived(ticket_id=ticket_id, status="ignored")
    assert settings.zendesk_field_disposition is not None  # Settings.check refuses a secret without the field
    try:
        codes = codes_in(solve.ticket, settings.zendesk_field_disposition)
    except BadCodes as e:
        raise HTTPException(422, str(e)) from None
    ticket = await get_ticket(engine, ticket_id)
    if ticket is None:
        raise HTTPException(404, f"ticket {ticket_id} was not created by this line")
    late = LateDisposition(
        call_id=ticket.call_id,
        source="zendesk",
        codes=codes,
        agent_id=solve.agent,
        ticket_id=ticket_id,
        at=datetime.now(UTC),
    )
    status = "recorded"
    try:
        await client.start_workflow(
            DispositionWorkflow.run,
            late,
            id=disposition_workflow_id(late),
            task_queue=settings.task_queue,
            id_conflict_policy=WorkflowIDConflictPolicy.FAIL,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            static_summary=f"Zendesk wrap-up of ticket {ticket_id}",
        )
    except WorkflowAlreadyStartedError:
        status = "duplicate"
    log.info(
        "zendesk wrap-up", call_id=ticket.call_id, ticket_id=ticket_id, codes=[c.value for c in codes], status=status
    )
    return WrapUpReceived(ticket_id=ticket_id, status=status, call_id=ticket.call_id, codes=codes)
