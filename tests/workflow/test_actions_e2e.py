"""Actions and authentication through a real CallWorkflow on the dev server, against a fake company system."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from temporalio.client import WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer

from tests.actions.policy import actions_policy
from tests.fakes.company import FakeCompany
from tests.line import Line, MakeLine
from warmline.policy import Messages
from workflows.call import CallWorkflow

M = Messages()
BALANCE = "Your balance is £42.50, due on 2026-12-01."
ASK_NUMBER = "What's your eight-digit account number?"
ASK_POSTCODE = "And what's the postcode on the account?"


@pytest.fixture
async def line(
    make_line: MakeLine, tmp_path: Path, fake_company: FakeCompany, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Line]:
    monkeypatch.setenv("WARMLINE_TEST_COMPANY_KEY", "k-123")
    async with make_line(policy=actions_policy(tmp_path), actions_base_url=fake_company.url) as ln:
        yield ln


def _payload(line: Line, context_id: str) -> dict[str, Any]:
    assert line.helpdesk is not None
    return line.helpdesk.acked()[context_id].payload or {}


async def _verified(line: Line, account: str) -> str:
    return await line.start(number="+447700900123", authenticated=True, auth_method="ani_match", account_id=account)


async def test_gateway_verified_caller_gets_the_balance_without_questions(
    line: Line, fake_company: FakeCompany
) -> None:
    call_id = await _verified(line, "AC-OK")
    r = await line.turn(call_id, "what is my account balance?")
    assert (r.action, r.say) == ("reply", BALANCE)
    assert fake_company.seen("/verify") == [] and len(fake_company.seen("/accounts/AC-OK/balance")) == 1
    assert fake_company.seen("/accounts/")[0].headers["x-api-key"] == "k-123"
    r = await line.turn(call_id, "I want to speak to a real person")
    assert r.transfer is not None and r.transfer.reason.value == "customer_request"
    p = _payload(line, r.transfer.context_id)
    assert p["flags"]["confirmation_seeking"] is True  # the lookup answered the turn before
    assert p["authentication"]["verified"] and p["authentication"]["method"] == "ani_match"
    [action] = [a for a in p["actions"] if a["name"] == "action:balance_lookup"]
    assert action["status"] == "succeeded" and BALANCE in action["detail"]


async def test_action_failures_count_toward_failed_resolution_then_escalate(
    line: Line, fake_company: FakeCompany
) -> None:
    call_id = await _verified(line, "AC-500")
    r = await line.turn(call_id, "what's my balance")
    assert (r.action, r.say) == ("reply", M.action_failed)
    assert len(fake_company.seen("/accounts/AC-500")) == 2  # max_attempts: 2 (a 5xx is retried once)
    r = await line.turn(call_id, "can you check my balance please")
    assert r.action == "transfer" and r.transfer is not None
    assert (r.transfer.reason.value, r.transfer.queue) == ("failed_resolution", "transactional")
    p = _payload(line, r.transfer.context_id)
    failed = [a for a in p["actions"] if a["name"] == "action:balance_lookup"]
    assert [a["status"] for a in failed] == ["failed", "failed"] and "HTTP 500" in failed[0]["detail"]
    assert p["escalation"]["detail"].startswith("2 failed attempts at balance enquiry (limit 2).")
    assert "HTTP 500" in p["escalation"]["detail"] and p["flags"]["confirmation_seeking"] is False
    assert "AI tried 2 answers, 2 failed." in p["summary"]


FAILURES = [
    # account, requests the company sees in the turn, detail fragment
    ("AC-404", 1, "HTTP 404"),
    ("AC-BADJSON", 1, "not valid JSON"),
    ("AC-MISSING", 1, "missing data: balance is missing"),
    ("AC-SLOW", 2, "no answer within 0.5 s"),
]


@pytest.mark.parametrize(("account", "requests", "fragment"), FAILURES, ids=[f[0] for f in FAILURES])
async def test_each_failure_is_a_failed_attempt_the_caller_hears_about(
    line: Line,
    fake_company: FakeCompany,
    account: str,
    requests: int,
    fragment: str,
) -> None:
    call_id = await _verified(line, account)
    r = await line.turn(call_id, "what is my account balance?")
    assert (r.action, r.say) == ("reply", M.action_failed)
    assert len(fake_company.seen(f"/accounts/{account}/")) == requests
    st = await line.state(call_id)
    [a] = [a for a in st.actions if a.name == "action:balance_lookup"]
    assert a.status == "failed" and a.kind == "resolution" and fragment in a.detail and a.turn == 1


async def test_a_flaky_system_is_retried_within_the_turn(line: Line, fake_company: FakeCompany) -> None:
    call_id = await _verified(line, "AC-FLAKY")
    r = await line.turn(call_id, "what's my balance")
    assert r.say == BALANCE and [s.status for s in fake_company.seen("/accounts/AC-FLAKY")] == [503, 200]


async def test_caller_is_verified_then_answered_and_agents_see_it(line: Line, fake_company: FakeCompany) -> None:
    call_id = await line.start(number="+447700900123")
    r = await line.turn(call_id, "what's my balance")
    assert r.say == f"Before I can help with that, I need to check it's you. {ASK_NUMBER}"
    r = await line.turn(call_id, "sure, it's 12345678")
    assert r.say == ASK_POSTCODE
    r = await line.turn(call_id, "it's SW1A 1AA")
    assert r.say == f"{M.auth_verified} {BALANCE}"
    st = await line.state(call_id)
    auth = st.authentication
    assert auth.verified and auth.method == "kba:account_number+postcode" and auth.verified_at is not None
    assert st.caller.account_id == "AC-OK"  # captured from the verification, used by the lookup
    caller_said = [u.text for u in st.transcript if u.speaker == "caller"]
    assert caller_said == ["what's my balance", "sure, it's [redacted:account_number]", "it's SW1A 1AA"]
    r = await line.turn(call_id, "thanks, can I talk to a person now")
    assert r.transfer is not None
    p = _payload(line, r.transfer.context_id)
    assert p["authentication"]["verified"] is True and p["authentication"]["method"] == "kba:account_number+postcode"
    assert p["summary"].startswith("Verified caller (kba:account_number+postcode), account AC-OK about balance")
    assert "12345678" not in json.dumps(p)  # secret: not in the transcript, the summary or the actions
    assert [a["status"] for a in p["actions"] if a["name"] == "verify:kba"] == ["succeeded"]
    assert fake_company.seen("/verify")[0].body == {"account_number": "12345678", "postcode": "SW1A1AA"}


async def test_identifiers_given_with_the_question_are_used_at_once(line: Line) -> None:
    call_id = await line.start()
    r = await line.turn(call_id, "what's my balance? my account number is 12345678 and my postcode is SW1A 1AA")
    assert r.say == f"{M.auth_verified} {BALANCE}"
    st = await line.state(call_id)
    assert st.authentication.verified and "12345678" not in st.transcript[1].text


async def test_failed_verification_escalates_with_the_caller_unverified(line: Line, fake_company: FakeCompany) -> None:
    call_id = await line.start()
    await line.turn(call_id, "what's my balance")
    await line.turn(call_id, "11111111")
    r = await line.turn(call_id, "SW1A 1AA")
    assert r.say == f"Sorry, I couldn't verify those details. Let's try again. {ASK_NUMBER}"
    await line.turn(call_id, "22222222")
    r = await line.turn(call_id, "SW1A 1AA")
    assert r.action == "transfer" and r.transfer is not None and r.transfer.reason.value == "failed_resolution"
    p = _payload(line, r.transfer.context_id)
    assert p["authentication"]["verified"] is False
    assert p["escalation"]["detail"].startswith("Identity verification failed 2 times (kba:account_number+postcode)")
    assert [a["status"] for a in p["actions"] if a["name"] == "verify:kba"] == ["failed", "failed"]
    assert p["summary"].startswith("Unverified caller about balance enquiry. Identity check failed 2 times.")
    assert fake_company.seen("/accounts/") == []  # never looked anything up for an unverified caller


async def test_answers_without_the_identifier_count_as_attempts(line: Line) -> None:
    call_id = await line.start()
    await line.turn(call_id, "what's my balance")
    r = await line.turn(call_id, "hmm I am not sure where that is")
    assert r.say == f"Sorry, I didn't catch that. {ASK_NUMBER}"
    r = await line.turn(call_id, "I really don't have it here")
    assert r.transfer is not None and r.transfer.reason.value == "failed_resolution"


async def test_caller_can_change_the_subject_or_ask_for_a_person_while_asked(line: Line) -> None:
    call_id = await line.start()
    await line.turn(call_id, "what's my balance")
    r = await line.turn(call_id, "actually, what are your opening hours?")
    assert r.say.startswith("Our phone team is here from 8am")
    call_id = await line.start()
    await line.turn(call_id, "what's my balance")
    r = await line.turn(call_id, "just put me through to an agent")
    assert r.transfer is not None and r.transfer.reason.value == "customer_request"


async def test_an_action_call_replays(line: Line) -> None:
    call_id = await line.start()
    await line.turn(call_id, "what's my balance")
    await line.turn(call_id, "12345678")
    await line.turn(call_id, "SW1A 1AA")
    final = await line.hang_up(call_id)
    history = await line.handle(call_id).fetch_history()
    assert "12345678" not in json.dumps(final.model_dump(mode="json"))  # not in the call's state
    replay = Replayer(workflows=[CallWorkflow], data_converter=pydantic_data_converter)
    result = await replay.replay_workflow(WorkflowHistory.from_json(call_id, history.to_json()))
    assert result.replay_failure is None
