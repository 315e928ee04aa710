"""The helpdesk seam: where context payloads go when a call escalates.

An adapter publishes a payload and returns the helpdesk's acknowledgement, or
raises so Temporal's retry policy tries again (a payload is never dropped).
Adapters are chosen by `WARMLINE_HELPDESK`.
"""

from __future__ import annotations

from typing import Protocol

from warmline.context import ContextPayload, HelpdeskAck


class Helpdesk(Protocol):
    name: str

    async def publish(self, context: ContextPayload, attempt: int) -> HelpdeskAck:
        """Deliver the payload; return once the helpdesk acknowledged it, raise otherwise."""
        ...

    async def withdraw(self, context_id: str, call_id: str, reason: str) -> None:
        """The caller left before an agent took the call: take the offer back if the helpdesk can."""
        ...
