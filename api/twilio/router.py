"""All Twilio endpoints under `/twilio`, one router for `create_app` to include."""

from __future__ import annotations

from fastapi import APIRouter

from api.twilio import dial, gather, hold, relay, ring_agent, status, taskrouter, voice, voicemail

router = APIRouter(tags=["twilio"])
for _module in (voice, gather, status, relay, hold, dial, taskrouter, ring_agent, voicemail):
    router.include_router(_module.router)
