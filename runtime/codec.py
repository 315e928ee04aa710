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
import os
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter, PayloadCodec

from warmline.errors import EncryptionKeyError
from warmline.keys import key_id, new_key, parse_keys

# The keys' parsing lives in the core (the settings check them at start); named here for the codec's users.
__all__ = ["EncryptionCodec", "EncryptionKeyError", "data_converter", "key_id", "new_key", "parse_keys"]

ENCODING = b"binary/encrypted"
KEY_ID = "encryption-key-id"
NONCE_BYTES = 12


class EncryptionCodec(PayloadCodec):
    """AES-256-GCM over the whole serialized payload (metadata included); the key id is the associated data."""

    def __init__(self, keys: Sequence[bytes]) -> None:
        if not keys:
            raise EncryptionKeyError("an encryption codec needs at least one key")
        self._encrypt_id = key_id(keys[0])
        self._ciphers = {key_id(k): AESGCM(bytes(k)) for k in keys}

    @property
    def key_ids(self) -> list[str]:
        """The ids this codec can decrypt, the encrypting one first."""
        return [self._encrypt_id, *(k for k in self._ciphers if k != self._encrypt_id)]

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self.encrypt(p) for p in payloads]

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self.decrypt(p) for p in payloads]

    def encrypt(self, payload: Payload) -> Payload:
        kid = self._encrypt_id
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._ciphers[kid].encrypt(nonce, payload.SerializeToString(), kid.encode())
        return Payload(metadata={"encoding": ENCODING, KEY_ID: kid.encode()}, data=nonce + sealed)

    def decrypt(self, payload: Payload) -> Payload:
        if payload.metadata.get("encoding") != ENCODING:
            return payload  # written before encryption was turned on
        kid = payload.metadata.get(KEY_ID, b"").decode()
        cipher = self._ciphers.get(kid)
        if cipher is None:
            raise EncryptionKeyError(f"payload encrypted with key {kid!r}, which is not in WARMLINE_ENCRYPTION_KEYS")
        data = payload.data
        try:
            plain = cipher.decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], kid.encode())
        except InvalidTag:
            raise EncryptionKeyError(f"payload under key {kid!r} failed authentication (tampered or corrupt)") from None
        out = Payload()
        out.ParseFromString(plain)
        return out


def data_converter(encryption_keys: str) -> DataConverter:
    """The project's converter: pydantic JSON, encrypted when keys are given."""
    keys = parse_keys(encryption_keys)
    if not keys:
        return pydantic_data_converter
    return dataclasses.replace(pydantic_data_converter, payload_codec=EncryptionCodec(keys))
