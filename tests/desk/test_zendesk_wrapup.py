"""A Zendesk ticket's wrap-up comes back as the call's disposition: a signed webhook on solve, end to end.

The call escalates through the Zendesk adapter (a ticket on the fake Zendesk), the agent's leg ends and
the call is recorded without a disposition; then the agent solves the ticket with the disposition field
set, the fake sends the trigger's webhook signed as Zendesk signs it, and `/v1/metrics` counts the code.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import NamedTuple

import httpx
import pytest
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from store.engine import get_engine
from store.queries import get_ticket
from tests.desk.fake_zendesk import FakeZendesk, serving
from tests.line import Line, policy_file
from warmline.models import AgentEvent, Csat
from warmline.policy_file import load_policy
from warmline.records import RecordResult
from warmline.settings import Settings
from worker import build_worker
from workflows.call import CallWorkflow
from workflows.disposition import DispositionWorkflow

SECRET = "zd-signing-secret"
FIELD = 360099
# The trigger's JSON body, as docs/metrics.md tells an admin to paste it (placeholders rendered by Zendesk).
TEMPLATE = (
    '{"ticket": {"id": "{{ticket.id}}", "external_id": "{{ticket.external_id}}", "status": "{{ticket.status}}", '
    '"custom_fields": [{"id": 360099, "value": "{{ticket.ticket_field_360099}}"}]}, "agent": "{{current_user.email}}"}'
)


class Solved(NamedTuple):
    zendesk: FakeZendesk
    http: httpx.AsyncClient
    line: Line
    call_id: str
    ticket: int


@pytest.fixture
def zendesk() -> Iterator[FakeZendesk]:
    with serving() as fake:
        yield fake


@pytest.fixture
async def recorded(zendesk: FakeZendesk, temporal_env: WorkflowEnvironment, tmp_path: Path) -> AsyncIterator[Solved]:
    """A call escalated to a Zendesk ticket, talked to an agent and recorded with no disposition of its own."""
    policy = policy_file(tmp_path, wrap_up={"wait_s": 1})
    settings = zendesk.settings(tmp_path, policy, zendesk_webhook_secret=SECRET, zendesk_field_disposition=FIELD)
    async with build_worker(temporal_env.client, settings, load_policy(policy)):
        line = Line(temporal_env.client, settings, None)
        app = create_app(settings)
        app.state.warmline.client = temporal_env.client
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://warmline") as http:
            call_id = await line.start()
            r = await line.turn(call_id, "agent please")
            assert r.transfer is not None and r.transfer.helpdesk_ticket is not None
            h = line.handle(call_id)
            for kind in ("agent_connected", "agent_completed"):
                await h.signal(CallWorkflow.agent_event, AgentEvent(type=kind, agent_id="zd-agent"))
            await h.signal(CallWorkflow.csat, Csat(score=3))
            await h.result()  # the wrap-up wait runs out: recorded without a disposition
            yield Solved(zendesk, http, line, call_id, int(r.transfer.helpdesk_ticket))


async def _post(s: Solved, headers: dict[str, str], body: bytes) -> httpx.Response:
    return await s.http.post("/zendesk/wrap-up", headers=headers, content=body)


async def test_a_solved_tickets_code_is_counted_as_the_calls_disposition_once(recorded: Solved) -> None:
    s = recorded
    noted = await get_ticket(await get_engine(s.line.settings.db_url), str(s.ticket))
    assert noted is not None and noted.call_id == s.call_id  # what the adapter kept when it created the ticket
    before = (await s.http.get("/v1/metrics")).json()["dispositions"]
    assert before["coded_calls"] == 0

    s.zendesk.solve(s.ticket, FIELD, "ai_lacked_knowledge")
    hook = s.zendesk.webhook(s.ticket, TEMPLATE, SECRET)
    r = await _post(s, hook.headers, hook.body)
    assert r.status_code == 202, r.text
    assert r.json() == {
        "ticket_id": str(s.ticket),
        "status": "recorded",
        "call_id": s.call_id,
        "codes": ["ai_lacked_knowledge"],
    }
    written: WorkflowHandle[DispositionWorkflow, RecordResult]
    written = s.line.client.get_workflow_handle_for(DispositionWorkflow.run, f"disposition-zendesk-{s.ticket}")
    await written.result()
    again = await _post(s, hook.headers, hook.body)  # Zendesk retries: accepted, nothing new
    assert again.status_code == 202 and again.json()["status"] == "duplicate"

    d = (await s.http.get("/v1/metrics")).json()["dispositions"]
    assert d["coded_calls"] == 1 and d["by_source"] == {"zendesk": 1}
    assert d["by_code"]["ai_lacked_knowledge"] == 1
    assert sum(d["by_queue"]["complex"].values()) == 1


async def test_bad_signatures_unknown_tickets_and_bad_codes_are_refused(recorded: Solved) -> None:
    s = recorded
    s.zendesk.solve(s.ticket, FIELD, "ai_was_rude")
    hook = s.zendesk.webhook(s.ticket, TEMPLATE, SECRET)
    unsigned = {k: v for k, v in hook.headers.items() if "Signature" not in k}
    assert (await _post(s, unsigned, hook.body)).status_code == 401
    forged = s.zendesk.webhook(s.ticket, TEMPLATE, "not-the-secret")
    assert (await _post(s, forged.headers, forged.body)).status_code == 403
    tampered = await _post(s, hook.headers, hook.body.replace(b"ai_was_rude", b"ai_over_escalated"))
    assert tampered.status_code == 403

    bad = await _post(s, hook.headers, hook.body)
    assert bad.status_code == 422 and "'ai_was_rude' is not a disposition code" in bad.json()["detail"]

    s.zendesk.tickets[s.ticket]["id"] = 99999  # a ticket this line never created
    s.zendesk.tickets[99999] = s.zendesk.tickets[s.ticket]
    s.zendesk.solve(99999, FIELD, ["none"])
    unknown = s.zendesk.webhook(99999, TEMPLATE, SECRET)
    r = await _post(s, unknown.headers, unknown.body)
    assert r.status_code == 404 and "99999" in r.json()["detail"]

    s.zendesk.tickets[99999]["status"] = "open"
    still_open = s.zendesk.webhook(99999, TEMPLATE, SECRET)
    assert (await _post(s, still_open.headers, still_open.body)).json()["status"] == "ignored"
    garbage = s.zendesk.webhook(s.ticket, '{"ticket": "{{ticket.id}}"}', SECRET)
    assert (await _post(s, garbage.headers, garbage.body)).status_code == 422
    assert (await s.http.get("/v1/metrics")).json()["dispositions"]["coded_calls"] == 0


def test_a_webhook_secret_without_the_disposition_field_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match="WARMLINE_ZENDESK_FIELD_DISPOSITION"):
        Settings(zendesk_webhook_secret=SECRET).check()
