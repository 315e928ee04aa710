"""Agent sign-in: per-agent tokens from WARMLINE_AGENT_TOKENS (`agent-7:token:skill1+skill2,...`).

Agents are a separate credential from gateway and operator keys (DESIGN.md
"Security"). The page and the event stream authenticate with an httpOnly,
SameSite=Strict cookie holding the token (EventSource cannot send headers);
scripts may send `Authorization: Bearer <token>` instead. No token, no desk.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.deps import State
from warmline.agent_tokens import AgentIdentity, parse_tokens

COOKIE = "warmline_agent"
_bearer = HTTPBearer(auto_error=False)


def find_agent(tokens: dict[str, AgentIdentity], given: str | None) -> AgentIdentity | None:
    """The agent whose token is `given`, compared in constant time against every token."""
    found: AgentIdentity | None = None
    if not given:
        return None
    for token, who in tokens.items():
        if hmac.compare_digest(given.encode(), token.encode()):
            found = who
    return found


def agent_for_request(
    request: Request, state: State, creds: HTTPAuthorizationCredentials | None
) -> AgentIdentity | None:
    tokens = parse_tokens(state.settings.agent_tokens)
    given = creds.credentials if creds is not None and creds.scheme.lower() == "bearer" else request.cookies.get(COOKIE)
    return find_agent(tokens, given)


async def require_agent(
    request: Request, state: State, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> AgentIdentity:
    """Agent endpoints refuse anonymous use: 401 without a valid agent token."""
    who = agent_for_request(request, state, creds)
    if who is None:
        raise HTTPException(401, "sign in with your agent token", headers={"WWW-Authenticate": "Bearer"})
    return who


CurrentAgent = Annotated[AgentIdentity, Depends(require_agent)]
