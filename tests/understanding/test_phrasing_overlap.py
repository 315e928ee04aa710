"""No phrasing set borrows the evaluation's words: the lines' calls measure the understanding only while
none of their text was written into what it is trained on (docs/understanding.md, "How honest the figures are").

A row shares a span with a call when, both lower-cased with punctuation dropped, they have 30 characters in
common. The message names the row and the line, never the call's words (some lines are held out).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from activities.understanding.acts_data import ACTS_PATH, OWN_PATH, SOURCES_DIR
from activities.understanding.background import CHATTER, CHATTER_OWN, PHRASES
from activities.understanding.mood import UPSET
from eval.calls import read_yaml

ROOT = Path(__file__).resolve().parents[2]
SPAN = 30
# Public-corpus rows written years before the calls, whose everyday openings a call happens to share
# ("what's the weather going to be like", "can you tell me what time the ..."): not copied from a call.
PUBLIC_COINCIDENCES = {
    "PDA, What is the weather going to be like on March 20th 2017?",
    "Can you tell me what time the show starts and where the theater is located?",
}


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", text.lower().replace("'", "")).split())


def _call_spans() -> dict[str, set[str]]:
    """Every 30-character span of every call turn, with the lines it occurs in."""
    files = sorted((ROOT / "eval" / "conversations").glob("*.yaml"))
    files += sorted((ROOT / "eval" / "lines").glob("*/calls.yaml"))
    spans: dict[str, set[str]] = {}
    for path in files:
        line = path.parent.name if path.name == "calls.yaml" else path.stem
        for call in read_yaml(path)["calls"]:  # libyaml's loader: every line's calls, ~15 s the pure-Python way
            for turn in call["turns"]:
                text = _norm(turn if isinstance(turn, str) else turn["text"])
                for i in range(len(text) - SPAN + 1):
                    spans.setdefault(text[i : i + SPAN], set()).add(line)
    return spans


def _phrasing_rows() -> list[tuple[str, str]]:
    """(file, row) for every phrasing the understanding is trained or calibrated on."""
    rows: list[tuple[str, str]] = []
    for group in yaml.safe_load(OWN_PATH.read_text(encoding="utf-8"))["groups"]:
        rows += [(OWN_PATH.name, t) for t in str(group["texts"]).splitlines() if t.strip()]
    upset = yaml.safe_load(UPSET.read_text(encoding="utf-8"))
    rows += [(UPSET.name, t) for block in upset.values() for t in str(block).splitlines() if t.strip()]
    rows += [(CHATTER_OWN.name, t) for t in CHATTER_OWN.read_text(encoding="utf-8").splitlines() if t.strip()]
    for path in [ACTS_PATH, CHATTER, PHRASES, *sorted(SOURCES_DIR.glob("*.jsonl"))]:
        rows += [(path.name, json.loads(ln)["text"]) for ln in path.read_text(encoding="utf-8").splitlines() if ln]
    return rows


def test_no_phrasing_row_shares_a_30_character_span_with_any_call():
    spans = _call_spans()
    assert len(spans) > 10_000  # the calls were found
    shared = []
    for name, row in _phrasing_rows():
        text = _norm(row)
        lines = set().union(*(spans.get(text[i : i + SPAN], set()) for i in range(len(text) - SPAN + 1)))
        if lines and row not in PUBLIC_COINCIDENCES:
            shared.append(f"{name}: {row!r} shares a {SPAN}-character span with {sorted(lines)}")
    assert not shared, "rewrite these rows in your own words:\n" + "\n".join(shared)


def test_the_check_catches_a_copied_phrase():
    spans = _call_spans()
    some_span = next(iter(spans))
    assert any(_norm(f"well {some_span} really")[i : i + SPAN] in spans for i in range(10))
