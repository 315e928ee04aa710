"""The error responses of every route, declared in the OpenAPI schema (checked by schemathesis).

Routes declare their success bodies; the errors follow from the shape of a route,
so they are added to the generated schema once instead of on every decorator:
a key-protected route can answer 401 (no or unknown key) and 403 (a key of
another role), a path naming a call (or other resource)
404 (and 409 when it changes it), a body 400 when it cannot be parsed and 413
when over 1 MiB, any input 422, and while Temporal is unreachable
503 with Retry-After. Error bodies are `{"detail": "..."}`, including 422 (the
app's handler replaces FastAPI's list-shaped validation body). A route's own
`responses=` wins.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel

REF = "#/components/schemas/ApiError"
WRITES = {"post", "put", "patch", "delete"}
RETRY_AFTER = {"Retry-After": {"description": "seconds to wait before retrying", "schema": {"type": "string"}}}


class ApiError(BaseModel):
    """Every error body: `{"detail": "..."}`."""

    detail: str


def _error(description: str, **extra: Any) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": REF}}}, **extra}


def _errors_of(path: str, method: str, op: dict[str, Any]) -> dict[str, dict[str, Any]]:
    errors: dict[str, dict[str, Any]] = {}
    if op.get("security"):
        errors["401"] = _error("no or wrong key (Authorization: Bearer <key>)")
        errors["403"] = _error("a valid key of another role (e.g. a gateway key on an operator endpoint)")
    if path.startswith("/twilio"):
        errors["403"] = _error("missing or invalid X-Twilio-Signature")
    if "{" in path:
        errors["404"] = _error("unknown call (or other resource named in the path)")
        if method in WRITES:
            errors["409"] = _error("not allowed in the call's current phase")
    if op.get("requestBody"):
        errors["400"] = _error("the body is not parseable (e.g. not UTF-8)")
    if method in WRITES:
        errors["413"] = _error("request body over 1 MiB")
    if op.get("parameters") or op.get("requestBody"):
        errors["422"] = _error("invalid input; the detail names the field")
    if path == "/healthz":
        errors["503"] = {"description": "Temporal is unreachable or unhealthy", "headers": RETRY_AFTER}
    elif not path.startswith("/codec"):
        errors["503"] = _error("Temporal is unreachable; retry after Retry-After seconds", headers=RETRY_AFTER)
    return errors


def document_errors(app: FastAPI) -> None:
    """Wrap `app.openapi` so the schema lists the error responses each route can give."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        schema = generate()  # FastAPI caches it; adding is idempotent
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas.setdefault("ApiError", ApiError.model_json_schema())
        for path, item in schema.get("paths", {}).items():
            for method, op in item.items():
                responses = op.setdefault("responses", {})
                for code, spec in _errors_of(path, method, op).items():
                    if code == "422" and _is_fastapi_default(responses.get("422")):
                        responses["422"] = spec
                    responses.setdefault(code, spec)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _is_fastapi_default(spec: dict[str, Any] | None) -> bool:
    """FastAPI's own 422 entry (a list of errors), which this app never sends."""
    if spec is None:
        return False
    ref = spec.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
    return bool(ref.endswith("/HTTPValidationError"))
