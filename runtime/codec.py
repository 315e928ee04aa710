"""Encrypting every Temporal payload with AES-256-GCM (contract "Security").

`WARMLINE_ENCRYPTION_KEYS` holds comma-separated base64 keys of 32 bytes. The
first key encrypts; every key decrypts, so keys rotate by putting a new key first
and keeping the old ones until no running call's history needs them. Each
encrypted payload names its key in the metadata (`encryption-key-id`, a hash of
the key, never the key itself). Payloads that were never encrypted pass through
decode unchanged, so histories from before encryption stay readable.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from temporalio.api.common.v1 import Payload
from temporalio.contrib.pydantic import PydanticPayloadConverter
from temporalio.converter import CompositePayloadConverter, DataConverter, PayloadCodec

from warmline.errors import EncryptionKeyError
from warmline.keys import Keyring, key_id, new_key, parse_keys

# The keys' parsing lives in the core (the settings check them at start); named here for the codec's users.
__all__ = [
    "PYDANTIC",
    "EncryptionCodec",
    "EncryptionKeyError",
    "SharedPydanticPayloadConverter",
    "data_converter",
    "key_id",
    "new_key",
    "parse_keys",
]

ENCODING = b"binary/encrypted"
KEY_ID = "encryption-key-id"


class EncryptionCodec(PayloadCodec):
    """AES-256-GCM over the whole serialized payload (metadata included); the key id is the associated data."""

    def __init__(self, keys: Sequence[bytes]) -> None:
        self._ring = Keyring(keys)

    @property
    def key_ids(self) -> list[str]:
        """The ids this codec can decrypt, the encrypting one first."""
        return self._ring.key_ids

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self.encrypt(p) for p in payloads]

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self.decrypt(p) for p in payloads]

    def encrypt(self, payload: Payload) -> Payload:
        kid, data = self._ring.seal(payload.SerializeToString())
        return Payload(metadata={"encoding": ENCODING, KEY_ID: kid.encode()}, data=data)

    def decrypt(self, payload: Payload) -> Payload:
        if payload.metadata.get("encoding") != ENCODING:
            return payload  # written before encryption was turned on
        kid = payload.metadata.get(KEY_ID, b"").decode()
        out = Payload()
        out.ParseFromString(self._ring.open(kid, payload.data, "payload"))
        return out


class SharedPydanticPayloadConverter(PydanticPayloadConverter):
    """The SDK's pydantic payload converter, its encoding converters built once per process.

    The worker builds a new `DataConverter`, and with it a new payload converter, twice around every
    workflow activation (the SDK's `_CommandAwareDataConverter.create`: once to decode the activation, once
    to encode its completion, four times a turn) only to run the codec over the payloads. Each
    `PydanticPayloadConverter()` made its own pydantic serializer and type-adapter cache, thrown away
    unused: ~30 us each, ~5 % of the worker's Python CPU per turn (bench/README.md, "Where a turn's
    worker CPU goes"). Here each instance is a fresh composite over the same converters: the same bytes
    either way (tests/unit/test_shared_converter.py), and one type-adapter cache (bounded, least recently
    used first) for every workflow and activity instead of one rebuilt per call.
    """

    def __init__(self) -> None:
        CompositePayloadConverter.__init__(self, *_ENCODING_CONVERTERS)


_ENCODING_CONVERTERS = tuple(PydanticPayloadConverter().converters.values())
PYDANTIC = DataConverter(payload_converter_class=SharedPydanticPayloadConverter)


def data_converter(encryption_keys: str) -> DataConverter:
    """The project's converter: pydantic JSON, encrypted when keys are given."""
    keys = parse_keys(encryption_keys)
    if not keys:
        return PYDANTIC
    return dataclasses.replace(PYDANTIC, payload_codec=EncryptionCodec(keys))
