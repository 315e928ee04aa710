"""Whether a policy's actions can run with the worker's settings (checked at start, not by a caller)."""

from __future__ import annotations

from tests.unit.test_actions_rules import POLICY
from warmline.action_config import action_config_problems, is_relative

KEY = {"WARMLINE_TEST_COMPANY_KEY": "k"}  # the balance lookup's header secret (tests/actions/policy.py)


def test_relative_urls_need_the_base_url() -> None:
    problems = action_config_problems(POLICY, None, KEY)
    assert [p.split(" ")[0] for p in problems] == [
        "authentication.verify.url",
        "query_types[balance_enquiry].action.url",
    ]
    assert all(p.endswith("is relative, and WARMLINE_ACTIONS_BASE_URL is not set") for p in problems)


def test_a_header_needs_its_variable() -> None:
    [problem] = action_config_problems(POLICY, "https://crm.example", {})
    assert problem.startswith("query_types[balance_enquiry].action.headers_from_env.X-Api-Key reads")
    assert problem.endswith("WARMLINE_TEST_COMPANY_KEY, which is not set")


def test_configured_actions_have_no_problems() -> None:
    assert action_config_problems(POLICY, "https://crm.example", KEY) == []


def test_absolute_urls_need_no_base() -> None:
    assert not is_relative("https://shop.example/orders") and not is_relative("HTTP://x") and is_relative("/verify")
