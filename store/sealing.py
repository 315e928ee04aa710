"""Callers' words encrypted at rest: the fields of a stored document that hold them, sealed with the line's keys.

A call's record, a desk offer's context and a callback's record carry the transcript, and with it the
summary, the actions' details and an agent's notes, which quote the caller. With
`WARMLINE_ENCRYPTION_KEYS` set, those fields move into one `sealed` entry, AES-256-GCM
under the first key with its key id beside it (`warmline.keys.Keyring`, the Temporal
payload codec's keys and rotation rule). The indexed columns the queries filter on
(times, outcome, queue, intent, reason) stay clear, so no column changes type and no
migration is needed. Reads open the entry with any key. Without keys documents are
written clear, as before; a clear document always reads back. A sealed document this
process cannot open (no keys, or not its key) raises `EncryptionKeyError` naming the
key id, and nothing is overwritten.

Which keys a database uses is set once per process, by the worker and the API, from
their settings (`use_keys`); the store's functions find them by the engine's URL.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from warmline.errors import EncryptionKeyError
from warmline.keys import Keyring, parse_keys

SEALED = "sealed"
# The fields that hold the caller's words, or words quoting them.
RECORD_FIELDS = ("transcript", "actions", "disposition_notes", "reason_detail")
CONTEXT_FIELDS = ("transcript", "summary", "actions", "escalation", "callback")  # a callback's voicemail
CALLBACK_FIELDS = ("voicemail",)  # the caller's message: its transcript
TURN_FIELDS = ("understanding", "steps")  # a turn's log: the reply and actions read, the lookups' details

Document = dict[str, Any]


class Sealer:
    """Seals and opens documents' caller fields; with no keyring it writes clear."""

    def __init__(self, ring: Keyring | None) -> None:
        self.ring = ring

    def seal(self, doc: Document, fields: Sequence[str]) -> Document:
        if self.ring is None:
            return doc
        hidden = {f: doc[f] for f in fields if f in doc}
        kid, data = self.ring.seal(json.dumps(hidden, separators=(",", ":")).encode())
        clear = {k: v for k, v in doc.items() if k not in hidden}
        return {**clear, SEALED: {"key_id": kid, "data": base64.b64encode(data).decode()}}

    def open(self, doc: Document) -> Document:
        box = doc.get(SEALED)
        if not isinstance(box, dict):
            return doc  # written clear (no keys then)
        kid = str(box.get("key_id", ""))
        if self.ring is None:
            raise EncryptionKeyError(
                f"a stored record is encrypted with key {kid!r}, but WARMLINE_ENCRYPTION_KEYS is not set"
            )
        plain = self.ring.open(kid, base64.b64decode(str(box.get("data", ""))), "a stored record")
        clear = {k: v for k, v in doc.items() if k != SEALED}
        return {**clear, **json.loads(plain)}


CLEAR = Sealer(None)
_by_url: dict[URL, Sealer] = {}


def use_keys(database_url: str, encryption_keys: str) -> None:
    """Seal what this process writes to `database_url` with `encryption_keys` (none: clear) and open with them."""
    keys = parse_keys(encryption_keys)
    _by_url[make_url(database_url)] = Sealer(Keyring(keys)) if keys else CLEAR


def sealer(engine: AsyncEngine) -> Sealer:
    """The sealer for the database `engine` reaches (clear unless `use_keys` named keys for it)."""
    return _by_url.get(engine.url, CLEAR)
