"""Handoff: from the escalating turn's request to the `transfer` answer, with a helpdesk that acks in 50 ms.

The split comes from timestamps, not estimates, all on this machine's clock:
the client's send and receive times, the workflow history's event times of the
`publish_context` activity (scheduled, completed), and the helpdesk's own
receive time. Segments (they add up to the total):

- context build: request sent → publish_context scheduled (HTTP, the update,
  understanding, the trigger check and building the context payload)
- publish: scheduled → the helpdesk has the POST (activity dispatch, signing, HTTP)
- ack wait: helpdesk received → activity completed in history (its 50 ms, the answer, the completion)
- transfer answer: activity completed → response at the gateway (the workflow wakes, the update completes)
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client

from bench.stats import percentile
from bench.turns import ESCALATING, UTTERANCES, end_call, new_call_id, start_call, take_turn

SEGMENTS = ("context_build", "publish", "ack_wait", "transfer_answer")


@dataclass
class Handoff:
    call_id: str
    total_ms: float
    context_build_ms: float
    publish_ms: float
    ack_wait_ms: float
    transfer_answer_ms: float
    workflow_ack_latency_ms: float | None  # the call state's escalation.ack_latency_s, as a cross-check


async def _publish_events(client: Client, call_id: str) -> tuple[float, float]:
    """Event times (unix s) of publish_context's ActivityTaskScheduled and ActivityTaskCompleted."""
    scheduled_id: int | None = None
    scheduled = completed = None
    async for ev in client.get_workflow_handle(call_id).fetch_history_events():
        t = ev.event_time.seconds + ev.event_time.nanos / 1e9
        if ev.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            if ev.activity_task_scheduled_event_attributes.activity_type.name == "publish_context":
                scheduled_id, scheduled = ev.event_id, t
        elif ev.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED and scheduled_id is not None:
            if ev.activity_task_completed_event_attributes.scheduled_event_id == scheduled_id:
                completed = t
    if scheduled is None or completed is None:
        raise RuntimeError(f"{call_id}: no completed publish_context in the history")
    return scheduled, completed


async def measure_handoffs(http: httpx.AsyncClient, client: Client, helpdesk_url: str, count: int) -> list[Handoff]:
    """`count` calls, one after another: an answered turn, then the caller asks for a person."""
    out: list[Handoff] = []
    for i in range(count):
        cid = new_call_id("handoff")
        await start_call(http, cid)
        first = await take_turn(http, cid, UTTERANCES[i % len(UTTERANCES)], f"{cid}-t1")
        if not first.ok:
            raise RuntimeError(f"{cid}: first turn failed: {first}")
        sent = time.time()
        r = await http.post(f"/v1/calls/{cid}/turns", json={"text": ESCALATING, "turn_id": f"{cid}-t2"})
        answered = time.time()
        body = r.json()
        if r.status_code != 200 or body.get("action") != "transfer":
            raise RuntimeError(f"{cid}: escalating turn answered {r.status_code} {body}")
        context_id = body["transfer"]["context_id"]
        async with httpx.AsyncClient() as desk:
            records = (await desk.get(f"{helpdesk_url}/records")).json()
        rec = next(x for x in records if x["context_id"] == context_id and x["event"] == "context")
        scheduled, completed = await _publish_events(client, cid)
        state = (await http.get(f"/v1/calls/{cid}")).json()
        ack_latency = (state.get("escalation") or {}).get("ack_latency_s")
        out.append(
            Handoff(
                call_id=cid,
                total_ms=(answered - sent) * 1000,
                context_build_ms=(scheduled - sent) * 1000,
                publish_ms=(rec["received"] - scheduled) * 1000,
                ack_wait_ms=(completed - rec["received"]) * 1000,
                transfer_answer_ms=(answered - completed) * 1000,
                workflow_ack_latency_ms=ack_latency * 1000 if ack_latency is not None else None,
            )
        )
        await end_call(http, cid)
    return out


def handoff_summary(hs: list[Handoff]) -> dict[str, dict[str, float]]:
    """p50/p90 of the total and of each segment, in ms."""
    rows = {"total": [h.total_ms for h in hs]} | {s: [getattr(h, f"{s}_ms") for h in hs] for s in SEGMENTS}
    acks = [h.workflow_ack_latency_ms for h in hs if h.workflow_ack_latency_ms is not None]
    if acks:
        rows["workflow_ack_latency"] = acks
    return {k: {"p50": percentile(v, 50), "p90": percentile(v, 90)} for k, v in rows.items()}
