"""The `run_action` activity against a fake company system over real HTTP: what is retryable and what is not."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from activities.actions import (
    ACTION_BAD_RESPONSE,
    ACTION_MISCONFIGURED,
    ACTION_MISSING_DATA,
    ACTION_REJECTED,
    ACTION_UNAVAILABLE,
    ActionActivities,
)
from tests.actions.policy import AUTHENTICATION, balance_type
from tests.fakes.company import FakeCompany
from warmline.actions import ActionRequest, HttpAction

BALANCE = HttpAction.model_validate(balance_type()["action"])
VERIFY = HttpAction.model_validate(AUTHENTICATION["verify"])
ENV = {"WARMLINE_TEST_COMPANY_KEY": "k-123"}


@pytest.fixture
async def acts(fake_company: FakeCompany) -> AsyncIterator[ActionActivities]:
    a = ActionActivities(fake_company.url, env=ENV)
    yield a
    await a.aclose()


def _req(action: HttpAction = BALANCE, **values: str) -> ActionRequest:
    return ActionRequest(call_id="c-1", turn=1, query_type="balance_enquiry", action=action, values=values)


async def test_success_renders_the_reply_and_sends_the_env_header(
    acts: ActionActivities,
    fake_company: FakeCompany,
) -> None:
    r = await ActivityEnvironment().run(acts.run_action, _req(account_id="AC-OK", postcode="not needed"))
    assert r.reply == "Your balance is £42.50, due on 2026-12-01." and r.status_code == 200
    [seen] = fake_company.seen("/accounts/")
    assert seen.path == "/accounts/AC-OK/balance" and seen.headers["x-api-key"] == "k-123"


async def test_values_are_url_quoted_in_the_path(acts: ActionActivities, fake_company: FakeCompany) -> None:
    await ActivityEnvironment().run(acts.run_action, _req(account_id="../admin?x=1"))
    assert fake_company.requests[-1].path == "/accounts/..%2Fadmin%3Fx%3D1/balance"
    assert fake_company.requests[-1].query == {}


async def test_verify_posts_json_and_captures_the_account(acts: ActionActivities, fake_company: FakeCompany) -> None:
    r = await ActivityEnvironment().run(
        acts.run_action, _req(VERIFY, account_number="12345678", postcode="SW1A1AA", account_id="ignored")
    )
    assert r.captured == {"account_id": "AC-OK"}
    assert fake_company.requests[-1].body == {"account_number": "12345678", "postcode": "SW1A1AA"}


FAILURES = [
    # account, error type, retryable, detail fragment
    ("AC-500", ACTION_UNAVAILABLE, True, "HTTP 500"),
    ("AC-404", ACTION_REJECTED, False, "HTTP 404"),
    ("AC-SLOW", ACTION_UNAVAILABLE, True, "no answer within 0.5 s"),
    ("AC-BADJSON", ACTION_BAD_RESPONSE, False, "not valid JSON"),
    ("AC-MISSING", ACTION_MISSING_DATA, False, "balance is missing"),
    ("AC-NULL", ACTION_MISSING_DATA, False, "balance is null"),
]


@pytest.mark.parametrize(("account", "kind", "retryable", "fragment"), FAILURES, ids=[f[0] for f in FAILURES])
async def test_failures_say_whether_a_retry_can_help(
    acts: ActionActivities, account: str, kind: str, retryable: bool, fragment: str
) -> None:
    with pytest.raises(ApplicationError) as e:
        await ActivityEnvironment().run(acts.run_action, _req(account_id=account))
    assert e.value.type == kind and e.value.non_retryable is (not retryable)
    assert fragment in e.value.message and account not in e.value.message  # no values in the detail


async def test_wrong_identity_is_a_rejection_not_a_retry(acts: ActionActivities) -> None:
    with pytest.raises(ApplicationError) as e:
        await ActivityEnvironment().run(acts.run_action, _req(VERIFY, account_number="11111111", postcode="SW1A1AA"))
    assert e.value.type == ACTION_REJECTED and e.value.non_retryable and "11111111" not in e.value.message


async def test_a_missing_value_fails_before_any_request(acts: ActionActivities, fake_company: FakeCompany) -> None:
    with pytest.raises(ApplicationError) as e:
        await ActivityEnvironment().run(acts.run_action, _req())
    assert e.value.type == ACTION_MISSING_DATA and "account_id" in e.value.message
    assert fake_company.requests == []


async def test_an_unset_secret_or_base_url_is_a_configuration_error(fake_company: FakeCompany) -> None:
    no_env = ActionActivities(fake_company.url, env={})
    no_base = ActionActivities(None, env=ENV)
    for acts in (no_env, no_base):
        with pytest.raises(ApplicationError) as e:
            await ActivityEnvironment().run(acts.run_action, _req(account_id="AC-OK"))
        assert e.value.type == ACTION_MISCONFIGURED and e.value.non_retryable
        await acts.aclose()
    assert fake_company.requests == []


async def test_transport_error_is_retryable() -> None:
    acts = ActionActivities("http://127.0.0.1:9", env=ENV)  # nothing listens on the discard port
    with pytest.raises(ApplicationError) as e:
        await ActivityEnvironment().run(acts.run_action, _req(account_id="AC-OK"))
    assert e.value.type == ACTION_UNAVAILABLE and not e.value.non_retryable
    await acts.aclose()
