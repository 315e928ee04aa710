"""`GET /v1/metrics` counts agents' disposition codes per code, query type and queue, after real calls."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api


async def _escalated_and_coded(api: Api, text: str, codes: list[str]) -> tuple[str, str]:
    """A call handed to an agent who codes it: its (query type, queue) as the call reports them."""
    cid = (await api.http.post("/v1/calls", json={"caller": {}})).json()["call_id"]
    r = (await api.http.post(f"/v1/calls/{cid}/turns", json={"text": text})).json()
    assert r["action"] == "transfer", r
    for ev in ("agent_connected", "agent_completed"):
        sent = await api.http.post(f"/v1/calls/{cid}/agent-events", json={"type": ev, "agent_id": "ag7"})
        assert sent.status_code == 202
    coded = {"agent_id": "ag7", "codes": codes, "repeat_explanation": False}
    assert (await api.http.post(f"/v1/calls/{cid}/disposition", json=coded)).status_code == 202
    assert (await api.http.post(f"/v1/calls/{cid}/csat", json={"score": 3})).status_code == 202
    await api.line.handle(cid).result()
    call = (await api.http.get(f"/v1/calls/{cid}")).json()
    return (call["intent"] or {}).get("name") or "unknown", r["transfer"]["queue"]


async def test_disposition_codes_are_counted_after_real_calls(api: Api) -> None:
    first = await _escalated_and_coded(api, "somebody has hacked my account", ["ai_lacked_knowledge"])
    second = await _escalated_and_coded(
        api, "I want to speak to a real person", ["ai_over_escalated", "ai_misidentified_intent"]
    )
    contained = (await api.http.post("/v1/calls", json={"caller": {}})).json()["call_id"]
    await api.http.post(f"/v1/calls/{contained}/turns", json={"text": "can I pay by card?"})
    await api.http.post(f"/v1/calls/{contained}/hangup")
    await api.http.post(f"/v1/calls/{contained}/csat", json={"score": 5})
    await api.line.handle(contained).result()

    m: dict[str, Any] = (await api.http.get("/v1/metrics")).json()
    d = m["dispositions"]
    assert d["coded_calls"] == 2
    assert d["by_code"] == {
        "ai_misidentified_intent": 1,
        "ai_lacked_knowledge": 1,
        "ai_integration_failure": 0,
        "ai_over_escalated": 1,
        "none": 0,
    }

    def total(groups: dict[str, dict[str, int]], key: str, code: str) -> int:
        return groups.get(key, {}).get(code, 0)

    for group, (query_type, queue) in (("ai_lacked_knowledge", first), ("ai_over_escalated", second)):
        assert total(d["by_query_type"], query_type, group) >= 1
        assert total(d["by_queue"], queue, group) >= 1
    assert sum(sum(codes.values()) for codes in d["by_queue"].values()) == 3
    assert sum(sum(codes.values()) for codes in d["by_query_type"].values()) == 3
    # Additive: the existing contract is untouched.
    assert m["calls"] == 3 and m["escalated"] == 2 and m["escalation_reasons"]["out_of_scope"] == 1

    narrowed = (await api.http.get("/v1/metrics", params={"queue": first[1]})).json()["dispositions"]
    assert narrowed["by_queue"].keys() == {first[1]}  # the filters narrow the counts too
