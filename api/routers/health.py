"""Liveness: 200 when the API can reach Temporal (no key needed)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import State

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz(state: State) -> JSONResponse:
    client = await state.temporal()
    ok = await client.service_client.check_health()
    if not ok:
        return JSONResponse({"status": "temporal unhealthy"}, status_code=503, headers={"Retry-After": "2"})
    return JSONResponse({"status": "ok", "policy_version": state.policy.version})
