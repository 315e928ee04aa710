"""Each of the five triggers through a real CallWorkflow on the dev server (contract policy)."""

from __future__ import annotations

import time

import pytest
from temporalio.client import WorkflowUpdateFailedError

from tests.line import Line
from warmline.models import Speaker, Status

CASES = [
    ("customer_request", ["I want to speak to a real person"], "complex"),
    ("out_of_scope", ["somebody has got into my account and changed the password"], "complex"),
    (
        "failed_resolution",
        [
            "my wifi keeps cutting out every few minutes",
            "I did that and it still doesn't work",
            "no, still the same, that hasn't fixed anything",
        ],
        "technical",
    ),
    (
        "sentiment",
        [
            "this is ridiculous, I've been cut off three times today, how do I check for an outage?",
            "you are useless, I am absolutely furious with this terrible service",
            "yes, please do",
        ],
        "technical",
    ),
    (
        "low_confidence",
        ["erm so yeah it's about that thing from the other day", "the thing, you know, with the stuff"],
        "complex",
    ),
]


@pytest.mark.parametrize(("reason", "said", "queue"), CASES, ids=[c[0] for c in CASES])
async def test_trigger_transfers_after_helpdesk_ack(line: Line, reason: str, said: list[str], queue: str) -> None:
    call_id = await line.start(number="+15550100", authenticated=True, auth_method="ani_match", account_id="AC1")
    for n, text in enumerate(said, start=1):
        r = await line.turn(call_id, text)
        assert r.turn == n
        if n < len(said):
            assert r.action == "reply", (n, r)
    t_response = time.time()
    assert r.action == "transfer" and r.transfer is not None
    assert (r.transfer.reason.value, r.transfer.queue) == (reason, queue)
    assert r.transfer.context_delivered and r.say.startswith("I'm going to connect you")
    assert line.helpdesk is not None
    ack = line.helpdesk.acked()[r.transfer.context_id]
    assert ack.answered_at is not None and ack.answered_at <= t_response and ack.sig_ok
    payload = ack.payload or {}
    assert payload["escalation"]["reason"] == reason and payload["queue"] == queue
    assert [u["text"] for u in payload["transcript"] if u["speaker"] == "caller"] == said
    assert payload["transcript"][0]["speaker"] == "ai"
    assert payload["authentication"]["verified"] and payload["authentication"]["method"] == "ani_match"
    assert 0 < len(payload["summary"].split()) <= 60
    st = await line.state(call_id)
    assert st.status == Status.TRANSFERRING and st.escalation and st.escalation.helpdesk_ticket
    with pytest.raises(WorkflowUpdateFailedError):  # never back to the AI
        await line.turn(call_id, "hello? are you still there?")


async def test_failed_resolution_lists_the_failed_answers(line: Line) -> None:
    call_id = await line.start()
    await line.turn(call_id, "my bill this month is way higher than it should be")
    r = await line.turn(call_id, "no, that's not it, my discount should still apply")
    assert r.transfer and r.transfer.reason.value == "failed_resolution" and r.transfer.queue == "complex"
    payload = line.helpdesk.acked()[r.transfer.context_id].payload or {}  # type: ignore[union-attr]
    assert payload["actions"] and payload["actions"][0]["status"] == "failed"
    assert payload["flags"]["confirmation_seeking"] is False


async def test_request_right_after_an_answer_is_confirmation_seeking(line: Line) -> None:
    call_id = await line.start()
    await line.turn(call_id, "can I pay by bank transfer?")
    r = await line.turn(call_id, "ok, can I just check that with a member of staff?")
    assert r.transfer and (r.transfer.reason.value, r.transfer.queue) == ("customer_request", "transactional")
    payload = line.helpdesk.acked()[r.transfer.context_id].payload or {}  # type: ignore[union-attr]
    assert payload["flags"]["confirmation_seeking"] is True


async def test_contained_call_answers_and_keeps_the_transcript(line: Line) -> None:
    call_id = await line.start()
    r = await line.turn(call_id, "hi, what time does your phone team close tonight?")
    assert r.action == "reply" and "10pm" in r.say
    r2 = await line.turn(call_id, "great, that's everything")
    assert r2.action == "end"
    st = await line.state(call_id)
    assert [u.speaker for u in st.transcript] == [Speaker.AI, Speaker.CALLER, Speaker.AI, Speaker.CALLER, Speaker.AI]
    assert st.intent and st.intent.name == "opening_hours" and st.status == Status.WRAP_UP


async def test_the_step_already_done_after_its_answer_counts_a_failure(line: Line) -> None:
    """A caller who says the step just heard was done already is not helped by it: the next step, then a person."""
    call_id = await line.start()
    first = await line.turn(call_id, "my wifi keeps cutting out every few minutes")
    second = await line.turn(call_id, "I've already restarted the router before I rang you")
    assert second.action == "reply" and second.say != first.say
    third = await line.turn(call_id, "I have done that one as well")
    assert third.transfer and third.transfer.reason.value == "failed_resolution" and third.transfer.queue == "technical"
