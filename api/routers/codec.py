"""Codec server for the Temporal Web UI and CLI: `/codec/encode` and `/codec/decode` (contract "Security").

Speaks Temporal's codec-server JSON (a `Payloads` message in protobuf JSON:
`{"payloads": [{"metadata": {"encoding": "<base64>"}, "data": "<base64>"}]}`),
so operators read encrypted calls in the UI (`--ui-codec-endpoint`) or with
`temporal workflow show --codec-endpoint ... --codec-auth "Bearer <operator key>"`.
Operator keys only; CORS is opened for the UI's origins on these two paths and
nowhere else.
"""

from __future__ import annotations

import base64
import binascii
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from google.protobuf.message import DecodeError
from pydantic import BaseModel, Field, field_validator
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send
from temporalio.api.common.v1 import Payload

from api.deps import State, require_operator_key
from api.responses import ApiError
from runtime.codec import EncryptionCodec, EncryptionKeyError, parse_keys

PREFIX = "/codec"

router = APIRouter(prefix=PREFIX, tags=["operators"], dependencies=[Depends(require_operator_key)])

_NOT_CONFIGURED: dict[int | str, dict[str, Any]] = {
    404: {"model": ApiError, "description": "encryption is not configured (WARMLINE_ENCRYPTION_KEYS unset)"},
}


def _b64(value: str) -> bytes:
    # Protobuf JSON writes standard base64 and accepts the URL-safe alphabet and missing padding too.
    text = value.strip().replace("-", "+").replace("_", "/")
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


class CodecPayload(BaseModel):
    metadata: dict[str, str] = Field(default_factory=dict, description="metadata values, base64")
    data: str = Field(default="", description="payload bytes, base64")

    @field_validator("data")
    @classmethod
    def _data_b64(cls, v: str) -> str:
        try:
            _b64(v)
        except (binascii.Error, ValueError):
            raise ValueError("not base64") from None
        return v

    @field_validator("metadata")
    @classmethod
    def _metadata_b64(cls, v: dict[str, str]) -> dict[str, str]:
        for key, value in v.items():
            try:
                _b64(value)
            except (binascii.Error, ValueError):
                raise ValueError(f"{key}: not base64") from None
        return v

    def to_proto(self) -> Payload:
        return Payload(metadata={k: _b64(v) for k, v in self.metadata.items()}, data=_b64(self.data))

    @classmethod
    def of(cls, p: Payload) -> CodecPayload:
        enc = base64.b64encode
        return cls(metadata={k: enc(v).decode() for k, v in p.metadata.items()}, data=enc(p.data).decode())


class CodecPayloads(BaseModel):
    payloads: list[CodecPayload] = Field(default_factory=list, max_length=10_000)


@lru_cache(maxsize=8)
def _codec(keys: str) -> EncryptionCodec | None:
    parsed = parse_keys(keys)
    return EncryptionCodec(parsed) if parsed else None


def codec_of(state: State) -> EncryptionCodec:
    codec = _codec(state.settings.encryption_keys.get_secret_value())
    if codec is None:
        raise HTTPException(404, "encryption is not configured: set WARMLINE_ENCRYPTION_KEYS")
    return codec


Codec = Annotated[EncryptionCodec, Depends(codec_of)]


@router.post("/encode", response_model=CodecPayloads, responses=_NOT_CONFIGURED)
async def encode(body: CodecPayloads, codec: Codec) -> CodecPayloads:
    """Encrypt payloads with the current (first) key."""
    return CodecPayloads(payloads=[CodecPayload.of(codec.encrypt(p.to_proto())) for p in body.payloads])


@router.post("/decode", response_model=CodecPayloads, responses=_NOT_CONFIGURED)
async def decode(body: CodecPayloads, codec: Codec) -> CodecPayloads:
    """Decrypt payloads; one under a key this API lacks (or tampered with) comes back still encrypted."""
    out = []
    for p in body.payloads:
        proto = p.to_proto()
        try:
            proto = codec.decrypt(proto)
        except (EncryptionKeyError, DecodeError):
            pass  # the UI shows it as binary/encrypted with its key id, and the rest of the page still decodes
        out.append(CodecPayload.of(proto))
    return CodecPayloads(payloads=out)


class CodecCORS:
    """CORS for the Temporal UI's origins on `/codec` only; every other path is untouched."""

    def __init__(self, app: ASGIApp, origins: list[str]) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app,
            allow_origins=origins,
            allow_methods=["POST", "OPTIONS"],
            allow_headers=["authorization", "content-type", "x-namespace"],
            allow_credentials=True,
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (scope["path"] == PREFIX or scope["path"].startswith(PREFIX + "/")):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)
