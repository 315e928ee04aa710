"""The Zendesk helpdesk: each escalation becomes a Zendesk ticket; its id is the acknowledgement.

`POST /api/v2/tickets.json` creates the ticket with the summary as its first
(private) comment, tags, and custom fields for intent, escalation reason and
authentication; then `PUT /api/v2/tickets/{id}.json` adds the full transcript
as the second comment. One attempt per activity try and no retry loop here:
429 (with its Retry-After kept) and 5xx are `HelpdeskUnavailable`, and
Temporal's RetryPolicy tries again. Retries create no duplicate: the create
carries `Idempotency-Key: <context_id>` (Zendesk answers a repeat with the
same ticket) and `external_id`, and the transcript is added only while the
ticket lacks the `warmline_transcript` tag. With a store, each ticket is noted with its call
(`helpdesk_tickets`), so the wrap-up Zendesk sends on solve finds the call it codes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import httpx
import structlog

from store.dispositions import save_ticket
from store.engine import get_engine
from warmline.context import ANSWERED, ContextPayload, HelpdeskAck
from warmline.dispositions import HelpdeskTicket
from warmline.errors import HelpdeskRejected, HelpdeskUnavailable
from warmline.settings import Settings

log = structlog.get_logger("warmline.helpdesk.zendesk")
TRANSCRIPT_TAG = "warmline_transcript"
ABANDONED_TAG = "warmline_abandoned"


class ZendeskRejected(HelpdeskRejected):
    """Zendesk refused the request (bad credentials, invalid field ids): an operator must fix the settings."""


def _humanize(name: str) -> str:
    return name.replace("_", " ")


def ticket_body(ctx: ContextPayload, fields: Mapping[str, int | None]) -> dict[str, Any]:
    """The create-ticket request: summary first, so the agent reads it before anything else."""
    auth = ctx.authentication
    values = {
        "intent": ctx.intent.name if ctx.intent else "unknown",
        "reason": ctx.escalation.reason.value,
        "auth": f"verified:{auth.method}" if auth.verified else "unverified",
    }
    about = _humanize(ctx.intent.name) if ctx.intent else "unclear request"
    return {
        "ticket": {
            "subject": f"Call escalated ({_humanize(ctx.escalation.reason.value)}): {about}",
            "comment": {"body": ctx.summary, "public": False},
            "external_id": ctx.context_id,
            "priority": "high" if ctx.sentiment.label == "negative" else "normal",
            "tags": ["warmline", f"warmline_{ctx.escalation.reason.value}", f"queue_{ctx.queue}"],
            "custom_fields": [{"id": fid, "value": values[k]} for k, fid in fields.items() if fid is not None],
        }
    }


def transcript_comment(ctx: ContextPayload) -> str:
    """Everything the AI knew, so nobody asks the caller again."""
    auth = ctx.authentication
    lines = [
        f"Intent: {ctx.intent.name} ({ctx.intent.confidence:.0%})" if ctx.intent else "Intent: unknown",
        f"Authentication: verified by {auth.method}" if auth.verified else "Authentication: not verified",
        f"Escalation: {ctx.escalation.reason.value} at turn {ctx.escalation.turn}: {ctx.escalation.detail}",
        f"Confirmation-seeking: {'yes' if ctx.flags.confirmation_seeking else 'no'}",
        "Actions:",
        *(f"- {a.name}: {a.status} {a.detail}".rstrip() for a in ctx.actions),
        "",
        "Transcript:",
        *(f"[{u.at:%H:%M:%S}] {'Caller' if u.speaker == 'caller' else 'AI'}: {u.text}" for u in ctx.transcript),
    ]
    return "\n".join(lines)


class ZendeskHelpdesk:
    """The `Helpdesk` adapter for WARMLINE_HELPDESK=zendesk."""

    name = "zendesk"

    def __init__(
        self,
        base_url: str,
        email: str,
        api_token: str,
        fields: Mapping[str, int | None] | None = None,
        timeout_s: float = 5.0,
        client: httpx.AsyncClient | None = None,
        database_url: str | None = None,
    ) -> None:
        self.database_url = database_url  # where tickets are noted with their calls (None: not noted)
        self.base_url = base_url.rstrip("/")
        self.fields = dict(fields or {})
        self.timeout_s = timeout_s
        self._auth = httpx.BasicAuth(f"{email}/token", api_token)
        self._client = client

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:  # on first use, so it belongs to the activities' event loop
            self._client = httpx.AsyncClient(follow_redirects=False)
        return self._client

    async def _call(self, method: str, path: str, **kw: Any) -> dict[str, Any]:
        """One request; 2xx → the JSON body, 429/5xx/transport → HelpdeskUnavailable, else ZendeskRejected."""
        url = f"{self.base_url}{path}"
        try:
            r = await self._http().request(method, url, auth=self._auth, timeout=self.timeout_s, **kw)
        except httpx.HTTPError as e:
            raise HelpdeskUnavailable(f"could not reach Zendesk at {self.base_url}: {type(e).__name__}: {e}") from e
        if 200 <= r.status_code < 300:
            body: dict[str, Any] = r.json() if r.content else {}
            return body
        if r.status_code == 429 or r.status_code >= 500:
            retry_after = r.headers.get("Retry-After")
            hint = f", Retry-After: {retry_after}" if retry_after else ""
            raise HelpdeskUnavailable(
                f"Zendesk answered {r.status_code} to {method} {path}{hint}",
                status=r.status_code,
                retry_after=retry_after,
            )
        raise ZendeskRejected(f"Zendesk refused {method} {path} with {r.status_code}: {r.text[:200]}")

    async def publish(self, context: ContextPayload, attempt: int) -> HelpdeskAck:
        created = await self._call(
            "POST",
            "/api/v2/tickets.json",
            json=ticket_body(context, self.fields),
            headers={"Idempotency-Key": context.context_id},
        )
        ticket = created["ticket"]
        if attempt > 1:  # an earlier attempt may have added the transcript already
            ticket = (await self._call("GET", f"/api/v2/tickets/{ticket['id']}.json"))["ticket"]
        if TRANSCRIPT_TAG not in ticket.get("tags", []):
            update = {"comment": {"body": transcript_comment(context), "public": False}}
            await self._call(
                "PUT",
                f"/api/v2/tickets/{ticket['id']}.json",
                json={"ticket": {**update, "additional_tags": [TRANSCRIPT_TAG]}},
            )
        now = datetime.now(UTC)
        if self.database_url is not None:
            noted = HelpdeskTicket(
                ticket_id=str(ticket["id"]),
                context_id=context.context_id,
                call_id=context.call_id,
                callback_workflow_id=context.callback.workflow_id if context.callback else None,
                created_at=now,
            )
            await save_ticket(await get_engine(self.database_url), noted)
        log.info("ticket created", call_id=context.call_id, context_id=context.context_id, ticket_id=ticket["id"])
        return HelpdeskAck(context_id=context.context_id, ticket_id=str(ticket["id"]), acked_at=now, attempts=attempt)

    async def withdraw(self, context_id: str, call_id: str, reason: str) -> None:
        """Best effort: note on the ticket that the caller left. Failures are logged, never raised."""
        if reason == ANSWERED:  # the helpdesk's own agent has the call: nothing to take back
            return
        bound = log.bind(call_id=call_id, context_id=context_id, reason=reason)
        try:
            found = await self._call("GET", "/api/v2/tickets.json", params={"external_id": context_id})
            for t in found.get("tickets", []):
                note = {"body": f"The caller hung up before an agent answered ({reason}).", "public": False}
                await self._call(
                    "PUT",
                    f"/api/v2/tickets/{t['id']}.json",
                    json={"ticket": {"comment": note, "additional_tags": [ABANDONED_TAG]}},
                )
                bound.info("ticket marked abandoned", ticket_id=t["id"])
        except (HelpdeskUnavailable, HelpdeskRejected) as e:
            bound.warning("withdrawal not recorded in Zendesk", error=str(e))


def zendesk_from_settings(settings: Settings) -> ZendeskHelpdesk:
    """The adapter from WARMLINE_ZENDESK_*; raises ValueError naming a missing variable."""
    for var, value in (("URL", settings.zendesk_url), ("EMAIL", settings.zendesk_email)):
        if not value:
            raise ValueError(f"WARMLINE_HELPDESK=zendesk needs WARMLINE_ZENDESK_{var}")
    if not settings.zendesk_token:
        raise ValueError("WARMLINE_HELPDESK=zendesk needs WARMLINE_ZENDESK_TOKEN (an API token)")
    assert settings.zendesk_url and settings.zendesk_email
    return ZendeskHelpdesk(
        settings.zendesk_url,
        settings.zendesk_email,
        settings.zendesk_token,
        fields={
            "intent": settings.zendesk_field_intent,
            "reason": settings.zendesk_field_reason,
            "auth": settings.zendesk_field_auth,
        },
        timeout_s=settings.helpdesk_timeout_s,
        database_url=settings.db_url,
    )
