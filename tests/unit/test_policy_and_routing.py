"""Policy validation (errors name the field), routing and business hours."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from warmline.policy import PolicyError
from warmline.policy_file import load_policy, parse_policy
from warmline.routing import queue_for, route

FIXTURE = Path(__file__).parent.parent / "fixtures" / "brightwave.yaml"
BASE: dict[str, Any] = yaml.safe_load(FIXTURE.read_text())


def test_contract_policy_loads_with_a_version() -> None:
    p = load_policy(FIXTURE)
    assert p.company == "Brightwave Broadband" and len(p.version) == 12
    assert p.max_failed_attempts("bill_dispute") == 1
    assert p.max_failed_attempts("opening_hours") == 2


def _broken(mutate: Any) -> str:
    data = copy.deepcopy(BASE)
    mutate(data)
    with pytest.raises(PolicyError) as e:
        parse_policy(data, "p.yaml")
    return str(e.value)


@pytest.mark.parametrize(
    ("mutate", "names"),
    [
        (lambda d: d.pop("greeting"), "greeting"),
        (lambda d: d["query_types"][2].update(queue="nowhere"), "query_types[2].queue"),
        (lambda d: d["defaults"].update(fallback_queue="nowhere"), "defaults.fallback_queue"),
        (lambda d: d.update(card_payments={"queue": "nowhere"}), "card_payments.queue"),
        (lambda d: d.update(card_payments={}), "card_payments.queue"),
        (lambda d: d["defaults"]["low_confidence"].update(threshold=2), "defaults.low_confidence.threshold"),
        (lambda d: d["defaults"]["sentiment"].update(action="shout"), "defaults.sentiment.action"),
        (lambda d: d["handoff"].update(on_ack_timeout="pray"), "handoff.on_ack_timeout"),
        (lambda d: d["query_types"][0].pop("answer"), "query_types[0]"),
        (lambda d: d["query_types"][1].update(handling="robot"), "query_types[1].handling"),
        (lambda d: d["query_types"].append(dict(d["query_types"][0])), "query_types[9].name"),
        (lambda d: d.update(queues=[{"name": "only"}]), "queues"),
        (lambda d: d["query_types"][0].update(typo_field=1), "query_types[0].typo_field"),
        (lambda d: d["queues"][0].update(hours={"timezone": "Mars/Olympus"}), "queues[0].hours.timezone"),
        (lambda d: d["queues"][0].update(hours={"open": {"mon": "9-5"}}), "queues[0].hours.open"),
        (lambda d: d["queues"][0].update(after_hours="email"), "queues[0].after_hours"),
        (lambda d: d.update(voicemail={"max_length_s": 2}), "voicemail.max_length_s"),
        (lambda d: d.update(voicemail={"finish_on_key": "x"}), "voicemail.finish_on_key"),
        (lambda d: d.update(voicemail={"transcribe": "sometimes"}), "voicemail.transcribe"),
    ],
)
def test_invalid_policy_names_the_field(mutate: Any, names: str) -> None:
    msg = _broken(mutate)
    assert msg.startswith("p.yaml: ") and names in msg, msg
    assert "Traceback" not in msg


def test_unreadable_and_non_yaml_files(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("company: [unclosed")
    with pytest.raises(PolicyError, match="not valid YAML"):
        load_policy(bad)
    bad.write_text("- a list\n")
    with pytest.raises(PolicyError, match="mapping"):
        load_policy(bad)


@pytest.mark.parametrize(
    ("qt", "queue"),
    [
        ("opening_hours", "transactional"),
        ("slow_internet", "technical"),
        ("bill_dispute", "complex"),
        ("account_hacked", "complex"),
        (None, "complex"),
        ("not_a_type", "complex"),
    ],
)
def test_queue_for(qt: str | None, queue: str) -> None:
    assert queue_for(load_policy(FIXTURE), qt) == queue


def test_closed_queue_offers_what_the_policy_says() -> None:
    data = copy.deepcopy(BASE)
    data["queues"][2] = {
        "name": "complex",
        "after_hours": "callback",
        "hours": {"timezone": "Europe/London", "open": {"mon": "09:00-17:00"}},
    }
    p = parse_policy(data)
    monday_noon = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    monday_night = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
    assert route(p, "bill_dispute", monday_noon).open
    r = route(p, "bill_dispute", monday_night)
    assert not r.open and r.after_hours == "callback"
    assert r.opens_at == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert route(p, "opening_hours", monday_night).open  # transactional keeps no hours
