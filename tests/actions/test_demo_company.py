"""The demo policy's verify and balance actions against scripts/demo_company.py: the demo works end to end."""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from activities.actions import ActionActivities
from warmline.actions import ActionRequest
from warmline.policy_file import load_policy

ROOT = Path(__file__).resolve().parents[2]
DEMO = load_policy(ROOT / "policies" / "demo.yaml")


@pytest.fixture
def company_url() -> Iterator[str]:
    spec = importlib.util.spec_from_file_location("demo_company", ROOT / "scripts" / "demo_company.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    server = ThreadingHTTPServer(("127.0.0.1", 0), mod.Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


async def test_demo_verification_then_balance(company_url: str) -> None:
    auth = DEMO.authentication
    balance = DEMO.query_type("balance_enquiry")
    assert auth is not None and balance is not None and balance.action is not None
    acts = ActionActivities(company_url, env={"KESTREL_API_AUTH": "Bearer demo"})
    env = ActivityEnvironment()
    who = await env.run(
        acts.run_action,
        ActionRequest(
            call_id="c",
            turn=1,
            query_type="balance_enquiry",
            purpose="verify",
            action=auth.verify,
            values={"account_number": "12345678", "postcode": "SW1A1AA"},
        ),
    )
    req = ActionRequest(call_id="c", turn=1, query_type="balance_enquiry", action=balance.action, values=who.captured)
    assert (await env.run(acts.run_action, req)).reply == "Your balance is £23.40, due on 1 December."
    await acts.aclose()
    wrong_key = ActionActivities(company_url, env={"KESTREL_API_AUTH": "Bearer nope"})
    with pytest.raises(ApplicationError, match="HTTP 401"):
        await env.run(wrong_key.run_action, req)
    await wrong_key.aclose()
