"""All Twilio endpoints under `/twilio`, one router for `create_app` to include."""

from __future__ import annotations

from fastapi import APIRouter

from api.twilio import gather, hold, relay, status, voice

router = APIRouter(tags=["twilio"])
for _module in (voice, gather, status, relay, hold):
    router.include_router(_module.router)
