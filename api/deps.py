"""Shared dependencies of the API routers: settings, policy, Temporal client, store, keys.

The Temporal client is connected lazily and kept, so the API starts (and answers
503 with Retry-After) while Temporal is still coming up or is down.
"""

from __future__ import annotations

import asyncio
import hmac
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio.client import Client

from activities.store.db import get_engine
from runtime.temporal import connect
from warmline.policy import Policy
from warmline.redact import redact
from warmline.settings import Settings


class TemporalUnavailable(Exception):
    """Temporal cannot be reached right now; the API answers 503 with Retry-After."""


@dataclass
class AppState:
    settings: Settings
    policy: Policy
    client: Client | None = None
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def redact(self, text: str) -> str:
        """The caller's words as they may be recorded: cards, CVVs and the policy's own patterns redacted."""
        return redact(text, self.policy.redaction.patterns)

    async def temporal(self) -> Client:
        if self.client is None:
            async with self._lock:
                if self.client is None:
                    try:
                        self.client = await asyncio.wait_for(connect(self.settings), timeout=5)
                    except (RuntimeError, OSError, TimeoutError) as e:
                        raise TemporalUnavailable(str(e)) from e
        return self.client


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.warmline
    return state


State = Annotated[AppState, Depends(app_state)]


async def temporal_client(state: State) -> Client:
    return await state.temporal()


async def store_engine(state: State) -> AsyncEngine:
    return await get_engine(state.settings.db_url)


TemporalClient = Annotated[Client, Depends(temporal_client)]
Store = Annotated[AsyncEngine, Depends(store_engine)]

_bearer = HTTPBearer(auto_error=False)


def _matches(given: str, keys: list[str]) -> bool:
    # Constant-time compare against every key, so timing reveals nothing about which matched.
    found = False
    for k in keys:
        found |= hmac.compare_digest(given.encode(), k.encode())
    return found


def _require(keys: list[str], creds: HTTPAuthorizationCredentials | None) -> None:
    if not keys:
        return
    if creds is None or creds.scheme.lower() != "bearer":
        raise HTTPException(
            401, "missing API key: send Authorization: Bearer <key>", headers={"WWW-Authenticate": "Bearer"}
        )
    if not _matches(creds.credentials, keys):
        raise HTTPException(401, "invalid API key", headers={"WWW-Authenticate": "Bearer"})


async def require_gateway_key(
    state: State, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    """Gateway and agent endpoints: any key in WARMLINE_API_KEYS."""
    _require(state.settings.api_key_list, creds)


async def require_operator_key(
    state: State, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    """Operator endpoints: WARMLINE_OPERATOR_KEYS, or the API keys while that is unset."""
    s = state.settings
    _require(s.operator_key_list or s.api_key_list, creds)
