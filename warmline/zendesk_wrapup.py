"""A Zendesk ticket's wrap-up as a disposition: the webhook's signature, its body, and the codes in it.

Zendesk signs each webhook request (its documented scheme):
`X-Zendesk-Webhook-Signature` = base64(HMAC-SHA256(signing secret, timestamp + raw body)), with the
timestamp in `X-Zendesk-Webhook-Signature-Timestamp`. The webhook hangs off a trigger ("ticket is
solved") whose JSON body carries the ticket the way the Ticket API shows it, with the disposition
field among its custom fields (docs/metrics.md gives the body to paste). Pure, tested without a server.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from pydantic import BaseModel, Field

from warmline.models import DispositionCode

SIGNATURE_HEADER = "x-zendesk-webhook-signature"
TIMESTAMP_HEADER = "x-zendesk-webhook-signature-timestamp"
SOLVED = ("solved", "closed")
CODES = ", ".join(c.value for c in DispositionCode)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """What Zendesk sends in `X-Zendesk-Webhook-Signature` for this timestamp and body."""
    mac = hmac.new(secret.encode(), timestamp.encode() + body, hashlib.sha256).digest()
    return base64.b64encode(mac).decode()


def signed_by(secret: str, timestamp: str, body: bytes, given: str) -> bool:
    return hmac.compare_digest(signature(secret, timestamp, body), given.strip())


class ZendeskField(BaseModel):
    id: int
    value: str | list[str] | bool | int | None = None


class ZendeskTicket(BaseModel):
    id: int | str
    external_id: str | None = None
    status: str = Field(min_length=1, max_length=32)
    custom_fields: list[ZendeskField] = Field(default_factory=list, max_length=500)


class ZendeskSolve(BaseModel):
    """The webhook's body: the ticket, and who solved it (`{{current_user.email}}`, optional)."""

    ticket: ZendeskTicket
    agent: str | None = Field(default=None, max_length=128)

    @property
    def solved(self) -> bool:
        return self.ticket.status.strip().lower() in SOLVED


class BadCodes(ValueError):
    """The disposition field is missing, empty, or holds something that is not a disposition code."""


def codes_in(ticket: ZendeskTicket, field_id: int) -> list[DispositionCode]:
    """The codes in the ticket's disposition field: one value, a multi-select list, or tags separated by spaces."""
    field = next((f for f in ticket.custom_fields if f.id == field_id), None)
    if field is None or field.value in (None, "", []):
        raise BadCodes(f"ticket {ticket.id}: the disposition field {field_id} is not set (one of: {CODES})")
    if isinstance(field.value, bool | int):
        raise BadCodes(f"ticket {ticket.id}: field {field_id} holds {field.value!r}, not a code (one of: {CODES})")
    raw = field.value if isinstance(field.value, list) else re.split(r"[\s,]+", field.value.strip())
    codes: list[DispositionCode] = []
    for value in (v.strip().lower() for v in raw if v.strip()):
        try:
            code = DispositionCode(value)
        except ValueError:
            raise BadCodes(f"ticket {ticket.id}: {value!r} is not a disposition code (one of: {CODES})") from None
        if code not in codes:
            codes.append(code)
    if not codes or len(codes) > 5:
        raise BadCodes(f"ticket {ticket.id}: give one to five disposition codes, not {len(codes)}")
    return codes
