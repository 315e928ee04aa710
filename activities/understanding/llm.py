"""The LLM back-end: any OpenAI-compatible `/v1/chat/completions` endpoint with structured output.

The model is shown the policy's query types and the dialog context and must answer
with JSON matching `LlmReading` (sent as `response_format: json_schema`, strict);
the answer is validated with pydantic, including that the intent is one of the
policy's query types. Sentiment stays with VADER so the policy's sentiment
threshold means the same whatever the back-end.

One attempt per turn, bounded by `timeout_s`: a voice turn cannot wait for
retries. On any failure (transport, HTTP status, malformed or invalid output)
the turn is read by the embedded back-end instead and an
`ActionRecord(name="llm", status="failed")` is added, so the context and the
metrics show it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import structlog
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from activities.openai_url import endpoint_url
from activities.understanding.embedded import EmbeddedUnderstander
from warmline.models import ActionRecord
from warmline.policy import Policy
from warmline.understanding import DialogAct, IntentCandidate, Understanding, UnderstandingRequest

_EXAMPLES_SHOWN = 4
_DETAIL_CHARS = 200


class ToolCall(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    arguments: dict[str, str] = Field(default_factory=dict)


class LlmReading(BaseModel):
    """What the model must return for one caller turn."""

    model_config = ConfigDict(extra="forbid")

    intent: str | None = Field(description="one of the query type names, or null")
    confidence: float = Field(ge=0.0, le=1.0, description="probability that intent is what the caller means")
    out_of_scope: bool = Field(description="clearly about something none of the query types covers")
    acts: list[DialogAct] = Field(description="dialog acts present in the turn")
    reply: str | None = Field(description="what the AI says next, or null to use the query type's answer")
    tool_calls: list[ToolCall] = Field(description="actions to run; empty unless the policy lists tools")


class LlmError(Exception):
    """The endpoint did not give a usable reading; the message says why, briefly."""


def response_schema() -> dict[str, Any]:
    """`LlmReading` as a strict JSON schema (every property required, no extra keys)."""
    schema = LlmReading.model_json_schema()

    def strict(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                node["required"] = list(node["properties"])
                node["additionalProperties"] = False
            for v in node.values():
                strict(v)
        elif isinstance(node, list):
            for v in node:
                strict(v)

    strict(schema)
    return schema


def system_prompt(policy: Policy) -> str:
    lines = [
        f"You read one caller turn on {policy.company}'s phone line and return JSON only.",
        "Query types (intent must be one of these names, or null):",
    ]
    for qt in policy.query_types:
        examples = "; ".join(qt.examples[:_EXAMPLES_SHOWN])
        lines.append(f"- {qt.name} (handled by {'the AI' if qt.handling == 'ai' else 'people'}): e.g. {examples}")
    lines += [
        "Dialog acts: request_human (asks for a person), not_resolved (says the last answer did not work),",
        "affirm, deny, thanks, goodbye, greeting.",
        "out_of_scope: true only when the turn is clearly about something none of the query types covers;",
        "vague, garbled or torn turns are not out of scope: give a low confidence instead.",
        "reply: one short sentence for the caller (the query type's own answer is what gets said). tool_calls: [].",
    ]
    return "\n".join(lines)


def user_prompt(req: UnderstandingRequest) -> str:
    context = {
        "answer": f"The AI just answered about {req.last_query_type}.",
        "offer": "The AI just offered to connect the caller with a specialist.",
        "clarify": "The AI just asked the caller to clarify.",
    }.get(req.pending or "", "This may be the first turn.")
    return f"{context}\nCaller: {req.text}"


class LlmUnderstander:
    """Understands a turn with a chat-completions model; falls back to the embedded back-end."""

    backend = "llm"

    def __init__(
        self,
        policy: Policy,
        url: str,
        model: str,
        api_key: str | None = None,
        timeout_s: float = 4.0,
        client: httpx.AsyncClient | None = None,
        encoder_dir: Path | None = None,
    ) -> None:
        """`encoder_dir`: the embedded fallback's adapted sentence encoder (`WARMLINE_ENCODER_DIR`)."""
        self.policy = policy
        self.url = endpoint_url(url, "chat/completions")
        self.model = model
        self.timeout_s = timeout_s
        self.fallback = EmbeddedUnderstander(policy, encoder_dir)
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = client or httpx.AsyncClient(headers=headers, timeout=timeout_s)
        self._system = system_prompt(policy)
        self._schema = response_schema()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def understand(self, req: UnderstandingRequest) -> Understanding:
        try:
            reading = await self._ask(req)
        except LlmError as e:
            structlog.get_logger().warning("llm understanding failed", call_id=req.call_id, turn=req.turn, error=str(e))
            u = self.fallback.understand_now(req)
            failure = ActionRecord(
                name="llm", status="failed", detail=str(e)[:_DETAIL_CHARS], turn=req.turn, kind="system"
            )
            return u.model_copy(update={"actions": [*u.actions, failure]})
        return self._to_understanding(reading, req)

    async def _ask(self, req: UnderstandingRequest) -> LlmReading:
        body = {
            "model": self.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": self._system},
                {"role": "user", "content": user_prompt(req)},
            ],
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "understanding", "strict": True, "schema": self._schema},
            },
        }
        try:
            resp = await self._client.post(self.url, json=body, timeout=self.timeout_s)
        except httpx.TimeoutException:
            raise LlmError(f"timed out after {self.timeout_s:g} s") from None
        except httpx.HTTPError as e:
            raise LlmError(f"transport error: {type(e).__name__}: {e}") from None
        if resp.status_code != 200:
            raise LlmError(f"HTTP {resp.status_code}: {resp.text[:120]}")
        try:
            message = resp.json()["choices"][0]["message"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise LlmError("response is not a chat completion") from None
        if message.get("refusal"):
            raise LlmError(f"model refused: {message['refusal']}")
        content = message.get("content")
        if not isinstance(content, str):
            raise LlmError("chat completion has no content")
        try:
            reading = LlmReading.model_validate(json.loads(content))
        except (ValueError, ValidationError) as e:
            raise LlmError(f"invalid output: {str(e).splitlines()[0]}") from None
        if reading.intent is not None and self.policy.query_type(reading.intent) is None:
            raise LlmError(f"invalid output: intent {reading.intent!r} is not a query type")
        return reading

    def _to_understanding(self, r: LlmReading, req: UnderstandingRequest) -> Understanding:
        qt = self.policy.query_type(r.intent)
        threshold = self.policy.low_confidence_rule(r.intent).threshold
        reply = None
        if qt is not None and qt.handling == "ai" and r.confidence >= threshold and not r.out_of_scope:
            reply = qt.answer  # facts come from the policy, never from the model's own wording
        return Understanding(
            intent=None if r.out_of_scope else r.intent,
            confidence=0.0 if r.out_of_scope else r.confidence,
            candidates=[IntentCandidate(name=r.intent, score=r.confidence)] if r.intent else [],
            out_of_scope=r.out_of_scope,
            acts=list(dict.fromkeys(r.acts)),
            sentiment=self.fallback.sentiment(req.text),
            words=len(req.text.split()),
            reply=reply,
            backend=self.backend,
        )
