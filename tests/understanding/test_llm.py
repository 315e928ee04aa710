"""The LLM back-end against a local fake endpoint speaking the chat-completions wire format."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from activities.understanding.llm import LlmUnderstander
from tests.understanding.conftest import policy
from tests.understanding.fake_llm import fake_llm
from warmline.trigger_models import TriggerState
from warmline.triggers import decide
from warmline.understanding import DialogAct, UnderstandingRequest

BW = "brightwave"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with fake_llm() as server:
        _, port = server.server_address[:2]
        yield f"http://127.0.0.1:{port}/v1"


def llm(base_url: str, model: str, timeout_s: float = 2.0) -> LlmUnderstander:
    return LlmUnderstander(policy(BW), base_url, model, api_key="sk-test", timeout_s=timeout_s)


def req(text: str = "hello, can I pay by card?") -> UnderstandingRequest:
    return UnderstandingRequest(call_id="c-llm", turn=1, text=text)


async def test_a_valid_reading_becomes_the_understanding(base_url: str) -> None:
    u = await llm(base_url, "good").understand(req())
    payment = policy(BW).query_type("payment_methods")
    assert payment is not None
    assert (u.backend, u.intent, u.confidence, u.out_of_scope) == ("llm", "payment_methods", 0.93, False)
    assert u.acts == [DialogAct.GREETING] and u.actions == []
    assert u.reply == payment.answer  # the policy's answer, not the model's own wording


async def test_the_request_asks_for_strict_json_schema_output(base_url: str) -> None:
    with fake_llm() as server:
        port = server.server_address[1]
        await llm(f"http://127.0.0.1:{port}", "good").understand(req())
        sent = server.requests[-1]
    assert sent["path"] == "/v1/chat/completions"
    assert sent["headers"]["Authorization"] == "Bearer sk-test"
    fmt = sent["body"]["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    schema = fmt["json_schema"]["schema"]
    assert set(schema["required"]) == {"intent", "confidence", "out_of_scope", "acts", "reply", "tool_calls"}
    assert schema["additionalProperties"] is False
    system = sent["body"]["messages"][0]["content"]
    assert "payment_methods" in system and "cancel_contract" in system


async def test_out_of_scope_and_request_human_pass_through(base_url: str) -> None:
    oos = await llm(base_url, "oos").understand(req("what's the weather tomorrow"))
    assert oos.out_of_scope and oos.intent is None and oos.reply is None
    human = await llm(base_url, "human").understand(req("agent please"))
    assert DialogAct.REQUEST_HUMAN in human.acts


@pytest.mark.parametrize(
    ("model", "detail"),
    [
        ("malformed", "invalid output"),
        ("invalid", "invalid output"),
        ("unknown_intent", "not a query type"),
        ("refusal", "refused"),
        ("not_chat", "not a chat completion"),
        ("error", "HTTP 500"),
    ],
)
async def test_bad_output_falls_back_to_embedded_and_records_a_failed_action(
    base_url: str, model: str, detail: str
) -> None:
    u = await llm(base_url, model).understand(req())
    assert u.backend == "embedded" and u.intent == "payment_methods"  # the embedded reading of the same words
    [failure] = u.actions
    assert (failure.name, failure.status, failure.turn) == ("llm", "failed", 1)
    assert detail in failure.detail


async def test_a_slow_endpoint_times_out_and_falls_back_quickly(base_url: str) -> None:
    started = time.perf_counter()
    u = await llm(base_url, "slow", timeout_s=0.3).understand(req())
    assert time.perf_counter() - started < 1.5
    assert u.backend == "embedded" and u.actions[0].status == "failed" and "timed out" in u.actions[0].detail


async def test_an_unreachable_endpoint_falls_back() -> None:
    u = await LlmUnderstander(policy(BW), "http://127.0.0.1:9", "good", timeout_s=0.5).understand(req())
    assert u.backend == "embedded" and "transport error" in u.actions[0].detail


async def test_an_llm_outage_is_not_a_failed_resolution(base_url: str) -> None:
    pol = policy(BW)
    u = await llm(base_url, "error").understand(req("my bill is too high this month"))
    d = decide(pol, TriggerState(), 1, u)
    assert d.kind == "answer" and d.failures_counted == 0


def test_factory_needs_an_llm_url(monkeypatch: pytest.MonkeyPatch) -> None:
    from activities.understanding.factory import make_understander
    from warmline.settings import get_settings

    monkeypatch.delenv("WARMLINE_LLM_URL", raising=False)
    get_settings.cache_clear()
    try:
        with pytest.raises(ValueError, match="WARMLINE_LLM_URL"):
            make_understander(policy(BW), "llm")
        monkeypatch.setenv("WARMLINE_LLM_URL", "http://127.0.0.1:9/v1")
        get_settings.cache_clear()
        assert isinstance(make_understander(policy(BW), "llm"), LlmUnderstander)
    finally:
        get_settings.cache_clear()
