"""The Warmline HTTP API: gateway, agent and operator endpoints over the call workflows.

`uvicorn api.app:app`. Errors are always `{"detail": "..."}`: 401 no or unknown key,
403 a key of another role (api/deps.py), 404
unknown call, 409 wrong phase, 413 body over 1 MiB, 422 invalid input, 503 with
Retry-After while Temporal is unreachable.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from opentelemetry.sdk.trace import TracerProvider
from temporalio.service import RPCError, RPCStatusCode

from api import dashboard
from api.body_limit import BodyLimit
from api.deps import AppState, TemporalUnavailable
from api.desk import pages as desk_pages
from api.desk import routes as desk_routes
from api.responses import document_errors
from api.routers import (
    agents,
    callbacks,
    codec,
    gateway,
    health,
    live,
    operators,
    planning,
    prometheus,
    reviews,
    voicemail,
    zendesk,
)
from api.twilio.router import router as twilio_router
from runtime.collector import freeze_startup_objects
from runtime.logs import configure_logging
from runtime.tracing import configure_tracing, instrument_api, temporal_interceptors
from store.engine import dispose_all
from warmline.errors import EncryptionKeyError
from warmline.policy import PolicyError
from warmline.policy_file import load_policy
from warmline.settings import Settings, get_settings

log = structlog.get_logger("warmline.api")


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


def _unavailable(detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=503, headers={"Retry-After": "2"})


def create_app(settings: Settings | None = None, tracer_provider: TracerProvider | None = None) -> FastAPI:
    """The API. `tracer_provider` traces it (tests pass one with an in-memory exporter); without one, the
    process traces to WARMLINE_OTLP_ENDPOINT when that is set and not at all otherwise."""
    try:
        settings = settings or get_settings()
        policy = load_policy(settings.policy)
    except (PolicyError, ValueError) as e:
        print(f"warmline api: {e}", file=sys.stderr)
        raise SystemExit(2) from None
    tracing = tracer_provider or configure_tracing(settings, "warmline-api")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_level, settings.log_json)
        yield
        await dispose_all()
        if tracing is not None and tracer_provider is None:
            tracing.shutdown()  # flush the last spans of the process's own provider

    app = FastAPI(
        title="Warmline",
        version="1",
        summary="Voice AI answers first; humans take what needs judgment; the handoff is invisible.",
        lifespan=lifespan,
    )
    app.state.warmline = AppState(settings=settings, policy=policy, interceptors=temporal_interceptors(tracing))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _validation_message(exc)}, status_code=422)

    @app.exception_handler(TemporalUnavailable)
    async def no_temporal(request: Request, exc: TemporalUnavailable) -> JSONResponse:
        return _unavailable("Temporal is unreachable; retry shortly")

    @app.exception_handler(EncryptionKeyError)
    async def cannot_decrypt(request: Request, exc: EncryptionKeyError) -> JSONResponse:
        # A stored record under a key this process lacks: say which, never guess; the record stays as it is.
        log.error("stored record not readable", error=str(exc), path=request.url.path)
        return JSONResponse({"detail": f"{exc}; set the key it names in WARMLINE_ENCRYPTION_KEYS"}, status_code=500)

    @app.exception_handler(RPCError)
    async def rpc_error(request: Request, exc: RPCError) -> JSONResponse:
        if exc.status in (RPCStatusCode.UNAVAILABLE, RPCStatusCode.DEADLINE_EXCEEDED, RPCStatusCode.RESOURCE_EXHAUSTED):
            return _unavailable(f"Temporal is unavailable ({exc.status.name}); retry shortly")
        log.error("temporal error", status=exc.status.name, message=exc.message, path=request.url.path)
        return JSONResponse({"detail": f"Temporal error: {exc.status.name}"}, status_code=502)

    for r in (health.router, gateway.router, gateway.reader, agents.router, operators.router, prometheus.router):
        app.include_router(r)
    app.include_router(twilio_router)  # Twilio's webhooks and relay: signed by Twilio, no API key
    app.include_router(desk_routes.router)  # the agent desk: per-agent tokens, no API key
    app.include_router(zendesk.router)  # Zendesk's wrap-up webhook: signed by Zendesk, no API key
    app.include_router(desk_pages.router)
    app.mount("/desk/static", desk_pages.static, name="desk-static")
    app.include_router(reviews.router)
    app.include_router(planning.router)
    app.include_router(live.router)
    app.include_router(dashboard.router)  # the page is open; its data calls need the operator key
    app.include_router(codec.router)
    for r in (callbacks.gateway, callbacks.reports, callbacks.operators, voicemail.router):
        app.include_router(r)
    origins = [o.strip() for o in settings.codec_cors_origins.split(",") if o.strip()]
    app.add_middleware(BodyLimit)  # before any route reads a body (api/body_limit.py)
    app.add_middleware(codec.CodecCORS, origins=origins)  # the Temporal UI calls /codec from its own origin
    document_errors(app)  # 401/404/409/413/422/503 in the OpenAPI schema
    if tracing is not None:
        instrument_api(app, tracing)  # outermost: the HTTP span covers every middleware
    return app


app = create_app()
freeze_startup_objects()  # FastAPI, the policy, the SDK: built once, never garbage (runtime/collector.py)
