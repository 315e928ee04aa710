"""The plan as history records it: identifiers by name and position only, their values read back from the words."""

from __future__ import annotations

from tests.unit.test_actions_rules import POLICY
from tests.unit.test_turn_plan import BALANCE, plan, said
from warmline.recorded_plan import Understood, recordable, with_values
from warmline.understanding import Understanding

WORDS = "my balance, account 12345678, SW1A 1AA"


def test_a_recorded_plan_holds_no_identifier_value_and_the_workflow_reads_them_back() -> None:
    first = plan(said(WORDS, **BALANCE))
    kept = recordable(first)
    assert sorted(c.name for c in kept.capture) == ["account_number", "postcode"]
    assert all(c.value == "" for c in kept.capture)
    assert "12345678" not in kept.model_dump_json()
    assert with_values(kept, POLICY, WORDS) == first


def test_a_plan_reads_back_from_its_recorded_form_unchanged() -> None:
    """History holds the plan without the fields at their defaults; read back, it is the same plan."""
    first = recordable(plan(said(WORDS, **BALANCE)))
    recorded = Understood(intent="balance_enquiry", confidence=0.95, plan=first).model_dump_json()
    assert '"forget_identifiers"' not in recorded  # at its default: left out
    back = Understood.model_validate_json(recorded)
    assert back.plan == first and back.understanding() == Understanding(intent="balance_enquiry", confidence=0.95)


def test_a_result_recorded_before_the_plan_was_reads_as_no_plan() -> None:
    """An older history's `understand` marker holds a bare Understanding: the workflow plans that turn itself."""
    old = Understanding(intent="balance_enquiry", confidence=0.9).model_dump_json()
    got = Understood.model_validate_json(old)
    assert got.plan is None and got.understanding() == Understanding.model_validate_json(old)
