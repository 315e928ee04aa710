"""The edge's second look at a caller turn: digits answering the AI's question for card details.

Redaction must happen before the turn's update is sent, because the update's input is
written to the call's history. Only the workflow knows what the AI just asked, so the
edge asks it (the `expecting` query) — and only when the words hold a run of digits,
the one thing this look can change; every other turn costs nothing more. The call's
state stays the one source of truth: no cache here, correct across API processes.
"""

from __future__ import annotations

from temporalio.client import Client

from api import temporal_calls
from warmline.models import MAX_TURN_CHARS
from warmline.redact import may_hold_digits, redact_expected


async def answering(client: Client, call_id: str, text: str, turn: int | None = None) -> str:
    """`text` (already redacted) with the digits answering a question for card details or the security code
    redacted too; `turn` is the caller turn it is (None: the next)."""
    if not may_hold_digits(text):
        return text
    return redact_expected(text, await temporal_calls.expecting(client, call_id, turn))[:MAX_TURN_CHARS]
