"""HTTP API v1 as the contract specifies it (docs/architecture.md): status codes, bodies, idempotency, keys."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from tests.api.conftest import Api


async def _start(api: Api, **body: object) -> str:
    r = await api.http.post("/v1/calls", json={"caller": {"number": "+15550123"}, **body})
    assert r.status_code == 201, r.text
    return str(r.json()["call_id"])


async def test_start_returns_greeting_and_repeat_returns_same_call(api: Api) -> None:
    cid = f"c-{uuid.uuid4().hex[:8]}"
    r1 = await api.http.post("/v1/calls", json={"call_id": cid, "caller": {}})
    r2 = await api.http.post("/v1/calls", json={"call_id": cid, "caller": {}})
    assert (r1.status_code, r2.status_code) == (201, 200)
    assert (
        r1.json()
        == r2.json()
        == {
            "call_id": cid,
            "action": "reply",
            "say": "Thanks for calling Brightwave Broadband. How can I help you today?",
        }
    )


async def test_turn_reply_then_state_shows_transcript(api: Api) -> None:
    cid = await _start(api)
    r = await api.http.post(f"/v1/calls/{cid}/turns", json={"text": "can I pay by card?", "asr_confidence": 0.95})
    body = r.json()
    assert r.status_code == 200 and body["action"] == "reply" and body["turn"] == 1 and body["transfer"] is None
    st = (await api.http.get(f"/v1/calls/{cid}")).json()
    assert st["status"] == "ai" and st["intent"]["name"] == "payment_methods" and st["authenticated"] is False
    assert [u["speaker"] for u in st["transcript"]] == ["ai", "caller", "ai"]
    assert st["escalation"] is None


async def test_transfer_then_turns_are_409(api: Api) -> None:
    cid = await _start(api)
    r = await api.http.post(f"/v1/calls/{cid}/turns", json={"text": "I want to speak to a real person"})
    t = r.json()["transfer"]
    assert r.json()["action"] == "transfer" and t["reason"] == "customer_request" and t["context_delivered"]
    assert set(t) >= {"queue", "reason", "context_id", "context_delivered", "helpdesk_ticket"}
    r = await api.http.post(f"/v1/calls/{cid}/turns", json={"text": "hello?"})
    assert r.status_code == 409 and "detail" in r.json()
    st = (await api.http.get(f"/v1/calls/{cid}")).json()
    assert st["status"] == "transferring" and st["escalation"]["reason"] == "customer_request"


async def test_concurrent_retries_of_one_turn_id_apply_once(api: Api) -> None:
    cid = await _start(api)
    body = {"text": "what are your opening hours", "turn_id": "t-1"}
    results = await asyncio.gather(*[api.http.post(f"/v1/calls/{cid}/turns", json=body) for _ in range(3)])
    assert {r.status_code for r in results} == {200} and {r.json()["turn"] for r in results} == {1}
    st = (await api.http.get(f"/v1/calls/{cid}")).json()
    assert sum(1 for u in st["transcript"] if u["speaker"] == "caller") == 1


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("turns", {"text": ""}, 422),
        ("turns", {}, 422),
        ("turns", {"text": "x" * 4001}, 422),
        ("turns", {"text": "hi", "asr_confidence": 1.5}, 422),
        ("turns", {"text": "hi", "unknown": 1}, 422),
        ("csat", {"score": 9}, 422),
        ("csat", {"score": 0}, 422),
        ("disposition", {"agent_id": "a1", "codes": ["made_up_code"], "repeat_explanation": False}, 422),
        ("disposition", {"agent_id": "a1", "codes": [], "repeat_explanation": False}, 422),
        ("agent-events", {"type": "agent_danced", "agent_id": "a1"}, 422),
    ],
)
async def test_invalid_bodies_are_422_with_detail(api: Api, path: str, body: dict[str, object], status: int) -> None:
    cid = await _start(api)
    r = await api.http.post(f"/v1/calls/{cid}/{path}", json=body)
    assert r.status_code == status and isinstance(r.json()["detail"], str) and r.json()["detail"]


async def test_malformed_json_is_422(api: Api) -> None:
    r = await api.http.post("/v1/calls", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and "detail" in r.json()


async def test_oversized_body_is_413(api: Api) -> None:
    r = await api.http.post(
        "/v1/calls", content=b"{" + b" " * (1024 * 1024 + 10) + b"}", headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 413


async def test_unknown_call_is_404(api: Api) -> None:
    for method, path, body in [
        ("POST", "/v1/calls/nope-x/turns", {"text": "hi"}),
        ("GET", "/v1/calls/nope-x", None),
        ("POST", "/v1/calls/nope-x/hangup", None),
        ("POST", "/v1/calls/nope-x/csat", {"score": 3}),
    ]:
        r = await api.http.request(method, path, json=body)
        assert r.status_code == 404, (path, r.text)
        assert "detail" in r.json()


async def test_wrong_phase_messages_are_409(api: Api) -> None:
    cid = await _start(api)
    r = await api.http.post(
        f"/v1/calls/{cid}/disposition", json={"agent_id": "a", "codes": ["none"], "repeat_explanation": False}
    )
    assert r.status_code == 409  # never escalated
    r = await api.http.post(f"/v1/calls/{cid}/agent-events", json={"type": "agent_completed", "agent_id": "a"})
    assert r.status_code == 409


async def test_ended_call_stays_readable_and_refuses_everything(api: Api) -> None:
    cid = await _start(api)
    await api.http.post(f"/v1/calls/{cid}/turns", json={"text": "can I pay by card?"})
    assert (await api.http.post(f"/v1/calls/{cid}/hangup")).status_code == 202
    assert (await api.http.post(f"/v1/calls/{cid}/csat", json={"score": 5})).status_code == 202
    await api.line.handle(cid).result()
    st = await api.http.get(f"/v1/calls/{cid}")
    assert st.status_code == 200 and st.json()["status"] == "ended" and st.json()["transcript"]
    for path, body in [("turns", {"text": "hi"}), ("csat", {"score": 3}), ("hangup", None)]:
        r = await api.http.post(f"/v1/calls/{cid}/{path}", json=body)
        assert r.status_code == 409, (path, r.text)


async def test_full_escalated_call_feeds_metrics(api: Api) -> None:
    cid = await _start(api)
    r = await api.http.post(f"/v1/calls/{cid}/turns", json={"text": "somebody has hacked my account"})
    assert r.json()["transfer"]["reason"] == "out_of_scope"
    for ev in ("agent_connected", "agent_completed"):
        assert (
            await api.http.post(f"/v1/calls/{cid}/agent-events", json={"type": ev, "agent_id": "ag7"})
        ).status_code == 202
    assert (
        await api.http.post(
            f"/v1/calls/{cid}/disposition", json={"agent_id": "ag7", "codes": ["none"], "repeat_explanation": True}
        )
    ).status_code == 202
    assert (await api.http.post(f"/v1/calls/{cid}/csat", json={"score": 2})).status_code == 202
    await api.line.handle(cid).result()
    m = (await api.http.get("/v1/metrics")).json()
    assert m["calls"] >= 1 and m["escalation_reasons"]["out_of_scope"] >= 1
    for key in ("escalation_rate", "repeat_explanation_rate", "csat", "agent_handle_time_s", "escalation_reasons"):
        assert key in m
    assert m["repeat_explanation_rate"]["numerator"] >= 1


async def test_metrics_bad_window_is_422(api: Api) -> None:
    r = await api.http.get("/v1/metrics", params={"since": "2026-01-02T00:00:00Z", "until": "2026-01-01T00:00:00Z"})
    assert r.status_code == 422
    r = await api.http.get("/v1/metrics", params={"since": "yesterday-ish"})
    assert r.status_code == 422


async def test_keys_are_required_when_configured(api: Api) -> None:
    transport = api.http._transport
    async with httpx.AsyncClient(transport=transport, base_url="http://warmline") as anon:
        assert (await anon.post("/v1/calls", json={"caller": {}})).status_code == 401
        assert (await anon.get("/v1/metrics")).status_code == 401
        bad = {"Authorization": "Bearer wrong"}
        assert (await anon.post("/v1/calls", json={"caller": {}}, headers=bad)).status_code == 401
        assert (await anon.get("/healthz")).status_code == 200


async def _raw_history(api: Api, call_id: str) -> bytes:
    """The call's history as the server keeps it (to_json() would show every payload as base64)."""
    return b"".join(e.SerializeToString() for e in (await api.line.handle(call_id).fetch_history()).events)


async def test_card_numbers_are_redacted_before_anything_is_recorded(api: Api) -> None:
    cid = await _start(api)
    await api.http.post(
        f"/v1/calls/{cid}/turns", json={"text": "my card is 4111 1111 1111 1111 and the security code is 123"}
    )
    st = (await api.http.get(f"/v1/calls/{cid}")).json()
    said = st["transcript"][1]["text"]
    assert "4111" not in said and "[redacted:card]" in said and "[redacted:cvv]" in said
    assert b"4111 1111" not in await _raw_history(api, cid)


async def test_a_card_read_out_in_halves_never_enters_and_the_caller_is_told(api: Api) -> None:
    cid = await _start(api)
    first = await api.http.post(f"/v1/calls/{cid}/turns", json={"text": "I'm paying by card, it starts 5500 0000"})
    second = await api.http.post(
        f"/v1/calls/{cid}/turns", json={"text": "then the rest of the card number is 0000 0004, code on the back 737"}
    )
    for r in (first, second):
        assert r.status_code == 200 and r.json()["say"].startswith("Please don't read card details out")
    st = (await api.http.get(f"/v1/calls/{cid}")).json()
    heard = " ".join(u["text"] for u in st["transcript"] if u["speaker"] == "caller")
    assert heard.count("[redacted:card]") == 2 and "[redacted:cvv]" in heard
    history = await _raw_history(api, cid)
    assert b"5500 0000" not in history and b"0000 0004" not in history and b"back 737" not in history


@pytest.mark.parametrize(
    ("carry_on", "recorded"), [("0 0 0 0 0 0 0 4", "[redacted:card]"), ("it's 737", "it's [redacted:cvv]")]
)
async def test_digits_read_after_the_ai_warned_about_card_details_never_enter(
    api: Api, carry_on: str, recorded: str
) -> None:
    cid = await _start(api)
    turn = f"/v1/calls/{cid}/turns"
    ordinary = await api.http.post(turn, json={"text": "what are your opening hours on the 1500 line"})
    warned = await api.http.post(turn, json={"text": "I'm paying by card, it starts 5500 0000"})
    assert ordinary.status_code == warned.status_code == 200
    assert warned.json()["say"].startswith("Please don't read card details out")
    # The caller carries on regardless, with no keyword: the rest of the number digit by digit, or the code.
    assert (await api.http.post(turn, json={"text": carry_on})).status_code == 200
    st = (await api.http.get(f"/v1/calls/{cid}")).json()
    heard = [u["text"] for u in st["transcript"] if u["speaker"] == "caller"]
    assert heard == [
        "what are your opening hours on the 1500 line",
        "I'm paying by card, it starts [redacted:card]",
        recorded,
    ]
    assert carry_on.encode() not in await _raw_history(api, cid)


async def test_an_agents_notes_are_redacted_like_a_callers_words(api: Api) -> None:
    cid = await _start(api)
    r = await api.http.post(f"/v1/calls/{cid}/turns", json={"text": "can I speak to a person please"})
    assert r.json()["action"] == "transfer"
    note = "caller insisted on reading 4111 1111 1111 1111 to me, security code 123"
    coded = {"agent_id": "ag7", "codes": ["none"], "repeat_explanation": False, "notes": note}
    assert (await api.http.post(f"/v1/calls/{cid}/disposition", json=coded)).status_code == 202
    st = await api.line.state(cid)
    assert st.disposition is not None and st.disposition.notes is not None
    assert "4111" not in st.disposition.notes and "[redacted:card]" in st.disposition.notes
    assert "[redacted:cvv]" in st.disposition.notes
