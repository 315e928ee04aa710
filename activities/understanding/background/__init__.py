"""Off-policy phrasings: what callers of *other* services ask, the background out-of-scope is judged against.

A turn is out of scope when it is about something the policy does not cover. "Unknown words" cannot
say that (a caller's neighbour, town or sign-off is not a topic), so the embedded back-end learns it by
meaning instead: the policy's query types are classes of its intent head, and these phrasings, minus any
that resemble the policy's own examples, are one more class, "about something else" (`classifier.py`).
They come from public corpora (LICENSES.md); `extract.py` rebuilds `phrases.jsonl` from them.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

PHRASES = Path(__file__).resolve().parent / "phrases.jsonl"
# Small talk, people and places: the "chatter" class, which keeps such turns from reading as off-policy.
CHATTER = Path(__file__).resolve().parent / "chatter.jsonl"
CHATTER_OWN = Path(__file__).resolve().parent / "chatter_own.txt"


def _texts(path: Path) -> tuple[str, ...]:
    with path.open(encoding="utf-8") as f:
        return tuple(json.loads(line)["text"] for line in f if line.strip())


@cache
def background_phrases() -> tuple[str, ...]:
    """The shipped off-policy phrasings, in file order."""
    return _texts(PHRASES)


@cache
def chatter_phrases() -> tuple[str, ...]:
    """The shipped small-talk phrasings, in file order."""
    return _texts(CHATTER)
