"""Every Twilio request carries a valid `X-Twilio-Signature` over the public URL, or gets 403 and starts nothing."""

from __future__ import annotations

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from tests.fakes.twilio import Signing
from tests.twilio.conftest import PUBLIC_URL, Gateway, MakeGateway

WEBHOOKS = [
    "/twilio/voice",
    "/twilio/gather",
    "/twilio/connect-action",
    "/twilio/status",
    "/twilio/dial-action",
    "/twilio/dial-status",
    "/twilio/taskrouter-events",
]


async def _call_exists(gateway: Gateway, call_id: str) -> bool:
    return (await gateway.api.get(f"/v1/calls/{call_id}")).status_code == 200


@pytest.mark.parametrize("signing", ["bad", None], ids=["wrong", "missing"])
@pytest.mark.parametrize("path", WEBHOOKS)
async def test_unsigned_webhook_is_403_and_starts_nothing(gateway: Gateway, path: str, signing: Signing) -> None:
    call = gateway.twilio.call()
    r = await gateway.twilio.post(PUBLIC_URL + path, call.params(CallStatus="ringing"), signing)
    assert r.status_code == 403 and "X-Twilio-Signature" in r.json()["detail"]
    assert not await _call_exists(gateway, call.sid)


async def test_signature_over_another_url_than_the_public_one_is_403(gateway: Gateway) -> None:
    call = gateway.twilio.call()
    local = gateway.url + "/twilio/voice"  # what the app sees behind the proxy, not what Twilio was given
    r = await gateway.twilio.post(local, call.params(CallStatus="ringing"))
    assert r.status_code == 403 and not await _call_exists(gateway, call.sid)


async def test_tampered_parameters_are_403(gateway: Gateway) -> None:
    call = gateway.twilio.call()
    params = call.params(CallStatus="ringing")
    headers = gateway.twilio.headers(PUBLIC_URL + "/twilio/voice", params, "valid")
    r = await gateway.api.post("/twilio/voice", data={**params, "From": "+15559999999"}, headers=headers)
    assert r.status_code == 403 and not await _call_exists(gateway, call.sid)


async def test_without_an_auth_token_every_twilio_request_is_403(make_gateway: MakeGateway) -> None:
    async with make_gateway(twilio_auth_token=None) as gw:
        call = gw.twilio.call()
        assert (await call.incoming()).status_code == 403
        assert not await _call_exists(gw, call.sid)


@pytest.mark.parametrize("signing", ["bad", None], ids=["wrong", "missing"])
async def test_relay_handshake_without_a_valid_signature_is_403(gateway: Gateway, signing: Signing) -> None:
    url = "wss://warmline.example.test/twilio/relay"
    headers = gateway.twilio.headers(url, {}, signing)
    with pytest.raises(InvalidStatus) as refused:
        async with connect(gateway.twilio.local(url), additional_headers=headers, open_timeout=10):
            pass
    assert refused.value.response.status_code == 403


async def test_relay_handshake_signed_over_the_public_wss_url_is_accepted(gateway: Gateway) -> None:
    url = "wss://warmline.example.test/twilio/relay"
    async with connect(gateway.twilio.local(url), additional_headers=gateway.twilio.headers(url, {}, "valid")) as ws:
        await ws.send('{"type": "dtmf", "digit": "1"}')  # before setup: logged and ignored, the socket stays open
        await ws.ping()
