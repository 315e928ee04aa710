"""The understanding seam: one caller turn in, one `Understanding` out.

Every back-end (the embedded classifier now; LLMs or embedding services later)
implements this one method, and the trigger rules read only its answer, so a
back-end can be swapped by configuration without touching escalation logic.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from warmline.understanding import Understanding, UnderstandingRequest


@runtime_checkable
class Understander(Protocol):
    """Reads one caller turn: intent + confidence, out-of-scope, dialog acts, sentiment, reply."""

    async def understand(self, req: UnderstandingRequest) -> Understanding:
        """Understand `req.text` in the light of what the AI's previous turn did (`req.pending`)."""
        ...
