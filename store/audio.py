"""Where base64 audio waits for the `transcribe` activity, so audio never enters workflow history.

The API writes the decoded bytes under a key made from the turn and their hash; the worker's activity reads
them and deletes them once transcribed, and the API once the turn is over. API and worker share the directory
(`WARMLINE_AUDIO_DIR`, default data/audio; a shared volume in compose). Keys are
checked against one pattern, so a key can never name a path outside the directory.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from pathlib import Path

_KEY = re.compile(r"^[0-9a-f]{32}\.[a-z0-9]{2,5}$")


class AudioStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        if not _KEY.match(key):
            raise KeyError(f"not an audio key: {key!r}")
        return self.root / key

    def put(self, data: bytes, fmt: str, scope: str = "") -> str:
        """Store one utterance's audio; returns its key.

        The key hashes `scope` (the call and turn id) with the bytes, so a retried turn writes the
        same file and two calls never share one (each deletes its own when done).
        """
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256(scope.encode() + b"\0" + data).hexdigest()
        key = f"{digest[:32]}.{fmt}"
        tmp = self.root / f".{key}.{os.getpid()}.part"
        tmp.write_bytes(data)
        tmp.replace(self._path(key))  # readers never see half a file
        return key

    def get(self, key: str) -> bytes:
        """The audio, or `KeyError` when it is unknown or gone."""
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise KeyError(f"no audio {key!r}") from None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def sweep(self, older_than_s: float, now: float | None = None) -> int:
        """Delete audio (and half-written parts) older than `older_than_s`: what a crash left behind.

        The worker runs this at start; a turn's audio lives for seconds, so an hour-old file has no reader.
        """
        if not self.root.is_dir():
            return 0
        cutoff = (time.time() if now is None else now) - older_than_s
        removed = 0
        for p in self.root.iterdir():
            if p.is_file() and (_KEY.match(p.name) or p.name.endswith(".part")) and p.stat().st_mtime < cutoff:
                p.unlink(missing_ok=True)
                removed += 1
        return removed
