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
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter, PayloadCodec

from warmline.errors import EncryptionKeyError
from warmline.keys import Keyring, key_id, new_key, parse_keys

# The keys' parsing lives in the core (the settings check them at start); named here for the codec's users.
__all__ = ["EncryptionCodec", "EncryptionKeyError", "data_converter", "key_id", "new_key", "parse_keys"]

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


def data_converter(encryption_keys: str) -> DataConverter:
    """The project's converter: pydantic JSON, encrypted when keys are given."""
    keys = parse_keys(encryption_keys)
    if not keys:
        return pydantic_data_converter
    return dataclasses.replace(pydantic_data_converter, payload_codec=EncryptionCodec(keys))
