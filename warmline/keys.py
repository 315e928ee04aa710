"""`WARMLINE_ENCRYPTION_KEYS`: comma-separated base64 AES-256 keys, parsed and named without showing them.

In the core because the settings refuse a bad key at start, before any codec
exists; the codec itself (runtime/codec.py) uses the same parsing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os

from warmline.errors import EncryptionKeyError


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
