"""Actions and authentication in the policy: HTTP calls to the company's own system.

A query type may declare an `action` (look something up, then answer from the JSON
it returns) and `requires_auth` (verify the caller first, with the identifiers and
the `verify` action of the policy's `authentication` section). The schema lives
here, beside the pure helpers the workflow uses; the HTTP call itself is the
`run_action` activity (activities/actions.py). docs/actions.md is the reference.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from warmline.templating import TemplateError, fields

# Values an action may use without collecting anything: what the gateway told us about the call.
CALL_VALUES = ("call_id", "number", "account_id")
_NAME = r"^[a-z][a-z0-9_]*$"
_HEADER = re.compile(r"^[A-Za-z0-9-]+$")
_ENV = re.compile(r"^[A-Z_][A-Z0-9_]*$")


def matching_something(regex: str, what: str) -> str:
    """`regex` if it compiles and cannot match nothing (an empty match would capture or redact every utterance)."""
    try:
        if re.compile(regex).fullmatch(""):
            raise ValueError(f"{what} matches the empty string")
    except re.error as e:
        raise ValueError(f"not a valid regular expression: {e}") from None
    return regex


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _template_ok(v: str) -> str:
    try:
        fields(v)
    except TemplateError as e:
        raise ValueError(str(e)) from None
    return v


class HttpAction(_Strict):
    """One HTTP call to the company's system and how to read its JSON answer.

    `url`, `params` and `body` are templates over the call's values (`needs`);
    `reply` and `success_field` read the JSON the system returns. Secrets never sit
    in the policy: `headers_from_env` names environment variables the worker reads.
    """

    name: str = Field(default="", max_length=64)
    url: str = Field(min_length=1, max_length=2000)  # absolute, or relative to WARMLINE_ACTIONS_BASE_URL
    method: Literal["GET", "POST", "PUT", "PATCH"] = "GET"
    needs: list[str] = Field(default_factory=list, max_length=20)
    params: dict[str, str] = Field(default_factory=dict)
    body: dict[str, str] | None = None  # sent as a JSON object (POST/PUT/PATCH)
    headers: dict[str, str] = Field(default_factory=dict)
    headers_from_env: dict[str, str] = Field(default_factory=dict)  # header -> environment variable name
    timeout_s: float = Field(default=3.0, gt=0, le=30)
    max_attempts: int = Field(default=2, ge=1, le=5)  # transport errors, timeouts and 5xx only; never a 4xx
    reply: str | None = Field(default=None, max_length=2000)
    success_field: str | None = None  # a JSON path that must be true (e.g. `verified`)
    capture: dict[str, str] = Field(default_factory=dict)  # value name -> JSON path, for later actions

    @field_validator("url", "reply")
    @classmethod
    def _templates(cls, v: str | None) -> str | None:
        return _template_ok(v) if v is not None else v

    @field_validator("params", "body")
    @classmethod
    def _value_templates(cls, v: dict[str, str] | None) -> dict[str, str] | None:
        for t in (v or {}).values():
            _template_ok(t)
        return v

    @field_validator("headers", "headers_from_env")
    @classmethod
    def _header_names(cls, v: dict[str, str]) -> dict[str, str]:
        for k in v:
            if not _HEADER.match(k):
                raise ValueError(f"{k!r} is not a header name")
        return v

    @field_validator("headers_from_env")
    @classmethod
    def _env_names(cls, v: dict[str, str]) -> dict[str, str]:
        for k, env in v.items():
            if not _ENV.match(env):
                raise ValueError(f"{k}: {env!r} is not an environment variable name (e.g. KESTREL_API_TOKEN)")
        return v

    @field_validator("needs")
    @classmethod
    def _need_names(cls, v: list[str]) -> list[str]:
        for n in v:
            if not re.match(_NAME, n):
                raise ValueError(f"{n!r} is not a value name (lower_snake_case)")
        return v

    @model_validator(mode="after")
    def _placeholders_are_needed(self) -> HttpAction:
        used = fields(self.url) + [f for t in [*self.params.values(), *(self.body or {}).values()] for f in fields(t)]
        for f in used:
            if f not in self.needs:
                raise ValueError(f"the request uses {{{f}}}; list {f!r} in needs")
        if self.body is not None and self.method == "GET":
            raise ValueError("a GET request has no body; use params, or method: POST")
        return self


class Identifier(_Strict):
    """Something the caller says to prove who they are, and how to find it in what they said."""

    name: str = Field(pattern=_NAME, max_length=32)
    prompt: str = Field(min_length=1, max_length=300)
    pattern: str = Field(min_length=1, max_length=500)  # a named group `value` picks the part to keep
    secret: bool = False  # redacted in the transcript as [redacted:<name>] once captured
    normalize: Literal["none", "upper", "digits", "compact_upper"] = "none"

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, v: str) -> str:
        return matching_something(v, "the pattern")


class Authentication(_Strict):
    """How the AI verifies a caller before a `requires_auth` query type (knowledge-based checks)."""

    identifiers: list[Identifier] = Field(min_length=1, max_length=5)
    verify: HttpAction
    max_attempts: int = Field(default=2, ge=1, le=5)
    ask: Literal["each", "all"] = "each"  # one identifier per turn, or all in one question
    method: str | None = Field(default=None, max_length=64)  # default: kba:<name>+<name>

    @model_validator(mode="after")
    def _verify_uses_identifiers(self) -> Authentication:
        names = [i.name for i in self.identifiers]
        if len(set(names)) != len(names):
            raise ValueError("identifier names must be unique")
        known = set(names) | set(CALL_VALUES)
        for n in self.verify.needs:
            if n not in known:
                raise ValueError(
                    f"the verify action needs {n!r}, which is neither an identifier nor one of {', '.join(CALL_VALUES)}"
                )
        return self

    @property
    def method_name(self) -> str:
        return self.method or "kba:" + "+".join(i.name for i in self.identifiers)


def action_name(action: HttpAction, fallback: str) -> str:
    return action.name or fallback


class ActionRequest(BaseModel):
    """Run `action` with the call's `values` (only the ones it `needs` are sent)."""

    call_id: str
    turn: int
    query_type: str
    purpose: Literal["resolve", "verify"] = "resolve"
    action: HttpAction
    values: dict[str, str] = Field(default_factory=dict)


class ActionResult(BaseModel):
    """A succeeded action: what to say (from `reply`) and values captured for later actions."""

    name: str
    status_code: int
    reply: str | None = None
    captured: dict[str, str] = Field(default_factory=dict)
    elapsed_ms: float = 0.0
