"""The transfer TwiML, built without a line: the nouns and attributes that let Twilio report the agent's leg."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from twilio.twiml.voice_response import VoiceResponse

from api.twilio.transfer import hold_queue, transfer
from tests.line import policy_file
from tests.twilio.conftest import DIAL_NUMBER, PUBLIC_URL, SIP_URI, TARGETS, WORKFLOW_SID
from warmline.models import CallState, Escalation, Reason, Status
from warmline.policy import Policy
from warmline.policy_file import load_policy

CALL_ID = "CA" + "f" * 32


@pytest.fixture
def policy(tmp_path: Path) -> Policy:
    return load_policy(policy_file(tmp_path, queues=[*TARGETS[:2], {"name": "complex", "transfer": {"sip": SIP_URI}}]))


def _escalated(queue: str) -> CallState:
    esc = Escalation(reason=Reason.CUSTOMER_REQUEST, detail="asked for a person", turn=2, queue=queue,
                     context_id="ctx-42", requested_at=datetime(2024, 1, 1, tzinfo=UTC))  # fmt: skip
    return CallState(call_id=CALL_ID, status=Status.TRANSFERRING, escalation=esc)


def _xml(twiml: VoiceResponse) -> ET.Element:
    return ET.fromstring(str(twiml))


DIALS = [("technical", "Number", DIAL_NUMBER), ("complex", "Sip", SIP_URI)]


@pytest.mark.parametrize(("queue", "noun", "target"), DIALS)
def test_dial_has_an_action_and_answered_completed_callbacks_on_its_noun(
    policy: Policy, queue: str, noun: str, target: str
) -> None:
    root = _xml(transfer(policy, _escalated(queue), base=PUBLIC_URL))
    dial = root.find("Dial")
    assert dial is not None and dial.get("method") == "POST"
    assert dial.get("action") == f"{PUBLIC_URL}/twilio/dial-action"
    leg = dial.find(noun)
    assert leg is not None and (leg.text or "").startswith(target)
    assert leg.get("statusCallbackEvent") == "answered completed" and leg.get("statusCallbackMethod") == "POST"
    callback = urlsplit(leg.get("statusCallback", ""))
    assert f"{callback.scheme}://{callback.netloc}{callback.path}" == f"{PUBLIC_URL}/twilio/dial-status"
    assert parse_qs(callback.query) == {"call_id": [CALL_ID]}  # the leg's own CallSid is not the call's


def test_enqueue_carries_the_call_id_for_taskrouter_events(policy: Policy) -> None:
    enqueue = _xml(transfer(policy, _escalated("transactional"), base=PUBLIC_URL)).find("Enqueue")
    assert enqueue is not None and enqueue.get("workflowSid") == WORKFLOW_SID
    assert json.loads(enqueue.findtext("Task") or "")["call_id"] == CALL_ID
    assert enqueue.get("waitUrl") == f"{PUBLIC_URL}/twilio/hold"


def test_no_target_is_a_plain_queue_named_after_the_warmline_queue(tmp_path: Path) -> None:
    policy = load_policy(policy_file(tmp_path, queues=[{"name": q} for q in ("transactional", "technical", "complex")]))
    root = _xml(transfer(policy, _escalated("technical"), base=PUBLIC_URL))
    assert [c.tag for c in root] == ["Enqueue"]
    enqueue = root[0]
    assert (enqueue.text or "") == "technical" and enqueue.get("workflowSid") is None
    assert enqueue.get("waitUrl") == f"{PUBLIC_URL}/twilio/hold" and enqueue.get("waitUrlMethod") == "POST"
    assert enqueue.get("action") == f"{PUBLIC_URL}/twilio/queue-result"


def test_hold_queue_names_fit_twilios_limit() -> None:
    enqueue = _xml(hold_queue(VoiceResponse(), "q" * 100, PUBLIC_URL)).find("Enqueue")
    assert enqueue is not None and enqueue.text == "q" * 64


def test_without_a_public_base_the_transfer_still_builds(policy: Policy) -> None:
    dial = _xml(transfer(policy, _escalated("technical"))).find("Dial")
    assert dial is not None and dial.get("action") is None and (dial.findtext("Number") or "") == DIAL_NUMBER
