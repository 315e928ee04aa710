"""The `run_action` activity: one HTTP call to the company's system for a query type or a verification.

Retrying is Temporal's job: the workflow's RetryPolicy bounds the attempts (the
action's `max_attempts`) and each attempt is bounded by the action's `timeout_s`.
So transport errors, timeouts, 429 and 5xx raise a *retryable* `ApplicationError`,
while what a retry cannot fix — a 4xx, a body that is not JSON, a missing field, a
missing value or setting — raises a non-retryable one. The workflow turns either
into a failed `ActionRecord` and a failed resolution attempt.

Error messages and log lines name the action, the status and the field, never the
values sent (account numbers, postcodes) or the rendered URL that carries them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx
import structlog
from temporalio import activity
from temporalio.exceptions import ApplicationError

from warmline.action_config import is_relative
from warmline.actions import ActionRequest, ActionResult, HttpAction
from warmline.templating import MissingData, lookup, render, scalar

log = structlog.get_logger("warmline.actions")

ACTION_UNAVAILABLE = "ActionUnavailable"  # retryable: transport, timeout, 429, 5xx
ACTION_REJECTED = "ActionRejected"  # 4xx, or `success_field` not true
ACTION_BAD_RESPONSE = "ActionBadResponse"  # not a JSON object
ACTION_MISSING_DATA = "ActionMissingData"  # a value to send, or a field to read, is missing
ACTION_MISCONFIGURED = "ActionMisconfigured"  # no base URL, an unset environment variable


def _fail(message: str, type: str, retry: bool = False) -> ApplicationError:
    return ApplicationError(message, type=type, non_retryable=not retry)


def resolve_url(url: str, base: str | None) -> str:
    if not is_relative(url):
        return url
    if not base:
        raise _fail(f"relative url {url!r} needs WARMLINE_ACTIONS_BASE_URL", ACTION_MISCONFIGURED)
    return base.rstrip("/") + "/" + url.lstrip("/")


class ActionActivities:
    """Actions over one HTTP client; secrets for headers come from the worker's environment."""

    def __init__(
        self, base_url: str | None = None, env: Mapping[str, str] | None = None, client: httpx.AsyncClient | None = None
    ) -> None:
        self.base_url = base_url
        self.env = os.environ if env is None else env
        self._client = client or httpx.AsyncClient(follow_redirects=False)

    async def aclose(self) -> None:
        await self._client.aclose()

    def _headers(self, action: HttpAction) -> dict[str, str]:
        headers = {"Accept": "application/json", **action.headers}
        for header, var in action.headers_from_env.items():
            value = self.env.get(var)
            if not value:
                raise _fail(f"header {header} needs environment variable {var}, which is not set", ACTION_MISCONFIGURED)
            headers[header] = value
        return headers

    @activity.defn(name="run_action")
    async def run_action(self, req: ActionRequest) -> ActionResult:
        a = req.action
        name = a.name or req.query_type
        bound = log.bind(
            call_id=req.call_id, turn=req.turn, action=name, purpose=req.purpose, attempt=activity.info().attempt
        )
        values: dict[str, Any] = {k: v for k, v in req.values.items() if k in a.needs and v}
        if absent := [n for n in a.needs if n not in values]:
            raise _fail(f"missing data: {', '.join(absent)} not known for this call", ACTION_MISSING_DATA)
        try:
            url = resolve_url(render(a.url, values, escape=lambda s: quote(s, safe="")), self.base_url)
            params = {k: render(t, values) for k, t in a.params.items()}
            body = {k: render(t, values) for k, t in a.body.items()} if a.body is not None else None
        except MissingData as e:
            raise _fail(f"missing data: {e}", ACTION_MISSING_DATA) from None
        started = time.perf_counter()
        try:
            resp = await self._client.request(
                a.method, url, params=params, json=body, headers=self._headers(a), timeout=a.timeout_s
            )
        except httpx.TimeoutException:
            bound.warning("action timed out", timeout_s=a.timeout_s)
            raise _fail(f"{name}: no answer within {a.timeout_s:g} s", ACTION_UNAVAILABLE, retry=True) from None
        except httpx.HTTPError as e:
            bound.warning("action transport error", error=type(e).__name__)
            raise _fail(f"{name}: transport error ({type(e).__name__})", ACTION_UNAVAILABLE, retry=True) from None
        ms = round((time.perf_counter() - started) * 1000, 1)
        bound = bound.bind(status=resp.status_code, ms=ms)
        if resp.status_code >= 500 or resp.status_code == 429:
            bound.warning("action unavailable")
            raise _fail(f"{name}: HTTP {resp.status_code}", ACTION_UNAVAILABLE, retry=True)
        if resp.status_code >= 400:
            bound.info("action rejected")
            raise _fail(f"{name}: HTTP {resp.status_code}", ACTION_REJECTED)
        try:
            data = resp.json()
        except ValueError:
            bound.warning("action answered with malformed JSON")
            raise _fail(f"{name}: the answer is not valid JSON", ACTION_BAD_RESPONSE) from None
        if not isinstance(data, dict):
            raise _fail(f"{name}: the answer is not a JSON object", ACTION_BAD_RESPONSE)
        try:
            if a.success_field is not None and lookup(data, a.success_field) is not True:
                bound.info("action said no", field=a.success_field)
                raise _fail(f"{name}: {a.success_field} is not true", ACTION_REJECTED)
            reply = render(a.reply, data) if a.reply else None
            captured = {k: scalar(data, path) for k, path in a.capture.items()}
        except MissingData as e:
            bound.warning("action answer lacks data", field=e.field)
            raise _fail(f"{name}: missing data: {e}", ACTION_MISSING_DATA) from None
        bound.info("action succeeded")
        return ActionResult(name=name, status_code=resp.status_code, reply=reply, captured=captured, elapsed_ms=ms)
