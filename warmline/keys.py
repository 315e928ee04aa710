"""`WARMLINE_ENCRYPTION_KEYS`: comma-separated base64 AES-256 keys, parsed, named and used without showing them.

In the core because the settings refuse a bad key at start, before any codec
exists; the Temporal payload codec (runtime/codec.py) and the store's encryption
at rest (store/sealing.py) seal with the same `Keyring`, so one key list and one
rotation rule serve both: the first key seals, every key opens, each sealed
value names its key by id.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from warmline.errors import EncryptionKeyError

NONCE_BYTES = 12


def key_id(key: bytes) -> str:
    """A stable, non-secret name for a key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(key).hexdigest()[:16]


def parse_keys(value: str) -> list[bytes]:
    """Decode comma-separated base64 AES-256 keys; raises `EncryptionKeyError` naming the bad one (by position)."""
    keys: list[bytes] = []
    for i, part in enumerate(p.strip() for p in value.split(",")):
        if not part:
            continue
        try:
            key = base64.b64decode(part, validate=True)
        except (binascii.Error, ValueError):
            raise EncryptionKeyError(f"WARMLINE_ENCRYPTION_KEYS[{i}]: not valid base64") from None
        if len(key) != 32:
            raise EncryptionKeyError(
                f"WARMLINE_ENCRYPTION_KEYS[{i}]: an AES-256 key is 32 bytes, got {len(key)} "
                "(make one with: python -c 'import os,base64; print(base64.b64encode(os.urandom(32)).decode())')"
            )
        keys.append(key)
    return keys


def new_key() -> str:
    """A fresh random key, base64, ready for `WARMLINE_ENCRYPTION_KEYS`."""
    return base64.b64encode(os.urandom(32)).decode()


class Keyring:
    """AES-256-GCM under the first key, opened with any; the key id is the associated data."""

    def __init__(self, keys: Sequence[bytes]) -> None:
        if not keys:
            raise EncryptionKeyError("an encryption codec needs at least one key")
        self.encrypt_id = key_id(keys[0])
        self._ciphers = {key_id(k): AESGCM(bytes(k)) for k in keys}

    @property
    def key_ids(self) -> list[str]:
        """The ids this keyring can open, the sealing one first."""
        return [self.encrypt_id, *(k for k in self._ciphers if k != self.encrypt_id)]

    def seal(self, plain: bytes) -> tuple[str, bytes]:
        """`plain` sealed under the first key: its id, and nonce + ciphertext."""
        kid = self.encrypt_id
        nonce = os.urandom(NONCE_BYTES)
        return kid, nonce + self._ciphers[kid].encrypt(nonce, plain, kid.encode())

    def open(self, kid: str, data: bytes, what: str) -> bytes:
        """What `seal` sealed under key `kid`; `EncryptionKeyError` names `what` and the key when it cannot."""
        cipher = self._ciphers.get(kid)
        if cipher is None:
            raise EncryptionKeyError(f"{what} encrypted with key {kid!r}, which is not in WARMLINE_ENCRYPTION_KEYS")
        try:
            return cipher.decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], kid.encode())
        except InvalidTag:
            raise EncryptionKeyError(f"{what} under key {kid!r} failed authentication (tampered or corrupt)") from None
