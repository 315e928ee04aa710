"""Per-agent desk tokens from WARMLINE_AGENT_TOKENS (`agent-7:token:skill1+skill2,...`).

Pure parsing, so the settings can refuse a malformed value at start (naming the
entry) and the agent API can look tokens up.
"""

from __future__ import annotations

from pydantic import BaseModel

MIN_TOKEN_CHARS = 8


class AgentIdentity(BaseModel):
    agent_id: str
    skills: list[str]


def parse_tokens(spec: str) -> dict[str, AgentIdentity]:
    """`agent-7:tok:billing+plans,agent-9:tok2:fraud` → {token: identity}; raises ValueError naming the entry."""
    agents: dict[str, AgentIdentity] = {}
    for i, entry in enumerate(e.strip() for e in spec.split(",")):
        if not entry:
            continue
        parts = entry.split(":")
        if len(parts) != 3 or not parts[0] or len(parts[1]) < MIN_TOKEN_CHARS:
            raise ValueError(
                f"WARMLINE_AGENT_TOKENS entry {i + 1}: want agent_id:token:skill1+skill2 "
                f"with a token of {MIN_TOKEN_CHARS}+ characters"
            )
        agent_id, token, skills = parts
        agents[token] = AgentIdentity(agent_id=agent_id, skills=[s for s in skills.split("+") if s])
    return agents
