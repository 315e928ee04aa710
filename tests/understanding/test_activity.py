"""The `understand` activity, the factory and the per-policy model cache."""

from __future__ import annotations

import json
import logging

import pytest
import structlog
from structlog.testing import capture_logs
from temporalio.testing import ActivityEnvironment

from activities.understanding.activity import UnderstandingActivities
from activities.understanding.base import Understander
from activities.understanding.embedded import EmbeddedUnderstander
from activities.understanding.factory import make_understander
from runtime.logs import configure_logging
from tests.understanding.conftest import encoder_passes, inline_policy, policy, understander
from warmline.recorded_plan import TurnAsk
from warmline.understanding import UnderstandingRequest


async def test_activity_understands_and_logs_the_call_id() -> None:
    acts = UnderstandingActivities(make_understander(policy("brightwave")))
    req = TurnAsk(call_id="CA123", turn=1, text="can I pay by bank transfer?")
    with capture_logs() as logs:
        u = await ActivityEnvironment().run(acts.understand, req)
    assert u.intent == "payment_methods" and u.backend == "embedded" and u.reply
    assert any(e.get("call_id") == "CA123" and e.get("intent") == "payment_methods" for e in logs)


async def test_the_turn_understood_line_names_its_module_and_the_call(capsys: pytest.CaptureFixture[str]) -> None:
    """As the worker writes it (JSON on stderr): the logger is named, not found by walking the stack."""
    root = logging.getLogger()
    handlers, level, config = root.handlers[:], root.level, structlog.get_config()
    configure_logging("INFO", json=True)
    try:
        acts = UnderstandingActivities(make_understander(policy("brightwave")))
        req = TurnAsk(call_id="CA124", turn=2, text="can I pay by bank transfer?")
        await ActivityEnvironment().run(acts.understand, req)
    finally:
        root.handlers[:], root.level = handlers, level
        structlog.configure(**config)
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if "turn understood" in line]
    assert lines and lines[-1]["logger"] == "activities.understanding.activity"
    assert lines[-1]["call_id"] == "CA124" and lines[-1]["turn"] == 2 and lines[-1]["intent"] == "payment_methods"


def test_factory_builds_the_embedded_backend_and_names_the_known_ones() -> None:
    assert isinstance(make_understander(policy("brightwave")), Understander)
    with pytest.raises(ValueError, match="embedded"):
        make_understander(policy("brightwave"), backend="gpt")


def test_model_is_fitted_once_per_policy_version() -> None:
    assert EmbeddedUnderstander(policy("brightwave")).model is understander("brightwave").model
    assert EmbeddedUnderstander(policy("riverside_dental")).model is not understander("brightwave").model


def test_an_unversioned_in_memory_policy_works() -> None:
    p = inline_policy(
        [
            {"name": "delivery_area", "queue": "a", "answer": "We deliver within 3 miles.",
             "examples": ["do you deliver to my street", "how far do you deliver", "is my postcode in your area"]},
            {"name": "menu", "queue": "a", "answer": "Margherita, pepperoni and veggie.",
             "examples": ["what pizzas do you have", "do you do vegan options", "what is on the menu"]},
        ]
    )  # fmt: skip
    u = EmbeddedUnderstander(p).understand_now(
        UnderstandingRequest(call_id="c", turn=1, text="um what's on your menu tonight")
    )
    assert u.intent == "menu" and u.confidence >= 0.5


def test_a_repeated_turn_runs_no_encoder_pass_and_reads_the_same() -> None:
    """What keeps a retried turn cheap, checked as a count, not a clock (no timing in unit tests: the CPU per
    turn is measured by `python -m bench.understanding_cpu`, whose figures depend on the box)."""
    u = understander("brightwave")
    req = UnderstandingRequest(
        call_id="c",
        turn=2,
        text="no, still the same, that hasn't fixed anything",
        pending="answer",
        last_query_type="slow_internet",
    )
    first = u.understand_now(req)
    again = [encoder_passes(lambda: u.understand_now(req)) for _ in range(3)]
    assert all(passes == 0 for passes, _ in again)  # every text of the turn came from the cache
    assert all(read == first for _, read in again)
