"""Dialog-act phrasing set: caller turns labelled with the acts they contain, for an embedding classifier.

Why this exists: the regexes in `activities/understanding/acts.py` know a few dozen stock phrasings and
miss most real ones ("any chance somebody on your side could look at this?"). This package ships a broad,
domain-independent set of labelled caller turns so a classifier over all-MiniLM-L6-v2 sentence embeddings
can learn the acts instead.

- `acts.jsonl` — the merged set, one row a line: text, acts (zero or more of `ACTS`), context (what the
  AI did just before: one of `CONTEXTS`), source, split ("train"/"dev"). Rows with no act matter as much
  as the others: task requests, chit-chat and near-misses ("my neighbour spoke to someone").
- `sources/*.jsonl` — trimmed extracts of public corpora (licences in `sources/LICENSES.md`), written by
  `extract.py`; `own.yaml` — our own writing. `build.py` merges them into `acts.jsonl` deterministically.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES_DIR = HERE / "sources"
OWN_PATH = HERE / "own.yaml"
ACTS_PATH = HERE / "acts.jsonl"

ACTS: tuple[str, ...] = (
    "request_human",
    "not_resolved",
    "affirm",
    "deny",
    "thanks",
    "goodbye",
    "greeting",
    "vague",
)
CONTEXTS: tuple[str, ...] = ("none", "answer", "clarify", "offer")
SPLITS: tuple[str, ...] = ("train", "dev")


@dataclass(frozen=True)
class ActRow:
    """One labelled caller turn. `acts` is sorted and may be empty (the turn carries no dialog act)."""

    text: str
    acts: tuple[str, ...]
    context: str
    source: str
    split: str


def load_acts(split: str | None = None, path: Path = ACTS_PATH) -> list[ActRow]:
    """The committed phrasing set, optionally only one split ("train" or "dev"), in file order."""
    if split is not None and split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS} or None, not {split!r}")
    rows: list[ActRow] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            row = ActRow(d["text"], tuple(d["acts"]), d["context"], d["source"], d["split"])
            if split is None or row.split == split:
                rows.append(row)
    return rows


__all__ = ["ACTS", "ACTS_PATH", "CONTEXTS", "OWN_PATH", "SOURCES_DIR", "SPLITS", "ActRow", "load_acts"]
