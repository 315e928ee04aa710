"""Roles: gateway keys, helpdesk keys, operator keys and agent tokens are different credentials.

The matrix below is the specification: for each configuration, each endpoint and
each credential, either the request gets past authentication (`P`: whatever the
endpoint then answers, 404 for an unknown call included) or it is refused with
401 (`1`: no or unknown key) or 403 (`3`: a valid key of another role). Then a
real call rings agent A's desk, and agent B can neither read it nor report on it.
"""

from __future__ import annotations

import hmac
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from api import deps
from api.app import create_app
from api.deps import Role, role_keys
from api.desk import auth as desk_auth
from tests.desk.conftest import escalate, eventually
from tests.line import Line, policy_file, running_line
from warmline.models import CallState, Escalation, Reason, Status
from warmline.queue_models import QueueSnapshot, QueueStats
from warmline.queueing import Agent, Offer
from warmline.settings import Settings

GW, HD, OP = "gw-key-0001", "hd-key-0001", "op-key-0001"
ANN_TOKEN, BOB_TOKEN = "ann-token-1", "bob-token-2"
TOKENS = f"ann:{ANN_TOKEN}:disputes+billing,bob:{BOB_TOKEN}:disputes"
# Column order of the matrix's codes.
CREDENTIALS: list[tuple[str, str | None]] = [
    ("gateway", GW),
    ("helpdesk", HD),
    ("operator", OP),
    ("agent A", ANN_TOKEN),
    ("agent B", BOB_TOKEN),
    ("none", None),
    ("wrong", "not-a-key-at-all"),
]
# A long ring, so the offer is still ringing agent A however slow the test machine is.
QUEUES: list[dict[str, Any]] = [
    {"name": "transactional", "skills": ["billing"], "ring_s": 60},
    {"name": "technical", "skills": ["network"]},
    {"name": "complex", "skills": ["disputes"], "ring_s": 60},
]

EVENT = {"type": "agent_connected", "agent_id": "ann"}
DISPOSITION = {"agent_id": "ann", "codes": ["none"], "repeat_explanation": False}
ENDPOINTS: dict[str, tuple[str, str, dict[str, Any] | None]] = {
    "start": ("POST", "/v1/calls", {"caller": {}}),
    "turn": ("POST", "/v1/calls/no-such-call/turns", {"text": "hello"}),
    "hangup": ("POST", "/v1/calls/no-such-call/hangup", None),
    "read call": ("GET", "/v1/calls/no-such-call", None),
    "agent event": ("POST", "/v1/calls/no-such-call/agent-events", EVENT),
    "disposition": ("POST", "/v1/calls/no-such-call/disposition", DISPOSITION),
    "csat": ("POST", "/v1/calls/no-such-call/csat", {"score": 5}),
    "metrics": ("GET", "/v1/metrics", None),
    "prometheus": ("GET", "/metrics", None),
    "reviews": ("GET", "/v1/reviews", None),
    "staffing": ("GET", "/v1/staffing", None),
    "trends": ("GET", "/v1/trends", None),
    "live": ("GET", "/v1/live", None),
    "whatif": ("POST", "/v1/whatif", {}),
    "codec": ("POST", "/codec/decode", {"payloads": []}),
    "desk": ("GET", "/desk/api/me", None),
    "dashboard page": ("GET", "/dashboard", None),  # the page is open; its data calls are the operator rows
}
GATEWAY_ROWS = ("start", "turn", "hangup", "csat")
OPERATOR_ROWS = ("metrics", "prometheus", "reviews", "staffing", "trends", "live", "whatif", "codec")


def _matrix(gateway: str, read: str, report: str, operator: str, desk: str) -> dict[str, str]:
    rows = {name: gateway for name in GATEWAY_ROWS} | {name: operator for name in OPERATOR_ROWS}
    return rows | {
        "read call": read,
        "agent event": report,
        "disposition": report,
        "desk": desk,
        "dashboard page": "PPPPPPP",
    }


# Each code is one character per credential, in CREDENTIALS' order:
#   gateway key, helpdesk key, operator key, agent A, agent B, no key, a wrong key.
# A key whose list is not configured is just an unknown key (401).
CONFIGS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    # Every credential its own list: each sees only its own endpoints.
    "helpdesk and operator keys set": (
        {"api_keys": GW, "helpdesk_keys": HD, "operator_keys": OP},
        _matrix(gateway="P333311", read="P33PP11", report="3P3PP11", operator="33P3311", desk="333PP11"),
    ),
    # Only API keys: they also serve as helpdesk and operator keys (the contract run's configuration).
    "API keys only (fallback)": (
        {"api_keys": GW},
        _matrix(gateway="P113311", read="P11PP11", report="P11PP11", operator="P113311", desk="311PP11"),
    ),
    "operator keys set, helpdesk keys unset": (
        {"api_keys": GW, "operator_keys": OP},
        _matrix(gateway="P133311", read="P13PP11", report="P13PP11", operator="31P3311", desk="313PP11"),
    ),
    "helpdesk keys set, operator keys unset": (
        {"api_keys": GW, "helpdesk_keys": HD},
        _matrix(gateway="P313311", read="P31PP11", report="3P1PP11", operator="P313311", desk="331PP11"),
    ),
}

Api = tuple[Line, httpx.AsyncClient]
MakeApi = Callable[..., AbstractAsyncContextManager[Api]]


@pytest.fixture
def make_api(temporal_env: WorkflowEnvironment, tmp_path: Path) -> MakeApi:
    """A line whose helpdesk is the built-in desk (so offers ring agents) and an API, with the given keys."""

    @asynccontextmanager
    async def make(**keys: str) -> AsyncIterator[Api]:
        async with running_line(
            temporal_env.client,
            tmp_path,
            None,
            policy=policy_file(tmp_path, queues=QUEUES),
            agent_tokens=TOKENS,
            queue_id_prefix=f"q{uuid.uuid4().hex[:8]}-",
            **keys,
        ) as line:
            app = create_app(line.settings)
            app.state.warmline.client = temporal_env.client
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://warmline", timeout=30) as http:
                yield line, http

    return make


def _auth(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


def _code(status: int) -> str:
    return {401: "1", 403: "3"}.get(status, "P")


@pytest.mark.parametrize("config", list(CONFIGS))
async def test_role_matrix(make_api: MakeApi, config: str) -> None:
    keys, matrix = CONFIGS[config]
    assert set(matrix) == set(ENDPOINTS)
    wrong: list[str] = []
    async with make_api(**keys) as (_, http):
        for name, (method, path, body) in ENDPOINTS.items():
            got = ""
            for who, token in CREDENTIALS:
                r = await http.request(method, path, json=body, headers=_auth(token))
                got += _code(r.status_code)
                if r.status_code in (401, 403):
                    assert isinstance(r.json()["detail"], str) and r.json()["detail"]
                if r.status_code == 401 and not path.startswith("/desk"):
                    assert r.headers["www-authenticate"] == "Bearer"
                assert r.status_code < 500, f"{name} with {who}: {r.status_code} {r.text}"
            if got != matrix[name]:
                wrong.append(f"{name}: want {matrix[name]}, got {got}")
    assert not wrong, f"{config} (columns: {[c for c, _ in CREDENTIALS]}):\n" + "\n".join(wrong)


async def test_a_403_names_the_credential_the_endpoint_needs(make_api: MakeApi) -> None:
    async with make_api(api_keys=GW, helpdesk_keys=HD, operator_keys=OP) as (_, http):
        r = await http.post("/v1/calls/no-such-call/agent-events", json=EVENT, headers=_auth(GW))
        assert r.status_code == 403
        assert "WARMLINE_HELPDESK_KEYS" in r.json()["detail"] and "gateway key" in r.json()["detail"]
        r = await http.get("/v1/metrics", headers=_auth(GW))
        assert r.status_code == 403 and "WARMLINE_OPERATOR_KEYS" in r.json()["detail"]
        r = await http.post("/v1/calls", json={"caller": {}}, headers=_auth(OP))
        assert r.status_code == 403 and "WARMLINE_API_KEYS" in r.json()["detail"]
        r = await http.get("/desk/api/me", headers=_auth(GW))
        assert r.status_code == 403 and "agent token" in r.json()["detail"]
        # Unknown and missing keys stay 401, with nothing about which lists exist.
        r = await http.get("/v1/metrics", headers=_auth("nope-nope"))
        assert (r.status_code, r.json()["detail"]) == (401, "invalid API key")


def test_unset_helpdesk_and_operator_keys_fall_back_to_the_api_keys() -> None:
    keys = role_keys(Settings(api_keys="a,b"))
    assert keys == {Role.GATEWAY: ["a", "b"], Role.HELPDESK: ["a", "b"], Role.OPERATOR: ["a", "b"]}
    keys = role_keys(Settings(api_keys="a", helpdesk_keys=" h1 , h2", operator_keys="o"))
    assert keys == {Role.GATEWAY: ["a"], Role.HELPDESK: ["h1", "h2"], Role.OPERATOR: ["o"]}


async def test_every_v1_and_codec_operation_declares_its_credentials(make_api: MakeApi) -> None:
    """No endpoint is open by accident: each names its key schemes, and may answer 401 and 403."""
    async with make_api(api_keys=GW) as (_, http):
        schema = (await http.get("/openapi.json")).json()
    schemes = schema["components"]["securitySchemes"]
    assert {"GatewayKey", "HelpdeskKey", "OperatorKey", "AgentToken"} <= set(schemes)
    for path, item in schema["paths"].items():
        if not path.startswith(("/v1", "/codec", "/desk/api", "/metrics")):
            continue
        for method, op in item.items():
            assert op.get("security"), f"{method.upper()} {path} declares no credential"
            assert {"401", "403"} <= set(op["responses"]), f"{method.upper()} {path}"
    names = {
        (m, p): {next(iter(s)) for s in op["security"]}
        for p, item in schema["paths"].items()
        for m, op in item.items()
        if "security" in op
    }
    assert names["get", "/v1/calls/{call_id}"] == {"GatewayKey", "AgentToken"}
    assert names["post", "/v1/calls/{call_id}/agent-events"] == {"HelpdeskKey", "AgentToken"}
    assert names["post", "/v1/calls/{call_id}/csat"] == {"GatewayKey"}
    assert names["get", "/v1/metrics"] == {"OperatorKey"}
    assert names["get", "/metrics"] == {"OperatorKey"}


async def test_an_agent_sees_and_reports_only_the_calls_offered_to_them(make_api: MakeApi) -> None:
    async with make_api(api_keys=GW, helpdesk_keys=HD, operator_keys=OP) as (line, http):
        ann, bob = _auth(ANN_TOKEN), _auth(BOB_TOKEN)
        await http.post("/desk/api/presence", json={"status": "available"}, headers=ann)  # bob stays away
        call_id = await escalate(line)
        me = await eventually(lambda: http.get("/desk/api/me", headers=ann), lambda r: r.json()["offer"] is not None)
        context_id = me.json()["offer"]["context"]["context_id"]

        # Ringing A: A reads it; B gets exactly what an unknown call gets.
        assert (await http.get(f"/v1/calls/{call_id}", headers=ann)).json()["status"] == "transferring"
        unknown = await http.get("/v1/calls/call-that-never-was", headers=bob)
        hidden = await http.get(f"/v1/calls/{call_id}", headers=bob)
        assert hidden.status_code == unknown.status_code == 404
        assert hidden.json()["detail"] == f"no call with id {call_id!r}"

        # B can report nothing on it, and A reports only as A.
        bob_event = {"type": "agent_connected", "agent_id": "bob"}
        assert (await http.post(f"/v1/calls/{call_id}/agent-events", json=bob_event, headers=bob)).status_code == 404
        bob_disp = {**DISPOSITION, "agent_id": "bob"}
        assert (await http.post(f"/v1/calls/{call_id}/disposition", json=bob_disp, headers=bob)).status_code == 404
        as_bob = await http.post(f"/v1/calls/{call_id}/agent-events", json=bob_event, headers=ann)
        assert as_bob.status_code == 403 and "'ann'" in as_bob.json()["detail"]
        # The gateway key cannot say who answered once helpdesk keys are set.
        assert (await http.post(f"/v1/calls/{call_id}/agent-events", json=EVENT, headers=_auth(GW))).status_code == 403

        # The desk: B cannot take A's offer or wrap up A's call.
        assert (await http.post(f"/desk/api/offers/{context_id}/accept", headers=bob)).status_code == 409
        wrap = {"codes": ["none"], "repeat_explanation": False}
        assert (await http.post(f"/desk/api/calls/{call_id}/wrap-up", json=wrap, headers=bob)).status_code == 409
        assert (await line.state(call_id)).status == Status.TRANSFERRING

        # A takes it; B still sees nothing, and still cannot wrap it up.
        assert (await http.post(f"/desk/api/offers/{context_id}/accept", headers=ann)).status_code == 200
        assert (await http.get(f"/v1/calls/{call_id}", headers=ann)).json()["status"] == "with_agent"
        assert (await http.get(f"/v1/calls/{call_id}", headers=bob)).status_code == 404
        assert (await http.post(f"/desk/api/calls/{call_id}/wrap-up", json=wrap, headers=bob)).status_code == 409

        # A finishes over /v1 with the agent token, as a script on the agent's machine would.
        done = {"type": "agent_completed", "agent_id": "ann"}
        assert (await http.post(f"/v1/calls/{call_id}/agent-events", json=done, headers=ann)).status_code == 202
        assert (await http.post(f"/v1/calls/{call_id}/disposition", json=DISPOSITION, headers=ann)).status_code == 202
        st = await line.state(call_id)
        assert st.status == Status.WRAP_UP and st.agent_id == "ann" and st.disposition is not None
        assert (await http.get(f"/v1/calls/{call_id}", headers=ann)).status_code == 200  # still theirs
        assert (await http.get(f"/v1/calls/{call_id}", headers=_auth(GW))).status_code == 200  # the gateway: any call
        # A helpdesk key passes authentication (the call then says the disposition is already recorded).
        again = await http.post(f"/v1/calls/{call_id}/disposition", json=DISPOSITION, headers=_auth(HD))
        assert again.status_code == 409


async def test_an_agent_cannot_read_a_call_that_never_reached_an_agent(make_api: MakeApi) -> None:
    async with make_api(api_keys=GW) as (line, http):
        call_id = await line.start()
        await line.turn(call_id, "what time do you open")
        assert (await http.get(f"/v1/calls/{call_id}", headers=_auth(GW))).status_code == 200
        assert (await http.get(f"/v1/calls/{call_id}", headers=_auth(ANN_TOKEN))).status_code == 404
        # With only API keys, the gateway key still reports agent events (the contract run does).
        r = await http.post(f"/v1/calls/{call_id}/agent-events", json=EVENT, headers=_auth(GW))
        assert r.status_code == 409  # past authentication: the call is not being transferred


NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def _queue(offer: dict[str, Any] | None, agents: list[dict[str, Any]]) -> QueueSnapshot:
    offers = [Offer(context_id="ctx-1", call_id="c1", queue="complex", **offer)] if offer is not None else []
    return QueueSnapshot(
        queue="complex",
        skills=[],
        ring_s=20,
        at=NOW,
        agents=[Agent(**a) for a in agents],
        offers=offers,
        stats=QueueStats(),
    )


def _call(agent_id: str | None = None, escalated: bool = True) -> CallState:
    esc = Escalation(
        reason=Reason.CUSTOMER_REQUEST, detail="", turn=1, queue="complex", context_id="ctx-1", requested_at=NOW
    )
    return CallState(call_id="c1", agent_id=agent_id, escalation=esc if escalated else None)


#  call, queue snapshot (None: no queue workflow), whether ann may read it, whether ann may report on it
OFFERED_CASES: list[tuple[str, CallState, QueueSnapshot | None, bool, bool]] = [
    ("never escalated", _call(escalated=False), None, False, False),
    ("taken by ann (agent_connected)", _call(agent_id="ann"), None, True, True),
    ("taken by bob", _call(agent_id="bob"), _queue(None, [{"agent_id": "ann"}]), False, False),
    ("ringing ann", _call(), _queue({"ringing": "ann"}, [{"agent_id": "ann", "ringing": "ctx-1"}]), True, True),
    ("ringing bob", _call(), _queue({"ringing": "bob"}, [{"agent_id": "ann"}]), False, False),
    ("rang out on ann, waiting", _call(), _queue({"missed_by": ["ann"]}, []), True, False),
    (
        "accepted by ann, call not told yet",
        _call(),
        _queue(None, [{"agent_id": "ann", "context_id": "ctx-1"}]),
        True,
        True,
    ),
    ("accepted by bob", _call(), _queue(None, [{"agent_id": "bob", "context_id": "ctx-1"}]), False, False),
    ("no queue workflow (another helpdesk)", _call(), None, False, False),
]


@pytest.mark.parametrize(("case", "call", "snap", "reads", "reports"), OFFERED_CASES, ids=[c[0] for c in OFFERED_CASES])
async def test_what_offered_to_an_agent_means(
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    call: CallState,
    snap: QueueSnapshot | None,
    reads: bool,
    reports: bool,
) -> None:
    async def fake_snapshot(client: Any, settings: Settings, queue: str) -> QueueSnapshot | None:
        assert queue == "complex"
        return snap

    monkeypatch.setattr(desk_auth, "snapshot", fake_snapshot)
    settings = Settings()
    assert await desk_auth.agent_on_call(None, settings, call, "ann") is reads  # type: ignore[arg-type]
    assert await desk_auth.agent_on_call(None, settings, call, "ann", missed=False) is reports  # type: ignore[arg-type]


async def test_an_oversized_body_is_413_whoever_sends_it(make_api: MakeApi) -> None:
    """The size limit runs before authentication: nobody, keyed or not, gets 1 MiB parsed."""
    big = b'{"text": "' + b"a" * (1024 * 1024) + b'"}'

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: the body is counted as it is read
        for i in range(0, len(big), 65536):
            yield big[i : i + 65536]

    async with make_api(api_keys=GW, helpdesk_keys=HD, operator_keys=OP) as (_, http):
        for token in (GW, HD, ANN_TOKEN, None, "wrong-key-x"):
            r = await http.post("/v1/calls/no-such-call/turns", content=big, headers=_auth(token))
            assert (r.status_code, r.json()["detail"]) == (413, "request body over 1 MiB")
        r = await http.post("/v1/calls/no-such-call/agent-events", content=chunks(), headers=_auth(HD))
        assert r.status_code == 413


@pytest.mark.parametrize("given", [GW, "gw-key-0002", HD, OP, ANN_TOKEN, BOB_TOKEN, "x", "not-a-key-at-all" * 10])
def test_every_key_is_compared_in_constant_time_whichever_matches(monkeypatch: pytest.MonkeyPatch, given: str) -> None:
    """One `hmac.compare_digest` per configured key and token, of equal-length digests, however early a match is."""
    settings = Settings(
        api_keys=f"{GW},gw-key-0002", helpdesk_keys=HD, operator_keys=f"{OP},op-key-0002", agent_tokens=TOKENS
    )
    compared: list[tuple[int, int]] = []
    real = hmac.compare_digest

    def counting(a: bytes, b: bytes) -> bool:
        compared.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(deps.hmac, "compare_digest", counting)
    deps.identify(settings, given)
    assert len(compared) == 2 + 1 + 2 + 2  # gateway, helpdesk, operator keys, agent tokens
    assert all(a == b == 32 for a, b in compared)
