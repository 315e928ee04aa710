"""One call end to end with the store on PostgreSQL: the worker records it, the API's metrics read it."""

from __future__ import annotations

import uuid

from store.engine import dispose_all, get_engine
from store.queries import get_call
from tests.line import MakeLine, api_client
from tests.postgres.conftest import Postgres


async def test_escalated_call_is_recorded_in_postgres_and_counted(postgres: Postgres, make_line: MakeLine) -> None:
    url = postgres.url(await postgres.create_database())
    async with make_line(database_url=url) as line:
        async with api_client(line) as http:
            cid = f"pg-{uuid.uuid4().hex[:8]}"
            assert (await http.post("/v1/calls", json={"call_id": cid, "caller": {}})).status_code == 201
            r = await http.post(f"/v1/calls/{cid}/turns", json={"text": "can I speak to a real person"})
            assert r.json()["action"] == "transfer"
            for kind in ("agent_connected", "agent_completed"):
                await http.post(f"/v1/calls/{cid}/agent-events", json={"type": kind, "agent_id": "a1"})
            body = {"agent_id": "a1", "codes": ["ai_over_escalated"], "repeat_explanation": True}
            await http.post(f"/v1/calls/{cid}/disposition", json=body)
            await http.post(f"/v1/calls/{cid}/csat", json={"score": 2})
            await line.handle(cid).result()
            metrics = (await http.get("/v1/metrics")).json()
    try:
        rec = await get_call(await get_engine(url), cid)
    finally:
        await dispose_all()
    assert rec is not None and rec.reason is not None and rec.reason.value == "customer_request" and rec.csat == 2
    assert metrics["calls"] == 1 and metrics["escalation_rate"]["numerator"] == 1
    assert metrics["repeat_explanation_rate"]["numerator"] == 1
