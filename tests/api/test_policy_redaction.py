"""The policy's own redaction patterns apply at the API edge, like card numbers."""

from __future__ import annotations

from pathlib import Path

import httpx
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from tests.fakes.helpdesk import FakeHelpdesk
from tests.line import policy_file, running_line


async def test_policy_patterns_are_redacted_before_the_turn_is_recorded(
    temporal_env: WorkflowEnvironment, tmp_path: Path
) -> None:
    policy = policy_file(tmp_path, redaction={"patterns": [{"name": "account", "regex": r"\bBW\d{6}\b"}]})
    with FakeHelpdesk() as desk:
        async with running_line(temporal_env.client, tmp_path, desk, policy=policy) as line:
            app = create_app(line.settings)
            app.state.warmline.client = temporal_env.client
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://w") as http:
                cid = (await http.post("/v1/calls", json={"caller": {}})).json()["call_id"]
                await http.post(
                    f"/v1/calls/{cid}/turns", json={"text": "my account is BW123456, card 4111111111111111"}
                )
                said = (await http.get(f"/v1/calls/{cid}")).json()["transcript"][1]["text"]
                assert said == "my account is [redacted:account], card [redacted:card]"
                # As the server keeps it (to_json() shows payloads as base64: a leak would not show there).
                events = (await line.handle(cid).fetch_history()).events
                history = b"".join(e.SerializeToString() for e in events)
                assert b"[redacted:account]" in history and b"BW123456" not in history
