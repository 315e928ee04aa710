"""The secure route: a caller reading card details out is told not to and offered the payments team; yes transfers."""

from __future__ import annotations

from pathlib import Path

from tests.fakes.helpdesk import FakeHelpdesk
from tests.line import MakeLine, api_client, policy_file

QUEUES = [{"name": "transactional"}, {"name": "technical"}, {"name": "complex"}, {"name": "payments"}]


async def test_the_payments_team_is_offered_and_a_yes_transfers_the_call_there(
    make_line: MakeLine, tmp_path: Path, fake_helpdesk: FakeHelpdesk
) -> None:
    policy = policy_file(tmp_path, queues=QUEUES, card_payments={"queue": "payments"})
    async with make_line(policy=policy) as line, api_client(line) as http:
        cid = (await http.post("/v1/calls", json={})).json()["call_id"]
        offered = (await http.post(f"/v1/calls/{cid}/turns", json={"text": "paying by card, it's 5500 0000"})).json()
        assert offered["action"] == "reply" and offered["say"].startswith("Please don't read card details out")
        assert offered["say"].endswith("Would you like that?")
        taken = (await http.post(f"/v1/calls/{cid}/turns", json={"text": "yes please"})).json()
        assert taken["action"] == "transfer", taken
        assert taken["transfer"]["queue"] == "payments" and taken["transfer"]["reason"] == "customer_request"
        [delivered] = [d for d in fake_helpdesk.deliveries() if d.payload and d.payload["call_id"] == cid]
        assert delivered.payload is not None and delivered.payload["queue"] == "payments"
        assert b"5500" not in delivered.raw and b"[redacted:card]" in delivered.raw
