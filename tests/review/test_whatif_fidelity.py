"""A what-if you can trust: real calls through a real line replay under the live policy exactly as they went.

Every trigger, contained calls, an ASR-doubted turn, identity checks (passed and failed), lookups (answered
and failing) and after-hours callback offers answered by voice, by keypad and by hanging up are driven through
a worker on the dev server with the fake helpdesk and the fake company system. The what-if (over HTTP, on a
worker) replays the stored turn logs: the live policy reproduces 100% of them without re-running understanding,
a draft that allows one more failed lookup changes exactly the call that failed twice, and a stored row that
no longer matches what happened lowers the agreement and marks the draft untrusted.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from store.calls import save_call
from store.engine import get_engine
from store.queries import load_calls_with_turns
from tests.actions.policy import actions_policy
from tests.fakes.company import FakeCompany
from tests.line import Line, MakeLine, api_client
from warmline.callbacks import callback_workflow_id
from warmline.hours import DAYS
from warmline.models import CallbackChoice, Reason
from warmline.policy_file import load_policy
from warmline.records import CallRecord
from warmline.replay import replay
from workflows.call import CallWorkflow

VERIFIED: dict[str, Any] = {"number": "+447700900123", "authenticated": True, "auth_method": "ani_match"}
WIFI = [
    "my wifi keeps cutting out every few minutes",
    "I did that and it still doesn't work",
    "no, still the same, that hasn't fixed anything",
]
ANGRY = [
    "this is ridiculous, I've been cut off three times today, how do I check for an outage?",
    "you are useless, I am absolutely furious with this terrible service",
    "yes, please do",
]
UNSURE = ["erm so yeah it's about that thing from the other day", "the thing, you know, with the stuff"]
# call id → (end, reason, escalation turn, queue, callback choice): what each driven call did
EXPECTED: dict[str, tuple[str, str | None, int | None, str | None, str | None]] = {
    "hours": ("contained", None, None, None, None),
    "pay": ("contained", None, None, None, None),
    "doubted": ("contained", None, None, None, None),
    "person": ("escalated", "customer_request", 2, "technical", None),
    "angry": ("escalated", "sentiment", 3, "technical", None),
    "wifi": ("escalated", "failed_resolution", 3, "technical", None),
    "hacked": ("callback_offered", "out_of_scope", 1, "complex", "accepted"),
    "unsure": ("callback_offered", "low_confidence", 2, "complex", "declined"),
    "keypad": ("callback_offered", "out_of_scope", 1, "complex", "declined"),
    "gone": ("callback_offered", "out_of_scope", 1, "complex", "no_answer"),
    "kba": ("contained", None, None, None, None),
    "kba-fail": ("escalated", "failed_resolution", 5, "transactional", None),
    "lookup-fail": ("escalated", "failed_resolution", 2, "transactional", None),
    "gateway": ("contained", None, None, None, None),
}


@dataclass
class Week:
    line: Line
    policy_path: Path
    ids: dict[str, str]  # name → call id

    async def records(self) -> list[CallRecord]:
        return await load_calls_with_turns(await get_engine(self.line.settings.db_url), None, None)


def _policy(tmp: Path) -> Path:
    """The actions policy with the complex queue closed until tomorrow (UTC): after-hours callbacks."""
    path = actions_policy(tmp)
    data = yaml.safe_load(path.read_text())
    tomorrow = DAYS[(datetime.now(UTC).weekday() + 1) % 7]
    for q in data["queues"]:
        if q["name"] == "complex":
            q["hours"] = {"timezone": "UTC", "open": {tomorrow: "00:00-24:00"}}
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def draft_yaml(path: Path, **balance: Any) -> str:
    data = yaml.safe_load(path.read_text())
    for qt in data["query_types"]:
        if qt["name"] == "balance_enquiry":
            qt.update(balance)
    return yaml.safe_dump(data, allow_unicode=True)


async def _say(line: Line, call_id: str, said: list[str], **kw: Any) -> str:
    action = ""
    for text in said:
        action = (await line.turn(call_id, text, **kw)).action
    return action


async def _drive(line: Line) -> dict[str, str]:
    """The week's calls, each to its end (the caller scores it; an agent codes the handed-over ones)."""
    ids: dict[str, str] = {}

    async def start(name: str, **caller: Any) -> str:
        ids[name] = await line.start(f"wk-{name}-{uuid.uuid4().hex[:6]}", **caller)
        return ids[name]

    c = await start("hours")
    assert await _say(line, c, ["what are your opening hours", "great, that's everything"]) == "end"
    await line.hang_up(c)
    c = await start("pay")
    await _say(line, c, ["how can I pay my bill"])
    await line.hang_up(c)
    c = await start("doubted")  # the recogniser doubts the words: asked again, then answered
    assert (await line.turn(c, "what are your opening hours", asr_confidence=0.2)).action == "reply"
    await line.turn(c, "what are your opening hours", asr_confidence=0.95)
    await line.hang_up(c)
    for name, said in (("person", ["my internet is really slow", "I want to speak to a person"]), ("angry", ANGRY)):
        c = await start(name, **VERIFIED, account_id="AC1")
        assert await _say(line, c, said) == "transfer"
        await line.agent_finishes(c)
    c = await start("wifi", **VERIFIED, account_id="AC1")
    assert await _say(line, c, WIFI) == "transfer"
    await line.agent_finishes(c)
    for name, said, answer in (
        ("hacked", ["somebody has got into my account and changed the password"], "yes please"),
        ("unsure", UNSURE, "no thanks"),
    ):
        c = await start(name)
        assert await _say(line, c, said) == "reply"  # the callback offer
        assert (await line.turn(c, answer)).action == "end"
        await line.hang_up(c)
    c = await start("keypad")
    await _say(line, c, ["I want to cancel my contract"])
    await line.handle(c).execute_update(CallWorkflow.callback_choice, CallbackChoice(accept=False))
    await line.hang_up(c)
    c = await start("gone")
    await _say(line, c, ["I want to cancel my contract"])
    await line.hang_up(c)
    c = await start("kba")
    await _say(line, c, ["what's my balance", "sure, it's 12345678", "it's SW1A 1AA"])
    await line.hang_up(c)
    c = await start("kba-fail")
    assert await _say(line, c, ["what's my balance", "11111111", "SW1A 1AA", "22222222", "SW1A 1AA"]) == "transfer"
    await line.agent_finishes(c)
    c = await start("lookup-fail", **VERIFIED, account_id="AC-500")
    assert await _say(line, c, ["what's my balance", "can you check my balance please"]) == "transfer"
    await line.agent_finishes(c)
    c = await start("gateway", **VERIFIED, account_id="AC-OK")
    await _say(line, c, ["what is my account balance?"])
    await line.hang_up(c)
    return ids


@pytest.fixture
async def week(
    make_line: MakeLine, tmp_path: Path, fake_company: FakeCompany, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Week]:
    monkeypatch.setenv("WARMLINE_TEST_COMPANY_KEY", "k-123")
    path = _policy(tmp_path)
    async with make_line(policy=path, actions_base_url=fake_company.url) as line:
        ids = await _drive(line)
        yield Week(line, path, ids)
        # The accepted callback outlives its call: stop it so nothing rings tomorrow.
        await line.client.get_workflow_handle(callback_workflow_id(ids["hacked"])).terminate()


async def _whatif(http: httpx.AsyncClient, draft: str, **params: Any) -> dict[str, Any]:
    r = await http.post("/v1/whatif", params=params, content=draft, headers={"content-type": "application/yaml"})
    assert r.status_code == 200, r.text
    return dict(r.json())


async def test_the_live_policy_replays_the_recorded_week_exactly(week: Week) -> None:
    records = {r.call_id: r for r in await week.records()}
    by_name = {name: records[call_id] for name, call_id in week.ids.items()}
    assert by_name["kba"].turn_log[2].steps[0].purpose == "verify" and by_name["kba"].turn_log[2].identifiers
    assert by_name["doubted"].turn_log[0].asr_confidence == 0.2
    assert all(t.backend_version.startswith("embedded@") for r in records.values() for t in r.turn_log)
    policy = load_policy(week.policy_path)
    for name, r in by_name.items():  # the importable replay, without Temporal: as each call went
        rep = await replay(policy, r)
        assert (rep.end, rep.reason, rep.turn, rep.queue, rep.callback_choice) == EXPECTED[name], name
        assert not rep.reran_understanding and rep.assumed_steps == 0

    async with api_client(week.line) as http:
        report = await _whatif(http, week.policy_path.read_text())
    f = report["fidelity"]
    assert (f["calls"], f["agree"], f["agreement"], f["trusted"]) == (14, 14, 1.0, True), f["disagreements"]
    assert (f["reran_understanding"], f["assumed_steps"], f["other_policy"], f["note"]) == (0, 0, 0, "")
    recorded = report["recorded"]
    assert (recorded["calls"], recorded["contained"]) == (14, 5)
    assert recorded["escalations"] == {"failed_resolution": 3, "out_of_scope": 3, "customer_request": 1,
                                       "sentiment": 1, "low_confidence": 1}  # fmt: skip
    assert recorded["queues"] == {"complex": 4, "technical": 3, "transactional": 2}
    assert report["current"] == recorded and report["draft"] == recorded and report["changes"] == []
    assert report["trusted"] is True

    # Asked to, the worker re-runs understanding on every turn instead (the back-end has not changed here).
    async with api_client(week.line) as http:
        again = await _whatif(http, week.policy_path.read_text(), rerun_understanding="true")
    f = again["fidelity"]
    assert (f["reran_understanding"], f["agreement"]) == (14, 1.0), f["disagreements"]
    assert "re-running understanding" in f["note"]


async def test_a_draft_allowing_one_more_failed_lookup_changes_only_the_call_that_failed_twice(week: Week) -> None:
    async with api_client(week.line) as http:
        report = await _whatif(http, draft_yaml(week.policy_path, max_failed_attempts=3))
    assert report["fidelity"]["agreement"] == 1.0 and report["draft"]["trusted"] is True
    assert [(c["call_id"], c["kind"]) for c in report["changes"]] == [(week.ids["lookup-fail"], "now_contained")]
    assert report["draft"]["escalations"]["failed_resolution"] == 2 and report["draft"]["contained"] == 6


async def test_a_stored_outcome_the_replay_cannot_reproduce_marks_the_draft_untrusted(week: Week) -> None:
    engine = await get_engine(week.line.settings.db_url)
    person = next(r for r in await week.records() if r.call_id == week.ids["person"])
    altered = person.model_copy(update={"reason": Reason.SENTIMENT})  # not what the call did
    assert await save_call(engine, altered) == "replaced"
    async with api_client(week.line) as http:
        report = await _whatif(http, draft_yaml(week.policy_path, max_failed_attempts=3))
    f = report["fidelity"]
    assert (f["calls"], f["agree"], f["agreement"], f["trusted"]) == (14, 13, 0.9286, False)
    [off] = f["disagreements"]
    assert off["call_id"] == person.call_id
    assert (off["recorded"]["reason"], off["replayed"]["reason"]) == ("sentiment", "customer_request")
    assert report["trusted"] is False and report["draft"]["trusted"] is False and "not trusted" in f["note"]
    assert report["recorded"]["escalations"]["sentiment"] == 2
    # The draft's figures are still given, marked untrusted; the change they show is the same.
    assert [c["call_id"] for c in report["changes"]] == [week.ids["lookup-fail"]]
