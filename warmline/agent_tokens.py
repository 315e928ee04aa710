"""Per-agent desk tokens from WARMLINE_AGENT_TOKENS (`agent-7:token:skill1+skill2[:endpoint],...`).

Pure parsing, so the settings can refuse a malformed value at start (naming the
entry) and the agent API can look tokens up. The optional endpoint is where the
agent's own phone answers (a number, a SIP URI or a Twilio Client identity): on
the Twilio gateway, accepting an offer on the desk rings it, so the agent who saw
the context is the one who picks up (docs/twilio.md).
"""

from __future__ import annotations

import re

from pydantic import BaseModel

MIN_TOKEN_CHARS = 8
# What Twilio can ring: an E.164 number, a SIP URI, or a Twilio Client identity.
ENDPOINT = re.compile(r"^(\+[1-9]\d{6,14}|sips?:[^\s@:]+@[^\s]+|client:[A-Za-z0-9_.-]{1,121})$")


class AgentIdentity(BaseModel):
    agent_id: str
    skills: list[str]
    endpoint: str | None = None  # the agent's phone: +447700900001, sip:ann@pbx.example or client:ann


def parse_tokens(spec: str) -> dict[str, AgentIdentity]:
    """`agent-7:tok:billing+plans:+447700900001,agent-9:tok2:fraud` → {token: identity}; raises ValueError
    naming the entry."""
    agents: dict[str, AgentIdentity] = {}
    for i, entry in enumerate(e.strip() for e in spec.split(",")):
        if not entry:
            continue
        parts = entry.split(":", 3)  # a SIP URI or client identity keeps its own colon
        if len(parts) < 3 or not parts[0] or len(parts[1]) < MIN_TOKEN_CHARS:
            raise ValueError(
                f"WARMLINE_AGENT_TOKENS entry {i + 1}: want agent_id:token:skill1+skill2[:endpoint] "
                f"with a token of {MIN_TOKEN_CHARS}+ characters"
            )
        agent_id, token, skills = parts[:3]
        endpoint = parts[3] if len(parts) == 4 else None
        if endpoint is not None and not ENDPOINT.match(endpoint):
            raise ValueError(
                f"WARMLINE_AGENT_TOKENS entry {i + 1} ({agent_id}): the endpoint must be a number (+447700900001), "
                "a SIP URI (sip:ann@pbx.example) or a Twilio Client identity (client:ann)"
            )
        agents[token] = AgentIdentity(agent_id=agent_id, skills=[s for s in skills.split("+") if s], endpoint=endpoint)
    return agents


def has_endpoints(spec: str) -> bool:
    """Whether any agent has a phone of their own for the line to ring."""
    return any(a.endpoint for a in parse_tokens(spec).values())
