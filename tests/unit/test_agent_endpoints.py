"""Agents' own phones in WARMLINE_AGENT_TOKENS, and the Twilio settings ringing them needs: refused at start,
naming the entry or the variables."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from warmline.agent_tokens import parse_tokens
from warmline.settings import Settings

SID = "AC" + "1" * 32


@pytest.mark.parametrize(
    ("entry", "endpoint"),
    [
        ("ann:ann-token-1:billing", None),
        ("ann:ann-token-1:billing:+447700900001", "+447700900001"),
        ("ann:ann-token-1:billing+plans:sip:ann@pbx.example", "sip:ann@pbx.example"),
        ("ann:ann-token-1::client:ann", "client:ann"),
    ],
)
def test_an_agent_may_have_a_number_a_sip_uri_or_a_client_identity(entry: str, endpoint: str | None) -> None:
    agent = parse_tokens(entry)["ann-token-1"]
    assert agent.agent_id == "ann" and agent.endpoint == endpoint


@pytest.mark.parametrize("endpoint", ["07700900001", "+0123", "sip:nohost", "client:", "tel:+447700900001"])
def test_a_bad_endpoint_is_refused_naming_the_entry(endpoint: str) -> None:
    with pytest.raises(ValueError, match=r"entry 2 \(bob\): the endpoint must be"):
        parse_tokens(f"ann:ann-token-1:billing,bob:bob-token-2:billing:{endpoint}")
    with pytest.raises(ValidationError, match="entry 1"):
        Settings(agent_tokens=f"bob:bob-token-2:billing:{endpoint}")


def test_endpoints_on_the_twilio_desk_need_the_account_sid_named_with_the_tokens() -> None:
    tokens = "ann:ann-token-1:billing:+447700900001"
    with pytest.raises(ValueError, match=r"WARMLINE_AGENT_TOKENS .* needs WARMLINE_TWILIO_ACCOUNT_SID"):
        Settings(agent_tokens=tokens, twilio_auth_token="tok").check()
    assert Settings(agent_tokens=tokens, twilio_auth_token="tok", twilio_account_sid=SID).check().rings_agents == SID
    # Without the Twilio gateway, or with another helpdesk, nothing is rung and nothing more is needed.
    assert Settings(agent_tokens=tokens).check().rings_agents is None
    zendesk = Settings(agent_tokens=tokens, twilio_auth_token="tok", helpdesk="zendesk").check()
    assert zendesk.rings_agents is None


def test_the_twilio_settings_are_checked_at_start() -> None:
    with pytest.raises(ValidationError, match="twilio_account_sid"):
        Settings(twilio_account_sid="not-a-sid")
    with pytest.raises(ValidationError, match="WARMLINE_TWILIO_API_BASE must be an http"):
        Settings(twilio_api_base="api.twilio.com")
    assert Settings().twilio_api_base == "https://api.twilio.com"
