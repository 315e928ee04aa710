"""The wrap-up's "should have been" query type: refused unless the live policy has it, kept with the call's record,
and read by the weekly review, which groups misread phrasings by meaning under the type agents chose."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.api.conftest import Api

SAID = ["somebody has hacked my account, can you check my bill", "someone broke into my account and my bill is wrong"]


async def _escalated(api: Api, text: str) -> str:
    cid = (await api.http.post("/v1/calls", json={"caller": {}})).json()["call_id"]
    r = (await api.http.post(f"/v1/calls/{cid}/turns", json={"text": text})).json()
    assert r["action"] == "transfer", r
    for ev in ("agent_connected", "agent_completed"):
        sent = await api.http.post(f"/v1/calls/{cid}/agent-events", json={"type": ev, "agent_id": "ag7"})
        assert sent.status_code == 202
    return cid


async def test_an_unknown_query_type_is_refused_naming_the_field_and_the_allowed_ones(api: Api) -> None:
    cid = await _escalated(api, SAID[0])
    body = {"agent_id": "ag7", "codes": ["ai_misidentified_intent"], "repeat_explanation": False}
    r = await api.http.post(f"/v1/calls/{cid}/disposition", json={**body, "intended_query_type": "billing_stuff"})
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert detail.startswith("intended_query_type: 'billing_stuff' is not a query type of this line; one of:")
    assert "bill_dispute" in detail and "opening_hours" in detail
    too_long = await api.http.post(f"/v1/calls/{cid}/disposition", json={**body, "intended_query_type": "x" * 65})
    assert too_long.status_code == 422
    # Nothing was recorded: the same wrap-up with a real query type is accepted afterwards.
    ok = await api.http.post(f"/v1/calls/{cid}/disposition", json={**body, "intended_query_type": "bill_dispute"})
    assert ok.status_code == 202
    await api.http.post(f"/v1/calls/{cid}/csat", json={"score": 3})
    await api.line.handle(cid).result()


async def test_the_chosen_query_type_is_stored_and_the_review_groups_by_it(api: Api) -> None:
    since = datetime.now(UTC) - timedelta(minutes=1)
    for text in SAID:
        cid = await _escalated(api, text)
        coded = {
            "agent_id": "ag7",
            "codes": ["ai_misidentified_intent"],
            "repeat_explanation": False,
            "intended_query_type": "bill_dispute",
        }
        assert (await api.http.post(f"/v1/calls/{cid}/disposition", json=coded)).status_code == 202
        await api.http.post(f"/v1/calls/{cid}/csat", json={"score": 3})
        await api.line.handle(cid).result()
        assert (await api.http.get(f"/v1/calls/{cid}")).json()["disposition"]["intended_query_type"] == "bill_dispute"

    period = {"since": since.isoformat(), "until": (datetime.now(UTC) + timedelta(minutes=1)).isoformat()}
    r = await api.http.post("/v1/reviews/run", json=period)
    assert r.status_code == 201, r.text
    (misread,) = [p for p in r.json()["patterns"] if p["kind"] == "misidentified_intent"]
    assert misread["count"] == 2 and misread["intended"] == "bill_dispute" and misread["intended_from"] == "agent"
    assert misread["key"].endswith(" → bill_dispute") and misread["phrasings"] == SAID
    assert "agents chose bill_dispute on 2 of 2" in misread["detail"]
    (add,) = [p for p in r.json()["proposals"] if p["kind"] == "add_examples"]
    assert add["target"] == "query_types[bill_dispute].examples" and add["proposed"] == SAID
    md = (await api.http.get(f"/v1/reviews/{r.json()['review_id']}", params={"format": "markdown"})).text
    assert "Agents chose: **bill_dispute**, from the agents' wrap-up choice" in md
