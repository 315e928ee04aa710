"""Shared dependencies of the API routers: settings, policy, Temporal client, store, credentials.

The Temporal client is connected lazily and kept, so the API starts (and answers
503 with Retry-After) while Temporal is still coming up or is down.

Credentials are roles (contract "Security"): gateway keys (`WARMLINE_API_KEYS`) run
calls, helpdesk keys (`WARMLINE_HELPDESK_KEYS`) report agent events and
dispositions, operator keys (`WARMLINE_OPERATOR_KEYS`) read metrics, reviews,
planning and the codec, and agent tokens (`WARMLINE_AGENT_TOKENS`) see only the
calls offered to or taken by their agent. Unset helpdesk or operator keys fall
back to the API keys, so a line configured with API keys alone works as before.
No or an unknown key is 401; a known key of another role is 403. Every key is
compared in constant time against every list.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio.client import Client, Interceptor

from api.metrics import ApiMetrics
from runtime.temporal import connect
from store.engine import get_engine, use_keys
from warmline.agent_tokens import AgentIdentity, parse_tokens
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
    # Tracing interceptors for the client the API connects (runtime/tracing.py); none while tracing is off.
    interceptors: list[Interceptor] = field(default_factory=list)
    metrics: ApiMetrics = field(init=False)  # what this process served (api/metrics.py)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def __post_init__(self) -> None:
        self.metrics = ApiMetrics(frozenset(q.name for q in self.policy.queues))
        use_keys(self.settings.db_url, self.settings.encryption_keys.get_secret_value())  # stored words, decrypted

    def redact(self, text: str) -> str:
        """The caller's words as they may be recorded: cards, CVVs and the policy's own patterns redacted."""
        return redact(text, self.policy.redaction.patterns)

    async def temporal(self) -> Client:
        if self.client is None:
            async with self._lock:
                if self.client is None:
                    try:
                        self.client = await asyncio.wait_for(
                            connect(self.settings, interceptors=self.interceptors), timeout=5
                        )
                    except (RuntimeError, OSError, TimeoutError) as e:
                        raise TemporalUnavailable(str(e)) from e
        return self.client


async def app_state(request: Request) -> AppState:
    """Async although it awaits nothing: FastAPI runs a plain `def` dependency on its thread pool, a thread
    hop for every request that names `State` (bench/README.md, "The API's path")."""
    state: AppState = request.app.state.warmline
    return state


State = Annotated[AppState, Depends(app_state)]


async def temporal_client(state: State) -> Client:
    return await state.temporal()


async def store_engine(state: State) -> AsyncEngine:
    return await get_engine(state.settings.db_url)


TemporalClient = Annotated[Client, Depends(temporal_client)]
Store = Annotated[AsyncEngine, Depends(store_engine)]

# One bearer scheme per credential, so the OpenAPI schema says which an operation takes (several: any of them).
# All read the same `Authorization: Bearer <key>` header; `authorize` decides what the key is.
gateway_bearer = HTTPBearer(
    auto_error=False, scheme_name="GatewayKey", description="WARMLINE_API_KEYS: the voice gateway (IVR)"
)
helpdesk_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="HelpdeskKey",
    description="WARMLINE_HELPDESK_KEYS: helpdesk integrations (the API keys while unset)",
)
operator_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="OperatorKey",
    description="WARMLINE_OPERATOR_KEYS: metrics, reviews, planning, codec (the API keys while unset)",
)
agent_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="AgentToken",
    description="WARMLINE_AGENT_TOKENS: one agent; only the calls offered to or taken by them",
)
Creds = HTTPAuthorizationCredentials | None


class Role(StrEnum):
    """What a credential may do. A key may hold several roles (the API keys stand in for unset lists)."""

    GATEWAY = "gateway"
    HELPDESK = "helpdesk"
    OPERATOR = "operator"
    AGENT = "agent"


CREDENTIAL = {  # how a 403 names a credential, variable included, so the fix is obvious to whoever reads it
    Role.GATEWAY: "a gateway key (WARMLINE_API_KEYS)",
    Role.HELPDESK: "a helpdesk key (WARMLINE_HELPDESK_KEYS)",
    Role.OPERATOR: "an operator key (WARMLINE_OPERATOR_KEYS)",
    Role.AGENT: "an agent token (WARMLINE_AGENT_TOKENS)",
}


@dataclass(frozen=True)
class Principal:
    """Who is calling, as far as the endpoint asked: the roles it allows that the key holds."""

    roles: frozenset[Role]
    agent: AgentIdentity | None = None  # set when the key is an agent token
    open: bool = False  # no keys are configured for this endpoint (a local or test line)

    @property
    def agent_only(self) -> bool:
        """An agent token and nothing more: what it may see is limited to that agent's calls."""
        return self.roles == {Role.AGENT} and self.agent is not None


def role_keys(settings: Settings) -> dict[Role, list[str]]:
    """The keys of each key role; helpdesk and operator fall back to the API keys while unset (contract "Security")."""
    api = settings.api_key_list
    return {
        Role.GATEWAY: api,
        Role.HELPDESK: settings.helpdesk_key_list or api,
        Role.OPERATOR: settings.operator_key_list or api,
    }


@lru_cache(maxsize=8)
def agent_tokens(spec: str) -> dict[str, AgentIdentity]:
    """WARMLINE_AGENT_TOKENS parsed once per value (settings already refused a malformed one)."""
    return parse_tokens(spec)


def _digest(value: str) -> bytes:
    # Equal-length inputs for compare_digest, so not even a key's length shows in the timing.
    return hashlib.sha256(value.encode()).digest()


def _matches(given: str, keys: list[str]) -> bool:
    # Constant-time compare against every key, so timing reveals nothing about which matched.
    found = False
    mine = _digest(given)
    for k in keys:
        found |= hmac.compare_digest(mine, _digest(k))
    return found


def match_agent(tokens: dict[str, AgentIdentity], given: str | None) -> AgentIdentity | None:
    """The agent whose token is `given`, compared in constant time against every token (no early exit)."""
    found: AgentIdentity | None = None
    if not given:
        return None
    mine = _digest(given)
    for token, who in tokens.items():
        if hmac.compare_digest(mine, _digest(token)):
            found = who
    return found


def identify(settings: Settings, given: str) -> Principal:
    """Every role `given` holds, checked against every list in full, so timing says nothing about which."""
    roles = {role for role, keys in role_keys(settings).items() if _matches(given, keys)}
    agent = match_agent(agent_tokens(settings.agent_tokens), given)
    if agent is not None:
        roles.add(Role.AGENT)
    return Principal(frozenset(roles), agent)


def _names(roles: frozenset[Role], joiner: str = " or ") -> str:
    return joiner.join(CREDENTIAL[r] for r in Role if r in roles)


def authorize(settings: Settings, creds: Creds, allowed: frozenset[Role], what: str) -> Principal:
    """401 without a known key, 403 for a known key of another role; else the roles of `allowed` the key holds.

    An endpoint whose key roles have no keys configured stays open, as before roles existed: a line
    without WARMLINE_API_KEYS is a local one.
    """
    keys = role_keys(settings)
    if not any(keys[r] for r in allowed if r != Role.AGENT):
        return Principal(allowed, open=True)
    if creds is None or creds.scheme.lower() != "bearer":
        raise HTTPException(
            401, "missing API key: send Authorization: Bearer <key>", headers={"WWW-Authenticate": "Bearer"}
        )
    who = identify(settings, creds.credentials)
    if not who.roles:
        raise HTTPException(401, "invalid API key", headers={"WWW-Authenticate": "Bearer"})
    if not who.roles & allowed:
        raise HTTPException(403, f"{what} needs {_names(allowed)}; this key is {_names(who.roles, ' and ')}")
    return Principal(who.roles & allowed, who.agent if Role.AGENT in allowed else None)


GATEWAY = frozenset({Role.GATEWAY})
OPERATOR = frozenset({Role.OPERATOR})
HELPDESK_OR_AGENT = frozenset({Role.HELPDESK, Role.AGENT})
GATEWAY_OR_AGENT = frozenset({Role.GATEWAY, Role.AGENT})


async def require_gateway_key(state: State, creds: Annotated[Creds, Depends(gateway_bearer)]) -> Principal:
    """Gateway endpoints (start, turns, hangup, CSAT): a key in WARMLINE_API_KEYS."""
    return authorize(state.settings, creds, GATEWAY, "this gateway endpoint")


async def require_operator_key(state: State, creds: Annotated[Creds, Depends(operator_bearer)]) -> Principal:
    """Operator endpoints: WARMLINE_OPERATOR_KEYS, or the API keys while that is unset."""
    return authorize(state.settings, creds, OPERATOR, "this operator endpoint")


async def require_helpdesk_or_agent(
    state: State,
    helpdesk: Annotated[Creds, Depends(helpdesk_bearer)],
    agent: Annotated[Creds, Depends(agent_bearer)],
) -> Principal:
    """Agent events and dispositions: a helpdesk key (the API keys while WARMLINE_HELPDESK_KEYS is unset),
    or the token of the agent the call was offered to; the route checks the call and the agent_id."""
    return authorize(state.settings, helpdesk or agent, HELPDESK_OR_AGENT, "reporting an agent's work")


async def require_call_reader(
    state: State,
    gateway: Annotated[Creds, Depends(gateway_bearer)],
    agent: Annotated[Creds, Depends(agent_bearer)],
) -> Principal:
    """Reading a call: a gateway key (any call), or an agent token (the route limits it to the agent's calls)."""
    return authorize(state.settings, gateway or agent, GATEWAY_OR_AGENT, "reading a call")


Reporter = Annotated[Principal, Depends(require_helpdesk_or_agent)]
CallReader = Annotated[Principal, Depends(require_call_reader)]
