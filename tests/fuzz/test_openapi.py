"""schemathesis against the app's own OpenAPI schema: no input gets a 5xx, every response matches the schema.

The app runs under uvicorn (real HTTP, the body-size middleware included) on the
test's event loop, with a real worker on the session's dev server behind it;
schemathesis drives it from a thread. Every operation is tried with valid and
invalid input, with the gateway or operator key, without a key, and against a
live call (so turns, agent events and wrap-up reach the workflow). The example
count is bounded and derandomized: CI stays fast and reproducible. The number of
cases is printed (`-s`) and asserted.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from runtime.codec import new_key
from runtime.stack import free_port
from tests.line import MakeLine

GATEWAY, OPERATOR, AGENT = "fuzz-gateway-key", "fuzz-operator-key", "fuzz-agent-token"
EXAMPLES = 12  # per operation and pass; 12 x 4 passes x ~18 operations stays well under a minute
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Server-sent event streams never end, so a request cannot be checked as a whole.
STREAMS = {"/desk/api/events"}
NEGATIVE_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance]


@dataclass
class Tally:
    cases: int = 0
    statuses: dict[int, int] = field(default_factory=dict)


@pytest.fixture
async def served(make_line: MakeLine) -> AsyncIterator[str]:
    async with make_line(
        api_keys=GATEWAY,
        operator_keys=OPERATOR,
        agent_tokens=f"agent-7:{AGENT}:billing",
        encryption_keys=new_key(),
    ) as line:
        app = create_app(line.settings)
        app.state.warmline.client = line.client
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
        task = asyncio.create_task(server.serve())
        for _ in range(200):  # up to 10 s
            if server.started:
                break
            await asyncio.sleep(0.05)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            await task


def _key_for(path: str) -> str:
    """Each audience its own credential: gateway key for calls, agent token for the desk, else operator key."""
    if path.startswith("/v1/calls"):
        return GATEWAY
    return AGENT if path.startswith("/desk") else OPERATOR


def _caller(
    base: str, headers: dict[str, str], checks: list[Any], auth: bool, tally: Tally
) -> Callable[[schemathesis.Case], None]:
    def one(case: schemathesis.Case) -> None:
        # The key (or no key) is ours to choose, not a generated header's.
        for name in [k for k in case.headers or {} if k.lower() == "authorization"]:
            del case.headers[name]
        response = case.call_and_validate(base_url=base, headers=headers, checks=checks, timeout=30)
        tally.cases += 1
        tally.statuses[response.status_code] = tally.statuses.get(response.status_code, 0) + 1

    return one


def _run(
    base: str, mode: schemathesis.GenerationMode, auth: bool, tally: Tally, path_parameters: dict[str, Any] | None
) -> list[str]:
    """Every operation, EXAMPLES cases each; returns the failures (empty when all checks pass)."""
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    failures: list[str] = []
    checks = CHECKS if mode == schemathesis.GenerationMode.POSITIVE else NEGATIVE_CHECKS
    for result in schema.get_all_operations():
        if not isinstance(result, Ok):
            failures.append(f"an operation the schema does not describe validly: {result.err()}")
            continue
        op = result.ok()
        if op.path in STREAMS or (path_parameters and "{call_id}" not in op.path):
            continue
        headers = {"Authorization": f"Bearer {_key_for(op.path)}"} if auth else {}

        one = _caller(base, headers, checks, auth, tally)
        strategy = op.as_strategy(generation_mode=mode, path_parameters=path_parameters)
        test: Callable[[], None] = settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            report_multiple_bugs=False,
        )(given(case=strategy)(one))
        try:
            test()
        except Unsatisfiable:
            pass  # negative mode on an operation with no input to make invalid (e.g. GET /healthz)
        except (Exception, BaseExceptionGroup) as e:  # a failed check: collect it, keep fuzzing the other operations
            failures.append(f"{op.method.upper()} {op.path} ({mode.value}, auth={auth}): {e}")
    return failures


async def test_no_input_gets_a_5xx_and_every_response_matches_the_schema(served: str) -> None:
    async with httpx.AsyncClient(base_url=served, headers={"Authorization": f"Bearer {GATEWAY}"}) as http:
        live = f"fuzz-{uuid.uuid4().hex[:8]}"
        assert (await http.post("/v1/calls", json={"call_id": live, "caller": {}})).status_code == 201
    positive, negative = schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE
    failures: list[str] = []
    total = Tally()
    for name, mode, auth, params in [
        ("valid input, with keys", positive, True, None),
        ("invalid input, with keys", negative, True, None),
        ("valid input, no key", positive, False, None),
        ("valid input, a live call", positive, True, {"call_id": live}),
    ]:
        tally = Tally()
        failures += await asyncio.to_thread(_run, served, mode, auth, tally, params)
        print(f"\nschemathesis {name}: {tally.cases} cases; statuses {dict(sorted(tally.statuses.items()))}")
        total.cases += tally.cases
        for code, n in tally.statuses.items():
            total.statuses[code] = total.statuses.get(code, 0) + n
    print(f"schemathesis total: {total.cases} cases")
    assert not failures, "\n\n".join(failures)
    assert total.cases >= 300
    assert not any(code >= 500 for code in total.statuses)
